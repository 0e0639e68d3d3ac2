// SPDX-License-Identifier: MIT
// flakeoff-bench-liveview: the longest stall of the GUI thread while the live run view shows a
// build that streams 10,000 log lines a second. A generated real-shaped Nix log (bench/LogGenerator)
// is played through ReplayDriver — the same LogStream parsing on the GUI thread a live run does,
// report snapshots at 10 Hz — into a shown LiveRunView whose log pane follows the newest build. A
// 1 ms timer measures the event loop's latency; the baseline is the same probe on the same window
// with nothing streaming, measured in the same run.
#include "LiveRunView.h"
#include "LogGenerator.h"
#include "RunningBuildsModel.h"
#include "log/LogFileReader.h"
#include "scenario/ReplayDriver.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTimer>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <vector>

#ifndef FLAKEOFF_BENCH_BUILD_TYPE
#define FLAKEOFF_BENCH_BUILD_TYPE "unknown"
#endif

using namespace flakeoff;
using flakeoff::app::LiveRunView;

namespace {

constexpr double kGoalMs = 50.0;

struct Latency
{
    std::vector<double> gapsMs; // time between consecutive 1 ms timer shots
    double maxMs() const { return gapsMs.empty() ? 0 : *std::max_element(gapsMs.begin(), gapsMs.end()); }
    double percentile(double p) const
    {
        if (gapsMs.empty())
            return 0;
        std::vector<double> s = gapsMs;
        std::sort(s.begin(), s.end());
        return s[std::min(s.size() - 1, static_cast<std::size_t>(p * static_cast<double>(s.size())))];
    }
};

// Runs the event loop until `done` says so (or `limitMs` pass), probing its latency.
Latency probe(const std::function<bool()> &done, qint64 limitMs)
{
    Latency l;
    QElapsedTimer clock;
    clock.start();
    qint64 last = clock.nsecsElapsed();
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.setInterval(1);
    QObject::connect(&timer, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        l.gapsMs.push_back(static_cast<double>(now - last) / 1e6);
        last = now;
        if (done() || clock.elapsed() > limitMs)
            QCoreApplication::exit(0);
    });
    timer.start();
    QCoreApplication::exec();
    return l;
}

} // namespace

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Longest GUI-thread stall while the live view streams a build's log."));
    parser.addHelpOption();
    const QCommandLineOption rateOpt(QStringLiteral("rate"),
                                     QStringLiteral("Log lines per second (default 10000)."),
                                     QStringLiteral("N"), QStringLiteral("10000"));
    const QCommandLineOption secondsOpt(QStringLiteral("seconds"),
                                        QStringLiteral("How long to stream (default 10)."),
                                        QStringLiteral("S"), QStringLiteral("10"));
    const QCommandLineOption jobsOpt(QStringLiteral("jobs"),
                                     QStringLiteral("Builds running at once (default 4)."),
                                     QStringLiteral("N"), QStringLiteral("4"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("Print the figures as JSON."));
    parser.addOptions({rateOpt, secondsOpt, jobsOpt, jsonOpt});
    parser.process(app);
    const double rate = std::max(1.0, parser.value(rateOpt).toDouble());
    const double seconds = std::max(1.0, parser.value(secondsOpt).toDouble());

    // A log long enough to stream for `seconds` at `rate`, a few hundred builds at -j<jobs>.
    QTemporaryDir dir;
    bench::GeneratorOptions options;
    options.lines = static_cast<std::int64_t>(rate * seconds * 1.2);
    options.builds = std::max(20, static_cast<int>(options.lines / 500));
    options.jobs = std::max(1, parser.value(jobsOpt).toInt());
    bench::LogGenerator generator(options);
    std::string error;
    const QString saved = dir.filePath(QStringLiteral("stream.flog"));
    if (!generator.write(saved.toStdString(), dir.filePath(QStringLiteral("stream.log")).toStdString(),
                         error)) {
        std::fprintf(stderr, "flakeoff-bench-liveview: %s\n", error.c_str());
        return 1;
    }
    const auto read = LogFileReader::read(saved);
    if (!read.ok || !read.report.endUs) {
        std::fprintf(stderr, "flakeoff-bench-liveview: cannot read the generated log: %s\n",
                     qPrintable(read.error));
        return 1;
    }
    const double logSeconds = static_cast<double>(*read.report.endUs) / 1e6;
    const auto lines = static_cast<double>(read.report.lineCount);
    const double speed = rate * logSeconds / lines; // replay speed that makes `rate` lines a second

    LiveRunView view;
    view.resize(1280, 800);
    view.show();
    view.beginRun(LiveRunView::Mode::Replay, QStringLiteral("benchmark"), 1);
    ReplayDriver driver;
    driver.setSpeed(speed);
    view.setClockSpeed(speed);
    QObject::connect(&driver, &ReplayDriver::progress, &view, &LiveRunView::showProgress);
    QObject::connect(&driver, &ReplayDriver::buildUpdated, &view, [&](std::shared_ptr<const BuildReport> r) {
        view.showReport(std::move(r), driver.streamNowUs());
    });
    QObject::connect(&driver, &ReplayDriver::message, &view, &LiveRunView::addMessage);
    std::int64_t maxLinesShown = 0;
    QObject::connect(&driver, &ReplayDriver::buildUpdated, &view, [&](std::shared_ptr<const BuildReport> r) {
        maxLinesShown = std::max(maxLinesShown, r->lineCount);
    });

    // Baseline: the same window, nothing streaming.
    const Latency idle = probe([] { return false; }, 2000);

    QElapsedTimer streamClock;
    driver.startLog(saved);
    streamClock.start();
    const auto limitMs = static_cast<qint64>(seconds * 1000);
    const Latency busy = probe([&] { return !driver.isRunning(); }, limitMs);
    const double streamedS = static_cast<double>(streamClock.elapsed()) / 1000.0;
    const double achieved = static_cast<double>(maxLinesShown) / streamedS;
    driver.cancel();

    const double worst = busy.maxMs();
    const bool met = worst < kGoalMs;
    if (parser.isSet(jsonOpt)) {
        const nlohmann::json j = {{"build_type", FLAKEOFF_BENCH_BUILD_TYPE},
                                  {"rate_asked", rate},
                                  {"rate_achieved", achieved},
                                  {"seconds", streamedS},
                                  {"builds", read.report.builds.size()},
                                  {"longest_stall_ms", worst},
                                  {"p99_gap_ms", busy.percentile(0.99)},
                                  {"idle_longest_stall_ms", idle.maxMs()},
                                  {"idle_p99_gap_ms", idle.percentile(0.99)},
                                  {"goal_ms", kGoalMs},
                                  {"goal_met", met}};
        std::puts(j.dump(2).c_str());
    } else {
        std::printf("build type %s; %s platform\n", FLAKEOFF_BENCH_BUILD_TYPE,
                    qPrintable(QGuiApplication::platformName()));
        std::printf("streamed %.0f log lines/s (asked %.0f) for %.1f s: %zu builds at -j%d, parsed on the "
                    "GUI thread\n",
                    achieved, rate, streamedS, read.report.builds.size(), options.jobs);
        std::printf("event-loop latency (1 ms timer)   idle: longest %.1f ms, p99 %.1f ms\n", idle.maxMs(),
                    idle.percentile(0.99));
        std::printf("                             streaming: longest %.1f ms, p99 %.1f ms\n", worst,
                    busy.percentile(0.99));
        std::printf("longest GUI-thread stall %.1f ms: goal < %.0f ms %s\n", worst, kGoalMs,
                    met ? "met" : "NOT met");
    }
    return met ? 0 : 3;
}
