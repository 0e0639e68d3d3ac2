// SPDX-License-Identifier: MIT
// A run started in the main window on real Nix (an offline layout model on the tiny workspace):
// the live view fills with the derivations as they build, the run's session is written, and
// cancelling kills the build and says so. Runs under the nix-store resource lock.
#include "AppSettings.h"
#include "ComparisonView.h"
#include "LiveRunView.h"
#include "MainWindow.h"
#include "NixRequired.h"
#include "RunHistoryModel.h"
#include "RunSetupPanel.h"
#include "RunningBuildsModel.h"
#include "SessionController.h"
#include "StrategyListModel.h"
#include "session/SessionStore.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

using namespace flakeoff;
using namespace flakeoff::app;

namespace {
const QString kTiny = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/workspaces/bin-lib-cdylib");
} // namespace

class TestLiveRun : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void runShowsLiveRows();
    void cancelStopsTheBuild();
    void closingCancelsFirst();

private:
    void setUpQuickRun();

    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
};

void TestLiveRun::initTestCase()
{
    FLAKEOFF_SKIP_WITHOUT_NIX();
    qputenv("FLAKEOFF_CLI", FLAKEOFF_CLI_PATH);
    Q_INIT_RESOURCE(resources);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                       m_dir.filePath(QStringLiteral("config")));
    AppSettings().setSessionsDir(m_dir.filePath(QStringLiteral("sessions")));
}

void TestLiveRun::init()
{
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestLiveRun::cleanup()
{
    m_window.reset();
    QThreadPool::globalInstance()->waitForDone();
}

void TestLiveRun::setUpQuickRun()
{
    RunSetupPanel *panel = m_window->setupPanel();
    QTRY_VERIFY_WITH_TIMEOUT(panel->availabilityKnown(), 20000);
    panel->setWorkspace(kTiny);
    panel->strategyModel()->setCheckedIds({QStringLiteral("monolithic")});
    panel->setTargets({QStringLiteral("app")});
    panel->setBuiltinScenario(QStringLiteral("quick"));
    // One measured build per step (the defaults measure 3, cold 1): three builds in all.
    for (const char *spin : {"repeatSpin", "coldRepeatSpin"}) {
        auto *box = panel->findChild<QSpinBox *>(QString::fromLatin1(spin));
        QVERIFY2(box, spin);
        box->setValue(1);
    }
    QVERIFY2(panel->canStart(), qPrintable(panel->problem()));
    QVERIFY(m_window->findChild<QAction *>(QStringLiteral("actionStart"))->isEnabled());
}

void TestLiveRun::runShowsLiveRows()
{
    setUpQuickRun();
    LiveRunView *live = m_window->liveView();
    QAbstractItemModelTester buildsTester(live->buildsModel(),
                                          QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester historyTester(live->historyModel(),
                                           QAbstractItemModelTester::FailureReportingMode::Fatal);
    int rowsSeenWhileRunning = 0;
    connect(live->buildsModel(), &QAbstractItemModel::rowsInserted, this, [&] {
        if (m_window->sessions()->isRunning())
            rowsSeenWhileRunning = std::max(rowsSeenWhileRunning, live->buildsModel()->rowCount());
    });
    connect(live->buildsModel(), &QAbstractItemModel::modelReset, this, [&] {
        if (m_window->sessions()->isRunning())
            rowsSeenWhileRunning = std::max(rowsSeenWhileRunning, live->buildsModel()->rowCount());
    });
    QSignalSpy finished(m_window->sessions(), &SessionController::runFinished);
    QTest::keyClick(m_window.get(), Qt::Key_R, Qt::ControlModifier); // Run › Start
    QVERIFY(m_window->sessions()->isRunning());
    QCOMPARE(live->mode(), LiveRunView::Mode::Live);
    QVERIFY(!m_window->setupPanel()->isEnabled() ||
            !m_window->findChild<QAction *>(QStringLiteral("actionStart"))->isEnabled());
    QVERIFY(finished.wait(300000));

    const Session session = finished.front().front().value<Session>();
    QCOMPARE(session.status, Session::Status::Finished);
    QCOMPARE(session.measurements.size(), std::size_t{3}); // cold, noop, edit-leaf
    QVERIFY(rowsSeenWhileRunning > 0);                     // derivations appeared while Nix built them
    QCOMPARE(live->historyModel()->rowCount(), 3);
    QVERIFY2(live->statusText().startsWith(QStringLiteral("Finished: 3 builds")),
             qPrintable(live->statusText()));
    // The cold build's derivations are listed with their times; the log pane followed one.
    QVERIFY(!live->logText().isEmpty() || live->buildsModel()->rowCount() == 0);
    // The session is on disk with its logs, and shown (Compare, title, recent sessions).
    const QString path = m_window->sessions()->sessionPath();
    QVERIFY(path.startsWith(m_dir.filePath(QStringLiteral("sessions"))));
    QString error;
    const auto saved = SessionStore::load(path, &error);
    QVERIFY2(saved, qPrintable(error));
    QCOMPARE(saved->measurements.size(), std::size_t{3});
    for (const auto &m : saved->measurements)
        QVERIFY(QFileInfo::exists(SessionStore::logFolder(path) + QLatin1Char('/') + m.logFile));
    auto *comparison = m_window->findChild<ComparisonView *>();
    QVERIFY(comparison && comparison->session());
    QCOMPARE(comparison->session()->measurements.size(), std::size_t{3});
    QCOMPARE(comparison->sessionPath(), path);
    QVERIFY(m_window->settings()->recentSessions().contains(path));
    QVERIFY(m_window->findChild<QAction *>(QStringLiteral("actionStart"))->isEnabled());
}

void TestLiveRun::cancelStopsTheBuild()
{
    setUpQuickRun();
    LiveRunView *live = m_window->liveView();
    QSignalSpy finished(m_window->sessions(), &SessionController::runFinished);
    QVERIFY(m_window->sessions()->startRun());
    // Cancel while Nix builds (the first derivation has started).
    QTRY_VERIFY_WITH_TIMEOUT(live->buildsModel()->runningCount() > 0 || !finished.isEmpty(), 120000);
    QVERIFY2(finished.isEmpty(), "the build finished before it could be cancelled");
    QTest::keyClick(m_window.get(), Qt::Key_Escape); // Run › Cancel
    QVERIFY(finished.wait(30000));
    const Session session = finished.front().front().value<Session>();
    QCOMPARE(session.status, Session::Status::Cancelled);
    QVERIFY2(live->statusText().startsWith(QStringLiteral("Cancelled after")),
             qPrintable(live->statusText()));
    QVERIFY(!m_window->sessions()->isRunning());
    QVERIFY(m_window->findChild<QAction *>(QStringLiteral("actionStart"))->isEnabled());
    QString error;
    const auto saved = SessionStore::load(m_window->sessions()->sessionPath(), &error);
    QVERIFY2(saved, qPrintable(error));
    QCOMPARE(saved->status, Session::Status::Cancelled);
}

void TestLiveRun::closingCancelsFirst()
{
    // Closing the window during a run kills the build and saves the session before it closes.
    setUpQuickRun();
    QSignalSpy finished(m_window->sessions(), &SessionController::runFinished);
    QVERIFY(m_window->sessions()->startRun());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->liveView()->buildsModel()->runningCount() > 0 || !finished.isEmpty(),
                             120000);
    QVERIFY2(finished.isEmpty(), "the build finished before the window could be closed");
    QVERIFY(!m_window->close()); // not yet: the build is being stopped
    QVERIFY(m_window->isVisible());
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.front().front().value<Session>().status, Session::Status::Cancelled);
    QTRY_VERIFY(!m_window->isVisible());
}

QTEST_MAIN(TestLiveRun)
#include "tst_liverun.moc"
