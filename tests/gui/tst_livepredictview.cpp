// SPDX-License-Identifier: MIT
// Predicting from the window on real Nix: the Compare page's prediction of an opened session (a
// real run of the offline models on tests/data/predict/workspace, its prediction removed) is
// evaluated without building, agrees with what that run built, and is saved into the session
// file; a cancelled prediction stores nothing. Runs under the nix-store resource lock.
#include "AppSettings.h"
#include "MainWindow.h"
#include "NixRequired.h"
#include "PredictionTableModel.h"
#include "PredictionView.h"
#include "RunSetupPanel.h"
#include "SessionController.h"
#include "StrategyListModel.h"
#include "session/SessionStore.h"

#include <QAction>
#include <QCryptographicHash>
#include <QFile>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

using namespace flakeoff;
using namespace flakeoff::app;

namespace {
const QString kFixture = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/sessions/predicted.json");
const QString kWorkspace = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/predict/workspace");

QByteArray digest(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256)
                                       : QByteArray();
}
} // namespace

class TestLivePredictView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void predictsAndSavesIntoTheSession();
    void cancelledPredictionStoresNothing();
    void predictsTheSetUpBeforeBuilding();
    void pricesFromRecentSessionsOfTheWorkspace();

private:
    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<MainWindow> m_window;
};

void TestLivePredictView::initTestCase()
{
    FLAKEOFF_SKIP_WITHOUT_NIX();
    qputenv("FLAKEOFF_CLI", FLAKEOFF_CLI_PATH); // per-crate's prepare step generates its Nix file
    Q_INIT_RESOURCE(resources);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                       m_dir.filePath(QStringLiteral("config")));
    AppSettings().setSessionsDir(m_dir.filePath(QStringLiteral("sessions")));
}

void TestLivePredictView::init()
{
    QString error;
    auto session = SessionStore::load(kFixture, &error);
    QVERIFY2(session, qPrintable(error));
    session->workspace = kWorkspace;
    session->prediction.reset();
    m_path = m_dir.filePath(QStringLiteral("run.json"));
    QVERIFY2(SessionStore::save(*session, m_path, &error), qPrintable(error));

    m_window = std::make_unique<MainWindow>();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QSignalSpy loaded(m_window->sessions(), &SessionController::sessionLoaded);
    m_window->sessions()->openSession(m_path);
    QVERIFY(loaded.wait(10000));
}

void TestLivePredictView::cleanup()
{
    m_window.reset();
    QThreadPool::globalInstance()->waitForDone();
}

void TestLivePredictView::predictsAndSavesIntoTheSession()
{
    PredictionView *view = m_window->predictionView();
    QCOMPARE(view->model()->rowCount(), 0);
    QSignalSpy stored(m_window->sessions(), &SessionController::predictionStored);
    QSignalSpy saved(m_window->sessions(), &SessionController::sessionSaved);
    QVERIFY(m_window->sessions()->predictRebuilds());
    QVERIFY(view->isPredicting());
    QVERIFY(!view->predictButton()->isVisible());
    QVERIFY(view->findChild<QProgressBar *>(QStringLiteral("predictionProgress"))->isVisible());
    // No run while the workspace is being evaluated.
    QVERIFY(!m_window->sessions()->startRun());

    QVERIFY(stored.wait(300000));
    QCOMPARE(stored.first().first().toString(), m_path);
    QVERIFY(!view->isPredicting());
    QVERIFY(view->predictButton()->isVisible());

    // Shown: the grid, and the prediction agrees with every cell the run measured.
    QCOMPARE(view->model()->rowCount(), 8);
    QCOMPARE(view->model()->columnCount(), 3);
    QVERIFY2(view->summaryText().contains(QStringLiteral("23 of 23 measured cells as predicted")),
             qPrintable(view->summaryText()));
    QVERIFY2(view->summaryText().contains(QStringLiteral("priced from run.json")),
             qPrintable(view->summaryText()));
    QVERIFY(m_window->sessions()->session()->prediction);

    // Saved: the file on disk holds it, with the measurements untouched.
    if (saved.isEmpty())
        QVERIFY(saved.wait(10000));
    QString error;
    const auto reloaded = SessionStore::load(m_path, &error);
    QVERIFY2(reloaded, qPrintable(error));
    QVERIFY(reloaded->prediction);
    QCOMPARE(reloaded->prediction->steps.size(), std::size_t{24});
    QCOMPARE(reloaded->prediction->history, QStringList{QStringLiteral("run.json")});
    QCOMPARE(reloaded->measurements.size(), m_window->sessions()->session()->measurements.size());
    // Priced from the run: the cold build of monolithic has a known cost.
    const StepPrediction *cold = reloaded->prediction->find(QStringLiteral("monolithic"),
                                                            QStringLiteral("cold"), QStringLiteral("app"));
    QVERIFY(cold && cold->ok && cold->knownCostUs() > 0 && cold->unknownCount() == 0);
    // The step that breaks the manifest: Nix's own words, not an empty prediction.
    const StepPrediction *broken = reloaded->prediction->find(
        QStringLiteral("monolithic"), QStringLiteral("break-eval"), QStringLiteral("app"));
    QVERIFY(broken && !broken->ok);
    QVERIFY2(broken->error.startsWith(QStringLiteral("error:")), qPrintable(broken->error));
}

void TestLivePredictView::cancelledPredictionStoresNothing()
{
    const QByteArray before = digest(m_path);
    PredictionView *view = m_window->predictionView();
    QSignalSpy stored(m_window->sessions(), &SessionController::predictionStored);
    QVERIFY(m_window->sessions()->predictRebuilds());
    auto *progress = view->findChild<QProgressBar *>(QStringLiteral("predictionProgress"));
    QTRY_VERIFY_WITH_TIMEOUT(progress->value() >= 1, 120000);
    view->cancel();
    QVERIFY(!view->isPredicting());
    QVERIFY2(view->statusText().contains(QStringLiteral("cancelled")), qPrintable(view->statusText()));
    QVERIFY2(view->statusText().contains(QStringLiteral("nothing was stored")),
             qPrintable(view->statusText()));
    QTest::qWait(200);
    QCOMPARE(stored.size(), 0);
    QVERIFY(!m_window->sessions()->session()->prediction);
    QCOMPARE(digest(m_path), before);
    // It can start again at once.
    QVERIFY(view->predictButton()->isEnabled());
}

void TestLivePredictView::predictsTheSetUpBeforeBuilding()
{
    // Nothing built yet for this set-up: the Run view's Predict makes a prediction-only session,
    // priced with the session shown (it measured the same workspace).
    RunSetupPanel *panel = m_window->setupPanel();
    QTRY_VERIFY_WITH_TIMEOUT(panel->availabilityKnown(), 20000);
    panel->setWorkspace(kWorkspace);
    panel->strategyModel()->setCheckedIds({QStringLiteral("monolithic"), QStringLiteral("deps-split")});
    panel->setTargets({QStringLiteral("app")});
    panel->setBuiltinScenario(QStringLiteral("quick"));
    QVERIFY2(panel->canStart(), qPrintable(panel->problem()));
    auto *button = panel->findChild<QPushButton *>(QStringLiteral("predictButton"));
    QVERIFY(button && button->isEnabled());
    QSignalSpy stored(m_window->sessions(), &SessionController::predictionStored);
    QSignalSpy saved(m_window->sessions(), &SessionController::sessionSaved);
    button->click();
    QCOMPARE(m_window->currentView(), MainWindow::View::Compare);
    QVERIFY(stored.wait(300000));

    const QString path = stored.first().first().toString();
    QVERIFY2(path.startsWith(m_dir.filePath(QStringLiteral("sessions"))), qPrintable(path));
    if (saved.isEmpty())
        QVERIFY(saved.wait(10000));
    QString error;
    const auto session = SessionStore::load(path, &error);
    QVERIFY2(session, qPrintable(error));
    QVERIFY(session->measurements.empty());
    QCOMPARE(session->statusText, QStringLiteral("prediction only: nothing was built"));
    QVERIFY(session->prediction);
    QCOMPARE(session->prediction->steps.size(), std::size_t{2 * 3}); // 2 strategies × cold, noop, edit-leaf
    QCOMPARE(session->prediction->history, QStringList{QStringLiteral("run.json")});
    const StepPrediction *noop = session->prediction->find(QStringLiteral("deps-split"),
                                                           QStringLiteral("noop"), QStringLiteral("app"));
    QVERIFY(noop && noop->ok && noop->rebuild.empty());
    const StepPrediction *leaf = session->prediction->find(
        QStringLiteral("deps-split"), QStringLiteral("edit-leaf"), QStringLiteral("app"));
    QVERIFY(leaf && leaf->ok && leaf->rebuild.size() == 1 &&
            leaf->unknownCount() == 0); // priced from run.json
    PredictionView *view = m_window->predictionView();
    QCOMPARE(view->model()->rowCount(), 3);
    QVERIFY2(view->summaryText().contains(
                 QStringLiteral("This session built none of the predicted cells, so nothing is compared.")),
             qPrintable(view->summaryText()));
    QCOMPARE(m_window->sessions()->sessionPath(), path);
}

void TestLivePredictView::pricesFromRecentSessionsOfTheWorkspace()
{
    // A session with nothing measured, opened after the run (run.json is a recent session now):
    // its prediction is priced from run.json, read from disk; another workspace's session is not used.
    QString error;
    auto blank = SessionStore::load(m_path, &error);
    QVERIFY2(blank, qPrintable(error));
    blank->measurements.clear();
    blank->prediction.reset();
    const QString blankPath = m_dir.filePath(QStringLiteral("blank.json"));
    QVERIFY2(SessionStore::save(*blank, blankPath, &error), qPrintable(error));
    auto elsewhere = SessionStore::load(m_path, &error);
    elsewhere->workspace = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/workspaces/bin-lib-cdylib");
    const QString elsewherePath = m_dir.filePath(QStringLiteral("elsewhere.json"));
    QVERIFY2(SessionStore::save(*elsewhere, elsewherePath, &error), qPrintable(error));
    QSignalSpy loaded(m_window->sessions(), &SessionController::sessionLoaded);
    m_window->sessions()->openSession(elsewherePath);
    QVERIFY(loaded.wait(10000));
    m_window->sessions()->openSession(blankPath);
    QVERIFY(loaded.wait(10000));

    QSignalSpy stored(m_window->sessions(), &SessionController::predictionStored);
    QVERIFY(m_window->sessions()->predictRebuilds());
    QVERIFY(stored.wait(300000));
    const auto prediction = m_window->sessions()->session()->prediction;
    QVERIFY(prediction);
    QCOMPARE(prediction->history, QStringList{QStringLiteral("run.json")});
    const StepPrediction *cold =
        prediction->find(QStringLiteral("monolithic"), QStringLiteral("cold"), QStringLiteral("app"));
    QVERIFY(cold && cold->ok && cold->unknownCount() == 0 && cold->knownCostUs() > 0);
    for (const auto &d : cold->rebuild)
        QVERIFY2(d.measuredIn.startsWith(QStringLiteral("run.json")), qPrintable(d.measuredIn));
}

QTEST_MAIN(TestLivePredictView)
#include "tst_livepredictview.moc"
