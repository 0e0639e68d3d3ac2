// SPDX-License-Identifier: MIT
#pragma once

#include "CargoNixWriter.h"

#include <QString>

#include <optional>

namespace flakeoff {

// Gathers a CargoNixInput for a workspace: `cargo metadata` with all features, with none, and once
// per member feature (all with --offline --locked, so Cargo.lock is never rewritten), plus the
// root's Cargo.toml and the Cargo.lock to record. Blocking (a local event loop per cargo call): for the
// command-line tool only.
class CargoNixCollector
{
public:
    struct Request
    {
        QString workspace; // the workspace root (holds Cargo.toml and Cargo.lock)
        QString target;    // empty: every platform; else `--filter-platform TARGET`
        // The Cargo.lock whose hash and checksums Cargo.nix records; empty: the workspace's own.
        // cargo always resolves with the workspace's own lock, so both must pin the same packages
        // (an offline preparation resolves against Debian's crate sources, whose checksums differ
        // from the ones its rewritten lock gives the builds).
        QString lock;
        bool pathDependenciesOwnFolder = false;
        int timeoutMs = 120000; // per cargo call
    };

    // nullopt and one sentence in `error` when a file is missing or cargo fails. `cargoRuns`
    // counts the `cargo metadata` calls made.
    static std::optional<CargoNixInput> collect(const Request &request, QString &error,
                                                int *cargoRuns = nullptr);
};

} // namespace flakeoff
