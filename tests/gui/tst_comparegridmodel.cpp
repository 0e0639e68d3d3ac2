// SPDX-License-Identifier: MIT
// The Compare page's answer grid (CompareGridModel) against the core's SessionSummary on crafted
// sessions: a tie, one run each, overlapping spreads, clearly different times, a strategy alone, a
// failed cell and a cell not run. The winner is marked only where the core found one; a cell
// without a time says why in words and holds no number that could read as a time.
#include "CompareGridModel.h"
#include "report/ChartData.h"
#include "report/ReportWording.h"
#include "report/SessionSummary.h"
#include "session/Session.h"

#include <QAbstractItemModelTester>
#include <QRegularExpression>
#include <QTest>

using namespace flakeoff;
using flakeoff::app::CompareGridModel;
using O = Measurement::Outcome;
using Times = std::vector<double>;
Q_DECLARE_METATYPE(Times)

namespace {
// A succeeded build of `wallS` seconds that built `built` derivations (or a failed one).
Measurement measurement(const QString &strategy, const QString &step, int rep, double wallS, int built,
                        O outcome = O::Succeeded)
{
    Measurement m;
    m.strategy = strategy;
    m.target = QStringLiteral("app");
    m.step = step;
    m.repetition = rep;
    m.outcome = outcome;
    m.startedAt = QDateTime(QDate(2026, 1, 2), QTime(10, 0), Qt::UTC).addSecs(rep * 60);
    m.wallUs = static_cast<std::int64_t>(wallS * 1e6);
    auto report = std::make_shared<BuildReport>();
    for (int i = 0; i < built; ++i) {
        DerivationBuild d;
        d.name = "part-" + std::to_string(i);
        d.status = BuildStatus::Built;
        report->builds.push_back(d);
    }
    m.report = report;
    if (outcome == O::Failed) {
        m.error = QStringLiteral("error[E0308]: mismatched types\n --> src/lib.rs:3:5\n  |\n3 |     1u8\n");
        m.exitCode = 1;
    }
    return m;
}

// Two strategies, a and b, in the quick scenario's cold step; `b` empty: b never ran cold (it ran
// noop, so it is in the session). `bFailed`: b's runs failed.
Session crafted(const Times &a, const Times &b, bool bFailed = false)
{
    Session s;
    s.scenario = *Scenario::builtin(QStringLiteral("quick"));
    s.strategies = {QStringLiteral("a"), QStringLiteral("b")};
    s.targets = {QStringLiteral("app")};
    const QString cold = QStringLiteral("cold");
    for (std::size_t i = 0; i < a.size(); ++i)
        s.measurements.push_back(measurement(QStringLiteral("a"), cold, static_cast<int>(i), a[i], 2));
    for (std::size_t i = 0; i < b.size(); ++i)
        s.measurements.push_back(measurement(QStringLiteral("b"), cold, static_cast<int>(i), b[i], 3,
                                             bFailed ? O::Failed : O::Succeeded));
    if (b.empty())
        s.measurements.push_back(measurement(QStringLiteral("b"), QStringLiteral("noop"), 0, 0.2, 0));
    return s;
}
} // namespace

class TestCompareGridModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void verdicts_data();
    void verdicts();
    void cellsWithoutTimeSayWhy();
    void headersAndTargets();
};

void TestCompareGridModel::verdicts_data()
{
    QTest::addColumn<Times>("a");
    QTest::addColumn<Times>("b");
    QTest::addColumn<QString>("winner");   // strategy or empty
    QTest::addColumn<QString>("aVerdict"); // what the verdict says (contains; an exact tie has
    QTest::addColumn<QString>("bVerdict"); // no telling which one is "lowest median")
    QTest::newRow("exact tie, one run each")
        << Times{0.319} << Times{0.319} << QString() << "not distinguishable (one run each)"
        << "not distinguishable (one run each)";
    QTest::newRow("4 ms apart, one run each")
        << Times{0.800} << Times{0.804} << QString() << "lowest median, not distinguishable (one run each)"
        << "not distinguishable (one run each)";
    QTest::newRow("overlapping spreads") << Times{1.0, 1.3, 0.9} << Times{1.1, 0.95, 1.25} << QString()
                                         << "lowest median, not distinguishable (within the noise)"
                                         << "not distinguishable (within the noise)";
    QTest::newRow("clearly different") << Times{1.00, 1.01, 0.99} << Times{2.00, 2.02, 1.98} << "a"
                                       << "fastest"
                                       << "slower";
    QTest::newRow("clearly different, b quicker") << Times{3.0, 3.1, 2.9} << Times{1.0, 1.02, 0.98} << "b"
                                                  << "slower"
                                                  << "fastest";
    QTest::newRow("a alone in its step")
        << Times{1.0, 1.1, 1.2} << Times{} << QString() << "only one measured" << QString();
}

void TestCompareGridModel::verdicts()
{
    QFETCH(Times, a);
    QFETCH(Times, b);
    QFETCH(QString, winner);
    const Session session = crafted(a, b);
    const SessionSummary summary(session);
    CompareGridModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSummary(summary, QStringLiteral("app"));
    QCOMPARE(model.steps(), summary.steps(QStringLiteral("app")));
    QCOMPARE(model.strategies(), summary.strategies());
    QCOMPARE(model.rowCount(), b.empty() ? 2 : 1); // measured steps only: cold, and b's noop

    const QString cold = QStringLiteral("cold");
    for (const QString &strategy : {QStringLiteral("a"), QStringLiteral("b")}) {
        const QModelIndex i = model.indexOf(strategy, cold);
        QVERIFY(i.isValid());
        const CellSummary *c = summary.cell(strategy, QStringLiteral("app"), cold);
        // The numbers are the core's.
        if (c && c->hasTime()) {
            QCOMPARE(i.data(CompareGridModel::MedianRole).toDouble(), c->wallS.median);
            QCOMPARE(i.data(CompareGridModel::MedianTextRole).toString(),
                     ChartDataBuilder::formatSeconds(c->wallS.median));
            QCOMPARE(i.data(CompareGridModel::RelativeRole).toString(), ReportWording::relative(*c));
            QCOMPARE(i.data(CompareGridModel::VerdictRole).toString(), ReportWording::verdict(*c));
            QCOMPARE(i.data(CompareGridModel::RunsRole).toString(), ReportWording::runs(*c));
            QCOMPARE(i.data(CompareGridModel::BuiltRole).toDouble(), c->built.median);
            QCOMPARE(i.data(CompareGridModel::WinnerRole).toBool(), c->fastest);
            QCOMPARE(i.data(CompareGridModel::QuickestRole).toBool(), c->quickest);
            QCOMPARE(i.data(CompareGridModel::WarningsRole).toStringList(), c->warnings);
            const QString shown = i.data().toString();
            QVERIFY2(shown.startsWith(ChartDataBuilder::formatSeconds(c->wallS.median)), qPrintable(shown));
            if (c->relative)
                QVERIFY2(shown.contains(QStringLiteral("×") + ReportWording::relative(*c)),
                         qPrintable(shown));
        }
    }
    QFETCH(QString, aVerdict);
    QFETCH(QString, bVerdict);
    const QString aSays =
        model.indexOf(QStringLiteral("a"), cold).data(CompareGridModel::VerdictRole).toString();
    const QString bSays =
        model.indexOf(QStringLiteral("b"), cold).data(CompareGridModel::VerdictRole).toString();
    QVERIFY2(aSays.contains(aVerdict), qPrintable(aSays));
    QVERIFY2(bSays.contains(bVerdict), qPrintable(bSays));
    QCOMPARE(aSays.isEmpty(), aVerdict.isEmpty());
    QCOMPARE(bSays.isEmpty(), bVerdict.isEmpty());
    // The winner is marked (★, bold) only where the core crowned one, and nowhere else.
    for (int row = 0; row < model.rowCount(); ++row)
        for (int column = 0; column < model.columnCount(); ++column) {
            const QModelIndex i = model.index(row, column);
            const bool wins = model.strategies().at(column) == winner && model.steps().at(row) == cold;
            QCOMPARE(i.data(CompareGridModel::WinnerRole).toBool(), wins);
            QCOMPARE(i.data().toString().contains(QStringLiteral("★")), wins);
            QCOMPARE(i.data(Qt::FontRole).isValid() && i.data(Qt::FontRole).value<QFont>().bold(), wins);
        }
}

void TestCompareGridModel::cellsWithoutTimeSayWhy()
{
    const QRegularExpression number(QStringLiteral("\\d+(\\.\\d+)?\\s*(ms|s|min)\\b"));
    // b failed every run of cold.
    {
        const Session session = crafted({1.0, 1.1, 1.2}, {0.5, 0.6}, true);
        const SessionSummary summary(session);
        CompareGridModel model;
        model.setSummary(summary, QStringLiteral("app"));
        const QModelIndex failed = model.indexOf(QStringLiteral("b"), QStringLiteral("cold"));
        QVERIFY(!failed.data(CompareGridModel::MedianRole).isValid());
        QCOMPARE(failed.data(CompareGridModel::NoTimeRole).toString(), QStringLiteral("failed"));
        const QStringList lines = failed.data().toString().split(QLatin1Char('\n'));
        QCOMPARE(lines.front(), QStringLiteral("failed"));
        // The first line of the error, not cargo's five.
        QCOMPARE(lines.at(1), QStringLiteral("error[E0308]: mismatched types …"));
        QCOMPARE(lines.at(2), QStringLiteral("runs 0 of 2 (2 failed)"));
        QVERIFY2(!number.match(failed.data().toString()).hasMatch(), qPrintable(failed.data().toString()));
        QVERIFY(failed.data(Qt::ForegroundRole).isValid());
        QVERIFY(failed.data(Qt::ToolTipRole).toString().contains(QLatin1String("mismatched types")));
        // a stands alone with a time: no winner without a rival.
        QCOMPARE(
            model.indexOf(QStringLiteral("a"), QStringLiteral("cold")).data(CompareGridModel::WinnerRole),
            QVariant(false));
    }
    // b never ran cold.
    {
        const Session session = crafted({1.0, 1.1, 1.2}, {});
        const SessionSummary summary(session);
        CompareGridModel model;
        model.setSummary(summary, QStringLiteral("app"));
        const QModelIndex notRun = model.indexOf(QStringLiteral("b"), QStringLiteral("cold"));
        QCOMPARE(notRun.data().toString(), QStringLiteral("not run"));
        QCOMPARE(notRun.data(CompareGridModel::NoTimeRole).toString(), QStringLiteral("not run"));
        QVERIFY(!notRun.data(CompareGridModel::BuiltRole).isValid());
        // a's noop was never measured either.
        QCOMPARE(model.indexOf(QStringLiteral("a"), QStringLiteral("noop")).data().toString(),
                 QStringLiteral("not run"));
    }
}

void TestCompareGridModel::headersAndTargets()
{
    const Session session = crafted({1.0, 1.1, 1.2}, {2.0, 2.1, 2.2});
    const SessionSummary summary(session);
    CompareGridModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSummary(summary, QStringLiteral("app"));
    QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("a"));
    QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("b"));
    QCOMPARE(model.headerData(0, Qt::Vertical).toString(), QStringLiteral("cold"));
    QCOMPARE(model.headerData(0, Qt::Vertical, CompareGridModel::StepLabelRole).toString(),
             summary.stepLabel(QStringLiteral("cold")));
    QVERIFY(!model.headerData(5, Qt::Vertical).isValid());
    // A target without measurements empties the grid; so does clear().
    model.setSummary(summary, QStringLiteral("wasm"));
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), 0);
    model.setSummary(summary, QStringLiteral("app"));
    QCOMPARE(model.rowCount(), 1);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.index(0, 0).isValid());
}

QTEST_MAIN(TestCompareGridModel)
#include "tst_comparegridmodel.moc"
