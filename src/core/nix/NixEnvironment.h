// SPDX-License-Identifier: MIT
#pragma once

#include <QProcessEnvironment>
#include <QString>

namespace flakeoff {

// Where Flakeoff's own Nix configuration lives and how a nix child process is set up with it.
// Flakeoff never edits /etc/nix or the user's ~/.config/nix: it points NIX_CONF_DIR at a folder it
// owns (written by scripts/setup.sh) and keeps Nix's cache there too.
class NixEnvironment
{
public:
    // $FLAKEOFF_HOME, else $XDG_DATA_HOME/flakeoff, else ~/.local/share/flakeoff.
    static QString flakeoffHome();
    static QString nixConfDir();
    static QString cacheDir();

    // Absolute path of a Nix tool (nix, nix-build, nix-store…) on PATH, or empty.
    static QString findProgram(const QString &name);

    // Empty when usable; otherwise one sentence saying what is missing and what to run.
    static QString problem();

    // `base` plus NIX_CONF_DIR and XDG_CACHE_HOME pointing at Flakeoff's folders.
    static QProcessEnvironment
    processEnvironment(const QProcessEnvironment &base = QProcessEnvironment::systemEnvironment());
};

} // namespace flakeoff
