// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

#include <map>
#include <optional>
#include <vector>

namespace flakeoff {

// A strategy as data: what variants/<…>/<id>/manifest.json says (schema in variants/STRATEGIES.md).
// Flakeoff has no per-strategy C++; a fifth strategy is a new folder with a manifest.

struct StrategyFile
{
    QString from; // relative to the strategy's folder
    QString to;   // relative to the scratch workspace root
};

struct StrategyBuild
{
    enum class Kind
    {
        Flake,
        File
    };
    Kind kind = Kind::Flake;
    QString attribute;               // e.g. "packages.${system}.${target}" (flake) or "${target}" (file)
    QString all;                     // attribute that builds every target
    QString file;                    // File: the Nix file, relative to the strategy's folder
    std::map<QString, QString> args; // File: `--arg name value`; value may use {workspace}
    QStringList systems;
};

struct StrategyLayout
{
    QString id; // "workspace" or "separate"
    QString description;
    std::vector<StrategyFile> files;
    StrategyBuild build;
    bool expectBuild = true;
    QString failureWhy;
    QString failureMessage; // regex the expected failure's message matches
};

struct PrepareStep
{
    QString name;
    QString description;
    QStringList layouts;
    QStringList argv;
    QString cwd;
    QString when;    // missing | always | changed
    QString forEach; // "" or "target-crate"
    QStringList needs;
    QStringList produces;
    QStringList inputs;
    bool track = false;
    QString mode; // "" (online and offline), "online" or "offline": the input mode it runs in

    // Whether the step runs in this input mode (offline: the flake inputs come from local folders).
    bool runsIn(bool offline) const;
};

// An input the strategy's flake takes from a local folder when no network is reachable:
// `--override-input <input> path:<folder>`, the folder resolved by LocalInputStore.
struct InputOverride
{
    QString input; // flake input, nested ones with '/': "cargo2nix/flake-utils"
    QString from;  // "input:crane" ($FLAKEOFF_HOME/inputs/crane) or "standin:nixpkgs" (…/standins/nixpkgs)
};

// The manifest's "offline" section: how the real tool builds without a network.
struct StrategyOffline
{
    std::vector<InputOverride> overrides;
    QStringList standins; // what is not the real thing, in words ("nixpkgs: offline host-tools stand-in")
};

struct StrategyNeed
{
    QString id; // network, nix, git, nix-flakes, binary-cache, …
    QString why;
    QString min;
    bool optional = false;
};

struct ArtifactPattern
{
    QString role; // deps:{target}, vendor, crate:*, …
    QString kind; // deps | vendor | download | crate | source
    QString pattern;
    QString description;
    bool perTarget = false;
};

// How the edit-nix step changes a strategy's Nix expression.
//   anchor: in `file` (in the scratch copy), the line after `anchor` has `regex`'s group 1 replaced.
//   arg:    the Nix file lives outside the copy (offline models); the build gets
//           `--arg <arg> <value>` from then on, with {nonce} filled in.
struct EditNixSpec
{
    QString kind; // "anchor" or "arg"
    QString file;
    QString anchor;
    QString regex;
    QString arg;
    QString value;
    QString description;
};

struct ExpectedRebuild
{
    QString subject;
    QStringList rebuild;
    QStringList some;
    QStringList keep;
    QString why;
};

struct StrategyTarget
{
    QString id;   // app, wasm
    QString kind; // native | wasm32
    QString triple;
    QString pattern;
};

class Strategy
{
public:
    // Reads and checks a manifest; on failure returns nullopt and says why in `error`
    // ("<path>: <what>").
    static std::optional<Strategy> load(const QString &manifestPath, QString *error);

    QString id;
    QString name;
    QString family; // monolithic | deps-split | per-crate
    QString summary;
    QString toolName;
    QString toolUrl;
    QString folder;     // absolute folder of the manifest
    bool model = false; // an offline layout model, not the tool itself
    QString models;     // for models: which tools it stands for
    std::vector<StrategyLayout> layouts;
    std::vector<StrategyTarget> targets;
    std::vector<PrepareStep> prepare;
    StrategyOffline offline;
    std::vector<StrategyNeed> needs;
    std::vector<ArtifactPattern> artifacts;
    // Regexes on derivation names that are the project's own (a cold step deletes only these;
    // the toolchain and nixpkgs never match). Empty: the targets' and artifacts' patterns.
    QStringList ownDerivations;
    std::optional<EditNixSpec> editNix;
    std::map<QString, ExpectedRebuild> expectedRebuilds;

    const StrategyLayout *layout(const QString &layoutId) const;
    // Why it cannot run in the layout `layoutId` (the offline models have the workspace layout
    // only), in words; empty when it has that layout.
    QString layoutMissing(const QString &layoutId) const;
    // The ids of this strategy's targets that `wanted` names, in the manifest's order; all of
    // them when `wanted` is empty (a run or a prediction that named no target).
    QStringList targetIds(const QStringList &wanted) const;
    bool hasNeed(const QString &needId) const;
    bool needsNetwork() const { return hasNeed(QStringLiteral("network")); }
    // The manifest says how to build without a network (its "offline" overrides).
    bool buildsOffline() const { return !offline.overrides.empty(); }
    // "crane" or, for a model, "deps-split layout model (as crane, naersk)": never the tool's name alone.
    QString displayName() const;
};

} // namespace flakeoff
