// SPDX-License-Identifier: MIT
#include "RunCommand.h"

#include "CommandLine.h"
#include "CommandSupport.h"
#include "log/BuildReportText.h"
#include "report/ChartData.h"
#include "report/LayoutOutcome.h"
#include "report/ReportWording.h"
#include "report/RunCostEstimate.h"
#include "report/SessionSummary.h"
#include "scenario/ScenarioRunner.h"
#include "session/NotRunSteps.h"
#include "session/SessionFiles.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFileInfo>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace flakeoff::cli {

namespace {
std::string seconds(double us)
{
    return BuildReportText::duration(static_cast<std::int64_t>(us));
}

void printSummary(const Session &session, const StrategyCatalog &catalog)
{
    // The same numbers the reports show (SessionSummary): medians of the succeeded runs, the
    // factor to the step's quickest strategy with its confidence interval, and the verdict.
    const SessionSummary summary(session);
    // Columns as wide as their longest entry ("build-rust-package", the verdicts), so rows line up.
    int strategyWidth = 8;
    for (const QString &strategy : summary.strategies())
        strategyWidth = std::max(strategyWidth, static_cast<int>(strategy.size()));
    int verdictWidth = 7;
    for (const QString &step : summary.steps())
        for (const QString &strategy : summary.strategies())
            for (const QString &target : summary.targets())
                if (const CellSummary *c = summary.cell(strategy, target, step))
                    verdictWidth =
                        std::max(verdictWidth, static_cast<int>(ReportWording::verdict(*c).size()));
    std::printf("\n%-16s %-*s %-6s %11s %10s %21s %19s %-*s %6s  %s\n", "STEP", strategyWidth, "STRATEGY",
                "TARGET", "MEDIAN", "± STDDEV", "MIN … MAX", "RELATIVE (95% CI)", verdictWidth, "VERDICT",
                "BUILT", "NOTE");
    QStringList warnings;
    for (const QString &step : summary.steps())
        for (const QString &strategy : summary.strategies())
            for (const QString &target : summary.targets()) {
                const CellSummary *c = summary.cell(strategy, target, step);
                if (!c)
                    continue;
                for (const QString &w : c->warnings)
                    warnings << QStringLiteral("%1, %2, %3: %4").arg(step, strategy, target, w);
                const auto time = [&c](double v) {
                    return c->hasTime() ? seconds(v * 1e6) : std::string("—");
                };
                const std::string range =
                    c->wallS.count > 1 ? time(c->wallS.min) + " … " + time(c->wallS.max) : std::string();
                std::printf("%-16s %-*s %-6s %11s %10s %21s %19s %-*s %6s  %s\n", qPrintable(step),
                            strategyWidth, qPrintable(strategy), qPrintable(target),
                            time(c->wallS.median).c_str(),
                            c->wallS.count > 1 ? seconds(c->wallS.stddev * 1e6).c_str() : "", range.c_str(),
                            qPrintable(ReportWording::relative(*c)), verdictWidth,
                            qPrintable(ReportWording::verdict(*c)),
                            c->built.count
                                ? qPrintable(ChartDataBuilder::formatValue(c->built.median, ChartUnit::Count))
                                : "—",
                            qPrintable(c->firstError().left(80)));
            }
    for (const QString &w : warnings)
        std::printf("warning: %s\n", qPrintable(w));
    // Outside the workspace layout: whether each tool built each target at all, its own error first.
    if (const auto outcomes = LayoutOutcome::of(session, &catalog); !outcomes.empty()) {
        std::printf("\nbuilt in the %s layout?\n", qPrintable(outcomes.front().layout));
        for (const LayoutOutcome &o : outcomes)
            std::printf("  %s\n", qPrintable(o.sentence()));
    }
    // A strategy that never ran is skipped, with why; one that stopped part-way is said per step,
    // cause first ("per-crate: break-eval not run (generate failed)"), then the runner's message.
    for (const NotRun &n : NotRunSteps::of(session)) {
        if (n.whole) {
            std::printf("skipped %s: %s\n", qPrintable(n.strategy), qPrintable(n.error));
            continue;
        }
        std::printf("%s\n", qPrintable(NotRunSteps::sentence(n)));
        if (NotRunSteps::cause(n.error) != n.error.trimmed())
            std::printf(
                "  %s\n",
                qPrintable(QString(n.error.trimmed()).replace(QLatin1Char('\n'), QStringLiteral("\n  "))));
    }
}
} // namespace

int run(const QStringList &arguments)
{
    CommandLine commandLine(QStringLiteral("run"),
                            QStringLiteral("Runs a scenario of builds against strategies on real Nix."));
    commandLine.addNixOption();
    QCommandLineParser &parser = commandLine.parser();
    const SelectionOptions selection;
    selection.addTo(parser);
    // Evidence needs more than one build of a step (TimeComparison): cheap steps are measured 3
    // times by default; a cold step, which rebuilds everything, once.
    const QCommandLineOption repeatOpt(
        QStringLiteral("repeat"),
        QStringLiteral("Measured builds per step (default 3, and 1 for a cold step; N: N for every step)."),
        QStringLiteral("N"), QStringLiteral("3"));
    const QCommandLineOption coldRepeatOpt(
        QStringLiteral("cold-repeat"),
        QStringLiteral("Measured builds of a cold step (default 1, or --repeat's N when that is given)."),
        QStringLiteral("N"));
    const QCommandLineOption warmupOpt(QStringLiteral("warmup"),
                                       QStringLiteral("Unrecorded builds before them (default 0)."),
                                       QStringLiteral("K"), QStringLiteral("0"));
    const QCommandLineOption outOpt(QStringLiteral("out"),
                                    QStringLiteral("Session file to write (default flakeoff-session.json)."),
                                    QStringLiteral("FILE"), QStringLiteral("flakeoff-session.json"));
    const QCommandLineOption nixOpt(
        QStringLiteral("nix-option"),
        QStringLiteral(
            "Passed to every nix build (repeatable), e.g. --nix-option=--max-jobs --nix-option=2."),
        QStringLiteral("ARG"));
    const QCommandLineOption keepOpt(QStringLiteral("keep-scratch"),
                                     QStringLiteral("Keep the scratch copies."));
    const QCommandLineOption tryOpt(QStringLiteral("try-unavailable"),
                                    QStringLiteral("Also run strategies whose needs this machine lacks."));
    parser.addOptions({repeatOpt, coldRepeatOpt, warmupOpt, outOpt, nixOpt, keepOpt, tryOpt});
    if (const auto exit = commandLine.parse(arguments))
        return *exit;
    RunRequest request;
    request.workspace = selection.workspace(parser);
    if (!QFileInfo(request.workspace + QStringLiteral("/Cargo.toml")).exists())
        return commandLine.fail(
            QStringLiteral("%1 is not a Rust workspace (no Cargo.toml)").arg(request.workspace), 2);
    const auto catalog = StrategyCatalog::load();
    for (const QString &e : catalog.errors())
        commandLine.say(QStringLiteral("warning: ") + e);
    QString scenarioError;
    if (!selection.select(parser, catalog, request, &scenarioError))
        return commandLine.fail(scenarioError, 2);
    bool ok1 = false;
    bool ok2 = false;
    bool ok3 = true;
    request.repeat = parser.value(repeatOpt).toInt(&ok1);
    request.warmup = parser.value(warmupOpt).toInt(&ok2);
    if (parser.isSet(coldRepeatOpt))
        request.coldRepeat = parser.value(coldRepeatOpt).toInt(&ok3);
    else
        request.coldRepeat = parser.isSet(repeatOpt) ? request.repeat : 1;
    if (!ok1 || !ok2 || !ok3 || request.repeat < 1 || request.coldRepeat < 1 || request.warmup < 0)
        return commandLine.fail(QStringLiteral("--repeat and --cold-repeat must be ≥ 1 and --warmup ≥ 0"), 2);
    request.sessionPath = QFileInfo(parser.value(outOpt)).absoluteFilePath();
    request.nixOptions = parser.values(nixOpt);
    request.keepScratch = parser.isSet(keepOpt);
    request.tryUnavailable = parser.isSet(tryOpt);

    // What the run will cost, before it starts: from the earlier sessions of this workspace.
    {
        const Session plan = request.plan(); // what the runner will start from, as the app prices it
        QStringList dirs{SessionFiles::sessionsDir(), QFileInfo(request.sessionPath).absolutePath()};
        dirs.removeDuplicates();
        std::vector<std::shared_ptr<const Session>> earlier;
        for (const QString &dir : dirs)
            for (auto &s : RunCostEstimate::earlierSessions(dir, request.workspace))
                earlier.push_back(std::move(s));
        std::printf("%d measured build%s per step%s; estimated cost: %s\n", request.repeat,
                    request.repeat == 1 ? "" : "s",
                    request.coldRepeat != request.repeat
                        ? qPrintable(QStringLiteral(", %1 for a cold step").arg(request.coldRepeat))
                        : "",
                    qPrintable(RunCostEstimate::of(plan, request.layout, catalog, earlier).sentence()));
        std::fflush(stdout);
    }

    ScenarioRunner runner;
    QEventLoop loop;
    const bool tty = isatty(fileno(stderr)) != 0;
    QString lastLine;
    QObject::connect(&runner, &ScenarioRunner::message, &loop, [&](const QString &text) {
        std::fprintf(stderr, "%s%s\n", tty ? "\r\x1b[K" : "", qPrintable(text));
    });
    QObject::connect(&runner, &ScenarioRunner::progress, &loop, [&](const RunProgress &p) {
        const QString line =
            QStringLiteral("[%1/%2 %3] %4 %5 %6%7: %8")
                .arg(p.buildsDone)
                .arg(p.buildsTotal)
                .arg(QString::fromStdString(BuildReportText::duration(p.elapsedMs * 1000)))
                .arg(p.strategy, p.step, p.target,
                     p.target.isEmpty() ? QString()
                                        : (p.warmup ? QStringLiteral(" warm-up %1") : QStringLiteral(" #%1"))
                                              .arg(p.repetition + 1),
                     p.activity);
        if (tty) {
            std::fprintf(stderr, "\r\x1b[K%s", qPrintable(line.left(150)));
        } else if (line != lastLine) {
            std::fprintf(stderr, "%s\n", qPrintable(line));
        }
        lastLine = line;
    });
    QObject::connect(
        &runner, &ScenarioRunner::buildUpdated, &loop, [&](std::shared_ptr<const BuildReport> r) {
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
                         static_cast<long long>(r->countWithStatus(BuildStatus::Built)),
                         static_cast<long long>(running), current.empty() ? "" : ": ", current.c_str());
        });
    QObject::connect(&runner, &ScenarioRunner::measurementAdded, &loop, [&](const Measurement &m) {
        std::fprintf(stderr, "%s%-12s %-16s %-6s %s%d  %10s  %3lld built  %s\n", tty ? "\r\x1b[K" : "",
                     qPrintable(m.strategy), qPrintable(m.step), qPrintable(m.target),
                     m.warmup ? "warm-up " : "#", m.repetition + 1,
                     seconds(static_cast<double>(m.wallUs)).c_str(), static_cast<long long>(m.builtCount()),
                     qPrintable(m.error.left(100)));
        for (const QString &note : m.notes)
            std::fprintf(stderr, "    note: %s\n", qPrintable(note));
    });
    int exitCode = 0;
    QObject::connect(&runner, &ScenarioRunner::finished, &loop, [&](const Session &s) {
        if (tty)
            std::fputs("\r\x1b[K", stderr);
        printSummary(s, catalog);
        // Which Nix and store the numbers come from, and what Flakeoff added to the user's configuration.
        std::printf("\n%s · store %s\n", qPrintable(s.environment.nixVersion),
                    qPrintable(ReportWording::nixStore(s.environment).isEmpty()
                                   ? QStringLiteral("unknown")
                                   : ReportWording::nixStore(s.environment)));
        if (const QString builders = ReportWording::remoteBuilders(s.environment); !builders.isEmpty())
            std::printf("remote builders: %s\n", qPrintable(builders));
        for (const NixSetting &n : s.environment.nixSettingsAdded)
            std::printf("added to Nix's configuration: %s (%s)\n", qPrintable(n.line().trimmed()),
                        qPrintable(n.why));
        std::printf("session: %s (%s%s)\n", qPrintable(request.sessionPath),
                    qPrintable(Session::statusName(s.status)),
                    s.statusText.isEmpty() ? "" : qPrintable(QStringLiteral(": ") + s.statusText));
        const bool failed =
            std::any_of(s.measurements.begin(), s.measurements.end(),
                        [](const Measurement &m) { return m.outcome == Measurement::Outcome::Failed; });
        // Nothing measured at all (every strategy skipped, or the run refused): a failure too.
        const bool noneRan = s.measurements.empty();
        if (noneRan && s.status != Session::Status::Cancelled)
            commandLine.say(QStringLiteral("no strategy could run here (see why above)"));
        exitCode = s.status == Session::Status::Cancelled
                       ? 130
                       : (failed || noneRan || s.status == Session::Status::Failed ? 1 : 0);
        loop.quit();
    });

    // Ctrl-C cancels cleanly: the build's process group is killed and the scratch copy removed.
    watchInterrupts(&loop, [&runner, &commandLine](int presses) {
        if (presses == 1) {
            std::fputc('\n', stderr);
            commandLine.say(QStringLiteral(
                "cancelling (the build is stopped, the scratch copy removed, the session saved "
                "as cancelled)…"));
            runner.cancel();
        } else if (presses == 2) {
            // The build's group gets SIGKILL at most 3 s after SIGTERM; deleting a big scratch
            // copy can take longer. Say so rather than look hung.
            commandLine.say(
                QStringLiteral("still cancelling; press Ctrl-C once more to quit at once (the scratch copy "
                               "and the session file may be left behind)"));
        } else {
            commandLine.say(QStringLiteral("quitting without cleaning up"));
            std::_Exit(130);
        }
    });
    runner.start(request);
    loop.exec();
    return exitCode;
}

} // namespace flakeoff::cli
