// SPDX-License-Identifier: MIT
#include "ComparisonView.h"

#include "ChartPalette.h"
#include "CompareGridModel.h"
#include "Display.h"
#include "MeasurementFilterProxyModel.h"
#include "MeasurementTableModel.h"
#include "RebuildCostPanels.h"
#include "StepAnswerView.h"
#include "TimelineView.h"
#include "report/ChartData.h"
#include "report/ReportWording.h"
#include "report/SessionSummary.h"
#include "session/BuildCount.h"
#include "session/NotRunSteps.h"
#include "session/SessionStore.h"

#include <QAction>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>

namespace flakeoff::app {

namespace {
QString chartTitle(ComparisonView::Chart which)
{
    switch (which) {
    case ComparisonView::Chart::RebuildCost:
        return QStringLiteral("Rebuild cost per step");
    case ComparisonView::Chart::DerivationsRebuilt:
        return QStringLiteral("Derivations rebuilt per step");
    case ComparisonView::Chart::StoreCost:
        return QStringLiteral("Store cost per strategy");
    case ComparisonView::Chart::Timeline:
        return QStringLiteral("Build timeline");
    }
    return {};
}

std::size_t barIndex(ComparisonView::Chart which)
{
    return static_cast<std::size_t>(which);
}

// Refills a filter combo (first item "any") and keeps the chosen value when it is still offered.
void refill(QComboBox *combo, const QString &anyText, const QStringList &values)
{
    const QString current = combo->currentData().toString();
    QStringList had;
    for (int i = 1; i < combo->count(); ++i)
        had.append(combo->itemData(i).toString());
    if (had == values && combo->count() > 0)
        return;
    const QSignalBlocker block(combo);
    combo->clear();
    combo->addItem(anyText, QString());
    for (const QString &v : values)
        combo->addItem(v, v);
    const int i = combo->findData(current);
    combo->setCurrentIndex(i < 0 ? 0 : i);
}
} // namespace

bool ComparisonView::RunKey::matches(const Measurement &m) const
{
    return m.strategy == strategy && m.target == target && m.step == step && m.repetition == repetition &&
           m.warmup == warmup && m.startedAt == startedAt;
}

ComparisonView::RunKey ComparisonView::RunKey::of(const Measurement &m)
{
    return {m.strategy, m.target, m.step, m.repetition, m.warmup, m.startedAt};
}

ComparisonView::ComparisonView(QWidget *parent)
    : QWidget(parent), m_headerBar(new QWidget(this)), m_targetCombo(new QComboBox(this)),
      m_summaryLabel(new QLabel(this)), m_problemLabel(new QLabel(this)),
      m_problemToggle(new QPushButton(QStringLiteral("Details"), this)), m_problemDetails(new QLabel(this)),
      m_splitter(new QSplitter(Qt::Vertical, this)), m_gridModel(new CompareGridModel(this)),
      m_grid(new QTableView(this)), m_stepAnswer(new StepAnswerView(m_gridModel, this)),
      m_pages(new QTabWidget(this)), m_panels(new RebuildCostPanels(this)),
      m_timeline(new TimelineView(this)), m_openLog(new QPushButton(QStringLiteral("Open log"), this)),
      m_timelineHint(new QLabel(this)), m_model(new MeasurementTableModel(this)),
      m_filter(new MeasurementFilterProxyModel(this)), m_table(new QTableView(this)),
      m_filterText(new QLineEdit(this)), m_filterStrategy(new QComboBox(this)),
      m_filterTarget(new QComboBox(this)), m_filterStep(new QComboBox(this)),
      m_filterOutcome(new QComboBox(this)), m_filterWarmups(new QCheckBox(QStringLiteral("Warm-ups"), this)),
      m_count(new QLabel(this))
{
    m_theme = ChartAdapter::themeFor(palette());

    auto *header = new QHBoxLayout(m_headerBar);
    header->setContentsMargins(0, 0, 0, 0);
    auto *targetLabel = new QLabel(QStringLiteral("&Target:"), m_headerBar);
    targetLabel->setBuddy(m_targetCombo);
    m_targetCombo->setObjectName(QStringLiteral("targetCombo"));
    m_targetCombo->setAccessibleName(QStringLiteral("Target shown in the charts"));
    m_targetCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_summaryLabel->setObjectName(QStringLiteral("comparisonSummary"));
    m_summaryLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summaryLabel->setWordWrap(true);
    header->addWidget(targetLabel);
    header->addWidget(m_targetCombo);
    header->addSpacing(12);
    header->addWidget(m_summaryLabel, 1);

    // What went wrong, one line each; Nix's or cargo's own words stay behind "Details".
    auto *problemRow = new QHBoxLayout;
    m_problemLabel->setObjectName(QStringLiteral("comparisonProblem"));
    m_problemLabel->setWordWrap(true);
    m_problemLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problemDetails->setObjectName(QStringLiteral("comparisonProblemDetails"));
    m_problemDetails->setWordWrap(true);
    m_problemDetails->setTextFormat(Qt::PlainText);
    m_problemDetails->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problemDetails->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_problemToggle->setObjectName(QStringLiteral("comparisonProblemToggle"));
    m_problemToggle->setCheckable(true);
    m_problemToggle->setFlat(true);
    m_problemToggle->setAccessibleName(QStringLiteral("Show what went wrong in full"));
    Display::setTextColor(m_problemLabel, ChartPalette::warningText());
    problemRow->addWidget(m_problemLabel, 1);
    problemRow->addWidget(m_problemToggle, 0, Qt::AlignTop);
    m_problemLabel->hide();
    m_problemToggle->hide();
    m_problemDetails->hide();
    connect(m_problemToggle, &QPushButton::toggled, this, [this](bool on) {
        m_problemDetails->setVisible(on);
        m_problemToggle->setText(on ? QStringLiteral("Hide details") : QStringLiteral("Details"));
    });

    auto *top = new QWidget(m_splitter);
    setUpAnswer(top);
    setUpCharts(top);
    setUpTable();
    setUpKeys();
    applyTheme();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_headerBar);
    layout->addLayout(problemRow);
    layout->addWidget(m_problemDetails);
    layout->addWidget(m_splitter, 1);
    m_splitter->setObjectName(QStringLiteral("comparisonSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);

    connect(m_targetCombo, &QComboBox::currentIndexChanged, this, [this] {
        refreshCharts();
        // A build of another target stays shown only while its own target is selected.
        if (m_shown && m_shown->target != target())
            m_shown.reset();
        refreshTimeline(false);
        Q_EMIT targetChanged(target());
    });
    setSession(nullptr);
}

ComparisonView::~ComparisonView() = default;

// The answer first: the step × strategy grid (the step's answer alone in presentation mode).
void ComparisonView::setUpAnswer(QWidget *top)
{
    auto *layout = new QVBoxLayout(top);
    layout->setContentsMargins(0, 0, 0, 0);
    m_grid->setParent(top);
    m_grid->setObjectName(QStringLiteral("compareGrid"));
    m_grid->setAccessibleName(QStringLiteral("The answer: every step and strategy"));
    m_grid->setModel(m_gridModel);
    m_grid->setWordWrap(true);
    m_grid->setTextElideMode(Qt::ElideNone);
    m_grid->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_grid->setSelectionMode(QAbstractItemView::SingleSelection);
    m_grid->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_grid->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_grid->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_grid->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_grid->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_grid->setToolTip(
        QStringLiteral("Click a cell to see its build's timeline; double-click to open its log."));
    // The grid shows all of itself: as tall as its rows, which wrap with its width.
    // Rows wrap with their columns' width: their heights follow every change of it.
    connect(m_grid->horizontalHeader(), &QHeaderView::sectionResized, this, &ComparisonView::fitGridHeight);
    connect(m_gridModel, &QAbstractItemModel::modelReset, this, &ComparisonView::fitGridHeight);
    connect(m_grid, &QTableView::clicked, this, &ComparisonView::openGridCell);
    connect(m_grid, &QTableView::activated, this, [this](const QModelIndex &index) {
        openGridCell(index);
        if (const Measurement *m = shownBuild())
            Q_EMIT buildRequested(*m, logPath(*m));
    });
    layout->addWidget(m_grid);
    m_stepAnswer->setParent(top);
    m_stepAnswer->hide();
    layout->addWidget(m_stepAnswer);
}

void ComparisonView::fitGridHeight()
{
    m_grid->resizeRowsToContents();
    const int h =
        m_grid->horizontalHeader()->height() + m_grid->verticalHeader()->length() + 2 * m_grid->frameWidth();
    m_grid->setFixedHeight(m_gridModel->rowCount() > 0 ? h : 0);
}

void ComparisonView::setUpCharts(QWidget *top)
{
    m_pages->setParent(top);
    m_pages->setObjectName(QStringLiteral("chartPages"));
    m_pages->setDocumentMode(true);
    // The chart takes the height left by the answer, whatever its pages would like: a chart
    // view's preferred size would otherwise push the page past a 720-pixel screen.
    m_pages->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Ignored);
    m_pages->setMinimumHeight(240);
    static_cast<QVBoxLayout *>(top->layout())->addWidget(m_pages, 1);

    // Rebuild cost, one panel per step: scrolls when a long scenario needs more rows than fit.
    auto *panelsScroll = new QScrollArea(m_pages);
    panelsScroll->setObjectName(QStringLiteral("rebuildCostPanelsScroll"));
    panelsScroll->setFrameShape(QFrame::NoFrame);
    panelsScroll->setWidgetResizable(true);
    panelsScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *panelsPage = new QWidget(panelsScroll);
    auto *panelsLayout = new QVBoxLayout(panelsPage);
    panelsLayout->setContentsMargins(4, 6, 4, 4);
    m_panels->setParent(panelsPage);
    panelsLayout->addWidget(m_panels); // all the page's height: the panels spread into it
    panelsScroll->setWidget(panelsPage);
    connect(m_panels, &RebuildCostPanels::barClicked, this, &ComparisonView::openCell);
    m_pages->addTab(panelsScroll, QStringLiteral("Rebuild cost per step"));

    const Chart bars[] = {Chart::DerivationsRebuilt, Chart::StoreCost, Chart::RebuildCost};
    for (Chart which : bars) {
        auto *view = new QChartView(m_pages);
        view->setObjectName(chartName(which) + QStringLiteral("Chart"));
        view->setAccessibleName(chartTitle(which));
        view->setMinimumSize(280, 200);
        m_barViews[barIndex(which)] = view;
        auto *adapter = new ChartAdapter(view, this);
        m_barAdapters[barIndex(which)] = adapter;
        connect(adapter, &ChartAdapter::barClicked, this, &ComparisonView::openCell);
        addExportActions(which);
    }

    // The timeline with a line above it: which build, and its log.
    auto *timelinePane = new QWidget(m_pages);
    auto *pane = new QVBoxLayout(timelinePane);
    pane->setContentsMargins(0, 0, 0, 0);
    pane->setSpacing(2);
    auto *caption = new QHBoxLayout;
    m_timelineHint->setObjectName(QStringLiteral("timelineHint"));
    m_timelineHint->setText(QStringLiteral("Click a bar or a measurement to see its build here."));
    m_timelineHint->setToolTip(
        QStringLiteral("In the timeline: the wheel scrolls the derivations, Ctrl+wheel zooms the time, "
                       "Shift+wheel moves along it, a double click shows the whole build. "
                       "Click a derivation to open its log."));
    Display::setTextColor(m_timelineHint, ChartPalette::mutedText());
    m_openLog->setObjectName(QStringLiteral("openLogButton"));
    m_openLog->setAccessibleName(QStringLiteral("Open the log of the build shown"));
    m_openLog->setToolTip(QStringLiteral("Open the saved log of the build shown in the timeline"));
    m_openLog->setEnabled(false);
    caption->addWidget(m_timelineHint, 1);
    caption->addWidget(m_openLog);
    pane->addLayout(caption);
    m_timeline->setParent(timelinePane);
    pane->addWidget(m_timeline, 1);
    m_timeline->setMinimumSize(280, 200);
    m_timeline->chartView()->setAccessibleName(chartTitle(Chart::Timeline));
    addExportActions(Chart::Timeline);

    m_pages->addTab(m_barViews[barIndex(Chart::DerivationsRebuilt)], QStringLiteral("Derivations rebuilt"));
    m_pages->addTab(m_barViews[barIndex(Chart::StoreCost)], QStringLiteral("Store cost"));
    m_pages->addTab(timelinePane, QStringLiteral("Build timeline"));
    m_pages->addTab(m_barViews[barIndex(Chart::RebuildCost)], QStringLiteral("Rebuild cost on one scale"));
    m_pages->setTabToolTip(static_cast<int>(Page::StepPanels),
                           QStringLiteral("Each step on its own scale, so an edit's seconds read as well "
                                          "as the cold build's minutes"));
    m_pages->setTabToolTip(static_cast<int>(Page::RebuildCostOneScale),
                           QStringLiteral("Every step on one axis, as the exported reports draw it"));

    connect(m_openLog, &QPushButton::clicked, this, [this] {
        if (const Measurement *m = shownBuild())
            Q_EMIT buildRequested(*m, logPath(*m));
    });
    connect(m_timeline->adapter(), &ChartAdapter::timelineBarClicked, this, [this](int row) {
        const Measurement *m = shownBuild();
        const auto &rows = m_timeline->adapter()->timeline().bars;
        if (m && row >= 0 && row < static_cast<int>(rows.size()))
            Q_EMIT derivationRequested(*m, logPath(*m), rows[static_cast<std::size_t>(row)].drvPath);
    });
}

// Presentation mode's keys: they act wherever the focus is in the window (a chart view would
// otherwise take the arrows to scroll), only while presenting and while the view is shown (Qt
// ignores a shortcut whose widget is hidden: the Run page keeps its arrows during a replay).
void ComparisonView::setUpKeys()
{
    const std::pair<QKeySequence, std::function<void()>> keys[] = {
        {QKeySequence(Qt::Key_Right), [this] { movePage(1); }},
        {QKeySequence(Qt::Key_Left), [this] { movePage(-1); }},
        {QKeySequence(Qt::Key_Down), [this] { moveStep(1); }},
        {QKeySequence(Qt::Key_Up), [this] { moveStep(-1); }},
        {QKeySequence(Qt::Key_PageDown), [this] { moveStep(1); }},
        {QKeySequence(Qt::Key_PageUp), [this] { moveStep(-1); }},
    };
    for (const auto &[key, act] : keys) {
        auto *shortcut = new QShortcut(key, this);
        shortcut->setContext(Qt::WindowShortcut);
        shortcut->setEnabled(false);
        connect(shortcut, &QShortcut::activated, this, act);
        m_keys.push_back(shortcut);
    }
}

ComparisonView::Page ComparisonView::pageOf(Chart which)
{
    switch (which) {
    case Chart::RebuildCost:
        return Page::RebuildCostOneScale;
    case Chart::DerivationsRebuilt:
        return Page::DerivationsRebuilt;
    case Chart::StoreCost:
        return Page::StoreCost;
    case Chart::Timeline:
        return Page::Timeline;
    }
    return Page::StepPanels;
}

ComparisonView::Page ComparisonView::page() const
{
    return static_cast<Page>(std::max(0, m_pages->currentIndex()));
}

void ComparisonView::setPage(Page page)
{
    m_pages->setCurrentIndex(static_cast<int>(page));
}

void ComparisonView::movePage(int delta)
{
    const int n = m_pages->count();
    m_pages->setCurrentIndex(((m_pages->currentIndex() + delta) % n + n) % n);
}

void ComparisonView::setCurrentStep(int row)
{
    const int rows = m_gridModel->rowCount();
    m_step = std::clamp(row, 0, std::max(0, rows - 1));
    m_stepAnswer->setStep(m_step);
    m_panels->setCurrentStep(m_presentation ? m_step : -1);
    if (rows == 0 || !m_summary)
        return;
    // The timeline follows the step: its quickest build.
    const QString step = m_gridModel->steps().at(m_step);
    if (const CellSummary *c = m_summary->cell(m_summary->quickest(target(), step), target(), step))
        if (const Measurement *m = c->representative())
            showBuild(*m);
}

void ComparisonView::moveStep(int delta)
{
    setCurrentStep(m_step + delta);
}

void ComparisonView::openGridCell(const QModelIndex &index)
{
    if (!index.isValid() || !m_summary)
        return;
    const QString strategy = index.data(CompareGridModel::StrategyRole).toString();
    const QString step = index.data(CompareGridModel::StepRole).toString();
    const CellSummary *c = m_summary->cell(strategy, target(), step);
    if (!c)
        return;
    const Measurement *m = c->representative();
    for (const Measurement *run : c->runs)
        if (!m && run->outcome == Measurement::Outcome::Failed)
            m = run;
    if (!m && !c->runs.empty())
        m = c->runs.front();
    m_step = index.row();
    if (m)
        showBuild(*m);
}

void ComparisonView::setUpTable()
{
    auto *pane = new QWidget(m_splitter);
    m_tablePane = pane;
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *filters = new QHBoxLayout;
    m_filterText->setObjectName(QStringLiteral("measurementFilterText"));
    m_filterText->setPlaceholderText(QStringLiteral("Filter: strategy, step, error…"));
    m_filterText->setClearButtonEnabled(true);
    m_filterText->setAccessibleName(QStringLiteral("Filter measurements by text"));
    m_filterStrategy->setObjectName(QStringLiteral("measurementFilterStrategy"));
    m_filterStrategy->setAccessibleName(QStringLiteral("Filter measurements by strategy"));
    m_filterTarget->setObjectName(QStringLiteral("measurementFilterTarget"));
    m_filterTarget->setAccessibleName(QStringLiteral("Filter measurements by target"));
    m_filterStep->setObjectName(QStringLiteral("measurementFilterStep"));
    m_filterStep->setAccessibleName(QStringLiteral("Filter measurements by scenario step"));
    m_filterOutcome->setObjectName(QStringLiteral("measurementFilterOutcome"));
    m_filterOutcome->setAccessibleName(QStringLiteral("Filter measurements by outcome"));
    m_filterOutcome->addItem(QStringLiteral("Any outcome"), -1);
    for (auto o : {Measurement::Outcome::Succeeded, Measurement::Outcome::Failed,
                   Measurement::Outcome::Cancelled, Measurement::Outcome::Skipped})
        m_filterOutcome->addItem(MeasurementTableModel::outcomeLabel(o), static_cast<int>(o));
    m_filterWarmups->setObjectName(QStringLiteral("measurementFilterWarmups"));
    m_filterWarmups->setAccessibleName(QStringLiteral("Show warm-up runs in the table"));
    m_filterWarmups->setChecked(true);
    m_filterWarmups->setToolTip(QStringLiteral("Show warm-up runs (measured, but left out of every chart)"));
    m_count->setObjectName(QStringLiteral("measurementCount"));
    filters->addWidget(m_filterText, 2);
    filters->addWidget(m_filterStrategy, 1);
    filters->addWidget(m_filterTarget, 1);
    filters->addWidget(m_filterStep, 1);
    filters->addWidget(m_filterOutcome, 1);
    filters->addWidget(m_filterWarmups);
    filters->addWidget(m_count);
    layout->addLayout(filters);

    m_filter->setSourceModel(m_model);
    m_table->setObjectName(QStringLiteral("measurementTable"));
    m_table->setAccessibleName(QStringLiteral("Measurements"));
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder); // the session's order until a header is clicked
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->setToolTip(QString());
    layout->addWidget(m_table, 1);

    connect(m_filterText, &QLineEdit::textChanged, m_filter, &MeasurementFilterProxyModel::setText);
    connect(m_filterStrategy, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setStrategy(m_filterStrategy->currentData().toString()); });
    connect(m_filterTarget, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setTarget(m_filterTarget->currentData().toString()); });
    connect(m_filterStep, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setStep(m_filterStep->currentData().toString()); });
    connect(m_filterOutcome, &QComboBox::currentIndexChanged, this, [this] {
        const int o = m_filterOutcome->currentData().toInt();
        m_filter->setOutcome(o < 0 ? std::nullopt : std::optional(static_cast<Measurement::Outcome>(o)));
    });
    connect(m_filterWarmups, &QCheckBox::toggled, m_filter, &MeasurementFilterProxyModel::setShowWarmups);
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &ComparisonView::updateCount);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &ComparisonView::updateCount);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &ComparisonView::updateCount);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &ComparisonView::updateCount);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { openRow(current, false); });
    connect(m_table, &QTableView::activated, this,
            [this](const QModelIndex &index) { openRow(index, true); });
}

void ComparisonView::addExportActions(Chart which)
{
    QChartView *view = chartView(which);
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
    for (const QString &format : {QStringLiteral("PNG"), QStringLiteral("SVG")}) {
        auto *action = new QAction(QStringLiteral("Save Chart as %1…").arg(format), view);
        connect(action, &QAction::triggered, this, [this, which, format] { chooseExport(which, format); });
        view->addAction(action);
    }
}

void ComparisonView::chooseExport(Chart which, const QString &format)
{
    const QString suffix = format.toLower();
    QString name = chartName(which);
    if (which != Chart::Timeline && !target().isEmpty())
        name += QLatin1Char('-') + target();
    const QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Save Chart as %1").arg(format),
                                                      name + QLatin1Char('.') + suffix,
                                                      QStringLiteral("%1 image (*.%2)").arg(format, suffix));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportChart(which, path, &error))
        QMessageBox::warning(this, QStringLiteral("Could not save the chart"), error);
}

QString ComparisonView::chartName(Chart which)
{
    switch (which) {
    case Chart::RebuildCost:
        return QStringLiteral("rebuild-cost");
    case Chart::DerivationsRebuilt:
        return QStringLiteral("derivations-rebuilt");
    case Chart::StoreCost:
        return QStringLiteral("store-cost");
    case Chart::Timeline:
        return QStringLiteral("timeline");
    }
    return {};
}

ChartAdapter *ComparisonView::adapter(Chart which) const
{
    return which == Chart::Timeline ? m_timeline->adapter() : m_barAdapters[barIndex(which)];
}

QChartView *ComparisonView::chartView(Chart which) const
{
    return which == Chart::Timeline ? m_timeline->chartView() : m_barViews[barIndex(which)];
}

bool ComparisonView::exportChart(Chart which, const QString &path, QString *error)
{
    return adapter(which)->exportTo(path, error);
}

// ---- session ------------------------------------------------------------------------------

void ComparisonView::setSession(std::shared_ptr<const Session> session, const QString &sessionPath,
                                bool runningHere)
{
    m_runningHere = runningHere;
    // The summary points into the session: build the new one before letting the old session go.
    std::unique_ptr<SessionSummary> summary = session ? std::make_unique<SessionSummary>(*session) : nullptr;
    m_model->setSession(session);
    m_summary = std::move(summary);
    m_session = std::move(session);
    m_sessionPath = sessionPath;
    refreshTargets();
    refreshFilterChoices();
    refreshSummary();
    refreshCharts();
    refreshTimeline(false);
    updateCount();
}

QString ComparisonView::target() const
{
    return m_targetCombo->currentText();
}

QStringList ComparisonView::targets() const
{
    return m_summary ? m_summary->targets() : QStringList();
}

void ComparisonView::setTarget(const QString &target)
{
    const int i = m_targetCombo->findText(target);
    if (i >= 0)
        m_targetCombo->setCurrentIndex(i);
}

void ComparisonView::refreshTargets()
{
    const QStringList wanted = targets();
    QStringList had;
    for (int i = 0; i < m_targetCombo->count(); ++i)
        had.append(m_targetCombo->itemText(i));
    if (had == wanted)
        return;
    const QString current = target();
    {
        const QSignalBlocker block(m_targetCombo);
        m_targetCombo->clear();
        m_targetCombo->addItems(wanted);
        const int i = m_targetCombo->findText(current);
        m_targetCombo->setCurrentIndex(i < 0 ? (wanted.isEmpty() ? -1 : 0) : i);
    }
    m_targetCombo->setEnabled(wanted.size() > 1);
    if (target() != current)
        Q_EMIT targetChanged(target());
}

void ComparisonView::refreshFilterChoices()
{
    QStringList strategies;
    QStringList targetList;
    QStringList steps;
    if (m_session) {
        strategies = m_session->strategies;
        targetList = m_session->targets;
        for (const auto &s : m_session->scenario.steps)
            steps.append(s.id);
        // Anything measured that the session's lists do not name (older files, custom steps).
        for (const auto &m : m_session->measurements) {
            if (!strategies.contains(m.strategy))
                strategies.append(m.strategy);
            if (!targetList.contains(m.target))
                targetList.append(m.target);
            if (!steps.contains(m.step))
                steps.append(m.step);
        }
    }
    refill(m_filterStrategy, QStringLiteral("All strategies"), strategies);
    refill(m_filterTarget, QStringLiteral("All targets"), targetList);
    refill(m_filterStep, QStringLiteral("All steps"), steps);
}

QString ComparisonView::noMeasurementReason() const
{
    if (!m_session)
        return QStringLiteral(
            "No session is open. Open a saved session or start a run to compare strategies here.");
    if (!m_session->strategies.isEmpty() && m_summary->strategies().isEmpty() && !m_session->skipped.empty())
        return QStringLiteral("No strategy could run here. ") +
               NotRunSteps::groupedLines(*m_session).join(QStringLiteral("; "));
    switch (m_session->status) {
    case Session::Status::Running:
        if (!m_runningHere)
            return QStringLiteral("The run never finished, and no build was measured before it stopped.");
        return QStringLiteral(
            "Waiting for the first build to finish: the charts fill in as measurements arrive.");
    case Session::Status::Failed:
        return QStringLiteral("The run failed before any build was measured: %1")
            .arg(m_session->statusText.isEmpty() ? QStringLiteral("no reason was recorded.")
                                                 : m_session->statusText);
    case Session::Status::Cancelled:
        return QStringLiteral("The run was cancelled before any build was measured.");
    case Session::Status::Finished:
        break;
    }
    return QStringLiteral("This session has no measurements.");
}

// For a target none of whose builds succeeded: what went wrong, in the build's own words.
QString ComparisonView::failureNote() const
{
    const QString t = target();
    int failed = 0;
    int cancelled = 0;
    QString error;
    for (const auto &c : m_summary->cells()) {
        if (c.target != t)
            continue;
        if (c.hasTime())
            return {};
        failed += c.failed;
        cancelled += c.cancelled;
        if (error.isEmpty())
            error = c.firstError();
    }
    if (failed == 0 && cancelled > 0)
        return QStringLiteral("Every build of %1 was cancelled, so there is no time to compare.").arg(t);
    if (failed == 0)
        return QStringLiteral("No build of %1 has finished yet.").arg(t);
    QString note = QStringLiteral("No build of %1 succeeded, so there is nothing to compare.").arg(t);
    if (!error.isEmpty())
        note += QStringLiteral("\nFirst error: ") + error.section(QLatin1Char('\n'), 0, 2);
    return note;
}

void ComparisonView::refreshCharts()
{
    const Chart bars[] = {Chart::RebuildCost, Chart::DerivationsRebuilt, Chart::StoreCost};
    const QString t = target();
    if (!m_summary || t.isEmpty()) {
        const QString why = noMeasurementReason();
        for (Chart which : bars)
            adapter(which)->showMessage(chartTitle(which), why);
        m_gridModel->clear();
        m_panels->setData({}, why);
        setCurrentStep(m_step);
        return;
    }
    const QString failed = failureNote();
    m_gridModel->setSummary(*m_summary, t);
    // The panels say why in one line; the error itself is in the failed cells' tooltips and the
    // grid.
    m_panels->setData(ChartDataBuilder::rebuildCost(*m_summary, t), failed.section(QLatin1Char('\n'), 0, 0));
    adapter(Chart::RebuildCost)->showBars(ChartDataBuilder::rebuildCost(*m_summary, t), failed);
    adapter(Chart::DerivationsRebuilt)->showBars(ChartDataBuilder::derivationsRebuilt(*m_summary, t), failed);
    BarChartData store = ChartDataBuilder::storeCost(*m_summary, t);
    QString storeNote = failed;
    if (storeNote.isEmpty() && store.isEmpty())
        storeNote = QStringLiteral("Store sizes were not measured for %1 in this session.").arg(t);
    adapter(Chart::StoreCost)->showBars(std::move(store), storeNote);
    // Keep the step in focus (a live run adds steps; it does not move the presenter's place).
    m_step = std::clamp(m_step, 0, std::max(0, m_gridModel->rowCount() - 1));
    m_stepAnswer->setStep(m_step);
    m_panels->setCurrentStep(m_presentation ? m_step : -1);
}

// ---- the build in the timeline ------------------------------------------------------------

const Measurement *ComparisonView::shownBuild() const
{
    if (!m_session || !m_shown)
        return nullptr;
    for (const auto &m : m_session->measurements)
        if (m_shown->matches(m))
            return &m;
    return nullptr;
}

const Measurement *ComparisonView::defaultBuild() const
{
    // The first step (cold, in the standard scenario) of the first strategy that has a report:
    // the build with the most to see.
    if (!m_summary)
        return nullptr;
    const QString t = target();
    for (const QString &step : m_summary->steps())
        for (const QString &strategy : m_summary->strategies())
            if (const CellSummary *c = m_summary->cell(strategy, t, step))
                if (const Measurement *m = c->representative(); m && m->report)
                    return m;
    return nullptr;
}

bool ComparisonView::showBuild(const Measurement &measurement)
{
    if (!m_session)
        return false;
    const RunKey key = RunKey::of(measurement);
    bool found = false;
    for (const auto &m : m_session->measurements)
        found = found || key.matches(m);
    if (!found)
        return false;
    m_shown = key;
    refreshTimeline(true);
    return true;
}

QString ComparisonView::logPath(const Measurement &measurement) const
{
    if (m_sessionPath.isEmpty() || measurement.logFile.isEmpty())
        return {};
    return SessionStore::logFolder(m_sessionPath) + QLatin1Char('/') + measurement.logFile;
}

void ComparisonView::refreshTimeline(bool force)
{
    ChartAdapter *timeline = m_timeline->adapter();
    const Measurement *m = shownBuild();
    if (!m) {
        m = defaultBuild();
        m_shown = m ? std::optional(RunKey::of(*m)) : std::nullopt;
    }
    m_openLog->setEnabled(m && !logPath(*m).isEmpty());
    if (!m) {
        m_shownReport.reset();
        const QString why =
            (m_summary && !target().isEmpty())
                ? QStringLiteral("No build of %1 has a recorded log to draw yet.").arg(target())
                : noMeasurementReason();
        timeline->showMessage(chartTitle(Chart::Timeline), why);
        m_timelineHint->setText(QStringLiteral("Click a bar or a measurement to see its build here."));
        return;
    }
    // Live updates re-create measurements, not reports: the same report needs no new timeline.
    if (!force && m->report && m->report == m_shownReport &&
        timeline->content() == ChartAdapter::Content::Timeline)
        return;
    m_shownReport = m->report;
    QString title = QStringLiteral("%1 · %2 · %3 · run %4%5")
                        .arg(m->strategy, m->step, m->target)
                        .arg(m->repetition + 1)
                        .arg(m->warmup ? QStringLiteral(" (warm-up)") : QString());
    m_timelineHint->setText(QStringLiteral("Build shown: ") + title +
                            QStringLiteral(" — click a bar to show another."));
    if (!m->report) {
        timeline->showMessage(
            title, QStringLiteral("This measurement has no build report, so there is no timeline to draw."));
        return;
    }
    TimelineData gantt = ChartDataBuilder::timeline(*m->report, title);
    QString note;
    if (m->outcome != Measurement::Outcome::Succeeded && gantt.bars.empty())
        note =
            QStringLiteral("The build %1 before any derivation started.%2")
                .arg(m->outcome == Measurement::Outcome::Failed ? QStringLiteral("failed")
                                                                : QStringLiteral("stopped"),
                     m->error.isEmpty() ? QString()
                                        : QStringLiteral("\n") + m->error.section(QLatin1Char('\n'), 0, 2));
    else if (gantt.timed && gantt.bars.empty())
        note = QStringLiteral(
                   "No derivation was built: everything was already in the store (the build took %1).")
                   .arg(ChartDataBuilder::formatSeconds(static_cast<double>(m->wallUs) / 1e6));
    timeline->showTimeline(std::move(gantt), note);
}

void ComparisonView::openCell(const BarValue &value, bool failedRun)
{
    if (!m_summary)
        return;
    const CellSummary *c = m_summary->cell(value.strategy, value.target, value.step);
    if (!c)
        return;
    const Measurement *m = nullptr;
    if (failedRun)
        for (const Measurement *run : c->runs)
            if (!m && run->outcome == Measurement::Outcome::Failed)
                m = run;
    if (!m)
        m = c->representative();
    if (!m)
        return;
    showBuild(*m);
    Q_EMIT buildRequested(*m, logPath(*m));
}

void ComparisonView::openRow(const QModelIndex &proxyIndex, bool requestLog)
{
    if (!proxyIndex.isValid())
        return;
    const Measurement *m = m_model->measurement(m_filter->mapToSource(proxyIndex).row());
    if (!m)
        return;
    showBuild(*m);
    if (requestLog)
        Q_EMIT buildRequested(*m, logPath(*m));
}

// ---- text and theme -----------------------------------------------------------------------

QString ComparisonView::summaryText() const
{
    return m_summaryLabel->text();
}

void ComparisonView::refreshSummary()
{
    if (!m_session) {
        m_summaryLabel->setText(QStringLiteral("No session"));
        showProblems({}, {});
        return;
    }
    // The builds counted as the table, the Run view and the status bar count them.
    QString text = Display::capitalized(BuildCount::of(*m_session).sentence());
    if (!m_summary->strategies().isEmpty())
        text += QStringLiteral(" · strategies: ") + m_summary->strategies().join(QStringLiteral(", "));
    if (!m_session->scenario.name.isEmpty())
        text += QStringLiteral(" · scenario: ") + m_session->scenario.name;
    if (m_session->status == Session::Status::Running && m_runningHere)
        text += QStringLiteral(" · running…");
    m_summaryLabel->setText(text);

    QStringList lines;
    QStringList details;
    if (const QString state = ReportWording::stateLine(*m_session, m_runningHere); !state.isEmpty()) {
        lines.append(ReportWording::shortError(state));
        details.append(state);
    }
    // What was not run, per step and in one line per cause; the runner's whole error (cargo's five
    // lines) only behind Details.
    lines.append(NotRunSteps::groupedLines(*m_session));
    for (const NotRun &n : NotRunSteps::of(*m_session))
        details.append(QStringLiteral("%1: %2").arg(n.strategy, n.error));
    showProblems(lines, details);
}

void ComparisonView::showProblems(const QStringList &lines, const QStringList &details)
{
    const QString shortText = lines.join(QLatin1Char('\n'));
    const QString full = details.join(QLatin1Char('\n'));
    m_problemLabel->setText(shortText);
    m_problemLabel->setVisible(!lines.isEmpty());
    m_problemDetails->setText(full);
    const bool more = !lines.isEmpty() && full != shortText;
    m_problemToggle->setVisible(more && !m_presentation);
    if (!more)
        m_problemToggle->setChecked(false);
    m_problemDetails->setVisible(more && m_problemToggle->isChecked() && !m_presentation);
}

QString ComparisonView::problemText() const
{
    return m_problemLabel->isHidden() ? QString() : m_problemLabel->text();
}

QString ComparisonView::problemDetails() const
{
    return m_problemLabel->isHidden() ? QString() : m_problemDetails->text();
}

void ComparisonView::updateCount()
{
    // A row per build, warm-ups included: the count the summary says.
    const BuildCount count = m_session ? BuildCount::of(*m_session) : BuildCount{};
    const int shown = m_filter->rowCount();
    m_count->setText(shown == count.total ? count.sentence() : count.shownOf(shown));
}

void ComparisonView::setTheme(ChartAdapter::Theme theme)
{
    m_theme = theme;
    m_themeChosen = true;
    applyTheme();
}

void ComparisonView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !m_themeChosen) {
        const ChartAdapter::Theme followed = ChartAdapter::themeFor(palette());
        if (followed != m_theme) {
            m_theme = followed;
            applyTheme();
        }
    }
}

void ComparisonView::setPresentation(bool on)
{
    m_presentation = on;
    // On stage: the step's answer and one chart; the header, the whole grid, the tabs, the
    // details and the table stay with the desk.
    m_headerBar->setVisible(!on);
    m_grid->setVisible(!on);
    m_stepAnswer->setVisible(on);
    m_pages->tabBar()->setVisible(!on);
    m_tablePane->setVisible(!on);
    m_problemToggle->setVisible(!on && m_problemDetails->text() != m_problemLabel->text() &&
                                !m_problemLabel->isHidden());
    m_problemDetails->setVisible(!on && m_problemToggle->isChecked() && m_problemToggle->isVisible());
    for (QShortcut *key : m_keys)
        key->setEnabled(on);
    m_panels->setCurrentStep(on ? m_step : -1);
    applyTheme();
}

void ComparisonView::applyTheme()
{
    if (m_panels)
        m_panels->setDark(m_theme == ChartAdapter::Theme::Dark);
    for (int i = 0; i < kChartCount; ++i)
        if (ChartAdapter *a = adapter(static_cast<Chart>(i))) // null while the constructor runs
            a->setTheme(m_theme, m_presentation);
}

} // namespace flakeoff::app
