// SPDX-License-Identifier: MIT
#include "BuildTableModel.h"

#include "ChartPalette.h"
#include "Display.h"

#include <QStringList>

namespace flakeoff::app {

using namespace Display;

namespace {
QVariant micros(const TimeUs &us)
{
    return us ? QVariant::fromValue<qint64>(*us) : QVariant();
}

bool isTimeColumn(int column)
{
    return column == BuildTableModel::StartColumn || column == BuildTableModel::DurationColumn ||
           column == BuildTableModel::WaitColumn;
}

// Numbers right-aligned so their digits line up; as int, which every view and delegate reads.
int alignment(int column)
{
    const bool number = isTimeColumn(column) || column == BuildTableModel::LogLinesColumn;
    return static_cast<int>((number ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
}

TimeUs timeOf(const DerivationBuild &b, int column)
{
    switch (column) {
    case BuildTableModel::StartColumn:
        return b.startUs;
    case BuildTableModel::DurationColumn:
        return b.durationUs();
    case BuildTableModel::WaitColumn:
        return b.waitUs;
    default:
        return std::nullopt;
    }
}

QString phasesSummary(const DerivationBuild &b)
{
    QStringList parts;
    for (const auto &p : b.phases) {
        const TimeUs d = p.durationUs();
        parts << (d ? phaseName(p.name) + QLatin1Char(' ') + seconds(d) : phaseName(p.name));
    }
    return parts.join(QStringLiteral(" · "));
}
} // namespace

BuildTableModel::BuildTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void BuildTableModel::setReport(std::shared_ptr<const BuildReport> report)
{
    beginResetModel();
    m_report = std::move(report);
    endResetModel();
}

const DerivationBuild *BuildTableModel::build(int row) const
{
    if (!m_report || row < 0 || row >= static_cast<int>(m_report->builds.size()))
        return nullptr;
    return &m_report->builds[static_cast<std::size_t>(row)];
}

int BuildTableModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_report)
        return 0;
    return static_cast<int>(m_report->builds.size());
}

int BuildTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int BuildTableModel::statusRank(BuildStatus status)
{
    switch (status) {
    case BuildStatus::Failed:
        return 0;
    case BuildStatus::Interrupted:
        return 1;
    case BuildStatus::Running:
        return 2;
    case BuildStatus::Waiting:
        return 3;
    case BuildStatus::Built:
        return 4;
    }
    return 5;
}

QVariant BuildTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DerivationBuild *b = build(index.row());
    if (!b)
        return {};
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return display(*b, column);
    case Qt::ToolTipRole:
        return toolTip(*b, column);
    case SortRole:
        return sortValue(*b, column);
    case StatusRole:
        return static_cast<int>(b->status);
    case DrvPathRole:
        return qs(b->drvPath);
    case Qt::TextAlignmentRole:
        return alignment(column);
    case Qt::ForegroundRole:
        if (column == StatusColumn)
            return ChartPalette::statusColor(b->status);
        if (isTimeColumn(column) && !timeOf(*b, column))
            return ChartPalette::mutedText();
        return {};
    case Qt::DecorationRole:
        // A colour swatch: the status stays recognisable when the text is cut off.
        if (column == StatusColumn)
            return ChartPalette::statusColor(b->status);
        return {};
    default:
        return {};
    }
}

QVariant BuildTableModel::display(const DerivationBuild &b, int column) const
{
    switch (column) {
    case NameColumn:
        return qs(b.name);
    case StatusColumn:
        return statusName(b.status);
    case StartColumn:
    case DurationColumn:
    case WaitColumn:
        return seconds(timeOf(b, column));
    case PhasesColumn:
        return phasesSummary(b);
    case LogLinesColumn:
        return QString::number(b.logLines);
    default:
        return {};
    }
}

QVariant BuildTableModel::sortValue(const DerivationBuild &b, int column) const
{
    switch (column) {
    case NameColumn:
        return qs(b.name);
    case StatusColumn:
        return statusRank(b.status);
    case StartColumn:
    case DurationColumn:
    case WaitColumn:
        return micros(timeOf(b, column));
    case PhasesColumn:
        return static_cast<int>(b.phases.size());
    case LogLinesColumn:
        return QVariant::fromValue<qint64>(b.logLines);
    default:
        return {};
    }
}

QString BuildTableModel::toolTip(const DerivationBuild &b, int column) const
{
    QString tip = qs(b.drvPath);
    if (!b.machine.empty())
        tip += QStringLiteral("\nbuilt on ") + qs(b.machine) +
               (b.copyUs ? QStringLiteral(" · copying to and from it ") + exactSeconds(b.copyUs) +
                               QStringLiteral(" besides")
                         : QString()) +
               (b.onlyCopiedBack
                    ? QStringLiteral("\nnot built there: the builder already had it, only copied back")
                    : QString());
    if (b.rounds > 1)
        tip += QStringLiteral("\nround %1 of %2").arg(b.round).arg(b.rounds);
    if (m_report && !m_report->timed) {
        tip += QStringLiteral("\ntimes unknown: the log is a plain capture without arrival times");
    } else {
        tip += QStringLiteral("\nstart ") + exactSeconds(b.startUs) + QStringLiteral(" · end ") +
               exactSeconds(b.endUs) + QStringLiteral("\nduration ") + exactSeconds(b.durationUs());
        if (b.waitUs)
            tip += QStringLiteral(" · waited ") + exactSeconds(b.waitUs);
    }
    if (column == StatusColumn && !b.error.empty())
        tip += QStringLiteral("\n\n") + qs(b.error);
    if (column == PhasesColumn) {
        for (const auto &p : b.phases)
            tip += QStringLiteral("\n%1: %2").arg(phaseName(p.name), exactSeconds(p.durationUs()));
    }
    return tip;
}

QVariant BuildTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return alignment(section);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case StartColumn:
            return QStringLiteral("When the build started, in seconds since the command started");
        case DurationColumn:
            return QStringLiteral("From the build's start to its end, in seconds");
        case WaitColumn:
            return QStringLiteral("Time spent waiting for a lock or a build slot, in seconds");
        case PhasesColumn:
            return QStringLiteral("The builder's phases with their durations in seconds");
        case LogLinesColumn:
            return QStringLiteral("Lines the builder wrote to its log");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return QStringLiteral("Derivation");
    case StatusColumn:
        return QStringLiteral("Status");
    case StartColumn:
        return QStringLiteral("Start (s)");
    case DurationColumn:
        return QStringLiteral("Duration (s)");
    case WaitColumn:
        return QStringLiteral("Wait (s)");
    case PhasesColumn:
        return QStringLiteral("Phases (s)");
    case LogLinesColumn:
        return QStringLiteral("Lines");
    default:
        return {};
    }
}

} // namespace flakeoff::app
