// SPDX-License-Identifier: MIT
#pragma once

#include "Strategy.h"

#include <QString>

namespace flakeoff {

// What a strategy's build depends on besides the workspace, in one line for the session's
// environment, so two sessions can be told apart when their numbers differ: for a flake, each
// input's locked revision from flake.lock (or its unlocked URL when there is no lock file); for an
// offline model, a digest of its Nix files (it has no inputs but them and the host toolchain).
class StrategyInputs
{
public:
    static QString describe(const Strategy &strategy, const QString &layout);
    // "nixpkgs github:NixOS/nixpkgs/0123456789ab (2025-05-30), crane …"; empty on an unreadable lock.
    static QString fromFlakeLock(const QByteArray &lockJson, QString *error);
    // "nixpkgs github:NixOS/nixpkgs/nixos-25.05 (not locked), …" from a flake.nix's input URLs.
    static QString fromFlakeNix(const QString &flakeNix);
    // sha256 over the files' names and contents, first 16 hex digits.
    static QString digestOfFiles(const QStringList &absolutePaths);
};

} // namespace flakeoff
