// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace flakeoff::cli {

// `flakeoff-cli generate-cargo-nix --workspace DIR [--target TRIPLE] [--path-dependencies-own-folder]
// [--lock FILE] --out FILE`: writes the workspace's Cargo.nix in cargo2nix 0.12's format from `cargo
// metadata` (offline), for cargo2nix's own overlay to build. Exits 0 on success, 1 when cargo or generation
// fails, 2 on usage errors.
int generateCargoNix(const QStringList &arguments);

} // namespace flakeoff::cli
