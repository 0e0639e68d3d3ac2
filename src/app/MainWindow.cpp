// SPDX-License-Identifier: MIT
#include "MainWindow.h"

#include "ui_MainWindow.h"

#include "AppSettings.h"
#include "ComparisonView.h"
#include "Display.h"
#include "LiveRunView.h"
#include "LogView.h"
#include "PredictionView.h"
#include "RunSetupPanel.h"
#include "SessionController.h"
#include "SessionLoader.h"
#include "SettingsDialog.h"
#include "Theme.h"
#include "nix/NixEnvironment.h"

#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QShortcut>
#include <QStatusBar>

#include <functional>

namespace flakeoff::app {

using Display::fileName;

namespace {
// A File › Recent menu: numbered entries (the first nine with a mnemonic) and a Clear entry.
void fillRecentMenu(QMenu *menu, const QStringList &paths, const std::function<void(const QString &)> &open,
                    const QString &clearText, const std::function<void()> &clear)
{
    menu->clear();
    int n = 0;
    for (const QString &path : paths) {
        ++n;
        const QString label = QStringLiteral("%1%2  %3")
                                  .arg(n < 10 ? QStringLiteral("&") : QString())
                                  .arg(n)
                                  .arg(QDir::toNativeSeparators(path));
        QObject::connect(menu->addAction(label), &QAction::triggered, menu, [open, path] { open(path); });
    }
    if (!paths.isEmpty()) {
        menu->addSeparator();
        QObject::connect(menu->addAction(clearText), &QAction::triggered, menu, [clear] { clear(); });
    }
}

// open(), not exec(): no nested event loop while a dialog is up.
QFileDialog *fileDialog(QWidget *parent, const QString &title, const QString &path,
                        const QStringList &filters)
{
    auto *dialog = new QFileDialog(parent, title, path);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setNameFilters(filters);
    return dialog;
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_ui(std::make_unique<Ui::MainWindow>()), m_settings(new AppSettings(this))
{
    Theme::captureDefaults();
    Theme::apply(m_settings->theme(), false);
    applyNixPath();
    m_ui->setupUi(this);
    m_ui->mainTabs->setCurrentWidget(m_ui->runTab);
    setWindowIcon(QIcon(QStringLiteral(":/icons/flakeoff.svg")));

    m_sessions = new SessionController(
        m_settings, {m_ui->setupPanel, m_ui->liveView, m_ui->comparisonView, m_ui->predictionView}, this);
    m_layout = new WindowLayout(this, m_ui.get(), m_settings, m_sessions);
    setUpActions();
    setUpStatusBar();
    setUpPages();

    connect(m_settings, &AppSettings::recentLogsChanged, this, &MainWindow::updateRecentLogsMenu);
    connect(m_settings, &AppSettings::recentSessionsChanged, this, &MainWindow::updateRecentSessionsMenu);
    connect(m_settings, &AppSettings::nixChanged, this, &MainWindow::applyNixPath);
    updateRecentLogsMenu();
    updateRecentSessionsMenu();
    m_layout->restore();
    updateActions();
    updateTitle();
}

MainWindow::~MainWindow()
{
    // No build outlives the window: a replay stops here, the runner's destructor kills its
    // process group — both while the views they report to still exist.
    if (m_sessions->isReplaying())
        m_sessions->cancelRun();
    delete m_sessions;
}

LogView *MainWindow::logView() const
{
    return m_ui->logView;
}
RunSetupPanel *MainWindow::setupPanel() const
{
    return m_ui->setupPanel;
}
LiveRunView *MainWindow::liveView() const
{
    return m_ui->liveView;
}
PredictionView *MainWindow::predictionView() const
{
    return m_ui->predictionView;
}

void MainWindow::setUpActions()
{
    const auto icon = [](const char *name) {
        return QIcon(QStringLiteral(":/icons/") + QLatin1String(name));
    };
    m_ui->actionOpenSession->setIcon(icon("open-session.svg"));
    m_ui->actionSaveSession->setIcon(icon("save.svg"));
    m_ui->actionOpenLog->setIcon(icon("open-log.svg"));
    m_ui->actionExport->setIcon(icon("export.svg"));
    m_ui->actionSettings->setIcon(icon("settings.svg"));
    m_ui->actionStart->setIcon(icon("run.svg"));
    m_ui->actionCancel->setIcon(icon("cancel.svg"));
    m_ui->actionReplay->setIcon(icon("replay.svg"));
    m_ui->actionReplayCurrent->setIcon(icon("replay.svg"));
    m_ui->actionPresentation->setIcon(icon("presentation.svg"));
    // Esc is the natural key; Ctrl+. works where Esc is taken (a popup, a dialog).
    m_ui->actionCancel->setShortcuts({QKeySequence(Qt::Key_Escape), QKeySequence(QStringLiteral("Ctrl+."))});
    m_ui->actionSettings->setShortcuts(QKeySequence::Preferences);
    if (m_ui->actionSettings->shortcuts().isEmpty())
        m_ui->actionSettings->setShortcut(QKeySequence(QStringLiteral("Ctrl+,")));

    SessionController *sessions = m_sessions;
    connect(m_ui->actionOpenLog, &QAction::triggered, m_ui->logView, &LogView::chooseLog);
    connect(m_ui->actionOpenSession, &QAction::triggered, this, &MainWindow::chooseSession);
    connect(m_ui->actionSaveSession, &QAction::triggered, this, &MainWindow::chooseSaveTarget);
    connect(m_ui->actionExport, &QAction::triggered, this, &MainWindow::chooseReportTarget);
    connect(m_ui->actionSettings, &QAction::triggered, this, &MainWindow::showSettings);
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionAbout, &QAction::triggered, this, &MainWindow::showAbout);
    connect(m_ui->actionStart, &QAction::triggered, sessions, &SessionController::startRun);
    connect(m_ui->actionCancel, &QAction::triggered, sessions, &SessionController::cancelRun);
    connect(m_ui->actionReplay, &QAction::triggered, this, &MainWindow::chooseSessionToReplay);
    connect(m_ui->actionReplayCurrent, &QAction::triggered, sessions,
            &SessionController::replayCurrentSession);
    connect(m_ui->actionPredict, &QAction::triggered, sessions, &SessionController::predictRebuilds);
    connect(m_ui->actionRecheck, &QAction::triggered, m_ui->setupPanel, &RunSetupPanel::refreshAvailability);
    connect(m_ui->actionShowRun, &QAction::triggered, this, [this] { showView(View::Run); });
    connect(m_ui->actionShowCompare, &QAction::triggered, this, [this] { showView(View::Compare); });
    connect(m_ui->actionShowLog, &QAction::triggered, this, [this] { showView(View::Log); });
    connect(m_ui->actionShowPrediction, &QAction::toggled, m_ui->predictionView, &QWidget::setVisible);
    connect(m_ui->actionPresentation, &QAction::toggled, m_layout, &WindowLayout::setPresentation);
    // Presentation mode hides the menus and the toolbar: the shortcuts stay, held by the window.
    for (QAction *action : findChildren<QAction *>())
        if (!action->shortcuts().isEmpty())
            addAction(action);
    auto *find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, this, [this] {
        showView(View::Log);
        m_ui->logView->focusFilter();
    });
}

void MainWindow::setUpStatusBar()
{
    m_ui->logView->addProgressTo(statusBar());
    // What this machine offers stays in view (a permanent label: it never hides a message).
    auto *machineStatus = new QLabel(this);
    machineStatus->setObjectName(QStringLiteral("machineStatus"));
    machineStatus->setAccessibleName(QStringLiteral("What this machine offers"));
    machineStatus->setText(QStringLiteral("Checking this machine…"));
    statusBar()->insertPermanentWidget(0, machineStatus);
    connect(m_ui->setupPanel, &RunSetupPanel::machineProbed, machineStatus,
            [machineStatus](const MachineCapabilities &machine) {
                machineStatus->setText(machine.summary());
                machineStatus->setToolTip(machine.nixProblem.isEmpty() ? QString() : machine.nixProblem);
            });
    connect(m_ui->logView, &LogView::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_sessions, &SessionController::statusMessage, statusBar(), &QStatusBar::showMessage);
}

// The pages speak to the window and to each other through here.
void MainWindow::setUpPages()
{
    m_ui->setupPanel->setSettings(m_settings);
    m_ui->logView->setSettings(m_settings);
    connect(m_ui->setupPanel, &RunSetupPanel::canStartChanged, this, &MainWindow::updateActions);

    LogView *log = m_ui->logView;
    connect(log, &LogView::showRequested, this, [this] { showView(View::Log); });
    connect(log, &LogView::logLoaded, this, &MainWindow::updateTitle);
    connect(log, &LogView::errorOccurred, this, &MainWindow::showError);
    // The Log page follows the session shown; a build asked for on another page opens there.
    connect(m_sessions, &SessionController::sessionShown, log, &LogView::setSession);
    connect(m_ui->liveView, &LiveRunView::buildLogRequested, log, [this](const Measurement &m) {
        m_ui->logView->showBuild(m,
                                 m.logFile.isEmpty() ? QString() : m_sessions->measurementLogPath(m.logFile));
    });
    connect(m_ui->comparisonView, &ComparisonView::buildRequested, log, &LogView::showBuild);
    connect(m_ui->comparisonView, &ComparisonView::derivationRequested, log, &LogView::showBuild);
    connect(m_ui->comparisonView, &ComparisonView::targetChanged, m_ui->predictionView,
            &PredictionView::setTarget);

    SessionController *sessions = m_sessions;
    connect(sessions, &SessionController::stateChanged, this, [this] {
        updateActions();
        updateTitle();
    });
    connect(sessions, &SessionController::errorOccurred, this, &MainWindow::showError);
    connect(sessions, &SessionController::runPageRequested, this, [this] { showView(View::Run); });
    connect(sessions, &SessionController::predictionRequested, this, [this] {
        showView(View::Compare);
        m_ui->actionShowPrediction->setChecked(true);
    });
    connect(sessions, &SessionController::runFinished, this, &MainWindow::closeIfWaiting);
    connect(sessions, &SessionController::replayFinished, this, &MainWindow::closeIfWaiting);
}

void MainWindow::openFile(const QString &path)
{
    if (SessionController::looksLikeSession(path))
        m_sessions->openSession(path);
    else
        m_ui->logView->openLog(path);
}

void MainWindow::chooseSession()
{
    const QStringList recent = m_settings->recentSessions();
    const QString dir =
        recent.isEmpty() ? m_settings->sessionsDir() : QFileInfo(recent.front()).absolutePath();
    QFileDialog *dialog =
        fileDialog(this, QStringLiteral("Open Session"), dir,
                   {QStringLiteral("Flakeoff sessions (*.json)"), QStringLiteral("All files (*)")});
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, m_sessions, &SessionController::openSession);
    dialog->open();
}

void MainWindow::chooseSessionToReplay()
{
    const QString sessionPath = m_sessions->sessionPath();
    QFileDialog *dialog = fileDialog(
        this, QStringLiteral("Replay Session"),
        sessionPath.isEmpty() ? m_settings->sessionsDir() : QFileInfo(sessionPath).absolutePath(),
        {QStringLiteral("Sessions and saved logs (*.json *.flog)"), QStringLiteral("All files (*)")});
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, m_sessions, &SessionController::replaySession);
    dialog->open();
}

void MainWindow::chooseSaveTarget()
{
    if (!m_sessions->session()) {
        statusBar()->showMessage(QStringLiteral("No session to save yet: run one, or open one (Ctrl+O)."));
        return;
    }
    const QString sessionPath = m_sessions->sessionPath();
    const QString suggested = QDir::home().filePath(
        sessionPath.isEmpty() ? QStringLiteral("flakeoff-session.json") : fileName(sessionPath));
    QFileDialog *dialog = fileDialog(this, QStringLiteral("Save Session As"), suggested,
                                     {QStringLiteral("Flakeoff sessions (*.json)")});
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("json"));
    connect(dialog, &QFileDialog::fileSelected, m_sessions, &SessionController::saveSessionAs);
    dialog->open();
}

void MainWindow::chooseReportTarget()
{
    if (!m_sessions->session()) {
        statusBar()->showMessage(QStringLiteral("No session to export yet: run one, or open one (Ctrl+O)."));
        return;
    }
    const QString sessionPath = m_sessions->sessionPath();
    const QString base = sessionPath.isEmpty()
                             ? QStringLiteral("flakeoff-report")
                             : QFileInfo(sessionPath).completeBaseName() + QStringLiteral("-report");
    QFileDialog *dialog =
        fileDialog(this, QStringLiteral("Export Report"),
                   QDir::home().filePath(base + QStringLiteral(".html")), SessionLoader::exportFilters());
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    connect(dialog, &QFileDialog::filterSelected, dialog, [dialog](const QString &filter) {
        // The extension follows the chosen format.
        const qsizetype star = filter.indexOf(QStringLiteral("(*."));
        if (star >= 0)
            dialog->setDefaultSuffix(filter.mid(star + 3).chopped(1));
    });
    dialog->setDefaultSuffix(QStringLiteral("html"));
    connect(dialog, &QFileDialog::fileSelected, m_sessions, &SessionController::exportReportTo);
    dialog->open();
}

void MainWindow::showSettings()
{
    auto *dialog = new SettingsDialog(m_settings, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::applyNixPath()
{
    // The same rule as flakeoff-cli's --nix; a path that holds no nix leaves PATH as it was (the
    // Settings dialog says so).
    NixEnvironment::useNix(m_settings->nixPath());
}

void MainWindow::updateActions()
{
    const bool busy = m_sessions->isBusy();
    const bool hasSession = m_sessions->session() != nullptr;
    m_ui->actionStart->setEnabled(!busy && m_ui->setupPanel->canStart());
    m_ui->actionCancel->setEnabled(busy);
    m_ui->actionPredict->setEnabled(!busy && hasSession);
    m_ui->predictionView->setBusy(busy);
    m_ui->actionOpenSession->setEnabled(!busy);
    m_ui->actionSaveSession->setEnabled(hasSession);
    m_ui->actionReplay->setEnabled(!busy);
    m_ui->actionReplayCurrent->setEnabled(!busy && hasSession);
    m_ui->actionExport->setEnabled(hasSession);
    m_ui->menuRecentSessions->setEnabled(!busy && !m_settings->recentSessions().isEmpty());
}

void MainWindow::updateTitle()
{
    QString name;
    if (const QString sessionPath = m_sessions->sessionPath(); !sessionPath.isEmpty())
        name = fileName(sessionPath);
    else if (const QString logPath = m_ui->logView->currentPath(); !logPath.isEmpty())
        name = fileName(logPath);
    setWindowTitle(name.isEmpty() ? QStringLiteral("Flakeoff") : QStringLiteral("%1 — Flakeoff").arg(name));
}

void MainWindow::updateRecentLogsMenu()
{
    const QStringList paths = m_settings->recentLogs();
    fillRecentMenu(
        m_ui->menuRecent, paths, [this](const QString &path) { m_ui->logView->openLog(path); },
        QStringLiteral("&Clear Recent Logs"), [this] { m_settings->clearRecentLogs(); });
    m_ui->menuRecent->setEnabled(!paths.isEmpty());
}

void MainWindow::updateRecentSessionsMenu()
{
    const QStringList paths = m_settings->recentSessions();
    fillRecentMenu(
        m_ui->menuRecentSessions, paths, [this](const QString &path) { m_sessions->openSession(path); },
        QStringLiteral("&Clear Recent Sessions"), [this] { m_settings->clearRecentSessions(); });
    m_ui->menuRecentSessions->setEnabled(!paths.isEmpty() && !m_sessions->isBusy());
}

void MainWindow::showError(const QString &title, const QString &text, const QString &detail)
{
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setInformativeText(detail);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open(); // window-modal, without a nested event loop
}

void MainWindow::showAbout()
{
    auto *box =
        new QMessageBox(QMessageBox::Information, QStringLiteral("About Flakeoff"),
                        QStringLiteral("<b>Flakeoff %1</b><p>Compares Nix packaging strategies for Rust "
                                       "workspaces by measuring real builds.</p>")
                            .arg(QStringLiteral(FLAKEOFF_VERSION)),
                        QMessageBox::Ok, this);
    box->setIconPixmap(windowIcon().pixmap(64, 64));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::closeIfWaiting()
{
    if (m_closeWhenStopped)
        close();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_sessions->isBusy()) {
        // Close once the build is killed and the session saved as cancelled (a moment).
        m_closeWhenStopped = true;
        m_sessions->cancelRun();
        event->ignore();
        return;
    }
    m_ui->logView->cancelLoading();
    m_layout->save();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.front().isLocalFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.front().isLocalFile()) {
        event->acceptProposedAction();
        openFile(urls.front().toLocalFile());
    }
}

} // namespace flakeoff::app
