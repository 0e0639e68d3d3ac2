// SPDX-License-Identifier: MIT
#pragma once

#include "CargoMetadata.h"

#include <QByteArray>
#include <QString>

#include <vector>

namespace flakeoff {

// `cargo metadata --no-default-features --features MEMBER/FEATURE` of one member's feature.
struct CargoNixFeatureRun
{
    QString member; // package name
    QString feature;
    CargoMetadata metadata;
};

// Everything cargo2nix's generator reads, gathered with `cargo metadata` (CargoNixCollector).
struct CargoNixInput
{
    CargoMetadata allFeatures; // `--all-features`: every package, dependency and feature that can occur
    CargoMetadata noFeatures;  // `--no-default-features`: what is there whatever features are chosen
    std::vector<CargoNixFeatureRun> featureRuns; // one per CargoNixWriter::featureRequests() entry
    QByteArray cargoLock;    // the workspace's Cargo.lock: checksums, and its hash is recorded
    QByteArray rootManifest; // the workspace root's Cargo.toml: its [profile.*] tables
    QString target;          // the `--filter-platform` the runs used; empty: all platforms
    // Path packages that are not workspace members get `workspaceSrc + "/<their folder>"` as
    // source instead of the whole workspace (cargo2nix 0.12's template gives every local crate the
    // workspace root, which cannot build a path dependency outside the root or one whose folder
    // is not the root, e.g. a [patch] shim).
    bool pathDependenciesOwnFolder = false;
};

struct CargoNixResult
{
    QString error; // empty on success: one sentence naming what is wrong
    QByteArray nix;
    int crateCount = 0;              // packages, each one `overridableMkRustCrate` entry
    int localCount = 0;              // of which path packages (members and path dependencies)
    int conditionalDependencies = 0; // dependencies with a platform or feature condition

    bool ok() const { return error.isEmpty(); }
};

// Writes a workspace's Cargo.nix in cargo2nix release-0.12's format (templates/Cargo.nix.tera,
// filled as its src/main.rs and src/template.rs fill it), so that cargo2nix's own overlay and
// mkcrate build it. cargo2nix's generator links cargo as a library and cannot be built offline;
// this one reads the same resolves from `cargo metadata`, whose resolve is the one the generator
// uses (all platforms, dev-dependencies included):
// - packages, dependencies and features from the all-features resolve, in cargo's package order;
// - a dependency or feature also in the no-feature resolve is unconditional; one that appears only
//   when a member's feature is on is conditioned on `rootFeatures' ? "member/feature"` (one
//   whole-workspace resolve per member feature stands in for the generator's one-member resolve);
// - a target-specific dependency keeps its platforms as cargo2nix's `hostPlatform` conditions, so
//   one file serves every target (a wasm32 package set drops `cfg(not(target_arch = "wasm32"))`);
// - registry crates are fetched with Cargo.lock's checksum, local ones from `workspaceSrc`;
// - Cargo.lock's sha256 is recorded: cargo2nix refuses to evaluate the file against another lock.
// Only the first comment line differs from the real generator's output: it names Flakeoff.
class CargoNixWriter
{
public:
    static constexpr const char *kCargo2nixVersion = "0.12.0";

    struct FeatureRequest
    {
        QString member;
        QString feature;
    };
    // Every (member, feature) the generator resolves on its own: each feature of each member, in
    // the members' order.
    static std::vector<FeatureRequest> featureRequests(const CargoMetadata &allFeatures);

    static CargoNixResult write(const CargoNixInput &input);
};

} // namespace flakeoff
