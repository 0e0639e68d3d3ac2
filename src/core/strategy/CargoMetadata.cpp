// SPDX-License-Identifier: MIT
#include "CargoMetadata.h"

#include "util/JsonFields.h"
#include "util/JsonFile.h"

#include <QFileInfo>

#include <nlohmann/json.hpp>

namespace flakeoff {

namespace {
using json = nlohmann::json;

// Guarded typed access: a missing key, null or a value of another type reads as empty.
QStringList strings(const json &array)
{
    QStringList out;
    if (!array.is_array())
        return out;
    for (const auto &v : array)
        if (v.is_string())
            out.append(QString::fromStdString(v.get<std::string>()));
    return out;
}

QStringList strList(const json &j, const char *key)
{
    const auto it = j.find(key);
    return it == j.end() ? QStringList() : strings(*it);
}

const json *array(const json &j, const char *key)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_array() ? &*it : nullptr;
}

CargoTarget parseTarget(const json &t)
{
    CargoTarget target;
    target.name = JsonFields::text(t, "name");
    target.kinds = strList(t, "kind");
    target.crateTypes = strList(t, "crate_types");
    target.srcPath = JsonFields::text(t, "src_path");
    target.edition = JsonFields::text(t, "edition");
    target.requiredFeatures = strList(t, "required-features");
    return target;
}

CargoDependencyDecl parseDependency(const json &d)
{
    CargoDependencyDecl dep;
    dep.name = JsonFields::text(d, "name");
    dep.rename = JsonFields::text(d, "rename");
    dep.kind = JsonFields::text(d, "kind");
    dep.target = JsonFields::text(d, "target");
    dep.path = JsonFields::text(d, "path");
    dep.optional = JsonFields::flag(d, "optional");
    return dep;
}
} // namespace

QString CargoPackage::manifestDir() const
{
    return QFileInfo(manifestPath).path();
}

std::optional<CargoMetadata> CargoMetadata::parse(const QByteArray &text, QString &error)
{
    const json doc = JsonFile::parse(text);
    if (doc.is_discarded() || !doc.is_object()) {
        error = QStringLiteral("cargo metadata: not a JSON object");
        return std::nullopt;
    }
    const auto version = doc.find("version");
    if (version == doc.end() || !version->is_number_integer() || version->get<int>() != 1) {
        error = QStringLiteral("cargo metadata: format version 1 expected (run with --format-version 1)");
        return std::nullopt;
    }
    const json *packages = array(doc, "packages");
    if (!packages) {
        error = QStringLiteral("cargo metadata: no \"packages\" list");
        return std::nullopt;
    }

    CargoMetadata meta;
    meta.m_workspaceRoot = JsonFields::text(doc, "workspace_root");
    meta.m_targetDirectory = JsonFields::text(doc, "target_directory");
    meta.m_members = strList(doc, "workspace_members");
    if (meta.m_workspaceRoot.isEmpty()) {
        error = QStringLiteral("cargo metadata: no workspace_root");
        return std::nullopt;
    }

    for (std::size_t i = 0; i < packages->size(); ++i) {
        const json &p = (*packages)[i];
        if (!p.is_object()) {
            error = QStringLiteral("cargo metadata: package #%1 is not an object").arg(i);
            return std::nullopt;
        }
        CargoPackage pkg;
        pkg.id = JsonFields::text(p, "id");
        pkg.name = JsonFields::text(p, "name");
        pkg.version = JsonFields::text(p, "version");
        pkg.manifestPath = JsonFields::text(p, "manifest_path");
        if (pkg.id.isEmpty() || pkg.name.isEmpty() || pkg.version.isEmpty() || pkg.manifestPath.isEmpty()) {
            error =
                QStringLiteral("cargo metadata: package #%1 lacks id, name, version or manifest_path").arg(i);
            return std::nullopt;
        }
        pkg.source = JsonFields::text(p, "source");
        pkg.edition = JsonFields::text(p, "edition");
        pkg.links = JsonFields::text(p, "links");
        pkg.authors = strList(p, "authors");
        pkg.description = JsonFields::text(p, "description");
        pkg.homepage = JsonFields::text(p, "homepage");
        pkg.repository = JsonFields::text(p, "repository");
        pkg.documentation = JsonFields::text(p, "documentation");
        pkg.license = JsonFields::text(p, "license");
        pkg.licenseFile = JsonFields::text(p, "license_file");
        pkg.readme = JsonFields::text(p, "readme");
        pkg.rustVersion = JsonFields::text(p, "rust_version");
        if (const json *targets = array(p, "targets"))
            for (const auto &t : *targets)
                if (t.is_object())
                    pkg.targets.push_back(parseTarget(t));
        if (const json *deps = array(p, "dependencies"))
            for (const auto &d : *deps)
                if (d.is_object())
                    pkg.dependencies.push_back(parseDependency(d));
        const auto features = p.find("features");
        if (features != p.end() && features->is_object())
            for (const auto &[name, enables] : features->items())
                pkg.features[QString::fromStdString(name)] = strings(enables);
        if (meta.m_index.count(pkg.id)) {
            error = QStringLiteral("cargo metadata: package %1 is listed twice").arg(pkg.id);
            return std::nullopt;
        }
        meta.m_index.emplace(pkg.id, meta.m_packages.size());
        meta.m_packages.push_back(std::move(pkg));
    }

    // `resolve` is null with --no-deps; then there are no nodes.
    const auto resolve = doc.find("resolve");
    if (resolve != doc.end() && resolve->is_object()) {
        meta.m_resolveRoot = JsonFields::text(*resolve, "root");
        if (const json *nodes = array(*resolve, "nodes"))
            for (const auto &n : *nodes) {
                if (!n.is_object())
                    continue;
                CargoResolveNode node;
                node.id = JsonFields::text(n, "id");
                node.features = strList(n, "features");
                if (const json *deps = array(n, "deps"))
                    for (const auto &d : *deps) {
                        if (!d.is_object())
                            continue;
                        CargoResolveDep dep;
                        dep.name = JsonFields::text(d, "name");
                        dep.package = JsonFields::text(d, "pkg");
                        if (const json *kinds = array(d, "dep_kinds"))
                            for (const auto &k : *kinds)
                                if (k.is_object()) {
                                    dep.kinds.append(JsonFields::text(k, "kind"));
                                    dep.targets.append(JsonFields::text(k, "target"));
                                }
                        node.deps.push_back(std::move(dep));
                    }
                meta.m_nodes.push_back(std::move(node));
            }
    }

    for (const QString &member : std::as_const(meta.m_members))
        if (!meta.findPackage(member)) {
            error =
                QStringLiteral("cargo metadata: workspace member %1 is not among the packages").arg(member);
            return std::nullopt;
        }
    return meta;
}

const CargoPackage *CargoMetadata::findPackage(const QString &id) const
{
    const auto it = m_index.find(id);
    return it == m_index.end() ? nullptr : &m_packages[it->second];
}

} // namespace flakeoff
