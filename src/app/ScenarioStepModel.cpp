// SPDX-License-Identifier: MIT
#include "ScenarioStepModel.h"

namespace flakeoff::app {

ScenarioStepModel::ScenarioStepModel(QObject *parent) : QAbstractListModel(parent) {}

void ScenarioStepModel::setScenario(const Scenario &scenario)
{
    beginResetModel();
    m_scenario = scenario;
    m_enabled.assign(scenario.steps.size(), true);
    endResetModel();
    Q_EMIT selectionChanged();
}

Scenario ScenarioStepModel::selectedScenario() const
{
    Scenario s = m_scenario;
    s.steps.clear();
    for (std::size_t i = 0; i < m_scenario.steps.size(); ++i)
        if (m_enabled[i])
            s.steps.push_back(m_scenario.steps[i]);
    return s;
}

QStringList ScenarioStepModel::enabledIds() const
{
    QStringList ids;
    for (std::size_t i = 0; i < m_scenario.steps.size(); ++i)
        if (m_enabled[i])
            ids << m_scenario.steps[i].id;
    return ids;
}

void ScenarioStepModel::setEnabledIds(const QStringList &ids)
{
    bool changed = false;
    for (std::size_t i = 0; i < m_scenario.steps.size(); ++i) {
        const bool want = ids.contains(m_scenario.steps[i].id);
        changed = changed || want != m_enabled[i];
        m_enabled[i] = want;
    }
    if (!changed)
        return;
    Q_EMIT dataChanged(index(0), index(rowCount() - 1), {Qt::CheckStateRole});
    Q_EMIT selectionChanged();
}

int ScenarioStepModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_scenario.steps.size());
}

QString ScenarioStepModel::describe(const ScenarioStep &step)
{
    if (!step.description.isEmpty())
        return step.description;
    using Kind = ScenarioStep::Kind;
    switch (step.kind) {
    case Kind::Cold:
        return QStringLiteral("delete the project's own outputs, then build from scratch");
    case Kind::Noop:
        return QStringLiteral("build again with nothing changed");
    case Kind::EditLeaf:
        return QStringLiteral("edit the app's source (nothing depends on it)");
    case Kind::EditShared:
        return QStringLiteral("edit the crate the app and the wasm library share");
    case Kind::BumpDependency:
        return QStringLiteral("change a dependency's features");
    case Kind::EditNix:
        return QStringLiteral("edit the strategy's Nix expression");
    case Kind::TouchDocs:
        return QStringLiteral("edit README.md, which no build should need");
    case Kind::EditFile:
        return QStringLiteral("edit %1").arg(step.file);
    }
    return {};
}

QVariant ScenarioStepModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto row = static_cast<std::size_t>(index.row());
    const ScenarioStep &step = m_scenario.steps[row];
    switch (role) {
    case Qt::DisplayRole:
        return QStringLiteral("%1 — %2").arg(step.id, describe(step));
    case Qt::ToolTipRole:
        return describe(step);
    case Qt::CheckStateRole:
        return m_enabled[row] ? Qt::Checked : Qt::Unchecked;
    case IdRole:
        return step.id;
    case KindRole:
        return ScenarioStep::kindName(step.kind);
    default:
        return {};
    }
}

bool ScenarioStepModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) ||
        role != Qt::CheckStateRole)
        return false;
    const auto row = static_cast<std::size_t>(index.row());
    const bool want = value.toInt() == Qt::Checked;
    if (m_enabled[row] != want) {
        m_enabled[row] = want;
        Q_EMIT dataChanged(index, index, {Qt::CheckStateRole});
        Q_EMIT selectionChanged();
    }
    return true;
}

Qt::ItemFlags ScenarioStepModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemNeverHasChildren;
}

} // namespace flakeoff::app
