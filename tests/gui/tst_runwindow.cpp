// SPDX-License-Identifier: MIT
// The Run, Compare and session features of the main window, offscreen and without Nix builds:
// it opens on the bundled sample with every strategy and its availability; a run that cannot
// start says why; a saved session reopens as it was and replays (live view fed by ReplayDriver);
// sessions save with their logs; reports export; presentation mode and settings; shortcuts and
// accessible names.
#include "AppSettings.h"
#include "ComparisonView.h"
#include "Display.h"
#include "LiveRunView.h"
#include "LocalInputsPanel.h"
#include "MainWindowTestFixture.h"
#include "MeasurementFilterProxyModel.h"
#include "MeasurementTableModel.h"
#include "RunHistoryModel.h"
#include "RunSetupPanel.h"
#include "RunningBuildsModel.h"
#include "ScenarioStepModel.h"
#include "SettingsDialog.h"
#include "StrategyListModel.h"
#include "common/ScopedEnv.h"
#include "report/ReportWording.h"
#include "report/RunCostEstimate.h"
#include "scenario/ScenarioRunner.h"
#include "session/BuildCount.h"
#include "session/SessionFiles.h"
#include "session/SessionStore.h"
#include "strategy/StrategyAvailability.h"
#include "strategy/StrategyCatalog.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QTreeView>

#include <algorithm>
#include <optional>

using namespace flakeoff;
using namespace flakeoff::app;
using flakeoff::test::child;
using flakeoff::test::controlsOf;
using flakeoff::test::guiFixture;
using flakeoff::test::withoutAccessibleName;

namespace {
int fileCount(const QString &root)
{
    int n = 0;
    QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        ++n;
    }
    return n;
}
} // namespace

class TestRunWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void opensOnSampleWithAvailability();
    void startRefusedWithReason_data();
    void startRefusedWithReason();
    void layoutChoiceGoesIntoTheRun_data();
    void layoutChoiceGoesIntoTheRun();
    void layoutSwitchedBackRestoresTheChoice_data();
    void layoutSwitchedBackRestoresTheChoice();
    void sessionReopensAsItWas();
    void oneBuildCountOnEveryPage();
    void sessionStateReadsTheSameOnRunAndCompare_data();
    void sessionStateReadsTheSameOnRunAndCompare();
    void replayEndsInTheSessionsState_data();
    void replayEndsInTheSessionsState();
    void costEstimateBeforeStart();
    void brokenSessionSaysWhy_data();
    void brokenSessionSaysWhy();
    void replayPlaysTheRunBack();
    void replayCancelledWithEscape();
    void replaysOneSavedLog();
    void saveSessionAsCopiesLogs();
    void exportsReports_data();
    void exportsReports();
    void measurementLogOpensInLogView();
    void presentationMode();
    void settingsPersistAndApply();
    void settingsListAndImportLocalInputs();
    void shortcuts_data();
    void shortcuts();
    void controlsHaveAccessibleNames();

private:
    void openAndWait(const QString &path);

    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
};

void TestRunWindow::initTestCase()
{
    Q_INIT_RESOURCE(resources);
    QVERIFY(m_dir.isValid());
    test::isolateSettings(m_dir);
    AppSettings().setSessionsDir(m_dir.filePath(QStringLiteral("sessions")));
}

void TestRunWindow::init()
{
    test::showMainWindow(m_window);
}

void TestRunWindow::cleanup()
{
    test::closeMainWindow(m_window);
    AppSettings().setLastLayout(QStringLiteral("workspace")); // a layout chosen must not leak
    QApplication::setFont(QFont()); // presentation mode must not leak into the next test
}

void TestRunWindow::openAndWait(const QString &path)
{
    test::openAndWait(m_window->sessions(), &SessionController::openSession,
                      &SessionController::sessionLoaded, path);
}

void TestRunWindow::opensOnSampleWithAvailability()
{
    QCOMPARE(m_window->currentView(), MainWindow::View::Run);
    RunSetupPanel *panel = m_window->setupPanel();
    QCOMPARE(panel->workspace(), RunSetupPanel::sampleWorkspace());
    QVERIFY(QFileInfo::exists(panel->workspace() + QStringLiteral("/Cargo.toml")));
    StrategyListModel *model = panel->strategyModel();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const auto catalog = StrategyCatalog::load();
    QCOMPARE(model->rowCount(), static_cast<int>(catalog.strategies().size()));
    QCOMPARE(model->rowCount(), 7);

    // The machine is probed off the GUI thread; then every strategy says whether it can run here.
    QTRY_VERIFY_WITH_TIMEOUT(panel->availabilityKnown(), 20000);
    const bool network = StrategyAvailability::networkReachable();
    for (int row = 0; row < model->rowCount(); ++row) {
        const Strategy &s = catalog.strategies()[static_cast<std::size_t>(row)];
        const QString shown = model->index(row, StrategyListModel::AvailabilityColumn).data().toString();
        const QString reason = StrategyAvailability::unavailableReason(s);
        QVERIFY2(shown != QStringLiteral("checking…"), qPrintable(s.id));
        if (!reason.isEmpty()) {
            // The column says it short; the tooltip says it whole, as the runner will.
            QCOMPARE(shown, StrategyListModel::shortReason(reason));
            QVERIFY(model->index(row, StrategyListModel::AvailabilityColumn)
                        .data(Qt::ToolTipRole)
                        .toString()
                        .endsWith(reason));
        }
        if (s.needsNetwork() && !network &&
            !s.buildsOffline()) // with offline overrides: its local inputs decide
            QVERIFY2(shown.contains(QStringLiteral("network")), qPrintable(shown));
        if (s.model && reason.isEmpty())
            QCOMPARE(shown, QStringLiteral("available (offline model)"));
    }
    const QString machine = child<QLabel>(*panel, "machineLabel")->text();
    QVERIFY2(machine.startsWith(QStringLiteral("This machine: ")) &&
                 machine.contains(QStringLiteral("strategies can run here")),
             qPrintable(machine));
    // By default: the real tools that can run here (with the inputs imported, offline, all four:
    // FLAKEOFF_REQUIRE_REAL_TOOLS), else the offline models; the app target, the standard scenario.
    QStringList realTools;
    for (const Strategy &s : catalog.strategies())
        if (!s.model && StrategyAvailability::unavailableReason(s).isEmpty())
            realTools << s.id;
    if (qEnvironmentVariableIntValue("FLAKEOFF_REQUIRE_REAL_TOOLS"))
        QCOMPARE(realTools.size(), 4);
    for (const QString &id : model->checkedIds())
        QVERIFY2(realTools.isEmpty() ? catalog.find(id)->model : realTools.contains(id), qPrintable(id));
    if (!realTools.isEmpty())
        QCOMPARE(model->checkedIds(), realTools);
    QCOMPARE(panel->targets(), QStringList{QStringLiteral("app")});
    QCOMPARE(panel->stepModel()->fullScenario().name, QStringLiteral("standard"));
    QCOMPARE(m_window->liveView()->mode(), LiveRunView::Mode::Idle);
    QVERIFY(child<QLabel>(*m_window, "idleLabel")->isVisible());
}

void TestRunWindow::startRefusedWithReason_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("reason");
    QTest::newRow("no strategy") << "strategies"
                                 << "Choose at least one strategy";
    QTest::newRow("not a workspace") << "workspace"
                                     << "Cargo.toml";
    QTest::newRow("no target") << "targets"
                               << "Choose at least one target";
    QTest::newRow("no step") << "steps"
                             << "Switch on at least one step";
    QTest::newRow("target no strategy builds") << "wasm-only per-crate"
                                               << "builds none of the chosen targets";
}

void TestRunWindow::startRefusedWithReason()
{
    QFETCH(QString, change);
    QFETCH(QString, reason);
    RunSetupPanel *panel = m_window->setupPanel();
    QTRY_VERIFY_WITH_TIMEOUT(panel->availabilityKnown(), 20000);
    if (panel->machine() && !panel->machine()->nixProblem.isEmpty())
        QSKIP("without nix every start is refused for that reason first");
    panel->strategyModel()->setCheckedIds({QStringLiteral("monolithic")});
    if (change == QLatin1String("strategies"))
        panel->strategyModel()->setCheckedIds({});
    else if (change == QLatin1String("workspace"))
        panel->setWorkspace(m_dir.path());
    else if (change == QLatin1String("targets"))
        panel->setTargets({});
    else if (change == QLatin1String("steps"))
        panel->stepModel()->setEnabledIds({});
    else {
        panel->strategyModel()->setCheckedIds({QStringLiteral("per-crate")});
        panel->setTargets({QStringLiteral("wasm")});
    }
    QVERIFY2(panel->problem().contains(reason), qPrintable(panel->problem()));
    auto *problem = child<QLabel>(*panel, "setupProblem");
    QVERIFY(problem->isVisible());
    QCOMPARE(problem->text(), panel->problem());
    QVERIFY(!child<QPushButton>(*panel, "startButton")->isEnabled());
    QVERIFY(!child<QAction>(*m_window, "actionStart")->isEnabled());
    // Asked anyway (a shortcut, a script): refused, with the reason where the user looks.
    QVERIFY(!m_window->sessions()->startRun());
    QVERIFY(!m_window->sessions()->isRunning());
    QVERIFY(m_window->statusBar()->currentMessage().contains(reason));
}

void TestRunWindow::layoutChoiceGoesIntoTheRun_data()
{
    QTest::addColumn<QString>("layout");
    QTest::newRow("workspace") << "workspace";
    QTest::newRow("separate crates") << "separate";
}

// The layout chosen in the Run setup is the run's: it goes into the request, the strategies
// without it read unavailable with the runner's own reason (StrategyAvailability::skipReason) and
// cannot be chosen, the machine line counts for that layout, and a new window offers it again.
void TestRunWindow::layoutChoiceGoesIntoTheRun()
{
    QFETCH(QString, layout);
    RunSetupPanel *panel = m_window->setupPanel();
    QTRY_VERIFY_WITH_TIMEOUT(panel->availabilityKnown(), 20000);
    auto *combo = child<QComboBox>(*panel, "layoutCombo");
    QVERIFY(combo->isVisible() && combo->isEnabled());
    QCOMPARE(panel->layout(), QStringLiteral("workspace")); // the default, as the CLI's
    QCOMPARE(combo->count(), 2);
    combo->setCurrentIndex(combo->findData(layout));
    QCOMPARE(panel->layout(), layout);
    QCOMPARE(panel->request().layout, layout);
    QVERIFY2(combo->toolTip().size() > 80, qPrintable(combo->toolTip())); // says in words what it does

    const auto catalog = StrategyCatalog::load();
    StrategyListModel *model = panel->strategyModel();
    int missing = 0;
    int available = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        const Strategy &s = catalog.strategies()[static_cast<std::size_t>(row)];
        const QModelIndex name = model->index(row, StrategyListModel::NameColumn);
        const QModelIndex shown = model->index(row, StrategyListModel::AvailabilityColumn);
        available += shown.data(StrategyListModel::AvailableRole).toBool();
        const QString why = s.layoutMissing(layout);
        if (why.isEmpty()) {
            // A strategy with the layout: this machine's verdict, the same as in the workspace layout.
            QCOMPARE(shown.data(StrategyListModel::AvailableRole).toBool(),
                     StrategyAvailability::check(s, *panel->machine()).available);
            continue;
        }
        ++missing;
        QVERIFY2(s.model, qPrintable(s.id)); // only the offline models lack a layout
        QCOMPARE(why, StrategyAvailability::skipReason(s, layout, false, false)); // what the runner skips
        QCOMPARE(model->status(s.id)->reason, why);
        QVERIFY(!shown.data(StrategyListModel::AvailableRole).toBool());
        QCOMPARE(shown.data().toString(), StrategyListModel::shortReason(why));
        QCOMPARE(shown.data().toString(), QStringLiteral("has no %1 layout").arg(layout));
        QVERIFY(shown.data(Qt::ToolTipRole).toString().endsWith(why));
        QCOMPARE(name.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
        QVERIFY(!(name.flags() & Qt::ItemIsUserCheckable));
        QVERIFY(!model->setData(name, Qt::Checked, Qt::CheckStateRole));
        model->setCheckedIds(model->checkedIds() + QStringList{s.id});
        QVERIFY(!model->checkedIds().contains(s.id));
        QVERIFY(!panel->request().strategies.contains(s.id));
    }
    QCOMPARE(missing, layout == QLatin1String("workspace") ? 0 : 3);
    const QString machine = child<QLabel>(*panel, "machineLabel")->text();
    QVERIFY2(machine.contains(QStringLiteral("%1 of %2 strategies can run here%3.")
                                  .arg(available)
                                  .arg(model->rowCount())
                                  .arg(ReportWording::inLayout(layout))),
             qPrintable(machine));
    QCOMPARE(machine.contains(QStringLiteral("in the separate layout")),
             layout != QLatin1String("workspace"));

    // Remembered as the other choices are (when a run or a prediction starts), and offered again.
    panel->rememberChoices();
    QCOMPARE(AppSettings().lastLayout(), layout);
    test::closeMainWindow(m_window);
    test::showMainWindow(m_window);
    QCOMPARE(m_window->setupPanel()->layout(), layout);
    QCOMPARE(child<QComboBox>(*m_window->setupPanel(), "layoutCombo")->currentData().toString(), layout);
    QCOMPARE(m_window->setupPanel()->request().layout, layout);
}

void TestRunWindow::layoutSwitchedBackRestoresTheChoice_data()
{
    QTest::addColumn<bool>("localInputs");
    QTest::newRow("the tools' inputs here") << true;
    QTest::newRow("no local inputs") << false;
}

// Strategies unchecked because the layout lacks them come back when it is switched back; the
// estimate and the reason Start is refused follow the layout: without a real tool that can run
// (no network, no local inputs) nothing can run in the separate layout.
void TestRunWindow::layoutSwitchedBackRestoresTheChoice()
{
    QFETCH(bool, localInputs);
    QTemporaryDir empty;
    std::optional<ScopedEnv> home;
    RunSetupPanel *panel = m_window->setupPanel();
    if (!localInputs) {
        home.emplace("FLAKEOFF_HOME", empty.path().toUtf8());
        panel->refreshAvailability();
    }
    QTRY_VERIFY_WITH_TIMEOUT(panel->availabilityKnown(), 20000);
    if (panel->machine() && !panel->machine()->nixProblem.isEmpty())
        QSKIP("without nix every start is refused for that reason first");
    const auto catalog = StrategyCatalog::load();
    StrategyListModel *model = panel->strategyModel();
    model->setCheckedIds(catalog.ids());
    const QStringList chosen = model->checkedIds(); // every strategy that can run here
    QStringList tools;
    for (const QString &id : chosen)
        if (!catalog.find(id)->model)
            tools << id;
    QVERIFY(chosen.contains(QStringLiteral("monolithic")));
    if (tools.isEmpty() == localInputs)
        QSKIP(localInputs ? "no real tool can run here (flakeoff-cli inputs import)"
                          : "the real tools can run here without local inputs (a network)");
    auto *combo = child<QComboBox>(*panel, "layoutCombo");
    QSignalSpy changed(model, &StrategyListModel::checkedChanged);

    combo->setCurrentIndex(combo->findData(QStringLiteral("separate")));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model->checkedIds(), tools);
    QCOMPARE(panel->request().strategies, tools);
    if (tools.isEmpty()) {
        // No real tool can run here (its inputs not imported): nothing to run in this layout.
        QCOMPARE(panel->problem(),
                 QStringLiteral("Choose at least one strategy that can run here in the separate layout."));
        QVERIFY(!child<QPushButton>(*panel, "startButton")->isEnabled());
        QVERIFY(panel->costEstimate().isEmpty());
    } else {
        QVERIFY2(panel->canStart(), qPrintable(panel->problem()));
        QTRY_VERIFY_WITH_TIMEOUT(!panel->costEstimate().isEmpty(), 10000);
        QVERIFY2(panel->costEstimate().contains(QStringLiteral("in the separate layout")),
                 qPrintable(panel->costEstimate()));
    }

    combo->setCurrentIndex(combo->findData(QStringLiteral("workspace")));
    QCOMPARE(changed.count(), 2);
    QCOMPARE(model->checkedIds(), chosen); // the models are back
    QVERIFY2(panel->canStart(), qPrintable(panel->problem()));
    QTRY_VERIFY_WITH_TIMEOUT(!panel->costEstimate().isEmpty(), 10000);
    QVERIFY2(!panel->costEstimate().contains(QStringLiteral("layout")), qPrintable(panel->costEstimate()));
}

void TestRunWindow::sessionReopensAsItWas()
{
    const QString path = guiFixture("sessions/tiny-quick.json");
    QString error;
    const auto expected = SessionStore::load(path, &error);
    QVERIFY2(expected, qPrintable(error));
    openAndWait(path);

    QCOMPARE(m_window->sessions()->sessionPath(), path);
    QVERIFY(m_window->windowTitle().startsWith(QStringLiteral("tiny-quick.json")));
    QCOMPARE(m_window->sessions()->session()->measurements.size(), expected->measurements.size());
    // The setup shows what the session ran.
    RunSetupPanel *panel = m_window->setupPanel();
    QCOMPARE(panel->workspace(), expected->workspace);
    QCOMPARE(panel->strategyModel()->checkedIds().size(), expected->strategies.size());
    for (const QString &id : expected->strategies)
        QVERIFY(panel->strategyModel()->checkedIds().contains(id));
    QCOMPARE(panel->targets(), expected->targets);
    QStringList steps;
    for (const auto &s : expected->scenario.steps)
        steps << s.id;
    QCOMPARE(panel->stepModel()->enabledIds(), steps);
    QCOMPARE(panel->request().repeat, expected->repeat);

    // The live view shows the run as it ended: every build, and the first failure with its culprit.
    LiveRunView *live = m_window->liveView();
    QCOMPARE(live->mode(), LiveRunView::Mode::Session);
    QCOMPARE(live->historyModel()->rowCount(), static_cast<int>(expected->measurements.size()));
    QVERIFY2(live->statusText().contains(QStringLiteral("%1 builds").arg(expected->measurements.size())),
             qPrintable(live->statusText()));
    const Measurement *failed = nullptr;
    for (const auto &m : m_window->sessions()->session()->measurements)
        if (m.outcome == Measurement::Outcome::Failed && !failed)
            failed = &m;
    QVERIFY(failed);
    const DerivationBuild *culprit = nullptr;
    for (const auto &b : failed->report->builds)
        if (b.status == BuildStatus::Failed)
            culprit = &b;
    QVERIFY(culprit);
    const QString banner = live->failureText();
    QVERIFY2(banner.contains(QString::fromStdString(culprit->name)) && banner.contains(failed->strategy),
             qPrintable(banner));
    QCOMPARE(live->buildsModel()->report(), failed->report);
    // The log pane shows the failed derivation's last lines: the compiler's error.
    QVERIFY(!culprit->lastLines.empty());
    QVERIFY2(live->logText().endsWith(QString::fromStdString(culprit->lastLines.back())),
             qPrintable(live->logText()));
    QVERIFY(child<QLabel>(*live, "logTitle")->text().contains(QString::fromStdString(culprit->name)));

    // Selecting another finished build shows its derivations.
    auto *history = child<QTreeView>(*live, "historyView");
    history->setCurrentIndex(live->historyModel()->index(0, 0));
    QCOMPARE(live->buildsModel()->report(), m_window->sessions()->session()->measurements.front().report);
    QCOMPARE(live->buildsModel()->rowCount(),
             static_cast<int>(expected->measurements.front().report->builds.size()));
    QVERIFY(live->failureText().isEmpty());

    // The Compare view received the session.
    auto *comparison = m_window->findChild<ComparisonView *>();
    QVERIFY(comparison);
    QCOMPARE(comparison->session(), m_window->sessions()->session());
    QCOMPARE(comparison->sessionPath(), path);
    QVERIFY(child<QAction>(*m_window, "actionSaveSession")->isEnabled());
    QVERIFY(child<QAction>(*m_window, "actionReplayCurrent")->isEnabled());
    QVERIFY(m_window->settings()->recentSessions().contains(path));
}

// One count of a session's builds, in one wording, on every page: the Compare page's summary and
// its table, the Run view and the status bar (they said 16, 17 and 17 of a session with a warm-up).
void TestRunWindow::oneBuildCountOnEveryPage()
{
    const QString path = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/sessions/small.json");
    openAndWait(path);
    const Session &session = *m_window->sessions()->session();
    const BuildCount count = BuildCount::of(session);
    QCOMPARE(count.total, 17);
    QCOMPARE(count.warmups, 1);
    const QString words = count.sentence();
    QVERIFY2(words.startsWith(QStringLiteral("17 builds (1 warm-up")), qPrintable(words));
    auto *comparison = m_window->findChild<ComparisonView *>();
    QCOMPARE(comparison->measurementModel()->rowCount(), count.total); // a row per build
    QVERIFY2(comparison->summaryText().startsWith(Display::capitalized(words) + QStringLiteral(" · ")),
             qPrintable(comparison->summaryText()));
    auto *countLabel = child<QLabel>(*comparison, "measurementCount");
    QCOMPARE(countLabel->text(), words);
    QVERIFY2(m_window->liveView()->statusText().contains(words),
             qPrintable(m_window->liveView()->statusText()));
    QVERIFY2(m_window->statusBar()->currentMessage().contains(words),
             qPrintable(m_window->statusBar()->currentMessage()));
    // Filtered, the table says how many of the same builds it shows.
    comparison->measurementFilter()->setShowWarmups(false);
    QCOMPARE(countLabel->text(), QStringLiteral("16 of 17 builds"));
}

void TestRunWindow::sessionStateReadsTheSameOnRunAndCompare_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("why");
    QTest::addColumn<QString>("said");
    QTest::newRow("saved while running") << static_cast<int>(Session::Status::Running) << QString()
                                         << QStringLiteral("The run never finished");
    QTest::newRow("failed without a reason") << static_cast<int>(Session::Status::Failed) << QString()
                                             << QStringLiteral("The run failed: no reason was recorded.");
    QTest::newRow("failed") << static_cast<int>(Session::Status::Failed)
                            << QStringLiteral("nix is not installed")
                            << QStringLiteral("The run failed: nix is not installed");
    QTest::newRow("cancelled") << static_cast<int>(Session::Status::Cancelled)
                               << QStringLiteral("stopped by the user")
                               << QStringLiteral("The run was cancelled: stopped by the user");
}

// A session opened from a file reads the same on the Run page and the Compare page: a session saved
// while its run was going on is not "running" in this app (Compare said so, the Run view "Finished").
void TestRunWindow::sessionStateReadsTheSameOnRunAndCompare()
{
    QFETCH(int, status);
    QFETCH(QString, why);
    QFETCH(QString, said);
    QString error;
    auto session = SessionStore::load(guiFixture("sessions/tiny-quick.json"), &error);
    QVERIFY2(session, qPrintable(error));
    session->status = static_cast<Session::Status>(status);
    session->statusText = why;
    const QString path = m_dir.filePath(QStringLiteral("state-%1.json")
                                            .arg(QString::fromLatin1(QTest::currentDataTag()))
                                            .replace(QLatin1Char(' '), QLatin1Char('-')));
    QVERIFY2(SessionStore::save(*session, path, &error), qPrintable(error));
    openAndWait(path);
    const QString state = ReportWording::stateLine(*session, false);
    QVERIFY2(state.startsWith(said), qPrintable(state));
    auto *comparison = m_window->findChild<ComparisonView *>();
    QVERIFY2(comparison->problemText().split(QLatin1Char('\n')).contains(state),
             qPrintable(comparison->problemText()));
    QVERIFY2(!comparison->summaryText().contains(QStringLiteral("running")),
             qPrintable(comparison->summaryText()));
    const QString run = m_window->liveView()->statusText();
    QVERIFY2(run.contains(state.endsWith(QLatin1Char('.')) ? state : state + QLatin1Char('.')),
             qPrintable(run));
    QVERIFY2(!run.contains(QStringLiteral("Finished")), qPrintable(run));
    QVERIFY2(run.contains(BuildCount::of(*session).sentence()), qPrintable(run));
}

void TestRunWindow::replayEndsInTheSessionsState_data()
{
    sessionStateReadsTheSameOnRunAndCompare_data();
}

// A replayed session ends as it was recorded: after replaying one that never finished, the Run view
// said "Replayed" while the Compare page said it never finished. Both say the core's one sentence.
void TestRunWindow::replayEndsInTheSessionsState()
{
    QFETCH(int, status);
    QFETCH(QString, why);
    QFETCH(QString, said);
    const QString source = guiFixture("sessions/tiny-quick.json");
    QString error;
    auto session = SessionStore::load(source, &error);
    QVERIFY2(session, qPrintable(error));
    session->status = static_cast<Session::Status>(status);
    session->statusText = why;
    // Beside its logs, so it replays.
    const QString path = m_dir.filePath(QStringLiteral("replay-%1/session.json")
                                            .arg(QString::fromLatin1(QTest::currentDataTag()))
                                            .replace(QLatin1Char(' '), QLatin1Char('-')));
    QVERIFY2(SessionFiles::saveAs(*session, source, path, &error), qPrintable(error));
    m_window->sessions()->setReplaySpeed(100);
    QSignalSpy finished(m_window->sessions(), &SessionController::replayFinished);
    m_window->sessions()->replaySession(path);
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.front().front().value<Session>().measurements.size(), session->measurements.size());
    const QString state = ReportWording::stateLine(*session, false);
    QVERIFY2(state.startsWith(said), qPrintable(state));
    auto *comparison = m_window->findChild<ComparisonView *>();
    QVERIFY2(comparison->problemText().split(QLatin1Char('\n')).contains(state),
             qPrintable(comparison->problemText()));
    const QString run = m_window->liveView()->statusText();
    QVERIFY2(run.contains(state.endsWith(QLatin1Char('.')) ? state : state + QLatin1Char('.')),
             qPrintable(run));
    QVERIFY2(!run.startsWith(QStringLiteral("Replayed")) && !run.startsWith(QStringLiteral("Replay stopped")),
             qPrintable(run));
    QVERIFY2(run.contains(BuildCount::of(*session).sentence()), qPrintable(run));
}

// Before a run starts the Run view says what it will cost, from the earlier sessions of the
// workspace, and follows the choices; the measured builds default to the CLI's (3, and 1 of a
// cold step), and the cold step's count goes into the run.
void TestRunWindow::costEstimateBeforeStart()
{
    {
        QSettings stored(QStringLiteral("Flakeoff"), QStringLiteral("flakeoff"));
        stored.remove(QStringLiteral("run/defaultRepeat"));
        stored.remove(QStringLiteral("run/defaultColdRepeat"));
    }
    AppSettings fresh;
    QCOMPARE(fresh.defaultRepeat(), 3);
    QCOMPARE(fresh.defaultColdRepeat(), 1);
    auto dialog = std::make_unique<SettingsDialog>(m_window->settings(), m_window.get());
    QCOMPARE(child<QSpinBox>(*dialog, "repeatSpin")->value(), 3);
    QCOMPARE(child<QSpinBox>(*dialog, "coldRepeatSpin")->value(), 1);
    QVERIFY(child<QLabel>(*dialog, "repeatNote")->text().contains(QStringLiteral("flakeoff-cli run")));
    dialog.reset();

    RunSetupPanel *panel = m_window->setupPanel();
    QTRY_VERIFY_WITH_TIMEOUT(panel->availabilityKnown(), 20000);
    if (!panel->canStart())
        QSKIP(qPrintable(QStringLiteral("a run cannot start here: ") + panel->problem()));
    auto *repeat = child<QSpinBox>(*panel, "repeatSpin");
    auto *cold = child<QSpinBox>(*panel, "coldRepeatSpin");
    repeat->setValue(3);
    cold->setValue(1);
    QCOMPARE(panel->request().repeat, 3);
    QCOMPARE(panel->request().coldRepeat, 1);

    // No earlier session in this folder: the cost is unknown, and says so.
    QTemporaryDir sessions;
    m_window->settings()->setSessionsDir(sessions.path());
    QTRY_VERIFY_WITH_TIMEOUT(!panel->costEstimate().isEmpty(), 10000);
    QVERIFY2(panel->costEstimate().startsWith(QStringLiteral("Estimated cost: unknown for ")),
             qPrintable(panel->costEstimate()));
    QVERIFY(child<QLabel>(*panel, "costEstimate")->isVisible());

    // An earlier session of this workspace: the estimate is priced from it, as the core prices it.
    QString error;
    auto earlier = SessionStore::load(guiFixture("sessions/sample-quick.json"), &error);
    QVERIFY2(earlier, qPrintable(error));
    earlier->workspace = panel->workspace();
    QVERIFY2(SessionStore::save(*earlier, sessions.filePath(QStringLiteral("earlier.json")), &error),
             qPrintable(error));
    panel->strategyModel()->setCheckedIds(earlier->strategies);
    panel->setTargets(earlier->targets);
    panel->setBuiltinScenario(QStringLiteral("quick"));
    m_window->settings()->setSessionsDir(m_dir.filePath(QStringLiteral("sessions")));
    m_window->settings()->setSessionsDir(sessions.path()); // read again
    const auto expected = [&] {
        return QStringLiteral("Estimated cost: %1.")
            .arg(RunCostEstimate::of(panel->request().plan(), panel->layout(), StrategyCatalog::load(),
                                     RunCostEstimate::earlierSessions(sessions.path(), panel->workspace()))
                     .sentence());
    };
    QTRY_COMPARE_WITH_TIMEOUT(panel->costEstimate(), expected(), 10000);
    QVERIFY2(panel->costEstimate().startsWith(QStringLiteral("Estimated cost: about ")),
             qPrintable(panel->costEstimate()));
    // It follows the choices: more builds of a step cost more.
    const QString before = panel->costEstimate();
    cold->setValue(3);
    QCOMPARE(panel->request().coldRepeat, 3);
    QCOMPARE(panel->costEstimate(), expected());
    QVERIFY(panel->costEstimate() != before);

    // In the separate layout the models are not run, and the earlier session (the workspace
    // layout's) prices nothing: a real tool's builds there are unknown, and it says so.
    const auto catalog = StrategyCatalog::load();
    const auto tool =
        std::find_if(catalog.strategies().begin(), catalog.strategies().end(), [](const Strategy &s) {
            return !s.model && StrategyAvailability::unavailableReason(s).isEmpty();
        });
    if (tool != catalog.strategies().end()) {
        panel->strategyModel()->setCheckedIds(earlier->strategies + QStringList{tool->id});
        QTRY_COMPARE_WITH_TIMEOUT(panel->costEstimate(), expected(), 10000);
        const QString workspaceCost = panel->costEstimate();
        auto *layout = child<QComboBox>(*panel, "layoutCombo");
        layout->setCurrentIndex(layout->findData(QStringLiteral("separate")));
        QCOMPARE(panel->request().strategies, QStringList{tool->id});
        QCOMPARE(panel->costEstimate(), expected());
        QVERIFY(panel->costEstimate() != workspaceCost);
        QVERIFY2(panel->costEstimate().startsWith(QStringLiteral("Estimated cost: unknown for ")) &&
                     panel->costEstimate().endsWith(QStringLiteral(" in the separate layout.")),
                 qPrintable(panel->costEstimate()));
        layout->setCurrentIndex(layout->findData(QStringLiteral("workspace")));
        QCOMPARE(panel->costEstimate(), workspaceCost);
    }
    m_window->settings()->setSessionsDir(m_dir.filePath(QStringLiteral("sessions")));
}

void TestRunWindow::brokenSessionSaysWhy_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("reason");
    QTest::newRow("cut off") << QByteArray("{\"schema\": 1, \"measurements\": [")
                             << "not a complete JSON document";
    QTest::newRow("missing") << QByteArray() << "No such file or directory";
}

void TestRunWindow::brokenSessionSaysWhy()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, reason);
    openAndWait(guiFixture("sessions/tiny-quick.json"));
    const QString path = m_dir.filePath(QStringLiteral("broken.json"));
    QFile::remove(path);
    if (!content.isEmpty()) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    QSignalSpy failed(m_window->sessions(), &SessionController::sessionFailed);
    m_window->sessions()->openSession(path);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
    auto *box = m_window->findChild<QMessageBox *>();
    QVERIFY(box && box->isVisible());
    QVERIFY(box->text().contains(QStringLiteral("broken.json")));
    QVERIFY2(box->informativeText().contains(reason), qPrintable(box->informativeText()));
    box->accept();
    // What was shown stays.
    QCOMPARE(m_window->sessions()->sessionPath(), guiFixture("sessions/tiny-quick.json"));
    QVERIFY(m_window->liveView()->historyModel()->rowCount() > 0);
}

void TestRunWindow::replayPlaysTheRunBack()
{
    const QString path = guiFixture("sessions/tiny-quick.json");
    LiveRunView *live = m_window->liveView();
    QAbstractItemModelTester buildsTester(live->buildsModel(),
                                          QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester historyTester(live->historyModel(),
                                           QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_window->sessions()->setReplaySpeed(
        4); // the tiny builds take about a second: slow enough to see them build
    QSignalSpy finished(m_window->sessions(), &SessionController::replayFinished);
    int maxRows = 0;
    int maxRunning = 0;
    connect(live->buildsModel(), &QAbstractItemModel::rowsInserted, this, [&] {
        maxRows = std::max(maxRows, live->buildsModel()->rowCount());
        maxRunning = std::max(maxRunning, live->buildsModel()->runningCount());
    });
    connect(live->buildsModel(), &QAbstractItemModel::modelReset, this, [&] {
        maxRows = std::max(maxRows, live->buildsModel()->rowCount());
        maxRunning = std::max(maxRunning, live->buildsModel()->runningCount());
    });
    connect(live->buildsModel(), &QAbstractItemModel::dataChanged, this,
            [&] { maxRunning = std::max(maxRunning, live->buildsModel()->runningCount()); });
    m_window->sessions()->replaySession(path);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->sessions()->isReplaying(), 10000);
    QCOMPARE(live->mode(), LiveRunView::Mode::Replay);
    QVERIFY(child<QComboBox>(*live, "speedCombo")->isVisible());
    QVERIFY(!child<QAction>(*m_window, "actionStart")->isEnabled());
    QVERIFY(child<QAction>(*m_window, "actionCancel")->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(live->historyModel()->rowCount() > 0, 10000);
    QVERIFY(live->headline().contains(QStringLiteral(" · "))); // "strategy · step · target #1"
    QVERIFY(finished.wait(60000));
    const Session played = finished.front().front().value<Session>();
    QCOMPARE(played.measurements.size(), m_window->sessions()->session()->measurements.size());
    QCOMPARE(live->historyModel()->rowCount(), static_cast<int>(played.measurements.size()));
    QVERIFY(maxRows > 0); // live rows appeared while it played
    QVERIFY(maxRunning > 0);
    QVERIFY2(live->statusText().startsWith(QStringLiteral("Replayed: ")), qPrintable(live->statusText()));
    QVERIFY(!m_window->sessions()->isReplaying());
    QVERIFY(child<QAction>(*m_window, "actionStart")->isEnabled() || !m_window->setupPanel()->canStart());
    QCOMPARE(m_window->settings()->replaySpeed(), 4.0);
}

void TestRunWindow::replayCancelledWithEscape()
{
    openAndWait(guiFixture("sessions/tiny-quick.json"));
    m_window->sessions()->setReplaySpeed(1);
    QSignalSpy finished(m_window->sessions(), &SessionController::replayFinished);
    QVERIFY(m_window->sessions()->replayCurrentSession());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->liveView()->buildsModel()->rowCount() > 0, 10000);
    QTest::keyClick(m_window.get(), Qt::Key_Escape);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.front().front().value<Session>().status, Session::Status::Cancelled);
    QVERIFY2(m_window->liveView()->statusText().startsWith(QStringLiteral("Replay stopped after")),
             qPrintable(m_window->liveView()->statusText()));
    QVERIFY(!m_window->sessions()->isReplaying());
    // The session shown is still the whole one, not the part replayed.
    QCOMPARE(m_window->sessions()->session()->measurements.size(), std::size_t{12});
}

void TestRunWindow::replaysOneSavedLog()
{
    m_window->sessions()->setReplaySpeed(30);
    QSignalSpy finished(m_window->sessions(), &SessionController::replayFinished);
    m_window->sessions()->replaySession(guiFixture("mixed.flog")); // a log, not a session: a run of one build
    QVERIFY(m_window->sessions()->isReplaying());
    QVERIFY(finished.wait(20000));
    LiveRunView *live = m_window->liveView();
    QCOMPARE(live->historyModel()->rowCount(), 1);
    QCOMPARE(live->buildsModel()->rowCount(), 6); // the log's six derivations, as the Log view lists them
    QVERIFY(!live->failureText().isEmpty());      // rust-wasm failed in that build
    QVERIFY(!m_window->sessions()->session());    // no session was opened by replaying a log
}

void TestRunWindow::saveSessionAsCopiesLogs()
{
    const QString source = guiFixture("sessions/tiny-quick.json");
    openAndWait(source);
    const QString target = m_dir.filePath(QStringLiteral("saved/copy.json"));
    QSignalSpy saved(m_window->sessions(), &SessionController::sessionSaved);
    m_window->sessions()->saveSessionAs(target);
    QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 10000);
    QCOMPARE(m_window->sessions()->sessionPath(), target);
    QVERIFY(m_window->windowTitle().startsWith(QStringLiteral("copy.json")));
    QCOMPARE(fileCount(SessionStore::logFolder(target)), fileCount(SessionStore::logFolder(source)));
    // Reopened in a new window (a new start of the app), it is the same session.
    m_window = std::make_unique<MainWindow>();
    openAndWait(target);
    QCOMPARE(m_window->liveView()->historyModel()->rowCount(), 12);
    QCOMPARE(m_window->settings()->recentSessions().front(), target);
}

void TestRunWindow::exportsReports_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("starts");
    QTest::newRow("html") << "r.html" << QByteArray("<!DOCTYPE html>");
    QTest::newRow("markdown") << "r.md" << QByteArray("#");
    QTest::newRow("pdf") << "r.pdf" << QByteArray("%PDF");
    QTest::newRow("json") << "r.json" << QByteArray("{");
}

void TestRunWindow::exportsReports()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, starts);
    openAndWait(guiFixture("sessions/tiny-quick.json"));
    const QString path = m_dir.filePath(name);
    QSignalSpy exported(m_window->sessions(), &SessionController::reportExported);
    m_window->sessions()->exportReportTo(path);
    QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 1, 20000);
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QVERIFY2(bytes.trimmed().startsWith(starts), bytes.left(80).constData());
    QVERIFY(bytes.size() > 200);
}

void TestRunWindow::measurementLogOpensInLogView()
{
    openAndWait(guiFixture("sessions/tiny-quick.json"));
    LiveRunView *live = m_window->liveView();
    QSignalSpy loaded(m_window->logView(), &LogView::logLoaded);
    auto *history = child<QTreeView>(*live, "historyView");
    const QModelIndex first = live->historyModel()->index(0, 0);
    Q_EMIT history->activated(first); // what Enter or a double-click does
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
    QCOMPARE(m_window->currentView(), MainWindow::View::Log);
    QVERIFY(m_window->logView()->currentPath().endsWith(live->historyModel()->measurement(0)->logFile));
    QCOMPARE(m_window->logView()->report()->builds.size(),
             live->historyModel()->measurement(0)->report->builds.size());
}

void TestRunWindow::presentationMode()
{
    openAndWait(guiFixture("sessions/tiny-quick.json"));
    const qreal normal = QApplication::font().pointSizeF();
    auto *headline = child<QLabel>(*m_window->liveView(), "headline");
    auto *log = child<QPlainTextEdit>(*m_window->liveView(), "logView");
    const qreal headlineNormal = headline->font().pointSizeF();
    const qreal logNormal = log->font().pointSizeF();
    QTest::keyClick(m_window.get(), Qt::Key_F11);
    QVERIFY(m_window->presentationMode());
    QVERIFY(QApplication::font().pointSizeF() > normal * 1.4);
    // Scaled text (the headline, the log's fixed font) scales too, once the font change arrives.
    QTRY_VERIFY(headline->font().pointSizeF() > headlineNormal * 1.4);
    QVERIFY(log->font().pointSizeF() > logNormal * 1.4);
    QCOMPARE(QApplication::palette().color(QPalette::Window), QColor(Qt::white));
    QCOMPARE(QApplication::palette().color(QPalette::WindowText), QColor(Qt::black));
    QCOMPARE(m_window->currentView(), MainWindow::View::Compare); // the charts, full screen
    QVERIFY(!child<QWidget>(*m_window, "setupScroll")->isVisible());
    QVERIFY(m_window->windowState() & Qt::WindowFullScreen);
    QTest::keyClick(m_window.get(), Qt::Key_F11);
    QVERIFY(!m_window->presentationMode());
    QCOMPARE(QApplication::font().pointSizeF(), normal);
    QTRY_COMPARE(headline->font().pointSizeF(), headlineNormal);
    QCOMPARE(m_window->currentView(), MainWindow::View::Run);
    QVERIFY(child<QWidget>(*m_window, "setupScroll")->isVisible());
}

void TestRunWindow::settingsPersistAndApply()
{
    AppSettings *settings = m_window->settings();
    auto *dialog = new SettingsDialog(settings, m_window.get());
    child<QSpinBox>(*dialog, "repeatSpin")->setValue(3);
    child<QSpinBox>(*dialog, "warmupSpin")->setValue(1);
    child<QLineEdit>(*dialog, "nixOptionsEdit")->setText(QStringLiteral("--max-jobs 2"));
    auto *nixPath = child<QLineEdit>(*dialog, "nixPathEdit");
    nixPath->setText(m_dir.filePath(QStringLiteral("no-such/nix")));
    QVERIFY(!dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(child<QLabel>(*dialog, "nixPathStatus")->text().contains(QStringLiteral("does not exist")));
    nixPath->clear();
    auto *theme = child<QComboBox>(*dialog, "themeCombo");
    theme->setCurrentIndex(theme->findData(static_cast<int>(AppSettings::Theme::Dark)));
    QSignalSpy themeChanged(settings, &AppSettings::themeChanged);
    dialog->accept();
    delete dialog;
    QCOMPARE(themeChanged.count(), 1);
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 80); // dark, at once
    // The run setup follows, and a new start of the app remembers.
    auto *panel = m_window->setupPanel();
    QCOMPARE(panel->request().repeat, 3);
    QCOMPARE(panel->request().warmup, 1);
    QCOMPARE(panel->request().nixOptions, (QStringList{QStringLiteral("--max-jobs"), QStringLiteral("2")}));
    AppSettings again;
    QCOMPARE(again.defaultRepeat(), 3);
    QCOMPARE(again.defaultWarmup(), 1);
    QCOMPARE(again.nixOptions(), QStringLiteral("--max-jobs 2"));
    QCOMPARE(again.theme(), AppSettings::Theme::Dark);
    settings->setTheme(AppSettings::Theme::System);
    settings->setDefaultRepeat(1);
    settings->setDefaultWarmup(0);
    settings->setNixOptions({});
    // Out-of-range values are clamped, not stored as nonsense.
    settings->setDefaultRepeat(0);
    QCOMPARE(settings->defaultRepeat(), 1);
}

void TestRunWindow::settingsListAndImportLocalInputs()
{
    // Settings lists the local inputs read-only and imports more, off the GUI thread.
    QTemporaryDir home;
    QTemporaryDir noVariants; // no assemble.sh there: the stand-ins are not assembled, and it says so
    ScopedEnv flakeoffHome("FLAKEOFF_HOME", home.path().toUtf8());
    ScopedEnv variants("FLAKEOFF_VARIANTS", noVariants.path().toUtf8());
    auto dialog = std::make_unique<SettingsDialog>(m_window->settings(), m_window.get());
    auto *panel = dialog->findChild<LocalInputsPanel *>();
    QVERIFY(panel);
    auto *list = child<QListWidget>(*dialog, "localInputsList");
    QCOMPARE(list->count(), 1);
    QVERIFY2(list->item(0)->text().startsWith(QStringLiteral("None: ")), qPrintable(list->item(0)->text()));
    QCOMPARE(list->selectionMode(), QAbstractItemView::NoSelection);
    const QString tarball = home.filePath(QStringLiteral("flake-utils.tar.gz"));
    QVERIFY(QFile::copy(QStringLiteral(FLAKEOFF_SOURCE_DIR "/../shared/inputs/flake-utils.tar.gz"), tarball));
    QSignalSpy finished(panel, &LocalInputsPanel::importFinished);
    panel->importPaths({tarball});
    QVERIFY(panel->isImporting());
    QVERIFY(finished.wait(60000));
    QCOMPARE(list->count(), 1);
    QCOMPARE(list->item(0)->text(),
             QStringLiteral("flake-utils (local, b1d9ab7) — b1d9ab70662946ef0850d488da1c9019f3a9752a"));
    const QString status = child<QLabel>(*dialog, "localInputsStatus")->text();
    QVERIFY2(
        status.startsWith(QStringLiteral("Imported flake-utils (local, b1d9ab7). assemble.sh not found")),
        qPrintable(status));
    QVERIFY(!panel->isImporting());
}

void TestRunWindow::shortcuts_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("keys");
    QTest::newRow("start") << "actionStart"
                           << "Ctrl+R";
    QTest::newRow("cancel") << "actionCancel"
                            << "Esc";
    QTest::newRow("open session") << "actionOpenSession"
                                  << "Ctrl+O";
    QTest::newRow("save session") << "actionSaveSession"
                                  << "Ctrl+S";
    QTest::newRow("open log") << "actionOpenLog"
                              << "Ctrl+L";
    QTest::newRow("export") << "actionExport"
                            << "Ctrl+E";
    QTest::newRow("replay") << "actionReplay"
                            << "Ctrl+Shift+R";
    QTest::newRow("presentation") << "actionPresentation"
                                  << "F11";
}

void TestRunWindow::shortcuts()
{
    QFETCH(QString, action);
    QFETCH(QString, keys);
    auto *a = m_window->findChild<QAction *>(action);
    QVERIFY(a);
    QVERIFY2(a->shortcuts().contains(QKeySequence(keys)), qPrintable(a->shortcut().toString()));
    QVERIFY(!a->toolTip().isEmpty());
}

void TestRunWindow::controlsHaveAccessibleNames()
{
    openAndWait(guiFixture("sessions/tiny-quick.json"));
    const QList<QWidget *> controls = controlsOf(*m_window, true);
    QVERIFY(controls.size() >= 25);
    QCOMPARE(withoutAccessibleName(controls), QStringList());
}

QTEST_MAIN(TestRunWindow)
#include "tst_runwindow.moc"
