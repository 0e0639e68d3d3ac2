// SPDX-License-Identifier: MIT
#include "NixSettings.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace flakeoff {

std::vector<NixSetting> NixSettings::added(const NixNeeds &needs)
{
    std::vector<NixSetting> out;
    out.push_back({QStringLiteral("extra-experimental-features"), QStringLiteral("nix-command flakes"),
                   QStringLiteral("Flakeoff runs the nix command and builds flakes; added to the user's "
                                  "experimental features")});
    if (needs.offline)
        out.push_back(
            {QStringLiteral("substituters"), QString(),
             QStringLiteral(
                 "offline mode (no network is reachable, or --offline): no binary cache can answer, "
                 "and Nix would spend about 4 s a build on failed look-ups")});
    if (needs.hostTools)
        out.push_back(
            {QStringLiteral("sandbox-paths"), hostToolPaths().join(QLatin1Char(' ')),
             QStringLiteral(
                 "the layout models, offline stand-ins and test fixtures build with the host's tools "
                 "(/bin/sh, /bin/bash, cargo, rustc) outside the store; the sandbox stays as configured. "
                 "It replaces Nix's default paths: Nix 2.26's /bin/sh=/usr/bin/bash-static cannot be "
                 "combined with the host's /bin (a symlink to usr/bin). A daemon keeps its own")});
    return out;
}

QStringList NixSettings::hostToolPaths()
{
    // /etc/alternatives: Debian's cc, c++, ld… are symlinks through it; /var/lib/dpkg: the
    // nixpkgs stand-in lists a host package's files with `dpkg -L`.
    QStringList candidates{QStringLiteral("/bin"),
                           QStringLiteral("/usr"),
                           QStringLiteral("/lib"),
                           QStringLiteral("/lib64"),
                           QStringLiteral("/etc/alternatives"),
                           QStringLiteral("/var/lib/dpkg"),
                           QStringLiteral("/root/.cargo"),
                           QStringLiteral("/root/.rustup")};
    const QString home = QDir::homePath();
    candidates << home + QStringLiteral("/.cargo") << home + QStringLiteral("/.rustup");
    QStringList out;
    for (const QString &p : candidates)
        if (!out.contains(p) && QFileInfo::exists(p))
            out << p;
    return out;
}

QString NixSettings::appendTo(const QString &userConfig, const std::vector<NixSetting> &settings)
{
    QStringList lines;
    if (!userConfig.trimmed().isEmpty())
        lines << userConfig;
    for (const NixSetting &s : settings)
        lines << s.line();
    return lines.join(QLatin1Char('\n'));
}

void NixSettings::addMissing(std::vector<NixSetting> &into, const std::vector<NixSetting> &more)
{
    for (const NixSetting &s : more)
        if (std::find(into.begin(), into.end(), s) == into.end())
            into.push_back(s);
}

} // namespace flakeoff
