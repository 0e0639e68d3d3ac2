// SPDX-License-Identifier: MIT
#include "ReadOnlyTableModel.h"

namespace flakeoff::app {

ReadOnlyTableModel::ReadOnlyTableModel(std::vector<Column> columns, QObject *parent)
    : QAbstractTableModel(parent), m_columns(std::move(columns))
{
}

int ReadOnlyTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_columns.size());
}

int ReadOnlyTableModel::alignment(int column) const
{
    const bool number = column >= 0 && column < static_cast<int>(m_columns.size()) &&
                        m_columns[static_cast<std::size_t>(column)].number;
    return static_cast<int>((number ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
}

bool ReadOnlyTableModel::isCell(const QModelIndex &index) const
{
    return index.isValid() &&
           checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid);
}

QVariant ReadOnlyTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return alignment(section);
    if (role != Qt::DisplayRole || section < 0 || section >= static_cast<int>(m_columns.size()))
        return {};
    return m_columns[static_cast<std::size_t>(section)].title;
}

} // namespace flakeoff::app
