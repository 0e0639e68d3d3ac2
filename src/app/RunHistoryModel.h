// SPDX-License-Identifier: MIT
#pragma once

#include "ReadOnlyTableModel.h"
#include "session/Session.h"

namespace flakeoff::app {

// The builds a run has finished, one row per measurement in the order they ran (warm-ups
// included, marked): what the live view lists under the build in progress, and what a reopened
// session shows of its run.
class RunHistoryModel : public ReadOnlyTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        StepColumn,
        StrategyColumn,
        TargetColumn,
        RunColumn,
        WallColumn,
        BuiltColumn,
        OutcomeColumn,
        ColumnCount
    };
    enum Role
    {
        OutcomeRole = Qt::UserRole,
        LogFileRole
    };

    explicit RunHistoryModel(QObject *parent = nullptr);

    void clear();
    void append(const Measurement &measurement);
    void setMeasurements(const std::vector<Measurement> &measurements);
    const Measurement *measurement(int row) const;
    int failedCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    // "#2", "warm-up 1".
    static QString runLabel(const Measurement &m);

private:
    std::vector<Measurement> m_rows;
};

} // namespace flakeoff::app
