// SPDX-License-Identifier: MIT
#include "JsonReport.h"

#include "ReportWording.h"
#include "SessionSummary.h"
#include "predict/PredictionGrid.h"
#include "session/PredictionJson.h"
#include "session/SessionStore.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace flakeoff {

using json = nlohmann::ordered_json; // keys in the order written: "results" first, as hyperfine has it

namespace {
constexpr double kUs = 1e6;

// Rounded to the microsecond: the measurements' resolution, and stable text for statistics.
double sec(double s)
{
    return std::round(s * kUs) / kUs;
}
double usToSec(std::int64_t us)
{
    return static_cast<double>(us) / kUs;
}
std::string str(const QString &s)
{
    return s.toStdString();
}
json bytes(std::int64_t b)
{
    return b < 0 ? json(nullptr) : json(b);
}
json stat(const Statistics &s, double Statistics::*field)
{
    return s.count ? json(sec(s.*field)) : json(nullptr);
}
// Derivation counts: whole numbers stay integers (a median of two runs can be a half).
json count(const Statistics &s, double Statistics::*field)
{
    if (!s.count)
        return nullptr;
    const double v = s.*field;
    return v == std::floor(v) ? json(static_cast<std::int64_t>(v)) : json(v);
}

json strings(const QStringList &l)
{
    json a = json::array();
    for (const QString &s : l)
        a.push_back(str(s));
    return a;
}

json measurement(const Measurement &m)
{
    const BuildReport *r = m.report.get();
    return {{"repetition", m.repetition},
            {"outcome", str(Measurement::outcomeName(m.outcome))},
            {"exit_code", m.exitCode},
            {"started_at", m.startedAt.isValid() ? json(str(m.startedAt.toUTC().toString(Qt::ISODateWithMs)))
                                                 : json(nullptr)},
            {"wall_s", usToSec(m.wallUs)},
            {"user_s", usToSec(m.cpuUserUs)},
            {"system_s", usToSec(m.cpuSystemUs)},
            {"built", r ? json(m.builtCount()) : json(nullptr)},
            {"failed_derivations", r ? json(r->countWithStatus(BuildStatus::Failed)) : json(nullptr)},
            {"substituted", r ? json(r->substitutedCount()) : json(nullptr)},
            {"output_bytes", bytes(m.outputBytes)},
            {"closure_bytes", bytes(m.closureBytes)},
            {"intermediate_bytes", bytes(m.intermediateBytes)},
            {"store_growth_bytes", bytes(m.storeGrowthBytes)},
            {"log_file", str(m.logFile)},
            {"notes", strings(m.notes)},
            {"error", str(m.error)}};
}

json result(const SessionSummary &summary, const CellSummary &c)
{
    json times = json::array();
    json exitCodes = json::array();
    json builtPerRun = json::array();
    json runs = json::array();
    for (const Measurement *m : c.runs) {
        runs.push_back(measurement(*m));
        // Every build that exited has its code, a failed one too (hyperfine lists a failed run's
        // code with --ignore-failure); only a succeeded run has a time.
        if (m->outcome == Measurement::Outcome::Succeeded || m->outcome == Measurement::Outcome::Failed)
            exitCodes.push_back(m->exitCode);
        if (m->outcome != Measurement::Outcome::Succeeded)
            continue;
        times.push_back(usToSec(m->wallUs));
        builtPerRun.push_back(m->builtCount());
    }
    json r = {
        {"command", str(c.strategy + QLatin1Char(' ') + c.target + QLatin1Char(' ') + c.step)},
        {"mean", stat(c.wallS, &Statistics::mean)},
        {"stddev", c.wallS.count > 1 ? stat(c.wallS, &Statistics::stddev) : json(nullptr)},
        {"median", stat(c.wallS, &Statistics::median)},
        {"user", stat(c.userS, &Statistics::mean)},
        {"system", stat(c.systemS, &Statistics::mean)},
        {"min", stat(c.wallS, &Statistics::min)},
        {"max", stat(c.wallS, &Statistics::max)},
        {"times", times},
        {"exit_codes", exitCodes},
        {"parameters", {{"strategy", str(c.strategy)}, {"target", str(c.target)}, {"step", str(c.step)}}}};
    r["strategy"] = str(c.strategy);
    r["layout"] = c.runs.empty() ? std::string() : str(c.runs.front()->layout);
    r["target"] = str(c.target);
    r["step"] = str(c.step);
    r["step_description"] = str(summary.stepLabel(c.step));
    r["runs"] = c.runs.size();
    r["succeeded"] = c.succeeded;
    r["failed"] = c.failed;
    r["cancelled"] = c.cancelled;
    r["relative"] = c.relative ? json(sec(*c.relative)) : json(nullptr);
    r["relative_stddev"] = c.relativeStddev ? json(sec(*c.relativeStddev)) : json(nullptr);
    r["fastest"] = c.fastest;
    r["quickest"] = c.quickest;
    // The evidence: this cell against the step's quickest (the quickest: against the next one).
    if (c.comparison) {
        const TimeComparison &t = *c.comparison;
        r["comparison"] = {{"ratio", sec(t.ratio)},
                           {"low", t.low ? json(sec(*t.low)) : json(nullptr)},
                           {"high", t.high ? json(sec(*t.high)) : json(nullptr)},
                           {"confidence", t.confidence},
                           {"verdict", str(TimeComparison::verdictName(t.verdict))},
                           {"why", str(t.why)}};
    } else {
        r["comparison"] = nullptr;
    }
    json warnings = json::array();
    for (const QString &w : c.warnings)
        warnings.push_back(str(w));
    r["warnings"] = warnings;
    r["built"] = {{"median", count(c.built, &Statistics::median)},
                  {"min", count(c.built, &Statistics::min)},
                  {"max", count(c.built, &Statistics::max)}};
    r["built_per_run"] = builtPerRun;
    r["sizes"] = {{"output_bytes", bytes(c.outputBytes)},
                  {"closure_bytes", bytes(c.closureBytes)},
                  {"intermediate_bytes", bytes(c.intermediateBytes)},
                  {"store_growth_bytes", bytes(c.storeGrowthBytes)}};
    r["error"] = str(c.firstError());
    r["measurements"] = runs;
    return r;
}
} // namespace

QByteArray JsonReport::write(const SessionSummary &summary)
{
    const Session &s = summary.session();
    json results = json::array();
    json withoutTime = json::array();
    for (const CellSummary &c : summary.cells())
        (c.hasTime() ? results : withoutTime).push_back(result(summary, c));

    json skipped = json::object();
    for (const auto &[id, why] : s.skipped)
        skipped[str(id)] = str(why);
    json notRun = json::array();
    for (const NotRun &n : summary.notRun())
        notRun.push_back({{"strategy", str(n.strategy)},
                          {"steps", strings(n.steps)},
                          {"whole", n.whole},
                          {"cause", str(NotRunSteps::cause(n.error))},
                          {"text", str(NotRunSteps::sentence(n))},
                          {"error", str(n.error)}});
    json steps = json::array();
    for (const QString &step : summary.steps())
        steps.push_back({{"id", str(step)}, {"description", str(summary.stepLabel(step))}});
    const QString warning = ReportWording::statusWarning(summary);
    json session = {{"status", str(Session::statusName(s.status))},
                    {"status_text", str(s.statusText)},
                    {"warning", warning.isEmpty() ? json(nullptr) : json(str(warning))},
                    {"workspace", str(s.workspace)},
                    {"scenario", str(s.scenario.name)},
                    {"steps", steps},
                    {"strategies", strings(summary.strategies())},
                    {"targets", strings(summary.targets())},
                    {"skipped", skipped},
                    {"not_run", notRun},
                    {"repeat", s.repeat},
                    {"warmup", s.warmup},
                    {"measurement_count", summary.measurementCount()},
                    {"failed_count", summary.failedCount()}};

    const auto &e = s.environment;
    json revisions = json::object();
    for (const auto &[id, rev] : e.inputRevisions)
        revisions[str(id)] = str(rev);
    json environment = {
        {"nix_version", str(e.nixVersion)},
        {"system", str(e.system)},
        {"cpu_model", str(e.cpuModel)},
        {"cpu_cores", e.cpuCores},
        {"host_name", str(e.hostName)},
        {"flakeoff_version", str(e.flakeoffVersion)},
        {"date", e.date.isValid() ? json(str(e.date.toUTC().toString(Qt::ISODateWithMs))) : json(nullptr)},
        {"nix_options", strings(e.nixOptions)},
        {"input_revisions", revisions}};
    if (!e.inputsUsed.empty())
        environment["inputs_used"] = SessionStore::usedInputsToJson(e.inputsUsed);
    nlohmann::json nixSetup = nlohmann::json::object(); // the session's own keys, in the report's order
    SessionStore::putNixSetup(e, nixSetup);
    for (const auto &[key, value] : nixSetup.items())
        environment[key] = json(value);

    json doc = json::object();
    doc["results"] = results;
    doc["results_without_time"] = withoutTime;
    doc["session"] = session;
    doc["environment"] = environment;
    // Only for a session holding a prediction: other sessions' reports keep their exact shape.
    if (const PredictionGrid grid = PredictionGrid::of(s); !grid.isEmpty()) {
        json prediction = PredictionJson::toJson(*grid.prediction());
        prediction["comparison"] = grid.comparison().toJson();
        prediction["agreement"] = str(grid.agreementText());
        prediction["findings"] = strings(grid.findings());
        doc["prediction"] = prediction;
    }
    doc["format"] = "flakeoff-report";
    doc["version"] = 1;
    const std::string text = doc.dump(2, ' ', false, json::error_handler_t::replace) + '\n';
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

} // namespace flakeoff
