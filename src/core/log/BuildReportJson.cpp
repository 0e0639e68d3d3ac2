// SPDX-License-Identifier: MIT
#include "BuildReportJson.h"

#include "NixTypes.h"
#include "util/JsonFields.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace flakeoff::BuildReportJson {

using json = nlohmann::json;

namespace {

json ms(const TimeUs &us)
{
    if (!us)
        return nullptr;
    return static_cast<double>(*us) / 1000.0;
}

TimeUs fromMs(const json &j, const char *key)
{
    const auto it = j.find(key);
    if (it == j.end() || !it->is_number())
        return std::nullopt;
    const double v = it->get<double>();
    if (!(v > -1e12 && v < 1e12)) // corrupt (or NaN): beyond 31 years, and µs would overflow
        return std::nullopt;
    return static_cast<std::int64_t>(std::llround(v * 1000.0));
}

json progressJson(const Progress &p)
{
    return {{"done", p.done}, {"expected", p.expected}, {"running", p.running}, {"failed", p.failed}};
}

Progress progressFrom(const json &j)
{
    Progress p;
    if (!j.is_object())
        return p;
    p.done = j.value("done", std::int64_t{0});
    p.expected = j.value("expected", std::int64_t{0});
    p.running = j.value("running", std::int64_t{0});
    p.failed = j.value("failed", std::int64_t{0});
    return p;
}

BuildStatus statusFrom(const std::string &s)
{
    for (auto st : {BuildStatus::Running, BuildStatus::Built, BuildStatus::Failed, BuildStatus::Interrupted,
                    BuildStatus::Waiting})
        if (s == buildStatusName(st))
            return st;
    return BuildStatus::Interrupted;
}

} // namespace

json toJson(const BuildReport &r)
{
    json builds = json::array();
    for (const auto &b : r.builds) {
        json phases = json::array();
        for (const auto &p : b.phases)
            phases.push_back({{"name", p.name},
                              {"start_ms", ms(p.startUs)},
                              {"end_ms", ms(p.endUs)},
                              {"duration_ms", ms(p.durationUs())}});
        builds.push_back({{"drv", b.drvPath},
                          {"name", b.name},
                          {"status", buildStatusName(b.status)},
                          {"machine", b.machine},
                          {"round", b.round},
                          {"rounds", b.rounds},
                          {"start_ms", ms(b.startUs)},
                          {"end_ms", ms(b.endUs)},
                          {"duration_ms", ms(b.durationUs())},
                          {"wait_ms", ms(b.waitUs)},
                          {"phases", phases},
                          {"log_lines", b.logLines},
                          {"last_lines", b.lastLines},
                          {"error", b.error.empty() ? json(nullptr) : json(b.error)},
                          {"first_log_line", b.firstLine}});
        if (!b.firstError.empty()) // only where there is one: reports without errors read as before
            builds.back()["first_error"] = b.firstError;
        if (b.copyUs) // only for a remote build whose builder's own span came through
            builds.back()["copy_ms"] = ms(b.copyUs);
        if (b.onlyCopiedBack)
            builds.back()["only_copied_back"] = true;
    }
    json subs = json::array();
    for (const auto &s : r.substitutions)
        subs.push_back({{"path", s.storePath},
                        {"substituter", s.substituter},
                        {"bytes", s.bytes},
                        {"expected_bytes", s.expectedBytes},
                        {"start_ms", ms(s.startUs)},
                        {"duration_ms", ms(s.durationUs())},
                        {"done", s.done}});
    json transfers = json::array();
    for (const auto &t : r.transfers)
        transfers.push_back({{"uri", t.uri},
                             {"bytes", t.bytes},
                             {"expected_bytes", t.expectedBytes},
                             {"start_ms", ms(t.startUs)},
                             {"duration_ms", ms(t.durationUs())},
                             {"done", t.done}});
    json waits = json::array();
    for (const auto &w : r.lockWaits)
        waits.push_back({{"path", w.path}, {"start_ms", ms(w.startUs)}, {"duration_ms", ms(w.durationUs())}});
    json messages = json::array();
    for (const auto &m : r.messages) {
        json jm = {{"level", verbosityName(m.level)},
                   {"text", m.text},
                   {"time_ms", ms(m.timeUs)},
                   {"log_line", m.logLine}};
        jm["file"] = m.file ? json(*m.file) : json(nullptr);
        jm["line"] = m.line ? json(*m.line) : json(nullptr);
        jm["column"] = m.column ? json(*m.column) : json(nullptr);
        if (!m.fullText.empty()) // optional: reports written before it have none
            jm["full_text"] = m.fullText;
        messages.push_back(std::move(jm));
    }
    json problems = json::array();
    for (const auto &p : r.problems)
        problems.push_back({{"line", p.line}, {"problem", p.what}, {"dropped", p.fatal}});

    json out;
    out["format"] = "flakeoff-build-report";
    out["version"] = 1;
    out["timed"] = r.timed;
    out["wall_ms"] = ms(r.wallUs());
    out["eval_ms"] = ms(r.evalUs());
    out["exit_code"] = r.exitCode ? json(*r.exitCode) : json(nullptr);
    out["killed"] = r.killed;
    out["counts"] = {{"built", r.countWithStatus(BuildStatus::Built)},
                     {"failed", r.countWithStatus(BuildStatus::Failed)},
                     {"interrupted", r.countWithStatus(BuildStatus::Interrupted)},
                     {"running", r.countWithStatus(BuildStatus::Running)},
                     {"waiting", r.countWithStatus(BuildStatus::Waiting)},
                     {"substituted", r.substitutedCount()},
                     {"downloads", static_cast<std::int64_t>(r.transfers.size())}};
    out["progress"] = {{"builds", progressJson(r.buildsProgress)},
                       {"copy_paths", progressJson(r.copyPathsProgress)}};
    if (!r.plannedBuilds.empty()) // optional: only newer Nix announces them
        out["planned_builds"] = r.plannedBuilds;
    out["builds"] = std::move(builds);
    out["substitutions"] = std::move(subs);
    out["downloads"] = std::move(transfers);
    out["lock_waits"] = std::move(waits);
    out["messages"] = std::move(messages);
    out["malformed_lines"] = r.malformedCount;
    out["problems"] = std::move(problems);
    out["problem_count"] = r.problemCount;
    out["lines"] = r.lineCount;
    out["events"] = r.eventCount;
    out["output_lines"] = r.outputLineCount;
    out["last_output_lines"] = r.lastOutputLines;
    out["unknown_types"] = r.unknownTypeCount;
    out["first_event_ms"] = ms(r.firstEventUs);
    out["last_event_ms"] = ms(r.lastEventUs);
    out["end_ms"] = ms(r.endUs);
    return out;
}

namespace {
bool fromJsonUnguarded(const json &j, BuildReport &r, std::string &error)
{
    if (!j.is_object() || j.value("format", std::string()) != "flakeoff-build-report") {
        error = "not a Flakeoff build report";
        return false;
    }
    if (j.value("version", 0) != 1) {
        error = "unsupported build report version " + j.value("version", json(nullptr)).dump();
        return false;
    }
    r = BuildReport{};
    r.timed = j.value("timed", true);
    r.killed = j.value("killed", false);
    r.endUs = fromMs(j, "end_ms");
    r.firstEventUs = fromMs(j, "first_event_ms");
    r.lastEventUs = fromMs(j, "last_event_ms");
    if (const auto it = j.find("exit_code"); it != j.end() && it->is_number_integer())
        r.exitCode = it->get<int>();
    if (const auto it = j.find("progress"); it != j.end() && it->is_object()) {
        r.buildsProgress = progressFrom(it->value("builds", json::object()));
        r.copyPathsProgress = progressFrom(it->value("copy_paths", json::object()));
    }
    for (const auto &jb : j.value("builds", json::array())) {
        if (!jb.is_object())
            continue;
        DerivationBuild b;
        b.drvPath = JsonFields::stdText(jb, "drv");
        b.name = JsonFields::stdText(jb, "name");
        b.status = statusFrom(JsonFields::stdText(jb, "status"));
        b.machine = JsonFields::stdText(jb, "machine");
        b.round = jb.value("round", 1);
        b.rounds = jb.value("rounds", 1);
        b.startUs = fromMs(jb, "start_ms");
        b.endUs = fromMs(jb, "end_ms");
        b.waitUs = fromMs(jb, "wait_ms");
        b.copyUs = fromMs(jb, "copy_ms");
        b.onlyCopiedBack = jb.value("only_copied_back", false);
        b.logLines = jb.value("log_lines", std::int64_t{0});
        b.firstLine = jb.value("first_log_line", std::int64_t{0});
        b.error = JsonFields::stdText(jb, "error");
        b.firstError = JsonFields::stdText(jb, "first_error");
        for (const auto &l : jb.value("last_lines", json::array()))
            if (l.is_string())
                b.lastLines.push_back(l.get<std::string>());
        for (const auto &jp : jb.value("phases", json::array()))
            if (jp.is_object())
                b.phases.push_back(
                    {JsonFields::stdText(jp, "name"), fromMs(jp, "start_ms"), fromMs(jp, "end_ms")});
        r.builds.push_back(std::move(b));
    }
    for (const auto &js : j.value("substitutions", json::array())) {
        if (!js.is_object())
            continue;
        Substitution s;
        s.storePath = JsonFields::stdText(js, "path");
        s.substituter = JsonFields::stdText(js, "substituter");
        s.bytes = js.value("bytes", std::int64_t{0});
        s.expectedBytes = js.value("expected_bytes", std::int64_t{0});
        s.startUs = fromMs(js, "start_ms");
        if (const auto d = fromMs(js, "duration_ms"); d && s.startUs)
            s.endUs = *s.startUs + *d;
        s.done = js.value("done", false);
        r.substitutions.push_back(std::move(s));
    }
    for (const auto &jt : j.value("downloads", json::array())) {
        if (!jt.is_object())
            continue;
        Transfer t;
        t.uri = JsonFields::stdText(jt, "uri");
        t.bytes = jt.value("bytes", std::int64_t{0});
        t.expectedBytes = jt.value("expected_bytes", std::int64_t{0});
        t.startUs = fromMs(jt, "start_ms");
        if (const auto d = fromMs(jt, "duration_ms"); d && t.startUs)
            t.endUs = *t.startUs + *d;
        t.done = jt.value("done", false);
        r.transfers.push_back(std::move(t));
    }
    for (const auto &jw : j.value("lock_waits", json::array())) {
        if (!jw.is_object())
            continue;
        LockWait w;
        w.path = JsonFields::stdText(jw, "path");
        w.startUs = fromMs(jw, "start_ms");
        if (const auto d = fromMs(jw, "duration_ms"); d && w.startUs)
            w.endUs = *w.startUs + *d;
        r.lockWaits.push_back(std::move(w));
    }
    for (const auto &jm : j.value("messages", json::array())) {
        if (!jm.is_object())
            continue;
        LogMessage m;
        const std::string level = JsonFields::stdText(jm, "level");
        for (int l = 0; l <= 7; ++l)
            if (level == verbosityName(l))
                m.level = l;
        m.text = JsonFields::stdText(jm, "text");
        m.fullText = JsonFields::stdText(jm, "full_text");
        if (const auto f = jm.find("file"); f != jm.end() && f->is_string())
            m.file = f->get<std::string>();
        if (const auto l = jm.find("line"); l != jm.end() && l->is_number_integer())
            m.line = l->get<int>();
        if (const auto c = jm.find("column"); c != jm.end() && c->is_number_integer())
            m.column = c->get<int>();
        m.timeUs = fromMs(jm, "time_ms");
        m.logLine = jm.value("log_line", std::int64_t{0});
        r.messages.push_back(std::move(m));
    }
    for (const auto &jp : j.value("problems", json::array()))
        if (jp.is_object())
            r.problems.push_back({jp.value("line", std::int64_t{0}), JsonFields::stdText(jp, "problem"),
                                  jp.value("dropped", false)});
    r.malformedCount = j.value("malformed_lines", std::int64_t{0});
    r.problemCount = j.value("problem_count", std::int64_t{0});
    r.lineCount = j.value("lines", std::int64_t{0});
    r.eventCount = j.value("events", std::int64_t{0});
    r.outputLineCount = j.value("output_lines", std::int64_t{0});
    r.unknownTypeCount = j.value("unknown_types", std::int64_t{0});
    for (const auto &p : j.value("planned_builds", json::array()))
        if (p.is_string())
            r.plannedBuilds.push_back(p.get<std::string>());
    for (const auto &l : j.value("last_output_lines", json::array()))
        if (l.is_string())
            r.lastOutputLines.push_back(l.get<std::string>());
    return true;
}

} // namespace

bool fromJson(const json &j, BuildReport &r, std::string &error)
{
    // value() throws on a key of the wrong type; a corrupt document must be refused, not crash.
    try {
        return fromJsonUnguarded(j, r, error);
    } catch (const json::exception &e) {
        error = std::string("malformed build report: ") + e.what();
        r = BuildReport{};
        return false;
    }
}

} // namespace flakeoff::BuildReportJson
