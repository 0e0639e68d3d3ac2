// SPDX-License-Identifier: MIT
#include "SessionFiles.h"

#include "SessionStore.h"
#include "nix/NixEnvironment.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace flakeoff {

namespace {

bool copyTree(const QString &from, const QString &to, QString *error)
{
    QDirIterator it(from, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    const QDir source(from);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString target = to + QLatin1Char('/') + source.relativeFilePath(path);
        if (!QDir().mkpath(QFileInfo(target).absolutePath())) {
            *error = QStringLiteral("cannot create the folder %1").arg(QFileInfo(target).absolutePath());
            return false;
        }
        QFile::remove(target);
        QFile in(path);
        if (!in.copy(target)) {
            *error = QStringLiteral("cannot copy %1 to %2: %3").arg(path, target, in.errorString());
            return false;
        }
    }
    return true;
}

} // namespace

QString SessionFiles::sessionsDir()
{
    return NixEnvironment::flakeoffHome() + QStringLiteral("/sessions");
}

QString SessionFiles::newSessionPath(const QString &dir, const QString &scenarioName, const QDateTime &when)
{
    QString name = scenarioName;
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("-"));
    if (name.isEmpty())
        name = QStringLiteral("session");
    const QString stem =
        dir + QLatin1Char('/') + when.toString(QStringLiteral("yyyy-MM-dd_HHmmss")) + QLatin1Char('-') + name;
    QString path = stem + QStringLiteral(".json");
    for (int n = 2; QFileInfo::exists(path) || QFileInfo::exists(SessionStore::logFolder(path)); ++n)
        path = stem + QStringLiteral("-%1.json").arg(n);
    return path;
}

bool SessionFiles::saveAs(const Session &session, const QString &fromPath, const QString &toPath,
                          QString *error)
{
    QString why;
    const QString from = fromPath.isEmpty() ? QString() : QFileInfo(fromPath).absoluteFilePath();
    const QString to = QFileInfo(toPath).absoluteFilePath();
    if (!QDir().mkpath(QFileInfo(to).absolutePath())) {
        if (error)
            *error = QStringLiteral("cannot create the folder %1").arg(QFileInfo(to).absolutePath());
        return false;
    }
    if (!from.isEmpty() && from != to) {
        const QString logs = SessionStore::logFolder(from);
        if (QFileInfo(logs).isDir() && !copyTree(logs, SessionStore::logFolder(to), &why)) {
            if (error)
                *error = why;
            return false;
        }
    }
    // The document last: a session file never points at logs that are not there yet.
    return SessionStore::save(session, to, error);
}

} // namespace flakeoff
