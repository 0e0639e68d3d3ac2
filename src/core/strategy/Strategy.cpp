// SPDX-License-Identifier: MIT
#include "Strategy.h"

#include <QFile>
#include <QFileInfo>

#include <nlohmann/json.hpp>

namespace flakeoff {

using json = nlohmann::json;

namespace {

QString qs(const json &j, const char *key)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

QStringList qsl(const json &j, const char *key)
{
    QStringList out;
    const auto it = j.find(key);
    if (it == j.end() || !it->is_array())
        return out;
    for (const auto &v : *it)
        if (v.is_string())
            out << QString::fromStdString(v.get<std::string>());
    return out;
}

bool qb(const json &j, const char *key, bool fallback = false)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

const json &arrayOrEmpty(const json &j, const char *key)
{
    static const json empty = json::array();
    const auto it = j.find(key);
    return it != j.end() && it->is_array() ? *it : empty;
}

} // namespace

std::optional<Strategy> Strategy::load(const QString &manifestPath, QString *error)
{
    auto fail = [&](const QString &what) -> std::optional<Strategy> {
        if (error)
            *error = manifestPath + QStringLiteral(": ") + what;
        return std::nullopt;
    };
    QFile file(manifestPath);
    if (!file.open(QIODevice::ReadOnly))
        return fail(file.errorString());
    const QByteArray bytes = file.readAll();
    const json j = json::parse(bytes.constBegin(), bytes.constEnd(), nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return fail(QStringLiteral("not a JSON object"));
    if (!j.contains("schema") || !j["schema"].is_number_integer() || j["schema"].get<int>() != 1)
        return fail(QStringLiteral("unsupported or missing \"schema\" (expected 1)"));

    Strategy s;
    s.folder = QFileInfo(manifestPath).absolutePath();
    s.id = qs(j, "id");
    s.name = qs(j, "name");
    s.family = qs(j, "family");
    s.summary = qs(j, "summary");
    s.model = qb(j, "model");
    s.models = qs(j, "models");
    if (s.id.isEmpty() || s.name.isEmpty())
        return fail(QStringLiteral("\"id\" and \"name\" are required"));
    if (s.id != QFileInfo(s.folder).fileName())
        return fail(QStringLiteral("\"id\" %1 differs from its folder's name").arg(s.id));
    static const QStringList families{QStringLiteral("monolithic"), QStringLiteral("deps-split"),
                                      QStringLiteral("per-crate")};
    if (!families.contains(s.family))
        return fail(QStringLiteral("\"family\" must be one of %1").arg(families.join(QStringLiteral(", "))));
    if (const auto t = j.find("tool"); t != j.end() && t->is_object()) {
        s.toolName = qs(*t, "name");
        s.toolUrl = qs(*t, "url");
    }

    const auto layouts = j.find("layouts");
    if (layouts == j.end() || !layouts->is_object() || layouts->empty())
        return fail(QStringLiteral("\"layouts\" must name at least one layout"));
    for (const auto &[key, jl] : layouts->items()) {
        if (!jl.is_object())
            return fail(QStringLiteral("layout %1 is not an object").arg(QString::fromStdString(key)));
        StrategyLayout l;
        l.id = QString::fromStdString(key);
        l.description = qs(jl, "description");
        for (const auto &jf : arrayOrEmpty(jl, "files"))
            if (jf.is_object())
                l.files.push_back({qs(jf, "from"), qs(jf, "to")});
        const auto b = jl.find("build");
        if (b == jl.end() || !b->is_object())
            return fail(QStringLiteral("layout %1 has no \"build\"").arg(l.id));
        const QString kind = qs(*b, "kind");
        if (kind == QLatin1String("flake")) {
            l.build.kind = StrategyBuild::Kind::Flake;
        } else if (kind == QLatin1String("file")) {
            l.build.kind = StrategyBuild::Kind::File;
            l.build.file = qs(*b, "file");
            if (l.build.file.isEmpty() || !QFileInfo::exists(s.folder + QLatin1Char('/') + l.build.file))
                return fail(QStringLiteral("layout %1: build file \"%2\" does not exist").arg(l.id, l.build.file));
            if (const auto a = b->find("args"); a != b->end() && a->is_object())
                for (const auto &[name, v] : a->items())
                    if (v.is_string())
                        l.build.args[QString::fromStdString(name)] = QString::fromStdString(v.get<std::string>());
        } else {
            return fail(QStringLiteral("layout %1: build kind must be \"flake\" or \"file\"").arg(l.id));
        }
        l.build.attribute = qs(*b, "attribute");
        l.build.all = qs(*b, "all");
        l.build.systems = qsl(*b, "systems");
        if (l.build.attribute.isEmpty())
            return fail(QStringLiteral("layout %1: build has no \"attribute\"").arg(l.id));
        l.expectBuild = qs(jl, "expect") != QLatin1String("fail");
        if (const auto f = jl.find("failure"); f != jl.end() && f->is_object()) {
            l.failureWhy = qs(*f, "why");
            l.failureMessage = qs(*f, "message");
        }
        for (const auto &copied : l.files)
            if (!QFileInfo::exists(s.folder + QLatin1Char('/') + copied.from))
                return fail(QStringLiteral("layout %1: file \"%2\" does not exist").arg(l.id, copied.from));
        s.layouts.push_back(std::move(l));
    }

    for (const auto &jt : arrayOrEmpty(j, "targets"))
        if (jt.is_object())
            s.targets.push_back({qs(jt, "id"), qs(jt, "kind"), qs(jt, "triple"), qs(jt, "pattern")});
    if (s.targets.empty())
        return fail(QStringLiteral("\"targets\" is empty"));
    for (const auto &jp : arrayOrEmpty(j, "prepare")) {
        if (!jp.is_object())
            continue;
        PrepareStep p;
        p.name = qs(jp, "name");
        p.description = qs(jp, "description");
        p.layouts = qsl(jp, "layouts");
        p.argv = qsl(jp, "argv");
        p.cwd = qs(jp, "cwd");
        p.when = qs(jp, "when");
        p.forEach = qs(jp, "forEach");
        p.needs = qsl(jp, "needs");
        p.produces = qsl(jp, "produces");
        p.inputs = qsl(jp, "inputs");
        p.track = qb(jp, "track");
        if (p.argv.isEmpty())
            return fail(QStringLiteral("prepare step \"%1\" has no argv").arg(p.name));
        s.prepare.push_back(std::move(p));
    }
    for (const auto &jn : arrayOrEmpty(j, "needs"))
        if (jn.is_object())
            s.needs.push_back({qs(jn, "id"), qs(jn, "why"), qs(jn, "min"), qb(jn, "optional")});
    for (const auto &ja : arrayOrEmpty(j, "intermediateArtifacts"))
        if (ja.is_object())
            s.artifacts.push_back({qs(ja, "role"), qs(ja, "kind"), qs(ja, "pattern"), qs(ja, "description"),
                                   qb(ja, "perTarget")});
    if (const auto e = j.find("editNix"); e != j.end() && e->is_object()) {
        EditNixSpec spec{qs(*e, "kind"), qs(*e, "file"), qs(*e, "anchor"), qs(*e, "regex"), qs(*e, "arg"),
                         qs(*e, "value"), qs(*e, "description")};
        if (spec.kind.isEmpty())
            spec.kind = QStringLiteral("anchor");
        if (spec.kind == QLatin1String("anchor") && (spec.file.isEmpty() || spec.anchor.isEmpty() || spec.regex.isEmpty()))
            return fail(QStringLiteral("editNix of kind anchor needs file, anchor and regex"));
        if (spec.kind == QLatin1String("arg") && (spec.arg.isEmpty() || !spec.value.contains(QStringLiteral("{nonce}"))))
            return fail(QStringLiteral("editNix of kind arg needs arg and a value containing {nonce}"));
        if (spec.kind != QLatin1String("anchor") && spec.kind != QLatin1String("arg"))
            return fail(QStringLiteral("editNix kind must be \"anchor\" or \"arg\""));
        s.editNix = spec;
    }
    s.ownDerivations = qsl(j, "ownDerivations");
    if (const auto r = j.find("expectedRebuilds"); r != j.end() && r->is_object())
        for (const auto &[step, jr] : r->items())
            if (jr.is_object())
                s.expectedRebuilds[QString::fromStdString(step)] =
                    ExpectedRebuild{qs(jr, "subject"), qsl(jr, "rebuild"), qsl(jr, "some"), qsl(jr, "keep"), qs(jr, "why")};
    return s;
}

const StrategyLayout *Strategy::layout(const QString &layoutId) const
{
    for (const auto &l : layouts)
        if (l.id == layoutId)
            return &l;
    return nullptr;
}

bool Strategy::hasNeed(const QString &needId) const
{
    for (const auto &n : needs)
        if (n.id == needId && !n.optional)
            return true;
    return false;
}

QString Strategy::displayName() const
{
    if (!model)
        return name;
    return models.isEmpty() ? QStringLiteral("%1 layout model").arg(family)
                            : QStringLiteral("%1 layout model (as %2)").arg(family, models);
}

} // namespace flakeoff
