// SPDX-License-Identifier: MIT
#pragma once

#include "strategy/StrategyAvailability.h"
#include "strategy/StrategyCatalog.h"

#include <QAbstractTableModel>
#include <QSet>

#include <optional>

namespace flakeoff::app {

// Every strategy of the catalog, one row each, with a check box to run it and its availability on
// this machine in the layout chosen. Until the machine was probed the availability reads
// "checking…"; a strategy that cannot run here (or lacks the layout) is not checkable, reads
// unchecked and says why in one line. The choice is kept underneath: once it can run again (the
// other layout chosen, the machine checked again) it is checked as before.
class StrategyListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        FamilyColumn,
        TargetsColumn,
        AvailabilityColumn,
        ColumnCount
    };
    enum Role
    {
        IdRole = Qt::UserRole,
        AvailableRole, // bool; invalid while unknown
        ReasonRole,    // why it cannot run, or empty
    };

    explicit StrategyListModel(QObject *parent = nullptr);

    void setCatalog(const StrategyCatalog &catalog);
    // Verdicts from StrategyAvailability::checkAll (for one layout); unavailable strategies read
    // unchecked, available ones chosen before read checked again.
    void setAvailability(const std::vector<StrategyAvailabilityStatus> &statuses);
    bool availabilityKnown() const { return m_known; }

    QStringList checkedIds() const; // checked and checkable, in catalog order
    // The choice: these strategies, each checked while it can run.
    void setCheckedIds(const QStringList &ids);
    QString id(int row) const;
    std::optional<StrategyAvailabilityStatus> status(const QString &id) const;
    // Target ids any strategy offers, in first-seen order ("app", "wasm").
    QStringList allTargets() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Text without its parenthesised detail, to fit a column: "needs a network (flake inputs …);
    // none is reachable here" → "needs a network; none is reachable here", "deps-split layout model
    // (as crane, naersk)" → "deps-split layout model". The tooltips have them whole.
    static QString shortReason(const QString &reason);

Q_SIGNALS:
    void checkedChanged();

private:
    struct Row
    {
        QString id;
        QString name;
        QString family;
        QString summary;
        QStringList targets;
        bool model = false;
        std::optional<StrategyAvailabilityStatus> status;
        bool chosen = false; // the user's choice; shown checked only while checkable
    };
    bool checkable(const Row &row) const;
    bool checked(const Row &row) const { return row.chosen && checkable(row); }

    std::vector<Row> m_rows;
    bool m_known = false;
};

} // namespace flakeoff::app
