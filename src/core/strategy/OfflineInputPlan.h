// SPDX-License-Identifier: MIT
#pragma once

#include "LocalInputStore.h"
#include "Strategy.h"
#include "StrategyInputs.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace flakeoff {

// How a real-tool strategy builds without a network: each of its manifest's offline overrides
// resolved to a local folder (LocalInputStore), the `--override-input` arguments every nix
// command of the strategy gets, and what it uses in words — or which local inputs are missing
// and the command that imports them.
class OfflineInputPlan
{
public:
    static OfflineInputPlan resolve(const Strategy &strategy, const LocalInputStore &store);
    // Whether a strategy builds with local inputs: it has offline overrides and either no network
    // is reachable or offline mode is forced. Online, nothing of this is used.
    static bool offlineFor(const Strategy &strategy, bool forceOffline, bool networkReachable);

    bool ok() const { return m_missing.isEmpty(); }
    // "needs local input 'crane': run flakeoff-cli inputs import …"; empty when ok.
    QString missingReason() const { return m_missing; }
    // `--override-input <input> path:<folder>` for each override, in manifest order.
    QStringList overrideArguments() const { return m_arguments; }
    // Every override and every stand-in the manifest names, in that order.
    const std::vector<UsedInput> &used() const { return m_used; }
    // "crane v0.21.3 (local, 2b3a5a8), nixpkgs: offline host-tools stand-in (…), toolchain: host rustc 1.95
    // (…)".
    QString words() const;

private:
    QString m_missing;
    QStringList m_arguments;
    std::vector<UsedInput> m_used;
};

} // namespace flakeoff
