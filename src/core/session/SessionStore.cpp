// SPDX-License-Identifier: MIT
#include "SessionStore.h"

#include "log/BuildReportJson.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <nlohmann/json.hpp>

namespace flakeoff {

using json = nlohmann::json;

namespace {
std::string s(const QString &v) { return v.toStdString(); }

QString qs(const json &j, const char *key)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

QStringList qsl(const json &j, const char *key)
{
    QStringList out;
    if (const auto it = j.find(key); it != j.end() && it->is_array())
        for (const auto &v : *it)
            if (v.is_string())
                out << QString::fromStdString(v.get<std::string>());
    return out;
}

json stringList(const QStringList &l)
{
    json a = json::array();
    for (const auto &v : l)
        a.push_back(v.toStdString());
    return a;
}

std::int64_t i64(const json &j, const char *key, std::int64_t fallback)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : fallback;
}
} // namespace

QString SessionStore::logFolder(const QString &sessionPath)
{
    QString base = sessionPath;
    if (base.endsWith(QLatin1String(".json")))
        base.chop(5);
    return base + QStringLiteral(".logs");
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
                   {"notes", stringList(m.notes)},
                   {"exit_code", m.exitCode},
                   {"wall_us", m.wallUs},
                   {"cpu_user_us", m.cpuUserUs},
                   {"cpu_system_us", m.cpuSystemUs},
                   {"output_paths", stringList(m.outputPaths)},
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
    return {{"format", "flakeoff-session"},
            {"schema", Session::kSchemaVersion},
            {"workspace", s(session.workspace)},
            {"scenario", session.scenario.toJson()},
            {"strategies", stringList(session.strategies)},
            {"targets", stringList(session.targets)},
            {"repeat", session.repeat},
            {"warmup", session.warmup},
            {"status", s(Session::statusName(session.status))},
            {"status_text", s(session.statusText)},
            {"skipped", skipped},
            {"environment",
             {{"nix_version", s(e.nixVersion)},
              {"system", s(e.system)},
              {"cpu_model", s(e.cpuModel)},
              {"cpu_cores", e.cpuCores},
              {"flakeoff_version", s(e.flakeoffVersion)},
              {"host_name", s(e.hostName)},
              {"date", s(e.date.toString(Qt::ISODateWithMs))},
              {"nix_options", stringList(e.nixOptions)},
              {"input_revisions", revisions}}},
            {"measurements", measurements}};
}

bool SessionStore::migrate(json &j, int fromVersion, QString *error)
{
    // Each past schema gets one step here, e.g. `if (v == 1) { …rename keys…; v = 2; }`.
    // Version 1 is the first: nothing older exists to upgrade.
    if (fromVersion != Session::kSchemaVersion) {
        if (error)
            *error = QStringLiteral("no migration from session schema %1 to %2").arg(fromVersion).arg(Session::kSchemaVersion);
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
        return fail(QStringLiteral("the session was written by a newer Flakeoff (schema %1; this one reads up to %2)")
                        .arg(version)
                        .arg(Session::kSchemaVersion));
    json j = input;
    QString why;
    if (!migrate(j, version, &why))
        return fail(why);

    try { // typed access on untrusted input: a wrong type refuses the file instead of crashing
        Session session;
        session.workspace = qs(j, "workspace");
        QString scenarioError;
        const auto scenario = Scenario::fromJson(j.value("scenario", json()), &scenarioError);
        if (!scenario)
            return fail(QStringLiteral("its scenario is invalid: %1").arg(scenarioError));
        session.scenario = *scenario;
        session.strategies = qsl(j, "strategies");
        session.targets = qsl(j, "targets");
        session.repeat = j.value("repeat", 1);
        session.warmup = j.value("warmup", 0);
        const QString status = qs(j, "status");
        bool statusKnown = false;
        for (auto st : {Session::Status::Running, Session::Status::Finished, Session::Status::Failed, Session::Status::Cancelled})
            if (Session::statusName(st) == status) {
                session.status = st;
                statusKnown = true;
            }
        if (!statusKnown)
            return fail(QStringLiteral("unknown session status \"%1\"").arg(status));
        session.statusText = qs(j, "status_text");
        if (const auto sk = j.find("skipped"); sk != j.end() && sk->is_object())
            for (const auto &[k, v] : sk->items())
                if (v.is_string())
                    session.skipped[QString::fromStdString(k)] = QString::fromStdString(v.get<std::string>());
        const json env = j.value("environment", json::object());
        auto &e = session.environment;
        e.nixVersion = qs(env, "nix_version");
        e.system = qs(env, "system");
        e.cpuModel = qs(env, "cpu_model");
        e.cpuCores = env.value("cpu_cores", 0);
        e.flakeoffVersion = qs(env, "flakeoff_version");
        e.hostName = qs(env, "host_name");
        e.date = QDateTime::fromString(qs(env, "date"), Qt::ISODateWithMs);
        e.nixOptions = qsl(env, "nix_options");
        if (const auto r = env.find("input_revisions"); r != env.end() && r->is_object())
            for (const auto &[k, v] : r->items())
                if (v.is_string())
                    e.inputRevisions[QString::fromStdString(k)] = QString::fromStdString(v.get<std::string>());

        const auto ms = j.find("measurements");
        if (ms == j.end() || !ms->is_array())
            return fail(QStringLiteral("the session has no measurement list"));
        int index = 0;
        for (const auto &jm : *ms) {
            ++index;
            if (!jm.is_object())
                return fail(QStringLiteral("measurement %1 is not an object").arg(index));
            Measurement m;
            m.strategy = qs(jm, "strategy");
            m.layout = qs(jm, "layout");
            m.target = qs(jm, "target");
            m.step = qs(jm, "step");
            if (m.strategy.isEmpty() || m.target.isEmpty() || m.step.isEmpty())
                return fail(QStringLiteral("measurement %1 lacks strategy, target or step").arg(index));
            m.repetition = jm.value("repetition", 0);
            m.warmup = jm.value("warmup", false);
            m.startedAt = QDateTime::fromString(qs(jm, "started_at"), Qt::ISODateWithMs);
            const auto outcome = Measurement::outcomeFromName(qs(jm, "outcome"));
            if (!outcome)
                return fail(QStringLiteral("measurement %1 has an unknown outcome").arg(index));
            m.outcome = *outcome;
            m.error = qs(jm, "error");
            m.notes = qsl(jm, "notes");
            m.exitCode = jm.value("exit_code", 0);
            m.wallUs = i64(jm, "wall_us", 0);
            m.cpuUserUs = i64(jm, "cpu_user_us", 0);
            m.cpuSystemUs = i64(jm, "cpu_system_us", 0);
            m.outputPaths = qsl(jm, "output_paths");
            m.outputBytes = i64(jm, "output_bytes", -1);
            m.closureBytes = i64(jm, "closure_bytes", -1);
            m.intermediateBytes = i64(jm, "intermediate_bytes", -1);
            m.storeGrowthBytes = i64(jm, "store_growth_bytes", -1);
            m.logFile = qs(jm, "log_file");
            if (const auto r = jm.find("report"); r != jm.end() && !r->is_null()) {
                BuildReport report;
                std::string reportError;
                if (!BuildReportJson::fromJson(*r, report, reportError))
                    return fail(QStringLiteral("measurement %1: %2").arg(index).arg(QString::fromStdString(reportError)));
                m.report = std::make_shared<const BuildReport>(std::move(report));
            }
            session.measurements.push_back(std::move(m));
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
    if (!f.open(QIODevice::WriteOnly) || f.write(text.data(), static_cast<qint64>(text.size())) < 0 || !f.commit()) {
        if (error)
            *error = QStringLiteral("cannot save the session to %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

std::optional<Session> SessionStore::load(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot open %1: %2").arg(path, f.errorString());
        return std::nullopt;
    }
    const QByteArray bytes = f.readAll();
    const json j = json::parse(bytes.constBegin(), bytes.constEnd(), nullptr, false);
    if (j.is_discarded()) {
        if (error)
            *error = QStringLiteral("%1 is not a complete JSON document (cut off or corrupt); it was not loaded").arg(path);
        return std::nullopt;
    }
    QString why;
    auto session = fromJson(j, &why);
    if (!session && error)
        *error = QStringLiteral("%1: %2").arg(path, why);
    return session;
}

} // namespace flakeoff
