// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractTableModel>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace flakeoff {
class SessionSummary;
}

namespace flakeoff::app {

// The answer of a comparison, one target at a time: one row per scenario step, one column per
// strategy; a cell holds what the core's SessionSummary says of it — the median wall time, the
// factor to the step's quickest with its 95% interval (ReportWording::relative), the runs, the
// derivations rebuilt and the verdict (faster, slower, not distinguishable). Only a cell the core
// crowns (CellSummary::fastest) is marked the winner. A cell without a time says why in words
// (failed, cancelled, not run) and never shows a number that could read as a time.
//
// The model copies the words and numbers it shows: it does not keep the summary, which points
// into a session that a live run replaces.
class CompareGridModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Role
    {
        StrategyRole = Qt::UserRole, // strategy id (cells and horizontal header)
        StepRole,                    // step id (cells and vertical header)
        MedianRole,                  // double, seconds; invalid without a time
        MedianTextRole,              // "3 min 9.4 s"; empty without a time
        RelativeRole,                // "2.34 (2.10–2.61)", "1.00" for the quickest; empty without a time
        VerdictRole,   // ReportWording::verdict: "fastest", "slower", "not distinguishable (…)"
        WinnerRole,    // bool: the core's winner of its step (CellSummary::fastest)
        QuickestRole,  // bool: the lowest median of its step, winner or not
        RunsRole,      // ReportWording::runs: "3", "2 of 3 (1 failed)"
        BuiltRole,     // double: median derivations built; invalid when none was counted
        NoTimeRole,    // "failed", "cancelled", "skipped", "not run"; empty with a time
        ProblemRole,   // the first line of the first error; empty when none
        WarningsRole,  // QStringList: RunWarnings of the cell
        StepLabelRole, // vertical header: the step's description, else its id
    };

    explicit CompareGridModel(QObject *parent = nullptr);

    // Rows are summary.steps(target), columns summary.strategies(). A target without measurements
    // (or an empty one) empties the model.
    void setSummary(const SessionSummary &summary, const QString &target);
    void clear();

    QString target() const { return m_target; }
    const QStringList &steps() const { return m_steps; }
    const QStringList &strategies() const { return m_strategies; }
    QModelIndex indexOf(const QString &strategy, const QString &step) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Cell
    {
        bool measured = false; // the step has this strategy's cell at all
        std::optional<double> medianS;
        QString median;
        QString relative;
        QString verdict;
        bool winner = false;
        bool quickest = false;
        bool failed = false; // at least one run failed
        QString runs;
        std::optional<double> built;
        QString noTime;
        QString problem;
        QStringList warnings;
    };

    const Cell *cellAt(const QModelIndex &index) const;
    QString displayText(const Cell &c) const;
    QString toolTip(const Cell &c, const QString &strategy, const QString &step) const;

    QString m_target;
    QStringList m_steps;
    QStringList m_stepLabels;
    QStringList m_strategies;
    std::vector<Cell> m_cells; // row-major: step × strategy
};

} // namespace flakeoff::app
