// SPDX-License-Identifier: MIT
#include "RunCommand.h"

#include "CommandSupport.h"
#include "log/BuildReportText.h"
#include "report/ChartData.h"
#include "report/SessionSummary.h"
#include "scenario/ScenarioRunner.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFileInfo>

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace flakeoff::cli {

namespace {
std::string seconds(double us)
{
    return BuildReportText::duration(static_cast<std::int64_t>(us));
}

void printSummary(const Session &session)
{
    // The same numbers the reports show (SessionSummary): medians of the succeeded runs, and how
    // much slower than the step's fastest strategy, as hyperfine's "Relative" column.
    const SessionSummary summary(session);
    std::printf("\n%-16s %-12s %-6s %11s %10s %21s %13s %6s  %s\n", "STEP", "STRATEGY", "TARGET", "MEDIAN", "± STDDEV",
                "MIN … MAX", "RELATIVE", "BUILT", "NOTE");
    for (const QString &step : summary.steps())
        for (const QString &strategy : summary.strategies())
            for (const QString &target : summary.targets()) {
                const CellSummary *c = summary.cell(strategy, target, step);
                if (!c)
                    continue;
                QString note = c->firstError();
                if (!c->wallS.outliers.empty())
                    note = QStringLiteral("%1 outlier(s) %2").arg(c->wallS.outliers.size()).arg(note);
                const auto time = [&c](double v) { return c->hasTime() ? seconds(v * 1e6) : std::string("—"); };
                const std::string range = c->wallS.count > 1 ? time(c->wallS.min) + " … " + time(c->wallS.max) : std::string();
                QString relative;
                if (c->relative)
                    relative = c->fastest ? QStringLiteral("1.00 (best)")
                                          : QStringLiteral("%1 ± %2").arg(*c->relative, 0, 'f', 2).arg(c->relativeStddev.value_or(0), 0, 'f', 2);
                std::printf("%-16s %-12s %-6s %11s %10s %21s %13s %6s  %s\n", qPrintable(step), qPrintable(strategy),
                            qPrintable(target), time(c->wallS.median).c_str(),
                            c->wallS.count > 1 ? seconds(c->wallS.stddev * 1e6).c_str() : "", range.c_str(),
                            qPrintable(relative), c->built.count ? qPrintable(ChartDataBuilder::formatValue(c->built.median, ChartUnit::Count)) : "—",
                            qPrintable(note.left(80)));
            }
    for (const auto &[id, why] : session.skipped)
        std::printf("skipped %s: %s\n", qPrintable(id), qPrintable(why));
}
} // namespace

int run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Runs a scenario of builds against strategies on real Nix."));
    parser.addHelpOption();
    const QCommandLineOption workspaceOpt(QStringLiteral("workspace"), QStringLiteral("The Rust workspace (default: the bundled sample)."), QStringLiteral("DIR"));
    const QCommandLineOption strategiesOpt(QStringLiteral("strategies"), QStringLiteral("Comma-separated strategy ids (default: all)."), QStringLiteral("IDS"));
    const QCommandLineOption targetsOpt(QStringLiteral("targets"), QStringLiteral("Comma-separated targets (default: all)."), QStringLiteral("IDS"));
    const QCommandLineOption scenarioOpt(QStringLiteral("scenario"), QStringLiteral("Built-in scenario (standard, quick) or a JSON file."), QStringLiteral("NAME|FILE"), QStringLiteral("standard"));
    const QCommandLineOption repeatOpt(QStringLiteral("repeat"), QStringLiteral("Measured builds per step (default 1)."), QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption warmupOpt(QStringLiteral("warmup"), QStringLiteral("Unrecorded builds before them (default 0)."), QStringLiteral("K"), QStringLiteral("0"));
    const QCommandLineOption outOpt(QStringLiteral("out"), QStringLiteral("Session file to write (default flakeoff-session.json)."), QStringLiteral("FILE"), QStringLiteral("flakeoff-session.json"));
    const QCommandLineOption nixOpt(QStringLiteral("nix-option"), QStringLiteral("Passed to every nix build (repeatable), e.g. --nix-option=--max-jobs --nix-option=2."), QStringLiteral("ARG"));
    const QCommandLineOption keepOpt(QStringLiteral("keep-scratch"), QStringLiteral("Keep the scratch copies."));
    const QCommandLineOption tryOpt(QStringLiteral("try-unavailable"), QStringLiteral("Also run strategies whose needs this machine lacks."));
    const QCommandLineOption offlineOpt(QStringLiteral("offline"), QStringLiteral("Use the local inputs (flakeoff-cli inputs) even with a network."));
    parser.addOptions({workspaceOpt, strategiesOpt, targetsOpt, scenarioOpt, repeatOpt, warmupOpt, outOpt, nixOpt, keepOpt, tryOpt, offlineOpt});
    if (!parser.parse(arguments)) {
        std::fprintf(stderr, "flakeoff-cli run: %s\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    RunRequest request;
    request.workspace = parser.isSet(workspaceOpt) ? parser.value(workspaceOpt)
                                                   : StrategyCatalog::defaultVariantsDir() + QStringLiteral("/sample");
    if (!QFileInfo(request.workspace + QStringLiteral("/Cargo.toml")).exists()) {
        std::fprintf(stderr, "flakeoff-cli run: %s is not a Rust workspace (no Cargo.toml)\n", qPrintable(request.workspace));
        return 2;
    }
    const auto catalog = StrategyCatalog::load();
    for (const QString &e : catalog.errors())
        std::fprintf(stderr, "flakeoff-cli run: warning: %s\n", qPrintable(e));
    request.strategies = parser.isSet(strategiesOpt) ? parser.value(strategiesOpt).split(QLatin1Char(','), Qt::SkipEmptyParts)
                                                     : catalog.ids();
    request.targets = parser.value(targetsOpt).split(QLatin1Char(','), Qt::SkipEmptyParts);
    QString scenarioError;
    const auto scenario = scenarioFromArgument(parser.value(scenarioOpt), &scenarioError);
    if (!scenario) {
        std::fprintf(stderr, "flakeoff-cli run: %s\n", qPrintable(scenarioError));
        return 2;
    }
    request.scenario = *scenario;
    bool ok1 = false;
    bool ok2 = false;
    request.repeat = parser.value(repeatOpt).toInt(&ok1);
    request.warmup = parser.value(warmupOpt).toInt(&ok2);
    if (!ok1 || !ok2 || request.repeat < 1 || request.warmup < 0) {
        std::fprintf(stderr, "flakeoff-cli run: --repeat must be ≥ 1 and --warmup ≥ 0\n");
        return 2;
    }
    request.sessionPath = QFileInfo(parser.value(outOpt)).absoluteFilePath();
    request.nixOptions = parser.values(nixOpt);
    request.keepScratch = parser.isSet(keepOpt);
    request.tryUnavailable = parser.isSet(tryOpt);
    request.forceOffline = parser.isSet(offlineOpt);

    ScenarioRunner runner;
    QEventLoop loop;
    const bool tty = isatty(fileno(stderr)) != 0;
    QString lastLine;
    QObject::connect(&runner, &ScenarioRunner::message, &loop, [&](const QString &text) {
        std::fprintf(stderr, "%s%s\n", tty ? "\r\x1b[K" : "", qPrintable(text));
    });
    QObject::connect(&runner, &ScenarioRunner::progress, &loop, [&](const RunProgress &p) {
        const QString line = QStringLiteral("[%1/%2 %3] %4 %5 %6%7: %8")
                                 .arg(p.buildsDone)
                                 .arg(p.buildsTotal)
                                 .arg(QString::fromStdString(BuildReportText::duration(p.elapsedMs * 1000)))
                                 .arg(p.strategy, p.step, p.target,
                                      p.target.isEmpty() ? QString() : (p.warmup ? QStringLiteral(" warm-up %1") : QStringLiteral(" #%1")).arg(p.repetition + 1),
                                      p.activity);
        if (tty) {
            std::fprintf(stderr, "\r\x1b[K%s", qPrintable(line.left(150)));
        } else if (line != lastLine) {
            std::fprintf(stderr, "%s\n", qPrintable(line));
        }
        lastLine = line;
    });
    QObject::connect(&runner, &ScenarioRunner::buildUpdated, &loop, [&](std::shared_ptr<const BuildReport> r) {
        if (!tty || !r)
            return;
        std::int64_t running = r->countWithStatus(BuildStatus::Running);
        std::string current;
        for (auto it = r->builds.rbegin(); it != r->builds.rend(); ++it)
            if (it->status == BuildStatus::Running) {
                current = it->name;
                break;
            }
        std::fprintf(stderr, "\r\x1b[K%s · %lld built, %lld running%s%s", qPrintable(lastLine.left(90)),
                     static_cast<long long>(r->countWithStatus(BuildStatus::Built)), static_cast<long long>(running),
                     current.empty() ? "" : ": ", current.c_str());
    });
    QObject::connect(&runner, &ScenarioRunner::measurementAdded, &loop, [&](const Measurement &m) {
        std::fprintf(stderr, "%s%-12s %-16s %-6s %s%d  %10s  %3lld built  %s\n", tty ? "\r\x1b[K" : "", qPrintable(m.strategy),
                     qPrintable(m.step), qPrintable(m.target), m.warmup ? "warm-up " : "#", m.repetition + 1,
                     seconds(static_cast<double>(m.wallUs)).c_str(), static_cast<long long>(m.builtCount()),
                     qPrintable(m.error.left(100)));
        for (const QString &note : m.notes)
            std::fprintf(stderr, "    note: %s\n", qPrintable(note));
    });
    int exitCode = 0;
    QObject::connect(&runner, &ScenarioRunner::finished, &loop, [&](const Session &s) {
        if (tty)
            std::fputs("\r\x1b[K", stderr);
        printSummary(s);
        std::printf("\nsession: %s (%s%s)\n", qPrintable(request.sessionPath), qPrintable(Session::statusName(s.status)),
                    s.statusText.isEmpty() ? "" : qPrintable(QStringLiteral(": ") + s.statusText));
        const bool failed = std::any_of(s.measurements.begin(), s.measurements.end(),
                                        [](const Measurement &m) { return m.outcome == Measurement::Outcome::Failed; });
        // Nothing measured at all (every strategy skipped, or the run refused): a failure too.
        const bool noneRan = s.measurements.empty();
        if (noneRan && s.status != Session::Status::Cancelled)
            std::fprintf(stderr, "flakeoff-cli run: no strategy could run here (see why above)\n");
        exitCode = s.status == Session::Status::Cancelled ? 130 : (failed || noneRan || s.status == Session::Status::Failed ? 1 : 0);
        loop.quit();
    });

    // Ctrl-C cancels cleanly: the build's process group is killed and the scratch copy removed.
    watchInterrupts(&loop, [&runner](int presses) {
        if (presses == 1) {
            std::fprintf(stderr, "\nflakeoff-cli run: cancelling (the build is stopped, the scratch copy removed, "
                                 "the session saved as cancelled)…\n");
            runner.cancel();
        } else if (presses == 2) {
            // The build's group gets SIGKILL at most 3 s after SIGTERM; deleting a big scratch
            // copy can take longer. Say so rather than look hung.
            std::fprintf(stderr, "flakeoff-cli run: still cancelling; press Ctrl-C once more to quit at once "
                                 "(the scratch copy and the session file may be left behind)\n");
        } else {
            std::fprintf(stderr, "flakeoff-cli run: quitting without cleaning up\n");
            std::_Exit(130);
        }
    });
    runner.start(request);
    loop.exec();
    return exitCode;
}

} // namespace flakeoff::cli
