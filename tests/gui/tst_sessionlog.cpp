// SPDX-License-Identifier: MIT
// The Log page follows the session opened: it offers the session's builds (step × strategy ×
// target × run) and shows the one a reader opens the session for — quietly: no recent log, no
// status text, no dialog, no change of page; those stay with a log the user opens (File › Open Log).
// A build without a log says why where its log would be.
#include "AppSettings.h"
#include "ComparisonView.h"
#include "LiveRunView.h"
#include "MainWindowTestFixture.h"
#include "RunHistoryModel.h"
#include "SessionBuildPicker.h"
#include "session/SessionFiles.h"
#include "session/SessionLogs.h"
#include "session/SessionStore.h"

#include <QComboBox>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTreeView>

#include <algorithm>

using namespace flakeoff;
using namespace flakeoff::app;
using flakeoff::test::child;
using flakeoff::test::guiFixture;

namespace {
// The build a reader opens a session's log for, found here without SessionLogs: the first failed
// build in scenario step order, else the first measured (not warm-up, not skipped) build of the
// earliest step that has one.
const Measurement *expectedFirst(const Session &s)
{
    for (bool failedOnly : {true, false})
        for (const ScenarioStep &step : s.scenario.steps)
            for (const Measurement &m : s.measurements) {
                if (m.step != step.id)
                    continue;
                if (failedOnly ? m.outcome == Measurement::Outcome::Failed
                               : !m.warmup && m.outcome != Measurement::Outcome::Skipped)
                    return &m;
            }
    return nullptr;
}
} // namespace

class TestSessionLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void followsTheOpenedSession_data();
    void followsTheOpenedSession();
    void choosingABuildShowsItsLog();
    void buildWithoutLogSaysWhy_data();
    void buildWithoutLogSaysWhy();
    void logOpenedByHandKeepsItsEffects();
    void buildAskedForElsewhereOpensHere();

private:
    void openSession(const QString &path);
    QComboBox *combo() const { return child<QComboBox>(*m_window, "sessionBuildCombo"); }

    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
};

void TestSessionLog::initTestCase()
{
    Q_INIT_RESOURCE(resources);
    QVERIFY(m_dir.isValid());
    test::isolateSettings(m_dir);
    AppSettings().setSessionsDir(m_dir.filePath(QStringLiteral("sessions")));
}

void TestSessionLog::init()
{
    test::showMainWindow(m_window);
    m_window->settings()->clearRecentLogs(); // each test says which logs it opened by hand
}

void TestSessionLog::cleanup()
{
    test::closeMainWindow(m_window);
}

// Opens `path` as a session and waits until the Log page has shown the build it chose.
void TestSessionLog::openSession(const QString &path)
{
    QSignalSpy shown(m_window->logView(), &LogView::logLoaded);
    test::openAndWait(m_window->sessions(), &SessionController::openSession,
                      &SessionController::sessionLoaded, path);
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 10000);
}

void TestSessionLog::followsTheOpenedSession_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("label");
    QTest::newRow("a failed build") << guiFixture("sessions/tiny-quick.json")
                                    << "break-build · monolithic · app · run 1 — failed";
    QTest::newRow("no failure: the first step's first build")
        << guiFixture("sessions/sample-quick.json") << "cold · monolithic · app · run 1";
}

void TestSessionLog::followsTheOpenedSession()
{
    QFETCH(QString, path);
    QFETCH(QString, label);
    // A log the user opened before: the session's build takes its place.
    test::openAndWait(m_window->logView(), &LogView::openLog, &LogView::logLoaded, guiFixture("mixed.flog"));
    const QStringList recent = m_window->settings()->recentLogs();
    QCOMPARE(recent, QStringList{guiFixture("mixed.flog")});
    m_window->showView(MainWindow::View::Run);

    openSession(path);
    const auto session = m_window->sessions()->session();
    QVERIFY(session);
    const Measurement *first = expectedFirst(*session);
    QVERIFY(first);
    QCOMPARE(SessionLogs::label(*first), label);
    const QString log = SessionStore::logFolder(path) + QLatin1Char('/') + first->logFile;
    QCOMPARE(m_window->logView()->currentPath(), log);
    QCOMPARE(m_window->logView()->report()->builds.size(), first->report->builds.size());
    QCOMPARE(child<QStackedWidget>(*m_window, "pages")->currentWidget(),
             child<QWidget>(*m_window, "reportPage"));

    // Every build of the session is offered, in step order, the shown one chosen.
    QVERIFY(!child<SessionBuildPicker>(*m_window, "buildPicker")->isHidden());
    QCOMPARE(combo()->count(), static_cast<int>(session->measurements.size()));
    QCOMPARE(combo()->currentText(), label);
    QStringList steps;
    for (int i = 0; i < combo()->count(); ++i)
        steps << combo()->itemText(i).section(QStringLiteral(" · "), 0, 0);
    QStringList inOrder;
    for (const ScenarioStep &step : session->scenario.steps)
        for (const QString &s : steps)
            if (s == step.id)
                inOrder << s;
    QCOMPARE(steps, inOrder);

    // Quietly: the page is not brought forward, the status bar still says what opening said, no
    // log went into the recent ones, no dialog, no reading progress.
    QCOMPARE(m_window->currentView(), MainWindow::View::Run);
    const QString status = m_window->statusBar()->currentMessage();
    QVERIFY2(status.startsWith(QStringLiteral("Opened ")), qPrintable(status));
    QCOMPARE(m_window->settings()->recentLogs(), recent);
    QVERIFY(!m_window->findChild<QMessageBox *>());
    QVERIFY(!m_window->findChild<QProgressBar *>(QStringLiteral("loadProgress"))->isVisible());
}

void TestSessionLog::choosingABuildShowsItsLog()
{
    const QString path = guiFixture("sessions/tiny-quick.json");
    openSession(path);
    const auto session = m_window->sessions()->session();
    const QString before = m_window->statusBar()->currentMessage();
    // The noop build of deps-split: a build of its own, with its own derivations.
    int row = -1;
    for (int i = 0; i < combo()->count(); ++i)
        if (combo()->itemText(i) == QStringLiteral("noop · deps-split · app · run 1"))
            row = i;
    QVERIFY(row >= 0);
    QSignalSpy loaded(m_window->logView(), &LogView::logLoaded);
    combo()->setCurrentIndex(row);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
    const auto m =
        std::find_if(session->measurements.begin(), session->measurements.end(), [](const Measurement &x) {
            return x.strategy == QLatin1String("deps-split") && x.step == QLatin1String("noop");
        });
    QVERIFY(m != session->measurements.end());
    QCOMPARE(m_window->logView()->currentPath(),
             SessionStore::logFolder(path) + QLatin1Char('/') + m->logFile);
    QCOMPARE(m_window->logView()->report()->builds.size(), m->report->builds.size());
    QCOMPARE(m_window->statusBar()->currentMessage(), before);
    QVERIFY(m_window->settings()->recentLogs().isEmpty());

    // The same session again (a replay's last build, a run's): the choice stays, nothing reloads.
    m_window->logView()->setSession(session, path);
    QCOMPARE(combo()->currentIndex(), row);
    QTest::qWait(100);
    QCOMPARE(loaded.count(), 1);
    // Another session chooses anew; none hides the line.
    m_window->logView()->setSession(nullptr, {});
    QVERIFY(child<SessionBuildPicker>(*m_window, "buildPicker")->isHidden());
}

void TestSessionLog::buildWithoutLogSaysWhy_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<QStringList>("said");
    QTest::newRow("skipped") << "skipped"
                             << QStringList{QStringLiteral("No log"), QStringLiteral("skipped"),
                                            QStringLiteral("generate failed")};
    QTest::newRow("not recorded") << "no log file"
                                  << QStringList{QStringLiteral("No log"),
                                                 QStringLiteral("none was recorded")};
    QTest::newRow("log file gone") << "missing file"
                                   << QStringList{QStringLiteral("cannot be read"),
                                                  QStringLiteral("No such file or directory")};
}

// A build without a log says why where the log would be, in the page, never in a dialog.
void TestSessionLog::buildWithoutLogSaysWhy()
{
    QFETCH(QString, change);
    QFETCH(QStringList, said);
    const QString source = guiFixture("sessions/tiny-quick.json");
    QString error;
    auto session = SessionStore::load(source, &error);
    QVERIFY2(session, qPrintable(error));
    // The first build of the first step, so it is the one shown when no build failed.
    for (Measurement &m : session->measurements)
        if (m.outcome == Measurement::Outcome::Failed)
            m.outcome = Measurement::Outcome::Succeeded;
    Measurement &first = session->measurements.front();
    if (change == QLatin1String("skipped")) {
        first.outcome = Measurement::Outcome::Skipped;
        first.error = QStringLiteral("generate failed\ncargo: error: …");
        first.logFile.clear();
    } else if (change == QLatin1String("no log file")) {
        first.logFile.clear();
    } else {
        first.logFile = QStringLiteral("monolithic/gone.flog");
    }
    const QString path = m_dir.filePath(
        QStringLiteral("%1/session.json").arg(change).replace(QLatin1Char(' '), QLatin1Char('-')));
    QVERIFY2(SessionFiles::saveAs(*session, source, path, &error), qPrintable(error));

    m_window->showView(MainWindow::View::Run);
    test::openAndWait(m_window->sessions(), &SessionController::openSession,
                      &SessionController::sessionLoaded, path);
    const QString label = SessionLogs::label(first);
    QTRY_VERIFY_WITH_TIMEOUT(combo()->currentIndex() >= 0 && !m_window->logView()->isLoading(), 10000);
    // A skipped build is not the one a reader opens the session for; the others are the first.
    QCOMPARE(combo()->currentText() == label, change != QLatin1String("skipped"));
    const int row = combo()->findText(label);
    QVERIFY2(row >= 0, qPrintable(label));
    combo()->setCurrentIndex(row);
    QTRY_COMPARE_WITH_TIMEOUT(child<QStackedWidget>(*m_window, "pages")->currentWidget(),
                              child<QWidget>(*m_window, "noLogPage"), 10000);
    const QString text = child<QLabel>(*m_window, "noLogLabel")->text();
    QVERIFY2(text.startsWith(label), qPrintable(text));
    for (const QString &words : said)
        QVERIFY2(text.contains(words), qPrintable(text));
    QVERIFY(!m_window->logView()->report());
    QVERIFY(!m_window->findChild<QMessageBox *>());
    QVERIFY2(m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Opened ")),
             qPrintable(m_window->statusBar()->currentMessage()));
    QCOMPARE(m_window->currentView(), MainWindow::View::Run);
    QVERIFY(m_window->settings()->recentLogs().isEmpty());

    // Another build of the session shows its log again.
    QSignalSpy loaded(m_window->logView(), &LogView::logLoaded);
    combo()->setCurrentIndex(row == 0 ? 1 : 0);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
    QCOMPARE(child<QStackedWidget>(*m_window, "pages")->currentWidget(),
             child<QWidget>(*m_window, "reportPage"));
}

// File › Open Log while a session is open: the user's log, with everything opening one by hand
// does; the line says another log is shown, and the session's builds are still offered.
void TestSessionLog::logOpenedByHandKeepsItsEffects()
{
    openSession(guiFixture("sessions/tiny-quick.json"));
    m_window->showView(MainWindow::View::Run);
    test::openAndWait(m_window->logView(), &LogView::openLog, &LogView::logLoaded, guiFixture("mixed.flog"));
    QCOMPARE(m_window->currentView(), MainWindow::View::Log);
    QVERIFY(m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Read mixed.flog")));
    QCOMPARE(m_window->settings()->recentLogs(), QStringList{guiFixture("mixed.flog")});
    QCOMPARE(m_window->logView()->currentPath(), guiFixture("mixed.flog"));
    QCOMPARE(combo()->currentIndex(), -1);
    QCOMPARE(combo()->placeholderText(), QStringLiteral("another log: mixed.flog"));
    QCOMPARE(combo()->count(), 12);

    // Unreadable, it still says so in a dialog, and what was shown stays.
    QSignalSpy failed(m_window->logView(), &LogView::logFailed);
    m_window->logView()->openLog(m_dir.filePath(QStringLiteral("no-such.flog")));
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
    auto *box = m_window->findChild<QMessageBox *>();
    QVERIFY(box && box->isVisible());
    box->accept();
    QCOMPARE(m_window->logView()->currentPath(), guiFixture("mixed.flog"));

    // The session grown by a build (a run going on) leaves the user's log shown.
    m_window->logView()->setSession(m_window->sessions()->session(), m_window->sessions()->sessionPath());
    QCOMPARE(m_window->logView()->currentPath(), guiFixture("mixed.flog"));
    QCOMPARE(combo()->currentIndex(), -1);
}

// A build activated on the Run page (or on the Compare page) is that build of the session, shown on
// the Log page, which comes forward.
void TestSessionLog::buildAskedForElsewhereOpensHere()
{
    const QString path = guiFixture("sessions/tiny-quick.json");
    openSession(path);
    LiveRunView *live = m_window->liveView();
    const Measurement *last = live->historyModel()->measurement(live->historyModel()->rowCount() - 1);
    QVERIFY(last);
    QSignalSpy loaded(m_window->logView(), &LogView::logLoaded);
    Q_EMIT child<QTreeView>(*live, "historyView")
        ->activated(live->historyModel()->index(live->historyModel()->rowCount() - 1, 0));
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
    QCOMPARE(m_window->currentView(), MainWindow::View::Log);
    QCOMPARE(m_window->logView()->currentPath(),
             SessionStore::logFolder(path) + QLatin1Char('/') + last->logFile);
    QCOMPARE(combo()->currentText(), SessionLogs::label(*last));
    QVERIFY(m_window->settings()->recentLogs().isEmpty()); // a session's build, not a log of the user's
}

QTEST_MAIN(TestSessionLog)
#include "tst_sessionlog.moc"
