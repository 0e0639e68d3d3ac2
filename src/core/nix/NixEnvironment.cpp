// SPDX-License-Identifier: MIT
#include "NixEnvironment.h"

#include <QDir>
#include <QFile>
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

QString NixEnvironment::findProgram(const QString &name)
{
    return QStandardPaths::findExecutable(name);
}

bool NixEnvironment::useNix(const QString &nixPath, QString *error)
{
    static const QByteArray original = qgetenv("PATH");
    QByteArray path = original;
    if (!nixPath.isEmpty()) {
        const QFileInfo given(nixPath);
        const QString folder = given.isDir() ? given.absoluteFilePath() : given.absolutePath();
        const QFileInfo nix(folder + QStringLiteral("/nix"));
        if (!nix.isFile() || !nix.isExecutable()) {
            if (error)
                *error = QStringLiteral("no executable nix in %1").arg(folder);
            qputenv("PATH", original);
            return false;
        }
        path = QFile::encodeName(folder) + (original.isEmpty() ? QByteArray() : ':' + original);
    }
    qputenv("PATH", path);
    return true;
}

QString NixEnvironment::problem()
{
    if (findProgram(QStringLiteral("nix")).isEmpty())
        return QStringLiteral("nix not found on PATH: run scripts/setup.sh (installs Debian's nix-bin)");
    return {};
}

QProcessEnvironment NixEnvironment::processEnvironment(const NixNeeds &needs, const QProcessEnvironment &base)
{
    QProcessEnvironment env = base;
    env.insert(QStringLiteral("NIX_CONFIG"),
               NixSettings::appendTo(base.value(QStringLiteral("NIX_CONFIG")), NixSettings::added(needs)));
    return env;
}

bool NixEnvironment::isDefaultStore(const QString &storeUrl)
{
    return storeUrl == QLatin1String("local") || storeUrl == QLatin1String("daemon") ||
           storeUrl == QLatin1String("auto") ||
           storeUrl == QLatin1String("unix:///nix/var/nix/daemon-socket/socket");
}

} // namespace flakeoff
