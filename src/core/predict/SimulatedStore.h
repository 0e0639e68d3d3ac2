// SPDX-License-Identifier: MIT
#pragma once

#include "DerivationClosure.h"
#include "strategy/DerivationClassifier.h"

#include <QSet>
#include <QStringList>

#include <functional>

namespace flakeoff {

// The store as the scenario runner leaves it before each build, without building anything: which
// derivations' outputs a build of one strategy will find, and so which it must build.
//   - Purged derivations count as present only when this session built them; a cold step deletes
//     them first. They are the ones whose outputs the runner deletes before a build unless the
//     session built them (ProjectOutputs::purgeBefore): the project's own, except those it keeps
//     (offline, the seeded crate downloads), and the derivations that need one of those: the
//     runner deletes the outputs that refer to a deleted one with it (naersk's `config` refers to
//     its vendor directory); what a build will output is not known before it ran, so needing one
//     stands for referring to it.
//   - Other derivations (toolchain, nixpkgs, kept downloads) are present when their outputs are in
//     the store now.
//   - A build walks down from the target as Nix does: a present derivation is not built and what
//     only it needs is not looked at (nixpkgs' mirrors-list, needed only to fetch the seeded
//     downloads, is never built).
// One object per strategy, fed the targets' closures in the runner's order.
class SimulatedStore
{
public:
    using Test = std::function<bool(const Derivation &)>;

    struct Build
    {
        QStringList built;    // what the build will build, sorted by path
        QSet<QString> purged; // the closure's purged derivations (see above)
    };

    // The derivations of `closure` under `root` that the build will build; then records them as
    // built. `purged`: whether the runner deletes a derivation's outputs before a build (the
    // project's own, less the ones it keeps; their dependents follow from the closure);
    // `outputsPresent` whether a derivation's outputs are in the store right now.
    Build build(const DerivationClosure &closure, const QString &root, bool cold, const Test &purged,
                const Test &outputsPresent);

    bool isBuilt(const QString &drvPath) const { return m_built.contains(drvPath); }

    // The runner's rule for one derivation (ProjectOutputs::purgeBefore): the project's own, `root`
    // included, are purged, except, `offline`, the crate downloads seeded from local sources.
    static bool runnerPurges(const DerivationClassifier &classifier, const Derivation &d, const QString &root,
                             bool offline);
    // The derivations of `closure` under `root` that are purged themselves or need one that is.
    static QSet<QString> purgedWithDependents(const DerivationClosure &closure, const QString &root,
                                              const Test &purged);

private:
    QSet<QString> m_built;   // built by this (simulated) session, or found present
    QSet<QString> m_checked; // others whose presence was checked once
};

} // namespace flakeoff
