// SPDX-License-Identifier: MIT
#include "MeasurementFilterProxyModel.h"

#include "Display.h"
#include "MeasurementTableModel.h"

namespace flakeoff::app {

MeasurementFilterProxyModel::MeasurementFilterProxyModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(MeasurementTableModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    // Live runs add rows: keep them in the chosen order and filter.
    setDynamicSortFilter(true);
}

void MeasurementFilterProxyModel::refilter()
{
    invalidateFilter();
}

void MeasurementFilterProxyModel::setStrategy(const QString &strategy)
{
    if (strategy == m_strategy)
        return;
    m_strategy = strategy;
    refilter();
}

void MeasurementFilterProxyModel::setTarget(const QString &target)
{
    if (target == m_target)
        return;
    m_target = target;
    refilter();
}

void MeasurementFilterProxyModel::setStep(const QString &step)
{
    if (step == m_step)
        return;
    m_step = step;
    refilter();
}

void MeasurementFilterProxyModel::setOutcome(std::optional<Measurement::Outcome> outcome)
{
    if (outcome == m_outcome)
        return;
    m_outcome = outcome;
    refilter();
}

void MeasurementFilterProxyModel::setText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    refilter();
}

void MeasurementFilterProxyModel::setShowWarmups(bool show)
{
    if (show == m_showWarmups)
        return;
    m_showWarmups = show;
    refilter();
}

bool MeasurementFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const auto *model = qobject_cast<const MeasurementTableModel *>(sourceModel());
    if (!model)
        return true;
    const Measurement *m = model->measurement(sourceRow);
    if (!m || sourceParent.isValid())
        return false;
    if (!m_showWarmups && m->warmup)
        return false;
    if ((!m_strategy.isEmpty() && m->strategy != m_strategy) ||
        (!m_target.isEmpty() && m->target != m_target) || (!m_step.isEmpty() && m->step != m_step) ||
        (m_outcome && m->outcome != *m_outcome))
        return false;
    if (m_text.isEmpty())
        return true;
    auto has = [this](const QString &s) { return s.contains(m_text, Qt::CaseInsensitive); };
    if (has(m->strategy) || has(m->target) || has(m->step) || has(m->error) || has(m->logFile) ||
        has(MeasurementTableModel::outcomeLabel(m->outcome)))
        return true;
    for (const QString &note : m->notes)
        if (has(note))
            return true;
    return false;
}

bool MeasurementFilterProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    return Display::sortsBefore(left.data(sortRole()), right.data(sortRole()), sortOrder(),
                                sortCaseSensitivity());
}

} // namespace flakeoff::app
