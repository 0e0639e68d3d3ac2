// SPDX-License-Identifier: MIT
#include "BuildFilterProxyModel.h"

#include "BuildTableModel.h"

namespace flakeoff::app {

BuildFilterProxyModel::BuildFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(BuildTableModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void BuildFilterProxyModel::setText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateFilter();
}

void BuildFilterProxyModel::setStatus(std::optional<BuildStatus> status)
{
    if (status == m_status)
        return;
    m_status = status;
    invalidateFilter();
}

bool BuildFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, BuildTableModel::NameColumn, sourceParent);
    if (m_status && index.data(BuildTableModel::StatusRole).toInt() != static_cast<int>(*m_status))
        return false;
    if (m_text.isEmpty())
        return true;
    // The store path holds the name too, so one match covers both.
    return index.data(BuildTableModel::DrvPathRole).toString().contains(m_text, Qt::CaseInsensitive);
}

bool BuildFilterProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QVariant l = left.data(sortRole());
    const QVariant r = right.data(sortRole());
    // Unknown values go last whatever the order: the view reverses lessThan for descending
    // sorts, so "last" means "greatest" ascending and "least" descending.
    if (!l.isValid() || !r.isValid()) {
        if (l.isValid() == r.isValid())
            return false; // equal: the stable sort keeps the log's order
        const bool leftUnknown = !l.isValid();
        return sortOrder() == Qt::AscendingOrder ? !leftUnknown : leftUnknown;
    }
    if (l.userType() == QMetaType::QString)
        return QString::compare(l.toString(), r.toString(), sortCaseSensitivity()) < 0;
    return QVariant::compare(l, r) == QPartialOrdering::Less;
}

} // namespace flakeoff::app
