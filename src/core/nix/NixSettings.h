// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

#include <vector>

namespace flakeoff {

// A line Flakeoff adds to the user's Nix configuration for its own commands, and why.
struct NixSetting
{
    QString name;  // "substituters"
    QString value; // "" (none)
    QString why;   // one sentence a reader of the session understands

    QString line() const { return name + QStringLiteral(" = ") + value; }
    bool operator==(const NixSetting &o) const { return name == o.name && value == o.value; }
};

// What a group of nix commands needs beyond the user's configuration.
struct NixNeeds
{
    // No network is reachable (or offline mode is asked for): no binary cache can answer.
    bool offline = false;
    // The builders call the host's tools outside the store (/bin/sh, cargo, rustc): the layout
    // models, the offline stand-ins and the test fixtures.
    bool hostTools = false;
};

// The user's Nix stays as they configured it (nix.conf, daemon, sandbox, caches, tokens): Flakeoff
// only appends, after the user's own NIX_CONFIG lines, the few settings its commands need — the
// experimental features always, the rest only where needed. Checked on Nix 2.8 as root (Debian 12)
// and on Nix 2.26's daemon with build users: neither `sandbox = false` nor `build-users-group =`
// is needed once the machine has build users (scripts/setup.sh).
class NixSettings
{
public:
    // `nix-command flakes` always; `needs.offline`: no substituters; `needs.hostTools`: the host
    // folders those builders read as the sandbox's paths (the sandbox stays as configured; a
    // daemon ignores a client's sandbox paths and uses its own).
    static std::vector<NixSetting> added(const NixNeeds &needs);
    // The host folders a host-tools builder reads that exist here: /bin /usr /lib /lib64,
    // /etc/alternatives (Debian's cc is a symlink through it), /var/lib/dpkg (the nixpkgs
    // stand-in's `dpkg -L`) and rustup's folders (the layout models default to root's, ~/.cargo and ~/.rustup
    // besides).
    static QStringList hostToolPaths();
    // `userConfig` (the user's NIX_CONFIG; may be empty) followed by `settings`, one a line:
    // later lines win in Nix, and `extra-*` lines add to the user's values instead of replacing them.
    static QString appendTo(const QString &userConfig, const std::vector<NixSetting> &settings);
    // Adds to `into` those of `more` it lacks (same name and value), in order.
    static void addMissing(std::vector<NixSetting> &into, const std::vector<NixSetting> &more);
};

} // namespace flakeoff
