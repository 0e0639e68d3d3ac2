// SPDX-License-Identifier: MIT
#include "CargoMetadata.h"

#include <QFileInfo>

#include <nlohmann/json.hpp>

namespace flakeoff {

namespace {
using json = nlohmann::json;

// Guarded typed access: a missing key, null or a value of another type reads as empty.
QString str(const json &j, const char *key)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

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

bool flag(const json &j, const char *key)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_boolean() && it->get<bool>();
}

const json *array(const json &j, const char *key)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_array() ? &*it : nullptr;
}

CargoTarget parseTarget(const json &t)
{
    CargoTarget target;
    target.name = str(t, "name");
    target.kinds = strList(t, "kind");
    target.crateTypes = strList(t, "crate_types");
    target.srcPath = str(t, "src_path");
    target.edition = str(t, "edition");
    target.requiredFeatures = strList(t, "required-features");
    return target;
}

CargoDependencyDecl parseDependency(const json &d)
{
    CargoDependencyDecl dep;
    dep.name = str(d, "name");
    dep.rename = str(d, "rename");
    dep.kind = str(d, "kind");
    dep.target = str(d, "target");
    dep.path = str(d, "path");
    dep.optional = flag(d, "optional");
    return dep;
}
} // namespace

QString CargoPackage::manifestDir() const
{
    return QFileInfo(manifestPath).path();
}

std::optional<CargoMetadata> CargoMetadata::parse(const QByteArray &text, QString &error)
{
    const json doc = json::parse(text.begin(), text.end(), nullptr, false);
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
    meta.m_workspaceRoot = str(doc, "workspace_root");
    meta.m_targetDirectory = str(doc, "target_directory");
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
        pkg.id = str(p, "id");
        pkg.name = str(p, "name");
        pkg.version = str(p, "version");
        pkg.manifestPath = str(p, "manifest_path");
        if (pkg.id.isEmpty() || pkg.name.isEmpty() || pkg.version.isEmpty() || pkg.manifestPath.isEmpty()) {
            error =
                QStringLiteral("cargo metadata: package #%1 lacks id, name, version or manifest_path").arg(i);
            return std::nullopt;
        }
        pkg.source = str(p, "source");
        pkg.edition = str(p, "edition");
        pkg.links = str(p, "links");
        pkg.authors = strList(p, "authors");
        pkg.description = str(p, "description");
        pkg.homepage = str(p, "homepage");
        pkg.repository = str(p, "repository");
        pkg.documentation = str(p, "documentation");
        pkg.license = str(p, "license");
        pkg.licenseFile = str(p, "license_file");
        pkg.readme = str(p, "readme");
        pkg.rustVersion = str(p, "rust_version");
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
        meta.m_resolveRoot = str(*resolve, "root");
        if (const json *nodes = array(*resolve, "nodes"))
            for (const auto &n : *nodes) {
                if (!n.is_object())
                    continue;
                CargoResolveNode node;
                node.id = str(n, "id");
                node.features = strList(n, "features");
                if (const json *deps = array(n, "deps"))
                    for (const auto &d : *deps) {
                        if (!d.is_object())
                            continue;
                        CargoResolveDep dep;
                        dep.name = str(d, "name");
                        dep.package = str(d, "pkg");
                        if (const json *kinds = array(d, "dep_kinds"))
                            for (const auto &k : *kinds)
                                if (k.is_object())
                                    dep.kinds.append(str(k, "kind"));
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
