// SPDX-License-Identifier: MIT
#pragma once

#include "predict/PredictionGrid.h"
#include "session/Session.h"

#include <QAbstractTableModel>

#include <memory>

namespace flakeoff::app {

// A session's prediction for one target as a grid: one row per scenario step, one column per
// strategy; a cell shows the predicted rebuild count and cost and, once the session measured that
// cell, what the run built and whether it was as predicted (PredictionGrid's words, the report's).
class PredictionTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Role
    {
        StrategyRole = Qt::UserRole, // strategy id
        StepRole,                    // step id
        VerdictRole,                 // StepComparison::Verdict as int; invalid without a comparison
        FindingRole,                 // bool: a rebuild the prediction missed, or a cell it could not predict
        PredictedCountRole,          // int; invalid when not predicted
    };

    explicit PredictionTableModel(QObject *parent = nullptr);

    // Keeps the session alive: the grid points into it.
    void setSession(std::shared_ptr<const Session> session, const QString &target);
    const std::shared_ptr<const Session> &session() const { return m_session; }
    QString target() const { return m_target; }
    const PredictionGrid &grid() const { return m_grid; }
    const PredictionGrid::Cell *cell(const QModelIndex &index) const;
    QModelIndex indexOf(const QString &strategy, const QString &step) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const Session> m_session;
    PredictionGrid m_grid;
    QString m_target;
    QStringList m_steps; // rows: the steps with a cell for this target
};

} // namespace flakeoff::app
