// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace flakeoff {

class CargoMetadata;

// What Flakeoff needs to know about a user's workspace to build and edit it: which members are
// native targets (a binary), which are wasm targets (a cdylib), and which sources the built-in
// edits touch. Read from `cargo metadata`.
struct WorkspaceMember
{
    QString name;
    QString version;        // as cargo resolved it (`version.workspace = true` gives the workspace's)
    QString dir;            // relative to the workspace root ("" for a root package)
    QString binSource;      // relative path of its first bin target's source, if any
    QString libSource;      // relative path of its lib target's source, if any
    bool cdylib = false;    // its lib builds a cdylib (→ a wasm target)
    QStringList memberDeps; // other members it depends on (normal dependencies)
};

class WorkspaceInfo
{
public:
    // nullopt with `error` when the workspace has no member to build.
    static std::optional<WorkspaceInfo> fromMetadata(const CargoMetadata &metadata, QString *error);

    QString root;
    std::vector<WorkspaceMember> members;
    // "<name>-<version>" of every package the workspace's Cargo.lock files pin from a registry or
    // git: its dependencies, not members or path packages (nothing downloads or vendors those).
    // nullopt while no lock was read (none yet: a prepare step may make it).
    std::optional<QStringList> lockedDependencies;

    // Reads lockedDependencies from Cargo.lock at the root and in each member's folder (the
    // separate layout has one lock per project), offline. False, with lockedDependencies
    // nullopt and `error` set for an unreadable lock, when no lock was read.
    bool readLockedDependencies(QString *error = nullptr);

    QStringList nativeTargets() const; // members with a binary
    QStringList wasmTargets() const;   // members with a cdylib
    // The folders of the members a target builds (a binary or a cdylib), in member order: the
    // projects of the separate layout that get a lock of their own (prepare steps with
    // forEach "target-crate"). "." for a root package.
    QStringList targetDirs() const;
    // Why a target of `kind` ("native", "wasm32") cannot be built from this workspace (no member
    // of that kind), in words; empty when it can. No strategy attempts such a target.
    QString missingTargetReason(const QString &kind) const;
    // The crate nothing else depends on whose source edit-leaf changes: a binary member no member
    // depends on. Empty when there is none.
    const WorkspaceMember *leaf() const;
    // The library most members depend on (for the sample: cats, used by app and wasm).
    const WorkspaceMember *shared() const;
    const WorkspaceMember *member(const QString &name) const;
};

} // namespace flakeoff
