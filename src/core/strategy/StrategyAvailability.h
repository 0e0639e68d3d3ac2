// SPDX-License-Identifier: MIT
#pragma once

#include "StrategyCatalog.h"

#include <QString>

#include <vector>

namespace flakeoff {

// What this machine offers the strategies: Nix (where, which version, configured?), a network,
// cargo. One probe per screen refresh, shared by every strategy's verdict.
struct MachineCapabilities
{
    QString nixPath;    // absolute; empty when nix is not on PATH
    QString nixVersion; // "2.8.0"; empty when unknown
    QString nixProblem; // NixEnvironment::problem(): empty when usable
    QString nixStore; // the store it uses (`nix store ping`: "local", "daemon", "unix:///…"); empty: unknown
    bool networkReachable = false;
    QString cargoPath; // empty when not found

    // One line for a status bar: "nix 2.8.0 (/usr/bin/nix) · no network · cargo found"; a store
    // other than the default /nix/store is named after the version.
    QString summary() const;
};

// Whether one strategy can run here, and if not, why — in one line a user can act on.
struct StrategyAvailabilityStatus
{
    QString id;
    QString displayName;
    bool model = false; // an offline layout model (builds without a network)
    bool available = false;
    QString reason;        // empty when available
    QString note;          // what "available" rests on ("offline layout model: needs no network",
                           // "builds offline with crane v0.21.3 (local, 2b3a5a8), nixpkgs: … stand-in …")
    QString offlineInputs; // available offline: the inputs it will use, in words; empty online
};

// The verdicts the app shows before a run and the runner acts on: unavailableReason (the runner
// and the predictor skip exactly these) plus version floors from the manifests (`needs: nix ≥ 2.28`).
class StrategyAvailability
{
public:
    // Why a strategy cannot run on this machine (empty when it can): its required needs (network,
    // nix, cargo, Debian's crates, git) checked here and now. Without a network (or with
    // `forceOffline`) a strategy with offline overrides can run when its local inputs are all there.
    static QString unavailableReason(const Strategy &strategy, bool forceOffline = false);
    // Why the runner and the predictor skip a strategy (empty: they run it): it lacks `layout`
    // (never tried), else unavailableReason unless `tryUnavailable` asks to try it anyway.
    static QString skipReason(const Strategy &strategy, const QString &layout, bool forceOffline,
                              bool tryUnavailable);
    // Runs `nix --version`, `nix store ping` and a name look-up: blocks for up to a few seconds, so call it
    // off the GUI thread (QtConcurrent in the app; the CLI may call it directly).
    static MachineCapabilities probeMachine();
    static bool networkReachable();
    // "nix (Nix) 2.8.0" → "2.8.0"; empty when no version is found.
    static QString parseNixVersion(const QString &versionOutput);
    // Compares dotted versions numerically ("2.8.0" < "2.28.3"); missing parts count as 0.
    static int compareVersions(const QString &a, const QString &b);
    // Whether `nix --version`'s output names `minimum` or newer (false when it names no version):
    // which spelling of a renamed command this Nix takes.
    static bool nixAtLeast(const QString &versionOutput, const QString &minimum);

    // The verdict before a run in `layout`: unavailable exactly when the runner would skip it
    // (skipReason: a strategy without that layout says so first), plus a version floor.
    static StrategyAvailabilityStatus check(const Strategy &strategy, const MachineCapabilities &machine,
                                            const QString &layout = QStringLiteral("workspace"));
    static std::vector<StrategyAvailabilityStatus>
    checkAll(const StrategyCatalog &catalog, const MachineCapabilities &machine,
             const QString &layout = QStringLiteral("workspace"));
};

} // namespace flakeoff
