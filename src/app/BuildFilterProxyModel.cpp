// SPDX-License-Identifier: MIT
#include "BuildFilterProxyModel.h"

#include "BuildTableModel.h"
#include "Display.h"

namespace flakeoff::app {

BuildFilterProxyModel::BuildFilterProxyModel(QObject *parent) : QSortFilterProxyModel(parent)
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
    return Display::sortsBefore(left.data(sortRole()), right.data(sortRole()), sortOrder(),
                                sortCaseSensitivity());
}

} // namespace flakeoff::app
