// SPDX-License-Identifier: MIT
#include "RunSetupPanel.h"

#include "ui_RunSetupPanel.h"

#include "AppSettings.h"
#include "ChartPalette.h"
#include "Display.h"
#include "ScenarioStepModel.h"
#include "StrategyListModel.h"
#include "report/ReportWording.h"
#include "report/RunCostEstimate.h"
#include "session/SessionFiles.h"

#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QProcess>
#include <QtConcurrent/QtConcurrentRun>

namespace flakeoff::app {

using namespace Display;

namespace {
struct Probe
{
    MachineCapabilities machine;
    std::map<QString, std::vector<StrategyAvailabilityStatus>> statuses; // per layout
};

const QString kWorkspaceLayout = QStringLiteral("workspace");

QString builtinKey(const QString &name)
{
    return QStringLiteral("builtin:") + name;
}
QString fileKey(const QString &path)
{
    return QStringLiteral("file:") + path;
}
} // namespace

RunSetupPanel::RunSetupPanel(QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::RunSetupPanel>()), m_strategies(new StrategyListModel(this)),
      m_steps(new ScenarioStepModel(this))
{
    m_ui->setupUi(this);
    m_catalog = StrategyCatalog::load();
    m_strategies->setCatalog(m_catalog);

    QTreeView *view = m_ui->strategyView;
    view->setModel(m_strategies);
    view->header()->setStretchLastSection(true);
    view->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->header()->setSectionResizeMode(StrategyListModel::AvailabilityColumn, QHeaderView::Stretch);
    // The name says the layout of a model, the tooltip and the Targets box the targets: the
    // width goes to the availability, which must be readable whole.
    view->setColumnHidden(StrategyListModel::TargetsColumn, true);
    view->setColumnHidden(StrategyListModel::FamilyColumn, true);
    view->header()->setSectionResizeMode(StrategyListModel::NameColumn, QHeaderView::ResizeToContents);
    fitStrategyList();
    connect(m_strategies, &QAbstractItemModel::dataChanged, this, &RunSetupPanel::fitStrategyList); // icons
    m_ui->stepView->setModel(m_steps);
    setTextColor(m_ui->setupProblem, ChartPalette::warningText());
    setTextColor(m_ui->machineLabel, ChartPalette::mutedText());
    m_ui->cancelRunButton->setEnabled(false);
    m_ui->startButton->setIcon(QIcon(QStringLiteral(":/icons/run.svg")));
    m_ui->cancelRunButton->setIcon(QIcon(QStringLiteral(":/icons/cancel.svg")));

    rebuildTargets();
    fillScenarioCombo();
    fillLayoutCombo();

    connect(m_ui->browseWorkspaceButton, &QPushButton::clicked, this, &RunSetupPanel::chooseWorkspace);
    connect(m_ui->workspaceCombo, &QComboBox::currentTextChanged, this,
            &RunSetupPanel::updateWorkspaceStatus);
    connect(m_ui->scenarioFileButton, &QPushButton::clicked, this, &RunSetupPanel::chooseScenarioFile);
    connect(m_ui->scenarioCombo, &QComboBox::currentIndexChanged, this, &RunSetupPanel::onScenarioChosen);
    connect(m_ui->recheckButton, &QPushButton::clicked, this, &RunSetupPanel::refreshAvailability);
    connect(m_ui->layoutCombo, &QComboBox::currentIndexChanged, this, &RunSetupPanel::onLayoutChosen);
    connect(m_strategies, &StrategyListModel::checkedChanged, this, &RunSetupPanel::updateProblem);
    connect(m_steps, &ScenarioStepModel::selectionChanged, this, &RunSetupPanel::updateProblem);
    connect(m_ui->startButton, &QPushButton::clicked, this, &RunSetupPanel::startRequested);
    connect(m_ui->predictButton, &QPushButton::clicked, this, &RunSetupPanel::predictRequested);
    connect(m_ui->cancelRunButton, &QPushButton::clicked, this, &RunSetupPanel::cancelRequested);
    for (QSpinBox *spin : {m_ui->repeatSpin, m_ui->coldRepeatSpin, m_ui->warmupSpin})
        connect(spin, &QSpinBox::valueChanged, this, &RunSetupPanel::updateEstimate);
    setTextColor(m_ui->costEstimate, ChartPalette::mutedText());

    setWorkspace(sampleWorkspace());
    // Until the settings say otherwise: every offline model (they build here without a network),
    // or, once the probe finds them runnable, the real tools (refreshAvailability).
    QStringList models;
    for (const Strategy &s : m_catalog.strategies())
        if (s.model)
            models << s.id;
    m_strategies->setCheckedIds(models);
    if (!m_catalog.errors().isEmpty())
        m_ui->machineLabel->setToolTip(m_catalog.errors().join(QLatin1Char('\n')));
    updateProblem();
}

RunSetupPanel::~RunSetupPanel() = default;

QString RunSetupPanel::sampleWorkspace()
{
    return QDir::cleanPath(StrategyCatalog::defaultVariantsDir() + QStringLiteral("/sample"));
}

void RunSetupPanel::setSettings(AppSettings *settings)
{
    m_settings = settings;
    QComboBox *combo = m_ui->workspaceCombo;
    {
        const QSignalBlocker blocker(combo);
        combo->clear();
        QStringList paths = settings->recentWorkspaces();
        if (!paths.contains(sampleWorkspace()))
            paths << sampleWorkspace();
        for (const QString &p : paths)
            combo->addItem(QDir::toNativeSeparators(p), p);
    }
    const QStringList recent = settings->recentWorkspaces();
    setWorkspace(recent.isEmpty() ? sampleWorkspace() : recent.front());

    for (const QString &file : settings->recentScenarioFiles()) {
        QString error;
        if (auto s = Scenario::load(file, &error))
            addScenarioChoice(fileKey(file),
                              QStringLiteral("%1 (%2)").arg(s->name, QFileInfo(file).fileName()), *s);
    }
    const QString last = settings->lastScenario();
    if (!last.isEmpty()) {
        for (std::size_t i = 0; i < m_choices.size(); ++i)
            if (m_choices[i].key == last)
                m_ui->scenarioCombo->setCurrentIndex(static_cast<int>(i));
    }
    if (const QStringList ids = settings->lastStrategies(); !ids.isEmpty()) {
        m_strategies->setCheckedIds(ids);
        m_defaultStrategies = false;
    }
    if (const QStringList t = settings->lastTargets(); !t.isEmpty())
        setTargets(t);
    setLayout(settings->lastLayout());
    m_ui->repeatSpin->setValue(settings->defaultRepeat());
    m_ui->coldRepeatSpin->setValue(settings->defaultColdRepeat());
    m_ui->warmupSpin->setValue(settings->defaultWarmup());
    m_ui->nixOptionsEdit->setText(settings->nixOptions());
    connect(settings, &AppSettings::defaultsChanged, this, [this] {
        if (m_running)
            return;
        m_ui->repeatSpin->setValue(m_settings->defaultRepeat());
        m_ui->coldRepeatSpin->setValue(m_settings->defaultColdRepeat());
        m_ui->warmupSpin->setValue(m_settings->defaultWarmup());
    });
    connect(settings, &AppSettings::sessionsDirChanged, this, &RunSetupPanel::updateEstimate);
    connect(settings, &AppSettings::nixChanged, this, [this] {
        m_ui->nixOptionsEdit->setText(m_settings->nixOptions());
        refreshAvailability(); // another nix may be chosen
    });
    refreshAvailability();
}

void RunSetupPanel::rememberChoices()
{
    if (!m_settings)
        return;
    m_settings->addRecentWorkspace(workspace());
    m_settings->setLastStrategies(m_strategies->checkedIds());
    m_settings->setLastTargets(targets());
    m_settings->setLastLayout(layout());
    const int index = m_ui->scenarioCombo->currentIndex();
    if (index >= 0 && static_cast<std::size_t>(index) < m_choices.size() &&
        !m_choices[static_cast<std::size_t>(index)].key.startsWith(QLatin1String("session:")))
        m_settings->setLastScenario(m_choices[static_cast<std::size_t>(index)].key);
}

// ---- workspace ----

QString RunSetupPanel::workspace() const
{
    const QComboBox *combo = m_ui->workspaceCombo;
    const QString text = combo->currentText().trimmed();
    // The item's data holds the path as given; the text may have been typed.
    if (combo->currentIndex() >= 0 && combo->itemText(combo->currentIndex()) == text)
        return combo->itemData(combo->currentIndex()).toString();
    return QDir::fromNativeSeparators(text);
}

void RunSetupPanel::setWorkspace(const QString &path)
{
    const QString clean = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    QComboBox *combo = m_ui->workspaceCombo;
    int index = combo->findData(clean);
    if (index < 0) {
        combo->insertItem(0, QDir::toNativeSeparators(clean), clean);
        index = 0;
    }
    combo->setCurrentIndex(index);
    updateWorkspaceStatus();
}

void RunSetupPanel::chooseWorkspace()
{
    auto *dialog = new QFileDialog(this, QStringLiteral("Choose a Rust Workspace"), workspace());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::Directory);
    dialog->setOption(QFileDialog::ShowDirsOnly);
    connect(dialog, &QFileDialog::fileSelected, this, &RunSetupPanel::setWorkspace);
    dialog->open();
}

void RunSetupPanel::updateWorkspaceStatus()
{
    const QString path = workspace();
    const QFileInfo info(path);
    QString text;
    QColor color = ChartPalette::mutedText();
    if (path.isEmpty()) {
        text = QStringLiteral("Choose the folder of a Rust workspace.");
        color = ChartPalette::warningText();
    } else if (!info.isDir()) {
        text = QStringLiteral("%1 is not a folder.").arg(QDir::toNativeSeparators(path));
        color = ChartPalette::warningText();
    } else if (!QFileInfo::exists(path + QStringLiteral("/Cargo.toml"))) {
        text = QStringLiteral("Not a Rust workspace: %1 has no Cargo.toml.").arg(info.fileName());
        color = ChartPalette::warningText();
    } else if (QDir::cleanPath(info.absoluteFilePath()) == sampleWorkspace()) {
        text = QStringLiteral("The bundled sample: a native app and a WebAssembly library sharing a crate.");
    } else {
        text = QStringLiteral("A Rust workspace. Flakeoff only reads it: builds run in a scratch copy.");
    }
    m_ui->workspaceStatus->setText(text);
    setTextColor(m_ui->workspaceStatus, color);
    updateProblem();
}

// ---- strategies and the machine ----

void RunSetupPanel::refreshAvailability()
{
    const quint64 id = ++m_probe;
    m_probing = true;
    m_ui->machineLabel->setText(QStringLiteral("Checking this machine: nix, its version, a network, cargo…"));
    m_ui->recheckButton->setEnabled(false);
    auto *watcher = new QFutureWatcher<Probe>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, id] {
        watcher->deleteLater();
        if (id != m_probe)
            return; // a newer probe is on its way
        const Probe probe = watcher->result();
        m_probing = false;
        m_machine = probe.machine;
        m_statuses = probe.statuses;
        m_strategies->setAvailability(m_statuses[layout()]);
        if (m_defaultStrategies) {
            QStringList realTools;
            for (const auto &status : m_statuses[layout()])
                if (status.available && !status.model)
                    realTools << status.id;
            if (!realTools.isEmpty())
                m_strategies->setCheckedIds(realTools);
        }
        m_ui->recheckButton->setEnabled(true);
        showMachine();
        updateProblem();
        Q_EMIT machineProbed(probe.machine);
    });
    QStringList layouts;
    for (int i = 0; i < m_ui->layoutCombo->count(); ++i)
        layouts << m_ui->layoutCombo->itemData(i).toString();
    watcher->setFuture(QtConcurrent::run([catalog = m_catalog, layouts] {
        Probe p;
        p.machine = StrategyAvailability::probeMachine();
        for (const QString &layout : layouts)
            p.statuses[layout] = StrategyAvailability::checkAll(catalog, p.machine, layout);
        return p;
    }));
}

bool RunSetupPanel::availabilityKnown() const
{
    return m_strategies->availabilityKnown() && !m_probing;
}

void RunSetupPanel::showMachine()
{
    if (!m_machine)
        return;
    int available = 0;
    for (int row = 0; row < m_strategies->rowCount(); ++row)
        available += m_strategies->index(row, 0).data(StrategyListModel::AvailableRole).toBool();
    QString text = QStringLiteral("This machine: %1. %2 of %3 strategies can run here%4.")
                       .arg(m_machine->summary())
                       .arg(available)
                       .arg(m_strategies->rowCount())
                       .arg(ReportWording::inLayout(layout()));
    if (!m_machine->nixProblem.isEmpty())
        text += QLatin1Char(' ') + m_machine->nixProblem.left(1).toUpper() + m_machine->nixProblem.mid(1) +
                QLatin1Char('.');
    m_ui->machineLabel->setText(text);
    setTextColor(m_ui->machineLabel,
                 m_machine->nixProblem.isEmpty() ? ChartPalette::mutedText() : ChartPalette::warningText());
}

// ---- layout ----

void RunSetupPanel::fillLayoutCombo()
{
    QComboBox *combo = m_ui->layoutCombo;
    const QSignalBlocker blocker(combo);
    combo->addItem(QStringLiteral("Workspace (as it is)"), kWorkspaceLayout);
    combo->setItemData(0,
                       QStringLiteral("The workspace as it is: one Cargo workspace, its Cargo.toml and "
                                      "Cargo.lock at the root. Every strategy has this layout."),
                       Qt::ToolTipRole);
    // In words, what the manifests' separate layout and its prepare steps do (separate-crates.py).
    combo->addItem(QStringLiteral("Separate crates (no workspace)"), QStringLiteral("separate"));
    combo->setItemData(
        1,
        QStringLiteral(
            "The crates side by side with no workspace, as a user who never made one lays them out: "
            "in the scratch copy (your folder is never changed) the root Cargo.toml and Cargo.lock are "
            "removed, each crate's Cargo.toml stands alone, and each crate a target builds (app/ and "
            "wasm/ in the sample) gets its own Cargo.lock and reaches the shared crate by a path "
            "(../cats). Each tool builds that one folder; the report says per tool and target whether "
            "it built, or the tool's own error. The offline layout models have the workspace layout "
            "only and are not run."),
        Qt::ToolTipRole);
    combo->setCurrentIndex(0);
    combo->setToolTip(combo->itemData(0, Qt::ToolTipRole).toString());
}

QString RunSetupPanel::layout() const
{
    const QString id = m_ui->layoutCombo->currentData().toString();
    return id.isEmpty() ? kWorkspaceLayout : id;
}

void RunSetupPanel::setLayout(const QString &layout)
{
    const int index = m_ui->layoutCombo->findData(layout);
    // A layout this version does not offer (a newer session's): the workspace, the runner's default.
    m_ui->layoutCombo->setCurrentIndex(index >= 0 ? index : 0);
}

void RunSetupPanel::onLayoutChosen()
{
    QComboBox *combo = m_ui->layoutCombo;
    combo->setToolTip(combo->currentData(Qt::ToolTipRole).toString());
    // The probe judged every layout: the list follows at once (strategies without this one are
    // unchecked, and checked again when the layout that has them comes back).
    if (const auto it = m_statuses.find(layout()); it != m_statuses.end())
        m_strategies->setAvailability(it->second);
    showMachine();
    updateProblem();
}

// ---- targets ----

void RunSetupPanel::rebuildTargets()
{
    for (QCheckBox *c : m_targetChecks)
        delete c;
    m_targetChecks.clear();
    auto *layout = m_ui->targetsLayout;
    for (const QString &target : m_strategies->allTargets()) {
        auto *check = new QCheckBox(target, m_ui->targetsGroup);
        check->setObjectName(QStringLiteral("target_") + target);
        check->setAccessibleName(QStringLiteral("Build target %1").arg(target));
        QStringList by;
        for (const Strategy &s : m_catalog.strategies())
            for (const auto &t : s.targets)
                if (t.id == target) {
                    by << s.id;
                    if (check->toolTip().isEmpty())
                        check->setToolTip(QStringLiteral("%1 (%2)").arg(target, t.kind));
                }
        check->setToolTip(check->toolTip() + QStringLiteral(" — built by ") + by.join(QStringLiteral(", ")));
        check->setChecked(target == QLatin1String("app")); // the quickest useful default
        connect(check, &QCheckBox::toggled, this, &RunSetupPanel::updateProblem);
        layout->addWidget(check);
        m_targetChecks << check;
    }
    layout->addStretch(1);
}

QStringList RunSetupPanel::targets() const
{
    QStringList ids;
    for (const QCheckBox *c : m_targetChecks)
        if (c->isChecked())
            ids << c->text();
    return ids;
}

void RunSetupPanel::setTargets(const QStringList &ids)
{
    for (QCheckBox *c : m_targetChecks)
        c->setChecked(ids.contains(c->text()));
}

// ---- scenario ----

int RunSetupPanel::addScenarioChoice(const QString &key, const QString &label, const Scenario &scenario)
{
    for (std::size_t i = 0; i < m_choices.size(); ++i)
        if (m_choices[i].key == key) {
            m_choices[i].scenario = scenario;
            m_ui->scenarioCombo->setItemText(static_cast<int>(i), label);
            return static_cast<int>(i);
        }
    m_choices.push_back({key, scenario});
    m_ui->scenarioCombo->addItem(label);
    return m_ui->scenarioCombo->count() - 1;
}

void RunSetupPanel::fillScenarioCombo()
{
    const QSignalBlocker blocker(m_ui->scenarioCombo);
    for (const QString &name : Scenario::builtinNames())
        if (auto s = Scenario::builtin(name))
            addScenarioChoice(builtinKey(name),
                              QStringLiteral("%1 (%2 steps)").arg(name).arg(s->steps.size()), *s);
    m_ui->scenarioCombo->setCurrentIndex(0);
    onScenarioChosen(0);
}

void RunSetupPanel::setBuiltinScenario(const QString &name)
{
    for (std::size_t i = 0; i < m_choices.size(); ++i)
        if (m_choices[i].key == builtinKey(name))
            m_ui->scenarioCombo->setCurrentIndex(static_cast<int>(i));
}

bool RunSetupPanel::setScenarioFile(const QString &path, QString *error)
{
    QString why;
    auto scenario = Scenario::load(path, &why);
    if (!scenario) {
        m_scenarioError =
            QStringLiteral("Cannot use %1 as a scenario: %2").arg(QFileInfo(path).fileName(), why);
        m_ui->scenarioDescription->setText(m_scenarioError);
        setTextColor(m_ui->scenarioDescription, ChartPalette::warningText());
        if (error)
            *error = m_scenarioError;
        return false;
    }
    const QString abs = QFileInfo(path).absoluteFilePath();
    const int index = addScenarioChoice(
        fileKey(abs), QStringLiteral("%1 (%2)").arg(scenario->name, QFileInfo(abs).fileName()), *scenario);
    if (m_settings)
        m_settings->addRecentScenarioFile(abs);
    if (m_ui->scenarioCombo->currentIndex() == index)
        onScenarioChosen(index);
    else
        m_ui->scenarioCombo->setCurrentIndex(index);
    return true;
}

void RunSetupPanel::chooseScenarioFile()
{
    auto *dialog = new QFileDialog(this, QStringLiteral("Open a Scenario"), QDir::currentPath());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setNameFilters({QStringLiteral("Scenarios (*.json)"), QStringLiteral("All files (*)")});
    connect(dialog, &QFileDialog::fileSelected, this,
            [this](const QString &path) { setScenarioFile(path, nullptr); });
    dialog->open();
}

void RunSetupPanel::onScenarioChosen(int index)
{
    if (index < 0 || static_cast<std::size_t>(index) >= m_choices.size())
        return;
    const Scenario &s = m_choices[static_cast<std::size_t>(index)].scenario;
    m_scenarioError.clear();
    m_steps->setScenario(s);
    m_ui->scenarioDescription->setText(
        s.description.isEmpty() ? QStringLiteral("%1 steps.").arg(s.steps.size()) : s.description);
    setTextColor(m_ui->scenarioDescription, palette().color(QPalette::WindowText));
    updateProblem();
}

// ---- the run ----

RunRequest RunSetupPanel::request() const
{
    RunRequest r;
    r.workspace = workspace();
    r.strategies = m_strategies->checkedIds();
    r.targets = targets();
    r.scenario = m_steps->selectedScenario();
    r.repeat = m_ui->repeatSpin->value();
    r.coldRepeat = m_ui->coldRepeatSpin->value();
    r.warmup = m_ui->warmupSpin->value();
    r.nixOptions = QProcess::splitCommand(m_ui->nixOptionsEdit->text());
    r.layout = layout();
    return r;
}

QString RunSetupPanel::problem() const
{
    const QString ws = workspace();
    if (ws.isEmpty() || !QFileInfo::exists(ws + QStringLiteral("/Cargo.toml")))
        return QStringLiteral("Choose a Rust workspace (a folder with a Cargo.toml).");
    // Said first: without nix no strategy can run, and this is what to do about it.
    if (m_machine && !m_machine->nixProblem.isEmpty())
        return m_machine->nixProblem.left(1).toUpper() + m_machine->nixProblem.mid(1) + QLatin1Char('.');
    const QStringList chosen = m_strategies->checkedIds();
    if (chosen.isEmpty())
        return m_strategies->availabilityKnown()
                   ? QStringLiteral("Choose at least one strategy that can run here%1.")
                         .arg(ReportWording::inLayout(layout()))
                   : QStringLiteral("Choose at least one strategy.");
    const QStringList wanted = targets();
    if (wanted.isEmpty())
        return QStringLiteral("Choose at least one target.");
    for (const QString &id : chosen) {
        const Strategy *s = m_catalog.find(id);
        if (!s)
            continue;
        QStringList offered;
        for (const auto &t : s->targets)
            offered << t.id;
        bool any = false;
        for (const QString &t : wanted)
            any = any || offered.contains(t);
        if (!any)
            return QStringLiteral("%1 builds none of the chosen targets (it builds %2).")
                .arg(s->displayName(), offered.join(QStringLiteral(", ")));
    }
    if (!m_scenarioError.isEmpty())
        return m_scenarioError;
    if (m_steps->enabledIds().isEmpty())
        return QStringLiteral("Switch on at least one step of the scenario.");
    return {};
}

void RunSetupPanel::updateProblem()
{
    const QString p = problem();
    m_ui->setupProblem->setText(p);
    m_ui->setupProblem->setVisible(!p.isEmpty() && !m_running);
    m_ui->startButton->setEnabled(p.isEmpty() && !m_running);
    m_ui->predictButton->setEnabled(p.isEmpty() && !m_running);
    const bool can = p.isEmpty();
    if (can != m_lastCanStart) {
        m_lastCanStart = can;
        Q_EMIT canStartChanged(can);
    }
    updateEstimate(); // every choice passes here
}

void RunSetupPanel::updateEstimate()
{
    QLabel *label = m_ui->costEstimate;
    if (m_running || !canStart()) {
        label->clear();
        label->hide(); // the problem says what to do first
        return;
    }
    label->show();
    const QString dir = m_settings ? m_settings->sessionsDir() : SessionFiles::sessionsDir();
    const QString ws = QFileInfo(workspace()).absoluteFilePath();
    const QString key = dir + QLatin1Char('\n') + ws;
    if (key != m_earlierKey) {
        m_earlierKey = key;
        m_earlier.clear();
        m_earlierLoading = true;
        label->setText(QStringLiteral("Reading earlier sessions to estimate what the run will cost…"));
        const quint64 id = ++m_earlierLoad;
        auto *watcher = new QFutureWatcher<std::vector<std::shared_ptr<const Session>>>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, id] {
            watcher->deleteLater();
            if (id != m_earlierLoad)
                return; // another folder or workspace was chosen meanwhile
            m_earlier = watcher->result();
            m_earlierLoading = false;
            updateEstimate();
        });
        watcher->setFuture(
            QtConcurrent::run([dir, ws] { return RunCostEstimate::earlierSessions(dir, ws); }));
        return;
    }
    if (m_earlierLoading)
        return;
    label->setText(
        QStringLiteral("Estimated cost: %1.")
            .arg(RunCostEstimate::of(request().plan(), layout(), m_catalog, m_earlier).sentence()));
}

QString RunSetupPanel::costEstimate() const
{
    return m_earlierLoading || m_ui->costEstimate->isHidden() ? QString() : m_ui->costEstimate->text();
}

void RunSetupPanel::fitStrategyList()
{
    QTreeView *view = m_ui->strategyView;
    int rows = 0;
    for (int row = 0; row < m_strategies->rowCount(); ++row)
        rows += std::max(view->sizeHintForRow(row), view->fontMetrics().height());
    view->setFixedHeight(view->header()->sizeHint().height() + rows + 2 * view->frameWidth());
}

void RunSetupPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        fitStrategyList(); // presentation mode's large type: taller rows
}

void RunSetupPanel::setRunning(bool running)
{
    m_running = running;
    for (QWidget *w :
         {static_cast<QWidget *>(m_ui->workspaceGroup), static_cast<QWidget *>(m_ui->strategiesGroup),
          static_cast<QWidget *>(m_ui->targetsGroup), static_cast<QWidget *>(m_ui->scenarioGroup),
          static_cast<QWidget *>(m_ui->runsGroup)})
        w->setEnabled(!running);
    m_ui->cancelRunButton->setEnabled(running);
    if (!running)
        m_earlierKey.clear(); // the run just saved is an earlier session now
    updateProblem();
}

void RunSetupPanel::applySession(const Session &session)
{
    if (!session.workspace.isEmpty())
        setWorkspace(session.workspace);
    m_strategies->setCheckedIds(session.strategies);
    m_defaultStrategies = false;
    if (!session.targets.isEmpty())
        setTargets(session.targets);
    if (!session.measurements.empty()) // a prediction alone does not say which layout it was for
        setLayout(session.layout());
    // The built-in scenario of that name when the steps match; else the session's own.
    bool matched = false;
    if (auto builtin = Scenario::builtin(session.scenario.name)) {
        QStringList ids;
        for (const auto &st : builtin->steps)
            ids << st.id;
        QStringList sessionIds;
        for (const auto &st : session.scenario.steps)
            sessionIds << st.id;
        bool subset = true;
        for (const QString &id : sessionIds)
            subset = subset && ids.contains(id);
        if (subset) {
            setBuiltinScenario(session.scenario.name);
            m_steps->setEnabledIds(sessionIds);
            matched = true;
        }
    }
    if (!matched) {
        const int index = addScenarioChoice(
            QStringLiteral("session:") + session.scenario.name,
            QStringLiteral("%1 (from the session)").arg(session.scenario.name), session.scenario);
        if (m_ui->scenarioCombo->currentIndex() == index)
            onScenarioChosen(index);
        else
            m_ui->scenarioCombo->setCurrentIndex(index);
    }
    m_ui->repeatSpin->setValue(session.repeat);
    m_ui->coldRepeatSpin->setValue(session.coldRepeat > 0 ? session.coldRepeat : session.repeat);
    m_ui->warmupSpin->setValue(session.warmup);
    QStringList quoted;
    for (const QString &o : session.environment.nixOptions)
        quoted << (o.contains(QLatin1Char(' ')) ? QLatin1Char('"') + o + QLatin1Char('"') : o);
    m_ui->nixOptionsEdit->setText(quoted.join(QLatin1Char(' ')));
    updateProblem();
}

} // namespace flakeoff::app
