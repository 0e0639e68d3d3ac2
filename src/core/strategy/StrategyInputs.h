// SPDX-License-Identifier: MIT
#pragma once

#include "Strategy.h"

#include <QString>

#include <optional>
#include <vector>

namespace flakeoff {

// One input a strategy's builds used, as a session records it: which flake input, where it came
// from, which revision, and the words every display uses ("crane v0.21.3 (local, 2b3a5a8)",
// "nixpkgs: offline host-tools stand-in (…)").
struct UsedInput
{
    QString name;     // the flake input ("nixpkgs", "cargo2nix/flake-utils"), or what a stand-in replaces
    QString origin;   // "remote" (fetched by Nix), "local" (an imported input) or "stand-in"
    QString from;     // "input:crane", "standin:nixpkgs", "github:ipetkov/crane"; empty when not an override
    QString revision; // git commit when known
    QString digest;   // sha256 of the imported tarball or folder, or the lock's narHash
    QString words;

    bool operator==(const UsedInput &o) const
    {
        return name == o.name && origin == o.origin && from == o.from && revision == o.revision &&
               digest == o.digest && words == o.words;
    }
};

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
    // The same inputs one by one (origin "remote"); nullopt on an unreadable lock.
    static std::optional<std::vector<UsedInput>> usedFromFlakeLock(const QByteArray &lockJson,
                                                                   QString *error);
    // "nixpkgs github:NixOS/nixpkgs/nixos-25.05 (not locked), …" from a flake.nix's input URLs.
    static QString fromFlakeNix(const QString &flakeNix);
    // One line for a session's and a report's inputs: the words joined, led by "built offline: "
    // when any input is local or a stand-in.
    static QString wordsOf(const std::vector<UsedInput> &used);
    // sha256 over the files' names and contents, first 16 hex digits.
    static QString digestOfFiles(const QStringList &absolutePaths);
};

} // namespace flakeoff
