// SPDX-License-Identifier: MIT
#pragma once

#include "strategy/Strategy.h"

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>

#include <vector>

namespace flakeoff {

// How one strategy is invoked on one scratch copy: its manifest's placeholders filled in, the nix
// command that instantiates a target and the one that builds it, and which prepare steps are due.
// Shared by the runner (which builds) and the predictor (which only evaluates), so both see
// exactly the same derivations. A value: cheap to copy, no I/O except where a method says so.
struct StrategyInvocation
{
    const Strategy *strategy = nullptr;
    QString layout = QStringLiteral("workspace");
    QString scratch;                  // the scratch copy
    QString source;                   // the user's workspace (only read)
    QString variantsDir;              // the catalog's variants folder
    QString system;                   // builtins.currentSystem, e.g. x86_64-linux
    QString nativeTarget;             // the workspace's first native target ({nativeTargets})
    QMap<QString, QString> extraArgs; // `--arg name value` from now on (edit-nix of the models)
    // Offline: the flake inputs come from local folders (OfflineInputPlan); prepare steps of mode
    // "offline" run instead of those of mode "online".
    bool offline = false;
    QStringList inputOverrides; // `--override-input name path:folder …` for every nix command
    QString flakeoffHome;       // {flakeoffHome}; empty: NixEnvironment::flakeoffHome()
    // The projects a prepare step with forEach "target-crate" runs once for, each as its
    // {crate.dir} (WorkspaceInfo::targetDirs: app, wasm for the sample).
    QStringList targetCrateDirs;

    // {scratch}, {source}, {strategyDir}, {variants}, {flakeoff-cli}, {system}, {nativeTargets},
    // {flakeoffHome}.
    QString fill(QString text) const;

    // A prepare step's program (found on PATH unless absolute; the bare name when it is nowhere,
    // so the failure names it) and arguments, placeholders filled; a `nix` step of a flake gets
    // the input overrides right after its subcommand (`nix shell --override-input … .#toolchain`).
    QStringList prepareArguments(const PrepareStep &step, QString *program) const;

    // The program and arguments that print the .drv path of each target, one a line, in order.
    // File layouts evaluate several targets in one call; a flake takes one target a call
    // (canInstantiateTogether() says which).
    QStringList instantiateArguments(const QStringList &targets, QString *program) const;
    bool canInstantiateTogether() const;

    // `nix build … --json --no-link -L --log-format internal-json <nixOptions>` for one target.
    QStringList buildArguments(const QString &target, const QStringList &nixOptions) const;

    // The prepare steps of this layout and input mode, in manifest order; a step with forEach
    // "target-crate" once per targetCrateDirs entry, {crate.dir} filled in its argv, inputs and
    // produces and the folder in its name ("offline-crates (app)": digests are kept by name).
    std::vector<PrepareStep> prepareSteps() const;

    // Of prepareSteps(), those due now: `initial` right after the copy was made; otherwise after an
    // edit, where "changed" steps run when the digest of their inputs differs from `lastDigests`
    // (prepare step name → FileTree::digest). Reads the copy's files.
    std::vector<PrepareStep> duePrepareSteps(bool initial,
                                             const QMap<QString, QByteArray> &lastDigests) const;

    // flakeoff-cli for prepare steps: $FLAKEOFF_CLI, else beside the running program, else on PATH.
    static QString cliPath();
};

} // namespace flakeoff
