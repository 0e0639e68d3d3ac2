// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

#include <map>
#include <optional>

namespace flakeoff {

// The [profile.*] tables of a Cargo.toml, each written back as TOML text the way cargo2nix 0.12
// records it in Cargo.nix's `profilesByName` (its manifest.rs serialises each table with the toml
// 0.8 crate): keys sorted, `key = value` lines first, then every nested table as a `[a.b]` section
// after a blank line (a section only when it holds values or is empty), `panic` dropped from the
// test and bench profiles. A small TOML reader of its own: the core has no TOML library.
class CargoManifestProfiles
{
public:
    // Profile name → its TOML text; an empty map when the manifest has no [profile] table, or when
    // it is not a table of tables (cargo2nix then records none either). nullopt and `error`
    // ("line N: …") when the manifest is not TOML this reader understands.
    static std::optional<std::map<QString, QString>> read(const QByteArray &manifest, QString &error);
};

} // namespace flakeoff
