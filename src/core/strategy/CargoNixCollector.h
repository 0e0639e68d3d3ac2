// SPDX-License-Identifier: MIT
#pragma once

#include "CargoNixWriter.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <utility>
#include <vector>

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

    // cargo's own output, kept for recording test data.
    struct Outputs
    {
        QByteArray allFeatures;
        QByteArray noFeatures;
        std::vector<std::pair<CargoNixWriter::FeatureRequest, QByteArray>> features;

        int cargoRuns() const { return 2 + static_cast<int>(features.size()); }
    };

    // nullopt and one sentence in `error` when a file is missing or cargo fails; `outputs`, when
    // given, receives cargo's JSON.
    static std::optional<CargoNixInput> collect(const Request &request, QString &error,
                                                Outputs *outputs = nullptr);

    // The three kinds of resolve of an input, parsed from cargo's JSON (the lock, the manifest and
    // the options are left for the caller).
    static std::optional<CargoNixInput> fromOutputs(const Outputs &outputs, QString &error);
};

} // namespace flakeoff
