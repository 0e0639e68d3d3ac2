// SPDX-License-Identifier: MIT
#include "RunningBuildsModel.h"

#include "ChartPalette.h"
#include "Display.h"

namespace flakeoff::app {

using namespace Display;

namespace {
constexpr qint64 kGroup = 1'000'000'000'000'000; // beyond any µs time of a log (10^12 ms are refused)
constexpr qint64 kTimeSpan = kGroup / 2;

// In Column order.
std::vector<ReadOnlyTableModel::Column> columns()
{
    return {{QStringLiteral("Derivation")},
            {QStringLiteral("Status")},
            {QStringLiteral("Phase")},
            {QStringLiteral("Time"), true},
            {QStringLiteral("Log lines"), true}};
}
} // namespace

RunningBuildsModel::RunningBuildsModel(QObject *parent) : ReadOnlyTableModel(columns(), parent)
{
    Q_ASSERT(columnCount() == ColumnCount);
}

bool RunningBuildsModel::sameRun(const BuildReport &next) const
{
    // A stream's builds only ever grow, in start order: a snapshot of the same run keeps every
    // earlier build where it was. Checking the ends is enough to tell a new run apart.
    if (!m_report || next.builds.size() < m_report->builds.size())
        return false;
    if (m_report->builds.empty())
        return next.lineCount >= m_report->lineCount;
    return next.builds.front().drvPath == m_report->builds.front().drvPath &&
           next.builds[m_report->builds.size() - 1].drvPath == m_report->builds.back().drvPath &&
           next.lineCount >= m_report->lineCount;
}

bool RunningBuildsModel::rowChanged(const DerivationBuild &a, const DerivationBuild &b)
{
    return a.status != b.status || a.phases.size() != b.phases.size() || a.endUs != b.endUs ||
           a.logLines != b.logLines || a.startUs != b.startUs ||
           (!a.phases.empty() && a.phases.back().endUs != b.phases.back().endUs);
}

void RunningBuildsModel::setReport(std::shared_ptr<const BuildReport> report, std::int64_t nowUs)
{
    if (!report || !sameRun(*report)) {
        beginResetModel();
        m_report = std::move(report);
        m_nowUs = nowUs;
        endResetModel();
        return;
    }
    const auto old = m_report;
    const int oldRows = static_cast<int>(old->builds.size());
    const int newRows = static_cast<int>(report->builds.size());
    int firstChanged = -1;
    int lastChanged = -1;
    for (int i = 0; i < oldRows; ++i) {
        const auto &a = old->builds[static_cast<std::size_t>(i)];
        const auto &b = report->builds[static_cast<std::size_t>(i)];
        if (rowChanged(a, b) || (b.status == BuildStatus::Running && nowUs != m_nowUs)) {
            if (firstChanged < 0)
                firstChanged = i;
            lastChanged = i;
        }
    }
    if (newRows > oldRows) {
        beginInsertRows({}, oldRows, newRows - 1);
        m_report = std::move(report);
        m_nowUs = nowUs;
        endInsertRows();
    } else {
        m_report = std::move(report);
        m_nowUs = nowUs;
    }
    if (firstChanged >= 0)
        Q_EMIT dataChanged(index(firstChanged, 0), index(lastChanged, ColumnCount - 1));
}

void RunningBuildsModel::setNow(std::int64_t nowUs)
{
    if (nowUs == m_nowUs || !m_report)
        return;
    m_nowUs = nowUs;
    int first = -1;
    int last = -1;
    for (int i = 0; i < rowCount(); ++i)
        if (m_report->builds[static_cast<std::size_t>(i)].status == BuildStatus::Running) {
            if (first < 0)
                first = i;
            last = i;
        }
    // The time column only: the sort key (column 0) does not depend on "now".
    if (first >= 0)
        Q_EMIT dataChanged(index(first, TimeColumn), index(last, TimeColumn), {Qt::DisplayRole});
}

const DerivationBuild *RunningBuildsModel::build(int row) const
{
    if (!m_report || row < 0 || row >= rowCount())
        return nullptr;
    return &m_report->builds[static_cast<std::size_t>(row)];
}

int RunningBuildsModel::rowOf(const std::string &drvPath) const
{
    if (!m_report)
        return -1;
    for (int i = rowCount() - 1; i >= 0; --i)
        if (m_report->builds[static_cast<std::size_t>(i)].drvPath == drvPath)
            return i;
    return -1;
}

int RunningBuildsModel::runningCount() const
{
    return m_report ? static_cast<int>(m_report->countWithStatus(BuildStatus::Running)) : 0;
}

int RunningBuildsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_report ? 0 : static_cast<int>(m_report->builds.size());
}

QString RunningBuildsModel::currentPhase(const DerivationBuild &b)
{
    if (b.status != BuildStatus::Running || b.phases.empty() || b.phases.back().endUs)
        return {};
    return phaseName(b.phases.back().name);
}

std::optional<std::int64_t> RunningBuildsModel::shownTimeUs(const DerivationBuild &b) const
{
    if (!m_report || !m_report->timed)
        return std::nullopt;
    if (b.status == BuildStatus::Running)
        return b.startUs ? std::optional<std::int64_t>(std::max<std::int64_t>(0, m_nowUs - *b.startUs))
                         : std::nullopt;
    return b.durationUs();
}

qint64 RunningBuildsModel::sortKey(const DerivationBuild &b) const
{
    const auto clampTime = [](const TimeUs &t) {
        return std::clamp<qint64>(t.value_or(0), -kTimeSpan + 1, kTimeSpan - 1);
    };
    switch (b.status) {
    case BuildStatus::Running:
        return clampTime(b.startUs);
    case BuildStatus::Waiting:
        return kGroup + clampTime(b.startUs);
    case BuildStatus::Failed:
        return 2 * kGroup + kTimeSpan - clampTime(b.endUs);
    case BuildStatus::Built:
    case BuildStatus::Interrupted:
        return 3 * kGroup + kTimeSpan - clampTime(b.endUs);
    }
    return 4 * kGroup;
}

QVariant RunningBuildsModel::data(const QModelIndex &index, int role) const
{
    if (!isCell(index))
        return {};
    const DerivationBuild &b = m_report->builds[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return qs(b.name);
        case StatusColumn:
            return b.status == BuildStatus::Running ? QStringLiteral("building")
                                                    : statusName(b.status).toLower();
        case PhaseColumn:
            return currentPhase(b);
        case TimeColumn:
            return duration(shownTimeUs(b));
        case LinesColumn:
            return QString::number(b.logLines);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == NameColumn)
            return qs(b.drvPath);
        if (index.column() == StatusColumn && !b.error.empty())
            return qs(b.error);
        break;
    case Qt::ForegroundRole:
        if (index.column() == StatusColumn)
            return ChartPalette::statusColor(b.status);
        break;
    case Qt::TextAlignmentRole:
        return alignment(index.column());
    case SortRole:
        return sortKey(b);
    case StatusRole:
        return static_cast<int>(b.status);
    case DrvPathRole:
        return qs(b.drvPath);
    default:
        break;
    }
    return {};
}

} // namespace flakeoff::app
