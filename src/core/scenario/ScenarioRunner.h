// SPDX-License-Identifier: MIT
#pragma once

#include "ProjectOutputs.h"
#include "RunSource.h"
#include "ScratchWorkspace.h"
#include "StrategyInvocation.h"
#include "nix/HomelessShelter.h"
#include "nix/NixCommandSlot.h"
#include "nix/NixStore.h"
#include "session/Session.h"
#include "strategy/StrategyCatalog.h"
#include "strategy/WorkspaceInfo.h"

#include <QElapsedTimer>
#include <QObject>

#include <deque>
#include <functional>
#include <memory>
#include <optional>

namespace flakeoff {

class NixProcess;
struct NixRunResult;

struct RunRequest
{
    QString workspace;      // the user's workspace (only read)
    QStringList strategies; // strategy ids, run one after another
    QStringList targets;    // empty: every target the strategy and workspace have
    Scenario scenario;
    int repeat = 1;
    int coldRepeat = 0; // measured builds of a cold step; 0: as repeat (Session::coldRepeat)
    int warmup = 0;
    QStringList nixOptions; // passed through to every build (e.g. --max-jobs 2)
    QString sessionPath;    // the session file; logs go to SessionStore::logFolder(sessionPath)
    QString layout = QStringLiteral("workspace");
    bool keepScratch = false;
    bool tryUnavailable = false; // run strategies that declare needs this machine lacks
    bool forceOffline = false;   // local inputs even with a network (strategies with offline overrides)

    // The session this run will fill, before any build: what it will run (workspace, scenario,
    // strategies, targets, repetitions), not yet where or when. What a cost estimate prices.
    Session plan() const;
};

// Runs a scenario against strategies on real Nix and fills a Session: for each strategy a private
// scratch copy, its prepare steps, then for each step the edit and, per target, warm-up and
// measured builds. Everything is asynchronous (QProcess signals; file work on the thread pool):
// the caller's thread never blocks. A failing build is a result; a strategy that cannot run here
// is skipped with its reason; cancel() kills the build's process group, removes the scratch copy
// and marks the session cancelled.
//
// Honest repetitions: before a repeated build of an incremental step, the outputs the first run
// of that step built are deleted, so each repetition rebuilds exactly the same set; before any
// build, project outputs left by other sessions are deleted, so nothing is "reused" that this
// session did not build itself (ProjectOutputs).
class ScenarioRunner : public RunSource
{
    Q_OBJECT
public:
    // `homelessShelter`: the folder whose existence stops a run (HomelessShelter; tests pass their own).
    explicit ScenarioRunner(QObject *parent = nullptr,
                            QString homelessShelter = HomelessShelter::defaultPath());
    ~ScenarioRunner() override;

    void start(const RunRequest &request);
    void cancel() override;
    bool isRunning() const override { return m_running; }
    const Session &session() const override { return m_session; }

private:
    using Done = std::function<void(bool ok, const QString &error)>;
    using Task = std::function<void(Done)>;

    struct StrategyRun
    {
        const Strategy *strategy = nullptr;
        ScratchWorkspace scratch;
        std::optional<WorkspaceInfo> workspace;
        QStringList targets;
        QMap<QString, QString> extraArgs;        // --arg name value (edit-nix of models)
        bool offline = false;                    // flake inputs from local folders (OfflineInputPlan)
        NixNeeds needs;                          // what its nix commands add to the user's configuration
        QStringList inputOverrides;              // their --override-input arguments
        QMap<QString, QByteArray> prepareInputs; // prepare step name → digest of its inputs
        bool failed = false;
        QString stepError;  // the current step's edit failed: its builds are recorded as failed
        QStringList primed; // targets whose derivations that are not the project's were built
        QStringList notes;  // for the next measurement (what priming built)
    };

    void enqueue(Task task) { m_tasks.push_back(std::move(task)); }
    void next();
    void finish(Session::Status status, const QString &text);
    void planStrategy(const Strategy &strategy);

    // Tasks
    void prepareScratch(Done done);
    void runPrepareSteps(bool initial, Done done);
    void runPrepareStep(std::shared_ptr<std::vector<PrepareStep>> due, std::size_t i, Done done);
    void applyStep(const ScenarioStep &step, Done done);
    void recordLockedInputs();
    // Why `target` is not built from this workspace (ScenarioRunner::StrategyRun::workspace has
    // no member of its kind); empty when it is.
    QString missingTarget(const QString &target) const;
    void purgeBefore(const ScenarioStep &step, const QString &target, int runIndex, Done done);
    void build(const ScenarioStep &step, const QString &target, int repetition, bool warmup, Done done);
    // The target's derivation closure, filtered to the project's own derivations (empty when it
    // does not evaluate).
    void ownDerivations(const QString &target, NixStore::Paths then);
    // The target's derivation closure split by DerivationClassifier: the project's own
    // derivations and the others (toolchain, nixpkgs, stand-ins); both empty when it does not
    // evaluate.
    void splitClosure(const QString &target,
                      std::function<void(const QStringList &own, const QStringList &others)> then);
    // Before the first cold build of a target: builds what of its closure is not the project's, not
    // measured, so a cold build on a fresh machine counts the project's derivations only (on
    // another, nothing is missing and this is a no-op). What it built goes in the notes.
    void primeOthers(const QString &target, std::function<void()> then);

    // `nix store ping`, with the builds' --store if they name one: the store the session records.
    void recordStore(Done done);
    // The remote builders the builds can go to (the run's --builders, else Nix's configuration),
    // each reached before anything builds: the cold step deletes in their stores too
    // (ProjectOutputs). One that cannot be reached, or a machines file that cannot be read, stops
    // the run before it builds.
    void findRemoteBuilders(Done done);
    void useRemoteBuilders(const QString &setting, const QString &from, Done done);
    void reachRemoteBuilders(std::shared_ptr<const std::vector<RemoteBuilder>> builders, std::size_t i,
                             Done done);
    // Ends the run before any build: every strategy not yet skipped is, with `why`.
    void refuseToBuild(const QString &why);
    QStringList buildArguments(const QString &target) const;
    QStringList instantiateCommand(const QString &target, QString *program) const;
    QString fill(QString text) const;
    StrategyInvocation invocation() const;
    void emitProgress(const QString &activity);

    StrategyCatalog m_catalog;
    RunRequest m_request;
    Session m_session;
    std::deque<Task> m_tasks;
    std::unique_ptr<StrategyRun> m_current;
    NixProcess *m_build = nullptr;
    QElapsedTimer m_clock;
    bool m_running = false;
    bool m_cancelled = false;
    NixCommandSlot m_commands{this, [this] { return m_cancelled; }};
    NixStore m_store{m_commands};
    ProjectOutputs m_outputs{m_store, [this](const QString &target, NixStore::Paths then) {
                                 ownDerivations(target, std::move(then));
                             }};
    quint64 m_nonce = 0;
    int m_buildsDone = 0;
    int m_buildsTotal = 0;
    RunProgress m_progress;
    QString m_systemName;
    QString m_homelessShelter;
    bool m_networkReachable = false; // probed once per run
};

} // namespace flakeoff
