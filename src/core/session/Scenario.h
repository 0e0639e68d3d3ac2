// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <vector>

namespace flakeoff {

// One step of a scenario: an edit of the scratch copy (or none), then a build of every target.
struct ScenarioStep
{
    enum class Kind
    {
        Cold,           // the project's own outputs deleted from the store, then built
        Noop,           // built again, nothing changed
        EditLeaf,       // the source of a crate nothing else depends on (the app)
        EditShared,     // the source of the crate the app and the wasm library share
        BumpDependency, // a dependency's features (or version) in a Cargo.toml
        EditNix,        // the strategy's Nix expression (its edit-nix anchor)
        TouchDocs,      // a file no build should depend on (README.md)
        EditFile,       // user-defined: append to / replace in a file
    };

    QString id; // unique within the scenario, e.g. "edit-leaf"
    Kind kind = Kind::Noop;
    QString description;
    // BumpDependency: which dependency of which manifest, and the feature to add.
    QString manifest;   // relative to the workspace, e.g. "app/Cargo.toml"
    QString dependency; // e.g. "tokio"
    QString feature;    // e.g. "fs"
    // EditFile: the file and the text to append (or `replace` → `with`).
    QString file;
    QString append;
    QString replace;
    QString with;

    static QString kindName(Kind k);
    // What a step of this kind changes, in general words: said when a step has no description.
    static QString kindDescription(Kind k);
    static std::optional<Kind> kindFromName(const QString &name);
};

class Scenario
{
public:
    QString name;
    QString description;
    std::vector<ScenarioStep> steps;

    // cold → noop → edit-leaf → edit-shared → bump-dependency → edit-nix → touch-docs, for the
    // bundled sample (the dependency bump adds tokio's "fs" feature in the workspace's Cargo.toml,
    // which Debian's tokio offers offline).
    static Scenario standard();
    // The built-in scenarios by name ("standard", "quick": cold → noop → edit-leaf).
    static std::optional<Scenario> builtin(const QString &name);
    static QStringList builtinNames();

    // JSON form (scenarios are files users write): {"schema":1,"name":…,"steps":[{"id","kind",…}]}.
    nlohmann::json toJson() const;
    static std::optional<Scenario> fromJson(const nlohmann::json &j, QString *error);
    static std::optional<Scenario> load(const QString &path, QString *error);

    const ScenarioStep *step(const QString &id) const;
};

} // namespace flakeoff
