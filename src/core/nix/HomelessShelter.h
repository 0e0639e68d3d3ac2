// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace flakeoff {

// Nix gives every build HOME=/homeless-shelter, a folder that must not exist. An unsandboxed build
// that writes to its home (cargo without CARGO_HOME) creates it, and from then on Nix refuses every
// unsandboxed build on the machine ("home directory '/homeless-shelter' exists"). Checked before a
// run, so a stray one is named once with how to remove it, instead of failing each build.
class HomelessShelter
{
public:
    static QString defaultPath() { return QStringLiteral("/homeless-shelter"); }

    // `path`: the folder to look for (tests pass their own, never creating the real one).
    explicit HomelessShelter(QString path = defaultPath());

    bool exists() const;
    // What it is and how to remove it; empty when it does not exist.
    QString problem() const;

private:
    QString m_path;
};

} // namespace flakeoff
