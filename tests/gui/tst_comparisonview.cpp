// SPDX-License-Identifier: MIT
// The comparison view, offscreen: its charts against SessionSummary's numbers, hover labels, clicks
// that open the build behind a bar, the measurement table and its filters (both models under
// QAbstractItemModelTester), live updates, exports, themes, a saved session reopened, and the
// sentences shown instead of empty charts.
#include "ChartAdapter.h"
#include "ComparisonView.h"
#include "MeasurementFilterProxyModel.h"
#include "MeasurementTableModel.h"
#include "TimelineView.h"
#include "report/ChartData.h"
#include "report/SessionSummary.h"
#include "report/StrategyColors.h"
#include "session/SessionStore.h"

#include <QAbstractItemModelTester>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPushButton>
#include <QScatterSeries>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSvgRenderer>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <set>

using namespace flakeoff;
using flakeoff::app::ChartAdapter;
using flakeoff::app::ComparisonView;
using flakeoff::app::MeasurementFilterProxyModel;
using flakeoff::app::MeasurementTableModel;
using Chart = ComparisonView::Chart;
using O = Measurement::Outcome;

Q_DECLARE_METATYPE(ComparisonView::Chart)

namespace {
constexpr std::int64_t kMs = 1000;
constexpr std::int64_t kMiB = 1024 * 1024;

// A derivation from `startMs` to `endMs`, with a build phase over most of it.
DerivationBuild derivation(const std::string &name, std::int64_t startMs, std::int64_t endMs,
                           BuildStatus status = BuildStatus::Built)
{
    DerivationBuild b;
    b.name = name;
    b.drvPath = "/nix/store/" + std::string(32, 'a') + "-" + name + ".drv";
    b.status = status;
    b.startUs = startMs * kMs;
    b.endUs = endMs * kMs;
    const std::int64_t mid = startMs + (endMs - startMs) / 10;
    b.phases.push_back({"unpackPhase", startMs * kMs, mid * kMs});
    b.phases.push_back({"buildPhase", mid * kMs, endMs * kMs});
    return b;
}

// One build of `count` derivations in a chain (each starts when the one before ends).
std::shared_ptr<BuildReport> chainReport(const QString &strategy, int count, std::int64_t wallMs,
                                         bool failLast)
{
    auto r = std::make_shared<BuildReport>();
    r->timed = true;
    r->firstEventUs = 0;
    r->endUs = wallMs * kMs;
    r->exitCode = failLast ? 1 : 0;
    const std::int64_t eval = 300;
    const std::int64_t each = count ? (wallMs - eval - 10) / count : 0;
    for (int i = 0; i < count; ++i) {
        const bool last = i == count - 1;
        r->builds.push_back(derivation(strategy.toStdString() + "-part-" + std::to_string(i), eval + i * each,
                                       eval + (i + 1) * each,
                                       last && failLast ? BuildStatus::Failed : BuildStatus::Built));
        if (last && failLast) // what Nix says of a builder that printed no error line
            r->builds.back().error = "builder for '/nix/store/" + strategy.toStdString() + "-part-" +
                                     std::to_string(i) + ".drv' failed with exit code 101";
    }
    return r;
}

Measurement measurement(const QString &strategy, const QString &target, const QString &step, int rep,
                        double wallS, int built, O outcome = O::Succeeded, bool warmup = false)
{
    Measurement m;
    m.strategy = strategy;
    m.layout = QStringLiteral("workspace");
    m.target = target;
    m.step = step;
    m.repetition = rep;
    m.warmup = warmup;
    m.startedAt =
        QDateTime(QDate(2026, 1, 2), QTime(10, 0, 0).addSecs(rep * 60 + (warmup ? 3000 : 0)), Qt::UTC)
            .addMSecs(static_cast<qint64>(wallS * 7)); // distinct starts
    m.outcome = outcome;
    m.wallUs = static_cast<std::int64_t>(wallS * 1e6);
    m.cpuUserUs = m.wallUs / 2;
    m.cpuSystemUs = m.wallUs / 10;
    m.report = chainReport(strategy, built, static_cast<std::int64_t>(wallS * 1000), outcome == O::Failed);
    if (outcome == O::Failed) {
        m.error = QStringLiteral("builder for '%1-wasm.drv' failed with exit code 101").arg(strategy);
        m.exitCode = 1;
    } else {
        m.outputBytes = 3 * kMiB + rep;
        m.closureBytes = (strategy == QLatin1String("monolithic") ? 4 : 5) * kMiB;
        m.intermediateBytes = strategy == QLatin1String("monolithic") ? 0 : 46 * kMiB;
        m.storeGrowthBytes = m.closureBytes + m.intermediateBytes;
    }
    m.logFile = QStringLiteral("%1/%2-%3-run%4%5.flog")
                    .arg(strategy, step, target)
                    .arg(rep + 1)
                    .arg(warmup ? QStringLiteral("-warmup") : QString());
    return m;
}

// Three strategies (one more skipped), two targets, the quick scenario, three runs each, one
// warm-up, one failed run, one cell with only failures, and a strategy that never ran wasm's noop.
Session sampleSession()
{
    Session s;
    s.workspace = QStringLiteral("/tmp/sample");
    s.scenario = *Scenario::builtin(QStringLiteral("quick"));
    s.strategies = {QStringLiteral("monolithic"), QStringLiteral("deps-split"), QStringLiteral("per-crate"),
                    QStringLiteral("crane")};
    s.skipped[QStringLiteral("crane")] = QStringLiteral("needs network access to fetch its inputs");
    s.targets = {QStringLiteral("app"), QStringLiteral("wasm")};
    s.repeat = 3;
    s.warmup = 1;
    s.status = Session::Status::Finished;
    const QString mono = QStringLiteral("monolithic"), deps = QStringLiteral("deps-split"),
                  crate = QStringLiteral("per-crate");
    const QString app = QStringLiteral("app"), wasm = QStringLiteral("wasm");
    const QString cold = QStringLiteral("cold"), noop = QStringLiteral("noop"),
                  leaf = QStringLiteral("edit-leaf");
    s.measurements.push_back(measurement(mono, app, cold, 0, 95.0, 2, O::Succeeded, true));
    for (int rep = 0; rep < 3; ++rep) {
        s.measurements.push_back(measurement(mono, app, cold, rep, 60.0 + rep, 2));
        s.measurements.push_back(measurement(deps, app, cold, rep, 70.0 + 2 * rep, 3));
        s.measurements.push_back(measurement(crate, app, cold, rep, 80.0 - rep, 9));
        s.measurements.push_back(measurement(mono, app, noop, rep, 0.8 + rep * 0.1, 0));
        s.measurements.push_back(measurement(deps, app, noop, rep, 0.9, 0));
        s.measurements.push_back(measurement(crate, app, noop, rep, 1.2, 0));
        s.measurements.push_back(measurement(mono, app, leaf, rep, 58.0 + rep, 1));
        s.measurements.push_back(measurement(deps, app, leaf, rep, 12.0 + rep, 1));
        s.measurements.push_back(measurement(crate, app, leaf, rep, 4.0 + rep * 0.5, 1 + rep));
        s.measurements.push_back(measurement(mono, wasm, cold, rep, 40.0 + rep, 2));
        s.measurements.push_back(
            measurement(deps, wasm, cold, rep, 45.0, 3, rep == 2 ? O::Failed : O::Succeeded));
        s.measurements.push_back(measurement(crate, wasm, cold, rep, 30.0, 5, O::Failed));
        s.measurements.push_back(measurement(mono, wasm, noop, rep, 0.7, 0));
    }
    return s;
}

// Every build of the wasm target failed.
Session failedSession()
{
    Session s;
    s.scenario = *Scenario::builtin(QStringLiteral("quick"));
    s.strategies = {QStringLiteral("monolithic"), QStringLiteral("deps-split")};
    s.targets = {QStringLiteral("wasm")};
    s.status = Session::Status::Finished;
    for (const QString &strategy : s.strategies)
        s.measurements.push_back(
            measurement(strategy, QStringLiteral("wasm"), QStringLiteral("cold"), 0, 12.0, 2, O::Failed));
    return s;
}

// app built cold by monolithic; deps-split's cold runs were all cancelled, its noop runs only in
// part (one succeeded, one cancelled).
Session cancelledSession()
{
    Session s;
    s.scenario = *Scenario::builtin(QStringLiteral("quick"));
    s.strategies = {QStringLiteral("monolithic"), QStringLiteral("deps-split")};
    s.targets = {QStringLiteral("app")};
    s.repeat = 2;
    s.status = Session::Status::Cancelled;
    const QString mono = QStringLiteral("monolithic"), deps = QStringLiteral("deps-split"),
                  app = QStringLiteral("app");
    const QString cold = QStringLiteral("cold"), noop = QStringLiteral("noop");
    for (int rep = 0; rep < 2; ++rep) {
        s.measurements.push_back(measurement(mono, app, cold, rep, 60.0 + rep, 2));
        s.measurements.push_back(measurement(mono, app, noop, rep, 0.8, 0));
        Measurement stopped = measurement(deps, app, cold, rep, 20.0, 1, O::Cancelled);
        stopped.error = QStringLiteral("cancelled by the user");
        s.measurements.push_back(stopped);
        s.measurements.push_back(
            measurement(deps, app, noop, rep, 0.9, 0, rep == 0 ? O::Succeeded : O::Cancelled));
    }
    return s;
}

template <typename T> T *child(const QObject &parent, const char *name)
{
    return parent.findChild<T *>(QLatin1String(name));
}

QList<QBarSet *> barSets(ChartAdapter *a)
{
    return a->barSeries() ? a->barSeries()->barSets() : QList<QBarSet *>();
}

// The numbers every chart of one target must hold, straight from the session summary.
struct Expected
{
    std::vector<std::vector<double>> values; // per series, per category; 0 for gaps
    int whiskers = 0;
    int fastest = 0;
    int failed = 0;
};

Expected expectedFor(const SessionSummary &sum, Chart which, const QString &target)
{
    Expected e;
    if (which == Chart::StoreCost) {
        e.values.resize(2);
        for (const QString &strategy : sum.strategies()) {
            const CellSummary *c = sum.storeCell(strategy, target);
            e.values[0].push_back(c && c->closureBytes >= 0 ? static_cast<double>(c->closureBytes) : 0.0);
            e.values[1].push_back(c && c->intermediateBytes >= 0 ? static_cast<double>(c->intermediateBytes)
                                                                 : 0.0);
        }
        return e;
    }
    for (const QString &strategy : sum.strategies()) {
        std::vector<double> row;
        for (const QString &step : sum.steps(target)) {
            const CellSummary *c = sum.cell(strategy, target, step);
            if (!c) {
                row.push_back(0);
                continue;
            }
            if (which == Chart::RebuildCost) {
                row.push_back(c->hasTime() ? c->wallS.median : 0.0);
                e.whiskers += c->wallS.count > 1 ? 1 : 0;
                e.fastest += c->fastest ? 1 : 0;
                e.failed += c->failed > 0 ? 1 : 0;
            } else {
                row.push_back(c->built.count ? c->built.median : 0.0);
                e.whiskers += c->built.count && c->built.min != c->built.max ? 1 : 0;
                e.failed += c->built.count && c->failed > 0 ? 1 : 0;
            }
        }
        e.values.push_back(row);
    }
    return e;
}

// Every number a chart shows, in order (series values, whisker points, markers), to compare views.
QList<double> chartNumbers(ChartAdapter *a)
{
    QList<double> out;
    const auto series = a->chart()->series();
    for (QAbstractSeries *s : series) {
        if (auto *bars = qobject_cast<QBarSeries *>(s)) {
            const auto sets = bars->barSets();
            for (QBarSet *set : sets)
                for (int i = 0; i < set->count(); ++i)
                    out << set->at(i);
        } else if (auto *xy = qobject_cast<QXYSeries *>(s)) {
            const auto points = xy->points();
            for (const QPointF &p : points)
                out << p.x() << p.y();
        }
    }
    return out;
}
} // namespace

class TestComparisonView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noSessionSaysWhy();
    void runningSessionWaits();
    void problemsInWords();
    void chartsHoldSummaryNumbers_data();
    void chartsHoldSummaryNumbers();
    void storeCostScalesUnit();
    void hoverShowsExactValue();
    void clickOpensBuildBehindBar_data();
    void clickOpensBuildBehindBar();
    void failedMarkerOpensFailedRun();
    void cancelledCellsMarked();
    void timelineOfBuild();
    void timelineStatesInWords();
    void bigTimelineScrolls();
    void onlyFailuresSaysWhy();
    void tableHasEveryMeasurement();
    void filters_data();
    void filters();
    void sortsNumbersAndSessionOrder();
    void modelsPassModelTester();
    void liveUpdateInsertsRows();
    void targetSelector();
    void exports_data();
    void exports();
    void exportRefusesBadNames();
    void themes();
    void savedSessionRestoresEverything();
};

void TestComparisonView::noSessionSaysWhy()
{
    ComparisonView view;
    view.resize(1200, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    for (int i = 0; i < ComparisonView::kChartCount; ++i) {
        ChartAdapter *a = view.adapter(static_cast<Chart>(i));
        QCOMPARE(a->content(), ChartAdapter::Content::Message);
        QVERIFY2(a->message().contains(QLatin1String("No session is open")), qPrintable(a->message()));
        QVERIFY(a->chart()->series().isEmpty());
    }
    QCOMPARE(view.measurementModel()->rowCount(), 0);
    QCOMPARE(view.targets(), QStringList());
}

void TestComparisonView::runningSessionWaits()
{
    auto s = std::make_shared<Session>();
    s->strategies = {QStringLiteral("monolithic")};
    s->targets = {QStringLiteral("app")};
    s->status = Session::Status::Running;
    ComparisonView view;
    view.setSession(s);
    for (int i = 0; i < ComparisonView::kChartCount; ++i)
        QVERIFY2(view.adapter(static_cast<Chart>(i))
                     ->message()
                     .contains(QLatin1String("Waiting for the first build")),
                 qPrintable(view.adapter(static_cast<Chart>(i))->message()));
    QVERIFY(view.summaryText().contains(QLatin1String("running")));

    s->status = Session::Status::Failed;
    s->statusText = QStringLiteral("nix is not installed");
    view.setSession(s);
    QVERIFY(view.adapter(Chart::RebuildCost)->message().contains(QLatin1String("nix is not installed")));
    const auto *problem = child<QLabel>(view, "comparisonProblem");
    QVERIFY(problem && !problem->isHidden());
    QVERIFY(problem->text().contains(QLatin1String("nix is not installed")));
}

void TestComparisonView::problemsInWords()
{
    auto s = std::make_shared<Session>(sampleSession());
    s->skipped[QStringLiteral("naersk")] = s->skipped[QStringLiteral("crane")];
    s->strategies.append(QStringLiteral("naersk"));
    s->skipped[QStringLiteral("cargo2nix")] = QStringLiteral("its generator is not installed");
    s->strategies.append(QStringLiteral("cargo2nix"));
    s->status = Session::Status::Cancelled;
    s->statusText = QStringLiteral("cancelled");
    ComparisonView view;
    view.setSession(s);
    const auto *problem = child<QLabel>(view, "comparisonProblem");
    QVERIFY(problem && !problem->isHidden());
    const QStringList lines = problem->text().split(QLatin1Char('\n'));
    // Per step in the core's words (NotRunSteps), one line per cause.
    QCOMPARE(lines,
             (QStringList{QStringLiteral("The run was cancelled before it finished."),
                          QStringLiteral("crane, naersk: not run (needs network access to fetch its inputs)"),
                          QStringLiteral("cargo2nix: not run (its generator is not installed)")}));
    s->status = Session::Status::Finished;
    s->skipped.clear();
    view.setSession(std::make_shared<const Session>(*s));
    QVERIFY(problem->isHidden());
}

void TestComparisonView::chartsHoldSummaryNumbers_data()
{
    QTest::addColumn<Chart>("chart");
    QTest::addColumn<QString>("target");
    for (const char *target : {"app", "wasm"}) {
        QTest::addRow("rebuild cost %s", target) << Chart::RebuildCost << QString::fromLatin1(target);
        QTest::addRow("derivations rebuilt %s", target)
            << Chart::DerivationsRebuilt << QString::fromLatin1(target);
        QTest::addRow("store cost %s", target) << Chart::StoreCost << QString::fromLatin1(target);
    }
}

void TestComparisonView::chartsHoldSummaryNumbers()
{
    QFETCH(Chart, chart);
    QFETCH(QString, target);
    auto session = std::make_shared<const Session>(sampleSession());
    const SessionSummary sum(*session);
    ComparisonView view;
    view.setSession(session);
    view.setTarget(target);
    QCOMPARE(view.target(), target);
    ChartAdapter *a = view.adapter(chart);
    QCOMPARE(a->content(), ChartAdapter::Content::Bars);
    QVERIFY2(a->message().isEmpty(), qPrintable(a->message()));

    const Expected e = expectedFor(sum, chart, target);
    const auto sets = barSets(a);
    QCOMPARE(sets.size(), static_cast<qsizetype>(e.values.size()));
    const QStringList categories = chart == Chart::StoreCost ? sum.strategies() : sum.steps(target);
    for (qsizetype j = 0; j < sets.size(); ++j) {
        QCOMPARE(sets[j]->count(), categories.size());
        for (int i = 0; i < sets[j]->count(); ++i)
            QCOMPARE(sets[j]->at(i) * a->valueScale(),
                     e.values[static_cast<std::size_t>(j)][static_cast<std::size_t>(i)]);
    }
    if (chart != Chart::StoreCost) {
        // The strategy, named as every legend names it: a layout model says so.
        QCOMPARE(sets[0]->label(), StrategyColors::legendName(sum.strategies().first()));
        QCOMPARE(sets[0]->label(), QStringLiteral("monolithic (model)"));
        QCOMPARE(a->whiskerCount(), e.whiskers);
        QCOMPARE(a->fastestMarkers() ? a->fastestMarkers()->count() : 0, e.fastest);
        QCOMPARE(a->failedMarkers() ? a->failedMarkers()->count() : 0, e.failed);
    }
    // The data behind the chart is exactly what ChartDataBuilder makes of the summary.
    const BarChartData expected = chart == Chart::RebuildCost ? ChartDataBuilder::rebuildCost(sum, target)
                                  : chart == Chart::DerivationsRebuilt
                                      ? ChartDataBuilder::derivationsRebuilt(sum, target)
                                      : ChartDataBuilder::storeCost(sum, target);
    QCOMPARE(a->bars().id, expected.id);
    QCOMPARE(a->bars().categories, expected.categories);
    QVERIFY(a->chart()->title().contains(expected.title.toHtmlEscaped()));
}

void TestComparisonView::storeCostScalesUnit()
{
    auto session = std::make_shared<const Session>(sampleSession());
    ComparisonView view;
    view.setSession(session);
    ChartAdapter *a = view.adapter(Chart::StoreCost);
    // 46 MiB is the largest: drawn in MiB, and the axis says so.
    QCOMPARE(a->valueScale(), double(kMiB));
    QCOMPARE(a->valueUnit(), QStringLiteral("MiB"));
    const auto axes = a->chart()->axes(Qt::Vertical);
    QVERIFY(!axes.isEmpty());
    QVERIFY2(axes.first()->titleText().contains(QLatin1String("MiB")), qPrintable(axes.first()->titleText()));
    QCOMPARE(barSets(a)[1]->at(1), 46.0);
}

void TestComparisonView::hoverShowsExactValue()
{
    auto session = std::make_shared<const Session>(sampleSession());
    ComparisonView view;
    view.resize(1200, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setSession(session);
    ChartAdapter *a = view.adapter(Chart::RebuildCost);
    const auto sets = barSets(a);
    QVERIFY(sets.size() >= 2);
    // deps-split at cold: median 72 s, runs 70–74 s.
    Q_EMIT sets[1]->hovered(true, 0);
    const BarValue &v = *a->bars().series[1].values[0];
    QVERIFY2(v.label.contains(ChartDataBuilder::formatSeconds(72.0)), qPrintable(v.label));
    QVERIFY2(a->hoverText().contains(v.label), qPrintable(a->hoverText()));
    QVERIFY(a->hoverText().contains(
        QStringLiteral("min %1, max %2")
            .arg(ChartDataBuilder::formatSeconds(70.0), ChartDataBuilder::formatSeconds(74.0))));
    Q_EMIT sets[1]->hovered(false, 0);

    // The fastest marker explains itself too.
    QScatterSeries *fastest = a->fastestMarkers();
    QVERIFY(fastest && fastest->count() > 0);
    Q_EMIT fastest->hovered(fastest->at(0), true);
    QVERIFY(a->hoverText().contains(QLatin1String("fastest")));
}

void TestComparisonView::clickOpensBuildBehindBar_data()
{
    QTest::addColumn<Chart>("chart");
    QTest::addColumn<int>("set");
    QTest::addColumn<int>("category");
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("step");
    QTest::addColumn<int>("repetition"); // the run nearest the median
    QTest::newRow("rebuild cost, deps-split cold") << Chart::RebuildCost << 1 << 0 << "deps-split"
                                                   << "cold" << 1;
    QTest::newRow("rebuild cost, per-crate edit-leaf") << Chart::RebuildCost << 2 << 2 << "per-crate"
                                                       << "edit-leaf" << 1;
    QTest::newRow("derivations, monolithic noop") << Chart::DerivationsRebuilt << 0 << 1 << "monolithic"
                                                  << "noop" << 1;
    QTest::newRow("store cost, per-crate closure") << Chart::StoreCost << 0 << 2 << "per-crate"
                                                   << "cold" << 1;
}

void TestComparisonView::clickOpensBuildBehindBar()
{
    QFETCH(Chart, chart);
    QFETCH(int, set);
    QFETCH(int, category);
    QTemporaryDir dir;
    const QString sessionPath = dir.filePath(QStringLiteral("s.json"));
    auto session = std::make_shared<const Session>(sampleSession());
    ComparisonView view;
    view.setSession(session, sessionPath);
    QSignalSpy requested(&view, &ComparisonView::buildRequested);
    Q_EMIT barSets(view.adapter(chart))[set]->clicked(category);
    QCOMPARE(requested.count(), 1);
    const auto m = requested[0][0].value<Measurement>();
    QTEST(m.strategy, "strategy");
    QTEST(m.step, "step");
    QTEST(m.repetition, "repetition");
    QCOMPARE(m.target, QStringLiteral("app"));
    QVERIFY(!m.warmup);
    QCOMPARE(requested[0][1].toString(), SessionStore::logFolder(sessionPath) + QLatin1Char('/') + m.logFile);
    QCOMPARE(view.logPath(m), requested[0][1].toString());
    // The timeline shows that build.
    const Measurement *shown = view.shownBuild();
    QVERIFY(shown);
    QCOMPARE(shown->strategy, m.strategy);
    QCOMPARE(shown->step, m.step);
    QCOMPARE(shown->repetition, m.repetition);
    ChartAdapter *timeline = view.adapter(Chart::Timeline);
    QVERIFY(timeline->timeline().title.contains(m.strategy));
    QCOMPARE(timeline->timelineRowCount(), static_cast<int>(m.report->builds.size()));
}

void TestComparisonView::failedMarkerOpensFailedRun()
{
    auto session = std::make_shared<const Session>(sampleSession());
    ComparisonView view;
    view.setSession(session);
    view.setTarget(QStringLiteral("wasm"));
    ChartAdapter *a = view.adapter(Chart::RebuildCost);
    QScatterSeries *failed = a->failedMarkers();
    QVERIFY(failed);
    // deps-split (one failed run of three) and per-crate (all failed) at cold.
    QCOMPARE(failed->count(), 2);
    QSignalSpy requested(&view, &ComparisonView::buildRequested);
    Q_EMIT failed->clicked(failed->at(0));
    QCOMPARE(requested.count(), 1);
    const auto m = requested[0][0].value<Measurement>();
    QCOMPARE(m.strategy, QStringLiteral("deps-split"));
    QCOMPARE(m.outcome, O::Failed);
    QCOMPARE(m.repetition, 2);
    // The failure shows in the timeline: its last derivation failed.
    const auto &bars = view.adapter(Chart::Timeline)->timeline().bars;
    QVERIFY(!bars.empty());
    QCOMPARE(bars.back().status, BuildStatus::Failed);
    // A cell with no success has a zero-height bar: its label says it failed and why.
    const BarValue &allFailed = *a->bars().series[2].values[0];
    QVERIFY(allFailed.label.contains(QLatin1String("failed")));
    QVERIFY(allFailed.label.contains(QLatin1String("exit code 101")));
}

void TestComparisonView::cancelledCellsMarked()
{
    auto session = std::make_shared<const Session>(cancelledSession());
    ComparisonView view;
    view.setSession(session);
    ChartAdapter *a = view.adapter(Chart::RebuildCost);
    QCOMPARE(a->content(), ChartAdapter::Content::Bars);
    QVERIFY2(a->message().isEmpty(), qPrintable(a->message()));
    // deps-split's cold cell has no time: a grey marker says "cancelled", not a failure and not a gap.
    QVERIFY(!a->failedMarkers());
    QScatterSeries *cancelled = a->cancelledMarkers();
    QVERIFY(cancelled);
    QCOMPARE(cancelled->count(), 1);
    QCOMPARE(cancelled->name(), QStringLiteral("cancelled"));
    const BarValue &cell = *a->bars().series[1].values[0];
    QVERIFY(cell.cancelled && !cell.failed);
    QCOMPARE(barSets(a)[1]->at(0), 0.0);
    Q_EMIT cancelled->hovered(cancelled->at(0), true);
    QVERIFY2(a->hoverText().contains(QLatin1String("deps-split: cancelled")), qPrintable(a->hoverText()));
    // noop ran once of two: a bar with its time, the label counting the cancelled run.
    const BarValue &noop = *a->bars().series[1].values[1];
    QVERIFY(!noop.cancelled);
    QCOMPARE(noop.value, 0.9);
    QVERIFY2(noop.label.contains(QLatin1String("1 cancelled")), qPrintable(noop.label));
    // A click on the marker opens the cancelled build.
    QSignalSpy requested(&view, &ComparisonView::buildRequested);
    Q_EMIT cancelled->clicked(cancelled->at(0));
    QCOMPARE(requested.count(), 1);
    const auto m = requested[0][0].value<Measurement>();
    QCOMPARE(m.strategy, QStringLiteral("deps-split"));
    QCOMPARE(m.step, QStringLiteral("cold"));
    QCOMPARE(m.outcome, O::Cancelled);
    // The other bar charts: derivations have no cancelled marker (only the rebuild cost has).
    QVERIFY(!view.adapter(Chart::DerivationsRebuilt)->cancelledMarkers());
}

void TestComparisonView::timelineOfBuild()
{
    QTemporaryDir dir;
    auto session = std::make_shared<const Session>(sampleSession());
    ComparisonView view;
    view.resize(1200, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setSession(session, dir.filePath(QStringLiteral("s.json")));
    // By default: the first step of the first strategy (monolithic cold, median run).
    const Measurement *shown = view.shownBuild();
    QVERIFY(shown);
    QCOMPARE(shown->strategy, QStringLiteral("monolithic"));
    QCOMPARE(shown->step, QStringLiteral("cold"));

    // Show per-crate cold (9 derivations in a chain: all on the critical path).
    const Measurement *crate = nullptr;
    for (const auto &m : session->measurements)
        if (m.strategy == QLatin1String("per-crate") && m.step == QLatin1String("cold") &&
            m.target == QLatin1String("app") && m.repetition == 0)
            crate = &m;
    QVERIFY(view.showBuild(*crate));
    view.setPage(ComparisonView::Page::Timeline); // one chart at a time: this one
    ChartAdapter *a = view.adapter(Chart::Timeline);
    QCOMPARE(a->content(), ChartAdapter::Content::Timeline);
    const TimelineData expected = ChartDataBuilder::timeline(*crate->report, QString());
    QCOMPARE(a->timeline().bars.size(), expected.bars.size());
    for (std::size_t i = 0; i < expected.bars.size(); ++i) {
        QCOMPARE(a->timeline().bars[i].name, expected.bars[i].name);
        QCOMPARE(a->timeline().bars[i].startS, expected.bars[i].startS);
        QCOMPARE(a->timeline().bars[i].endS, expected.bars[i].endS);
        QVERIFY(a->timeline().bars[i].onCriticalPath);
    }
    // Legend: built, critical path, unpack and build phases, evaluation.
    QStringList legend;
    const auto series = a->chart()->series();
    for (QAbstractSeries *s : series)
        legend << s->name();
    QVERIFY2(legend.contains(QStringLiteral("built")) && legend.contains(QStringLiteral("critical path")) &&
                 legend.contains(QStringLiteral("build phase")) &&
                 legend.contains(QStringLiteral("unpack phase")),
             qPrintable(legend.join(QLatin1Char(','))));
    QCOMPARE(a->timelineRowsShown() >= 9, true);
    QTRY_VERIFY(!a->chart()->plotArea().isEmpty());

    // Hovering a row names the derivation with its times; clicking it asks for its log.
    const QRectF plot = a->chart()->plotArea();
    const QPointF firstRow(plot.left() + plot.width() * 0.2,
                           plot.top() + plot.height() / a->timelineRowsShown() / 2);
    const QPoint viewportPos = a->view()->mapFromScene(a->chart()->mapToScene(firstRow));
    QCOMPARE(a->timelineRowAt(viewportPos), 0);
    QVERIFY(a->timelineToolTip(0).contains(expected.bars[0].name));
    QVERIFY(a->timelineToolTip(0).contains(expected.bars[0].drvPath));
    QSignalSpy derivation(&view, &ComparisonView::derivationRequested);
    QTest::mouseClick(a->view()->viewport(), Qt::LeftButton, {}, viewportPos);
    QCOMPARE(derivation.count(), 1);
    QCOMPARE(derivation[0][2].toString(), expected.bars[0].drvPath);
    QCOMPARE(derivation[0][0].value<Measurement>().strategy, QStringLiteral("per-crate"));

    // The "Open log" button asks for the shown build's log.
    QSignalSpy requested(&view, &ComparisonView::buildRequested);
    auto *open = child<QPushButton>(view, "openLogButton");
    QVERIFY(open && open->isEnabled());
    open->click();
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested[0][0].value<Measurement>().strategy, QStringLiteral("per-crate"));

    // A measurement from elsewhere is refused.
    Measurement stranger = *crate;
    stranger.repetition = 42;
    QVERIFY(!view.showBuild(stranger));
}

void TestComparisonView::timelineStatesInWords()
{
    auto s = std::make_shared<Session>(sampleSession());
    // noop: nothing built.
    Measurement *noop = nullptr;
    for (auto &m : s->measurements)
        if (m.step == QLatin1String("noop") && m.strategy == QLatin1String("monolithic") &&
            m.target == QLatin1String("app") && m.repetition == 0)
            noop = &m;
    ComparisonView view;
    view.setSession(s);
    QVERIFY(view.showBuild(*noop));
    ChartAdapter *a = view.adapter(Chart::Timeline);
    QVERIFY2(a->message().contains(QLatin1String("No derivation was built")), qPrintable(a->message()));

    // A plain capture without arrival times.
    auto untimed = std::make_shared<BuildReport>(*noop->report);
    untimed->timed = false;
    noop->report = untimed;
    auto copy = std::make_shared<const Session>(*s);
    view.setSession(copy);
    QVERIFY(view.showBuild(*noop));
    QVERIFY2(a->message().contains(QLatin1String("no arrival times")), qPrintable(a->message()));

    // A measurement without a report.
    noop->report.reset();
    view.setSession(std::make_shared<const Session>(*s));
    QVERIFY(view.showBuild(*noop));
    QCOMPARE(a->content(), ChartAdapter::Content::Message);
    QVERIFY(a->message().contains(QLatin1String("no build report")));
}

void TestComparisonView::bigTimelineScrolls()
{
    auto s = std::make_shared<Session>(sampleSession());
    Measurement big =
        measurement(QStringLiteral("per-crate"), QStringLiteral("app"), QStringLiteral("cold"), 0, 300.0, 0);
    auto report = std::make_shared<BuildReport>();
    for (int i = 0; i < 5000; ++i)
        report->builds.push_back(derivation("crate-" + std::to_string(i), 100 + i * 50, 100 + i * 50 + 2000));
    report->endUs = 300000 * kMs;
    big.report = report;
    for (auto &m : s->measurements)
        if (m.strategy == big.strategy && m.target == big.target && m.step == big.step && m.repetition == 0 &&
            !m.warmup)
            m = big;
    ComparisonView view;
    view.resize(1200, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setSession(s);
    QVERIFY(view.showBuild(big));
    view.setPage(ComparisonView::Page::Timeline);
    ChartAdapter *a = view.adapter(Chart::Timeline);
    QCOMPARE(a->timelineRowCount(), 5000);
    QTRY_VERIFY(a->timelineRowsShown() > 3);
    QVERIFY(a->timelineRowsShown() < 100);
    QScrollBar *scroll = view.timelineView()->scrollBar();
    QTRY_VERIFY(scroll->isVisible());
    QCOMPARE(scroll->maximum(), 5000 - a->timelineRowsShown());
    scroll->setValue(2500);
    QCOMPARE(a->timelineFirstRow(), 2500);
    const QRectF plot = a->chart()->plotArea();
    const QPoint pos =
        a->view()->mapFromScene(a->chart()->mapToScene(QPointF(plot.center().x(), plot.top() + 2)));
    QCOMPARE(a->timelineRowAt(pos), 2500);
    // The wheel moves three rows a notch.
    QWheelEvent wheel(QPointF(pos), a->view()->viewport()->mapToGlobal(QPointF(pos)), {}, QPoint(0, -120),
                      Qt::NoButton, {}, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(a->view()->viewport(), &wheel);
    QCOMPARE(a->timelineFirstRow(), 2503);
    // Ctrl+wheel zooms the time around the pointer; Shift+wheel pans; a double click shows it all.
    const double whole = a->timelineEndS() - a->timelineStartS();
    const double under = a->timelineSecondsAt(pos);
    QWheelEvent zoom(QPointF(pos), a->view()->viewport()->mapToGlobal(QPointF(pos)), {}, QPoint(0, 120),
                     Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(a->view()->viewport(), &zoom);
    QVERIFY(qAbs((a->timelineEndS() - a->timelineStartS()) - whole * 0.8) < 1e-6 * whole);
    QVERIFY(qAbs(a->timelineSecondsAt(pos) - under) < whole * 0.01); // the point under the pointer stays
    QCOMPARE(a->timelineFirstRow(), 2503);
    const double start = a->timelineStartS();
    QWheelEvent pan(QPointF(pos), a->view()->viewport()->mapToGlobal(QPointF(pos)), {}, QPoint(0, -120),
                    Qt::NoButton, Qt::ShiftModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(a->view()->viewport(), &pan);
    QVERIFY(a->timelineStartS() > start);
    QTest::mouseDClick(a->view()->viewport(), Qt::LeftButton, {}, pos);
    QCOMPARE(a->timelineStartS(), 0.0);
    QCOMPARE(a->timelineEndS() - a->timelineStartS(), whole);
    // The last window ends at the last row.
    scroll->setValue(scroll->maximum());
    QCOMPARE(a->timelineFirstRow() + a->timelineRowsShown(), 5000);
    const QImage image = view.timelineView()->grab().toImage();
    QVERIFY(!image.isNull());
}

void TestComparisonView::onlyFailuresSaysWhy()
{
    ComparisonView view;
    view.setSession(std::make_shared<const Session>(failedSession()));
    for (Chart chart : {Chart::RebuildCost, Chart::DerivationsRebuilt, Chart::StoreCost}) {
        const QString message = view.adapter(chart)->message();
        QVERIFY2(message.contains(QLatin1String("No build of wasm succeeded")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("exit code 101")), qPrintable(message));
    }
    // The rebuild cost chart still marks each failed cell, and the timeline shows a failed build.
    ChartAdapter *rebuild = view.adapter(Chart::RebuildCost);
    QVERIFY(rebuild->failedMarkers());
    QCOMPARE(rebuild->failedMarkers()->count(), 2);
    QCOMPARE(view.adapter(Chart::Timeline)->content(), ChartAdapter::Content::Timeline);
    QCOMPARE(view.adapter(Chart::Timeline)->timeline().bars.back().status, BuildStatus::Failed);
}

void TestComparisonView::tableHasEveryMeasurement()
{
    auto session = std::make_shared<const Session>(sampleSession());
    ComparisonView view;
    view.setSession(session);
    MeasurementTableModel *model = view.measurementModel();
    QCOMPARE(model->rowCount(), static_cast<int>(session->measurements.size()));
    QCOMPARE(view.measurementTable()->model()->rowCount(), model->rowCount());
    for (int row = 0; row < model->rowCount(); ++row) {
        const Measurement &m = session->measurements[static_cast<std::size_t>(row)];
        QCOMPARE(model->measurement(row), &m);
        QCOMPARE(model->rowOf(&m), row);
        QCOMPARE(model->index(row, MeasurementTableModel::StrategyColumn).data().toString(), m.strategy);
        QCOMPARE(model->index(row, MeasurementTableModel::StepColumn).data().toString(), m.step);
        QCOMPARE(model->index(row, MeasurementTableModel::RunColumn).data().toString(),
                 QString::number(m.repetition + 1));
        QCOMPARE(model->index(row, MeasurementTableModel::WallColumn)
                     .data(MeasurementTableModel::SortRole)
                     .toLongLong(),
                 m.wallUs);
        QCOMPARE(model->index(row, MeasurementTableModel::BuiltColumn)
                     .data(MeasurementTableModel::SortRole)
                     .toLongLong(),
                 m.builtCount());
        const QVariant closure =
            model->index(row, MeasurementTableModel::ClosureColumn).data(MeasurementTableModel::SortRole);
        if (m.closureBytes < 0) {
            QVERIFY(!closure.isValid());
            QCOMPARE(model->index(row, MeasurementTableModel::ClosureColumn).data().toString(),
                     QStringLiteral("—"));
        } else {
            QCOMPARE(closure.toLongLong(), m.closureBytes);
        }
        QCOMPARE(model->index(row, MeasurementTableModel::ErrorColumn).data().toString(), m.error);
        QCOMPARE(model->index(row, MeasurementTableModel::WarmupColumn).data().toString().isEmpty(),
                 !m.warmup);
    }
    QCOMPARE(model->rowOf(nullptr), -1);
    QCOMPARE(model->measurement(-1), nullptr);
    QCOMPARE(model->measurement(model->rowCount()), nullptr);
    Measurement elsewhere;
    QCOMPARE(model->rowOf(&elsewhere), -1);
    auto *count = child<QLabel>(view, "measurementCount");
    QVERIFY(count->text().contains(QString::number(model->rowCount())));
}

void TestComparisonView::filters_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("step");
    QTest::addColumn<int>("outcome"); // -1 = any
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("warmups");
    QTest::newRow("everything") << ""
                                << ""
                                << "" << -1 << "" << true;
    QTest::newRow("one strategy") << "deps-split"
                                  << ""
                                  << "" << -1 << "" << true;
    QTest::newRow("one target") << ""
                                << "wasm"
                                << "" << -1 << "" << true;
    QTest::newRow("one step") << ""
                              << ""
                              << "noop" << -1 << "" << true;
    QTest::newRow("failed") << ""
                            << ""
                            << "" << int(O::Failed) << "" << true;
    QTest::newRow("no warm-ups") << ""
                                 << ""
                                 << "" << -1 << "" << false;
    QTest::newRow("text in the error") << ""
                                       << ""
                                       << "" << -1 << "EXIT CODE 101" << true;
    QTest::newRow("text in the strategy") << ""
                                          << ""
                                          << "" << -1 << "crate" << true;
    QTest::newRow("combined") << "monolithic"
                              << "app"
                              << "cold" << int(O::Succeeded) << "" << false;
    QTest::newRow("nothing matches") << "monolithic"
                                     << ""
                                     << "" << int(O::Failed) << "" << true;
}

void TestComparisonView::filters()
{
    QFETCH(QString, strategy);
    QFETCH(QString, target);
    QFETCH(QString, step);
    QFETCH(int, outcome);
    QFETCH(QString, text);
    QFETCH(bool, warmups);
    auto session = std::make_shared<const Session>(sampleSession());
    ComparisonView view;
    view.setSession(session);
    // Through the controls a user has.
    auto pick = [&](const char *name, const QString &value) {
        auto *combo = child<QComboBox>(view, name);
        QVERIFY(combo);
        const int i = combo->findData(value);
        QVERIFY2(i >= 0, name);
        combo->setCurrentIndex(i);
    };
    pick("measurementFilterStrategy", strategy);
    pick("measurementFilterTarget", target);
    pick("measurementFilterStep", step);
    auto *outcomes = child<QComboBox>(view, "measurementFilterOutcome");
    outcomes->setCurrentIndex(outcomes->findData(outcome));
    child<QLineEdit>(view, "measurementFilterText")->setText(text);
    child<QCheckBox>(view, "measurementFilterWarmups")->setChecked(warmups);

    int expected = 0;
    for (const auto &m : session->measurements) {
        const bool textMatch = text.isEmpty() || m.strategy.contains(text, Qt::CaseInsensitive) ||
                               m.error.contains(text, Qt::CaseInsensitive);
        if ((strategy.isEmpty() || m.strategy == strategy) && (target.isEmpty() || m.target == target) &&
            (step.isEmpty() || m.step == step) && (outcome < 0 || int(m.outcome) == outcome) &&
            (warmups || !m.warmup) && textMatch)
            ++expected;
    }
    MeasurementFilterProxyModel *filter = view.measurementFilter();
    QCOMPARE(filter->rowCount(), expected);
    for (int row = 0; row < filter->rowCount(); ++row) {
        const QModelIndex i = filter->index(row, 0);
        if (!strategy.isEmpty())
            QCOMPARE(i.data(MeasurementTableModel::StrategyRole).toString(), strategy);
        if (outcome >= 0)
            QCOMPARE(i.data(MeasurementTableModel::OutcomeRole).toInt(), outcome);
    }
    const QString count = child<QLabel>(view, "measurementCount")->text();
    if (expected != view.measurementModel()->rowCount())
        QVERIFY2(count.startsWith(QString::number(expected) + QStringLiteral(" of ")), qPrintable(count));
}

void TestComparisonView::sortsNumbersAndSessionOrder()
{
    auto session = std::make_shared<const Session>(sampleSession());
    ComparisonView view;
    view.setSession(session);
    QTableView *table = view.measurementTable();
    QAbstractItemModel *m = table->model();
    auto column = [&](int col, int role) {
        QList<QVariant> out;
        for (int row = 0; row < m->rowCount(); ++row)
            out << m->index(row, col).data(role);
        return out;
    };
    // Wall time ascending: numbers as numbers (0.7 s before 12 s before 95 s).
    table->sortByColumn(MeasurementTableModel::WallColumn, Qt::AscendingOrder);
    const auto walls = column(MeasurementTableModel::WallColumn, MeasurementTableModel::SortRole);
    for (qsizetype i = 1; i < walls.size(); ++i)
        QVERIFY(walls[i - 1].toLongLong() <= walls[i].toLongLong());
    // Steps in the scenario's order, not the alphabet's (cold, noop, edit-leaf).
    table->sortByColumn(MeasurementTableModel::StepColumn, Qt::AscendingOrder);
    QStringList steps;
    for (const QVariant &v : column(MeasurementTableModel::StepColumn, Qt::DisplayRole))
        if (!steps.contains(v.toString()))
            steps << v.toString();
    QCOMPARE(steps,
             (QStringList{QStringLiteral("cold"), QStringLiteral("noop"), QStringLiteral("edit-leaf")}));
    // Unknown sizes (failed builds) last, in both directions.
    for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
        table->sortByColumn(MeasurementTableModel::ClosureColumn, order);
        const auto sizes = column(MeasurementTableModel::ClosureColumn, MeasurementTableModel::SortRole);
        bool unknownSeen = false;
        for (const QVariant &v : sizes) {
            if (!v.isValid())
                unknownSeen = true;
            else
                QVERIFY2(!unknownSeen, "a known size after an unknown one");
        }
        QVERIFY(unknownSeen);
    }
}

void TestComparisonView::modelsPassModelTester()
{
    MeasurementTableModel model;
    MeasurementFilterProxyModel filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester modelTester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    filter.sort(MeasurementTableModel::WallColumn, Qt::DescendingOrder);

    const Session full = sampleSession();
    auto partial = std::make_shared<Session>(full);
    partial->measurements.resize(10);
    model.setSession(partial);
    model.setSession(std::make_shared<const Session>(full)); // rows appended
    for (int column = 0; column < MeasurementTableModel::ColumnCount; ++column) {
        filter.sort(column, Qt::AscendingOrder);
        filter.sort(column, Qt::DescendingOrder);
    }
    filter.setStrategy(QStringLiteral("per-crate"));
    filter.setOutcome(O::Failed);
    filter.setText(QStringLiteral("101"));
    filter.setShowWarmups(false);
    filter.setStrategy({});
    filter.setOutcome(std::nullopt);
    filter.setText({});
    model.setSession(std::make_shared<const Session>(failedSession())); // a different session: reset
    model.setSession(nullptr);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(filter.rowCount(), 0);
    QVERIFY(!model.headerData(MeasurementTableModel::ColumnCount, Qt::Horizontal).isValid());
    QVERIFY(!model.headerData(0, Qt::Vertical).isValid());
}

void TestComparisonView::liveUpdateInsertsRows()
{
    const Session full = sampleSession();
    auto partial = std::make_shared<Session>(full);
    partial->measurements.resize(5);
    partial->status = Session::Status::Running;
    ComparisonView view;
    view.setSession(partial);
    MeasurementTableModel *model = view.measurementModel();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model->rowCount(), 5);
    QTableView *table = view.measurementTable();
    table->selectRow(3);
    const Measurement *selected = model->measurement(table->currentIndex().row());
    QVERIFY(selected);
    const QString selectedStrategy = selected->strategy;
    QSignalSpy inserted(model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(model, &QAbstractItemModel::modelReset);

    // The run goes on: measurements arrive one by one.
    for (std::size_t n = 6; n <= full.measurements.size(); ++n) {
        auto next = std::make_shared<Session>(full);
        next->measurements.resize(n);
        next->status = n == full.measurements.size() ? Session::Status::Finished : Session::Status::Running;
        view.setSession(next);
    }
    QCOMPARE(reset.count(), 0);
    QCOMPARE(inserted.count(), static_cast<int>(full.measurements.size()) - 5);
    QCOMPARE(model->rowCount(), static_cast<int>(full.measurements.size()));
    QCOMPARE(table->currentIndex().row(), 3); // the selection stayed
    QCOMPARE(model->measurement(3)->strategy, selectedStrategy);
    // The charts hold the final numbers.
    const SessionSummary sum(*view.session());
    const Expected e = expectedFor(sum, Chart::RebuildCost, QStringLiteral("app"));
    const auto sets = barSets(view.adapter(Chart::RebuildCost));
    QCOMPARE(sets.size(), static_cast<qsizetype>(e.values.size()));
    for (qsizetype j = 0; j < sets.size(); ++j)
        for (int i = 0; i < sets[j]->count(); ++i)
            QCOMPARE(sets[j]->at(i), e.values[static_cast<std::size_t>(j)][static_cast<std::size_t>(i)]);
    QVERIFY(!view.summaryText().contains(QLatin1String("running")));
}

void TestComparisonView::targetSelector()
{
    ComparisonView view;
    QSignalSpy changed(&view, &ComparisonView::targetChanged);
    view.setSession(std::make_shared<const Session>(sampleSession()));
    QCOMPARE(view.targets(), (QStringList{QStringLiteral("app"), QStringLiteral("wasm")}));
    QCOMPARE(view.target(), QStringLiteral("app"));
    auto *combo = child<QComboBox>(view, "targetCombo");
    QVERIFY(combo->isEnabled());
    combo->setCurrentIndex(1);
    QCOMPARE(view.target(), QStringLiteral("wasm"));
    QVERIFY(!changed.isEmpty());
    QCOMPARE(changed.last()[0].toString(), QStringLiteral("wasm"));
    QCOMPARE(view.adapter(Chart::RebuildCost)->bars().id, QStringLiteral("rebuild-cost-wasm"));
    QCOMPARE(view.shownBuild()->target, QStringLiteral("wasm"));
    // Kept across a live update.
    view.setSession(std::make_shared<const Session>(sampleSession()));
    QCOMPARE(view.target(), QStringLiteral("wasm"));
}

void TestComparisonView::exports_data()
{
    QTest::addColumn<Chart>("chart");
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<bool>("shown");
    for (int i = 0; i < ComparisonView::kChartCount; ++i)
        for (const char *suffix : {"png", "svg"})
            for (bool shown : {true, false})
                QTest::addRow("%s %s %s", qPrintable(ComparisonView::chartName(static_cast<Chart>(i))),
                              suffix, shown ? "on screen" : "hidden")
                    << static_cast<Chart>(i) << QString::fromLatin1(suffix) << shown;
}

void TestComparisonView::exports()
{
    QFETCH(Chart, chart);
    QFETCH(QString, suffix);
    QFETCH(bool, shown);
    QTemporaryDir dir;
    ComparisonView view;
    view.resize(1200, 800);
    if (shown) {
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
    }
    view.setSession(std::make_shared<const Session>(sampleSession()));
    view.setPage(ComparisonView::pageOf(chart)); // on screen: the page it is drawn on
    const QString path = dir.filePath(ComparisonView::chartName(chart) + QLatin1Char('.') + suffix);
    QString error;
    QVERIFY2(view.exportChart(chart, path, &error), qPrintable(error));
    const QString title = view.adapter(chart)->chart()->title().section(QLatin1String("<br>"), 0, 0);
    if (suffix == QLatin1String("png")) {
        QImage image(path);
        QVERIFY(!image.isNull());
        const QSize expected = shown ? view.chartView(chart)->size() : ChartAdapter::exportSize();
        // Drawn at twice the size for sharp prints; the chart's own size can differ from the
        // view's by its frame.
        QVERIFY2(qAbs(image.width() - 2 * expected.width()) <= 8, qPrintable(QString::number(image.width())));
        // Not a blank picture: many colours in it.
        std::set<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7)
                colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 8, qPrintable(QString::number(colours.size())));
    } else {
        QSvgRenderer svg(path);
        QVERIFY(svg.isValid());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        QVERIFY(content.contains("<svg"));
        // The title's words are in the drawing (as text).
        const QString firstWord = title.section(QLatin1Char(' '), 0, 0);
        QVERIFY2(content.contains(firstWord.toUtf8()), qPrintable(firstWord));
    }
}

void TestComparisonView::exportRefusesBadNames()
{
    QTemporaryDir dir;
    ComparisonView view;
    view.setSession(std::make_shared<const Session>(sampleSession()));
    QString error;
    QVERIFY(!view.exportChart(Chart::RebuildCost, dir.filePath(QStringLiteral("chart.bmp")), &error));
    QVERIFY2(error.contains(QLatin1String("PNG or SVG")), qPrintable(error));
    for (const char *suffix : {"png", "svg"}) {
        error.clear();
        const QString path = dir.filePath(QStringLiteral("missing/folder/chart.") + QLatin1String(suffix));
        QVERIFY(!view.exportChart(Chart::StoreCost, path, &error));
        QVERIFY2(error.contains(QLatin1String("Could not write")), qPrintable(error));
        QVERIFY(!QFile::exists(path));
    }
}

void TestComparisonView::themes()
{
    ComparisonView view;
    view.setSession(std::make_shared<const Session>(sampleSession()));
    ChartAdapter *a = view.adapter(Chart::RebuildCost);
    const QList<double> numbers = chartNumbers(a);
    view.setTheme(ChartAdapter::Theme::Light);
    view.setPresentation(false);
    const QColor light = a->chart()->backgroundBrush().color();
    const qreal lightTitle = a->chart()->titleFont().pointSizeF();
    view.setTheme(ChartAdapter::Theme::Dark);
    QVERIFY(a->chart()->backgroundBrush().color().lightness() < 64);
    QVERIFY(light.lightness() > 200);
    QCOMPARE(view.theme(), ChartAdapter::Theme::Dark);
    view.setPresentation(true);
    QVERIFY(view.isPresentation());
    for (int i = 0; i < ComparisonView::kChartCount; ++i) {
        ChartAdapter *each = view.adapter(static_cast<Chart>(i));
        QCOMPARE(each->theme(), ChartAdapter::Theme::Dark);
        QVERIFY(each->isPresentation());
        QVERIFY(each->chart()->titleFont().pointSizeF() > lightTitle * 1.2);
    }
    // The numbers never change with the looks.
    QCOMPARE(chartNumbers(a), numbers);
    view.setTheme(ChartAdapter::Theme::Light);
    view.setPresentation(false);
    QCOMPARE(a->chart()->backgroundBrush().color(), light);
    QCOMPARE(a->chart()->titleFont().pointSizeF(), lightTitle);
}

void TestComparisonView::savedSessionRestoresEverything()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("session.json"));
    const Session original = sampleSession();
    QString error;
    QVERIFY2(SessionStore::save(original, path, &error), qPrintable(error));
    const auto loaded = SessionStore::load(path, &error);
    QVERIFY2(loaded, qPrintable(error));

    ComparisonView live;
    live.setSession(std::make_shared<const Session>(original), path);
    ComparisonView reopened;
    reopened.setSession(std::make_shared<const Session>(*loaded), path);

    for (const QString &target : {QStringLiteral("app"), QStringLiteral("wasm")}) {
        live.setTarget(target);
        reopened.setTarget(target);
        for (int i = 0; i < ComparisonView::kChartCount; ++i) {
            const Chart chart = static_cast<Chart>(i);
            ChartAdapter *a = live.adapter(chart);
            ChartAdapter *b = reopened.adapter(chart);
            QCOMPARE(b->content(), a->content());
            QCOMPARE(b->chart()->title(), a->chart()->title());
            QCOMPARE(b->message(), a->message());
            QCOMPARE(b->chart()->series().size(), a->chart()->series().size());
            const QList<double> x = chartNumbers(a);
            const QList<double> y = chartNumbers(b);
            QCOMPARE(y.size(), x.size());
            for (qsizetype k = 0; k < x.size(); ++k)
                QVERIFY2(qAbs(x[k] - y[k]) <= 1e-6 * std::max(1.0, qAbs(x[k])),
                         qPrintable(QStringLiteral("%1 vs %2").arg(x[k]).arg(y[k])));
            if (chart == Chart::Timeline) {
                QCOMPARE(b->timeline().bars.size(), a->timeline().bars.size());
                for (std::size_t k = 0; k < a->timeline().bars.size(); ++k) {
                    QCOMPARE(b->timeline().bars[k].name, a->timeline().bars[k].name);
                    QCOMPARE(b->timeline().bars[k].onCriticalPath, a->timeline().bars[k].onCriticalPath);
                    QVERIFY(qAbs(b->timeline().bars[k].endS - a->timeline().bars[k].endS) < 1e-6);
                }
            } else {
                for (std::size_t s = 0; s < a->bars().series.size(); ++s)
                    for (std::size_t c = 0; c < a->bars().series[s].values.size(); ++c) {
                        const auto &va = a->bars().series[s].values[c];
                        const auto &vb = b->bars().series[s].values[c];
                        QCOMPARE(vb.has_value(), va.has_value());
                        if (va)
                            QCOMPARE(vb->label, va->label);
                    }
            }
        }
    }
    // Every cell of the table.
    QAbstractItemModel *ta = live.measurementModel();
    QAbstractItemModel *tb = reopened.measurementModel();
    QCOMPARE(tb->rowCount(), static_cast<int>(original.measurements.size()));
    QCOMPARE(tb->rowCount(), ta->rowCount());
    for (int row = 0; row < ta->rowCount(); ++row)
        for (int col = 0; col < ta->columnCount(); ++col)
            QCOMPARE(tb->index(row, col).data(), ta->index(row, col).data());
    QCOMPARE(reopened.summaryText(), live.summaryText());
    // Logs are found next to the reopened file.
    QVERIFY(reopened.logPath(loaded->measurements.front()).startsWith(SessionStore::logFolder(path)));
}

QTEST_MAIN(TestComparisonView)
#include "tst_comparisonview.moc"
