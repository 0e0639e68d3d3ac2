// SPDX-License-Identifier: MIT
#include "NixEnvironment.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace flakeoff {

QString NixEnvironment::flakeoffHome()
{
    const QString explicitHome = qEnvironmentVariable("FLAKEOFF_HOME");
    if (!explicitHome.isEmpty())
        return explicitHome;
    QString data = qEnvironmentVariable("XDG_DATA_HOME");
    if (data.isEmpty())
        data = QDir::homePath() + QStringLiteral("/.local/share");
    return data + QStringLiteral("/flakeoff");
}

QString NixEnvironment::nixConfDir()
{
    return flakeoffHome() + QStringLiteral("/nix");
}

QString NixEnvironment::cacheDir()
{
    return flakeoffHome() + QStringLiteral("/cache");
}

QString NixEnvironment::findProgram(const QString &name)
{
    return QStandardPaths::findExecutable(name);
}

QString NixEnvironment::problem()
{
    if (findProgram(QStringLiteral("nix")).isEmpty())
        return QStringLiteral("nix not found on PATH: run scripts/setup.sh (installs Debian's nix-bin)");
    const QString conf = nixConfDir() + QStringLiteral("/nix.conf");
    if (!QFileInfo::exists(conf))
        return QStringLiteral("Flakeoff's Nix configuration %1 is missing: run scripts/setup.sh").arg(conf);
    return {};
}

QProcessEnvironment NixEnvironment::processEnvironment(const QProcessEnvironment &base)
{
    QProcessEnvironment env = base;
    env.insert(QStringLiteral("NIX_CONF_DIR"), nixConfDir());
    env.insert(QStringLiteral("XDG_CACHE_HOME"), cacheDir());
    return env;
}

} // namespace flakeoff
