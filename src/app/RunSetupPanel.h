// SPDX-License-Identifier: MIT
#pragma once

#include "scenario/ScenarioRunner.h"
#include "strategy/StrategyAvailability.h"

#include <QWidget>

#include <map>
#include <memory>
#include <optional>

class QCheckBox;

namespace Ui {
class RunSetupPanel;
}

namespace flakeoff::app {

class AppSettings;
class ScenarioStepModel;
class StrategyListModel;

// Everything a run needs before it starts: the workspace (recent ones remembered), the strategies
// with their availability on this machine (probed off the GUI thread), the targets, the scenario
// (built in or from a file; steps can be switched off), repetitions, warm-ups and extra Nix options.
// It says in one line why Start is not possible yet, instead of letting a run fail later.
class RunSetupPanel : public QWidget
{
    Q_OBJECT

public:
    explicit RunSetupPanel(QWidget *parent = nullptr);
    ~RunSetupPanel() override;

    // Loads the remembered choices and defaults, and starts probing the machine.
    void setSettings(AppSettings *settings);

    // The run as chosen (sessionPath left empty: the caller decides where the session goes).
    RunRequest request() const;
    // Why a run cannot start now, in words; empty when it can.
    QString problem() const;
    bool canStart() const { return problem().isEmpty(); }
    // Saves the choices so the next start of the app offers them again.
    void rememberChoices();

    void setRunning(bool running);
    // Shows the choices a saved session was run with.
    void applySession(const Session &session);

    void setWorkspace(const QString &path);
    QString workspace() const;
    bool setScenarioFile(const QString &path, QString *error);
    void setBuiltinScenario(const QString &name);
    void setTargets(const QStringList &targets);
    QStringList targets() const;
    // How the crates are laid out for the run (RunRequest::layout): "workspace" or "separate".
    // Strategies without that layout read unavailable, with the runner's reason, while it is chosen.
    void setLayout(const QString &layout);
    QString layout() const;
    // Probes the machine again (nix, its version, network, cargo) on a worker thread.
    void refreshAvailability();
    bool availabilityKnown() const;
    std::optional<MachineCapabilities> machine() const { return m_machine; }

    // What the run as chosen will cost, from the earlier sessions of its workspace in the sessions
    // folder (RunCostEstimate), as shown under the choices; empty while they are being read or
    // when the run cannot start.
    QString costEstimate() const;

    StrategyListModel *strategyModel() const { return m_strategies; }
    ScenarioStepModel *stepModel() const { return m_steps; }

    static QString sampleWorkspace();

protected:
    void changeEvent(QEvent *event) override;

Q_SIGNALS:
    void startRequested();
    // Predict what this set-up would rebuild, without building.
    void predictRequested();
    void cancelRequested();
    void canStartChanged(bool canStart);
    void machineProbed(const flakeoff::MachineCapabilities &machine);

private:
    void chooseWorkspace();
    void chooseScenarioFile();
    void onScenarioChosen(int index);
    void fillScenarioCombo();
    // Adds (or finds) a scenario in the combo box; `key` is "builtin:<name>", "file:<path>" or
    // "session:<name>". Returns its index.
    int addScenarioChoice(const QString &key, const QString &label, const Scenario &scenario);
    void fillLayoutCombo();
    void onLayoutChosen();
    void rebuildTargets();
    // The strategy list as tall as its rows, no taller: at 1280×720 the Runs box below must be in view.
    void fitStrategyList();
    void updateWorkspaceStatus();
    void updateProblem();
    void updateEstimate();
    void showMachine();

    std::unique_ptr<Ui::RunSetupPanel> m_ui;
    AppSettings *m_settings = nullptr;
    StrategyListModel *m_strategies = nullptr;
    ScenarioStepModel *m_steps = nullptr;
    StrategyCatalog m_catalog;
    QList<QCheckBox *> m_targetChecks;
    std::optional<MachineCapabilities> m_machine;
    // The probe's verdicts per layout the combo offers: switching layouts needs no new probe.
    std::map<QString, std::vector<StrategyAvailabilityStatus>> m_statuses;
    quint64 m_probe = 0; // id of the newest probe: older results are dropped
    bool m_probing = false;
    // The strategies are still the built-in default (no saved choice, no session's): once the
    // machine is probed, the real tools that can run here replace the models.
    bool m_defaultStrategies = true;
    bool m_running = false;
    bool m_lastCanStart = false;
    QString m_scenarioError;
    // The earlier sessions a cost estimate is priced from, read off the GUI thread once per
    // sessions folder and workspace (and again after a run).
    QString m_earlierKey; // "<folder>\n<workspace>" they were read for; empty: read again
    std::vector<std::shared_ptr<const Session>> m_earlier;
    quint64 m_earlierLoad = 0; // id of the newest read: older results are dropped
    bool m_earlierLoading = false;
    struct ScenarioChoice
    {
        QString key;
        Scenario scenario;
    };
    std::vector<ScenarioChoice> m_choices; // parallel to the scenario combo's items
};

} // namespace flakeoff::app
