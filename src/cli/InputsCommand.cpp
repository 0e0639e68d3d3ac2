// SPDX-License-Identifier: MIT
#include "InputsCommand.h"

#include "CommandLine.h"

#include "nix/NixEnvironment.h"
#include "strategy/LocalInputStore.h"
#include "strategy/StrategyAvailability.h"
#include "strategy/StrategyCatalog.h"
#include "util/JsonFields.h"
#include "util/JsonFile.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <functional>
#include <optional>

namespace flakeoff::cli {

namespace {

using json = nlohmann::json;

void usage(FILE *out)
{
    std::fputs("usage: flakeoff-cli inputs <action> [options]\n"
               "\n"
               "Local flake inputs for strategies that build without a network ($FLAKEOFF_HOME/inputs and\n"
               "the stand-ins assembled from them in $FLAKEOFF_HOME/standins). Online, none is used.\n"
               "\n"
               "actions:\n"
               "  import [--no-assemble] PATH…   unpack tarballs / copy folders (NAME=PATH names one), then\n"
               "                                 assemble the stand-ins (variants/standins/assemble.sh)\n"
               "  list [--json]                  what is imported, with revisions, and the stand-ins\n"
               "  fetch --strategy ID            fetch a strategy's flake inputs with Nix (needs a network)\n"
               "                                 and import them\n",
               out);
}

QString recordLine(const LocalInputRecord &r)
{
    if (r.source.isEmpty())
        return QStringLiteral("%1  (a folder without a record: where it came from is unknown)").arg(r.name);
    QString line = r.words();
    if (!r.repository.isEmpty())
        line += QStringLiteral("  %1").arg(r.repository);
    line += QStringLiteral("\n      revision %1, sha256 %2")
                .arg(r.revision.isEmpty() ? QStringLiteral("unknown") : r.revision, r.sha256);
    line += QStringLiteral("\n      from %1, imported %2").arg(r.source, r.imported.toString(Qt::ISODate));
    if (!r.present)
        line += QStringLiteral("\n      its folder %1 is missing: import it again").arg(r.path);
    return line;
}

int importInputs(const QStringList &arguments)
{
    CommandLine commandLine(
        QStringLiteral("inputs import"),
        QStringLiteral("Imports flake inputs from tarballs (git archive, .tar[.gz|.xz|.bz2|.zst]) or folders "
                       "into $FLAKEOFF_HOME/inputs, "
                       "then assembles the offline stand-ins from them."));
    commandLine.addNixOption();
    QCommandLineParser &parser = commandLine.parser();
    const QCommandLineOption noAssembleOpt(
        QStringLiteral("no-assemble"),
        QStringLiteral("Only import; do not run variants/standins/assemble.sh."));
    parser.addOption(noAssembleOpt);
    parser.addPositionalArgument(QStringLiteral("PATH"),
                                 QStringLiteral("Tarballs or folders; NAME=PATH imports PATH as NAME."),
                                 QStringLiteral("PATH…"));
    if (const auto exit = commandLine.parse(arguments))
        return *exit;
    const QStringList paths = parser.positionalArguments();
    if (paths.isEmpty())
        return commandLine.fail(
            QStringLiteral("name at least one tarball or folder (e.g. ../shared/inputs/*)"), 2);

    const LocalInputStore store;
    int imported = 0;
    int failed = 0;
    for (const QString &argument : paths) {
        QString name;
        QString path = argument;
        if (const qsizetype eq = argument.indexOf(QLatin1Char('=')); eq > 0 && !QFileInfo::exists(argument)) {
            name = argument.left(eq);
            path = argument.mid(eq + 1);
        }
        const QFileInfo info(path);
        // A shell glob such as ../shared/inputs/* also names the folder's README: pass over it.
        if (info.isFile() && !LocalInputStore::isTarball(path)) {
            std::printf("skipped %s: not a tarball or folder\n", qPrintable(path));
            continue;
        }
        const auto result = store.importPath(path, name);
        if (!result.record) {
            ++failed;
            commandLine.say(result.error);
            continue;
        }
        ++imported;
        std::printf("imported %s\n    from %s\n    into %s\n", qPrintable(result.record->words()),
                    qPrintable(path), qPrintable(result.record->path));
        for (const QString &note : result.notes)
            std::printf("    note: %s\n", qPrintable(note));
    }
    if (imported == 0)
        return failed > 0 ? 1
                          : commandLine.fail(
                                QStringLiteral("nothing imported (no tarball or folder among the paths)"), 1);
    if (parser.isSet(noAssembleOpt)) {
        std::printf("stand-ins not assembled (--no-assemble)\n");
        return failed > 0 ? 1 : 0;
    }
    const QString script = LocalInputStore::defaultAssembleScript();
    std::printf("assembling the offline stand-ins: %s\n", qPrintable(script));
    std::fflush(stdout);
    const auto assembled = store.assembleStandins(script);
    if (!assembled.output.trimmed().isEmpty())
        std::printf("%s\n", qPrintable(assembled.output.trimmed()));
    if (!assembled.ok)
        return commandLine.fail(
            QStringLiteral("%1 inputs imported, but %2").arg(imported).arg(assembled.error), 1);
    std::printf("stand-ins in %s\n", qPrintable(store.standinsDir()));
    return failed > 0 ? 1 : 0;
}

int listInputs(const QStringList &arguments)
{
    CommandLine commandLine(
        QStringLiteral("inputs list"),
        QStringLiteral("Lists the imported flake inputs (with revisions) and the assembled stand-ins."));
    QCommandLineParser &parser = commandLine.parser();
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    parser.addOption(jsonOpt);
    if (const auto exit = commandLine.parse(arguments))
        return *exit;
    const LocalInputStore store;
    const auto inputs = store.inputs();
    const auto standins = store.standins();
    if (parser.isSet(jsonOpt)) {
        auto str = [](const QString &s) { return s.isEmpty() ? json(nullptr) : json(s.toStdString()); };
        json in = json::array();
        for (const auto &r : inputs)
            in.push_back(
                {{"name", r.name.toStdString()},
                 {"path", r.path.toStdString()},
                 {"present", r.present},
                 {"source", str(r.source)},
                 {"revision", str(r.revision)},
                 {"sha256", str(r.sha256)},
                 {"imported", str(r.imported.isValid() ? r.imported.toString(Qt::ISODate) : QString())},
                 {"repository", str(r.repository)},
                 {"ref", str(r.ref)},
                 {"words", r.source.isEmpty() ? json(nullptr) : json(r.words().toStdString())}});
        json st = json::array();
        for (const auto &s : standins)
            st.push_back({{"name", s.name.toStdString()},
                          {"path", s.path.toStdString()},
                          {"present", s.present},
                          {"words", s.words.toStdString()}});
        const json j = {{"inputs_dir", store.inputsDir().toStdString()},
                        {"standins_dir", store.standinsDir().toStdString()},
                        {"inputs", in},
                        {"standins", st}};
        std::puts(j.dump(2).c_str());
        return 0;
    }
    if (inputs.empty())
        std::printf(
            "no inputs imported in %s: import tarballs or folders with flakeoff-cli inputs import PATH…\n",
            qPrintable(store.inputsDir()));
    else
        std::printf("inputs in %s:\n", qPrintable(store.inputsDir()));
    for (const auto &r : inputs)
        std::printf("  %s\n", qPrintable(recordLine(r)));
    if (standins.empty())
        std::printf("no stand-ins assembled in %s (flakeoff-cli inputs import assembles them)\n",
                    qPrintable(store.standinsDir()));
    else
        std::printf("stand-ins in %s:\n", qPrintable(store.standinsDir()));
    for (const auto &s : standins)
        std::printf("  %-14s %s%s\n", qPrintable(s.name), qPrintable(s.words),
                    s.present ? "" : "  (its folder is missing)");
    return 0;
}

// A Nix command's JSON output, or nullopt with Nix's message in `error`.
std::optional<json> nixJson(const QStringList &arguments, QString *error)
{
    QProcess p;
    p.setProcessEnvironment(NixEnvironment::processEnvironment());
    p.start(NixEnvironment::findProgram(QStringLiteral("nix")), arguments);
    if (!p.waitForFinished(-1) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error =
            QStringLiteral("nix %1 failed: %2")
                .arg(arguments.join(QLatin1Char(' ')), QString::fromUtf8(p.readAllStandardError()).trimmed());
        return std::nullopt;
    }
    const QByteArray out = p.readAllStandardOutput();
    json j = JsonFile::parse(out);
    if (j.is_discarded() || !j.is_object()) {
        *error = QStringLiteral("nix %1 wrote no JSON object").arg(arguments.front());
        return std::nullopt;
    }
    return j;
}

int fetchInputs(const QStringList &arguments)
{
    CommandLine commandLine(QStringLiteral("inputs fetch"),
                            QStringLiteral("Fetches a strategy's flake inputs with Nix (nix flake "
                                           "archive; needs a network) and imports them, so the "
                                           "strategy can build later without a network."));
    commandLine.addNixOption();
    QCommandLineParser &parser = commandLine.parser();
    const QCommandLineOption strategyOpt(QStringLiteral("strategy"),
                                         QStringLiteral("The strategy whose inputs to fetch."),
                                         QStringLiteral("ID"));
    const QCommandLineOption layoutOpt(QStringLiteral("layout"),
                                       QStringLiteral("Its layout (default: workspace)."),
                                       QStringLiteral("LAYOUT"), QStringLiteral("workspace"));
    parser.addOptions({strategyOpt, layoutOpt});
    if (const auto exit = commandLine.parse(arguments))
        return *exit;
    if (!parser.isSet(strategyOpt))
        return commandLine.fail(QStringLiteral("--strategy ID is required"), 2);
    const auto catalog = StrategyCatalog::load();
    const Strategy *s = catalog.find(parser.value(strategyOpt));
    if (!s)
        return commandLine.fail(QStringLiteral("no strategy %1 (known: %2)")
                                    .arg(parser.value(strategyOpt), catalog.ids().join(QStringLiteral(", "))),
                                2);
    const StrategyLayout *layout = s->layout(parser.value(layoutOpt));
    if (s->model || !layout || layout->build.kind != StrategyBuild::Kind::Flake)
        return commandLine.fail(
            QStringLiteral("%1 has no flake inputs to fetch (%2)")
                .arg(s->displayName(),
                     s->model ? QStringLiteral("an offline layout model builds from its own Nix files")
                              : QStringLiteral("no flake layout %1").arg(parser.value(layoutOpt))),
            1);
    if (!StrategyAvailability::networkReachable())
        return commandLine.fail(
            QStringLiteral(
                "no network: Nix downloads %1's flake inputs from their repositories. Run this on a "
                "machine "
                "with a network, then bring the imported folders (%2) or the tools' tarballs here and run "
                "flakeoff-cli inputs import PATH…")
                .arg(s->id, LocalInputStore().inputsDir()),
            1);

    // The layout's flake.nix alone, in a folder of its own: Nix writes the lock there, never into variants/.
    QTemporaryDir flake;
    const QString flakeNix =
        s->folder + QLatin1Char('/') + parser.value(layoutOpt) + QStringLiteral("/flake.nix");
    if (!flake.isValid() || !QFile::copy(flakeNix, flake.filePath(QStringLiteral("flake.nix"))))
        return commandLine.fail(QStringLiteral("cannot copy %1 to a temporary folder").arg(flakeNix), 1);
    const QString ref = QStringLiteral("path:") + flake.path();
    std::printf("fetching %s's inputs: nix flake archive --json %s\n", qPrintable(s->id), qPrintable(ref));
    std::fflush(stdout);
    QString error;
    const auto archive =
        nixJson({QStringLiteral("flake"), QStringLiteral("archive"), QStringLiteral("--json"), ref}, &error);
    const auto metadata =
        archive
            ? nixJson({QStringLiteral("flake"), QStringLiteral("metadata"), QStringLiteral("--json"), ref},
                      &error)
            : std::nullopt;
    if (!archive || !metadata)
        return commandLine.fail(error, 1);

    // Walk the archive's input tree beside the lock's nodes: each fetched store path with the
    // revision, repository and ref the lock names for it.
    const json nodes = metadata->value("locks", json::object()).value("nodes", json::object());
    const LocalInputStore store;
    int failed = 0;
    std::function<void(const json &, const std::string &)> walk = [&](const json &fetched,
                                                                      const std::string &nodeName) {
        const json node = nodes.value(nodeName, json::object());
        const json nodeInputs = node.value("inputs", json::object());
        // A named copy: items() of the temporary value() returns would outlive it.
        const json fetchedInputs = fetched.value("inputs", json::object());
        for (const auto &[name, entry] : fetchedInputs.items()) {
            const auto link = nodeInputs.find(name);
            if (link == nodeInputs.end() || !link->is_string())
                continue; // "follows": the same source as another input
            const json child = nodes.value(link->get<std::string>(), json::object());
            const json locked = child.value("locked", json::object());
            LocalInputRecord known;
            known.revision = JsonFields::text(locked, "rev");
            if (!JsonFields::text(locked, "owner").isEmpty())
                known.repository =
                    QStringLiteral("%1:%2/%3")
                        .arg(JsonFields::text(locked, "type"), JsonFields::text(locked, "owner"),
                             JsonFields::text(locked, "repo"));
            known.ref = JsonFields::text(child.value("original", json::object()), "ref");
            known.source = known.repository.isEmpty() ? JsonFields::text(entry, "path") : known.repository;
            const auto result =
                store.importPath(JsonFields::text(entry, "path"), QString::fromStdString(name), &known);
            if (result.record) {
                std::printf("imported %s\n", qPrintable(result.record->words()));
            } else {
                ++failed;
                commandLine.say(QStringLiteral("%1: %2").arg(QString::fromStdString(name), result.error));
            }
            walk(entry, link->get<std::string>());
        }
    };
    walk(*archive, metadata->value("locks", json::object()).value("root", std::string("root")));
    return failed > 0 ? 1 : 0;
}

} // namespace

int inputs(const QStringList &arguments)
{
    const QString action = arguments.value(1);
    QStringList rest = arguments;
    if (rest.size() > 1)
        rest.removeAt(1); // the action sees "flakeoff-cli <its options>"
    if (action == QLatin1String("import"))
        return importInputs(rest);
    if (action == QLatin1String("list"))
        return listInputs(rest);
    if (action == QLatin1String("fetch"))
        return fetchInputs(rest);
    if (action == QLatin1String("--help") || action == QLatin1String("-h") ||
        action == QLatin1String("help")) {
        usage(stdout);
        return 0;
    }
    if (!action.isEmpty()) {
        CommandLine(QStringLiteral("inputs"), QString())
            .say(QStringLiteral("unknown action '%1'").arg(action));
        std::fputs("\n", stderr);
    }
    usage(stderr);
    return 2;
}

} // namespace flakeoff::cli
