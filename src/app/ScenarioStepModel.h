// SPDX-License-Identifier: MIT
#pragma once

#include "session/Scenario.h"

#include <QAbstractListModel>

namespace flakeoff::app {

// The steps of the chosen scenario as a check list: a step switched off is left out of the run
// (a scenario with only the steps one cares about, without writing a file).
class ScenarioStepModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role
    {
        IdRole = Qt::UserRole,
        KindRole
    };

    explicit ScenarioStepModel(QObject *parent = nullptr);

    // Every step starts switched on.
    void setScenario(const Scenario &scenario);
    const Scenario &fullScenario() const { return m_scenario; }
    // The scenario with only the switched-on steps.
    Scenario selectedScenario() const;
    QStringList enabledIds() const;
    void setEnabledIds(const QStringList &ids);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    // "delete the project's outputs, then build" … what a step of this kind does, for people.
    static QString describe(const ScenarioStep &step);

Q_SIGNALS:
    void selectionChanged();

private:
    Scenario m_scenario;
    std::vector<bool> m_enabled;
};

} // namespace flakeoff::app
