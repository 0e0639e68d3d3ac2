// SPDX-License-Identifier: MIT
#include "WorkspaceInfo.h"

#include "CargoLock.h"
#include "CargoMetadata.h"

#include <QDir>
#include <QFile>

#include <map>

namespace flakeoff {

std::optional<WorkspaceInfo> WorkspaceInfo::fromMetadata(const CargoMetadata &metadata, QString *error)
{
    WorkspaceInfo info;
    info.root = metadata.workspaceRoot();
    const QDir root(info.root);
    std::map<QString, QString> memberNameById;
    for (const QString &id : metadata.workspaceMembers())
        if (const CargoPackage *p = metadata.findPackage(id))
            memberNameById[id] = p->name;

    for (const QString &id : metadata.workspaceMembers()) {
        const CargoPackage *p = metadata.findPackage(id);
        if (!p)
            continue;
        WorkspaceMember m;
        m.name = p->name;
        m.version = p->version;
        m.dir = root.relativeFilePath(p->manifestDir());
        if (m.dir == QLatin1String("."))
            m.dir.clear();
        for (const auto &t : p->targets) {
            if (t.kinds.contains(QStringLiteral("bin")) && m.binSource.isEmpty())
                m.binSource = root.relativeFilePath(t.srcPath);
            const bool lib = t.kinds.contains(QStringLiteral("lib")) ||
                             t.kinds.contains(QStringLiteral("cdylib")) ||
                             t.kinds.contains(QStringLiteral("rlib"));
            if (lib) {
                m.libSource = root.relativeFilePath(t.srcPath);
                m.cdylib = m.cdylib || t.crateTypes.contains(QStringLiteral("cdylib")) ||
                           t.kinds.contains(QStringLiteral("cdylib"));
            }
        }
        for (const auto &d : p->dependencies) {
            if (!d.kind.isEmpty() || d.path.isEmpty())
                continue; // dev/build dependencies and registry crates do not make a member shared
            for (const auto &[otherId, otherName] : memberNameById)
                if (otherName == d.name && !m.memberDeps.contains(otherName))
                    m.memberDeps << otherName;
        }
        info.members.push_back(std::move(m));
    }
    if (info.nativeTargets().isEmpty() && info.wasmTargets().isEmpty()) {
        if (error)
            *error = QStringLiteral("the workspace %1 has no binary and no cdylib member: nothing to build")
                         .arg(info.root);
        return std::nullopt;
    }
    return info;
}

QStringList WorkspaceInfo::nativeTargets() const
{
    QStringList out;
    for (const auto &m : members)
        if (!m.binSource.isEmpty())
            out << m.name;
    return out;
}

QStringList WorkspaceInfo::wasmTargets() const
{
    QStringList out;
    for (const auto &m : members)
        if (m.cdylib)
            out << m.name;
    return out;
}

QStringList WorkspaceInfo::targetDirs() const
{
    QStringList out;
    for (const auto &m : members)
        if (!m.binSource.isEmpty() || m.cdylib)
            out << (m.dir.isEmpty() ? QStringLiteral(".") : m.dir);
    return out;
}

QString WorkspaceInfo::missingTargetReason(const QString &kind) const
{
    if (kind == QLatin1String("wasm32") && wasmTargets().isEmpty())
        return QStringLiteral(
            "the workspace has no wasm32 target (no member's [lib] crate-type lists cdylib)");
    if (kind == QLatin1String("native") && nativeTargets().isEmpty())
        return QStringLiteral("the workspace has no native target (no member has a binary)");
    return {};
}

const WorkspaceMember *WorkspaceInfo::leaf() const
{
    for (const auto &m : members) {
        if (m.binSource.isEmpty())
            continue;
        bool depended = false;
        for (const auto &other : members)
            depended = depended || other.memberDeps.contains(m.name);
        if (!depended)
            return &m;
    }
    return nullptr;
}

const WorkspaceMember *WorkspaceInfo::shared() const
{
    const WorkspaceMember *best = nullptr;
    int bestCount = 0;
    for (const auto &m : members) {
        if (m.libSource.isEmpty())
            continue;
        int count = 0;
        for (const auto &other : members)
            count += other.memberDeps.contains(m.name) ? 1 : 0;
        if (count > bestCount) {
            best = &m;
            bestCount = count;
        }
    }
    return best;
}

bool WorkspaceInfo::readLockedDependencies(QString *error)
{
    lockedDependencies.reset();
    const QDir dir(root);
    QStringList lockFiles{dir.filePath(QStringLiteral("Cargo.lock"))};
    for (const auto &m : members)
        lockFiles << dir.filePath(m.dir.isEmpty() ? QStringLiteral("Cargo.lock")
                                                  : m.dir + QStringLiteral("/Cargo.lock"));
    lockFiles.removeDuplicates();
    QStringList found;
    bool any = false;
    for (const QString &path : lockFiles) {
        if (!QFile::exists(path))
            continue;
        const auto lock = CargoLock::read(path, error);
        if (!lock)
            return false; // a half-read lock would leave dependencies out: no list at all instead
        any = true;
        for (const auto &p : lock->packages)
            if (!p.isLocal())
                found << p.name + QLatin1Char('-') + p.version;
    }
    if (!any)
        return false;
    found.removeDuplicates();
    lockedDependencies = found;
    return true;
}

const WorkspaceMember *WorkspaceInfo::member(const QString &name) const
{
    for (const auto &m : members)
        if (m.name == name)
            return &m;
    return nullptr;
}

} // namespace flakeoff
