// SPDX-License-Identifier: MIT
#include "SessionStore.h"

#include "log/BuildReportJson.h"
#include "nix/NixEnvironment.h"
#include "session/PredictionJson.h"
#include "util/JsonFields.h"
#include "util/JsonFile.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <nlohmann/json.hpp>

namespace flakeoff {

using json = nlohmann::json;

namespace {
std::string s(const QString &v)
{
    return v.toStdString();
}

} // namespace

QString SessionStore::logFolder(const QString &sessionPath)
{
    QString base = sessionPath;
    if (base.endsWith(QLatin1String(".json")))
        base.chop(5);
    return base + QStringLiteral(".logs");
}

json SessionStore::usedInputsToJson(const std::map<QString, std::vector<UsedInput>> &used)
{
    json out = json::object();
    for (const auto &[strategy, inputs] : used) {
        json list = json::array();
        for (const auto &u : inputs)
            list.push_back({{"name", s(u.name)},
                            {"origin", s(u.origin)},
                            {"from", s(u.from)},
                            {"revision", u.revision.isEmpty() ? json(nullptr) : json(s(u.revision))},
                            {"digest", u.digest.isEmpty() ? json(nullptr) : json(s(u.digest))},
                            {"words", s(u.words)}});
        out[s(strategy)] = list;
    }
    return out;
}

std::map<QString, std::vector<UsedInput>> SessionStore::usedInputsFromJson(const json &j)
{
    std::map<QString, std::vector<UsedInput>> out;
    if (!j.is_object())
        return out;
    for (const auto &[strategy, list] : j.items()) {
        std::vector<UsedInput> inputs;
        if (list.is_array())
            for (const auto &ju : list) {
                if (!ju.is_object() || JsonFields::text(ju, "name").isEmpty())
                    continue;
                inputs.push_back({JsonFields::text(ju, "name"), JsonFields::text(ju, "origin"),
                                  JsonFields::text(ju, "from"), JsonFields::text(ju, "revision"),
                                  JsonFields::text(ju, "digest"), JsonFields::text(ju, "words")});
            }
        out[QString::fromStdString(strategy)] = std::move(inputs);
    }
    return out;
}

void SessionStore::putNixSetup(const SessionEnvironment &e, json &environment)
{
    if (!e.nixStore.isEmpty())
        environment["nix_store"] = {{"url", s(e.nixStore)},
                                    {"default", NixEnvironment::isDefaultStore(e.nixStore)}};
    if (!e.remoteBuilders.isEmpty())
        environment["remote_builders"] = JsonFields::textArray(e.remoteBuilders);
    if (e.nixSettingsAdded.empty())
        return;
    json added = json::array();
    for (const NixSetting &n : e.nixSettingsAdded)
        added.push_back({{"setting", s(n.name)}, {"value", s(n.value)}, {"why", s(n.why)}});
    environment["nix_settings_added"] = added;
}

void SessionStore::readNixSetup(const json &environment, SessionEnvironment &e)
{
    if (const auto store = environment.find("nix_store"); store != environment.end() && store->is_object())
        e.nixStore = JsonFields::text(*store, "url");
    e.remoteBuilders = JsonFields::textList(environment, "remote_builders");
    if (const auto added = environment.find("nix_settings_added");
        added != environment.end() && added->is_array())
        for (const auto &a : *added)
            if (a.is_object() && !JsonFields::text(a, "setting").isEmpty())
                e.nixSettingsAdded.push_back({JsonFields::text(a, "setting"), JsonFields::text(a, "value"),
                                              JsonFields::text(a, "why")});
}

json SessionStore::toJson(const Session &session)
{
    json measurements = json::array();
    for (const auto &m : session.measurements) {
        json jm = {{"strategy", s(m.strategy)},
                   {"layout", s(m.layout)},
                   {"target", s(m.target)},
                   {"step", s(m.step)},
                   {"repetition", m.repetition},
                   {"warmup", m.warmup},
                   {"started_at", s(m.startedAt.toString(Qt::ISODateWithMs))},
                   {"outcome", s(Measurement::outcomeName(m.outcome))},
                   {"error", s(m.error)},
                   {"notes", JsonFields::textArray(m.notes)},
                   {"exit_code", m.exitCode},
                   {"wall_us", m.wallUs},
                   {"cpu_user_us", m.cpuUserUs},
                   {"cpu_system_us", m.cpuSystemUs},
                   {"output_paths", JsonFields::textArray(m.outputPaths)},
                   {"output_bytes", m.outputBytes},
                   {"closure_bytes", m.closureBytes},
                   {"intermediate_bytes", m.intermediateBytes},
                   {"store_growth_bytes", m.storeGrowthBytes},
                   {"log_file", s(m.logFile)}};
        jm["report"] = m.report ? BuildReportJson::toJson(*m.report) : json(nullptr);
        measurements.push_back(std::move(jm));
    }
    const auto &e = session.environment;
    json revisions = json::object();
    for (const auto &[k, v] : e.inputRevisions)
        revisions[s(k)] = s(v);
    json skipped = json::object();
    for (const auto &[k, v] : session.skipped)
        skipped[s(k)] = s(v);
    json environment = {{"nix_version", s(e.nixVersion)},
                        {"system", s(e.system)},
                        {"cpu_model", s(e.cpuModel)},
                        {"cpu_cores", e.cpuCores},
                        {"flakeoff_version", s(e.flakeoffVersion)},
                        {"host_name", s(e.hostName)},
                        {"date", s(e.date.toString(Qt::ISODateWithMs))},
                        {"nix_options", JsonFields::textArray(e.nixOptions)},
                        {"input_revisions", revisions}};
    // Only when recorded: sessions without it stay byte for byte as before.
    if (!e.inputsUsed.empty())
        environment["inputs_used"] = usedInputsToJson(e.inputsUsed);
    putNixSetup(e, environment);
    json out = {
        {"format", "flakeoff-session"},
        {"schema", Session::kSchemaVersion},
        {"workspace", s(session.workspace)},
        {"scenario", session.scenario.toJson()},
        {"strategies", JsonFields::textArray(session.strategies)},
        {"targets", JsonFields::textArray(session.targets)},
        {"repeat", session.repeat},
        {"warmup", session.warmup},
        {"status", s(Session::statusName(session.status))},
        {"status_text", s(session.statusText)},
        {"skipped", skipped},
        {"environment", environment},
        {"measurements", measurements},
        {"prediction", session.prediction ? PredictionJson::toJson(*session.prediction) : json(nullptr)}};
    // Only when it differs from "repeat": sessions without it stay byte for byte as before.
    if (session.coldRepeat > 0 && session.coldRepeat != session.repeat)
        out["cold_repeat"] = session.coldRepeat;
    return out;
}

bool SessionStore::migrate(json &j, int fromVersion, QString *error)
{
    // Each past schema gets one step here, one version at a time.
    int v = fromVersion;
    if (v == 1) { // 1 → 2: predictions added; a schema 1 session has none
        j["prediction"] = nullptr;
        v = 2;
    }
    if (v != Session::kSchemaVersion) {
        if (error)
            *error = QStringLiteral("no migration from session schema %1 to %2")
                         .arg(fromVersion)
                         .arg(Session::kSchemaVersion);
        return false;
    }
    j["schema"] = Session::kSchemaVersion;
    return true;
}

std::optional<Session> SessionStore::fromJson(const json &input, QString *error)
{
    auto fail = [error](const QString &what) -> std::optional<Session> {
        if (error)
            *error = what;
        return std::nullopt;
    };
    if (!input.is_object() || input.value("format", json()).dump() != "\"flakeoff-session\"")
        return fail(QStringLiteral("not a Flakeoff session"));
    const auto schema = input.find("schema");
    if (schema == input.end() || !schema->is_number_integer())
        return fail(QStringLiteral("the session has no schema version"));
    const int version = schema->get<int>();
    if (version > Session::kSchemaVersion)
        return fail(
            QStringLiteral("the session was written by a newer Flakeoff (schema %1; this one reads up to %2)")
                .arg(version)
                .arg(Session::kSchemaVersion));
    json j = input;
    QString why;
    if (!migrate(j, version, &why))
        return fail(why);

    try { // typed access on untrusted input: a wrong type refuses the file instead of crashing
        Session session;
        session.workspace = JsonFields::text(j, "workspace");
        QString scenarioError;
        const auto scenario = Scenario::fromJson(j.value("scenario", json()), &scenarioError);
        if (!scenario)
            return fail(QStringLiteral("its scenario is invalid: %1").arg(scenarioError));
        session.scenario = *scenario;
        session.strategies = JsonFields::textList(j, "strategies");
        session.targets = JsonFields::textList(j, "targets");
        session.repeat = j.value("repeat", 1);
        session.warmup = j.value("warmup", 0);
        session.coldRepeat = j.value("cold_repeat", 0);
        const QString status = JsonFields::text(j, "status");
        bool statusKnown = false;
        for (auto st : {Session::Status::Running, Session::Status::Finished, Session::Status::Failed,
                        Session::Status::Cancelled})
            if (Session::statusName(st) == status) {
                session.status = st;
                statusKnown = true;
            }
        if (!statusKnown)
            return fail(QStringLiteral("unknown session status \"%1\"").arg(status));
        session.statusText = JsonFields::text(j, "status_text");
        if (const auto sk = j.find("skipped"); sk != j.end() && sk->is_object())
            for (const auto &[k, v] : sk->items())
                if (v.is_string())
                    session.skipped[QString::fromStdString(k)] = QString::fromStdString(v.get<std::string>());
        const json env = j.value("environment", json::object());
        auto &e = session.environment;
        e.nixVersion = JsonFields::text(env, "nix_version");
        e.system = JsonFields::text(env, "system");
        e.cpuModel = JsonFields::text(env, "cpu_model");
        e.cpuCores = env.value("cpu_cores", 0);
        e.flakeoffVersion = JsonFields::text(env, "flakeoff_version");
        e.hostName = JsonFields::text(env, "host_name");
        e.date = QDateTime::fromString(JsonFields::text(env, "date"), Qt::ISODateWithMs);
        e.nixOptions = JsonFields::textList(env, "nix_options");
        if (const auto r = env.find("input_revisions"); r != env.end() && r->is_object())
            for (const auto &[k, v] : r->items())
                if (v.is_string())
                    e.inputRevisions[QString::fromStdString(k)] =
                        QString::fromStdString(v.get<std::string>());
        if (const auto u = env.find("inputs_used"); u != env.end())
            e.inputsUsed = usedInputsFromJson(*u);
        readNixSetup(env, e);

        const auto ms = j.find("measurements");
        if (ms == j.end() || !ms->is_array())
            return fail(QStringLiteral("the session has no measurement list"));
        int index = 0;
        for (const auto &jm : *ms) {
            ++index;
            if (!jm.is_object())
                return fail(QStringLiteral("measurement %1 is not an object").arg(index));
            Measurement m;
            m.strategy = JsonFields::text(jm, "strategy");
            m.layout = JsonFields::text(jm, "layout");
            m.target = JsonFields::text(jm, "target");
            m.step = JsonFields::text(jm, "step");
            if (m.strategy.isEmpty() || m.target.isEmpty() || m.step.isEmpty())
                return fail(QStringLiteral("measurement %1 lacks strategy, target or step").arg(index));
            m.repetition = jm.value("repetition", 0);
            m.warmup = jm.value("warmup", false);
            m.startedAt = QDateTime::fromString(JsonFields::text(jm, "started_at"), Qt::ISODateWithMs);
            const auto outcome = Measurement::outcomeFromName(JsonFields::text(jm, "outcome"));
            if (!outcome)
                return fail(QStringLiteral("measurement %1 has an unknown outcome").arg(index));
            m.outcome = *outcome;
            m.error = JsonFields::text(jm, "error");
            m.notes = JsonFields::textList(jm, "notes");
            m.exitCode = jm.value("exit_code", 0);
            m.wallUs = JsonFields::integer(jm, "wall_us", 0);
            m.cpuUserUs = JsonFields::integer(jm, "cpu_user_us", 0);
            m.cpuSystemUs = JsonFields::integer(jm, "cpu_system_us", 0);
            m.outputPaths = JsonFields::textList(jm, "output_paths");
            m.outputBytes = JsonFields::integer(jm, "output_bytes", -1);
            m.closureBytes = JsonFields::integer(jm, "closure_bytes", -1);
            m.intermediateBytes = JsonFields::integer(jm, "intermediate_bytes", -1);
            m.storeGrowthBytes = JsonFields::integer(jm, "store_growth_bytes", -1);
            m.logFile = JsonFields::text(jm, "log_file");
            if (const auto r = jm.find("report"); r != jm.end() && !r->is_null()) {
                BuildReport report;
                std::string reportError;
                if (!BuildReportJson::fromJson(*r, report, reportError))
                    return fail(QStringLiteral("measurement %1: %2")
                                    .arg(index)
                                    .arg(QString::fromStdString(reportError)));
                m.report = std::make_shared<const BuildReport>(std::move(report));
            }
            session.measurements.push_back(std::move(m));
        }
        if (const auto p = j.find("prediction"); p != j.end() && !p->is_null()) {
            Prediction prediction;
            QString predictionError;
            if (!PredictionJson::fromJson(*p, prediction, predictionError))
                return fail(QStringLiteral("its prediction is invalid: %1").arg(predictionError));
            session.prediction = std::move(prediction);
        }
        return session;
    } catch (const json::exception &ex) {
        return fail(QStringLiteral("malformed session: %1").arg(QString::fromUtf8(ex.what())));
    }
}

bool SessionStore::save(const Session &session, const QString &path, QString *error)
{
    QSaveFile f(path);
    const std::string text = toJson(session).dump(1, ' ', false, json::error_handler_t::replace);
    if (!f.open(QIODevice::WriteOnly) || f.write(text.data(), static_cast<qint64>(text.size())) < 0 ||
        !f.commit()) {
        if (error)
            *error = QStringLiteral("cannot save the session to %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

std::optional<Session> SessionStore::load(const QString &path, QString *error)
{
    QFile f(path);
    if (f.open(QIODevice::ReadOnly)) {
        const QByteArray bytes = f.readAll();
        const bool blank = bytes.trimmed().isEmpty();
        if (blank || JsonFile::parse(bytes).is_discarded()) {
            if (error)
                *error =
                    blank ? QStringLiteral(
                                "%1 is not a session: the file is empty (it is not a complete JSON document)")
                                .arg(path)
                          : QStringLiteral("%1 is not a session: it is not a complete JSON document (cut off "
                                           "or corrupt); it was not loaded")
                                .arg(path);
            return std::nullopt;
        }
    }
    return JsonFile::load(path, error, &SessionStore::fromJson);
}

bool SessionStore::isSessionFile(const QString &path)
{
    if (path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive))
        return true;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    return file.read(64).trimmed().startsWith('{');
}

} // namespace flakeoff
