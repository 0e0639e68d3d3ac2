// SPDX-License-Identifier: MIT
#pragma once

#include "CargoMetadata.h"
#include "CargoUnitGraph.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace flakeoff {

struct PerCrateOptions
{
    // First line of `rustc -vV` ("rustc 1.95.0 (59807616e 2026-04-14)"). Part of every crate's
    // identity: rlibs of one rustc cannot be linked by another, and the host toolchain lives
    // outside the store, so only a regenerated file notices an upgrade.
    QString rustcVersion;
    QString host; // host triple, the `host:` line of `rustc -vV`
};

struct PerCrateResult
{
    QString error;      // empty on success: one sentence naming what is wrong
    QByteArray nix;     // the generated file
    int crateCount = 0; // derivations (one per crate step)
    int buildScriptCount = 0;
    int procMacroCount = 0;
    QStringList roots; // attribute names of the requested packages' steps

    bool ok() const { return error.isEmpty(); }
};

// Turns cargo's unit graph (joined with `cargo metadata`) into a Nix file with one derivation per
// crate, the layout cargo2nix and buildRustCrate use. A step is a package's library (or
// proc-macro) with the binaries of that package that use it, plus its build script (compiled and
// run inside the same derivation). The file holds facts only (sources, features, profiles, extern
// names, `-C metadata` hashes); variants/offline/per-crate/ turns each entry into a derivation.
// Output is deterministic: the same inputs give the same bytes.
class PerCrateGenerator
{
public:
    static PerCrateResult generate(const CargoMetadata &metadata, const CargoUnitGraph &graph,
                                   const PerCrateOptions &options);

    // Both JSON documents and `rustc -vV`'s output, parsed and generated in one go.
    static PerCrateResult generate(const QByteArray &metadataJson, const QByteArray &unitGraphJson,
                                   const QString &rustcVerbose);

    // The version line and host triple of `rustc -vV`; false when either is missing.
    static bool parseRustcVerbose(const QString &text, PerCrateOptions &options);
};

} // namespace flakeoff
