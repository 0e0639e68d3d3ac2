// SPDX-License-Identifier: MIT
#include "RunHistoryModel.h"

#include "ChartPalette.h"
#include "Display.h"

namespace flakeoff::app {

using namespace Display;

namespace {
// In Column order.
std::vector<ReadOnlyTableModel::Column> columns()
{
    return {{QStringLiteral("Step")},   {QStringLiteral("Strategy")},   {QStringLiteral("Target")},
            {QStringLiteral("Run")},    {QStringLiteral("Wall"), true}, {QStringLiteral("Built"), true},
            {QStringLiteral("Outcome")}};
}

QColor outcomeColor(Measurement::Outcome o)
{
    switch (o) {
    case Measurement::Outcome::Succeeded:
        return ChartPalette::statusColor(BuildStatus::Built);
    case Measurement::Outcome::Failed:
        return ChartPalette::statusColor(BuildStatus::Failed);
    case Measurement::Outcome::Cancelled:
        return ChartPalette::statusColor(BuildStatus::Interrupted);
    case Measurement::Outcome::Skipped:
        return ChartPalette::mutedText();
    }
    return ChartPalette::mutedText();
}
} // namespace

RunHistoryModel::RunHistoryModel(QObject *parent) : ReadOnlyTableModel(columns(), parent)
{
    Q_ASSERT(columnCount() == ColumnCount);
}

void RunHistoryModel::clear()
{
    if (m_rows.empty())
        return;
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

void RunHistoryModel::append(const Measurement &measurement)
{
    const int row = rowCount();
    beginInsertRows({}, row, row);
    m_rows.push_back(measurement);
    endInsertRows();
}

void RunHistoryModel::setMeasurements(const std::vector<Measurement> &measurements)
{
    beginResetModel();
    m_rows = measurements;
    endResetModel();
}

const Measurement *RunHistoryModel::measurement(int row) const
{
    return row >= 0 && row < rowCount() ? &m_rows[static_cast<std::size_t>(row)] : nullptr;
}

int RunHistoryModel::failedCount() const
{
    return static_cast<int>(std::count_if(m_rows.begin(), m_rows.end(), [](const Measurement &m) {
        return m.outcome == Measurement::Outcome::Failed;
    }));
}

int RunHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QString RunHistoryModel::runLabel(const Measurement &m)
{
    return m.warmup ? QStringLiteral("warm-up %1").arg(m.repetition + 1)
                    : QStringLiteral("#%1").arg(m.repetition + 1);
}

QVariant RunHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!isCell(index))
        return {};
    const Measurement &m = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case StepColumn:
            return m.step;
        case StrategyColumn:
            return m.strategy;
        case TargetColumn:
            return m.target;
        case RunColumn:
            return runLabel(m);
        case WallColumn:
            return m.outcome == Measurement::Outcome::Skipped ? unknown() : duration(m.wallUs);
        case BuiltColumn:
            return m.report ? QString::number(m.builtCount()) : unknown();
        case OutcomeColumn:
            return Measurement::outcomeName(m.outcome);
        }
        break;
    case Qt::ToolTipRole: {
        QStringList lines;
        if (!m.error.isEmpty())
            lines << m.error;
        lines << m.notes;
        if (!m.logFile.isEmpty())
            lines << QStringLiteral("Log: %1").arg(m.logFile);
        return lines.join(QLatin1Char('\n'));
    }
    case Qt::ForegroundRole:
        if (index.column() == OutcomeColumn)
            return outcomeColor(m.outcome);
        if (m.warmup)
            return ChartPalette::mutedText();
        break;
    case Qt::TextAlignmentRole:
        return alignment(index.column());
    case OutcomeRole:
        return static_cast<int>(m.outcome);
    case LogFileRole:
        return m.logFile;
    default:
        break;
    }
    return {};
}

} // namespace flakeoff::app
