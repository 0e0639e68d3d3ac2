// SPDX-License-Identifier: MIT
#pragma once

#include "Session.h"

#include <nlohmann/json_fwd.hpp>

#include <optional>

namespace flakeoff {

// Sessions on disk: one JSON document (schema-versioned) plus a side folder `<name>.logs/` holding
// every build's saved log with arrival times, so any report can be recomputed without re-running.
// Saving is atomic (QSaveFile); a half-written, corrupt or newer-schema file is refused with a
// sentence that says why — never loaded half.
class SessionStore
{
public:
    static nlohmann::json toJson(const Session &session);
    static std::optional<Session> fromJson(const nlohmann::json &j, QString *error);

    static bool save(const Session &session, const QString &path, QString *error);
    // A file that cannot be read as a session says so: "<path> is not a session: the file is
    // empty", "… not a complete JSON document (cut off or corrupt)", "<path>: not a Flakeoff
    // session …".
    static std::optional<Session> load(const QString &path, QString *error);
    // Whether to open `path` as a session rather than as a build log: a `.json` file (a broken one
    // too, so it is refused as a session with the reason, never read as an empty log), or a file
    // whose content starts with '{' (a log starts with "@nix" or "#flakeoff-log").
    static bool isSessionFile(const QString &path);

    // environment.inputs_used: {"<strategy>": [{"name", "origin", "from", "revision", "digest", "words"}]};
    // entries without a name are dropped.
    static nlohmann::json usedInputsToJson(const std::map<QString, std::vector<UsedInput>> &used);
    static std::map<QString, std::vector<UsedInput>> usedInputsFromJson(const nlohmann::json &j);
    // environment.nix_store {"url", "default"}, environment.remote_builders ["ssh-ng://…"] and
    // environment.nix_settings_added [{"setting", "value", "why"}], each only when recorded
    // (older sessions keep their exact shape).
    static void putNixSetup(const SessionEnvironment &e, nlohmann::json &environment);
    static void readNixSetup(const nlohmann::json &environment, SessionEnvironment &e);

    // `<path without .json>.logs`
    static QString logFolder(const QString &sessionPath);

private:
    // Upgrades an older document in place to kSchemaVersion, one version at a time.
    static bool migrate(nlohmann::json &j, int fromVersion, QString *error);
};

} // namespace flakeoff
