// SPDX-License-Identifier: MIT
#include "MeasurementTableModel.h"

#include "ChartPalette.h"
#include "report/ChartData.h"

namespace flakeoff::app {

namespace {
constexpr double kUs = 1e6;

bool isNumberColumn(int column)
{
    switch (column) {
    case MeasurementTableModel::RunColumn:
    case MeasurementTableModel::WallColumn:
    case MeasurementTableModel::CpuColumn:
    case MeasurementTableModel::BuiltColumn:
    case MeasurementTableModel::OutputColumn:
    case MeasurementTableModel::ClosureColumn:
    case MeasurementTableModel::IntermediateColumn:
    case MeasurementTableModel::StoreGrowthColumn:
        return true;
    default:
        return false;
    }
}

int alignment(int column)
{
    return static_cast<int>((isNumberColumn(column) ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
}

std::int64_t bytesOf(const Measurement &m, int column)
{
    switch (column) {
    case MeasurementTableModel::OutputColumn:
        return m.outputBytes;
    case MeasurementTableModel::ClosureColumn:
        return m.closureBytes;
    case MeasurementTableModel::IntermediateColumn:
        return m.intermediateBytes;
    case MeasurementTableModel::StoreGrowthColumn:
        return m.storeGrowthBytes;
    default:
        return -1;
    }
}

bool hasTime(const Measurement &m)
{
    // A build that did not run to the end has no wall time worth comparing.
    return m.outcome == Measurement::Outcome::Succeeded || m.outcome == Measurement::Outcome::Failed;
}

QString unknown()
{
    return QStringLiteral("—");
}

// Where a value sits in one of the session's own lists; names not listed sort after them.
QVariant orderIn(const QStringList &list, const QString &value)
{
    const qsizetype i = list.indexOf(value);
    return QVariant::fromValue<qint64>(i < 0 ? list.size() + 1000 : i);
}

QStringList stepOrder(const Session &s)
{
    QStringList ids;
    for (const auto &step : s.scenario.steps)
        ids.append(step.id);
    return ids;
}
} // namespace

MeasurementTableModel::MeasurementTableModel(QObject *parent) : QAbstractTableModel(parent) {}

bool MeasurementTableModel::sameRun(const Measurement &a, const Measurement &b)
{
    return a.strategy == b.strategy && a.target == b.target && a.step == b.step &&
           a.repetition == b.repetition && a.warmup == b.warmup && a.startedAt == b.startedAt;
}

void MeasurementTableModel::setSession(std::shared_ptr<const Session> session)
{
    const std::size_t oldCount = m_session ? m_session->measurements.size() : 0;
    const std::size_t newCount = session ? session->measurements.size() : 0;
    bool appendOnly = m_session && session && newCount >= oldCount && oldCount > 0;
    for (std::size_t i = 0; appendOnly && i < oldCount; ++i)
        appendOnly = sameRun(m_session->measurements[i], session->measurements[i]);
    if (!appendOnly) {
        beginResetModel();
        m_session = std::move(session);
        endResetModel();
        return;
    }
    // A live run adds measurements at the end: keep the rows (and what views hold on to).
    if (newCount > oldCount) {
        beginInsertRows({}, static_cast<int>(oldCount), static_cast<int>(newCount) - 1);
        m_session = std::move(session);
        endInsertRows();
    } else {
        m_session = std::move(session);
    }
    if (oldCount > 0)
        Q_EMIT dataChanged(index(0, 0), index(static_cast<int>(oldCount) - 1, ColumnCount - 1));
}

const Measurement *MeasurementTableModel::measurement(int row) const
{
    if (!m_session || row < 0 || row >= static_cast<int>(m_session->measurements.size()))
        return nullptr;
    return &m_session->measurements[static_cast<std::size_t>(row)];
}

int MeasurementTableModel::rowOf(const Measurement *measurement) const
{
    if (!m_session || !measurement)
        return -1;
    const auto &all = m_session->measurements;
    if (all.empty() || measurement < all.data() || measurement >= all.data() + all.size())
        return -1;
    return static_cast<int>(measurement - all.data());
}

int MeasurementTableModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_session)
        return 0;
    return static_cast<int>(m_session->measurements.size());
}

int MeasurementTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int MeasurementTableModel::outcomeRank(Measurement::Outcome outcome)
{
    switch (outcome) {
    case Measurement::Outcome::Failed:
        return 0;
    case Measurement::Outcome::Cancelled:
        return 1;
    case Measurement::Outcome::Skipped:
        return 2;
    case Measurement::Outcome::Succeeded:
        return 3;
    }
    return 4;
}

QString MeasurementTableModel::outcomeLabel(Measurement::Outcome outcome)
{
    switch (outcome) {
    case Measurement::Outcome::Succeeded:
        return QStringLiteral("Succeeded");
    case Measurement::Outcome::Failed:
        return QStringLiteral("Failed");
    case Measurement::Outcome::Cancelled:
        return QStringLiteral("Cancelled");
    case Measurement::Outcome::Skipped:
        return QStringLiteral("Skipped");
    }
    return QStringLiteral("Unknown");
}

QVariant MeasurementTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Measurement *m = measurement(index.row());
    if (!m)
        return {};
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return display(*m, column);
    case Qt::ToolTipRole:
        return toolTip(*m, column);
    case Qt::TextAlignmentRole:
        return alignment(column);
    case SortRole:
        return sortValue(*m, column);
    case StrategyRole:
        return m->strategy;
    case TargetRole:
        return m->target;
    case StepRole:
        return m->step;
    case OutcomeRole:
        return static_cast<int>(m->outcome);
    case WarmupRole:
        return m->warmup;
    case MeasurementIndexRole:
        return index.row();
    case Qt::ForegroundRole:
        if (column == OutcomeColumn || column == ErrorColumn) {
            if (m->outcome == Measurement::Outcome::Failed)
                return ChartPalette::statusColor(BuildStatus::Failed);
            if (m->outcome != Measurement::Outcome::Succeeded)
                return ChartPalette::statusColor(BuildStatus::Interrupted);
        }
        // Warm-ups are not counted anywhere: shown, but quieter.
        if (m->warmup || (isNumberColumn(column) && display(*m, column).toString() == unknown()))
            return ChartPalette::mutedText();
        return {};
    default:
        return {};
    }
}

QVariant MeasurementTableModel::display(const Measurement &m, int column) const
{
    switch (column) {
    case StrategyColumn:
        return m.strategy;
    case TargetColumn:
        return m.target;
    case StepColumn:
        return m.step;
    case RunColumn:
        return QString::number(m.repetition + 1);
    case WarmupColumn:
        return m.warmup ? QStringLiteral("warm-up") : QString();
    case OutcomeColumn:
        return outcomeLabel(m.outcome);
    case WallColumn:
        return hasTime(m) ? QString::number(static_cast<double>(m.wallUs) / kUs, 'f', 2) : unknown();
    case CpuColumn:
        return hasTime(m) && m.cpuUserUs + m.cpuSystemUs > 0
                   ? QString::number(static_cast<double>(m.cpuUserUs + m.cpuSystemUs) / kUs, 'f', 2)
                   : unknown();
    case BuiltColumn:
        return m.report ? QString::number(m.builtCount()) : unknown();
    case OutputColumn:
    case ClosureColumn:
    case IntermediateColumn:
    case StoreGrowthColumn: {
        const std::int64_t b = bytesOf(m, column);
        return b < 0 ? unknown() : ChartDataBuilder::formatBytes(static_cast<double>(b));
    }
    case ErrorColumn:
        return m.error.section(QLatin1Char('\n'), 0, 0);
    default:
        return {};
    }
}

QVariant MeasurementTableModel::sortValue(const Measurement &m, int column) const
{
    switch (column) {
    case StrategyColumn:
        return orderIn(m_session->strategies, m.strategy);
    case TargetColumn:
        return orderIn(m_session->targets, m.target);
    case StepColumn:
        return orderIn(stepOrder(*m_session), m.step);
    case RunColumn:
        return m.repetition;
    case WarmupColumn:
        return m.warmup ? 0 : 1;
    case OutcomeColumn:
        return outcomeRank(m.outcome);
    case WallColumn:
        return hasTime(m) ? QVariant::fromValue<qint64>(m.wallUs) : QVariant();
    case CpuColumn:
        return hasTime(m) && m.cpuUserUs + m.cpuSystemUs > 0
                   ? QVariant::fromValue<qint64>(m.cpuUserUs + m.cpuSystemUs)
                   : QVariant();
    case BuiltColumn:
        return m.report ? QVariant::fromValue<qint64>(m.builtCount()) : QVariant();
    case OutputColumn:
    case ClosureColumn:
    case IntermediateColumn:
    case StoreGrowthColumn: {
        const std::int64_t b = bytesOf(m, column);
        return b < 0 ? QVariant() : QVariant::fromValue<qint64>(b);
    }
    case ErrorColumn:
        return m.error.isEmpty() ? QVariant() : QVariant(m.error);
    default:
        return {};
    }
}

QString MeasurementTableModel::toolTip(const Measurement &m, int column) const
{
    QString tip = QStringLiteral("%1 · %2 · %3 · run %4%5")
                      .arg(m.strategy, m.target, m.step)
                      .arg(m.repetition + 1)
                      .arg(m.warmup ? QStringLiteral(" (warm-up, not counted)") : QString());
    switch (column) {
    case WallColumn:
        if (hasTime(m))
            tip += QStringLiteral("\nwall time %1 s")
                       .arg(QString::number(static_cast<double>(m.wallUs) / kUs, 'f', 6));
        break;
    case CpuColumn:
        tip += QStringLiteral("\nCPU user %1 s, system %2 s")
                   .arg(QString::number(static_cast<double>(m.cpuUserUs) / kUs, 'f', 3),
                        QString::number(static_cast<double>(m.cpuSystemUs) / kUs, 'f', 3));
        break;
    case OutputColumn:
    case ClosureColumn:
    case IntermediateColumn:
    case StoreGrowthColumn: {
        const std::int64_t b = bytesOf(m, column);
        tip += b < 0 ? QStringLiteral("\nnot measured") : QStringLiteral("\n%1 bytes").arg(b);
        break;
    }
    case ErrorColumn:
    case OutcomeColumn:
        if (!m.error.isEmpty())
            tip += QStringLiteral("\n\n") + m.error;
        break;
    default:
        break;
    }
    for (const QString &note : m.notes)
        tip += QStringLiteral("\nnote: ") + note;
    if (!m.logFile.isEmpty())
        tip += QStringLiteral("\nlog: ") + m.logFile;
    return tip;
}

QVariant MeasurementTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::TextAlignmentRole)
        return alignment(section);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case RunColumn:
            return QStringLiteral("Repetition number (warm-ups have their own numbers)");
        case WarmupColumn:
            return QStringLiteral("Warm-up runs are measured but left out of every statistic");
        case WallColumn:
            return QStringLiteral("From starting the build command to its exit, in seconds");
        case CpuColumn:
            return QStringLiteral("User plus system CPU time of the build's processes, in seconds");
        case BuiltColumn:
            return QStringLiteral("Derivations built (not fetched, not already in the store)");
        case OutputColumn:
            return QStringLiteral("Size of the build's outputs");
        case ClosureColumn:
            return QStringLiteral("Size of the outputs with everything they reference at run time");
        case IntermediateColumn:
            return QStringLiteral(
                "Project derivations the strategy keeps besides the outputs (dependency builds, crates)");
        case StoreGrowthColumn:
            return QStringLiteral("Everything this build added to the Nix store");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StrategyColumn:
        return QStringLiteral("Strategy");
    case TargetColumn:
        return QStringLiteral("Target");
    case StepColumn:
        return QStringLiteral("Step");
    case RunColumn:
        return QStringLiteral("Run");
    case WarmupColumn:
        return QStringLiteral("Warm-up");
    case OutcomeColumn:
        return QStringLiteral("Outcome");
    case WallColumn:
        return QStringLiteral("Wall (s)");
    case CpuColumn:
        return QStringLiteral("CPU (s)");
    case BuiltColumn:
        return QStringLiteral("Built");
    case OutputColumn:
        return QStringLiteral("Output");
    case ClosureColumn:
        return QStringLiteral("Closure");
    case IntermediateColumn:
        return QStringLiteral("Intermediate");
    case StoreGrowthColumn:
        return QStringLiteral("Store growth");
    case ErrorColumn:
        return QStringLiteral("Error");
    default:
        return {};
    }
}

} // namespace flakeoff::app
