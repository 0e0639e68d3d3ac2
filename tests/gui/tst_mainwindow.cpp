// SPDX-License-Identifier: MIT
// The main window, offscreen, driven through the entry points a user has: openLog (what the menu,
// recent logs, drops and the command line call), the File > Open dialog, the filter controls and
// the table selection.
#include "BuildDetailPane.h"
#include "BuildTableModel.h"
#include "MainWindowTestFixture.h"
#include "ReportSummaryBar.h"

#include <QAbstractItemView>
#include <QAction>
#include <QComboBox>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QTreeWidget>

using flakeoff::BuildReport;
using flakeoff::BuildStatus;
using flakeoff::app::BuildDetailPane;
using flakeoff::app::BuildTableModel;
using flakeoff::app::LogView;
using flakeoff::app::MainWindow;
using flakeoff::app::ReportSummaryBar;
using flakeoff::test::child;
using flakeoff::test::controlsOf;
using flakeoff::test::guiFixture;
using flakeoff::test::withoutAccessibleName;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void startsEmptyWithHowTo();
    void opensLog_data();
    void opensLog();
    void selectionShowsTail();
    void filterControls();
    void menuOpensThroughDialog();
    void unreadableFileShowsError_data();
    void unreadableFileShowsError();
    void malformedLinesListed();
    void messagesShowLocation();
    void loadsOnWorkerWithProgress();
    void cancelKeepsWhatWasShown();
    void staleLoadDropped();
    void recentLogsRemembered();
    void geometryRestored();
    void controlsHaveAccessibleNames();

private:
    // A large saved log of plain output lines: slow enough to catch a load in flight.
    QString bigLog();
    void loadAndWait(const QString &path);

    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase()
{
    Q_INIT_RESOURCE(resources);
    QVERIFY(m_dir.isValid());
    flakeoff::test::isolateSettings(m_dir);
}

void TestMainWindow::init()
{
    flakeoff::test::showMainWindow(m_window);
}

void TestMainWindow::cleanup()
{
    flakeoff::test::closeMainWindow(m_window);
}

QString TestMainWindow::bigLog()
{
    const QString path = m_dir.filePath(QStringLiteral("big.flog"));
    if (QFile::exists(path))
        return path;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    QByteArray chunk;
    for (int i = 0; i < 1000; ++i)
        chunk += "0.001\t   Compiling some-crate v0.1.0 (/build/source/crates/some-crate) line " +
                 QByteArray::number(i) + '\n';
    file.write("#flakeoff-log 1\n");
    for (int i = 0; i < 600; ++i) // ~50 MB
        file.write(chunk);
    return path;
}

void TestMainWindow::loadAndWait(const QString &path)
{
    flakeoff::test::openAndWait(m_window->logView(), &LogView::openLog, &LogView::logLoaded, path);
}

void TestMainWindow::startsEmptyWithHowTo()
{
    auto *pages = child<QStackedWidget>(*m_window, "pages");
    QCOMPARE(pages->currentWidget(), child<QWidget>(*m_window, "welcomePage"));
    // Ctrl+O opens a session since the app runs scenarios; a log opens with Ctrl+L.
    QVERIFY(child<QLabel>(*m_window, "welcomeTitle")->text().contains(QStringLiteral("Ctrl+L")));
    const QString hint = child<QLabel>(*m_window, "welcomeHint")->text();
    QVERIFY(hint.contains(QStringLiteral("flakeoff-cli capture --out build.flog -- nix build")));
    QVERIFY(hint.contains(QStringLiteral("--log-format internal-json")));
    QVERIFY(!m_window->logView()->report());
    QCOMPARE(child<QAction>(*m_window, "actionOpenLog")->shortcut(), QKeySequence(QStringLiteral("Ctrl+L")));
}

void TestMainWindow::opensLog_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("timed");
    QTest::newRow("built, failed, interrupted") << guiFixture("mixed.flog") << true;
    QTest::newRow("keep going") << guiFixture("keep-going.flog") << true;
    QTest::newRow("plain capture") << guiFixture("plain.log") << false;
    QTest::newRow("evaluation error") << guiFixture("eval-error.flog") << true;
}

void TestMainWindow::opensLog()
{
    QFETCH(QString, path);
    QFETCH(bool, timed);
    QVERIFY(!path.isEmpty());
    m_window->logView()->openLog(path);
    auto *table = child<QTableView>(*m_window, "buildTable");
    QTRY_VERIFY_WITH_TIMEOUT(m_window->logView()->report() != nullptr, 10000);
    const auto report = m_window->logView()->report();

    QCOMPARE(child<QStackedWidget>(*m_window, "pages")->currentWidget(),
             child<QWidget>(*m_window, "reportPage"));
    QCOMPARE(m_window->currentView(), MainWindow::View::Log); // an opened log is shown at once
    QCOMPARE(m_window->logView()->currentPath(), path);
    QVERIFY(m_window->windowTitle().startsWith(QFileInfo(path).fileName()));
    QCOMPARE(report->timed, timed);
    QCOMPARE(table->model()->rowCount(), static_cast<int>(report->builds.size()));

    // Status counts in the table equal the report's.
    for (BuildStatus s : {BuildStatus::Built, BuildStatus::Failed, BuildStatus::Interrupted}) {
        int inTable = 0;
        for (int row = 0; row < table->model()->rowCount(); ++row)
            inTable += table->model()->index(row, 0).data(BuildTableModel::StatusRole).toInt() ==
                       static_cast<int>(s);
        QCOMPARE(inTable, static_cast<int>(report->countWithStatus(s)));
    }
    auto *summary = child<ReportSummaryBar>(*m_window, "summaryBar");
    QCOMPARE(summary->value(QStringLiteral("Built")),
             QString::number(report->countWithStatus(BuildStatus::Built)));
    QCOMPARE(summary->value(QStringLiteral("Failed")),
             QString::number(report->countWithStatus(BuildStatus::Failed)));
    QCOMPARE(summary->value(QStringLiteral("Interrupted")),
             QString::number(report->countWithStatus(BuildStatus::Interrupted)));
    QCOMPARE(summary->value(QStringLiteral("Exit code")),
             report->exitCode ? QString::number(*report->exitCode) : QStringLiteral("—"));
    QCOMPARE(summary->notes().contains(QStringLiteral("Durations unknown")), !timed);
    if (!timed)
        QCOMPARE(summary->value(QStringLiteral("Wall")), QStringLiteral("—"));
    QVERIFY(!m_window->logView()->isLoading());
    QVERIFY(!m_window->findChild<QProgressBar *>(QStringLiteral("loadProgress"))->isVisible());
    QVERIFY(m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Read ")));
}

void TestMainWindow::selectionShowsTail()
{
    loadAndWait(guiFixture("mixed.flog"));
    auto *table = child<QTableView>(*m_window, "buildTable");
    auto *pane = child<BuildDetailPane>(*m_window, "detailPane");

    // The failed build is selected on load: it is what one opens a log for.
    QCOMPARE(table->currentIndex().siblingAtColumn(BuildTableModel::NameColumn).data().toString(),
             QStringLiteral("rust-wasm-0.1.0"));
    QVERIFY(pane->tailText().endsWith(
        QStringLiteral("error: could not compile `wasm` (lib) due to previous error")));
    QVERIFY(pane->errorText().contains(QStringLiteral("failed with exit code 101")));
    QVERIFY2(pane->errorText().endsWith(QStringLiteral("\nFirst error: error[E0308]: mismatched types")),
             qPrintable(pane->errorText()));
    QCOMPARE(pane->phaseCount(), 2);
    // Scrolled to the last line, and to its start: long lines must not hide where lines begin.
    auto *tail = pane->findChild<QPlainTextEdit *>(QStringLiteral("tailView"));
    QCOMPARE(tail->horizontalScrollBar()->value(), 0);
    QTRY_COMPARE(tail->verticalScrollBar()->value(), tail->verticalScrollBar()->maximum());

    // Selecting another row shows that build's tail.
    int serde = -1;
    for (int row = 0; row < table->model()->rowCount(); ++row)
        if (table->model()->index(row, 0).data().toString() == QStringLiteral("rust-serde-1.0.188"))
            serde = row;
    QVERIFY(serde >= 0);
    table->selectRow(serde);
    QVERIFY(pane->tailText().endsWith(QStringLiteral("installed libserde.rlib")));
    QCOMPARE(pane->tailText().count(QLatin1Char('\n')) + 1, 17);
    QTRY_COMPARE(tail->verticalScrollBar()->value(), tail->verticalScrollBar()->maximum());
    QVERIFY(tail->verticalScrollBar()->maximum() > 0); // 17 lines do not fit: the check means something
    QVERIFY(pane->errorText().isEmpty());
    QCOMPARE(pane->phaseCount(), 4);

    // ANSI colour codes never reach the screen.
    QVERIFY(!pane->tailText().contains(QLatin1Char('\x1b')));
    table->clearSelection();
    table->setCurrentIndex({});
    QCOMPARE(pane->phaseCount(), 0);
}

void TestMainWindow::filterControls()
{
    loadAndWait(guiFixture("mixed.flog"));
    auto *table = child<QTableView>(*m_window, "buildTable");
    auto *filter = child<QLineEdit>(*m_window, "filterEdit");
    auto *status = child<QComboBox>(*m_window, "statusCombo");
    auto *count = child<QLabel>(*m_window, "countLabel");
    QCOMPARE(count->text(), QStringLiteral("6 builds"));

    QTest::keyClicks(filter, QStringLiteral("serde"));
    QCOMPARE(table->model()->rowCount(), 2);
    QCOMPARE(count->text(), QStringLiteral("Showing 2 of 6 builds"));

    const int interrupted = status->findData(static_cast<int>(BuildStatus::Interrupted));
    QVERIFY(interrupted > 0);
    QCOMPARE(status->itemText(interrupted), QStringLiteral("Interrupted (2)"));
    status->setCurrentIndex(interrupted);
    QCOMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->index(0, 0).data().toString(), QStringLiteral("rust-serde_json-1.0.107"));

    filter->clear();
    status->setCurrentIndex(0);
    QCOMPARE(table->model()->rowCount(), 6);

    // Headers sort: by duration, longest first.
    table->sortByColumn(BuildTableModel::DurationColumn, Qt::DescendingOrder);
    QCOMPARE(table->model()->index(0, 0).data().toString(), QStringLiteral("rust-tokio-1.32.0"));
}

void TestMainWindow::menuOpensThroughDialog()
{
    QSignalSpy loaded(m_window->logView(), &LogView::logLoaded);
    child<QAction>(*m_window, "actionOpenLog")->trigger();
    QFileDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->findChild<QFileDialog *>()) != nullptr);
    dialog->selectFile(guiFixture("plain.log"));
    static_cast<QDialog *>(dialog)->accept(); // public in QDialog, virtual: runs QFileDialog::accept
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
    QCOMPARE(loaded.front().front().toString(), guiFixture("plain.log"));
    QCOMPARE(child<QTableView>(*m_window, "buildTable")->model()->rowCount(), 5);
}

void TestMainWindow::unreadableFileShowsError_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("reason");
    QTest::newRow("missing") << m_dir.filePath(QStringLiteral("no-such.flog"))
                             << QStringLiteral("No such file or directory");
    QTest::newRow("folder") << m_dir.path() << QStringLiteral("is a folder, not a log file");
}

void TestMainWindow::unreadableFileShowsError()
{
    QFETCH(QString, path);
    QFETCH(QString, reason);
    loadAndWait(guiFixture("mixed.flog"));

    QSignalSpy failed(m_window->logView(), &LogView::logFailed);
    m_window->logView()->openLog(path);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);

    QMessageBox *box = m_window->findChild<QMessageBox *>();
    QVERIFY(box);
    QVERIFY(box->isVisible());
    QVERIFY2(box->text().contains(QFileInfo(path).fileName()), qPrintable(box->text()));
    QVERIFY2(box->informativeText().contains(reason), qPrintable(box->informativeText()));
    const QString status = m_window->statusBar()->currentMessage();
    QVERIFY2(status.contains(path) && status.contains(reason), qPrintable(status));
    box->accept();

    // What was shown stays: a failed open does not throw away a good report.
    QCOMPARE(m_window->logView()->currentPath(), guiFixture("mixed.flog"));
    QCOMPARE(child<QTableView>(*m_window, "buildTable")->model()->rowCount(), 6);
    QVERIFY(!m_window->logView()->isLoading());
}

void TestMainWindow::malformedLinesListed()
{
    loadAndWait(guiFixture("malformed.flog"));
    const auto report = m_window->logView()->report();
    QCOMPARE(report->malformedCount, std::int64_t{3});

    auto *problems = child<QTreeWidget>(*m_window, "problemsList");
    QCOMPARE(problems->topLevelItemCount(), 3);
    QStringList lines;
    for (int i = 0; i < problems->topLevelItemCount(); ++i) {
        lines << problems->topLevelItem(i)->text(0);
        QVERIFY(problems->topLevelItem(i)->text(1).contains(QStringLiteral("invalid JSON")));
        QCOMPARE(problems->topLevelItem(i)->text(2), QStringLiteral("line dropped"));
    }
    QCOMPARE(lines, QStringList({QStringLiteral("24"), QStringLiteral("28"), QStringLiteral("32")}));

    const QString summary = child<QLabel>(*m_window, "problemsSummary")->text();
    QVERIFY2(summary.contains(QStringLiteral("malformed lines")) &&
                 summary.contains(QStringLiteral("3 of its 44")),
             qPrintable(summary));
    auto *tabs = child<QTabWidget>(*m_window, "bottomTabs");
    QCOMPARE(tabs->currentWidget(), child<QWidget>(*m_window, "problemsTab"));
    QCOMPARE(tabs->tabText(tabs->currentIndex()), QStringLiteral("Input problems (3)"));
    QVERIFY(child<ReportSummaryBar>(*m_window, "summaryBar")
                ->notes()
                .contains(QStringLiteral("3 malformed lines")));

    // A clean log says it was read whole.
    loadAndWait(guiFixture("mixed.flog"));
    QCOMPARE(problems->topLevelItemCount(), 0);
    QVERIFY(child<QLabel>(*m_window, "problemsSummary")->text().startsWith(QStringLiteral("No problems")));
}

void TestMainWindow::messagesShowLocation()
{
    loadAndWait(guiFixture("eval-error.flog"));
    auto *messages = child<QTreeWidget>(*m_window, "messagesList");
    QCOMPARE(messages->topLevelItemCount(), static_cast<int>(m_window->logView()->report()->messages.size()));
    QTreeWidgetItem *located = nullptr;
    for (int i = 0; i < messages->topLevelItemCount(); ++i)
        if (!messages->topLevelItem(i)->text(2).isEmpty())
            located = messages->topLevelItem(i);
    QVERIFY(located);
    QCOMPARE(located->text(0), QStringLiteral("error"));
    QVERIFY(located->text(1).contains(QStringLiteral("attribute 'missingAttribute' missing")));
    QVERIFY2(located->text(2).endsWith(QStringLiteral("eval-error.nix:11:20")), qPrintable(located->text(2)));
    QCOMPARE(child<QLabel>(*m_window, "countLabel")->text(), QStringLiteral("No builds"));
}

void TestMainWindow::loadsOnWorkerWithProgress()
{
    const QString big = bigLog();
    QVERIFY(!big.isEmpty());
    QSignalSpy loaded(m_window->logView(), &LogView::logLoaded);
    m_window->logView()->openLog(big);
    // openLog returned before the 50 MB were read: the reading happens elsewhere.
    QVERIFY(m_window->logView()->isLoading());
    QCOMPARE(loaded.count(), 0);
    auto *progress = m_window->findChild<QProgressBar *>(QStringLiteral("loadProgress"));
    QVERIFY(progress && progress->isVisible());
    QVERIFY(m_window->findChild<QPushButton *>(QStringLiteral("cancelButton"))->isVisible());
    QVERIFY(m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Reading big.flog")));
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 20000);
    QVERIFY(!progress->isVisible());
    QCOMPARE(m_window->logView()->report()->outputLineCount, std::int64_t{600000});
    QVERIFY(child<ReportSummaryBar>(*m_window, "summaryBar")
                ->notes()
                .contains(QStringLiteral("no Nix log event")));
}

void TestMainWindow::cancelKeepsWhatWasShown()
{
    loadAndWait(guiFixture("mixed.flog"));
    QSignalSpy loaded(m_window->logView(), &LogView::logLoaded);
    m_window->logView()->openLog(bigLog());
    QVERIFY(m_window->logView()->isLoading());
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("cancelButton")), Qt::LeftButton);
    QVERIFY(!m_window->logView()->isLoading());
    QVERIFY(m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Stopped reading big.flog")));
    QThreadPool::globalInstance()->waitForDone();
    QTest::qWait(50); // let a late result arrive, if one were (wrongly) delivered
    QCOMPARE(loaded.count(), 0);
    QCOMPARE(m_window->logView()->currentPath(), guiFixture("mixed.flog"));
}

void TestMainWindow::staleLoadDropped()
{
    QSignalSpy loaded(m_window->logView(), &LogView::logLoaded);
    m_window->logView()->openLog(bigLog());
    m_window->logView()->openLog(guiFixture("mixed.flog")); // supersedes the big one
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
    QThreadPool::globalInstance()->waitForDone();
    QTest::qWait(50);
    QCOMPARE(loaded.count(), 1);
    QCOMPARE(loaded.front().front().toString(), guiFixture("mixed.flog"));
    QCOMPARE(m_window->logView()->currentPath(), guiFixture("mixed.flog"));
    QCOMPARE(child<QTableView>(*m_window, "buildTable")->model()->rowCount(), 6);
}

void TestMainWindow::recentLogsRemembered()
{
    loadAndWait(guiFixture("plain.log"));
    loadAndWait(guiFixture("mixed.flog"));
    auto *recent = child<QMenu>(*m_window, "menuRecent");
    QVERIFY(recent->isEnabled());
    const QList<QAction *> actions = recent->actions();
    QVERIFY(actions.size() >= 2);
    QVERIFY(actions.at(0)->text().endsWith(guiFixture("mixed.flog")));
    QVERIFY(actions.at(1)->text().endsWith(guiFixture("plain.log")));

    // A new window (a new run of the app) remembers them and opens one from the menu.
    m_window = std::make_unique<MainWindow>();
    auto *again = child<QMenu>(*m_window, "menuRecent");
    QVERIFY(again->actions().at(1)->text().endsWith(guiFixture("plain.log")));
    QSignalSpy loaded(m_window->logView(), &LogView::logLoaded);
    again->actions().at(1)->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
    QCOMPARE(m_window->logView()->currentPath(), guiFixture("plain.log"));
}

void TestMainWindow::geometryRestored()
{
    const QSize size(1010, 690); // above the window's minimum, unlike the default
    m_window->resize(size);
    m_window->close(); // saves the layout
    m_window = std::make_unique<MainWindow>();
    QCOMPARE(m_window->size(), size);
}

void TestMainWindow::controlsHaveAccessibleNames()
{
    loadAndWait(guiFixture("mixed.flog"));
    const QList<QWidget *> controls = controlsOf(*m_window, false);
    QVERIFY(controls.size() >= 7);
    QCOMPARE(withoutAccessibleName(controls), QStringList());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
