// SPDX-License-Identifier: MIT
#pragma once

#include "session/Session.h"

#include <QSortFilterProxyModel>

#include <optional>

namespace flakeoff::app {

// Filters a MeasurementTableModel by strategy, target, step, outcome and free text (strategy,
// target, step, error, notes and log file), optionally hiding warm-ups; sorts by the model's raw
// SortRole so numbers sort as numbers, steps in scenario order and unknown values last.
class MeasurementFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit MeasurementFilterProxyModel(QObject *parent = nullptr);

    // Empty = any.
    void setStrategy(const QString &strategy);
    QString strategy() const { return m_strategy; }
    void setTarget(const QString &target);
    QString target() const { return m_target; }
    void setStep(const QString &step);
    QString step() const { return m_step; }
    void setOutcome(std::optional<Measurement::Outcome> outcome);
    std::optional<Measurement::Outcome> outcome() const { return m_outcome; }
    void setText(const QString &text);
    QString text() const { return m_text; }
    void setShowWarmups(bool show);
    bool showWarmups() const { return m_showWarmups; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void refilter();

    QString m_strategy;
    QString m_target;
    QString m_step;
    std::optional<Measurement::Outcome> m_outcome;
    QString m_text;
    bool m_showWarmups = true;
};

} // namespace flakeoff::app
