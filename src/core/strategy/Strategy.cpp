// SPDX-License-Identifier: MIT
#include "Strategy.h"

#include "util/JsonFields.h"
#include "util/JsonFile.h"

#include <QFile>
#include <QFileInfo>

#include <nlohmann/json.hpp>

namespace flakeoff {

using json = nlohmann::json;

namespace {

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
    const json j = JsonFile::parse(bytes);
    if (j.is_discarded() || !j.is_object())
        return fail(QStringLiteral("not a JSON object"));
    if (!j.contains("schema") || !j["schema"].is_number_integer() || j["schema"].get<int>() != 1)
        return fail(QStringLiteral("unsupported or missing \"schema\" (expected 1)"));

    Strategy s;
    s.folder = QFileInfo(manifestPath).absolutePath();
    s.id = JsonFields::text(j, "id");
    s.name = JsonFields::text(j, "name");
    s.family = JsonFields::text(j, "family");
    s.summary = JsonFields::text(j, "summary");
    s.model = JsonFields::flag(j, "model");
    s.models = JsonFields::text(j, "models");
    if (s.id.isEmpty() || s.name.isEmpty())
        return fail(QStringLiteral("\"id\" and \"name\" are required"));
    if (s.id != QFileInfo(s.folder).fileName())
        return fail(QStringLiteral("\"id\" %1 differs from its folder's name").arg(s.id));
    static const QStringList families{QStringLiteral("monolithic"), QStringLiteral("deps-split"),
                                      QStringLiteral("per-crate")};
    if (!families.contains(s.family))
        return fail(QStringLiteral("\"family\" must be one of %1").arg(families.join(QStringLiteral(", "))));
    if (const auto t = j.find("tool"); t != j.end() && t->is_object()) {
        s.toolName = JsonFields::text(*t, "name");
        s.toolUrl = JsonFields::text(*t, "url");
    }

    const auto layouts = j.find("layouts");
    if (layouts == j.end() || !layouts->is_object() || layouts->empty())
        return fail(QStringLiteral("\"layouts\" must name at least one layout"));
    for (const auto &[key, jl] : layouts->items()) {
        if (!jl.is_object())
            return fail(QStringLiteral("layout %1 is not an object").arg(QString::fromStdString(key)));
        StrategyLayout l;
        l.id = QString::fromStdString(key);
        l.description = JsonFields::text(jl, "description");
        for (const auto &jf : JsonFields::array(jl, "files"))
            if (jf.is_object())
                l.files.push_back({JsonFields::text(jf, "from"), JsonFields::text(jf, "to")});
        const auto b = jl.find("build");
        if (b == jl.end() || !b->is_object())
            return fail(QStringLiteral("layout %1 has no \"build\"").arg(l.id));
        const QString kind = JsonFields::text(*b, "kind");
        if (kind == QLatin1String("flake")) {
            l.build.kind = StrategyBuild::Kind::Flake;
        } else if (kind == QLatin1String("file")) {
            l.build.kind = StrategyBuild::Kind::File;
            l.build.file = JsonFields::text(*b, "file");
            if (l.build.file.isEmpty() || !QFileInfo::exists(s.folder + QLatin1Char('/') + l.build.file))
                return fail(
                    QStringLiteral("layout %1: build file \"%2\" does not exist").arg(l.id, l.build.file));
            if (const auto a = b->find("args"); a != b->end() && a->is_object())
                for (const auto &[name, v] : a->items())
                    if (v.is_string())
                        l.build.args[QString::fromStdString(name)] =
                            QString::fromStdString(v.get<std::string>());
        } else {
            return fail(QStringLiteral("layout %1: build kind must be \"flake\" or \"file\"").arg(l.id));
        }
        l.build.attribute = JsonFields::text(*b, "attribute");
        l.build.all = JsonFields::text(*b, "all");
        l.build.systems = JsonFields::textList(*b, "systems");
        if (l.build.attribute.isEmpty())
            return fail(QStringLiteral("layout %1: build has no \"attribute\"").arg(l.id));
        l.expectBuild = JsonFields::text(jl, "expect") != QLatin1String("fail");
        if (const auto f = jl.find("failure"); f != jl.end() && f->is_object()) {
            l.failureWhy = JsonFields::text(*f, "why");
            l.failureMessage = JsonFields::text(*f, "message");
        }
        for (const auto &copied : l.files)
            if (!QFileInfo::exists(s.folder + QLatin1Char('/') + copied.from))
                return fail(QStringLiteral("layout %1: file \"%2\" does not exist").arg(l.id, copied.from));
        s.layouts.push_back(std::move(l));
    }

    for (const auto &jt : JsonFields::array(j, "targets"))
        if (jt.is_object())
            s.targets.push_back({JsonFields::text(jt, "id"), JsonFields::text(jt, "kind"),
                                 JsonFields::text(jt, "triple"), JsonFields::text(jt, "pattern")});
    if (s.targets.empty())
        return fail(QStringLiteral("\"targets\" is empty"));
    for (const auto &jp : JsonFields::array(j, "prepare")) {
        if (!jp.is_object())
            continue;
        PrepareStep p;
        p.name = JsonFields::text(jp, "name");
        p.description = JsonFields::text(jp, "description");
        p.layouts = JsonFields::textList(jp, "layouts");
        p.argv = JsonFields::textList(jp, "argv");
        p.cwd = JsonFields::text(jp, "cwd");
        p.when = JsonFields::text(jp, "when");
        p.forEach = JsonFields::text(jp, "forEach");
        p.needs = JsonFields::textList(jp, "needs");
        p.produces = JsonFields::textList(jp, "produces");
        p.inputs = JsonFields::textList(jp, "inputs");
        p.track = JsonFields::flag(jp, "track");
        p.mode = JsonFields::text(jp, "mode");
        if (p.argv.isEmpty())
            return fail(QStringLiteral("prepare step \"%1\" has no argv").arg(p.name));
        if (!p.mode.isEmpty() && p.mode != QLatin1String("online") && p.mode != QLatin1String("offline"))
            return fail(
                QStringLiteral(
                    "prepare step \"%1\": \"mode\" must be \"online\" or \"offline\" (or absent for both)")
                    .arg(p.name));
        s.prepare.push_back(std::move(p));
    }
    if (const auto o = j.find("offline"); o != j.end()) {
        if (!o->is_object())
            return fail(QStringLiteral("\"offline\" is not an object"));
        for (const auto &jo : JsonFields::array(*o, "overrides")) {
            const InputOverride io{JsonFields::text(jo, "input"), JsonFields::text(jo, "from")};
            if (io.input.isEmpty())
                return fail(QStringLiteral("an offline override has no \"input\""));
            if (!io.from.startsWith(QLatin1String("input:")) &&
                !io.from.startsWith(QLatin1String("standin:")))
                return fail(
                    QStringLiteral(
                        "offline override of %1: \"from\" must be input:NAME or standin:NAME, not \"%2\"")
                        .arg(io.input, io.from));
            if (io.from.section(QLatin1Char(':'), 1).isEmpty())
                return fail(QStringLiteral("offline override of %1: \"from\" names no folder").arg(io.input));
            s.offline.overrides.push_back(io);
        }
        s.offline.standins = JsonFields::textList(*o, "standins");
    }
    for (const auto &jn : JsonFields::array(j, "needs"))
        if (jn.is_object())
            s.needs.push_back({JsonFields::text(jn, "id"), JsonFields::text(jn, "why"),
                               JsonFields::text(jn, "min"), JsonFields::flag(jn, "optional")});
    for (const auto &ja : JsonFields::array(j, "intermediateArtifacts"))
        if (ja.is_object())
            s.artifacts.push_back({JsonFields::text(ja, "role"), JsonFields::text(ja, "kind"),
                                   JsonFields::text(ja, "pattern"), JsonFields::text(ja, "description"),
                                   JsonFields::flag(ja, "perTarget")});
    if (const auto e = j.find("editNix"); e != j.end() && e->is_object()) {
        EditNixSpec spec{JsonFields::text(*e, "kind"),       JsonFields::text(*e, "file"),
                         JsonFields::text(*e, "anchor"),     JsonFields::text(*e, "regex"),
                         JsonFields::text(*e, "arg"),        JsonFields::text(*e, "value"),
                         JsonFields::text(*e, "description")};
        if (spec.kind.isEmpty())
            spec.kind = QStringLiteral("anchor");
        if (spec.kind == QLatin1String("anchor") &&
            (spec.file.isEmpty() || spec.anchor.isEmpty() || spec.regex.isEmpty()))
            return fail(QStringLiteral("editNix of kind anchor needs file, anchor and regex"));
        if (spec.kind == QLatin1String("arg") &&
            (spec.arg.isEmpty() || !spec.value.contains(QStringLiteral("{nonce}"))))
            return fail(QStringLiteral("editNix of kind arg needs arg and a value containing {nonce}"));
        if (spec.kind != QLatin1String("anchor") && spec.kind != QLatin1String("arg"))
            return fail(QStringLiteral("editNix kind must be \"anchor\" or \"arg\""));
        s.editNix = spec;
    }
    s.ownDerivations = JsonFields::textList(j, "ownDerivations");
    if (const auto r = j.find("expectedRebuilds"); r != j.end() && r->is_object())
        for (const auto &[step, jr] : r->items())
            if (jr.is_object())
                s.expectedRebuilds[QString::fromStdString(step)] =
                    ExpectedRebuild{JsonFields::text(jr, "subject"), JsonFields::textList(jr, "rebuild"),
                                    JsonFields::textList(jr, "some"), JsonFields::textList(jr, "keep"),
                                    JsonFields::text(jr, "why")};
    return s;
}

QStringList Strategy::targetIds(const QStringList &wanted) const
{
    QStringList ids;
    for (const StrategyTarget &t : targets)
        if (wanted.isEmpty() || wanted.contains(t.id))
            ids << t.id;
    return ids;
}

const StrategyLayout *Strategy::layout(const QString &layoutId) const
{
    for (const auto &l : layouts)
        if (l.id == layoutId)
            return &l;
    return nullptr;
}

QString Strategy::layoutMissing(const QString &layoutId) const
{
    if (layout(layoutId))
        return {};
    QStringList ids;
    for (const auto &l : layouts)
        ids << l.id;
    return QStringLiteral("has no %1 layout (its layouts: %2)").arg(layoutId, ids.join(QStringLiteral(", ")));
}

bool PrepareStep::runsIn(bool offline) const
{
    return mode.isEmpty() || mode == (offline ? QLatin1String("offline") : QLatin1String("online"));
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
