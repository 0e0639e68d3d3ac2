// SPDX-License-Identifier: MIT
#pragma once

#include "DerivationClosure.h"
#include "PredictRequest.h"
#include "SimulatedStore.h"
#include "nix/NixCommandSlot.h"
#include "nix/NixSettings.h"
#include "nix/NixStore.h"
#include "scenario/ScratchWorkspace.h"
#include "scenario/StrategyInvocation.h"
#include "session/Prediction.h"
#include "strategy/DerivationClassifier.h"
#include "strategy/WorkspaceInfo.h"

#include <QElapsedTimer>
#include <QMap>
#include <QObject>
#include <QSet>

#include <functional>
#include <memory>
#include <optional>

namespace flakeoff {

// One strategy's prediction, as the runner would build it but evaluating only: a private scratch
// copy, its prepare steps, then per scenario step the edit, the prepare steps it makes due, one
// evaluation of every target and one `nix derivation show -r` of their closures. Asynchronous
// throughout (QProcess signals; file work on the thread pool). Used by RebuildPredictor.
class StrategyPredictionJob : public QObject
{
    Q_OBJECT
public:
    // `nixVersion` (builtins.nixVersion; empty when unknown) picks the command that lists closures.
    StrategyPredictionJob(const Strategy &strategy, const PredictRequest &request, const QString &variantsDir,
                          const QString &system, const QString &nixVersion, quint64 nonceBase,
                          QObject *parent = nullptr);
    ~StrategyPredictionJob() override;

    void start();
    void cancel();
    QString strategyId() const { return m_strategy->id; }
    // What its nix commands add to the user's configuration (as the runner's for this strategy).
    NixNeeds nixNeeds() const { return m_needs; }

    // The nix subcommand that prints a closure's derivations as JSON: `derivation show` from Nix
    // 2.15 on (where `show-derivation` is a deprecated alias that warns on every call),
    // `show-derivation` before and when the version is unknown.
    static QStringList showDerivationArguments(const QString &nixVersion);
    // Every cell predicted so far, in step then target order.
    const std::vector<StepPrediction> &results() const { return m_results; }

Q_SIGNALS:
    void stepPredicted(const flakeoff::StepPrediction &step);
    void message(const QString &text);
    // `error` is empty when every step was looked at (cells may still carry errors); otherwise
    // the strategy could not be prepared at all and has no cells.
    void finished(const QString &error);

private:
    using Then = std::function<void()>;

    void gitAdd(const QStringList &files, std::function<void(const QString &error)> then);
    void prepareScratch();
    void readWorkspace();
    void runPrepare(bool initial, Then then);
    void runPrepareStep(std::shared_ptr<std::vector<PrepareStep>> due, std::size_t i, bool initial,
                        Then then);
    void refreshClassifier(Then then);
    void nextStep();
    void applyEdit(const ScenarioStep &step);
    void evaluate(const ScenarioStep &step);
    void instantiateEach(std::shared_ptr<QMap<QString, QString>> roots,
                         std::shared_ptr<QMap<QString, QString>> errors, int index,
                         std::function<void()> then);
    void readClosures(const ScenarioStep &step, const QMap<QString, QString> &roots,
                      const QMap<QString, QString> &errors);
    StepPrediction predictTarget(const ScenarioStep &step, const QString &target, const QString &root,
                                 const DerivationClosure &closure, const QSet<QString> &validOutputs);
    void failStep(const ScenarioStep &step, const QString &error);
    void emitCell(StepPrediction cell);
    void finishWith(const QString &error);

    struct Evaluated
    {
        std::shared_ptr<const DerivationClosure> closure;
        QString root;
    };

    std::shared_ptr<const Strategy> m_strategy;
    PredictRequest m_request;
    StrategyInvocation m_invocation;
    NixNeeds m_needs;
    DerivationClassifier m_classifier;
    std::shared_ptr<ScratchWorkspace> m_scratch;
    std::optional<WorkspaceInfo> m_workspace;
    QMap<QString, QByteArray> m_prepareDigests;
    QStringList m_targets;
    SimulatedStore m_store;
    QMap<QString, Evaluated> m_previous; // target → its last successful evaluation
    std::vector<StepPrediction> m_results;
    std::size_t m_stepIndex = 0;
    QString m_broken; // a prepare step failed after an edit: the remaining steps cannot be predicted
    QElapsedTimer m_stepClock;
    quint64 m_nonce = 0;
    QStringList m_showDerivation;
    bool m_cancelled = false;
    bool m_finished = false;
    NixCommandSlot m_commands{this, [this] { return m_cancelled; }};
    NixStore m_nixStore{m_commands};
};

} // namespace flakeoff
