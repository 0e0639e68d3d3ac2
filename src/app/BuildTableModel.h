// SPDX-License-Identifier: MIT
#pragma once

#include "log/BuildReport.h"

#include <QAbstractTableModel>

#include <memory>

namespace flakeoff::app {

// One row per derivation of a build report, in the report's order (the order builds started).
// The report is shared and immutable: the model never copies it and never changes it.
class BuildTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        StatusColumn,
        StartColumn,
        DurationColumn,
        WaitColumn,
        PhasesColumn,
        LogLinesColumn,
        ColumnCount
    };
    enum Role
    {
        // The raw value to sort by: a string for the name, numbers otherwise (µs for times,
        // a severity rank for the status). Invalid when unknown: such rows sort last.
        SortRole = Qt::UserRole,
        StatusRole,  // BuildStatus as int, for filtering
        DrvPathRole, // the full .drv store path
    };

    explicit BuildTableModel(QObject *parent = nullptr);

    void setReport(std::shared_ptr<const BuildReport> report);
    const std::shared_ptr<const BuildReport> &report() const { return m_report; }
    // The build behind `row`, or null when out of range.
    const DerivationBuild *build(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Failed first, then builds that did not finish, then the rest: the order that needs attention.
    static int statusRank(BuildStatus status);

private:
    QVariant display(const DerivationBuild &b, int column) const;
    QVariant sortValue(const DerivationBuild &b, int column) const;
    QString toolTip(const DerivationBuild &b, int column) const;

    std::shared_ptr<const BuildReport> m_report;
};

} // namespace flakeoff::app
