// SPDX-License-Identifier: MIT
// SessionSummary: per-cell statistics, ranking and hyperfine-style relative factors; the chart data
// built from it (bars, whiskers, timelines) and the value formats every view shares.
#include "log/LogFileReader.h"
#include "report/ChartData.h"
#include "report/ReportWording.h"
#include "report/SessionSummary.h"

#include <QTest>

using namespace flakeoff;

namespace {
Measurement make(const char *strategy, const char *step, int rep, double wallS,
                 Measurement::Outcome outcome = Measurement::Outcome::Succeeded, bool warmup = false)
{
    Measurement m;
    m.strategy = QString::fromLatin1(strategy);
    m.layout = QStringLiteral("workspace");
    m.target = QStringLiteral("app");
    m.step = QString::fromLatin1(step);
    m.repetition = rep;
    m.warmup = warmup;
    m.outcome = outcome;
    m.wallUs = static_cast<std::int64_t>(wallS * 1e6);
    m.cpuUserUs = m.wallUs / 2;
    if (outcome == Measurement::Outcome::Failed)
        m.error = QStringLiteral("app failed");
    auto report = std::make_shared<BuildReport>();
    DerivationBuild b;
    b.status = BuildStatus::Built;
    b.drvPath = "/nix/store/aaaa-app-0.1.0.drv";
    report->builds.push_back(b);
    m.report = report;
    m.closureBytes = 1000 + rep;
    return m;
}

Session twoStrategies()
{
    Session s;
    s.scenario = *Scenario::builtin(QStringLiteral("quick"));
    s.strategies = {QStringLiteral("monolithic"), QStringLiteral("deps-split"), QStringLiteral("crane")};
    s.skipped[QStringLiteral("crane")] = QStringLiteral("needs network");
    s.targets = {QStringLiteral("app"), QStringLiteral("wasm")};
    using O = Measurement::Outcome;
    s.measurements = {
        make("monolithic", "cold", 0, 99, O::Succeeded, true), // warm-up: never counted
        make("monolithic", "cold", 0, 10),
        make("monolithic", "cold", 1, 12),
        make("monolithic", "cold", 2, 11),
        make("deps-split", "cold", 0, 20),
        make("deps-split", "cold", 1, 22),
        make("deps-split", "cold", 2, 21),
        make("monolithic", "edit-leaf", 0, 8),
        make("monolithic", "edit-leaf", 1, 8),
        make("deps-split", "edit-leaf", 0, 2),
        make("deps-split", "edit-leaf", 1, 0, O::Failed),
        make("deps-split", "noop", 0, 0, O::Failed), // a cell with no time at all
    };
    return s;
}

// monolithic built cold twice; deps-split's cold runs came to `outcomes` ("cancelled|succeeded";
// empty: it never ran cold, so the cell does not exist).
Session oneCell(const QString &outcomes)
{
    Session s;
    s.scenario = *Scenario::builtin(QStringLiteral("quick"));
    s.strategies = {QStringLiteral("monolithic"), QStringLiteral("deps-split")};
    s.targets = {QStringLiteral("app")};
    s.measurements = {make("monolithic", "cold", 0, 10), make("monolithic", "cold", 1, 12)};
    int rep = 0;
    for (const QString &o : outcomes.split(QLatin1Char('|'), Qt::SkipEmptyParts)) {
        const auto outcome = o == QLatin1String("failed")      ? Measurement::Outcome::Failed
                             : o == QLatin1String("cancelled") ? Measurement::Outcome::Cancelled
                                                               : Measurement::Outcome::Succeeded;
        Measurement m = make("deps-split", "cold", rep, 5.0 + rep, outcome);
        if (outcome == Measurement::Outcome::Cancelled)
            m.error = QStringLiteral("cancelled by the user");
        s.measurements.push_back(m);
        ++rep;
    }
    return s;
}
} // namespace

class TestSessionSummary : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void orders();
    void cells_data();
    void cells();
    void relativeFactorPropagatesError();
    void emptySession();
    void rebuildCostChart();
    void cellsWithoutTime_data();
    void cellsWithoutTime();
    void derivationsAndStoreCharts();
    void timeline_data();
    void timeline();
    void untimedLogHasNoTimeline();
    void formats_data();
    void formats();
};

void TestSessionSummary::orders()
{
    const Session s = twoStrategies();
    const SessionSummary sum(s);
    QCOMPARE(sum.strategies(), (QStringList{QStringLiteral("monolithic"), QStringLiteral("deps-split")}));
    QCOMPARE(sum.skippedStrategies(), QStringList{QStringLiteral("crane")});
    // wasm was asked for but never measured: no empty column for it.
    QCOMPARE(sum.targets(), QStringList{QStringLiteral("app")});
    QCOMPARE(sum.steps(),
             (QStringList{QStringLiteral("cold"), QStringLiteral("noop"), QStringLiteral("edit-leaf")}));
    QCOMPARE(sum.measurementCount(), 11);
    QCOMPARE(sum.failedCount(), 2);
    QVERIFY(!sum.stepLabel(QStringLiteral("cold")).isEmpty());
    QCOMPARE(sum.stepLabel(QStringLiteral("custom")), QStringLiteral("custom"));
}

void TestSessionSummary::cells_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("step");
    QTest::addColumn<int>("runs");
    QTest::addColumn<int>("failed");
    QTest::addColumn<double>("median");
    QTest::addColumn<double>("min");
    QTest::addColumn<double>("max");
    QTest::addColumn<bool>("fastest");    // the winner, with evidence
    QTest::addColumn<bool>("quickest");   // the lowest median, the baseline of "relative"
    QTest::addColumn<double>("relative"); // -1 = unset
    QTest::addColumn<double>("representativeWall");
    QTest::newRow("cold monolithic, warm-up left out")
        << "monolithic"
        << "cold" << 3 << 0 << 11.0 << 10.0 << 12.0 << true << true << 1.0 << 11.0;
    QTest::newRow("cold deps-split") << "deps-split"
                                     << "cold" << 3 << 0 << 21.0 << 20.0 << 22.0 << false << false
                                     << 21.0 / 11.0 << 21.0;
    // Quickest, but its one succeeded run is no evidence: no winner.
    QTest::newRow("a failed run is not a time")
        << "deps-split"
        << "edit-leaf" << 2 << 1 << 2.0 << 2.0 << 2.0 << false << true << 1.0 << 2.0;
    QTest::newRow("slower edit-leaf")
        << "monolithic"
        << "edit-leaf" << 2 << 0 << 8.0 << 8.0 << 8.0 << false << false << 4.0 << 8.0;
    QTest::newRow("only failures") << "deps-split"
                                   << "noop" << 1 << 1 << 0.0 << 0.0 << 0.0 << false << false << -1.0 << 0.0;
}

void TestSessionSummary::cells()
{
    QFETCH(QString, strategy);
    QFETCH(QString, step);
    const Session s = twoStrategies();
    const SessionSummary sum(s);
    const CellSummary *c = sum.cell(strategy, QStringLiteral("app"), step);
    QVERIFY(c);
    QTEST(static_cast<int>(c->runs.size()), "runs");
    QTEST(c->failed, "failed");
    QTEST(c->wallS.median, "median");
    QTEST(c->wallS.min, "min");
    QTEST(c->wallS.max, "max");
    QTEST(c->fastest, "fastest");
    QTEST(c->quickest, "quickest");
    QFETCH(double, relative);
    if (relative < 0)
        QVERIFY(!c->relative.has_value());
    else
        QCOMPARE(*c->relative, relative);
    QFETCH(double, representativeWall);
    QVERIFY(c->representative());
    QCOMPARE(static_cast<double>(c->representative()->wallUs) / 1e6, representativeWall);
    if (c->failed)
        QCOMPARE(c->firstError(), QStringLiteral("app failed"));
    QCOMPARE(sum.cell(strategy, QStringLiteral("wasm"), step), nullptr);
}

void TestSessionSummary::relativeFactorPropagatesError()
{
    const Session s = twoStrategies();
    const SessionSummary sum(s);
    const CellSummary *slow =
        sum.cell(QStringLiteral("deps-split"), QStringLiteral("app"), QStringLiteral("cold"));
    QVERIFY(slow && slow->relativeStddev);
    // r·sqrt((1/21)² + (1/11)²) with both standard deviations 1 s.
    const double r = 21.0 / 11.0;
    QVERIFY(qAbs(*slow->relativeStddev - r * std::sqrt(1.0 / 441 + 1.0 / 121)) < 1e-12);
    QCOMPARE(sum.fastest(QStringLiteral("app"), QStringLiteral("cold")), QStringLiteral("monolithic"));
    QCOMPARE(sum.fastest(QStringLiteral("app"), QStringLiteral("noop")), QString());
    // Sizes come from the newest run that measured them.
    QCOMPARE(slow->closureBytes, std::int64_t(1002));
}

void TestSessionSummary::emptySession()
{
    const Session s;
    const SessionSummary sum(s);
    QVERIFY(sum.cells().empty());
    QVERIFY(sum.strategies().isEmpty());
    QCOMPARE(sum.cell(QStringLiteral("x"), QStringLiteral("app"), QStringLiteral("cold")), nullptr);
    QCOMPARE(sum.measurementCount(), 0);
}

void TestSessionSummary::rebuildCostChart()
{
    const Session s = twoStrategies();
    const SessionSummary sum(s);
    const BarChartData d = ChartDataBuilder::rebuildCost(sum, QStringLiteral("app"));
    QCOMPARE(d.id, QStringLiteral("rebuild-cost-app"));
    QCOMPARE(d.categories, sum.steps());
    QCOMPARE(d.series.size(), std::size_t(2));
    QCOMPARE(d.series[0].name, QStringLiteral("monolithic"));
    const auto &cold = d.series[0].values[0];
    QVERIFY(cold);
    QCOMPARE(cold->value, 11.0);
    QCOMPARE(*cold->low, 10.0);
    QCOMPARE(*cold->high, 12.0);
    QVERIFY(cold->fastest);
    QCOMPARE(cold->step, QStringLiteral("cold"));
    QVERIFY(cold->label.contains(QStringLiteral("11.0 s")));
    // monolithic never ran noop: a gap, not a zero bar.
    QVERIFY(!d.series[0].values[1]);
    // deps-split's noop only failed: a bar marked failed that says why.
    const auto &noop = d.series[1].values[1];
    QVERIFY(noop && noop->failed);
    QVERIFY(noop->label.contains(QStringLiteral("app failed")));
    QCOMPARE(d.maxValue(), 22.0);
    QVERIFY(!d.isEmpty());
    const Session empty;
    QVERIFY(ChartDataBuilder::rebuildCost(SessionSummary(empty), QStringLiteral("app")).isEmpty());
}

void TestSessionSummary::cellsWithoutTime_data()
{
    QTest::addColumn<QString>("outcomes");
    QTest::addColumn<QString>("bar");    // what the rebuild-cost chart holds: gap, time, failed, cancelled
    QTest::addColumn<QString>("noTime"); // the tables' word (ReportWording::noTime)
    QTest::addColumn<QString>("runs");   // ReportWording::runs
    QTest::addColumn<QString>("label");  // part of the bar's label
    QTest::newRow("every run cancelled") << "cancelled|cancelled"
                                         << "cancelled"
                                         << "cancelled"
                                         << "0 of 2 (2 cancelled)"
                                         << "deps-split: cancelled — runs: 0 of 2 (2 cancelled)";
    QTest::newRow("some cancelled, some succeeded") << "succeeded|cancelled"
                                                    << "time"
                                                    << ""
                                                    << "1 of 2 (1 cancelled)"
                                                    << "5.00 s (1 run, 1 cancelled)";
    QTest::newRow("every run failed") << "failed|failed"
                                      << "failed"
                                      << "failed"
                                      << "0 of 2 (2 failed)"
                                      << "deps-split: failed — app failed";
    QTest::newRow("failed and cancelled: failed") << "cancelled|failed"
                                                  << "failed"
                                                  << "failed"
                                                  << "0 of 2 (1 failed, 1 cancelled)"
                                                  << "deps-split: failed — cancelled by the user";
    QTest::newRow("none run") << ""
                              << "gap"
                              << ""
                              << ""
                              << "";
}

void TestSessionSummary::cellsWithoutTime()
{
    QFETCH(QString, outcomes);
    QFETCH(QString, bar);
    QFETCH(QString, noTime);
    QFETCH(QString, runs);
    QFETCH(QString, label);
    const Session s = oneCell(outcomes);
    const SessionSummary sum(s);
    const CellSummary *c =
        sum.cell(QStringLiteral("deps-split"), QStringLiteral("app"), QStringLiteral("cold"));
    QCOMPARE(c != nullptr, bar != QLatin1String("gap"));
    if (c) {
        QCOMPARE(ReportWording::noTime(*c), noTime);
        QCOMPARE(ReportWording::runs(*c), runs);
    }

    const BarChartData d = ChartDataBuilder::rebuildCost(sum, QStringLiteral("app"));
    QCOMPARE(d.categories, QStringList{QStringLiteral("cold")});
    QCOMPARE(d.series.size(), std::size_t(2));
    QCOMPARE(d.series[1].name, QStringLiteral("deps-split"));
    const auto &v = d.series[1].values.at(0);
    QCOMPARE(v.has_value(), bar != QLatin1String("gap"));
    if (!v)
        return;
    QVERIFY2(v->label.contains(label), qPrintable(v->label));
    QCOMPARE(v->failed, bar == QLatin1String("failed"));
    QCOMPARE(v->cancelled, bar == QLatin1String("cancelled"));
    QCOMPARE(v->value, bar == QLatin1String("time") ? 5.0 : 0.0);
    // The cell is still one to click: it names the build behind it.
    QCOMPARE(v->strategy, QStringLiteral("deps-split"));
    QCOMPARE(v->step, QStringLiteral("cold"));
    // Only a time ranks: monolithic keeps the lowest median unless deps-split has one (5 s < 11 s)…
    QCOMPARE(sum.quickest(QStringLiteral("app"), QStringLiteral("cold")),
             bar == QLatin1String("time") ? QStringLiteral("deps-split") : QStringLiteral("monolithic"));
    // … and nobody wins: one succeeded run against two, or monolithic alone with a time.
    QVERIFY(!v->fastest);
    QVERIFY(!d.series[0].values.at(0)->fastest);
    QCOMPARE(sum.fastest(QStringLiteral("app"), QStringLiteral("cold")), QString());
}

void TestSessionSummary::derivationsAndStoreCharts()
{
    const Session s = twoStrategies();
    const SessionSummary sum(s);
    const BarChartData built = ChartDataBuilder::derivationsRebuilt(sum, QStringLiteral("app"));
    QCOMPARE(built.unit, ChartUnit::Count);
    QCOMPARE(built.series[0].values[0]->value, 1.0);
    QVERIFY(!built.series[0].values[0]->high); // every run built the same number: no whiskers
    const BarChartData store = ChartDataBuilder::storeCost(sum, QStringLiteral("app"));
    QCOMPARE(store.categories, sum.strategies());
    QCOMPARE(store.series.size(), std::size_t(2));
    QCOMPARE(store.series[0].values[0]->value, 1002.0); // cold step's newest closure size
    QVERIFY(!store.series[1].values[0]);                // intermediate size never measured
}

void TestSessionSummary::timeline_data()
{
    QTest::addColumn<QString>("log");
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QStringList>("critical");
    QTest::newRow("chain: every link is critical")
        << "chain.flog"
        << QStringList{QStringLiteral("chain-1"), QStringLiteral("chain-2"), QStringLiteral("chain-3")}
        << QStringList{QStringLiteral("chain-1"), QStringLiteral("chain-2"), QStringLiteral("chain-3")};
    QTest::newRow("parallel: one of two")
        << "parallel.flog" << QStringList{QStringLiteral("parallel-left"), QStringLiteral("parallel-right")}
        << QStringList{};
}

void TestSessionSummary::timeline()
{
    QFETCH(QString, log);
    QFETCH(QStringList, names);
    QFETCH(QStringList, critical);
    const auto read = LogFileReader::read(QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/logs/") + log);
    const TimelineData t = ChartDataBuilder::timeline(read.report, QStringLiteral("cold"));
    QVERIFY(t.timed);
    QStringList got;
    QStringList gotCritical;
    double lastStart = -1;
    for (const auto &b : t.bars) {
        got.append(b.name);
        if (b.onCriticalPath)
            gotCritical.append(b.name);
        QVERIFY(b.startS >= lastStart);
        lastStart = b.startS;
        QVERIFY(b.endS > b.startS);
        QVERIFY(b.endS <= t.totalS);
        for (const auto &p : b.phases)
            QVERIFY(p.startS >= b.startS - 1e-9 && p.endS <= b.endS + 1e-9);
    }
    got.sort();
    QCOMPARE(got, names);
    if (critical.isEmpty())
        QCOMPARE(gotCritical.size(), 1); // parallel bars: only the one ending last
    else
        QCOMPARE(gotCritical, critical);
    QVERIFY(t.evalS > 0 && t.evalS < t.totalS);
    QCOMPARE(t.totalS, static_cast<double>(*read.report.wallUs()) / 1e6);
}

void TestSessionSummary::untimedLogHasNoTimeline()
{
    const auto read =
        LogFileReader::read(QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/logs/chain-plain.log"));
    const TimelineData t = ChartDataBuilder::timeline(read.report, QStringLiteral("plain"));
    QVERIFY(!t.timed);
    QVERIFY(t.bars.empty());
    QVERIFY(t.subtitle.contains(QStringLiteral("no arrival times")));
}

void TestSessionSummary::formats_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<int>("unit");
    QTest::addColumn<QString>("text");
    QTest::newRow("ms") << 0.8404 << int(ChartUnit::Seconds) << QStringLiteral("840 ms");
    QTest::newRow("s, two decimals") << 1.234 << int(ChartUnit::Seconds) << QStringLiteral("1.23 s");
    QTest::newRow("s, one decimal") << 42.26 << int(ChartUnit::Seconds) << QStringLiteral("42.3 s");
    QTest::newRow("minutes") << 123.4 << int(ChartUnit::Seconds) << QStringLiteral("2 min 3.4 s");
    QTest::newRow("bytes") << 512.0 << int(ChartUnit::Bytes) << QStringLiteral("512 B");
    QTest::newRow("MiB") << 1.5 * 1024 * 1024 << int(ChartUnit::Bytes) << QStringLiteral("1.50 MiB");
    QTest::newRow("GiB") << 12.0 * 1024 * 1024 * 1024 << int(ChartUnit::Bytes) << QStringLiteral("12.0 GiB");
    QTest::newRow("count") << 3.0 << int(ChartUnit::Count) << QStringLiteral("3");
    QTest::newRow("half count") << 2.5 << int(ChartUnit::Count) << QStringLiteral("2.5");
}

void TestSessionSummary::formats()
{
    QFETCH(double, value);
    QFETCH(int, unit);
    QTEST(ChartDataBuilder::formatValue(value, static_cast<ChartUnit>(unit)), "text");
}

QTEST_GUILESS_MAIN(TestSessionSummary)
#include "tst_sessionsummary.moc"
