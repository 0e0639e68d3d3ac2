// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractTableModel>
#include <QString>

#include <vector>

namespace flakeoff::app {

// What the Run view's flat, read-only tables (RunHistoryModel, RunningBuildsModel) share: a fixed
// list of columns, each a title and whether it holds numbers (right-aligned, in cells and header
// alike), and the check every data() starts with. A subclass answers data() for its own rows.
class ReadOnlyTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    struct Column
    {
        QString title;
        bool number = false;
    };

    int columnCount(const QModelIndex &parent = {}) const override;
    // Horizontal only: the title (DisplayRole) and the column's alignment (TextAlignmentRole).
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    ReadOnlyTableModel(std::vector<Column> columns, QObject *parent);

    // Qt::TextAlignmentRole of a column: numbers right, text left, both vertically centred.
    int alignment(int column) const;
    // An index data() may answer: valid, of this model, in range, without a parent.
    bool isCell(const QModelIndex &index) const;

private:
    std::vector<Column> m_columns;
};

} // namespace flakeoff::app
