// SPDX-License-Identifier: MIT
#include "StrategyListModel.h"

#include "ChartPalette.h"

#include <QIcon>

namespace flakeoff::app {

StrategyListModel::StrategyListModel(QObject *parent) : QAbstractTableModel(parent) {}

void StrategyListModel::setCatalog(const StrategyCatalog &catalog)
{
    beginResetModel();
    m_rows.clear();
    m_known = false;
    for (const Strategy &s : catalog.strategies()) {
        Row row;
        row.id = s.id;
        row.name = s.displayName();
        row.family = s.family;
        row.summary = s.summary;
        row.model = s.model;
        for (const auto &t : s.targets)
            row.targets << t.id;
        m_rows.push_back(std::move(row));
    }
    endResetModel();
}

void StrategyListModel::setAvailability(const std::vector<StrategyAvailabilityStatus> &statuses)
{
    const QStringList before = checkedIds();
    for (auto &row : m_rows) {
        row.status.reset();
        for (const auto &s : statuses)
            if (s.id == row.id)
                row.status = s;
    }
    m_known = true;
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    if (checkedIds() != before)
        Q_EMIT checkedChanged();
}

bool StrategyListModel::checkable(const Row &row) const
{
    // Unknown yet: may be chosen; the verdict unchecks it if it cannot run.
    return !row.status || row.status->available;
}

QStringList StrategyListModel::checkedIds() const
{
    QStringList ids;
    for (const auto &row : m_rows)
        if (checked(row))
            ids << row.id;
    return ids;
}

void StrategyListModel::setCheckedIds(const QStringList &ids)
{
    const QStringList before = checkedIds();
    for (auto &row : m_rows)
        row.chosen = ids.contains(row.id);
    if (checkedIds() == before)
        return;
    Q_EMIT dataChanged(index(0, NameColumn), index(rowCount() - 1, NameColumn), {Qt::CheckStateRole});
    Q_EMIT checkedChanged();
}

QString StrategyListModel::id(int row) const
{
    return row >= 0 && row < rowCount() ? m_rows[static_cast<std::size_t>(row)].id : QString();
}

std::optional<StrategyAvailabilityStatus> StrategyListModel::status(const QString &strategyId) const
{
    for (const auto &row : m_rows)
        if (row.id == strategyId)
            return row.status;
    return std::nullopt;
}

QStringList StrategyListModel::allTargets() const
{
    QStringList targets;
    for (const auto &row : m_rows)
        for (const QString &t : row.targets)
            if (!targets.contains(t))
                targets << t;
    return targets;
}

int StrategyListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int StrategyListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StrategyListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[static_cast<std::size_t>(index.row())];
    const bool known = row.status.has_value();
    const bool available = known && row.status->available;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return shortReason(row.name); // "deps-split layout model"; the tooltip says which tools
        case FamilyColumn:
            return row.family;
        case TargetsColumn:
            return row.targets.join(QStringLiteral(", "));
        case AvailabilityColumn:
            if (!known)
                return QStringLiteral("checking…");
            // Which inputs, in words, is a paragraph: the tooltip has it, the column a line.
            if (available && !row.status->offlineInputs.isEmpty())
                return QStringLiteral("available offline (local inputs)");
            return available ? (row.model ? QStringLiteral("available (offline model)")
                                          : QStringLiteral("available"))
                             : shortReason(row.status->reason);
        }
        break;
    case Qt::CheckStateRole:
        if (index.column() == NameColumn)
            return checked(row) ? Qt::Checked : Qt::Unchecked;
        break;
    case Qt::ToolTipRole:
        if (index.column() == AvailabilityColumn && known)
            return available ? row.status->note
                             : QStringLiteral("Cannot run here: %1").arg(row.status->reason);
        if (index.column() == NameColumn)
            return row.summary.isEmpty() ? row.name : row.name + QStringLiteral(": ") + row.summary;
        break;
    case Qt::DecorationRole:
        if (index.column() == AvailabilityColumn && known)
            return QIcon(available ? QStringLiteral(":/icons/available.svg")
                                   : QStringLiteral(":/icons/warning.svg"));
        break;
    case Qt::ForegroundRole:
        if (known && !available)
            return index.column() == AvailabilityColumn ? QVariant(ChartPalette::warningText())
                                                        : QVariant(ChartPalette::mutedText());
        break;
    case Qt::AccessibleTextRole:
        if (index.column() == AvailabilityColumn)
            return known ? (available ? QStringLiteral("available")
                                      : QStringLiteral("unavailable: ") + row.status->reason)
                         : QStringLiteral("checking");
        break;
    case IdRole:
        return row.id;
    case AvailableRole:
        return known ? QVariant(available) : QVariant();
    case ReasonRole:
        return known ? row.status->reason : QString();
    default:
        break;
    }
    return {};
}

bool StrategyListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) ||
        role != Qt::CheckStateRole || index.column() != NameColumn)
        return false;
    Row &row = m_rows[static_cast<std::size_t>(index.row())];
    const bool want = value.toInt() == Qt::Checked;
    if (!checkable(row)) {
        if (want)
            return false;
        row.chosen = false; // reads unchecked already; not chosen again when it can run
        return true;
    }
    if (want == row.chosen)
        return true;
    row.chosen = want;
    Q_EMIT dataChanged(index, index, {Qt::CheckStateRole});
    Q_EMIT checkedChanged();
    return true;
}

Qt::ItemFlags StrategyListModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsSelectable | Qt::ItemIsEnabled;
    if (index.column() == NameColumn && checkable(m_rows[static_cast<std::size_t>(index.row())]))
        f |= Qt::ItemIsUserCheckable;
    return f;
}

QString StrategyListModel::shortReason(const QString &reason)
{
    const qsizetype open = reason.indexOf(QStringLiteral(" ("));
    if (open < 0)
        return reason;
    int depth = 0;
    for (qsizetype i = open + 1; i < reason.size(); ++i) {
        if (reason[i] == QLatin1Char('('))
            ++depth;
        else if (reason[i] == QLatin1Char(')') && --depth == 0) {
            const QString cut = reason.left(open) + reason.mid(i + 1);
            return cut.trimmed().isEmpty() ? reason : cut;
        }
    }
    return reason; // unbalanced: leave it as it is
}

QVariant StrategyListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return QStringLiteral("Strategy");
    case FamilyColumn:
        return QStringLiteral("Layout");
    case TargetsColumn:
        return QStringLiteral("Targets");
    case AvailabilityColumn:
        return QStringLiteral("Availability here");
    }
    return {};
}

} // namespace flakeoff::app
