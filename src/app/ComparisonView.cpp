// SPDX-License-Identifier: MIT
#include "ComparisonView.h"

#include "ChartPalette.h"
#include "MeasurementFilterProxyModel.h"
#include "MeasurementTableModel.h"
#include "TimelineView.h"
#include "report/ChartData.h"
#include "report/SessionSummary.h"
#include "session/SessionStore.h"

#include <QAction>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

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
    : QWidget(parent), m_targetCombo(new QComboBox(this)), m_summaryLabel(new QLabel(this)),
      m_problemLabel(new QLabel(this)), m_splitter(new QSplitter(Qt::Vertical, this)),
      m_timeline(new TimelineView(this)), m_openLog(new QPushButton(QStringLiteral("Open log"), this)),
      m_timelineHint(new QLabel(this)), m_model(new MeasurementTableModel(this)),
      m_filter(new MeasurementFilterProxyModel(this)), m_table(new QTableView(this)),
      m_filterText(new QLineEdit(this)), m_filterStrategy(new QComboBox(this)),
      m_filterTarget(new QComboBox(this)), m_filterStep(new QComboBox(this)),
      m_filterOutcome(new QComboBox(this)), m_filterWarmups(new QCheckBox(QStringLiteral("Warm-ups"), this)),
      m_count(new QLabel(this))
{
    m_theme = ChartAdapter::themeFor(palette());

    auto *header = new QHBoxLayout;
    auto *targetLabel = new QLabel(QStringLiteral("&Target:"), this);
    targetLabel->setBuddy(m_targetCombo);
    m_targetCombo->setObjectName(QStringLiteral("targetCombo"));
    m_targetCombo->setAccessibleName(QStringLiteral("Target shown in the charts"));
    m_targetCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_summaryLabel->setObjectName(QStringLiteral("comparisonSummary"));
    m_summaryLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    header->addWidget(targetLabel);
    header->addWidget(m_targetCombo);
    header->addSpacing(12);
    header->addWidget(m_summaryLabel, 1);

    m_problemLabel->setObjectName(QStringLiteral("comparisonProblem"));
    m_problemLabel->setWordWrap(true);
    m_problemLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette warn = m_problemLabel->palette();
    warn.setColor(QPalette::WindowText, ChartPalette::warningText());
    m_problemLabel->setPalette(warn);
    m_problemLabel->hide();

    setUpCharts();
    setUpTable();
    applyTheme();

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_problemLabel);
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

void ComparisonView::setUpCharts()
{
    auto *charts = new QWidget(m_splitter);
    auto *grid = new QGridLayout(charts);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(6);
    const Chart bars[] = {Chart::RebuildCost, Chart::DerivationsRebuilt, Chart::StoreCost};
    for (Chart which : bars) {
        auto *view = new QChartView(charts);
        view->setObjectName(chartName(which) + QStringLiteral("Chart"));
        view->setAccessibleName(chartTitle(which));
        view->setMinimumSize(280, 200);
        m_barViews[barIndex(which)] = view;
        auto *adapter = new ChartAdapter(view, this);
        m_barAdapters[barIndex(which)] = adapter;
        connect(adapter, &ChartAdapter::barClicked, this, &ComparisonView::openCell);
        addExportActions(which);
    }
    grid->addWidget(m_barViews[0], 0, 0);
    grid->addWidget(m_barViews[1], 0, 1);
    grid->addWidget(m_barViews[2], 1, 0);

    // The timeline with a line above it: which build, and its log.
    auto *timelinePane = new QWidget(charts);
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
    QPalette muted = m_timelineHint->palette();
    muted.setColor(QPalette::WindowText, ChartPalette::mutedText());
    m_timelineHint->setPalette(muted);
    m_openLog->setObjectName(QStringLiteral("openLogButton"));
    m_openLog->setAccessibleName(QStringLiteral("Open the log of the build shown"));
    m_openLog->setToolTip(QStringLiteral("Open the saved log of the build shown in the timeline"));
    m_openLog->setEnabled(false);
    caption->addWidget(m_timelineHint, 1);
    caption->addWidget(m_openLog);
    pane->addLayout(caption);
    pane->addWidget(m_timeline, 1);
    m_timeline->setMinimumSize(280, 200);
    m_timeline->chartView()->setAccessibleName(chartTitle(Chart::Timeline));
    grid->addWidget(timelinePane, 1, 1);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    addExportActions(Chart::Timeline);

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

void ComparisonView::setUpTable()
{
    auto *pane = new QWidget(m_splitter);
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

void ComparisonView::setSession(std::shared_ptr<const Session> session, const QString &sessionPath)
{
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
    if (!m_session->strategies.isEmpty() && m_summary->strategies().isEmpty() &&
        !m_session->skipped.empty()) {
        QStringList why;
        for (const auto &[id, reason] : m_session->skipped)
            why.append(id + QStringLiteral(": ") + reason);
        return QStringLiteral("No strategy could run here. ") + why.join(QStringLiteral("; "));
    }
    switch (m_session->status) {
    case Session::Status::Running:
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
        return;
    }
    const QString failed = failureNote();
    adapter(Chart::RebuildCost)->showBars(ChartDataBuilder::rebuildCost(*m_summary, t), failed);
    adapter(Chart::DerivationsRebuilt)->showBars(ChartDataBuilder::derivationsRebuilt(*m_summary, t), failed);
    BarChartData store = ChartDataBuilder::storeCost(*m_summary, t);
    QString storeNote = failed;
    if (storeNote.isEmpty() && store.isEmpty())
        storeNote = QStringLiteral("Store sizes were not measured for %1 in this session.").arg(t);
    adapter(Chart::StoreCost)->showBars(std::move(store), storeNote);
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
        m_problemLabel->hide();
        return;
    }
    const int n = m_summary->measurementCount();
    const int failed = m_summary->failedCount();
    QString text = QStringLiteral("%1 measurement%2").arg(n).arg(n == 1 ? QString() : QStringLiteral("s"));
    if (failed)
        text += QStringLiteral(" (%1 failed)").arg(failed);
    if (!m_summary->strategies().isEmpty())
        text += QStringLiteral(" · strategies: ") + m_summary->strategies().join(QStringLiteral(", "));
    if (!m_session->scenario.name.isEmpty())
        text += QStringLiteral(" · scenario: ") + m_session->scenario.name;
    if (m_session->status == Session::Status::Running)
        text += QStringLiteral(" · running…");
    m_summaryLabel->setText(text);

    QStringList problems;
    const QString why = m_session->statusText.trimmed();
    if (m_session->status == Session::Status::Failed)
        problems.append(QStringLiteral("The run failed: %1")
                            .arg(why.isEmpty() ? QStringLiteral("no reason was recorded.") : why));
    else if (m_session->status == Session::Status::Cancelled)
        problems.append(why.isEmpty() || why.compare(QLatin1String("cancelled"), Qt::CaseInsensitive) == 0
                            ? QStringLiteral("The run was cancelled before it finished.")
                            : QStringLiteral("The run was cancelled: %1").arg(why));
    // Strategies skipped for the same reason share one line (usually: no network here).
    std::vector<std::pair<QString, QStringList>> byReason;
    for (const auto &[id, reason] : m_session->skipped) {
        auto it =
            std::find_if(byReason.begin(), byReason.end(), [&](const auto &r) { return r.first == reason; });
        if (it == byReason.end())
            byReason.push_back({reason, {id}});
        else
            it->second.append(id);
    }
    for (const auto &[reason, ids] : byReason)
        problems.append(QStringLiteral("Skipped %1: %2").arg(ids.join(QStringLiteral(", ")), reason));
    m_problemLabel->setText(problems.join(QLatin1Char('\n')));
    m_problemLabel->setVisible(!problems.isEmpty());
}

void ComparisonView::updateCount()
{
    const int all = m_model->rowCount();
    const int shown = m_filter->rowCount();
    m_count->setText(shown == all ? QStringLiteral("%1 measurements").arg(all)
                                  : QStringLiteral("%1 of %2 measurements").arg(shown).arg(all));
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
    applyTheme();
}

void ComparisonView::applyTheme()
{
    for (int i = 0; i < kChartCount; ++i)
        if (ChartAdapter *a = adapter(static_cast<Chart>(i))) // null while the constructor runs
            a->setTheme(m_theme, m_presentation);
}

} // namespace flakeoff::app
