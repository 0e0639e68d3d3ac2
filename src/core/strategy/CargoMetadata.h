// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <map>
#include <optional>
#include <vector>

namespace flakeoff {

// One target of a package (lib, bin, proc-macro, custom-build, …) as `cargo metadata` lists it.
struct CargoTarget
{
    QString name;
    QStringList kinds;      // "lib", "bin", "proc-macro", "custom-build", "cdylib", …
    QStringList crateTypes; // what rustc is asked to produce
    QString srcPath;        // absolute
    QString edition;
    QStringList requiredFeatures;
};

// A dependency as declared in a manifest (not resolved).
struct CargoDependencyDecl
{
    QString name;   // the package it asks for
    QString rename; // `foo = { package = "bar" }` → rename "foo"; empty when not renamed
    QString kind;   // "" (normal), "dev", "build"
    QString target; // platform condition, e.g. cfg(not(target_arch = "wasm32"))
    QString path;   // path dependencies only (absolute)
    bool optional = false;
};

struct CargoPackage
{
    QString id; // package id spec, the key the resolve graph and the unit graph use
    QString name;
    QString version;
    QString source;       // empty for path packages (workspace members and path dependencies)
    QString manifestPath; // absolute path of its Cargo.toml
    QString edition;
    QString links; // the `links` key (native library it provides), empty when none
    QStringList authors;
    QString description;
    QString homepage;
    QString repository;
    QString documentation;
    QString license;
    QString licenseFile;
    QString readme;
    QString rustVersion;
    std::vector<CargoTarget> targets;
    std::vector<CargoDependencyDecl> dependencies;
    std::map<QString, QStringList> features;

    bool isLocal() const { return source.isEmpty(); }
    QString manifestDir() const;
};

struct CargoResolveDep
{
    QString name;        // extern crate name (renames applied, dashes as underscores)
    QString package;     // package id
    QStringList kinds;   // "" normal, "dev", "build" (one entry per dep_kinds item)
    QStringList targets; // the same items' platform ("cfg(unix)", a triple); "" = every platform
};

struct CargoResolveNode
{
    QString id;
    QStringList features;
    std::vector<CargoResolveDep> deps;
};

// The output of `cargo metadata --format-version 1`, parsed without exceptions. Only what the
// layout models need; unknown fields are ignored, wrong types in optional fields read as empty.
class CargoMetadata
{
public:
    // nullopt and a readable `error` when the text is not version-1 metadata.
    static std::optional<CargoMetadata> parse(const QByteArray &json, QString &error);

    const std::vector<CargoPackage> &packages() const { return m_packages; }
    const QStringList &workspaceMembers() const { return m_members; }
    const QString &workspaceRoot() const { return m_workspaceRoot; }
    const QString &targetDirectory() const { return m_targetDirectory; }
    const std::vector<CargoResolveNode> &resolveNodes() const { return m_nodes; }
    const QString &resolveRoot() const { return m_resolveRoot; }

    const CargoPackage *findPackage(const QString &id) const;
    bool isMember(const QString &id) const { return m_members.contains(id); }

private:
    std::vector<CargoPackage> m_packages;
    std::map<QString, std::size_t> m_index;
    QStringList m_members;
    QString m_workspaceRoot;
    QString m_targetDirectory;
    std::vector<CargoResolveNode> m_nodes;
    QString m_resolveRoot;
};

} // namespace flakeoff
