// SPDX-License-Identifier: MIT
#pragma once

#include "session/Session.h"

#include <QAbstractTableModel>

#include <memory>

namespace flakeoff::app {

// One row per measurement of a session (warm-ups included, marked), in the session's order.
// The session is shared and immutable; a new snapshot that only adds measurements (a live run)
// inserts rows instead of resetting, so sorting, filters and the selection survive.
class MeasurementTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        StrategyColumn,
        TargetColumn,
        StepColumn,
        RunColumn,
        WarmupColumn,
        OutcomeColumn,
        WallColumn,
        CpuColumn,
        BuiltColumn,
        OutputColumn,
        ClosureColumn,
        IntermediateColumn,
        StoreGrowthColumn,
        ErrorColumn,
        ColumnCount
    };
    enum Role
    {
        // The raw value to sort by: numbers for numbers (µs, bytes, counts), the session's order for
        // strategies, targets and steps (not the alphabet), a rank for outcomes. Invalid when
        // unknown: such rows sort last.
        SortRole = Qt::UserRole,
        StrategyRole,         // strategy id
        TargetRole,           // target name
        StepRole,             // step id
        OutcomeRole,          // Measurement::Outcome as int
        WarmupRole,           // bool
        MeasurementIndexRole, // index into session()->measurements
    };

    explicit MeasurementTableModel(QObject *parent = nullptr);

    void setSession(std::shared_ptr<const Session> session);
    const std::shared_ptr<const Session> &session() const { return m_session; }
    // The measurement behind `row`, or null when out of range.
    const Measurement *measurement(int row) const;
    // The row of a measurement of the current session (by address), -1 when not there.
    int rowOf(const Measurement *measurement) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Failed first, then cancelled, skipped, succeeded: the order that needs attention.
    static int outcomeRank(Measurement::Outcome outcome);
    static QString outcomeLabel(Measurement::Outcome outcome); // "Succeeded", "Failed" …

private:
    QVariant display(const Measurement &m, int column) const;
    QVariant sortValue(const Measurement &m, int column) const;
    QString toolTip(const Measurement &m, int column) const;
    static bool sameRun(const Measurement &a, const Measurement &b);

    std::shared_ptr<const Session> m_session;
};

} // namespace flakeoff::app
