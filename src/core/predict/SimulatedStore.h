// SPDX-License-Identifier: MIT
#pragma once

#include "DerivationClosure.h"

#include <QSet>
#include <QStringList>

#include <functional>

namespace flakeoff {

// The store as the scenario runner leaves it before each build, without building anything: which
// derivations' outputs a build of one strategy will find, and so which it must build.
//   - The project's own derivations count as present only when this session built them (the
//     runner deletes project outputs other sessions left); a cold step deletes them first.
//   - Other derivations (toolchain, nixpkgs) are present when their outputs are in the store now.
//   - After a build, everything in its closure is present.
// One object per strategy, fed the targets' closures in the runner's order.
class SimulatedStore
{
public:
    using Test = std::function<bool(const Derivation &)>;

    // The derivations of `closure` under `root` that the build will build, sorted by path; then
    // records them as built. `isOwn` tells the project's derivations; `outputsPresent` whether a
    // derivation's outputs are in the store right now.
    QStringList build(const DerivationClosure &closure, const QString &root, bool cold, const Test &isOwn,
                      const Test &outputsPresent);

    bool isBuilt(const QString &drvPath) const { return m_built.contains(drvPath); }

private:
    QSet<QString> m_built;   // built by this (simulated) session, or found present
    QSet<QString> m_checked; // others whose presence was checked once
};

} // namespace flakeoff
