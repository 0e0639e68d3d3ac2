// SPDX-License-Identifier: MIT
#include "session/Statistics.h"

#include <QTest>

using namespace flakeoff;

class TestStatistics : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void summary_data();
    void summary();
};

void TestStatistics::summary_data()
{
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<double>("min");
    QTest::addColumn<double>("median");
    QTest::addColumn<double>("mean");
    QTest::addColumn<double>("max");
    QTest::addColumn<double>("stddev");
    QTest::addColumn<QList<int>>("outliers");
    QTest::newRow("empty") << QList<double>{} << 0.0 << 0.0 << 0.0 << 0.0 << 0.0 << QList<int>{};
    QTest::newRow("one") << QList<double>{2.5} << 2.5 << 2.5 << 2.5 << 2.5 << 0.0 << QList<int>{};
    QTest::newRow("even count") << QList<double>{4, 1, 3, 2} << 1.0 << 2.5 << 2.5 << 4.0 << 1.2909944487358056
                                << QList<int>{};
    QTest::newRow("odd count") << QList<double>{5, 1, 3} << 1.0 << 3.0 << 3.0 << 5.0 << 2.0 << QList<int>{};
    QTest::newRow("one slow outlier") << QList<double>{10, 11, 10, 12, 11, 40} << 10.0 << 11.0
                                      << 15.666666666666666 << 40.0 << 11.944315244779277 << QList<int>{5};
    QTest::newRow("identical") << QList<double>{7, 7, 7, 7} << 7.0 << 7.0 << 7.0 << 7.0 << 0.0
                               << QList<int>{};
}

void TestStatistics::summary()
{
    QFETCH(QList<double>, values);
    QFETCH(double, min);
    QFETCH(double, median);
    QFETCH(double, mean);
    QFETCH(double, max);
    QFETCH(double, stddev);
    QFETCH(QList<int>, outliers);
    const auto s = Statistics::of(std::vector<double>(values.begin(), values.end()));
    QCOMPARE(s.count, static_cast<std::size_t>(values.size()));
    QCOMPARE(s.min, min);
    QCOMPARE(s.median, median);
    QCOMPARE(s.mean, mean);
    QCOMPARE(s.max, max);
    QVERIFY(qAbs(s.stddev - stddev) < 1e-9);
    QList<int> got;
    for (auto i : s.outliers)
        got << static_cast<int>(i);
    QCOMPARE(got, outliers);
}

QTEST_GUILESS_MAIN(TestStatistics)
#include "tst_statistics.moc"
