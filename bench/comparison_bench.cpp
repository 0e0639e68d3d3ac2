// SPDX-License-Identifier: MIT
// flakeoff-bench-compare: time from opening a saved session of 100 builds (one of them a build of
// 5,000 derivations) to the first paint of every chart of the comparison view, against a baseline
// measured in the same run: the same view painting with no session at all.
#include "ChartAdapter.h"
#include "ComparisonView.h"
#include "MeasurementTableModel.h"
#include "report/SessionSummary.h"
#include "session/SessionStore.h"

#include <QApplication>
#include <QBarSeries>
#include <QChart>
#include <QChartView>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QWindow>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <set>
#include <vector>

#ifndef FLAKEOFF_BENCH_BUILD_TYPE
#define FLAKEOFF_BENCH_BUILD_TYPE "unknown"
#endif

using namespace flakeoff;
using flakeoff::app::ChartAdapter;
using flakeoff::app::ComparisonView;
using json = nlohmann::json;

namespace {

constexpr double kGoalS = 1.0; // open + first paint of all charts
constexpr int kBigBuild = 5000;

// Deterministic pseudo-random numbers (the same session every run, every machine).
struct Lcg
{
    std::uint64_t state = 0x2545F4914F6CDD1DULL;
    double next()
    {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<double>(state >> 11) / static_cast<double>(1ULL << 53);
    }
};

// `count` derivations scheduled on two build slots, as Nix does with two cores: each starts when a
// slot frees up; phases unpack, configure, build, install.
std::shared_ptr<BuildReport> report(const std::string &prefix, int count, Lcg &rng, double *wallS)
{
    auto r = std::make_shared<BuildReport>();
    r->timed = true;
    r->firstEventUs = 0;
    const std::int64_t eval = 400'000 + static_cast<std::int64_t>(rng.next() * 300'000);
    std::int64_t slots[2] = {eval, eval};
    for (int i = 0; i < count; ++i) {
        std::int64_t &slot = slots[0] <= slots[1] ? slots[0] : slots[1];
        const std::int64_t duration =
            200'000 + static_cast<std::int64_t>(rng.next() * rng.next() * 20'000'000);
        DerivationBuild b;
        b.name = prefix + "-" + std::to_string(i) + "-0.1.0";
        b.drvPath = "/nix/store/" + std::string(32, static_cast<char>('a' + i % 26)) + "-" + b.name + ".drv";
        b.status = BuildStatus::Built;
        b.startUs = slot;
        b.endUs = slot + duration;
        const std::int64_t p1 = slot + duration / 20, p2 = slot + duration / 10,
                           p3 = slot + duration * 9 / 10;
        b.phases = {{"unpackPhase", slot, p1},
                    {"configurePhase", p1, p2},
                    {"buildPhase", p2, p3},
                    {"installPhase", p3, slot + duration}};
        b.logLines = 20;
        b.firstLine = i * 10 + 1;
        slot += duration + 1000;
        r->builds.push_back(std::move(b));
    }
    const std::int64_t end = std::max(slots[0], slots[1]) + 50'000;
    r->endUs = end;
    r->lastEventUs = end;
    r->exitCode = 0;
    r->lineCount = count * 10 + 40;
    *wallS = static_cast<double>(end) / 1e6;
    return r;
}

// 5 strategies × 2 targets × 5 steps × 2 runs = 100 builds; per-crate's first cold build of the app
// has 5,000 derivations.
Session makeSession()
{
    Session s;
    s.workspace = QStringLiteral("/bench/workspace");
    s.scenario = Scenario::standard();
    s.scenario.steps.resize(5);
    s.strategies = {QStringLiteral("monolithic"), QStringLiteral("deps-split"), QStringLiteral("per-crate"),
                    QStringLiteral("crane"), QStringLiteral("naersk")};
    s.targets = {QStringLiteral("app"), QStringLiteral("wasm")};
    s.repeat = 2;
    s.status = Session::Status::Finished;
    Lcg rng;
    int n = 0;
    for (const auto &step : s.scenario.steps)
        for (const QString &strategy : s.strategies)
            for (const QString &target : s.targets)
                for (int rep = 0; rep < 2; ++rep) {
                    Measurement m;
                    m.strategy = strategy;
                    m.layout = QStringLiteral("workspace");
                    m.target = target;
                    m.step = step.id;
                    m.repetition = rep;
                    m.startedAt = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).addSecs(++n * 120);
                    const bool big = strategy == QLatin1String("per-crate") &&
                                     target == QLatin1String("app") &&
                                     step.kind == ScenarioStep::Kind::Cold && rep == 0;
                    const int count =
                        big                                     ? kBigBuild
                        : step.kind == ScenarioStep::Kind::Cold ? 20 + static_cast<int>(rng.next() * 40)
                        : step.kind == ScenarioStep::Kind::Noop ? 0
                                                                : 1 + static_cast<int>(rng.next() * 4);
                    double wall = 0;
                    m.report = report(strategy.toStdString() + "-" + target.toStdString(), count, rng, &wall);
                    m.wallUs = static_cast<std::int64_t>(wall * 1e6);
                    m.cpuUserUs = m.wallUs * 3 / 2;
                    m.cpuSystemUs = m.wallUs / 8;
                    m.outputBytes = 3'000'000 + static_cast<std::int64_t>(rng.next() * 1e6);
                    m.closureBytes = m.outputBytes + 800'000;
                    m.intermediateBytes = strategy == QLatin1String("monolithic")
                                              ? 0
                                              : static_cast<std::int64_t>(4e7 + rng.next() * 8e7);
                    m.storeGrowthBytes = m.closureBytes + m.intermediateBytes;
                    m.logFile =
                        QStringLiteral("%1/%2-%3-run%4.flog").arg(strategy, step.id, target).arg(rep + 1);
                    if (strategy == QLatin1String("naersk") && target == QLatin1String("wasm") && rep == 1) {
                        m.outcome = Measurement::Outcome::Failed;
                        m.error = QStringLiteral("builder for 'wasm.drv' failed with exit code 101");
                        m.outputBytes = m.closureBytes = m.intermediateBytes = m.storeGrowthBytes = -1;
                    }
                    s.measurements.push_back(std::move(m));
                }
    return s;
}

// Notes which chart views have painted at least once.
class PaintWatcher : public QObject
{
public:
    std::set<QObject *> painted;
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            painted.insert(watched);
        return false;
    }
};

struct Run
{
    double loadS = 0;
    double setSessionS = 0;
    double paintS = 0; // show → every chart painted
    double totalS = 0; // load + setSession + paint
    bool checksOk = false;
};

// Opens the view (with or without the session file) and waits for every chart's first paint.
Run openAndPaint(const QString &sessionPath, bool withSession)
{
    Run run;
    QElapsedTimer clock;
    clock.start();
    std::shared_ptr<const Session> session;
    if (withSession) {
        QString error;
        auto loaded = SessionStore::load(sessionPath, &error);
        if (!loaded) {
            std::fprintf(stderr, "flakeoff-bench-compare: %s\n", qPrintable(error));
            return run;
        }
        session = std::make_shared<const Session>(std::move(*loaded));
    }
    run.loadS = static_cast<double>(clock.nsecsElapsed()) / 1e9;

    ComparisonView view;
    view.resize(1400, 900);
    PaintWatcher watcher;
    for (int i = 0; i < ComparisonView::kChartCount; ++i)
        view.chartView(static_cast<ComparisonView::Chart>(i))->viewport()->installEventFilter(&watcher);
    const qint64 setStart = clock.nsecsElapsed();
    view.setSession(session, sessionPath);
    const Measurement *big = nullptr;
    if (session)
        for (const auto &m : session->measurements)
            if (m.report && m.report->builds.size() == kBigBuild)
                big = &m;
    if (big)
        view.showBuild(*big);
    const qint64 shown = clock.nsecsElapsed();
    run.setSessionS = static_cast<double>(shown - setStart) / 1e9;
    view.show();
    QElapsedTimer guard;
    guard.start();
    while (watcher.painted.size() < static_cast<std::size_t>(ComparisonView::kChartCount) &&
           guard.elapsed() < 30'000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    const qint64 painted = clock.nsecsElapsed();
    run.paintS = static_cast<double>(painted - shown) / 1e9;
    run.totalS = static_cast<double>(painted) / 1e9;

    // What was painted is what the session holds.
    if (!session) {
        run.checksOk = watcher.painted.size() == ComparisonView::kChartCount;
    } else {
        const SessionSummary summary(*session);
        ChartAdapter *rebuild = view.adapter(ComparisonView::Chart::RebuildCost);
        ChartAdapter *timeline = view.adapter(ComparisonView::Chart::Timeline);
        run.checksOk = watcher.painted.size() == ComparisonView::kChartCount && rebuild->barSeries() &&
                       rebuild->barSeries()->count() == summary.strategies().size() &&
                       timeline->timelineRowCount() == kBigBuild &&
                       view.measurementModel()->rowCount() == static_cast<int>(session->measurements.size());
    }
    return run;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

// The view as a user sees it, in each look, and every chart exported: for README images and for
// looking at the charts without a display.
bool screenshots(const QString &sessionPath, const QString &outDir)
{
    QString error;
    auto loaded = SessionStore::load(sessionPath, &error);
    if (!loaded) {
        std::fprintf(stderr, "flakeoff-bench-compare: %s\n", qPrintable(error));
        return false;
    }
    QDir().mkpath(outDir);
    auto session = std::make_shared<const Session>(std::move(*loaded));
    ComparisonView view;
    view.resize(1400, 950);
    view.setSession(session, sessionPath);
    // The build with the most derivations: the timeline worth looking at.
    const Measurement *biggest = nullptr;
    for (const auto &m : session->measurements)
        if (m.report && (!biggest || m.report->builds.size() > biggest->report->builds.size()))
            biggest = &m;
    if (biggest)
        view.showBuild(*biggest);
    view.show();
    QElapsedTimer guard;
    guard.start();
    while ((!view.windowHandle() || !view.windowHandle()->isExposed()) && guard.elapsed() < 10'000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    struct Look
    {
        const char *name;
        ChartAdapter::Theme theme;
        bool presentation;
    };
    const Look looks[] = {{"light", ChartAdapter::Theme::Light, false},
                          {"dark", ChartAdapter::Theme::Dark, false},
                          {"presentation", ChartAdapter::Theme::Light, true}};
    bool ok = true;
    for (const Look &look : looks) {
        view.setTheme(look.theme);
        view.setPresentation(look.presentation);
        // Let Qt Charts delete the old items and lay the new ones out before grabbing.
        for (int i = 0; i < 5; ++i) {
            QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        }
        const QString name = QStringLiteral("%1/view-%2.png").arg(outDir, QLatin1String(look.name));
        ok = view.grab().save(name) && ok;
        for (int i = 0; i < ComparisonView::kChartCount; ++i) {
            const auto which = static_cast<ComparisonView::Chart>(i);
            for (const char *suffix : {"png", "svg"}) {
                const QString file = QStringLiteral("%1/%2-%3.%4")
                                         .arg(outDir, ComparisonView::chartName(which),
                                              QLatin1String(look.name), QLatin1String(suffix));
                if (!view.exportChart(which, file, &error)) {
                    std::fprintf(stderr, "flakeoff-bench-compare: %s\n", qPrintable(error));
                    ok = false;
                }
            }
        }
    }
    std::printf("screenshots of %s written to %s\n", qPrintable(sessionPath), qPrintable(outDir));
    return ok;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Time to first paint of the comparison view's charts"));
    parser.addHelpOption();
    const QCommandLineOption runsOpt(QStringLiteral("runs"), QStringLiteral("Runs per case (default 5)."),
                                     QStringLiteral("n"), QStringLiteral("5"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("Print the figures as JSON."));
    const QCommandLineOption shotsOpt(
        QStringLiteral("screenshots"),
        QStringLiteral("Instead of timing: save the view (light, dark, presentation) and every chart as PNG "
                       "and SVG into <dir>."),
        QStringLiteral("dir"));
    const QCommandLineOption sessionOpt(
        QStringLiteral("open"),
        QStringLiteral("Screenshots of this saved session instead of the generated one (not --session: "
                       "QGuiApplication takes that for session management)."),
        QStringLiteral("file"));
    parser.addOption(runsOpt);
    parser.addOption(jsonOpt);
    parser.addOption(shotsOpt);
    parser.addOption(sessionOpt);
    parser.process(app);
    const int runs = std::max(1, parser.value(runsOpt).toInt());

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bench-session.json"));
    const Session session = makeSession();
    QString error;
    if (!SessionStore::save(session, path, &error)) {
        std::fprintf(stderr, "flakeoff-bench-compare: %s\n", qPrintable(error));
        return 1;
    }
    if (parser.isSet(shotsOpt))
        return screenshots(parser.isSet(sessionOpt) ? parser.value(sessionOpt) : path, parser.value(shotsOpt))
                   ? 0
                   : 1;
    const qint64 fileBytes = QFileInfo(path).size();

    std::vector<Run> full;
    std::vector<Run> empty;
    for (int i = 0; i < runs; ++i) {
        empty.push_back(openAndPaint(path, false));
        full.push_back(openAndPaint(path, true));
    }
    auto pick = [](const std::vector<Run> &rs, double Run::*f) {
        std::vector<double> v;
        for (const Run &r : rs)
            v.push_back(r.*f);
        return median(v);
    };
    const double total = pick(full, &Run::totalS);
    const double first = full.front().totalS;
    const double baseline = pick(empty, &Run::totalS);
    bool checks = true;
    for (const Run &r : full)
        checks = checks && r.checksOk;
    for (const Run &r : empty)
        checks = checks && r.checksOk;
    const bool met = std::max(total, first) < kGoalS;

    if (parser.isSet(jsonOpt)) {
        json j = {{"build_type", FLAKEOFF_BENCH_BUILD_TYPE},
                  {"platform", QGuiApplication::platformName().toStdString()},
                  {"builds", session.measurements.size()},
                  {"largest_build_derivations", kBigBuild},
                  {"session_file_bytes", fileBytes},
                  {"runs", runs},
                  {"median_load_s", pick(full, &Run::loadS)},
                  {"median_set_session_s", pick(full, &Run::setSessionS)},
                  {"median_paint_s", pick(full, &Run::paintS)},
                  {"median_total_s", total},
                  {"first_run_total_s", first},
                  {"baseline_empty_view_s", baseline},
                  {"ratio_to_baseline", baseline > 0 ? total / baseline : 0.0},
                  {"goal_s", kGoalS},
                  {"goal_met", met},
                  {"checks_ok", checks}};
        std::printf("%s\n", j.dump(2).c_str());
        return checks ? 0 : 1;
    }
    std::printf("flakeoff-bench-compare (%s build, %s platform)\n", FLAKEOFF_BENCH_BUILD_TYPE,
                qPrintable(QGuiApplication::platformName()));
    std::printf("session: %zu builds, the largest with %d derivations; file %.1f MB\n",
                session.measurements.size(), kBigBuild, static_cast<double>(fileBytes) / 1e6);
    std::printf("  %-44s %9s\n", ("median of " + std::to_string(runs) + " runs").c_str(), "seconds");
    std::printf("  %-44s %9.3f\n", "load the session file", pick(full, &Run::loadS));
    std::printf("  %-44s %9.3f\n", "setSession (summary, charts, table, timeline)",
                pick(full, &Run::setSessionS));
    std::printf("  %-44s %9.3f\n", "show until every chart has painted", pick(full, &Run::paintS));
    std::printf("  %-44s %9.3f   (first run %.3f; goal < %.1f s)  %s\n", "open to first paint of all charts",
                total, first, kGoalS, met ? "met" : "MISSED");
    std::printf("  %-44s %9.3f   (ratio %.1fx)\n", "baseline: the same view without a session", baseline,
                baseline > 0 ? total / baseline : 0.0);
    std::printf("  %-44s %s\n", "content checks (series, 5,000 rows, table)", checks ? "OK" : "FAILED");
    return checks ? 0 : 1;
}
