// SPDX-License-Identifier: MIT
// PredictionGrid, the model behind the report's "Predicted rebuilds" section and the app's
// prediction view: one hand-made cell per row (a prediction, a measured build, both or neither)
// checked for its words (predicted, built, verdict), whether it is a finding and the findings line
// it gives; the agreement sentence for 0, 1 and many differing cells; the grid's rows and columns.
#include "predict/PredictionGrid.h"
#include "session/Session.h"

#include <QRegularExpression>
#include <QTest>

using namespace flakeoff;

namespace {
const QString kStrategy = QStringLiteral("deps-split");
const QString kStep = QStringLiteral("edit-shared");
const QString kTarget = QStringLiteral("app");

// "name" or "name:ms" (a measured time, for a prediction; a build's duration, for a build);
// for a build, "name!ms" is a derivation that failed.
struct Item
{
    QString name;
    std::optional<std::int64_t> ms;
    bool failed = false;
};

QStringList list(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *i : items)
        out << QString::fromUtf8(i);
    return out;
}

QString at(const char *finding)
{
    return QStringLiteral("deps-split · edit-shared · app: ") + QString::fromUtf8(finding);
}

Item item(const QString &text)
{
    const qsizetype at = text.indexOf(QRegularExpression(QStringLiteral("[:!]")));
    if (at < 0)
        return {text, std::nullopt, false};
    return {text.left(at), text.mid(at + 1).toLongLong(), text.at(at) == QLatin1Char('!')};
}

StepPrediction stepPrediction(const QString &strategy, const QString &step, const QStringList &rebuild,
                              const QString &error = {})
{
    StepPrediction p;
    p.strategy = strategy;
    p.step = step;
    p.target = kTarget;
    p.ok = error.isEmpty();
    p.error = error;
    for (const QString &text : rebuild) {
        const Item i = item(text);
        PredictedDerivation d;
        d.name = i.name;
        d.drvPath = QStringLiteral("/nix/store/") + QString(32, QLatin1Char('b')) + QLatin1Char('-') +
                    i.name + QStringLiteral(".drv");
        d.role = QStringLiteral("target");
        if (i.ms)
            d.measuredUs = *i.ms * 1000;
        p.rebuild.push_back(d);
    }
    return p;
}

Measurement measurement(const QString &strategy, const QString &step, const QStringList &built, bool failed)
{
    Measurement m;
    m.strategy = strategy;
    m.step = step;
    m.target = kTarget;
    m.outcome = failed ? Measurement::Outcome::Failed : Measurement::Outcome::Succeeded;
    m.error = failed ? QStringLiteral("nix: the build failed") : QString();
    m.wallUs = 2000000;
    auto report = std::make_shared<BuildReport>();
    for (const QString &text : built) {
        const Item i = item(text);
        DerivationBuild b;
        b.name = i.name.toStdString();
        b.drvPath = "/nix/store/" + std::string(32, 'a') + "-" + b.name + ".drv";
        b.status = i.failed ? BuildStatus::Failed : BuildStatus::Built;
        b.startUs = 1000;
        if (i.ms)
            b.endUs = 1000 + *i.ms * 1000;
        report->builds.push_back(b);
    }
    m.report = report;
    return m;
}

Session session()
{
    Session s;
    s.scenario = *Scenario::builtin(QStringLiteral("standard"));
    s.strategies = {QStringLiteral("monolithic"), kStrategy, QStringLiteral("per-crate")};
    s.targets = {kTarget, QStringLiteral("wasm")};
    s.prediction = Prediction{};
    return s;
}

// A session with one strategy's cells: each "step=verdict" where verdict is m (match), d (a
// derivation missed), u (one predicted but not built) or r (predicted, not run).
Session sessionWith(const QStringList &spec)
{
    Session s = session();
    for (const QString &cell : spec) {
        const QString step = cell.section(QLatin1Char('='), 0, 0);
        const QChar kind = cell.section(QLatin1Char('='), 1).at(0);
        const QStringList predicted = kind == QLatin1Char('u')
                                          ? QStringList{QStringLiteral("a"), QStringLiteral("b")}
                                          : QStringList{QStringLiteral("a")};
        s.prediction->steps.push_back(stepPrediction(kStrategy, step, predicted));
        if (kind == QLatin1Char('r'))
            continue;
        const QStringList built = kind == QLatin1Char('d')
                                      ? QStringList{QStringLiteral("a"), QStringLiteral("b")}
                                      : QStringList{QStringLiteral("a")};
        s.measurements.push_back(measurement(kStrategy, step, built, false));
    }
    return s;
}
} // namespace

class TestPredictionGrid : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cellWords_data();
    void cellWords();
    void agreement_data();
    void agreement();
    void noPredictionIsEmpty();
    void rowsAndColumns();
};

void TestPredictionGrid::cellWords_data()
{
    QTest::addColumn<bool>("hasPrediction");
    QTest::addColumn<QStringList>("predicted");
    QTest::addColumn<QString>("predictionError"); // non-empty: the evaluation failed
    QTest::addColumn<bool>("hasBuild");
    QTest::addColumn<QStringList>("built");
    QTest::addColumn<bool>("buildFailed");
    QTest::addColumn<QString>("predictedText");
    QTest::addColumn<QString>("builtText");
    QTest::addColumn<QString>("verdictText");
    QTest::addColumn<bool>("measured");
    QTest::addColumn<bool>("finding");
    QTest::addColumn<QStringList>("findings");

    const QString nixError = QStringLiteral("error: while parsing a TOML string\n       at Cargo.toml:13");
    QTest::newRow("match") << true << list({"app:300", "shared:1200"}) << QString() << true
                           << list({"app:250", "shared:1250"}) << false << "2 · 1.500 s"
                           << "2 · 1.500 s"
                           << "✓ as predicted" << true << false << QStringList{};
    QTest::newRow("nothing to rebuild, nothing built")
        << true << QStringList{} << QString() << true << QStringList{} << false << "0"
        << "0"
        << "✓ as predicted" << true << false << QStringList{};
    QTest::newRow("missed: a finding")
        << true << list({"app:300"}) << QString() << true << list({"app:250", "shared:900"}) << false
        << "1 · 300 ms"
        << "2 · 1.150 s"
        << "✗ 1 missed" << true << true << QStringList{at("built but not predicted: shared")};
    QTest::newRow("unexpected: listed, not a finding")
        << true << list({"app:300", "vendor:10"}) << QString() << true << list({"app:250"}) << false
        << "2 · 310 ms"
        << "1 · 250 ms"
        << "✗ 1 not built" << true << false << QStringList{at("predicted but not built: vendor")};
    QTest::newRow("missed and unexpected")
        << true << list({"app:300", "vendor:10"}) << QString() << true << list({"app:250", "shared:900"})
        << false << "2 · 310 ms"
        << "2 · 1.150 s"
        << "✗ 1 missed, 1 not built" << true << true
        << QStringList{at("built but not predicted: shared"), at("predicted but not built: vendor")};
    QTest::newRow("both failed") << true << QStringList{} << nixError << true << list({"shared!40"}) << true
                                 << "cannot predict"
                                 << "failed · 1 · 40 ms"
                                 << "✓ both failed" << true << false << QStringList{};
    QTest::newRow("cannot predict, the build succeeded: a finding")
        << true << QStringList{} << nixError << true << list({"app:250"}) << false << "cannot predict"
        << "1 · 250 ms"
        << "✗ not predicted" << true << true
        << QStringList{at("built but not predicted (error: while parsing a TOML string): app")};
    QTest::newRow("not run") << true << list({"app:300"}) << QString() << false << QStringList{} << false
                             << "1 · 300 ms"
                             << "—"
                             << "not run" << false << false << QStringList{};
    QTest::newRow("cannot predict, not run")
        << true << QStringList{} << nixError << false << QStringList{} << false << "cannot predict"
        << "—"
        << "not run" << false << false << QStringList{};
    QTest::newRow("not predicted: the prediction has no such cell")
        << false << QStringList{} << QString() << true << list({"app:250"}) << false << "—"
        << "1 · 250 ms"
        << "✗ not predicted" << true << true
        << QStringList{at("built but not predicted (the prediction has no such cell): app")};
    QTest::newRow("a failing build counts what it got to")
        << true << list({"app:300", "shared:1200"}) << QString() << true << list({"shared:1100", "app!20"})
        << true << "2 · 1.500 s"
        << "failed · 2 · 1.120 s"
        << "✓ as predicted" << true << false << QStringList{};
    QTest::newRow("a failed build that missed one")
        << true << list({"app:300"}) << QString() << true << list({"shared!90"}) << true << "1 · 300 ms"
        << "failed · 1 · 90 ms"
        << "✗ 1 missed, 1 not built" << true << true
        << QStringList{at("built but not predicted: shared"), at("predicted but not built: app")};
    QTest::newRow("never measured: unknown cost") << true << list({"app", "shared"}) << QString() << true
                                                  << list({"app:250", "shared:900"}) << false << "2 · unknown"
                                                  << "2 · 1.150 s"
                                                  << "✓ as predicted" << true << false << QStringList{};
    QTest::newRow("some never measured: a lower bound")
        << true << list({"app:300", "shared"}) << QString() << true << list({"app", "shared:900"}) << false
        << "2 · ≥ 300 ms"
        << "2"
        << "✓ as predicted" << true << false << QStringList{};
}

void TestPredictionGrid::cellWords()
{
    QFETCH(bool, hasPrediction);
    QFETCH(QStringList, predicted);
    QFETCH(QString, predictionError);
    QFETCH(bool, hasBuild);
    QFETCH(QStringList, built);
    QFETCH(bool, buildFailed);
    QFETCH(bool, measured);
    QFETCH(bool, finding);

    Session s = session();
    if (hasPrediction)
        s.prediction->steps.push_back(stepPrediction(kStrategy, kStep, predicted, predictionError));
    if (hasBuild)
        s.measurements.push_back(measurement(kStrategy, kStep, built, buildFailed));
    const PredictionGrid grid = PredictionGrid::of(s);
    QVERIFY(!grid.isEmpty());
    const PredictionGrid::Cell *cell = grid.cell(kStrategy, kStep, kTarget);
    QVERIFY(cell);
    QCOMPARE(cell->prediction != nullptr, hasPrediction);
    QVERIFY(cell->comparison);
    QTEST(PredictionGrid::predictedText(*cell), "predictedText");
    QTEST(PredictionGrid::builtText(*cell), "builtText");
    QTEST(PredictionGrid::verdictText(*cell), "verdictText");
    QCOMPARE(cell->measured(), measured);
    QCOMPARE(grid.hasMeasurements(), measured);
    QCOMPARE(cell->finding(), finding);
    QTEST(grid.findings(), "findings");
    // The other cells of the grid do not exist: neither predicted nor measured.
    QVERIFY(!grid.cell(QStringLiteral("monolithic"), kStep, kTarget));
    QVERIFY(!grid.cell(kStrategy, kStep, QStringLiteral("wasm")));
}

void TestPredictionGrid::agreement_data()
{
    QTest::addColumn<QStringList>("cells");
    QTest::addColumn<QString>("agreement");
    QTest::newRow("nothing measured") << list({"cold=r", "noop=r"}) << QString();
    QTest::newRow("one measured, as predicted")
        << list({"cold=m", "noop=r"}) << "1 of 1 measured cells as predicted";
    QTest::newRow("none differs") << list({"cold=m", "noop=m", "edit-leaf=m"})
                                  << "3 of 3 measured cells as predicted";
    QTest::newRow("one differs") << list({"cold=m", "noop=d", "edit-leaf=r"})
                                 << "1 of 2 measured cells as predicted; 1 differs";
    QTest::newRow("an unexpected one differs too")
        << list({"cold=m", "noop=u"}) << "1 of 2 measured cells as predicted; 1 differs";
    QTest::newRow("many differ") << list({"cold=d", "noop=u", "edit-leaf=m", "edit-shared=d"})
                                 << "1 of 4 measured cells as predicted; 3 differ";
    QTest::newRow("all differ") << list({"cold=d", "noop=d"})
                                << "0 of 2 measured cells as predicted; 2 differ";
}

void TestPredictionGrid::agreement()
{
    QFETCH(QStringList, cells);
    const Session s = sessionWith(cells);
    QTEST(PredictionGrid::of(s).agreementText(), "agreement");
}

void TestPredictionGrid::noPredictionIsEmpty()
{
    Session s = session();
    s.prediction.reset();
    s.measurements.push_back(measurement(kStrategy, kStep, {QStringLiteral("app:10")}, false));
    const PredictionGrid grid = PredictionGrid::of(s);
    QVERIFY(grid.isEmpty());
    QVERIFY(!grid.prediction());
    QVERIFY(!grid.cell(kStrategy, kStep, kTarget));
    QVERIFY(grid.findings().isEmpty());
    QVERIFY(grid.agreementText().isEmpty());
}

void TestPredictionGrid::rowsAndColumns()
{
    Session s = session();
    s.scenario.steps[0].description = QStringLiteral("from <scratch>");
    // Predicted out of order, one step the scenario does not have, one strategy the session
    // did not list; wasm is neither predicted nor measured.
    s.prediction->steps.push_back(stepPrediction(QStringLiteral("per-crate"), QStringLiteral("noop"), {}));
    s.prediction->steps.push_back(
        stepPrediction(kStrategy, QStringLiteral("cold"), {QStringLiteral("app:1")}));
    s.prediction->steps.push_back(stepPrediction(QStringLiteral("crane"), QStringLiteral("elsewhere"), {}));
    s.measurements.push_back(
        measurement(QStringLiteral("monolithic"), QStringLiteral("cold"), {QStringLiteral("app:1")}, false));
    const PredictionGrid grid = PredictionGrid::of(s);
    QCOMPARE(grid.strategies(), (QStringList{QStringLiteral("monolithic"), kStrategy,
                                             QStringLiteral("per-crate"), QStringLiteral("crane")}));
    QStringList steps;
    for (const auto &step : s.scenario.steps)
        steps << step.id;
    steps << QStringLiteral("elsewhere"); // after the scenario's own
    QCOMPARE(grid.steps(), steps);
    QCOMPARE(grid.targets(), QStringList{kTarget});
    QCOMPARE(grid.stepDescription(QStringLiteral("cold")), QStringLiteral("from <scratch>"));
    QCOMPARE(grid.stepDescription(QStringLiteral("elsewhere")), QString());
    QVERIFY(grid.cell(QStringLiteral("crane"), QStringLiteral("elsewhere"), kTarget));
    QVERIFY(!grid.cell(QStringLiteral("crane"), QStringLiteral("cold"), kTarget));
    // monolithic's cold build was not predicted: the one finding, in target, step, strategy order.
    QCOMPARE(grid.findings(),
             QStringList{QStringLiteral(
                 "monolithic · cold · app: built but not predicted (the prediction has no such cell): app")});
    QCOMPARE(grid.agreementText(), QStringLiteral("0 of 1 measured cells as predicted; 1 differs"));
}

QTEST_GUILESS_MAIN(TestPredictionGrid)
#include "tst_predictiongrid.moc"
