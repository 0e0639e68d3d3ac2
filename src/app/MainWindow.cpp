// SPDX-License-Identifier: MIT
#include "MainWindow.h"

#include "ui_MainWindow.h"

#include "AppSettings.h"
#include "BuildFilterProxyModel.h"
#include "BuildTableModel.h"
#include "ChartPalette.h"
#include "ComparisonView.h"
#include "Display.h"
#include "LiveRunView.h"
#include "LogLoader.h"
#include "PredictionView.h"
#include "RunSetupPanel.h"
#include "SessionLoader.h"
#include "SettingsDialog.h"
#include "Theme.h"
#include "scenario/ReplayDriver.h"
#include "scenario/ScenarioRunner.h"
#include "session/SessionFiles.h"
#include "session/SessionStore.h"

#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QSplitter>
#include <QSysInfo>
#include <QThread>
#include <QToolBar>

#include <functional>

namespace flakeoff::app {

using namespace Display;

namespace {
// Keys for AppSettings::layout.
QString geometryKey() { return QStringLiteral("mainWindow/geometry"); }
QString windowStateKey() { return QStringLiteral("mainWindow/state"); }
QString mainSplitterKey() { return QStringLiteral("mainWindow/mainSplitter"); }
QString tableSplitterKey() { return QStringLiteral("mainWindow/tableSplitter"); }
QString runSplitterKey() { return QStringLiteral("mainWindow/runSplitter"); }
QString compareSplitterKey() { return QStringLiteral("mainWindow/compareSplitter"); }
QString viewKey() { return QStringLiteral("mainWindow/view"); }
QString liveViewKey() { return QStringLiteral("liveView/splitters"); }

enum MessageColumn { MessageLevel, MessageText, MessageLocation, MessageLogLine };
enum ProblemColumn { ProblemLine, ProblemWhat, ProblemEffect };

const QList<double> kReplaySpeeds = {1, 2, 5, 10, 30, 100};

QString fileName(const QString &path) { return QFileInfo(path).fileName(); }

// "file:line:col" with whatever parts Nix gave.
QString location(const LogMessage &m)
{
    if (!m.file)
        return {};
    QString text = qs(*m.file);
    if (m.line)
        text += QLatin1Char(':') + QString::number(*m.line);
    if (m.line && m.column)
        text += QLatin1Char(':') + QString::number(*m.column);
    return text;
}

QIcon levelIcon(int level)
{
    if (level <= 0)
        return QIcon(QStringLiteral(":/icons/error.svg"));
    if (level == 1)
        return QIcon(QStringLiteral(":/icons/warning.svg"));
    return QIcon(QStringLiteral(":/icons/info.svg"));
}

QString firstLine(const QString &text)
{
    const qsizetype newline = text.indexOf(QLatin1Char('\n'));
    return newline < 0 ? text : text.left(newline) + QStringLiteral(" …");
}

QString capitalized(QString text)
{
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

// The folder of the chosen nix goes first on PATH, so nix-store, nix-build and nix-instantiate
// come from the same installation (the core looks every tool up on PATH).
void usePreferredNix(const QString &nixPath)
{
    static const QByteArray original = qgetenv("PATH");
    QByteArray path = original;
    if (!nixPath.isEmpty())
        path = QFile::encodeName(QFileInfo(nixPath).absolutePath()) + (original.isEmpty() ? QByteArray() : ':' + original);
    qputenv("PATH", path);
}

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

QString describeSession(const Session &s)
{
    QString text = QStringLiteral("%1 on %2").arg(s.scenario.name, QFileInfo(s.workspace).fileName());
    if (!s.strategies.isEmpty())
        text += QStringLiteral(" (%1)").arg(s.strategies.join(QStringLiteral(", ")));
    return text;
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_settings(new AppSettings(this))
    , m_loader(new LogLoader(this))
    , m_model(new BuildTableModel(this))
    , m_proxy(new BuildFilterProxyModel(this))
    , m_runner(new ScenarioRunner(this))
    , m_replay(new ReplayDriver(this))
    , m_sessions(new SessionLoader(this))
{
    Theme::captureDefaults();
    Theme::apply(m_settings->theme(), false);
    applyNixPath();
    m_ui->setupUi(this);
    m_ui->pages->setCurrentWidget(m_ui->welcomePage);
    m_ui->mainTabs->setCurrentWidget(m_ui->runTab);

    const QIcon appIcon(QStringLiteral(":/icons/flakeoff.svg"));
    setWindowIcon(appIcon);
    m_ui->welcomeIcon->setPixmap(appIcon.pixmap(96, 96));
    applyFonts();
    m_ui->welcomeOpenButton->setIcon(QIcon(QStringLiteral(":/icons/open-log.svg")));

    setUpActions();
    setUpViews();
    setUpStatusBar();
    setUpRun();

    connect(m_loader, &LogLoader::started, this, [this](const QString &path) {
        setLoading(true);
        statusBar()->showMessage(QStringLiteral("Reading %1…").arg(fileName(path)));
    });
    connect(m_loader, &LogLoader::progress, this, &MainWindow::showProgress);
    connect(m_loader, &LogLoader::loaded, this, &MainWindow::showLog);
    connect(m_loader, &LogLoader::failed, this, &MainWindow::showLoadFailure);
    connect(m_loader, &LogLoader::cancelled, this, [this](const QString &path) {
        setLoading(false);
        statusBar()->showMessage(QStringLiteral("Stopped reading %1.").arg(fileName(path)));
    });

    connect(m_settings, &AppSettings::recentLogsChanged, this, &MainWindow::updateRecentMenu);
    connect(m_settings, &AppSettings::recentSessionsChanged, this, &MainWindow::updateRecentSessionsMenu);
    connect(m_settings, &AppSettings::themeChanged, this, [this](AppSettings::Theme theme) {
        Theme::apply(theme, m_presentation);
    });
    connect(m_settings, &AppSettings::nixChanged, this, &MainWindow::applyNixPath);
    updateRecentMenu();
    updateRecentSessionsMenu();
    // The Compare page: the charts and the measurement table of whatever session is shown.
    // In a scroll area, as the Log page: four charts and a table must not force the window taller
    // than a small screen.
    auto *compareScroll = new QScrollArea(m_ui->compareTab);
    compareScroll->setObjectName(QStringLiteral("compareScroll"));
    compareScroll->setWidgetResizable(true);
    compareScroll->setFrameShape(QFrame::NoFrame);
    m_comparison = new ComparisonView(compareScroll);
    m_comparison->setAccessibleName(QStringLiteral("Comparison of the session"));
    compareScroll->setWidget(m_comparison);
    // The prediction beside the measured charts: what evaluation says next to what was measured.
    m_compareSplitter = new QSplitter(Qt::Horizontal, m_ui->compareTab);
    m_compareSplitter->setObjectName(QStringLiteral("compareSplitter"));
    m_compareSplitter->setChildrenCollapsible(true);
    m_prediction = new PredictionView(m_compareSplitter);
    m_prediction->setObjectName(QStringLiteral("predictionView"));
    m_prediction->setAccessibleName(QStringLiteral("Predicted rebuilds of the session"));
    m_compareSplitter->addWidget(compareScroll);
    m_compareSplitter->addWidget(m_prediction);
    m_compareSplitter->setStretchFactor(0, 3);
    m_compareSplitter->setStretchFactor(1, 2);
    m_ui->compareTab->layout()->replaceWidget(m_ui->comparePlaceholder, m_compareSplitter);
    m_ui->comparePlaceholder->hide();
    connect(m_comparison, &ComparisonView::targetChanged, m_prediction, &PredictionView::setTarget);
    connect(m_prediction, &PredictionView::statusChanged, this, [this](const QString &text) { statusBar()->showMessage(text, 10000); });
    connect(m_prediction, &PredictionView::predicted, this, &MainWindow::onPredicted);
    connect(m_ui->actionPredict, &QAction::triggered, this, &MainWindow::predictRebuilds);
    connect(m_prediction->predictButton(), &QPushButton::pressed, this, [this] {
        m_predictionPath = m_sessionPath;
        m_prediction->setHistorySources(m_settings->recentSessions());
    });
    connect(m_ui->actionShowPrediction, &QAction::toggled, m_prediction, &QWidget::setVisible);
    connect(m_comparison, &ComparisonView::buildRequested, this, [this](const Measurement &, const QString &logPath) {
        if (logPath.isEmpty()) {
            statusBar()->showMessage(QStringLiteral("This build has no saved log."), 5000);
            return;
        }
        openLog(logPath);
        showView(View::Log);
    });
    connect(m_comparison, &ComparisonView::derivationRequested, this,
            [this](const Measurement &, const QString &logPath, const QString &) {
                if (logPath.isEmpty())
                    return;
                openLog(logPath);
                showView(View::Log);
            });
    showSessionInCompare(nullptr, {});
    restoreLayout();
    updateActions();
    updateTitle();
}

MainWindow::~MainWindow()
{
    // No build outlives the window: the runner's destructor cancels (kills its process group).
    m_replay->cancel();
}

void MainWindow::applyFonts()
{
    QFont title = font();
    title.setPointSizeF(font().pointSizeF() * 1.6);
    m_ui->welcomeTitle->setFont(title);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange)
        applyFonts(); // presentation mode: the large type reaches the scaled titles too
    QMainWindow::changeEvent(event);
}

void MainWindow::setUpActions()
{
    const auto icon = [](const char *name) { return QIcon(QStringLiteral(":/icons/") + QLatin1String(name)); };
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

    connect(m_ui->actionOpenLog, &QAction::triggered, this, &MainWindow::chooseLog);
    connect(m_ui->welcomeOpenButton, &QPushButton::clicked, this, &MainWindow::chooseLog);
    connect(m_ui->actionOpenSession, &QAction::triggered, this, &MainWindow::chooseSession);
    connect(m_ui->actionSaveSession, &QAction::triggered, this, &MainWindow::chooseSaveTarget);
    connect(m_ui->actionExport, &QAction::triggered, this, &MainWindow::exportReport);
    connect(m_ui->actionSettings, &QAction::triggered, this, &MainWindow::showSettings);
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionAbout, &QAction::triggered, this, &MainWindow::showAbout);
    connect(m_ui->actionStart, &QAction::triggered, this, &MainWindow::startRun);
    connect(m_ui->actionCancel, &QAction::triggered, this, &MainWindow::cancelRun);
    connect(m_ui->actionReplay, &QAction::triggered, this, &MainWindow::chooseSessionToReplay);
    connect(m_ui->actionReplayCurrent, &QAction::triggered, this, &MainWindow::replayCurrentSession);
    connect(m_ui->actionShowRun, &QAction::triggered, this, [this] { showView(View::Run); });
    connect(m_ui->actionShowCompare, &QAction::triggered, this, [this] { showView(View::Compare); });
    connect(m_ui->actionShowLog, &QAction::triggered, this, [this] { showView(View::Log); });
    connect(m_ui->actionPresentation, &QAction::toggled, this, &MainWindow::setPresentationMode);
    auto *find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, this, [this] {
        showView(View::Log);
        m_ui->filterEdit->setFocus(Qt::ShortcutFocusReason);
        m_ui->filterEdit->selectAll();
    });
}

void MainWindow::setUpRun()
{
    RunSetupPanel *panel = m_ui->setupPanel;
    LiveRunView *live = m_ui->liveView;
    panel->setSettings(m_settings);
    m_ui->runSplitter->setStretchFactor(0, 0);
    m_ui->runSplitter->setStretchFactor(1, 1);
    connect(m_ui->actionRecheck, &QAction::triggered, panel, &RunSetupPanel::refreshAvailability);
    connect(panel, &RunSetupPanel::startRequested, this, &MainWindow::startRun);
    connect(panel, &RunSetupPanel::predictRequested, this, &MainWindow::predictSetup);
    connect(panel, &RunSetupPanel::cancelRequested, this, &MainWindow::cancelRun);
    connect(panel, &RunSetupPanel::canStartChanged, this, &MainWindow::updateActions);
    // What this machine offers stays in view (a permanent label: it never hides a message).
    auto *machineStatus = new QLabel(this);
    machineStatus->setObjectName(QStringLiteral("machineStatus"));
    machineStatus->setAccessibleName(QStringLiteral("What this machine offers"));
    machineStatus->setText(QStringLiteral("Checking this machine…"));
    statusBar()->insertPermanentWidget(0, machineStatus);
    connect(panel, &RunSetupPanel::machineProbed, machineStatus, [machineStatus](const MachineCapabilities &machine) {
        machineStatus->setText(machine.summary());
        machineStatus->setToolTip(machine.nixProblem.isEmpty() ? QString() : machine.nixProblem);
    });

    // The runner and the replay speak the same signals; the live view shows either.
    connect(m_runner, &ScenarioRunner::progress, live, &LiveRunView::showProgress);
    connect(m_runner, &ScenarioRunner::buildUpdated, live, [live](std::shared_ptr<const BuildReport> r) {
        live->showReport(std::move(r));
    });
    connect(m_runner, &ScenarioRunner::measurementAdded, live, &LiveRunView::addMeasurement);
    connect(m_runner, &ScenarioRunner::message, live, &LiveRunView::addMessage);
    connect(m_runner, &ScenarioRunner::message, this, [this](const QString &text) { statusBar()->showMessage(text, 10000); });
    connect(m_runner, &ScenarioRunner::finished, this, &MainWindow::onRunFinished);
    connect(m_runner, &ScenarioRunner::measurementAdded, this, [this] {
        showSessionInCompare(std::make_shared<const Session>(m_runner->session()), m_runSessionPath);
    });

    connect(m_replay, &ReplayDriver::progress, live, &LiveRunView::showProgress);
    connect(m_replay, &ReplayDriver::buildUpdated, live, [this, live](std::shared_ptr<const BuildReport> r) {
        live->showReport(std::move(r), m_replay->streamNowUs());
    });
    connect(m_replay, &ReplayDriver::measurementAdded, live, &LiveRunView::addMeasurement);
    connect(m_replay, &ReplayDriver::message, live, &LiveRunView::addMessage);
    connect(m_replay, &ReplayDriver::finished, this, &MainWindow::onReplayFinished);
    connect(m_replay, &ReplayDriver::measurementAdded, this, [this] {
        if (m_replayingSession)
            showSessionInCompare(std::make_shared<const Session>(m_replay->session()), m_sessionPath);
    });
    connect(live, &LiveRunView::replaySpeedChosen, this, &MainWindow::setReplaySpeed);
    connect(live, &LiveRunView::openMeasurementLog, this, &MainWindow::openMeasurementLog);

    connect(m_sessions, &SessionLoader::loaded, this, &MainWindow::showSession);
    connect(m_sessions, &SessionLoader::loadFailed, this, &MainWindow::showSessionFailure);
    connect(m_sessions, &SessionLoader::saved, this, [this](const QString &path) {
        m_sessionPath = path;
        m_settings->addRecentSession(path);
        updateTitle();
        statusBar()->showMessage(QStringLiteral("Saved the session and its logs to %1.").arg(QDir::toNativeSeparators(path)));
        Q_EMIT sessionSaved(path);
    });
    connect(m_sessions, &SessionLoader::exported, this, [this](const QString &path) {
        statusBar()->showMessage(QStringLiteral("Wrote the report %1.").arg(QDir::toNativeSeparators(path)));
        Q_EMIT reportExported(path);
    });
    connect(m_sessions, &SessionLoader::exportFailed, this, [this](const QString &path, const QString &message) {
        statusBar()->showMessage(capitalized(message));
        showError(QStringLiteral("Cannot Export Report"),
                  QStringLiteral("Flakeoff could not write the report “%1”.").arg(fileName(path)), capitalized(message) + QLatin1Char('.'));
        Q_EMIT reportFailed(path, message);
    });
    connect(m_sessions, &SessionLoader::saveFailed, this, [this](const QString &path, const QString &message) {
        showError(QStringLiteral("Cannot Save Session"),
                  QStringLiteral("Flakeoff could not save the session as “%1”.").arg(fileName(path)), capitalized(message));
    });
}

void MainWindow::setUpViews()
{
    m_proxy->setSourceModel(m_model);
    QTableView *table = m_ui->buildTable;
    table->setModel(m_proxy);
    table->sortByColumn(BuildTableModel::StartColumn, Qt::AscendingOrder);
    QHeaderView *header = table->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(BuildTableModel::PhasesColumn, QHeaderView::Stretch);
    header->setMinimumSectionSize(48);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);

    connect(m_ui->filterEdit, &QLineEdit::textChanged, m_proxy, &BuildFilterProxyModel::setText);
    connect(m_ui->statusCombo, &QComboBox::currentIndexChanged, this, &MainWindow::applyStatusFilter);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &MainWindow::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &MainWindow::updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &MainWindow::updateCount);
    connect(table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::showCurrentBuild);

    m_ui->tableSplitter->setStretchFactor(0, 3);
    m_ui->tableSplitter->setStretchFactor(1, 2);
    m_ui->mainSplitter->setStretchFactor(0, 4);
    m_ui->mainSplitter->setStretchFactor(1, 1);
    m_ui->messagesList->header()->setStretchLastSection(false);
    m_ui->messagesList->header()->setSectionResizeMode(MessageText, QHeaderView::Stretch);
    m_ui->problemsList->header()->setStretchLastSection(false);
    m_ui->problemsList->header()->setSectionResizeMode(ProblemWhat, QHeaderView::Stretch);
}

void MainWindow::setUpStatusBar()
{
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("loadProgress"));
    m_progress->setAccessibleName(QStringLiteral("Reading progress"));
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(200);
    m_progress->setTextVisible(false);
    m_cancel = new QPushButton(QStringLiteral("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setAccessibleName(QStringLiteral("Stop reading the log"));
    connect(m_cancel, &QPushButton::clicked, m_loader, &LogLoader::cancel);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    setLoading(false);
}

void MainWindow::openLog(const QString &path)
{
    // Absolute from here on: the title, the recent list and error messages name one file.
    m_loader->load(QFileInfo(path).absoluteFilePath());
}

std::shared_ptr<const BuildReport> MainWindow::report() const { return m_model->report(); }

bool MainWindow::isLoading() const { return m_loader->isBusy(); }

void MainWindow::chooseLog()
{
    const QStringList recent = m_settings->recentLogs();
    const QString dir = recent.isEmpty() ? QDir::currentPath() : QFileInfo(recent.front()).absolutePath();
    // open(), not exec(): no nested event loop while the dialog is up.
    auto *dialog = new QFileDialog(this, QStringLiteral("Open Nix Log"), dir);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setNameFilters({QStringLiteral("Nix logs (*.flog *.log *.txt *.json)"), QStringLiteral("All files (*)")});
    connect(dialog, &QFileDialog::fileSelected, this, &MainWindow::openLog);
    dialog->open();
}

void MainWindow::setLoading(bool loading)
{
    m_progress->setVisible(loading);
    m_cancel->setVisible(loading);
    m_progress->setValue(0);
    if (loading)
        m_progress->setRange(0, 0); // busy until the first progress report
}

void MainWindow::showProgress(quint64 done, quint64 total)
{
    if (total == 0)
        return;
    m_progress->setRange(0, 1000);
    m_progress->setValue(static_cast<int>(std::min<quint64>(1000, done * 1000 / total)));
    const QLocale locale;
    statusBar()->showMessage(QStringLiteral("Reading %1… %2 of %3")
                                 .arg(fileName(m_loader->currentPath()),
                                      locale.formattedDataSize(static_cast<qint64>(done)),
                                      locale.formattedDataSize(static_cast<qint64>(total))));
}

void MainWindow::showLog(const LoadedLog &log)
{
    setLoading(false);
    m_path = log.path;
    const BuildReport &r = *log.report;
    m_ui->pages->setCurrentWidget(m_ui->reportPage);
    showView(View::Log);
    m_ui->summaryBar->setLog(log);

    m_model->setReport(log.report);
    fillStatusCombo(r);
    fillMessages(r);
    fillProblems(r);
    m_ui->detailPane->setPlaceholder(r.builds.empty() ? QStringLiteral("No derivation was built in this run.")
                                                      : QStringLiteral("Select a build to see its phases, its "
                                                                       "error and its last log lines."));
    // A column of dashes is noise: most runs never wait for a lock or a build slot.
    const bool anyWait =
        std::any_of(r.builds.begin(), r.builds.end(), [](const DerivationBuild &b) { return b.waitUs.has_value(); });
    m_ui->buildTable->setColumnHidden(BuildTableModel::WaitColumn, !anyWait);
    m_ui->buildTable->resizeColumnsToContents();
    for (int c : {BuildTableModel::DurationColumn, BuildTableModel::WaitColumn}) // air before the phases' text
        m_ui->buildTable->setColumnWidth(c, m_ui->buildTable->columnWidth(c) + 12);
    selectFirstBuildOfInterest();
    // Lost lines change what every number means: say so before anything else.
    m_ui->bottomTabs->setCurrentWidget(r.malformedCount > 0 ? m_ui->problemsTab : m_ui->messagesTab);

    m_settings->addRecentLog(log.path);
    updateTitle();
    statusBar()->showMessage(QStringLiteral("Read %1: %2 from %3 lines (%4) in %5 ms")
                                 .arg(fileName(log.path))
                                 .arg(buildCount(static_cast<qint64>(r.builds.size())))
                                 .arg(r.lineCount)
                                 .arg(QLocale().formattedDataSize(static_cast<qint64>(log.bytes)))
                                 .arg(log.elapsedMs));
    Q_EMIT logLoaded(log.path);
}

void MainWindow::showLoadFailure(const QString &path, const QString &message)
{
    setLoading(false);
    // The reader's sentence starts lower-case to read well after a prefix.
    QString detail = message;
    if (!detail.isEmpty())
        detail[0] = detail[0].toUpper();
    statusBar()->showMessage(detail);
    auto *box = new QMessageBox(QMessageBox::Warning, QStringLiteral("Cannot Open Log"),
                                QStringLiteral("Flakeoff could not read “%1”.").arg(fileName(path)),
                                QMessageBox::Ok, this);
    box->setInformativeText(detail + QLatin1Char('.'));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open(); // window-modal, without a nested event loop
    Q_EMIT logFailed(path, message);
}

void MainWindow::fillStatusCombo(const BuildReport &r)
{
    QComboBox *combo = m_ui->statusCombo;
    const QVariant previous = combo->currentData();
    const QSignalBlocker blocker(combo);
    combo->clear();
    combo->addItem(QStringLiteral("All statuses (%1)").arg(r.builds.size()), -1);
    for (BuildStatus s : {BuildStatus::Failed, BuildStatus::Interrupted, BuildStatus::Running, BuildStatus::Waiting,
                          BuildStatus::Built}) {
        const auto n = r.countWithStatus(s);
        if (n == 0 && s != BuildStatus::Failed && s != BuildStatus::Built)
            continue; // rare statuses only when present
        combo->addItem(QStringLiteral("%1 (%2)").arg(statusName(s)).arg(n), static_cast<int>(s));
    }
    const int index = combo->findData(previous);
    combo->setCurrentIndex(index < 0 ? 0 : index);
    applyStatusFilter();
}

void MainWindow::applyStatusFilter()
{
    const int value = m_ui->statusCombo->currentData().toInt();
    m_proxy->setStatus(value < 0 ? std::nullopt : std::optional<BuildStatus>(static_cast<BuildStatus>(value)));
}

void MainWindow::fillMessages(const BuildReport &r)
{
    QTreeWidget *list = m_ui->messagesList;
    list->clear();
    QList<QTreeWidgetItem *> items;
    items.reserve(static_cast<qsizetype>(r.messages.size()));
    for (const LogMessage &m : r.messages) {
        auto *item = new QTreeWidgetItem;
        const QString text = qs(m.text);
        item->setIcon(MessageLevel, levelIcon(m.level));
        item->setText(MessageLevel, levelName(m.level));
        if (m.level <= 1)
            item->setForeground(MessageLevel, m.level == 0 ? ChartPalette::statusColor(BuildStatus::Failed)
                                                           : ChartPalette::warningText());
        item->setText(MessageText, firstLine(text));
        item->setToolTip(MessageText, text);
        item->setText(MessageLocation, location(m));
        item->setToolTip(MessageLocation, location(m));
        item->setText(MessageLogLine, QString::number(m.logLine));
        item->setTextAlignment(MessageLogLine, Qt::AlignRight | Qt::AlignVCenter);
        items << item;
    }
    list->addTopLevelItems(items);
    for (int c : {MessageLevel, MessageLocation, MessageLogLine})
        list->resizeColumnToContents(c);
    list->setColumnWidth(MessageLocation, std::min(list->columnWidth(MessageLocation), list->width() / 3));
    const int errors = static_cast<int>(std::count_if(r.messages.begin(), r.messages.end(),
                                                      [](const LogMessage &m) { return m.level <= 0; }));
    const int index = m_ui->bottomTabs->indexOf(m_ui->messagesTab);
    m_ui->bottomTabs->setTabText(index, QStringLiteral("Messages (%1)").arg(r.messages.size()));
    m_ui->bottomTabs->setTabIcon(index, errors > 0 ? levelIcon(0) : QIcon());
}

void MainWindow::fillProblems(const BuildReport &r)
{
    QTreeWidget *list = m_ui->problemsList;
    list->clear();
    QList<QTreeWidgetItem *> items;
    items.reserve(static_cast<qsizetype>(r.problems.size()));
    for (const InputProblem &p : r.problems) {
        auto *item = new QTreeWidgetItem;
        item->setText(ProblemLine, p.line > 0 ? QString::number(p.line) : QStringLiteral("whole file"));
        item->setTextAlignment(ProblemLine, Qt::AlignRight | Qt::AlignVCenter);
        item->setText(ProblemWhat, qs(p.what));
        item->setToolTip(ProblemWhat, qs(p.what));
        item->setText(ProblemEffect, p.fatal ? QStringLiteral("line dropped") : QStringLiteral("repaired"));
        if (p.fatal)
            item->setForeground(ProblemEffect, ChartPalette::warningText());
        items << item;
    }
    list->addTopLevelItems(items);
    list->resizeColumnToContents(ProblemLine);
    list->resizeColumnToContents(ProblemEffect);
    list->setVisible(!r.problems.empty());

    QString summary;
    if (r.problemCount == 0) {
        summary = QStringLiteral("No problems: every one of the %1 lines of this log was read.").arg(r.lineCount);
    } else {
        summary = r.malformedCount > 0
                      ? QStringLiteral("This log has malformed lines: %1 of its %2 lines could not be read and were "
                                       "dropped, so the report may miss what they said.")
                            .arg(r.malformedCount)
                            .arg(r.lineCount)
                      : QStringLiteral("Every line was read, but %1 needed repair.").arg(r.problemCount);
        if (r.problemCount > static_cast<std::int64_t>(r.problems.size()))
            summary += QStringLiteral(" Showing the first %1 of %2 problems.")
                           .arg(r.problems.size())
                           .arg(r.problemCount);
    }
    m_ui->problemsSummary->setText(summary);
    setTextColor(m_ui->problemsSummary,
                 r.malformedCount > 0 ? ChartPalette::warningText() : palette().color(QPalette::WindowText));
    const int index = m_ui->bottomTabs->indexOf(m_ui->problemsTab);
    m_ui->bottomTabs->setTabText(index, QStringLiteral("Input problems (%1)").arg(r.problemCount));
    m_ui->bottomTabs->setTabIcon(index, r.problemCount > 0 ? levelIcon(1) : QIcon());
}

void MainWindow::updateCount()
{
    const int total = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    QString text;
    if (total == 0)
        text = QStringLiteral("No builds");
    else if (shown == total)
        text = buildCount(total);
    else
        text = QStringLiteral("Showing %1 of %2").arg(shown).arg(buildCount(total));
    m_ui->countLabel->setText(text);
}

void MainWindow::showCurrentBuild()
{
    const QModelIndex current = m_proxy->mapToSource(m_ui->buildTable->currentIndex());
    const auto report = m_model->report();
    m_ui->detailPane->showBuild(current.isValid() ? m_model->build(current.row()) : nullptr,
                                report ? report->timed : true);
}

void MainWindow::selectFirstBuildOfInterest()
{
    // A failure is what one opens a log for; otherwise the first build in the current order.
    int row = 0;
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const QModelIndex index = m_proxy->index(r, 0);
        if (index.data(BuildTableModel::StatusRole).toInt() == static_cast<int>(BuildStatus::Failed)) {
            row = r;
            break;
        }
    }
    if (m_proxy->rowCount() > 0)
        m_ui->buildTable->selectRow(row);
    showCurrentBuild();
}

void MainWindow::updateRecentMenu()
{
    const QStringList paths = m_settings->recentLogs();
    fillRecentMenu(m_ui->menuRecent, paths, [this](const QString &path) { openLog(path); }, QStringLiteral("&Clear Recent Logs"),
                   [this] { m_settings->clearRecentLogs(); });
    m_ui->menuRecent->setEnabled(!paths.isEmpty());
}


// ---- runs ----

bool MainWindow::isRunning() const { return m_runner->isRunning(); }
bool MainWindow::isReplaying() const { return m_replay->isRunning(); }
RunSetupPanel *MainWindow::setupPanel() const { return m_ui->setupPanel; }
LiveRunView *MainWindow::liveView() const { return m_ui->liveView; }

bool MainWindow::startRun()
{
    if (isRunning() || isReplaying()) {
        statusBar()->showMessage(QStringLiteral("A run is in progress: cancel it first (Esc)."));
        return false;
    }
    if (m_prediction->isPredicting()) {
        statusBar()->showMessage(QStringLiteral("A prediction is evaluating the workspace: let it finish or cancel it first."));
        return false;
    }
    RunSetupPanel *panel = m_ui->setupPanel;
    if (const QString problem = panel->problem(); !problem.isEmpty()) {
        showView(View::Run);
        statusBar()->showMessage(QStringLiteral("Cannot start: %1").arg(problem));
        return false;
    }
    RunRequest request = panel->request();
    request.sessionPath = SessionFiles::newSessionPath(m_settings->sessionsDir(), request.scenario.name);
    panel->rememberChoices();
    m_runSessionPath = request.sessionPath;
    showView(View::Run);
    m_ui->liveView->setClockSpeed(1.0);
    m_ui->liveView->beginRun(LiveRunView::Mode::Live,
                             QStringLiteral("%1 on %2").arg(request.scenario.name, QFileInfo(request.workspace).fileName()), 0);
    m_ui->liveView->addMessage(QStringLiteral("Session: %1").arg(QDir::toNativeSeparators(request.sessionPath)));
    panel->setRunning(true);
    m_runner->start(request);
    statusBar()->showMessage(QStringLiteral("Running %1 on %2…").arg(request.scenario.name, QFileInfo(request.workspace).fileName()));
    updateActions();
    return true;
}

void MainWindow::cancelRun()
{
    if (isRunning()) {
        statusBar()->showMessage(QStringLiteral("Cancelling: stopping the build…"));
        m_runner->cancel();
    } else if (isReplaying()) {
        m_replay->cancel();
    }
}

void MainWindow::onRunFinished(const Session &session)
{
    m_ui->liveView->endRun(session);
    m_ui->setupPanel->setRunning(false);
    m_session = std::make_shared<const Session>(session);
    m_sessionPath = m_runSessionPath;
    if (QFileInfo::exists(m_sessionPath))
        m_settings->addRecentSession(m_sessionPath);
    showSessionInCompare(m_session, m_sessionPath);
    statusBar()->showMessage(m_ui->liveView->statusText());
    updateActions();
    updateTitle();
    Q_EMIT runFinished(session);
    if (m_closeWhenStopped)
        close();
}

void MainWindow::setReplaySpeed(double factor)
{
    m_settings->setReplaySpeed(factor);
    m_replay->setSpeed(factor);
    m_ui->liveView->setClockSpeed(m_replay->speed());
}

bool MainWindow::replayCurrentSession()
{
    if (!m_session) {
        statusBar()->showMessage(QStringLiteral("Open a session to replay first (File › Open Session, Ctrl+O)."));
        return false;
    }
    if (isRunning() || isReplaying()) {
        statusBar()->showMessage(QStringLiteral("A run is in progress: cancel it first (Esc)."));
        return false;
    }
    startReplay();
    return true;
}

void MainWindow::replaySession(const QString &path)
{
    if (!looksLikeSession(path)) {
        replayLog(path);
        return;
    }
    m_replayWhenLoaded = true;
    openSession(path);
}

void MainWindow::replayLog(const QString &path)
{
    if (isRunning() || isReplaying()) {
        statusBar()->showMessage(QStringLiteral("A run is in progress: cancel it first (Esc)."));
        return;
    }
    const double speed = m_settings->replaySpeed();
    m_replay->setSpeed(speed);
    showView(View::Run);
    LiveRunView *live = m_ui->liveView;
    live->beginRun(LiveRunView::Mode::Replay, QStringLiteral("Replay of %1").arg(fileName(path)), 1);
    live->setReplaySpeeds(kReplaySpeeds, speed);
    live->setClockSpeed(m_replay->speed());
    m_replayingSession = false;
    m_replay->startLog(QFileInfo(path).absoluteFilePath());
    statusBar()->showMessage(QStringLiteral("Replaying %1 at %2×: no Nix runs.").arg(fileName(path)).arg(speed));
    updateActions();
}

void MainWindow::startReplay()
{
    LiveRunView *live = m_ui->liveView;
    const double speed = m_settings->replaySpeed();
    m_replay->setSpeed(speed);
    showView(View::Run);
    live->beginRun(LiveRunView::Mode::Replay, QStringLiteral("Replay of %1").arg(describeSession(*m_session)),
                   static_cast<int>(m_session->measurements.size()));
    live->setReplaySpeeds(kReplaySpeeds, speed);
    live->setClockSpeed(m_replay->speed());
    m_replayingSession = true;
    m_replay->start(*m_session, m_sessionPath);
    statusBar()->showMessage(QStringLiteral("Replaying %1 at %2×: no Nix runs.").arg(fileName(m_sessionPath)).arg(speed));
    updateActions();
}

void MainWindow::onReplayFinished(const Session &session)
{
    if (m_replayingSession)
        showSessionInCompare(m_session, m_sessionPath); // the whole session again, as opened
    m_ui->liveView->endRun(session);
    statusBar()->showMessage(m_ui->liveView->statusText());
    updateActions();
    Q_EMIT replayFinished(session);
    if (m_closeWhenStopped)
        close();
}

// ---- sessions ----

void MainWindow::chooseSession()
{
    const QStringList recent = m_settings->recentSessions();
    const QString dir = recent.isEmpty() ? m_settings->sessionsDir() : QFileInfo(recent.front()).absolutePath();
    auto *dialog = new QFileDialog(this, QStringLiteral("Open Session"), dir);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setNameFilters({QStringLiteral("Flakeoff sessions (*.json)"), QStringLiteral("All files (*)")});
    connect(dialog, &QFileDialog::fileSelected, this, &MainWindow::openSession);
    dialog->open();
}

void MainWindow::chooseSessionToReplay()
{
    auto *dialog = new QFileDialog(this, QStringLiteral("Replay Session"),
                                   m_sessionPath.isEmpty() ? m_settings->sessionsDir() : QFileInfo(m_sessionPath).absolutePath());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setNameFilters({QStringLiteral("Sessions and saved logs (*.json *.flog)"), QStringLiteral("All files (*)")});
    connect(dialog, &QFileDialog::fileSelected, this, &MainWindow::replaySession);
    dialog->open();
}

void MainWindow::openSession(const QString &path)
{
    if (isRunning() || isReplaying()) {
        statusBar()->showMessage(QStringLiteral("A run is in progress: cancel it before opening a session (Esc)."));
        m_replayWhenLoaded = false;
        return;
    }
    const QString abs = QFileInfo(path).absoluteFilePath();
    statusBar()->showMessage(QStringLiteral("Opening %1…").arg(fileName(abs)));
    m_sessions->load(abs);
}

void MainWindow::showSession(const QString &path, std::shared_ptr<const Session> session)
{
    m_session = std::move(session);
    m_sessionPath = path;
    m_settings->addRecentSession(path);
    m_ui->setupPanel->applySession(*m_session);
    showSessionInCompare(m_session, m_sessionPath);
    updateTitle();
    updateActions();
    if (m_replayWhenLoaded) {
        m_replayWhenLoaded = false;
        startReplay();
    } else {
        m_ui->liveView->showSession(*m_session);
        statusBar()->showMessage(QStringLiteral("Opened %1: %2 builds of %3.")
                                     .arg(fileName(path))
                                     .arg(m_session->measurements.size())
                                     .arg(describeSession(*m_session)));
    }
    Q_EMIT sessionLoaded(path);
}

void MainWindow::showSessionFailure(const QString &path, const QString &message)
{
    m_replayWhenLoaded = false;
    statusBar()->showMessage(capitalized(message));
    showError(QStringLiteral("Cannot Open Session"), QStringLiteral("Flakeoff could not open “%1”.").arg(fileName(path)),
              capitalized(message) + QLatin1Char('.'));
    Q_EMIT sessionFailed(path, message);
}

void MainWindow::chooseSaveTarget()
{
    if (!m_session) {
        statusBar()->showMessage(QStringLiteral("No session to save yet: run one, or open one (Ctrl+O)."));
        return;
    }
    const QString suggested = m_sessionPath.isEmpty() ? QDir::home().filePath(QStringLiteral("flakeoff-session.json"))
                                                      : QDir::home().filePath(fileName(m_sessionPath));
    auto *dialog = new QFileDialog(this, QStringLiteral("Save Session As"), suggested);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("json"));
    dialog->setNameFilters({QStringLiteral("Flakeoff sessions (*.json)")});
    connect(dialog, &QFileDialog::fileSelected, this, &MainWindow::saveSessionAs);
    dialog->open();
}

void MainWindow::saveSessionAs(const QString &path)
{
    if (!m_session)
        return;
    statusBar()->showMessage(QStringLiteral("Saving %1 with its logs…").arg(fileName(path)));
    m_sessions->saveAs(*m_session, m_sessionPath, QFileInfo(path).absoluteFilePath());
}

bool MainWindow::looksLikeSession(const QString &path)
{
    // A session is one JSON object; a Nix log starts with "@nix" or Flakeoff's "#flakeoff-log".
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return path.endsWith(QLatin1String(".json"));
    const QByteArray head = file.read(64).trimmed();
    return head.startsWith('{');
}

void MainWindow::openFile(const QString &path)
{
    if (looksLikeSession(path))
        openSession(path);
    else
        openLog(path);
}

void MainWindow::openMeasurementLog(const QString &logFile)
{
    const QString base = m_sessionPath.isEmpty() ? m_runSessionPath : m_sessionPath;
    if (base.isEmpty())
        return;
    openLog(SessionStore::logFolder(base) + QLatin1Char('/') + logFile);
}

// Every session shown goes to the Compare page through here: an opened session, a finished run,
// and during a run or a replay the session so far after every build.
void MainWindow::showSessionInCompare(std::shared_ptr<const Session> session, const QString &sessionPath)
{
    // A prediction belongs to the session it started from: another session shown ends it.
    if (m_prediction->isPredicting() && (!session || sessionPath != m_predictionPath))
        m_prediction->cancel();
    m_prediction->setSession(session, sessionPath);
    m_comparison->setSession(std::move(session), sessionPath);
    m_prediction->setTarget(m_comparison->target());
}

bool MainWindow::predictSetup()
{
    if (isRunning() || isReplaying() || m_prediction->isPredicting()) {
        statusBar()->showMessage(QStringLiteral("Nix is busy with a run, a replay or a prediction: wait for it or cancel it first."));
        return false;
    }
    RunSetupPanel *panel = m_ui->setupPanel;
    if (const QString problem = panel->problem(); !problem.isEmpty()) {
        statusBar()->showMessage(QStringLiteral("Cannot predict: %1").arg(problem));
        return false;
    }
    const RunRequest request = panel->request();
    // A new prediction-only session of the set-up; the session shown prices it when it measured
    // the same workspace.
    auto session = std::make_shared<Session>();
    session->workspace = request.workspace;
    session->scenario = request.scenario;
    session->strategies = request.strategies;
    session->targets = request.targets;
    session->status = Session::Status::Finished;
    session->statusText = QStringLiteral("prediction only: nothing was built");
    session->environment.flakeoffVersion = QStringLiteral(FLAKEOFF_VERSION);
    session->environment.hostName = QSysInfo::machineHostName();
    session->environment.cpuCores = QThread::idealThreadCount();
    session->environment.date = QDateTime::currentDateTimeUtc();
    const bool samePlace = m_session && !m_session->measurements.empty() &&
                           QFileInfo(m_session->workspace).canonicalFilePath() == QFileInfo(request.workspace).canonicalFilePath();
    std::shared_ptr<const Session> shown = samePlace ? m_session : nullptr;
    const QString shownPath = samePlace ? m_sessionPath : QString();
    panel->rememberChoices();
    m_session = std::move(session);
    m_sessionPath = SessionFiles::newSessionPath(m_settings->sessionsDir(), request.scenario.name);
    showSessionInCompare(m_session, m_sessionPath);
    m_prediction->setHistory(std::move(shown), shownPath);
    updateTitle();
    updateActions();
    return predictRebuilds();
}

bool MainWindow::predictRebuilds()
{
    showView(View::Compare);
    m_ui->actionShowPrediction->setChecked(true);
    m_predictionPath = m_sessionPath;
    m_prediction->setHistorySources(m_settings->recentSessions());
    return m_prediction->predict();
}

void MainWindow::onPredicted(std::shared_ptr<const Session> session)
{
    m_session = std::move(session);
    showSessionInCompare(m_session, m_sessionPath);
    updateActions();
    // Nothing lost: the prediction goes into the session file at once (logs stay where they are).
    if (!m_sessionPath.isEmpty()) {
        m_sessions->saveAs(*m_session, m_sessionPath, m_sessionPath);
        m_settings->addRecentSession(m_sessionPath);
        statusBar()->showMessage(QStringLiteral("%1 Saved into %2.").arg(m_prediction->statusText(), fileName(m_sessionPath)), 10000);
    } else {
        statusBar()->showMessage(QStringLiteral("%1 Save the session (Ctrl+S) to keep it.").arg(m_prediction->statusText()), 10000);
    }
    Q_EMIT predictionStored(m_sessionPath);
}

void MainWindow::exportReport()
{
    if (!m_session) {
        statusBar()->showMessage(QStringLiteral("No session to export yet: run one, or open one (Ctrl+O)."));
        return;
    }
    const QString base = m_sessionPath.isEmpty() ? QStringLiteral("flakeoff-report")
                                                 : QFileInfo(m_sessionPath).completeBaseName() + QStringLiteral("-report");
    auto *dialog = new QFileDialog(this, QStringLiteral("Export Report"),
                                   QDir::home().filePath(base + QStringLiteral(".html")));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setNameFilters(SessionLoader::exportFilters());
    connect(dialog, &QFileDialog::filterSelected, dialog, [dialog](const QString &filter) {
        // The extension follows the chosen format.
        const qsizetype star = filter.indexOf(QStringLiteral("(*."));
        if (star >= 0)
            dialog->setDefaultSuffix(filter.mid(star + 3).chopped(1));
    });
    dialog->setDefaultSuffix(QStringLiteral("html"));
    connect(dialog, &QFileDialog::fileSelected, this, &MainWindow::exportReportTo);
    dialog->open();
}

void MainWindow::exportReportTo(const QString &path)
{
    if (!m_session)
        return;
    statusBar()->showMessage(QStringLiteral("Writing the report %1…").arg(fileName(path)));
    m_sessions->exportReport(*m_session, QFileInfo(path).absoluteFilePath());
}

// ---- views, settings, presentation ----

void MainWindow::showView(View view)
{
    QWidget *page = view == View::Run ? m_ui->runTab : view == View::Compare ? m_ui->compareTab : m_ui->logTab;
    m_ui->mainTabs->setCurrentWidget(page);
}

MainWindow::View MainWindow::currentView() const
{
    QWidget *page = m_ui->mainTabs->currentWidget();
    return page == m_ui->runTab ? View::Run : page == m_ui->compareTab ? View::Compare : View::Log;
}

void MainWindow::setPresentationMode(bool on)
{
    if (on == m_presentation)
        return;
    m_presentation = on;
    {
        const QSignalBlocker blocker(m_ui->actionPresentation);
        m_ui->actionPresentation->setChecked(on);
    }
    Theme::apply(m_settings->theme(), on);
    m_comparison->setPresentation(on);
    // On stage: the results and the run, not the forms that set them up — nor an empty
    // prediction pane taking half the width from the charts.
    m_ui->setupScroll->setVisible(!on);
    if (on) {
        m_predictionShownBeforePresentation = m_ui->actionShowPrediction->isChecked();
        if (!m_session || !m_session->prediction)
            m_ui->actionShowPrediction->setChecked(false);
    } else {
        m_ui->actionShowPrediction->setChecked(m_predictionShownBeforePresentation);
    }
    if (on) {
        m_viewBeforePresentation = m_ui->mainTabs->currentIndex();
        m_wasMaximized = isMaximized();
        if (m_session && !isRunning() && !isReplaying())
            showView(View::Compare);
        showFullScreen();
        statusBar()->showMessage(QStringLiteral("Presentation mode: F11 to leave."), 5000);
    } else {
        m_ui->mainTabs->setCurrentIndex(m_viewBeforePresentation);
        if (m_wasMaximized)
            showMaximized();
        else
            showNormal();
    }
}

void MainWindow::showSettings()
{
    auto *dialog = new SettingsDialog(m_settings, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::applyNixPath() { usePreferredNix(m_settings->nixPath()); }

void MainWindow::updateActions()
{
    const bool busy = isRunning() || isReplaying();
    m_ui->actionStart->setEnabled(!busy && m_ui->setupPanel->canStart());
    m_ui->actionCancel->setEnabled(busy);
    m_ui->actionPredict->setEnabled(!busy && m_session != nullptr);
    m_prediction->setBusy(busy);
    m_ui->actionOpenSession->setEnabled(!busy);
    m_ui->actionSaveSession->setEnabled(m_session != nullptr);
    m_ui->actionReplay->setEnabled(!busy);
    m_ui->actionReplayCurrent->setEnabled(!busy && m_session != nullptr);
    m_ui->actionExport->setEnabled(m_session != nullptr);
    m_ui->menuRecentSessions->setEnabled(!busy && !m_settings->recentSessions().isEmpty());
}

void MainWindow::updateTitle()
{
    QString name;
    if (!m_sessionPath.isEmpty())
        name = fileName(m_sessionPath);
    else if (!m_path.isEmpty())
        name = fileName(m_path);
    setWindowTitle(name.isEmpty() ? QStringLiteral("Flakeoff") : QStringLiteral("%1 — Flakeoff").arg(name));
}

void MainWindow::updateRecentSessionsMenu()
{
    const QStringList paths = m_settings->recentSessions();
    fillRecentMenu(m_ui->menuRecentSessions, paths, [this](const QString &path) { openSession(path); },
                   QStringLiteral("&Clear Recent Sessions"), [this] { m_settings->clearRecentSessions(); });
    m_ui->menuRecentSessions->setEnabled(!paths.isEmpty() && !isRunning() && !isReplaying());
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
    auto *box = new QMessageBox(QMessageBox::Information, QStringLiteral("About Flakeoff"),
                                QStringLiteral("<b>Flakeoff %1</b><p>Compares Nix packaging strategies for Rust "
                                               "workspaces by measuring real builds.</p>")
                                    .arg(QStringLiteral(FLAKEOFF_VERSION)),
                                QMessageBox::Ok, this);
    box->setIconPixmap(windowIcon().pixmap(64, 64));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::restoreLayout()
{
    if (!restoreGeometry(m_settings->layout(geometryKey())))
        resize(1280, 800);
    restoreState(m_settings->layout(windowStateKey()));
    if (!m_ui->mainSplitter->restoreState(m_settings->layout(mainSplitterKey())))
        m_ui->mainSplitter->setSizes({560, 180});
    if (!m_ui->tableSplitter->restoreState(m_settings->layout(tableSplitterKey())))
        m_ui->tableSplitter->setSizes({880, 360});
    if (!m_ui->runSplitter->restoreState(m_settings->layout(runSplitterKey())))
        m_ui->runSplitter->setSizes({500, 780});
    if (!m_compareSplitter->restoreState(m_settings->layout(compareSplitterKey())))
        m_compareSplitter->setSizes({880, 440});
    m_ui->liveView->restoreLayout(m_settings->layout(liveViewKey()));
    const QByteArray view = m_settings->layout(viewKey());
    if (view == "compare")
        showView(View::Compare);
    else if (view == "log")
        showView(View::Log);
}

void MainWindow::saveLayout()
{
    m_settings->setLayout(geometryKey(), saveGeometry());
    m_settings->setLayout(windowStateKey(), saveState());
    m_settings->setLayout(mainSplitterKey(), m_ui->mainSplitter->saveState());
    m_settings->setLayout(tableSplitterKey(), m_ui->tableSplitter->saveState());
    m_settings->setLayout(runSplitterKey(), m_ui->runSplitter->saveState());
    m_settings->setLayout(compareSplitterKey(), m_compareSplitter->saveState());
    m_settings->setLayout(liveViewKey(), m_ui->liveView->saveLayout());
    const View v = currentView();
    m_settings->setLayout(viewKey(), v == View::Compare ? QByteArray("compare") : v == View::Log ? QByteArray("log") : QByteArray("run"));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (isRunning() || isReplaying()) {
        // Close once the build is killed and the session saved as cancelled (a moment).
        m_closeWhenStopped = true;
        cancelRun();
        event->ignore();
        return;
    }
    m_loader->cancel();
    if (m_presentation)
        setPresentationMode(false); // the geometry saved is the normal window's
    saveLayout();
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
