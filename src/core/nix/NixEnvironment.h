// SPDX-License-Identifier: MIT
#pragma once

#include "NixSettings.h"

#include <QProcessEnvironment>
#include <QString>

namespace flakeoff {

// Which Nix Flakeoff runs and how a nix child process is set up. The user's Nix is used as they
// configured it — their nix.conf, their daemon (NIX_REMOTE), their sandbox, caches and tokens:
// Flakeoff never points NIX_CONF_DIR elsewhere and never edits /etc/nix or ~/.config/nix; it only
// appends the settings its commands need to NIX_CONFIG (NixSettings).
class NixEnvironment
{
public:
    // $FLAKEOFF_HOME, else $XDG_DATA_HOME/flakeoff, else ~/.local/share/flakeoff.
    static QString flakeoffHome();

    // Absolute path of a Nix tool (nix, nix-build, nix-store…) on PATH, or empty.
    static QString findProgram(const QString &name);

    // Uses the Nix whose `nix` is `nixPath` (or which is in the folder `nixPath`): that folder goes
    // first on this process's PATH, so nix, nix-store, nix-build and nix-instantiate all come from
    // the same installation, for Flakeoff and every child. Empty: PATH as the process started.
    // False with a sentence in `error` when there is no executable nix there (PATH as the process
    // started).
    static bool useNix(const QString &nixPath, QString *error = nullptr);

    // Empty when usable; otherwise one sentence saying what is missing and what to run.
    static QString problem();

    // `base` with NixSettings::added(needs) appended to its NIX_CONFIG.
    static QProcessEnvironment
    processEnvironment(const NixNeeds &needs = {},
                       const QProcessEnvironment &base = QProcessEnvironment::systemEnvironment());

    // Whether the store Nix names (`nix store ping`: "local", "daemon", "unix:///…", "local?root=…")
    // is Nix's default for this machine: /nix/store, directly or through the system's daemon.
    static bool isDefaultStore(const QString &storeUrl);
};

} // namespace flakeoff
