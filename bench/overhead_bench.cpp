// SPDX-License-Identifier: MIT
// flakeoff-bench-overhead: does watching a build change what is measured? The same `nix build`
// command is timed by Flakeoff (NixProcess: stderr streamed through the log engine, saved with
// arrival times) and externally by hyperfine, in alternating blocks of the same run. Reports the
// ratio of the mean wall times (goal 1.00 ± 0.02) and Flakeoff's own CPU while it watches, as a
// share of the build's CPU (goal < 2%). The default build prints 20,000 lines for about 2 s of CPU:
// ten times the log rate per CPU-second of a verbose cargo build, so the share is a worst case.
#include "nix/NixEnvironment.h"
#include "nix/NixProcess.h"
#include "session/Statistics.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <nlohmann/json.hpp>

#include <sys/resource.h>

#include <cstdio>
#include <vector>

#ifndef FLAKEOFF_BENCH_BUILD_TYPE
#define FLAKEOFF_BENCH_BUILD_TYPE "unknown"
#endif

using namespace flakeoff;

namespace {

constexpr double kRatioTolerance = 0.02;
constexpr double kCpuShareGoal = 0.02;

std::int64_t selfCpuUs()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<std::int64_t>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000000 + u.ru_utime.tv_usec +
           u.ru_stime.tv_usec;
}

// A helper command that must succeed (set-up, not measured); blocking is fine in a benchmark.
QByteArray runOrDie(const QString &program, const QStringList &args, bool mayFail = false)
{
    QProcess p;
    p.setProcessEnvironment(NixEnvironment::processEnvironment());
    p.start(program, args);
    p.waitForFinished(-1);
    if (!mayFail && (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)) {
        std::fprintf(stderr, "flakeoff-bench-overhead: %s %s failed:\n%s\n", qPrintable(program),
                     qPrintable(args.join(QLatin1Char(' '))), p.readAllStandardError().constData());
        std::exit(1);
    }
    return p.readAllStandardOutput();
}

struct FlakeoffRun
{
    double wallS = 0;
    double buildCpuS = 0; // rusage of the nix process tree
    double selfCpuS = 0;  // this process while it watched
    std::int64_t lines = 0;
};

FlakeoffRun runWithFlakeoff(const QString &nix, const QStringList &args, const QString &logPath)
{
    NixProcess process;
    process.setEnvironment(NixEnvironment::processEnvironment());
    process.setSavedLogPath(logPath);
    QEventLoop loop;
    NixRunResult result;
    QObject::connect(&process, &NixProcess::finished, &loop, [&](const NixRunResult &r) {
        result = r;
        loop.quit();
    });
    QObject::connect(&process, &NixProcess::failedToStart, &loop, [&](const QString &why) {
        std::fprintf(stderr, "flakeoff-bench-overhead: %s\n", qPrintable(why));
        std::exit(1);
    });
    const std::int64_t cpu0 = selfCpuUs();
    process.start(nix, args);
    loop.exec();
    FlakeoffRun run;
    run.selfCpuS = static_cast<double>(selfCpuUs() - cpu0) / 1e6;
    if (!result.succeeded()) {
        std::fprintf(stderr, "flakeoff-bench-overhead: the build failed: %s\n", qPrintable(result.errorText));
        std::exit(1);
    }
    run.wallS = static_cast<double>(result.wallUs) / 1e6;
    run.buildCpuS = static_cast<double>(result.cpuUserUs + result.cpuSystemUs) / 1e6;
    run.lines = result.report ? result.report->lineCount : 0;
    return run;
}

QString describe(const Statistics &s)
{
    return QStringLiteral("%1 s ± %2 s (median %3, min %4, max %5, n = %6)")
        .arg(s.mean, 0, 'f', 3)
        .arg(s.stddev, 0, 'f', 3)
        .arg(s.median, 0, 'f', 3)
        .arg(s.min, 0, 'f', 3)
        .arg(s.max, 0, 'f', 3)
        .arg(s.count);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Times the same nix build with Flakeoff and with hyperfine, in alternating blocks, and reports\n"
        "the ratio of the mean wall times and Flakeoff's CPU share while it watches."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("blocks"), QStringLiteral("Alternating blocks (default 3)."),
                      QStringLiteral("N"), QStringLiteral("3")});
    parser.addOption({QStringLiteral("runs"), QStringLiteral("Builds per block and timer (default 5)."),
                      QStringLiteral("N"), QStringLiteral("5")});
    parser.addOption({QStringLiteral("lines"), QStringLiteral("Log lines the build prints (default 20000)."),
                      QStringLiteral("N"), QStringLiteral("20000")});
    parser.addOption(
        {QStringLiteral("work"),
         QStringLiteral("Busy-loop iterations after each of the 20 bursts of lines (default 100000)."),
         QStringLiteral("N"), QStringLiteral("100000")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Also write the figures as JSON to FILE."),
                      QStringLiteral("FILE")});
    parser.process(app);
    const int blocks = qMax(1, parser.value(QStringLiteral("blocks")).toInt());
    const int runs = qMax(2, parser.value(QStringLiteral("runs")).toInt());

    if (const QString problem = NixEnvironment::problem(); !problem.isEmpty()) {
        std::fprintf(stderr, "flakeoff-bench-overhead: %s\n", qPrintable(problem));
        return 1;
    }
    const QString hyperfine = NixEnvironment::findProgram(QStringLiteral("hyperfine"));
    if (hyperfine.isEmpty()) {
        std::fprintf(stderr, "flakeoff-bench-overhead: hyperfine not found: run scripts/setup.sh\n");
        return 1;
    }
    const QString nix = NixEnvironment::findProgram(QStringLiteral("nix"));
    const QString nixStore = NixEnvironment::findProgram(QStringLiteral("nix-store"));
    const QString file = QStringLiteral(FLAKEOFF_SOURCE_DIR "/bench/data/overhead.nix");
    const QString nonce = QStringLiteral("overhead-%1").arg(QDateTime::currentMSecsSinceEpoch());
    // The command both timers run, word for word (no spaces inside arguments: hyperfine -N splits
    // on whitespace). The runner's own options: -L before --log-format, --json, --no-link.
    const QStringList args{
        QStringLiteral("build"),        QStringLiteral("-f"),           file,
        QStringLiteral("--argstr"),     QStringLiteral("nonce"),        nonce,
        QStringLiteral("--arg"),        QStringLiteral("lines"),        parser.value(QStringLiteral("lines")),
        QStringLiteral("--arg"),        QStringLiteral("work"),         parser.value(QStringLiteral("work")),
        QStringLiteral("--json"),       QStringLiteral("--no-link"),    QStringLiteral("-L"),
        QStringLiteral("--log-format"), QStringLiteral("internal-json")};
    const QString drv =
        QString::fromUtf8(
            runOrDie(NixEnvironment::findProgram(QStringLiteral("nix-instantiate")),
                     {file, QStringLiteral("--argstr"), QStringLiteral("nonce"), nonce,
                      QStringLiteral("--arg"), QStringLiteral("lines"), parser.value(QStringLiteral("lines")),
                      QStringLiteral("--arg"), QStringLiteral("work"), parser.value(QStringLiteral("work"))}))
            .trimmed();
    const QString out =
        QString::fromUtf8(runOrDie(nixStore, {QStringLiteral("-q"), QStringLiteral("--outputs"), drv}))
            .trimmed();
    const QStringList deleteOut{QStringLiteral("--delete"), out};

    // hyperfine's own environment: the same Nix configuration Flakeoff gives its children.
    const QProcessEnvironment env = NixEnvironment::processEnvironment({true, true});
    qputenv("NIX_CONFIG", env.value(QStringLiteral("NIX_CONFIG")).toUtf8());

    QTemporaryDir tmp;
    std::printf("flakeoff-bench-overhead (%s build)\n  command: nix %s\n  %d blocks × %d builds per timer, "
                "alternating\n",
                FLAKEOFF_BENCH_BUILD_TYPE,
                qPrintable(QStringList(args)
                               .replaceInStrings(file, QStringLiteral("bench/data/overhead.nix"))
                               .join(QLatin1Char(' '))),
                blocks, runs);
    std::fflush(stdout);

    // A warm-up build: evaluation caches and the page cache, for both timers alike.
    runWithFlakeoff(nix, args, tmp.filePath(QStringLiteral("warmup.flog")));

    std::vector<double> flakeoffWall;
    std::vector<double> hyperfineWall;
    double selfCpu = 0;
    double buildCpu = 0;
    std::int64_t lines = 0;
    for (int b = 0; b < blocks; ++b) {
        for (int r = 0; r < runs; ++r) {
            runOrDie(nixStore, deleteOut);
            const FlakeoffRun run =
                runWithFlakeoff(nix, args, tmp.filePath(QStringLiteral("run-%1-%2.flog").arg(b).arg(r)));
            flakeoffWall.push_back(run.wallS);
            selfCpu += run.selfCpuS;
            buildCpu += run.buildCpuS;
            lines = run.lines;
        }
        const QString exported = tmp.filePath(QStringLiteral("hyperfine-%1.json").arg(b));
        runOrDie(hyperfine, {QStringLiteral("-N"), QStringLiteral("--style"), QStringLiteral("none"),
                             QStringLiteral("--runs"), QString::number(runs), QStringLiteral("--prepare"),
                             nixStore + QLatin1Char(' ') + deleteOut.join(QLatin1Char(' ')),
                             QStringLiteral("--export-json"), exported,
                             nix + QLatin1Char(' ') + args.join(QLatin1Char(' '))});
        QFile f(exported);
        if (!f.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "flakeoff-bench-overhead: hyperfine wrote no %s\n", qPrintable(exported));
            return 1;
        }
        const auto j = nlohmann::json::parse(f.readAll().toStdString(), nullptr, false);
        if (j.is_discarded() || !j.contains("results") || j["results"].empty() ||
            !j["results"][0].contains("times")) {
            std::fprintf(stderr, "flakeoff-bench-overhead: unreadable hyperfine export %s\n",
                         qPrintable(exported));
            return 1;
        }
        for (const auto &t : j["results"][0]["times"])
            hyperfineWall.push_back(t.get<double>());
        std::printf("  block %d/%d done\n", b + 1, blocks);
        std::fflush(stdout);
    }

    const Statistics fs = Statistics::of(flakeoffWall);
    const Statistics hs = Statistics::of(hyperfineWall);
    const double ratio = fs.mean / hs.mean;
    const double cpuShare = buildCpu > 0 ? selfCpu / buildCpu : 0;
    const bool ratioMet = std::abs(ratio - 1.0) <= kRatioTolerance;
    const bool cpuMet = cpuShare < kCpuShareGoal;
    std::printf("\n  build: %lld log lines, %.3f s CPU per build (nix and its builder)\n",
                static_cast<long long>(lines), buildCpu / static_cast<double>(flakeoffWall.size()));
    std::printf("  Flakeoff  wall %s\n", qPrintable(describe(fs)));
    std::printf("  hyperfine wall %s\n", qPrintable(describe(hs)));
    std::printf("  ratio Flakeoff / hyperfine (means): %.4f   goal 1.00 ± %.2f: %s\n", ratio, kRatioTolerance,
                ratioMet ? "met" : "MISSED");
    std::printf("  Flakeoff's own CPU while watching: %.3f s per build = %.2f%% of the build's CPU   goal < "
                "%.0f%%: %s\n",
                selfCpu / static_cast<double>(flakeoffWall.size()), 100.0 * cpuShare, 100.0 * kCpuShareGoal,
                cpuMet ? "met" : "MISSED");
    if (lines > 0)
        std::printf("  = %.2f µs of Flakeoff CPU per log line (read, parsed, saved with its arrival time)\n",
                    1e6 * selfCpu / static_cast<double>(flakeoffWall.size()) / static_cast<double>(lines));

    if (parser.isSet(QStringLiteral("json"))) {
        nlohmann::json j{
            {"lines", lines},          {"flakeoff_wall_s", flakeoffWall}, {"hyperfine_wall_s", hyperfineWall},
            {"ratio", ratio},          {"cpu_share", cpuShare},           {"self_cpu_s", selfCpu},
            {"build_cpu_s", buildCpu}, {"ratio_goal_met", ratioMet},      {"cpu_goal_met", cpuMet}};
        QFile f(parser.value(QStringLiteral("json")));
        if (!f.open(QIODevice::WriteOnly) || f.write(QByteArray::fromStdString(j.dump(2))) < 0) {
            std::fprintf(stderr, "flakeoff-bench-overhead: cannot write %s\n", qPrintable(f.fileName()));
            return 1;
        }
    }
    runOrDie(nixStore, deleteOut, true);
    return ratioMet && cpuMet ? 0 : 3;
}
