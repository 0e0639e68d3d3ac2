// SPDX-License-Identifier: MIT
#include "ScratchWorkspace.h"

#include "nix/NixEnvironment.h"
#include "util/FileTree.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>

namespace flakeoff {

ScratchWorkspace ScratchWorkspace::create(const QString &source, QString *error, const QString &parentDir)
{
    ScratchWorkspace w;
    const QFileInfo info(source);
    if (!info.isDir()) {
        if (error)
            *error = QStringLiteral("the workspace %1 is not a folder").arg(source);
        return w;
    }
    const QString parent =
        parentDir.isEmpty() ? NixEnvironment::flakeoffHome() + QStringLiteral("/scratch") : parentDir;
    const QString name = QStringLiteral("%1-%2-%3")
                             .arg(info.fileName())
                             .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss")))
                             .arg(QRandomGenerator::global()->generate() % 100000);
    const QString path = QDir(parent).absoluteFilePath(name);
    if (QFileInfo::exists(path)) {
        if (error)
            *error = QStringLiteral("%1 already exists").arg(path);
        return w;
    }
    w.m_source = info.absoluteFilePath();
    // The marker comes first: it tells a scratch copy from a real workspace, and remove() deletes
    // only folders that carry it, even after a failed copy.
    QFile marker(path + QStringLiteral("/.flakeoff-scratch"));
    if (!QDir().mkpath(path) || !marker.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("cannot create the scratch folder %1").arg(path);
        return w;
    }
    marker.write("scratch copy of " + w.m_source.toUtf8() + "\n");
    marker.close();
    w.m_path = path;
    if (!FileTree::copy(w.m_source, path, error)) {
        w.remove();
        return ScratchWorkspace();
    }
    return w;
}

ScratchWorkspace::ScratchWorkspace(ScratchWorkspace &&other) noexcept
    : m_path(std::move(other.m_path)), m_source(std::move(other.m_source)), m_keep(other.m_keep)
{
    other.m_path.clear();
}

ScratchWorkspace &ScratchWorkspace::operator=(ScratchWorkspace &&other) noexcept
{
    if (this != &other) {
        remove();
        m_path = std::move(other.m_path);
        m_source = std::move(other.m_source);
        m_keep = other.m_keep;
        other.m_path.clear();
    }
    return *this;
}

ScratchWorkspace::~ScratchWorkspace()
{
    if (!m_keep)
        remove();
}

void ScratchWorkspace::remove()
{
    if (m_path.isEmpty())
        return;
    // Guard: only ever delete a folder this class made.
    if (QFileInfo::exists(m_path + QStringLiteral("/.flakeoff-scratch")))
        QDir(m_path).removeRecursively();
    m_path.clear();
}

bool ScratchWorkspace::installStrategyFiles(const Strategy &strategy, const QString &layoutId, QString *error)
{
    const StrategyLayout *layout = strategy.layout(layoutId);
    if (!layout) {
        if (error)
            *error = QStringLiteral("strategy %1 has no layout %2").arg(strategy.id, layoutId);
        return false;
    }
    for (const auto &f : layout->files) {
        const QString from = QDir(strategy.folder).absoluteFilePath(f.from);
        const QString to = QDir(m_path).absoluteFilePath(f.to);
        QDir().mkpath(QFileInfo(to).absolutePath());
        QFile::remove(to);
        if (!QFile::copy(from, to)) {
            if (error)
                *error = QStringLiteral("cannot copy %1 to %2").arg(from, to);
            return false;
        }
        QFile(to).setPermissions(QFile(to).permissions() | QFileDevice::WriteOwner);
    }
    return true;
}

bool ScratchWorkspace::git(const QStringList &args, QString *error)
{
    const QString program = NixEnvironment::findProgram(QStringLiteral("git"));
    if (program.isEmpty()) {
        if (error)
            *error = QStringLiteral("git not found: run scripts/setup.sh");
        return false;
    }
    QProcess p;
    p.setWorkingDirectory(m_path);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // Commits are never made; identity and hooks of the user must not matter.
    env.insert(QStringLiteral("GIT_CONFIG_NOSYSTEM"), QStringLiteral("1"));
    env.insert(QStringLiteral("GIT_CONFIG_GLOBAL"), QStringLiteral("/dev/null"));
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        if (error)
            *error = QStringLiteral("git %1 failed in %2: %3")
                         .arg(args.join(QLatin1Char(' ')), m_path,
                              QString::fromUtf8(p.readAllStandardError()).trimmed());
        return false;
    }
    return true;
}

bool ScratchWorkspace::gitInitAndAddAll(QString *error)
{
    return git({QStringLiteral("init"), QStringLiteral("-q")}, error) &&
           git({QStringLiteral("add"), QStringLiteral("-A")}, error);
}

bool ScratchWorkspace::gitAdd(const QStringList &paths, bool force, QString *error)
{
    QStringList args{QStringLiteral("add")};
    if (force)
        args << QStringLiteral("--force");
    args << QStringLiteral("--") << paths;
    return git(args, error);
}

} // namespace flakeoff
