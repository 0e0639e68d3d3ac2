// SPDX-License-Identifier: MIT
#include "Scenario.h"

#include "util/JsonFields.h"
#include "util/JsonFile.h"

#include <QSet>

#include <nlohmann/json.hpp>

namespace flakeoff {

using json = nlohmann::json;

namespace {
const std::vector<std::pair<ScenarioStep::Kind, const char *>> &kindNames()
{
    static const std::vector<std::pair<ScenarioStep::Kind, const char *>> names{
        {ScenarioStep::Kind::Cold, "cold"},
        {ScenarioStep::Kind::Noop, "noop"},
        {ScenarioStep::Kind::EditLeaf, "edit-leaf"},
        {ScenarioStep::Kind::EditShared, "edit-shared"},
        {ScenarioStep::Kind::BumpDependency, "bump-dependency"},
        {ScenarioStep::Kind::EditNix, "edit-nix"},
        {ScenarioStep::Kind::TouchDocs, "touch-docs"},
        {ScenarioStep::Kind::EditFile, "edit-file"},
    };
    return names;
}

ScenarioStep make(ScenarioStep::Kind kind, const char *description)
{
    ScenarioStep s;
    s.kind = kind;
    s.id = ScenarioStep::kindName(kind);
    s.description = QString::fromUtf8(description);
    return s;
}
} // namespace

QString ScenarioStep::kindName(Kind k)
{
    for (const auto &[kind, name] : kindNames())
        if (kind == k)
            return QString::fromLatin1(name);
    return {};
}

QString ScenarioStep::kindDescription(Kind k)
{
    switch (k) {
    case Kind::Cold:
        return QStringLiteral("the project's own derivations deleted, then built");
    case Kind::Noop:
        return QStringLiteral("built again with no change");
    case Kind::EditLeaf:
        return QStringLiteral("the source of a crate nothing else depends on edited");
    case Kind::EditShared:
        return QStringLiteral("the shared crate's source edited");
    case Kind::BumpDependency:
        return QStringLiteral("a dependency's features changed");
    case Kind::EditNix:
        return QStringLiteral("the strategy's Nix expression edited");
    case Kind::TouchDocs:
        return QStringLiteral("README.md edited: no build should run");
    case Kind::EditFile:
        return QStringLiteral("a file edited");
    }
    return {};
}

std::optional<ScenarioStep::Kind> ScenarioStep::kindFromName(const QString &name)
{
    for (const auto &[kind, n] : kindNames())
        if (name == QLatin1String(n))
            return kind;
    return std::nullopt;
}

Scenario Scenario::standard()
{
    Scenario s;
    s.name = QStringLiteral("standard");
    s.description =
        QStringLiteral("A cold build, then each kind of change a developer makes, one after another.");
    s.steps.push_back(make(ScenarioStep::Kind::Cold, "the project's own derivations deleted, then built"));
    s.steps.push_back(make(ScenarioStep::Kind::Noop, "built again with no change"));
    s.steps.push_back(
        make(ScenarioStep::Kind::EditLeaf, "the app's source edited (a comment and a new constant)"));
    s.steps.push_back(make(ScenarioStep::Kind::EditShared, "the shared crate's source edited"));
    ScenarioStep bump =
        make(ScenarioStep::Kind::BumpDependency, "a dependency's features changed (tokio gains \"fs\")");
    bump.manifest = QStringLiteral("Cargo.toml"); // the sample declares tokio in [workspace.dependencies]
    bump.dependency = QStringLiteral("tokio");
    bump.feature = QStringLiteral("fs");
    s.steps.push_back(bump);
    s.steps.push_back(
        make(ScenarioStep::Kind::EditNix, "the strategy's Nix expression edited (an environment variable)"));
    s.steps.push_back(make(ScenarioStep::Kind::TouchDocs, "README.md edited: no build should run"));
    return s;
}

std::optional<Scenario> Scenario::builtin(const QString &name)
{
    if (name == QLatin1String("standard"))
        return standard();
    if (name == QLatin1String("quick")) {
        Scenario s = standard();
        s.name = name;
        s.description =
            QStringLiteral("A cold build, a no-op and an edit of the app: the shortest useful comparison.");
        s.steps.resize(3);
        return s;
    }
    return std::nullopt;
}

QStringList Scenario::builtinNames()
{
    return {QStringLiteral("standard"), QStringLiteral("quick")};
}

json Scenario::toJson() const
{
    json steps_ = json::array();
    for (const auto &s : steps) {
        json js = {{"id", s.id.toStdString()}, {"kind", ScenarioStep::kindName(s.kind).toStdString()}};
        auto put = [&js](const char *key, const QString &v) {
            if (!v.isEmpty())
                js[key] = v.toStdString();
        };
        put("description", s.description);
        put("manifest", s.manifest);
        put("dependency", s.dependency);
        put("feature", s.feature);
        put("file", s.file);
        put("append", s.append);
        put("replace", s.replace);
        put("with", s.with);
        steps_.push_back(std::move(js));
    }
    return {{"schema", 1},
            {"name", name.toStdString()},
            {"description", description.toStdString()},
            {"steps", steps_}};
}

std::optional<Scenario> Scenario::fromJson(const json &j, QString *error)
{
    auto fail = [error](const QString &what) -> std::optional<Scenario> {
        if (error)
            *error = what;
        return std::nullopt;
    };
    if (!j.is_object())
        return fail(QStringLiteral("a scenario is a JSON object"));
    if (!j.contains("schema") || !j["schema"].is_number_integer() || j["schema"].get<int>() != 1)
        return fail(QStringLiteral("unsupported or missing scenario \"schema\" (expected 1)"));
    Scenario s;
    s.name = JsonFields::text(j, "name");
    s.description = JsonFields::text(j, "description");
    if (s.name.isEmpty())
        return fail(QStringLiteral("the scenario has no \"name\""));
    const auto steps = j.find("steps");
    if (steps == j.end() || !steps->is_array() || steps->empty())
        return fail(QStringLiteral("the scenario has no \"steps\""));
    QSet<QString> ids;
    int index = 0;
    for (const auto &js : *steps) {
        ++index;
        if (!js.is_object())
            return fail(QStringLiteral("step %1 is not an object").arg(index));
        ScenarioStep st;
        const QString kind = JsonFields::text(js, "kind");
        const auto k = ScenarioStep::kindFromName(kind);
        if (!k)
            return fail(QStringLiteral("step %1: unknown kind \"%2\"").arg(index).arg(kind));
        st.kind = *k;
        st.id = JsonFields::text(js, "id");
        if (st.id.isEmpty())
            st.id = kind;
        if (ids.contains(st.id))
            return fail(QStringLiteral("step %1: the id \"%2\" is used twice").arg(index).arg(st.id));
        ids.insert(st.id);
        st.description = JsonFields::text(js, "description");
        st.manifest = JsonFields::text(js, "manifest");
        st.dependency = JsonFields::text(js, "dependency");
        st.feature = JsonFields::text(js, "feature");
        st.file = JsonFields::text(js, "file");
        st.append = JsonFields::text(js, "append");
        st.replace = JsonFields::text(js, "replace");
        st.with = JsonFields::text(js, "with");
        if (st.kind == ScenarioStep::Kind::BumpDependency &&
            (st.manifest.isEmpty() || st.dependency.isEmpty() || st.feature.isEmpty()))
            return fail(
                QStringLiteral(
                    "step %1 (%2): bump-dependency needs \"manifest\", \"dependency\" and \"feature\"")
                    .arg(index)
                    .arg(st.id));
        if (st.kind == ScenarioStep::Kind::EditFile &&
            (st.file.isEmpty() || (st.append.isEmpty() && st.replace.isEmpty())))
            return fail(QStringLiteral(
                            "step %1 (%2): edit-file needs \"file\" and \"append\" or \"replace\"/\"with\"")
                            .arg(index)
                            .arg(st.id));
        if (st.file.contains(QStringLiteral("..")) || st.manifest.contains(QStringLiteral("..")))
            return fail(
                QStringLiteral("step %1 (%2): paths must stay inside the workspace").arg(index).arg(st.id));
        s.steps.push_back(std::move(st));
    }
    return s;
}

std::optional<Scenario> Scenario::load(const QString &path, QString *error)
{
    return JsonFile::load(path, error, &Scenario::fromJson);
}

const ScenarioStep *Scenario::step(const QString &id) const
{
    for (const auto &s : steps)
        if (s.id == id)
            return &s;
    return nullptr;
}

} // namespace flakeoff
