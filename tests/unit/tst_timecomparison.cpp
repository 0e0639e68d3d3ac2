// SPDX-License-Identifier: MIT
// Evidence before a verdict: Student's t, the confidence interval of a ratio of build times and
// its verdict, and hyperfine-style warnings on a cell's runs.
#include "report/RunWarnings.h"
#include "report/StudentT.h"
#include "report/TimeComparison.h"

#include <QTest>

#include <cmath>

using namespace flakeoff;
using Times = std::vector<double>;
Q_DECLARE_METATYPE(Times)

class TestTimeComparison : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void studentQuantile_data();
    void studentQuantile();
    void studentCdfIsSymmetric();
    void verdict_data();
    void verdict();
    void intervalHoldsTheRatio();
    void warnings_data();
    void warnings();
};

void TestTimeComparison::studentQuantile_data()
{
    QTest::addColumn<double>("p");
    QTest::addColumn<double>("df");
    QTest::addColumn<double>("expected"); // from printed t tables (3 decimals)
    QTest::newRow("97.5%, df 1") << 0.975 << 1.0 << 12.706;
    QTest::newRow("97.5%, df 2") << 0.975 << 2.0 << 4.303;
    QTest::newRow("97.5%, df 4") << 0.975 << 4.0 << 2.776;
    QTest::newRow("97.5%, df 10") << 0.975 << 10.0 << 2.228;
    QTest::newRow("97.5%, df 30") << 0.975 << 30.0 << 2.042;
    QTest::newRow("95%, df 5") << 0.95 << 5.0 << 2.015;
    QTest::newRow("2.5%, df 4 (lower tail)") << 0.025 << 4.0 << -2.776;
    QTest::newRow("97.5%, df 10000 (normal)") << 0.975 << 10000.0 << 1.960;
    QTest::newRow("median") << 0.5 << 3.0 << 0.0;
}

void TestTimeComparison::studentQuantile()
{
    QFETCH(double, p);
    QFETCH(double, df);
    QFETCH(double, expected);
    const double t = StudentT::quantile(p, df);
    QVERIFY2(std::fabs(t - expected) < 5e-4, qPrintable(QString::number(t, 'f', 6)));
    QVERIFY(std::fabs(StudentT::cdf(t, df) - p) < 1e-9);
}

void TestTimeComparison::studentCdfIsSymmetric()
{
    for (double df : {1.0, 2.5, 7.0, 60.0})
        for (double t : {0.1, 1.0, 3.0, 20.0})
            QVERIFY(std::fabs(StudentT::cdf(t, df) + StudentT::cdf(-t, df) - 1.0) < 1e-12);
    QVERIFY(std::isnan(StudentT::quantile(0.0, 3)));
    QVERIFY(std::isnan(StudentT::quantile(1.0, 3)));
    QVERIFY(std::isnan(StudentT::quantile(0.9, 0)));
    QVERIFY(std::isnan(StudentT::cdf(1.0, -1)));
}

void TestTimeComparison::verdict_data()
{
    QTest::addColumn<Times>("a");
    QTest::addColumn<Times>("b");
    QTest::addColumn<int>("verdict"); // TimeComparison::Verdict
    QTest::addColumn<QString>("why");
    using V = TimeComparison::Verdict;
    // The cases that must never crown a winner (issue: a 4 ms gap on one run, an exact tie).
    QTest::newRow("one run each, 4 ms apart")
        << Times{0.800} << Times{0.804} << int(V::NotDistinguishable) << "one run each";
    QTest::newRow("one run on one side")
        << Times{2.0} << Times{8.0, 8.1} << int(V::NotDistinguishable) << "one run on one side";
    QTest::newRow("exact tie") << Times{0.319, 0.319, 0.319} << Times{0.319, 0.319, 0.319}
                               << int(V::NotDistinguishable) << "within the noise";
    QTest::newRow("overlapping spreads") << Times{0.80, 0.86, 0.78} << Times{0.804, 0.83, 0.79}
                                         << int(V::NotDistinguishable) << "within the noise";
    QTest::newRow("a zero time") << Times{0.0, 1.0} << Times{1.0, 1.1} << int(V::NotDistinguishable)
                                 << "a time of zero";
    // Clearly different: an edit step of 6 s against 2.3 s, three runs each.
    QTest::newRow("clearly slower") << Times{6.0, 6.2, 5.9} << Times{2.3, 2.4, 2.25} << int(V::Slower) << "";
    QTest::newRow("clearly faster") << Times{2.3, 2.4, 2.25} << Times{6.0, 6.2, 5.9} << int(V::Faster) << "";
    // Identical repeated times still differ when the gap is far beyond the least spread.
    QTest::newRow("constant runs, 10% apart") << Times{1.1, 1.1} << Times{1.0, 1.0} << int(V::Slower) << "";
    QTest::newRow("constant runs, 0.2% apart")
        << Times{1.002, 1.002} << Times{1.0, 1.0} << int(V::NotDistinguishable) << "within the noise";
}

void TestTimeComparison::verdict()
{
    QFETCH(Times, a);
    QFETCH(Times, b);
    const TimeComparison c = TimeComparison::of(a, b);
    QTEST(int(c.verdict), "verdict");
    QTEST(c.why, "why");
    QCOMPARE(c.distinguishable(), c.why.isEmpty());
    QCOMPARE(c.low.has_value(), a.size() >= 2 && b.size() >= 2 && c.why != QLatin1String("a time of zero"));
}

void TestTimeComparison::intervalHoldsTheRatio()
{
    const TimeComparison c = TimeComparison::of({6.0, 6.2, 5.9}, {2.3, 2.4, 2.25});
    QVERIFY(c.low && c.high);
    QVERIFY(*c.low < *c.high);
    QVERIFY(*c.low < c.ratio && c.ratio < *c.high);
    QCOMPARE(c.ratio, 6.0 / 2.3);
    // More confidence, a wider interval.
    const TimeComparison wide = TimeComparison::of({6.0, 6.2, 5.9}, {2.3, 2.4, 2.25}, 0.99);
    QVERIFY(*wide.low<*c.low && * wide.high> * c.high);
    QCOMPARE(TimeComparison::verdictName(TimeComparison::Verdict::NotDistinguishable),
             QStringLiteral("not distinguishable"));
}

void TestTimeComparison::warnings_data()
{
    QTest::addColumn<Times>("times");
    QTest::addColumn<QStringList>("expected"); // a fragment of each warning, in order
    QTest::newRow("none") << Times{2.0, 2.1, 2.05} << QStringList{};
    QTest::newRow("no run") << Times{} << QStringList{};
    QTest::newRow("single run") << Times{2.0} << QStringList{QStringLiteral("a single run")};
    QTest::newRow("slow first run") << Times{9.0, 2.0, 2.1, 2.05}
                                    << QStringList{QStringLiteral("an outlier"),
                                                   QStringLiteral("the first run took 9.00 s")};
    QTest::newRow("slow first of three")
        << Times{5.0, 2.0, 2.1} << QStringList{QStringLiteral("the first run took 5.00 s, 2.4×")};
    QTest::newRow("fast no-op noise is no warning") << Times{0.35, 0.2, 0.21} << QStringList{};
    QTest::newRow("outlier in the middle")
        << Times{2.0, 2.1, 7.0, 2.05, 2.02}
        << QStringList{QStringLiteral("an outlier outside the others' spread: run 3 (7.00 s)")};
}

void TestTimeComparison::warnings()
{
    QFETCH(Times, times);
    QFETCH(QStringList, expected);
    const QStringList got = RunWarnings::of(times);
    QCOMPARE(got.size(), expected.size());
    for (int i = 0; i < got.size(); ++i)
        QVERIFY2(got[i].contains(expected[i]), qPrintable(got[i]));
}

QTEST_GUILESS_MAIN(TestTimeComparison)
#include "tst_timecomparison.moc"
