// SPDX-License-Identifier: MIT
#include "StrategyInvocation.h"

#include "nix/NixEnvironment.h"
#include "util/FileTree.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>

namespace flakeoff {

QString StrategyInvocation::cliPath()
{
    const QString fromEnv = qEnvironmentVariable("FLAKEOFF_CLI");
    if (!fromEnv.isEmpty())
        return fromEnv;
    // Installed, the CLI sits beside the app; in a build tree the app is in src/app and the CLI
    // in src/cli (the desktop app runs cargo2nix's offline Cargo.nix step with it too).
    const QString dir = QCoreApplication::applicationDirPath();
    const QStringList candidates{dir + QStringLiteral("/flakeoff-cli"),
                                 dir + QStringLiteral("/../cli/flakeoff-cli")};
    for (const QString &candidate : candidates)
        if (QFileInfo(candidate).isExecutable())
            return QFileInfo(candidate).canonicalFilePath();
    return NixEnvironment::findProgram(QStringLiteral("flakeoff-cli"));
}

QString StrategyInvocation::fill(QString text) const
{
    text.replace(QStringLiteral("{scratch}"), scratch);
    text.replace(QStringLiteral("{source}"), source);
    text.replace(QStringLiteral("{strategyDir}"), strategy ? strategy->folder : QString());
    text.replace(QStringLiteral("{variants}"), variantsDir);
    if (text.contains(QStringLiteral("{flakeoff-cli}"))) {
        // Not found anywhere: the bare name, so the failure names the program that is missing.
        const QString cli = cliPath();
        text.replace(QStringLiteral("{flakeoff-cli}"), cli.isEmpty() ? QStringLiteral("flakeoff-cli") : cli);
    }
    text.replace(QStringLiteral("{system}"), system);
    text.replace(QStringLiteral("{nativeTargets}"), nativeTarget);
    text.replace(QStringLiteral("{flakeoffHome}"),
                 flakeoffHome.isEmpty() ? NixEnvironment::flakeoffHome() : flakeoffHome);
    return text;
}

QStringList StrategyInvocation::prepareArguments(const PrepareStep &step, QString *program) const
{
    QStringList argv;
    for (const QString &a : step.argv)
        argv << fill(a);
    const QString found =
        argv.front().startsWith(QLatin1Char('/')) ? argv.front() : NixEnvironment::findProgram(argv.front());
    *program = found.isEmpty() ? argv.front() : found;
    QStringList args = argv.mid(1);
    const StrategyLayout *l = strategy ? strategy->layout(layout) : nullptr;
    if (QFileInfo(argv.front()).fileName() == QLatin1String("nix") && !args.isEmpty() && l &&
        l->build.kind == StrategyBuild::Kind::Flake) {
        // `nix flake lock` and `nix run/shell/build` all take the flags after the subcommand;
        // after `--command` or `--` they would be the program's own arguments.
        int at = 1;
        if (args.front() == QLatin1String("flake") && args.size() > 1)
            at = 2;
        for (int i = 0; i < inputOverrides.size(); ++i)
            args.insert(at + i, inputOverrides.at(i));
    }
    return args;
}

bool StrategyInvocation::canInstantiateTogether() const
{
    const StrategyLayout *l = strategy ? strategy->layout(layout) : nullptr;
    return l && l->build.kind == StrategyBuild::Kind::File;
}

QStringList StrategyInvocation::instantiateArguments(const QStringList &targets, QString *program) const
{
    const StrategyLayout *l = strategy->layout(layout);
    if (l->build.kind == StrategyBuild::Kind::File) {
        *program = NixEnvironment::findProgram(QStringLiteral("nix-instantiate"));
        QStringList args{strategy->folder + QLatin1Char('/') + l->build.file};
        for (const auto &[name, value] : l->build.args)
            args << QStringLiteral("--arg") << name << fill(value);
        for (auto it = extraArgs.cbegin(); it != extraArgs.cend(); ++it)
            args << QStringLiteral("--arg") << it.key() << it.value();
        for (const QString &target : targets)
            args << QStringLiteral("-A")
                 << fill(QString(l->build.attribute).replace(QStringLiteral("{target}"), target));
        return args;
    }
    *program = NixEnvironment::findProgram(QStringLiteral("nix"));
    QStringList args{QStringLiteral("path-info"), QStringLiteral("--derivation")};
    args << inputOverrides;
    for (const QString &target : targets) {
        QString attr = l->build.attribute;
        attr.replace(QStringLiteral("${system}"), system).replace(QStringLiteral("${target}"), target);
        args << QStringLiteral(".#") + attr;
    }
    return args;
}

QStringList StrategyInvocation::buildArguments(const QString &target, const QStringList &nixOptions) const
{
    const StrategyLayout *l = strategy->layout(layout);
    QStringList args{QStringLiteral("build")};
    if (l->build.kind == StrategyBuild::Kind::File) {
        args << QStringLiteral("-f") << strategy->folder + QLatin1Char('/') + l->build.file;
        for (const auto &[name, value] : l->build.args)
            args << QStringLiteral("--arg") << name << fill(value);
        for (auto it = extraArgs.cbegin(); it != extraArgs.cend(); ++it)
            args << QStringLiteral("--arg") << it.key() << it.value();
        args << fill(QString(l->build.attribute).replace(QStringLiteral("{target}"), target));
    } else {
        QString attr = l->build.attribute;
        attr.replace(QStringLiteral("${system}"), system).replace(QStringLiteral("${target}"), target);
        args << inputOverrides << QStringLiteral(".#") + attr;
    }
    // -L before --log-format: after it, Nix 2.8 switches back to the progress bar.
    args << QStringLiteral("--json") << QStringLiteral("--no-link") << QStringLiteral("-L")
         << QStringLiteral("--log-format") << QStringLiteral("internal-json") << nixOptions;
    return args;
}

std::vector<PrepareStep> StrategyInvocation::prepareSteps() const
{
    std::vector<PrepareStep> steps;
    for (const auto &p : strategy->prepare) {
        if ((!p.layouts.isEmpty() && !p.layouts.contains(layout)) || !p.runsIn(offline))
            continue;
        if (p.forEach != QLatin1String("target-crate")) {
            steps.push_back(p);
            continue;
        }
        const auto fillDir = [](QStringList list, const QString &dir) {
            for (QString &item : list)
                item.replace(QStringLiteral("{crate.dir}"), dir);
            return list;
        };
        for (const QString &dir : targetCrateDirs) {
            PrepareStep one = p;
            one.name = QStringLiteral("%1 (%2)").arg(p.name, dir);
            one.argv = fillDir(p.argv, dir);
            one.inputs = fillDir(p.inputs, dir);
            one.produces = fillDir(p.produces, dir);
            steps.push_back(std::move(one));
        }
    }
    return steps;
}

std::vector<PrepareStep>
StrategyInvocation::duePrepareSteps(bool initial, const QMap<QString, QByteArray> &lastDigests) const
{
    std::vector<PrepareStep> due;
    for (auto &p : prepareSteps()) {
        bool run = false;
        if (p.when == QLatin1String("once") || p.when == QLatin1String("missing")) {
            run = initial;
            if (run && p.when == QLatin1String("missing"))
                run = std::any_of(p.produces.begin(), p.produces.end(), [&](const QString &f) {
                    return !QFileInfo::exists(scratch + QLatin1Char('/') + f);
                });
        } else if (p.when == QLatin1String("always")) {
            run = true;
        } else if (p.when == QLatin1String("changed")) {
            run = initial || lastDigests.value(p.name) != FileTree::digest(scratch, p.inputs);
        }
        if (run)
            due.push_back(std::move(p));
    }
    return due;
}

} // namespace flakeoff
