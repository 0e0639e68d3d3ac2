// SPDX-License-Identifier: MIT
#include "PredictionTableModel.h"

#include <QColor>

namespace flakeoff::app {

namespace {
using Verdict = StepComparison::Verdict;

// Translucent, so they read on the light and the dark palette alike; never the only sign (the
// text says ✓ / ✗ too).
QColor verdictColor(const PredictionGrid::Cell &cell)
{
    if (cell.finding())
        return {215, 58, 73, 90};
    if (!cell.comparison)
        return {};
    switch (cell.comparison->verdict) {
    case Verdict::Match:
    case Verdict::BothFailed:
        return {46, 160, 67, 70};
    case Verdict::Differs:
        return {210, 153, 34, 90}; // predicted more than was built: not a miss
    case Verdict::NotPredicted:
    case Verdict::NotRun:
        break;
    }
    if (cell.prediction && !cell.prediction->ok)
        return {215, 58, 73, 60};
    return {};
}
} // namespace

PredictionTableModel::PredictionTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void PredictionTableModel::setSession(std::shared_ptr<const Session> session, const QString &target)
{
    beginResetModel();
    m_session = std::move(session);
    m_grid = m_session ? PredictionGrid::of(*m_session) : PredictionGrid();
    m_target = m_grid.targets().contains(target) || m_grid.targets().isEmpty()
                   ? target
                   : m_grid.targets().constFirst();
    m_steps.clear();
    for (const QString &step : m_grid.steps())
        for (const QString &strategy : m_grid.strategies())
            if (m_grid.cell(strategy, step, m_target)) {
                m_steps << step;
                break;
            }
    endResetModel();
}

const PredictionGrid::Cell *PredictionTableModel::cell(const QModelIndex &index) const
{
    if (!index.isValid() || index.row() >= m_steps.size() || index.column() >= m_grid.strategies().size())
        return nullptr;
    return m_grid.cell(m_grid.strategies().at(index.column()), m_steps.at(index.row()), m_target);
}

QModelIndex PredictionTableModel::indexOf(const QString &strategy, const QString &step) const
{
    const qsizetype row = m_steps.indexOf(step);
    const qsizetype column = m_grid.strategies().indexOf(strategy);
    return row < 0 || column < 0 ? QModelIndex() : index(static_cast<int>(row), static_cast<int>(column));
}

int PredictionTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_steps.size());
}

int PredictionTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || m_steps.isEmpty() ? 0 : static_cast<int>(m_grid.strategies().size());
}

QVariant PredictionTableModel::data(const QModelIndex &index, int role) const
{
    const PredictionGrid::Cell *c = cell(index);
    switch (role) {
    case StrategyRole:
        return index.isValid() ? QVariant(m_grid.strategies().value(index.column())) : QVariant();
    case StepRole:
        return index.isValid() ? QVariant(m_steps.value(index.row())) : QVariant();
    default:
        break;
    }
    if (!c)
        return role == Qt::DisplayRole ? QVariant(QStringLiteral("—")) : QVariant();
    switch (role) {
    case Qt::DisplayRole: {
        const QString predicted = PredictionGrid::predictedText(*c);
        if (!c->measured())
            return predicted;
        // Short enough for a narrow pane; the words are in the tooltip and the details.
        const QString mark = c->comparison->agrees() ? QStringLiteral("✓") : QStringLiteral("✗");
        return QStringLiteral("%1\n%2 %3").arg(predicted, mark, PredictionGrid::builtText(*c));
    }
    case Qt::ToolTipRole: {
        QString tip = QStringLiteral("%1 · %2 · %3\npredicted: %4")
                          .arg(m_grid.strategies().value(index.column()), m_steps.value(index.row()),
                               m_target, PredictionGrid::predictedText(*c));
        if (c->measured())
            tip += QStringLiteral("\nbuilt: %1\n%2")
                       .arg(PredictionGrid::builtText(*c), PredictionGrid::verdictText(*c));
        if (c->prediction && !c->prediction->ok)
            tip += QStringLiteral("\n") + c->prediction->error.section(QLatin1Char('\n'), 0, 0);
        return tip;
    }
    case Qt::BackgroundRole: {
        const QColor color = verdictColor(*c);
        return color.isValid() ? QVariant(color) : QVariant();
    }
    case Qt::TextAlignmentRole:
        return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case VerdictRole:
        return c->comparison ? QVariant(static_cast<int>(c->comparison->verdict)) : QVariant();
    case FindingRole:
        return c->finding();
    case PredictedCountRole:
        return c->prediction && c->prediction->ok ? QVariant(static_cast<int>(c->prediction->rebuild.size()))
                                                  : QVariant();
    default:
        return {};
    }
}

QVariant PredictionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal) {
        if (role == Qt::DisplayRole)
            return m_grid.strategies().value(section);
        return {};
    }
    const QString step = m_steps.value(section);
    if (role == Qt::DisplayRole)
        return step;
    if (role == Qt::ToolTipRole)
        return m_grid.stepDescription(step);
    return {};
}

} // namespace flakeoff::app
