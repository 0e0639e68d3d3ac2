// SPDX-License-Identifier: MIT
#pragma once

#include "strategy/StrategyAvailability.h"
#include "strategy/StrategyCatalog.h"

#include <QAbstractTableModel>
#include <QSet>

#include <optional>

namespace flakeoff::app {

// Every strategy of the catalog, one row each, with a check box to run it and its availability on
// this machine. Until the machine was probed the availability reads "checking…"; a strategy that
// cannot run here is not checkable and says why in one line.
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
    // Verdicts from StrategyAvailability::checkAll; unavailable strategies are unchecked.
    void setAvailability(const std::vector<StrategyAvailabilityStatus> &statuses);
    bool availabilityKnown() const { return m_known; }

    QStringList checkedIds() const; // in catalog order
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
        bool checked = false;
    };
    bool checkable(const Row &row) const;

    std::vector<Row> m_rows;
    bool m_known = false;
};

} // namespace flakeoff::app
