// SPDX-License-Identifier: MIT
#pragma once

#include "Prediction.h"
#include "Scenario.h"
#include "log/BuildReport.h"
#include "nix/NixSettings.h"
#include "strategy/StrategyInputs.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace flakeoff {

// One build of one target of one strategy at one scenario step, one repetition.
struct Measurement
{
    QString strategy;   // strategy id
    QString layout;     // "workspace" or "separate"
    QString target;     // "app", "wasm", …
    QString step;       // scenario step id
    int repetition = 0; // 0-based among the recorded (non-warm-up) runs
    bool warmup = false;
    QDateTime startedAt;

    enum class Outcome
    {
        Succeeded,
        Failed,
        Cancelled,
        Skipped
    };
    Outcome outcome = Outcome::Succeeded;
    QString error;     // readable; empty on success
    QStringList notes; // caveats on the number: paths kept alive, lock waits, …
    int exitCode = 0;

    std::int64_t wallUs = 0;
    std::int64_t cpuUserUs = 0;
    std::int64_t cpuSystemUs = 0;
    std::shared_ptr<const BuildReport> report;
    QStringList outputPaths;
    std::int64_t outputBytes = -1;       // NAR size of the outputs; -1 = not measured
    std::int64_t closureBytes = -1;      // closure size of the outputs
    std::int64_t intermediateBytes = -1; // project derivations kept besides the outputs (deps, crates)
    std::int64_t storeGrowthBytes = -1;  // NAR size of everything this build added
    QString logFile;                     // relative to the session's log folder

    std::int64_t builtCount() const;
    // Why it failed, cause first: from its build's log the derivation that failed and its
    // builder's first error line, else Nix's own message (NixErrorText::causeOf); else `error`
    // as the runner recorded it (a failed edit, a missing nix). What a cell or a report shows.
    QString failureCause() const;
    static QString outcomeName(Outcome o);
    static std::optional<Outcome> outcomeFromName(const QString &name);
};

struct SessionEnvironment
{
    QString nixVersion;
    // The store Nix used, as `nix store ping` names it ("local", "daemon", "unix:///…/socket");
    // empty: not recorded (older sessions). NixEnvironment::isDefaultStore says whether it is
    // this machine's default /nix/store.
    QString nixStore;
    // The remote builders the builds could go to (Nix's `builders` setting or the run's
    // --builders), by URI; the cold step deleted the project's outputs there too. Empty: none.
    QStringList remoteBuilders;
    // What Flakeoff added to the user's Nix configuration for this run's commands, and why
    // (NixSettings); empty in sessions from before Flakeoff used the user's configuration.
    std::vector<NixSetting> nixSettingsAdded;
    QString system;
    QString cpuModel;
    int cpuCores = 0;
    QString flakeoffVersion;
    QString hostName;
    QDateTime date;
    QStringList nixOptions;                    // extra options passed to every build
    std::map<QString, QString> inputRevisions; // strategy id → its flake.lock (or "none"), in words
    // strategy id → the inputs its builds used, one by one (sessions before these were recorded: none).
    std::map<QString, std::vector<UsedInput>> inputsUsed;
};

struct Session
{
    // 2: adds `prediction` (schema 1 files load without one).
    static constexpr int kSchemaVersion = 2;

    enum class Status
    {
        Running,
        Finished,
        Failed,
        Cancelled
    };

    QString workspace; // the user's workspace (never written to)
    Scenario scenario;
    QStringList strategies; // ids, in run order
    QStringList targets;
    int repeat = 1;
    // Measured builds of a cold step when it differs from `repeat` (a cold build rebuilds
    // everything and is the costly one); 0: as `repeat`.
    int coldRepeat = 0;
    int warmup = 0;
    Status status = Status::Running;
    QString statusText; // why it failed or was cancelled
    SessionEnvironment environment;
    std::vector<Measurement> measurements;
    std::map<QString, QString> skipped;   // strategy id → why it could not run here
    std::optional<Prediction> prediction; // rebuilds predicted by evaluation (flakeoff-cli predict)

    static QString statusName(Status s);
    // The layout its builds ran in ("workspace" or "separate"; a run has one): the first
    // measurement's that names one, "workspace" when none does (nothing measured yet, or a session
    // from before layouts were recorded).
    QString layout() const;
    // The measured builds planned for one step: coldRepeat for a cold step when set, else repeat.
    int repeatFor(const ScenarioStep &step) const;
    // The recorded (non-warm-up) measurements of one cell, in repetition order.
    std::vector<const Measurement *> cell(const QString &strategy, const QString &target,
                                          const QString &step) const;
    // The same session with only these strategies (in the session's order): their measurements,
    // skips, inputs and predicted cells. A report of a subset (the real tools without the models)
    // then compares, ranks and draws them alone.
    Session onlyStrategies(const QStringList &ids) const;
};

} // namespace flakeoff
