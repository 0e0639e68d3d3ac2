// SPDX-License-Identifier: MIT
// BuildTableModel and BuildFilterProxyModel over reports of real Nix logs (tests/data/gui).
#include "BuildFilterProxyModel.h"
#include "BuildTableModel.h"
#include "ChartPalette.h"
#include "log/LogFileReader.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QSignalSpy>
#include <QTest>

using namespace flakeoff;
using namespace flakeoff::app;

namespace {
std::shared_ptr<const BuildReport> readFixture(const QString &name,
                                               const QString &folder = QStringLiteral("../data/gui/"))
{
    const QString path = QFINDTESTDATA(folder + name);
    if (path.isEmpty())
        return nullptr;
    LogFileReader::Result result = LogFileReader::read(path);
    if (!result.ok)
        return nullptr;
    return std::make_shared<const BuildReport>(std::move(result.report));
}

int rowNamed(const QAbstractItemModel &model, const QString &name)
{
    for (int row = 0; row < model.rowCount(); ++row)
        if (model.index(row, BuildTableModel::NameColumn).data().toString() == name)
            return row;
    return -1;
}

QStringList namesInOrder(const QAbstractItemModel &model)
{
    QStringList names;
    for (int row = 0; row < model.rowCount(); ++row)
        names << model.index(row, BuildTableModel::NameColumn).data().toString();
    return names;
}

// A report made by hand, for what real logs rarely hold together: known and unknown durations.
std::shared_ptr<const BuildReport> reportWithUnknownDuration()
{
    BuildReport r;
    auto add = [&r](const char *name, TimeUs start, TimeUs end, BuildStatus status) {
        DerivationBuild b;
        b.name = name;
        b.drvPath = std::string("/nix/store/00000000000000000000000000000000-") + name + ".drv";
        b.startUs = start;
        b.endUs = end;
        b.status = status;
        r.builds.push_back(b);
    };
    add("two-seconds", 0, 2'000'000, BuildStatus::Built);
    add("never-started", std::nullopt, std::nullopt, BuildStatus::Waiting);
    add("one-second", 500'000, 1'500'000, BuildStatus::Built);
    add("also-unknown", 100'000, std::nullopt, BuildStatus::Running);
    return std::make_shared<const BuildReport>(std::move(r));
}
} // namespace

class TestBuildTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modelTester_data();
    void modelTester();
    void rowsFollowReport_data();
    void rowsFollowReport();
    void values_data();
    void values();
    void statusColours();
    void toolTips();
    void remoteToolTips_data();
    void remoteToolTips();
    void numbersAlignRight();
    void setReportResets();
    void unknownDurationsSortLast();
    void sortsByStart();
    void filters();
    void emptyModel();
};

void TestBuildTableModel::modelTester_data()
{
    QTest::addColumn<QString>("fixture");
    for (const char *name :
         {"mixed.flog", "keep-going.flog", "plain.log", "malformed.flog", "eval-error.flog"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void TestBuildTableModel::modelTester()
{
    QFETCH(QString, fixture);
    const auto report = readFixture(fixture);
    QVERIFY(report);

    BuildTableModel model;
    QAbstractItemModelTester modelTester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    BuildFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);

    model.setReport(report);
    proxy.sort(BuildTableModel::DurationColumn, Qt::DescendingOrder);
    proxy.setText(QStringLiteral("rust"));
    proxy.setStatus(BuildStatus::Built);
    proxy.setStatus(std::nullopt);
    proxy.sort(BuildTableModel::NameColumn, Qt::AscendingOrder);
    model.setReport(readFixture(QStringLiteral("mixed.flog")));
    model.setReport(nullptr);
    model.setReport(report);
}

void TestBuildTableModel::rowsFollowReport_data()
{
    modelTester_data();
}

void TestBuildTableModel::rowsFollowReport()
{
    QFETCH(QString, fixture);
    const auto report = readFixture(fixture);
    QVERIFY(report);
    BuildTableModel model;
    model.setReport(report);
    QCOMPARE(model.rowCount(), static_cast<int>(report->builds.size()));
    QCOMPARE(model.columnCount(), int(BuildTableModel::ColumnCount));
    for (int row = 0; row < model.rowCount(); ++row) {
        const DerivationBuild &b = report->builds[static_cast<std::size_t>(row)];
        QCOMPARE(model.build(row), &b);
        QCOMPARE(model.index(row, BuildTableModel::NameColumn).data().toString(),
                 QString::fromStdString(b.name));
        QCOMPARE(model.index(row, 0).data(BuildTableModel::DrvPathRole).toString(),
                 QString::fromStdString(b.drvPath));
        QCOMPARE(model.index(row, 0).data(BuildTableModel::StatusRole).toInt(), static_cast<int>(b.status));
        QCOMPARE(
            model.index(row, BuildTableModel::LogLinesColumn).data(BuildTableModel::SortRole).toLongLong(),
            b.logLines);
    }
    QCOMPARE(model.build(-1), nullptr);
    QCOMPARE(model.build(model.rowCount()), nullptr);
}

void TestBuildTableModel::values_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("derivation");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("display");
    QTest::addColumn<QVariant>("sortValue");

    const auto mixed = QStringLiteral("mixed.flog");
    const auto plain = QStringLiteral("plain.log");
    const auto wasm = QStringLiteral("rust-wasm-0.1.0");
    const auto serde = QStringLiteral("rust-serde-1.0.188");
    // Times are µs from the recorded log (see `flakeoff-cli parse-log --json mixed.flog`).
    QTest::newRow("name") << mixed << serde << int(BuildTableModel::NameColumn) << serde << QVariant(serde);
    QTest::newRow("failed first") << mixed << wasm << int(BuildTableModel::StatusColumn)
                                  << QStringLiteral("Failed") << QVariant(0);
    QTest::newRow("interrupted") << mixed << QStringLiteral("rust-tokio-1.32.0")
                                 << int(BuildTableModel::StatusColumn) << QStringLiteral("Interrupted")
                                 << QVariant(1);
    QTest::newRow("built last") << mixed << serde << int(BuildTableModel::StatusColumn)
                                << QStringLiteral("Built") << QVariant(4);
    QTest::newRow("start") << mixed << QStringLiteral("rust-ryu-1.0.15") << int(BuildTableModel::StartColumn)
                           << QStringLiteral("0.33") << QVariant(qint64(325459));
    QTest::newRow("duration") << mixed << serde << int(BuildTableModel::DurationColumn)
                              << QStringLiteral("0.96") << QVariant(qint64(959515));
    QTest::newRow("duration, two decimals") << mixed << wasm << int(BuildTableModel::DurationColumn)
                                            << QStringLiteral("0.41") << QVariant(qint64(412813));
    QTest::newRow("no wait is unknown, not 0")
        << mixed << wasm << int(BuildTableModel::WaitColumn) << QStringLiteral("—") << QVariant();
    QTest::newRow("phases with seconds") << mixed << wasm << int(BuildTableModel::PhasesColumn)
                                         << QStringLiteral("unpack 0.00 · build 0.41") << QVariant(2);
    QTest::newRow("log lines") << mixed << wasm << int(BuildTableModel::LogLinesColumn) << QStringLiteral("8")
                               << QVariant(qint64(8));
    QTest::newRow("untimed start") << plain << serde << int(BuildTableModel::StartColumn)
                                   << QStringLiteral("—") << QVariant();
    QTest::newRow("untimed duration")
        << plain << serde << int(BuildTableModel::DurationColumn) << QStringLiteral("—") << QVariant();
    QTest::newRow("untimed phases: names only")
        << plain << serde << int(BuildTableModel::PhasesColumn)
        << QStringLiteral("unpack · configure · build · install") << QVariant(4);
    QTest::newRow("untimed status") << plain << QStringLiteral("rust-cats-0.1.0")
                                    << int(BuildTableModel::StatusColumn) << QStringLiteral("Built")
                                    << QVariant(4);
}

void TestBuildTableModel::values()
{
    QFETCH(QString, fixture);
    QFETCH(QString, derivation);
    QFETCH(int, column);
    QFETCH(QString, display);
    QFETCH(QVariant, sortValue);

    BuildTableModel model;
    model.setReport(readFixture(fixture));
    const int row = rowNamed(model, derivation);
    QVERIFY2(row >= 0, qPrintable(derivation));
    const QModelIndex index = model.index(row, column);
    QCOMPARE(index.data(Qt::DisplayRole).toString(), display);
    const QVariant sort = index.data(BuildTableModel::SortRole);
    QCOMPARE(sort.isValid(), sortValue.isValid());
    if (sortValue.isValid()) {
        if (sortValue.userType() == QMetaType::QString)
            QCOMPARE(sort.toString(), sortValue.toString());
        else
            QCOMPARE(sort.toLongLong(), sortValue.toLongLong());
    }
}

void TestBuildTableModel::statusColours()
{
    BuildTableModel model;
    model.setReport(readFixture(QStringLiteral("mixed.flog")));
    QVERIFY(model.rowCount() > 0);
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex status = model.index(row, BuildTableModel::StatusColumn);
        const QColor expected = ChartPalette::statusColor(model.build(row)->status);
        QCOMPARE(status.data(Qt::ForegroundRole).value<QColor>(), expected);
        QCOMPARE(status.data(Qt::DecorationRole).value<QColor>(), expected);
        // Unknown values are greyed: they are not measurements.
        QCOMPARE(model.index(row, BuildTableModel::WaitColumn).data(Qt::ForegroundRole).value<QColor>(),
                 ChartPalette::mutedText());
        QVERIFY(!model.index(row, BuildTableModel::DurationColumn).data(Qt::ForegroundRole).isValid());
    }
    QVERIFY(ChartPalette::statusColor(BuildStatus::Failed) != ChartPalette::statusColor(BuildStatus::Built));
}

void TestBuildTableModel::toolTips()
{
    BuildTableModel model;
    model.setReport(readFixture(QStringLiteral("mixed.flog")));
    const int wasm = rowNamed(model, QStringLiteral("rust-wasm-0.1.0"));
    QVERIFY(wasm >= 0);
    const QString drv = QString::fromStdString(model.build(wasm)->drvPath);
    const QString nameTip = model.index(wasm, BuildTableModel::NameColumn).data(Qt::ToolTipRole).toString();
    QVERIFY2(nameTip.contains(drv), qPrintable(nameTip));
    QVERIFY2(nameTip.contains(QStringLiteral("duration 0.412813 s")), qPrintable(nameTip));
    QVERIFY2(nameTip.contains(QStringLiteral("start 1.025217 s")), qPrintable(nameTip));
    const QString statusTip =
        model.index(wasm, BuildTableModel::StatusColumn).data(Qt::ToolTipRole).toString();
    QVERIFY2(statusTip.contains(QStringLiteral("failed with exit code 101")), qPrintable(statusTip));
    const QString phasesTip =
        model.index(wasm, BuildTableModel::PhasesColumn).data(Qt::ToolTipRole).toString();
    QVERIFY2(phasesTip.contains(QStringLiteral("build: 0.412574 s")), qPrintable(phasesTip));

    model.setReport(readFixture(QStringLiteral("plain.log")));
    const QString untimed = model.index(0, BuildTableModel::DurationColumn).data(Qt::ToolTipRole).toString();
    QVERIFY2(untimed.contains(QStringLiteral("times unknown")), qPrintable(untimed));
}

void TestBuildTableModel::remoteToolTips_data()
{
    // Recorded through a real ssh-ng:// builder (tests/data/logs/README.md).
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("says");
    QTest::addColumn<QString>("doesNotSay");
    QTest::newRow("built there, copying apart")
        << "remote-chain-nix2.26.flog"
        << "chain-1"
        << "built on ssh-ng://root@localhost · copying to and from it 0.0"
        << "not built there";
    QTest::newRow("the builder had it")
        << "remote-recopy-nix2.26.flog"
        << "chain-3"
        << "built on ssh-ng://root@localhost\nnot built there: the builder already had it, only copied back"
        << "copying to and from it";
}

void TestBuildTableModel::remoteToolTips()
{
    QFETCH(QString, file);
    QFETCH(QString, name);
    QFETCH(QString, says);
    QFETCH(QString, doesNotSay);
    BuildTableModel model;
    model.setReport(readFixture(file, QStringLiteral("../data/logs/")));
    const int row = rowNamed(model, name);
    QVERIFY(row >= 0);
    const QString tip = model.index(row, BuildTableModel::NameColumn).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(says), qPrintable(tip));
    QVERIFY2(!tip.contains(doesNotSay), qPrintable(tip));
}

void TestBuildTableModel::numbersAlignRight()
{
    BuildTableModel model;
    model.setReport(readFixture(QStringLiteral("mixed.flog")));
    auto horizontal = [&](int column) {
        return model.index(0, column).data(Qt::TextAlignmentRole).toInt() & Qt::AlignHorizontal_Mask;
    };
    for (int column : {BuildTableModel::StartColumn, BuildTableModel::DurationColumn,
                       BuildTableModel::WaitColumn, BuildTableModel::LogLinesColumn}) {
        QCOMPARE(horizontal(column), int(Qt::AlignRight));
        QCOMPARE(model.headerData(column, Qt::Horizontal, Qt::TextAlignmentRole).toInt() &
                     Qt::AlignHorizontal_Mask,
                 int(Qt::AlignRight));
    }
    QCOMPARE(horizontal(BuildTableModel::NameColumn), int(Qt::AlignLeft));
}

void TestBuildTableModel::setReportResets()
{
    BuildTableModel model;
    QSignalSpy aboutToReset(&model, &QAbstractItemModel::modelAboutToBeReset);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    const auto report = readFixture(QStringLiteral("mixed.flog"));
    model.setReport(report);
    QCOMPARE(aboutToReset.count(), 1);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.report(), report);
    model.setReport(readFixture(QStringLiteral("malformed.flog")));
    QCOMPARE(reset.count(), 2);
    QCOMPARE(model.rowCount(), 1);
}

void TestBuildTableModel::unknownDurationsSortLast()
{
    BuildTableModel model;
    model.setReport(reportWithUnknownDuration());
    BuildFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);

    QCOMPARE(model.index(1, BuildTableModel::DurationColumn).data().toString(), QStringLiteral("—"));
    proxy.sort(BuildTableModel::DurationColumn, Qt::AscendingOrder);
    QCOMPARE(namesInOrder(proxy),
             QStringList({QStringLiteral("one-second"), QStringLiteral("two-seconds"),
                          QStringLiteral("never-started"), QStringLiteral("also-unknown")}));
    proxy.sort(BuildTableModel::DurationColumn, Qt::DescendingOrder);
    QCOMPARE(namesInOrder(proxy),
             QStringList({QStringLiteral("two-seconds"), QStringLiteral("one-second"),
                          QStringLiteral("never-started"), QStringLiteral("also-unknown")}));
    proxy.sort(BuildTableModel::StartColumn, Qt::DescendingOrder);
    QCOMPARE(namesInOrder(proxy).last(), QStringLiteral("never-started"));
}

void TestBuildTableModel::sortsByStart()
{
    BuildTableModel model;
    model.setReport(readFixture(QStringLiteral("mixed.flog")));
    BuildFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(BuildTableModel::StartColumn, Qt::AscendingOrder);
    qint64 previous = -1;
    for (int row = 0; row < proxy.rowCount(); ++row) {
        const QModelIndex index = proxy.index(row, BuildTableModel::StartColumn);
        const qint64 start = index.data(BuildTableModel::SortRole).toLongLong();
        QVERIFY(start >= previous);
        previous = start;
    }
    proxy.sort(BuildTableModel::StatusColumn, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, BuildTableModel::NameColumn).data().toString(),
             QStringLiteral("rust-wasm-0.1.0"));
    proxy.sort(BuildTableModel::NameColumn, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, BuildTableModel::NameColumn).data().toString(),
             QStringLiteral("rust-itoa-1.0.9"));
}

void TestBuildTableModel::filters()
{
    BuildTableModel model;
    model.setReport(readFixture(QStringLiteral("mixed.flog")));
    BuildFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(BuildTableModel::NameColumn, Qt::AscendingOrder);
    QCOMPARE(proxy.rowCount(), 6);

    proxy.setText(QStringLiteral("  SERDE "));
    QCOMPARE(namesInOrder(proxy),
             QStringList({QStringLiteral("rust-serde-1.0.188"), QStringLiteral("rust-serde_json-1.0.107")}));
    proxy.setStatus(BuildStatus::Interrupted);
    QCOMPARE(namesInOrder(proxy), QStringList({QStringLiteral("rust-serde_json-1.0.107")}));
    proxy.setText(QString());
    QCOMPARE(namesInOrder(proxy),
             QStringList({QStringLiteral("rust-serde_json-1.0.107"), QStringLiteral("rust-tokio-1.32.0")}));
    proxy.setStatus(std::nullopt);

    // The store hash matches too: paths are what Nix prints in its errors.
    const int wasm = rowNamed(model, QStringLiteral("rust-wasm-0.1.0"));
    const QString hash = QString::fromStdString(model.build(wasm)->drvPath).mid(11, 12);
    proxy.setText(hash);
    QCOMPARE(namesInOrder(proxy), QStringList({QStringLiteral("rust-wasm-0.1.0")}));
    proxy.setText(QStringLiteral("no such derivation"));
    QCOMPARE(proxy.rowCount(), 0);
}

void TestBuildTableModel::emptyModel()
{
    BuildTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.build(0), nullptr);
    for (int column = 0; column < BuildTableModel::ColumnCount; ++column)
        QVERIFY(!model.headerData(column, Qt::Horizontal).toString().isEmpty());
    QCOMPARE(model.headerData(BuildTableModel::DurationColumn, Qt::Horizontal).toString(),
             QStringLiteral("Duration (s)"));
    model.setReport(readFixture(QStringLiteral("eval-error.flog")));
    QCOMPARE(model.rowCount(), 0); // evaluation failed: nothing was built
}

QTEST_GUILESS_MAIN(TestBuildTableModel)
#include "tst_buildtablemodel.moc"
