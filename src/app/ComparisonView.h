// SPDX-License-Identifier: MIT
#pragma once

#include "ChartAdapter.h"
#include "session/Session.h"

#include <QDateTime>
#include <QWidget>

#include <array>
#include <memory>
#include <optional>
#include <vector>

class QCheckBox;
class QChartView;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QShortcut;
class QSplitter;
class QTabWidget;
class QTableView;

namespace flakeoff {
class SessionSummary;
}

namespace flakeoff::app {

class CompareGridModel;
class MeasurementFilterProxyModel;
class MeasurementTableModel;
class RebuildCostPanels;
class StepAnswerView;
class TimelineView;

// Compares the strategies of one session, for one target at a time, the answer first: a step ×
// strategy grid (CompareGridModel: median, factor to the quickest with its interval, runs,
// derivations rebuilt, verdict; the winner only where the core found one), then one chart at a
// time at full width — rebuild cost as one panel per step (RebuildCostPanels), derivations rebuilt,
// store cost, the timeline of one build, rebuild cost on one shared scale — and a sortable,
// filterable table of every measurement.
//
// Presentation mode shows the answer for one step at a time (StepAnswerView) and one chart, in
// large type, without the table and the header; the arrow keys step through the charts (left,
// right) and the steps (up, down; Page Up and Page Down, as a presenter's remote sends them).
//
// setSession is cheap and meant to be called again whenever a live run adds a measurement: the
// charts are recomputed from a SessionSummary, the table only inserts the new rows, and the target,
// filters and the build shown are kept. Clicking a bar (or activating a table row) shows that
// build's timeline here and emits buildRequested with its saved log, for the log view.
class ComparisonView : public QWidget
{
    Q_OBJECT

public:
    enum class Chart
    {
        RebuildCost,
        DerivationsRebuilt,
        StoreCost,
        Timeline
    };
    static constexpr int kChartCount = 4;
    // The pages of the chart area, one shown at a time.
    enum class Page
    {
        StepPanels, // rebuild cost, one panel per step
        DerivationsRebuilt,
        StoreCost,
        Timeline,
        RebuildCostOneScale, // Chart::RebuildCost: every step on one axis, as the reports draw it
    };
    static constexpr int kPageCount = 5;

    explicit ComparisonView(QWidget *parent = nullptr);
    ~ComparisonView() override;

    // `sessionPath`: the session's JSON file, where the saved logs are found (SessionStore::logFolder);
    // empty for a run that has not been saved yet. A null session shows what to do instead.
    // `runningHere`: a run or replay of this app fills it; false for a session opened from a file,
    // whose "running" status means it never finished (ReportWording::stateLine, as the Run view).
    void setSession(std::shared_ptr<const Session> session, const QString &sessionPath = {},
                    bool runningHere = true);
    const std::shared_ptr<const Session> &session() const { return m_session; }
    QString sessionPath() const { return m_sessionPath; }

    // The target the charts show; the selector offers every target with a measurement.
    QString target() const;
    QStringList targets() const;
    void setTarget(const QString &target);

    // Light or dark charts. Until this is called the charts follow the palette (a dark palette
    // gives dark charts).
    void setTheme(ChartAdapter::Theme theme);
    ChartAdapter::Theme theme() const { return m_theme; }
    // Large type and strong contrast for a projector, on top of the light or dark theme.
    void setPresentation(bool on);
    bool isPresentation() const { return m_presentation; }

    // The page a chart is drawn on.
    static Page pageOf(Chart which);
    Page page() const;
    void setPage(Page page);
    // The next (+1) or previous (-1) chart page, wrapping around.
    void movePage(int delta);
    // The step in focus (a row of gridModel()): the presentation's answer, the highlighted panel,
    // and the build the timeline shows (the step's quickest).
    int currentStep() const { return m_step; }
    void setCurrentStep(int row);
    void moveStep(int delta);

    // Shows a measurement's build in the timeline (it must belong to the current session, matched
    // by strategy, target, step, repetition and start). Does not emit buildRequested.
    bool showBuild(const Measurement &measurement);
    // The measurement whose timeline is shown; null when none.
    const Measurement *shownBuild() const;
    // The saved log of a measurement: SessionStore::logFolder(sessionPath) + "/" + logFile; empty
    // when the session has no file yet or the measurement no log.
    QString logPath(const Measurement &measurement) const;

    // PNG or SVG by the file's suffix. False with a readable reason.
    bool exportChart(Chart which, const QString &path, QString *error = nullptr);
    // "rebuild-cost", "derivations-rebuilt", "store-cost", "timeline" (for file names).
    static QString chartName(Chart which);

    ChartAdapter *adapter(Chart which) const;
    QChartView *chartView(Chart which) const;
    TimelineView *timelineView() const { return m_timeline; }
    MeasurementTableModel *measurementModel() const { return m_model; }
    MeasurementFilterProxyModel *measurementFilter() const { return m_filter; }
    QTableView *measurementTable() const { return m_table; }
    CompareGridModel *gridModel() const { return m_gridModel; }
    QTableView *grid() const { return m_grid; }
    StepAnswerView *stepAnswer() const { return m_stepAnswer; }
    RebuildCostPanels *costPanels() const { return m_panels; }
    QTabWidget *chartPages() const { return m_pages; }
    // The line over the charts: counts, the run's state, skipped strategies.
    QString summaryText() const;
    // What went wrong with the run, one line each (first lines only), and all of it behind the
    // details button; both empty when nothing did.
    QString problemText() const;
    QString problemDetails() const;

Q_SIGNALS:
    // Open this build's saved log (a bar was clicked or a table row activated).
    void buildRequested(const flakeoff::Measurement &measurement, const QString &logPath);
    // A derivation of the shown build was clicked in the timeline.
    void derivationRequested(const flakeoff::Measurement &measurement, const QString &logPath,
                             const QString &drvPath);
    void targetChanged(const QString &target);

protected:
    void changeEvent(QEvent *event) override;

private:
    // What identifies a run across session snapshots (measurements are re-created, not mutated).
    struct RunKey
    {
        QString strategy;
        QString target;
        QString step;
        int repetition = 0;
        bool warmup = false;
        QDateTime startedAt;
        bool matches(const Measurement &m) const;
        static RunKey of(const Measurement &m);
    };

    void setUpAnswer(QWidget *top);
    void setUpCharts(QWidget *top);
    void setUpTable();
    void setUpKeys();
    void fitGridHeight();
    void openGridCell(const QModelIndex &index);
    void addExportActions(Chart which);
    void chooseExport(Chart which, const QString &format);
    void refreshTargets();
    void refreshFilterChoices();
    void refreshCharts();
    void refreshTimeline(bool force);
    void refreshSummary();
    // One line each over the charts; `details`, the same problems in full, behind "Details".
    void showProblems(const QStringList &lines, const QStringList &details);
    void updateCount();
    void openCell(const BarValue &value, bool failedRun);
    void openRow(const QModelIndex &proxyIndex, bool requestLog);
    const Measurement *defaultBuild() const;
    QString noMeasurementReason() const;
    QString failureNote() const;
    void applyTheme();

    std::shared_ptr<const Session> m_session;
    std::unique_ptr<SessionSummary> m_summary;
    QString m_sessionPath;
    bool m_runningHere = true;
    std::optional<RunKey> m_shown;                    // the build in the timeline
    std::shared_ptr<const BuildReport> m_shownReport; // what the timeline was built from
    ChartAdapter::Theme m_theme = ChartAdapter::Theme::Light;
    bool m_presentation = false;
    bool m_themeChosen = false; // set by setTheme: stop following the palette

    int m_step = 0;

    QWidget *m_headerBar;
    QComboBox *m_targetCombo;
    QLabel *m_summaryLabel;
    QLabel *m_problemLabel;
    QPushButton *m_problemToggle;
    QLabel *m_problemDetails;
    QSplitter *m_splitter;
    CompareGridModel *m_gridModel;
    QTableView *m_grid;
    StepAnswerView *m_stepAnswer;
    QTabWidget *m_pages;
    RebuildCostPanels *m_panels;
    QWidget *m_tablePane = nullptr;
    std::vector<QShortcut *> m_keys; // presentation mode's, off otherwise
    std::array<QChartView *, 3> m_barViews{};
    std::array<ChartAdapter *, 3> m_barAdapters{};
    TimelineView *m_timeline;
    QPushButton *m_openLog;
    QLabel *m_timelineHint;

    MeasurementTableModel *m_model;
    MeasurementFilterProxyModel *m_filter;
    QTableView *m_table;
    QLineEdit *m_filterText;
    QComboBox *m_filterStrategy;
    QComboBox *m_filterTarget;
    QComboBox *m_filterStep;
    QComboBox *m_filterOutcome;
    QCheckBox *m_filterWarmups;
    QLabel *m_count;
};

} // namespace flakeoff::app
