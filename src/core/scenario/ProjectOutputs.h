// SPDX-License-Identifier: MIT
#pragma once

#include "nix/NixBuilders.h"
#include "nix/NixStore.h"
#include "strategy/DerivationClassifier.h"

#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <vector>

namespace flakeoff {

struct Measurement;

// The project's outputs in the Nix store over one run, kept honest: before each build the
// project's outputs this session did not build itself are deleted (before a cold step, all of
// them), a repetition first loses what the first run of its cell built, and after a build the
// sizes are measured. Which derivations are the project's comes from the runner (it instantiates
// the target in its scratch copy); every store question goes through NixStore.
//
// With remote builders every deletion is made on each builder's store too, by the same rule:
// a builder that still holds an output sends it back instead of building it, so a cold step that
// deleted only here would not be cold. The output paths come from this machine's .drv files
// (a builder may hold outputs without their derivations); each store says which it holds.
class ProjectOutputs
{
public:
    using Paths = NixStore::Paths;
    // Lists a target's own derivations (empty when the target does not evaluate).
    using OwnDerivations = std::function<void(const QString &target, Paths then)>;

    ProjectOutputs(NixStore &store, OwnDerivations ownDerivations);

    // A new session: nothing built by it yet, no remote builders known.
    void clear();
    // The remote builders the session's builds can go to (NixBuilders): from now on every
    // deletion is also made in their stores, and the notes say what was deleted where.
    void setRemoteBuilders(const std::vector<RemoteBuilder> &builders);

    // Before run `runIndex` (warm-ups counted) of `cell` (one strategy, step and target).
    // `seededDownloads`, for an offline run: the strategy's roles. Its crate downloads were seeded
    // into the store by a prepare step (from local crate sources, under each tool's fixed-output
    // name) and could not be fetched again without a network, so they stay, and the next
    // measurement says so.
    void purgeBefore(const QString &cell, const QString &target, bool cold, int runIndex,
                     std::optional<DerivationClassifier> seededDownloads, std::function<void()> done);
    // What run 0 of `cell` built: its repetitions rebuild exactly that (later calls are ignored).
    void recordFirstRun(const QString &cell, const QStringList &builtDrvs);
    // The store sizes of a build with outputs: output, closure, intermediates (the project's
    // outputs besides the final ones) and store growth (what `builtDrvs` added). `m` must live
    // until `then` is called.
    void measure(Measurement &m, const QStringList &builtDrvs, std::function<void()> then);
    // The caveats of the purges since the last call (paths that could not be deleted), for the
    // next measurement's notes.
    QStringList takeNotes();

    // Whether the purge before an offline build keeps this derivation of the project's: a crate
    // download seeded from local sources (manifest role kind "download"). The predictor
    // (SimulatedStore) applies the same rule. `derivationName`: no store hash, no .drv.
    static bool isSeededDownload(const DerivationClassifier &classifier, const QString &derivationName);

private:
    // A remote builder's store: its URI as Nix names it (for the notes) and its NixStore.
    struct BuilderStore
    {
        QString uri;
        NixStore store;
    };

    void keepSeededDownloads(const DerivationClassifier &classifier, QStringList &own);
    // Deletes the outputs of `drvs` except `keep`, with what refers to them, in every store.
    void deleteOutputsOf(const QStringList &drvs, const QSet<QString> &keep, std::function<void()> done);
    // Store `index` (0: this machine's, then the builders') loses those of `paths` it holds.
    void deleteInStore(std::size_t index, const QStringList &paths, std::function<void()> done);
    void noteDeletion(std::size_t index, const NixStore::Deletion &d);
    NixStore &storeAt(std::size_t index);
    void measureGrowth(Measurement &m, const QStringList &builtDrvs, std::function<void()> then);

    NixStore &m_store;
    std::vector<BuilderStore> m_builders;
    OwnDerivations m_ownDerivations;
    // Outputs this session built or found valid right after its own builds.
    QSet<QString> m_sessionOutputs;
    // Derivations the first run of a cell built: deleted before its repetitions.
    QMap<QString, QStringList> m_firstRunBuilt;
    QStringList m_notes;
};

} // namespace flakeoff
