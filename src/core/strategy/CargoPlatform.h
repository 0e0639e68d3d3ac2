// SPDX-License-Identifier: MIT
#pragma once

#include "NixBoolExpr.h"

#include <QString>

#include <optional>
#include <vector>

namespace flakeoff {

// The platform of a target-specific dependency, as `cargo metadata` writes it in a dependency's
// `target`: a target triple ("x86_64-pc-windows-gnu") or a cfg expression
// ("cfg(not(target_arch = \"wasm32\"))"). Ordered as cargo orders them (a triple before any cfg,
// then structurally), which is the order cargo2nix lists alternatives in.
class CargoPlatform
{
public:
    // nullopt and `error` when the text is neither a triple nor a valid cfg expression.
    static std::optional<CargoPlatform> parse(const QString &text, QString &error);

    // cargo2nix 0.12's condition for this platform (src/platform.rs), over the Nix attribute set
    // `platformVar` (nixpkgs' elaborated platform, e.g. `hostPlatform`): cfg(unix) →
    // hostPlatform.isUnix, target_arch → parsed.cpu.name, target_os = "macos" → "darwin", … Keys
    // cargo2nix does not know become false.
    NixBoolExpr condition(const QString &platformVar) const;

    // <0, 0, >0 as cargo's `Ord for Platform`.
    int compare(const CargoPlatform &other) const;
    bool operator<(const CargoPlatform &other) const { return compare(other) < 0; }
    bool operator==(const CargoPlatform &other) const { return compare(other) == 0; }

private:
    // cargo-platform's CfgExpr (variants in its declaration order) or a triple (Name).
    enum class Kind
    {
        Name,
        Not,
        All,
        Any,
        Ident,
        KeyPair
    };
    struct Parser;

    int rank() const;

    Kind m_kind = Kind::Name;
    QString m_key;   // Name: the triple; Ident: the identifier; KeyPair: the key
    QString m_value; // KeyPair only
    std::vector<CargoPlatform> m_operands;
};

} // namespace flakeoff
