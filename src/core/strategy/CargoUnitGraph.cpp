// SPDX-License-Identifier: MIT
#include "CargoUnitGraph.h"

#include "util/JsonFields.h"
#include "util/JsonFile.h"

#include <nlohmann/json.hpp>

namespace flakeoff {

namespace {
using json = nlohmann::json;

QStringList strList(const json &j, const char *key)
{
    QStringList out;
    const auto it = j.find(key);
    if (it != j.end() && it->is_array())
        for (const auto &v : *it)
            if (v.is_string())
                out.append(QString::fromStdString(v.get<std::string>()));
    return out;
}

bool flag(const json &j, const char *key)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_boolean() && it->get<bool>();
}

// Cargo has written debuginfo as 0/1/2 and as "none"/"limited"/"full"/"line-tables-only".
QString debuginfoLevel(const json &profile)
{
    const auto it = profile.find("debuginfo");
    if (it == profile.end() || it->is_null())
        return QStringLiteral("0");
    if (it->is_number_integer())
        return QString::number(it->get<int>());
    if (it->is_string()) {
        const QString s = QString::fromStdString(it->get<std::string>());
        if (s == QLatin1String("none"))
            return QStringLiteral("0");
        if (s == QLatin1String("limited"))
            return QStringLiteral("1");
        if (s == QLatin1String("full"))
            return QStringLiteral("2");
        return s;
    }
    return QStringLiteral("0");
}

// `strip` looks like {"deferred": "None"} or {"resolved": {"Named": "debuginfo"}}. A deferred
// choice applies only when the unit has no debuginfo (what cargo decides later).
QString stripLevel(const json &profile, const QString &debuginfo)
{
    const auto it = profile.find("strip");
    if (it == profile.end())
        return {};
    auto named = [](const json &v) -> QString {
        if (v.is_object()) {
            const auto n = v.find("Named");
            if (n != v.end() && n->is_string())
                return QString::fromStdString(n->get<std::string>());
        }
        if (v.is_string() && v.get<std::string>() != "None")
            return QString::fromStdString(v.get<std::string>());
        return {};
    };
    if (it->is_object()) {
        if (const auto r = it->find("resolved"); r != it->end())
            return named(*r);
        if (const auto d = it->find("deferred"); d != it->end())
            return debuginfo == QLatin1String("0") ? named(*d) : QString();
    }
    return named(*it);
}

UnitProfile parseProfile(const json &p)
{
    UnitProfile profile;
    if (!p.is_object())
        return profile;
    profile.name = JsonFields::text(p, "name");
    profile.optLevel = JsonFields::text(p, "opt_level");
    if (profile.optLevel.isEmpty())
        profile.optLevel = QStringLiteral("0");
    profile.debuginfo = debuginfoLevel(p);
    profile.lto = JsonFields::text(p, "lto");
    profile.panic = JsonFields::text(p, "panic");
    profile.strip = stripLevel(p, profile.debuginfo);
    if (const auto cgu = p.find("codegen_units"); cgu != p.end() && cgu->is_number_integer())
        profile.codegenUnits = cgu->get<int>();
    profile.debugAssertions = flag(p, "debug_assertions");
    profile.overflowChecks = flag(p, "overflow_checks");
    profile.incremental = flag(p, "incremental");
    return profile;
}
} // namespace

bool Unit::isLibrary() const
{
    static const QStringList libraryKinds{QStringLiteral("lib"),       QStringLiteral("rlib"),
                                          QStringLiteral("dylib"),     QStringLiteral("cdylib"),
                                          QStringLiteral("staticlib"), QStringLiteral("proc-macro")};
    for (const QString &k : target.kinds)
        if (libraryKinds.contains(k))
            return true;
    return false;
}

std::optional<CargoUnitGraph> CargoUnitGraph::parse(const QByteArray &text, QString &error)
{
    const json doc = JsonFile::parse(text);
    if (doc.is_discarded() || !doc.is_object()) {
        error = QStringLiteral("unit graph: not a JSON object");
        return std::nullopt;
    }
    const auto version = doc.find("version");
    if (version == doc.end() || !version->is_number_integer() || version->get<int>() != 1) {
        error = QStringLiteral("unit graph: format version 1 expected");
        return std::nullopt;
    }
    const auto units = doc.find("units");
    if (units == doc.end() || !units->is_array()) {
        error = QStringLiteral("unit graph: no \"units\" list");
        return std::nullopt;
    }

    CargoUnitGraph graph;
    const auto count = static_cast<int>(units->size());
    for (int i = 0; i < count; ++i) {
        const json &u = (*units)[static_cast<std::size_t>(i)];
        const auto target = u.is_object() ? u.find("target") : u.end();
        if (!u.is_object() || target == u.end() || !target->is_object()) {
            error = QStringLiteral("unit graph: unit %1 has no target").arg(i);
            return std::nullopt;
        }
        Unit unit;
        unit.pkgId = JsonFields::text(u, "pkg_id");
        unit.mode = JsonFields::text(u, "mode");
        unit.platform = JsonFields::text(u, "platform");
        unit.features = strList(u, "features");
        unit.target.name = JsonFields::text(*target, "name");
        unit.target.kinds = strList(*target, "kind");
        unit.target.crateTypes = strList(*target, "crate_types");
        unit.target.srcPath = JsonFields::text(*target, "src_path");
        unit.target.edition = JsonFields::text(*target, "edition");
        if (unit.pkgId.isEmpty() || unit.mode.isEmpty() || unit.target.name.isEmpty() ||
            unit.target.kinds.isEmpty()) {
            error = QStringLiteral("unit graph: unit %1 lacks pkg_id, mode, target name or kind").arg(i);
            return std::nullopt;
        }
        if (const auto p = u.find("profile"); p != u.end())
            unit.profile = parseProfile(*p);
        if (const auto deps = u.find("dependencies"); deps != u.end() && deps->is_array())
            for (const auto &d : *deps) {
                const auto index = d.is_object() ? d.find("index") : d.end();
                if (index == d.end() || !index->is_number_integer() || index->get<int>() < 0 ||
                    index->get<int>() >= count) {
                    error = QStringLiteral("unit graph: unit %1 has a dependency outside the graph").arg(i);
                    return std::nullopt;
                }
                UnitDependency dep;
                dep.index = index->get<int>();
                dep.externCrateName = JsonFields::text(d, "extern_crate_name");
                dep.isPublic = flag(d, "public");
                dep.noprelude = flag(d, "noprelude");
                unit.dependencies.push_back(std::move(dep));
            }
        graph.m_units.push_back(std::move(unit));
    }
    if (const auto roots = doc.find("roots"); roots != doc.end() && roots->is_array())
        for (const auto &r : *roots) {
            if (!r.is_number_integer() || r.get<int>() < 0 || r.get<int>() >= count) {
                error = QStringLiteral("unit graph: a root lies outside the graph");
                return std::nullopt;
            }
            graph.m_roots.push_back(r.get<int>());
        }
    return graph;
}

} // namespace flakeoff
