// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace flakeoff::cli {

// `flakeoff-cli generate-per-crate --workspace DIR --package app [--target native] --out FILE.nix`:
// asks cargo for the workspace's metadata and unit graph and writes the per-crate model's Nix file
// (one derivation per crate). Exits 0 on success, 1 when cargo or generation fails, 2 on usage errors.
int generatePerCrate(const QStringList &arguments);

} // namespace flakeoff::cli
