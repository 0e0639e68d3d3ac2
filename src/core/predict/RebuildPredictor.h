// SPDX-License-Identifier: MIT
#pragma once

#include "BuildHistory.h"
#include "PredictRequest.h"
#include "nix/HomelessShelter.h"
#include "nix/NixSettings.h"
#include "session/Prediction.h"
#include "strategy/StrategyCatalog.h"

#include <QElapsedTimer>
#include <QObject>

#include <deque>
#include <memory>
#include <vector>

namespace flakeoff {

class StrategyPredictionJob;

// Predicts, without building, which derivations every step of a scenario makes each strategy
// rebuild: per strategy a scratch copy prepared and edited as the runner does, each step's
// targets evaluated and their derivation closures compared with the step before (an edit changes
// the hashes of exactly the derivations that will rebuild). Priced with the per-derivation times
// of earlier runs when a history is given. Strategies are evaluated side by side (each in its own
// copy); everything is asynchronous: the caller's thread never blocks.
class RebuildPredictor : public QObject
{
    Q_OBJECT
public:
    // `homelessShelter`: the folder whose existence stops a prediction as it stops a run: its
    // prepare steps build (HomelessShelter; tests pass their own).
    explicit RebuildPredictor(QObject *parent = nullptr,
                              QString homelessShelter = HomelessShelter::defaultPath());
    ~RebuildPredictor() override;

    void start(const PredictRequest &request, const BuildHistory &history = {});
    void cancel();
    bool isRunning() const { return m_running; }
    const Prediction &prediction() const { return m_prediction; }
    // What `nix eval` said about this Nix (filled once the prediction started).
    QString nixVersion() const { return m_nixVersion; }
    QString system() const { return m_system; }
    // What its nix commands added to the user's Nix configuration, and why (NixSettings).
    const std::vector<NixSetting> &nixSettingsAdded() const { return m_settingsAdded; }

Q_SIGNALS:
    void stepPredicted(const flakeoff::StepPrediction &step);
    void message(const QString &text);
    void finished(const flakeoff::Prediction &prediction);

private:
    void startJobs();
    void launchNext();
    void jobFinished(StrategyPredictionJob *job, const QString &error);
    void finish();

    PredictRequest m_request;
    BuildHistory m_history;
    StrategyCatalog m_catalog;
    Prediction m_prediction;
    std::deque<const Strategy *> m_waiting;
    std::vector<StrategyPredictionJob *> m_jobs;              // running or done, owned as children
    std::map<QString, std::vector<StepPrediction>> m_results; // strategy id → its cells
    QElapsedTimer m_clock;
    QString m_nixVersion;
    QString m_system;
    QString m_homelessShelter;
    std::vector<NixSetting> m_settingsAdded;
    int m_runningJobs = 0;
    bool m_running = false;
    bool m_cancelled = false;
};

} // namespace flakeoff
