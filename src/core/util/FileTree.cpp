// SPDX-License-Identifier: MIT
#include "FileTree.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace flakeoff {

bool FileTree::excluded(const QString &name)
{
    static const QStringList names{QStringLiteral("target"), QStringLiteral(".git"),
                                   QStringLiteral(".direnv"), QStringLiteral("result"),
                                   QStringLiteral(".flakeoff-scratch")};
    return names.contains(name) || name.startsWith(QLatin1String("result-"));
}

bool FileTree::copy(const QString &from, const QString &to, QString *error)
{
    auto fail = [error](const QString &what) {
        if (error)
            *error = what;
        return false;
    };
    if (!QDir().mkpath(to))
        return fail(QStringLiteral("cannot create %1").arg(to));
    const QDir src(from);
    const auto entries =
        src.entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot | QDir::System, QDir::Name);
    for (const QFileInfo &e : entries) {
        if (excluded(e.fileName()))
            continue;
        const QString target = to + QLatin1Char('/') + e.fileName();
        if (e.isSymLink()) {
            if (!QFile::link(e.symLinkTarget(), target))
                return fail(QStringLiteral("cannot recreate the link %1").arg(target));
        } else if (e.isDir()) {
            if (!copy(e.absoluteFilePath(), target, error))
                return false;
        } else if (e.isFile()) {
            if (!QFile::copy(e.absoluteFilePath(), target))
                return fail(QStringLiteral("cannot copy %1 to %2").arg(e.absoluteFilePath(), target));
            // QFile::copy keeps permissions; make the copy writable so edits and removal work.
            QFile(target).setPermissions(QFile(target).permissions() | QFileDevice::WriteOwner);
        }
    }
    return true;
}

QByteArray FileTree::digest(const QString &root, const QStringList &patterns)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    QStringList files;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString rel = QDir(root).relativeFilePath(path);
        if (rel.startsWith(QLatin1String("target/")) || rel.startsWith(QLatin1String(".git/")))
            continue;
        for (const QString &p : patterns) {
            const QString glob = p.startsWith(QLatin1String("**/")) ? p.mid(3) : p;
            const bool anyDir = p.startsWith(QLatin1String("**/"));
            const QRegularExpression re(QRegularExpression::wildcardToRegularExpression(glob));
            if ((anyDir && re.match(QFileInfo(rel).fileName()).hasMatch()) || re.match(rel).hasMatch()) {
                files << rel;
                break;
            }
        }
    }
    files.sort();
    for (const QString &rel : files) {
        QFile f(root + QLatin1Char('/') + rel);
        h.addData(rel.toUtf8());
        if (f.open(QIODevice::ReadOnly))
            h.addData(f.readAll());
    }
    return h.result();
}

} // namespace flakeoff
