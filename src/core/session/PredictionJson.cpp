// SPDX-License-Identifier: MIT
#include "PredictionJson.h"

#include "util/JsonFields.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace flakeoff::PredictionJson {

using json = nlohmann::json;

namespace {
json derivationJson(const PredictedDerivation &d)
{
    return {{"drv", d.drvPath.toStdString()},
            {"name", d.name.toStdString()},
            {"role", d.role.toStdString()},
            {"description", d.description.toStdString()},
            {"sources", JsonFields::textArray(d.sources)},
            {"reasons", JsonFields::textArray(d.reasons)},
            {"measured_us", d.measuredUs ? json(*d.measuredUs) : json(nullptr)},
            {"measured_in", d.measuredIn.toStdString()}};
}

json stepJson(const StepPrediction &s)
{
    json roles = json::object();
    for (const auto &[role, n] : s.closure.roles)
        roles[role.toStdString()] = n;
    json rebuild = json::array();
    for (const auto &d : s.rebuild)
        rebuild.push_back(derivationJson(d));
    return {{"strategy", s.strategy.toStdString()},
            {"target", s.target.toStdString()},
            {"step", s.step.toStdString()},
            {"ok", s.ok},
            {"error", s.error.toStdString()},
            {"root_drv", s.rootDrv.toStdString()},
            {"eval_us", s.evalUs},
            {"closure",
             {{"derivations", s.closure.derivations},
              {"own", s.closure.own},
              {"toolchain", s.closure.toolchain},
              {"roles", roles},
              {"source_paths", s.closure.sourcePaths}}},
            {"rebuild", rebuild}};
}

// A count or duration: a non-negative integer, or the fallback.
int count(const json &j, const char *key)
{
    return static_cast<int>(std::max<std::int64_t>(0, JsonFields::integer(j, key, 0)));
}
} // namespace

json toJson(const Prediction &p)
{
    json steps = json::array();
    for (const auto &s : p.steps)
        steps.push_back(stepJson(s));
    json skipped = json::object();
    for (const auto &[k, v] : p.skipped)
        skipped[k.toStdString()] = v.toStdString();
    return {{"date", p.date.toString(Qt::ISODateWithMs).toStdString()},
            {"history", JsonFields::textArray(p.history)},
            {"elapsed_us", p.elapsedUs},
            {"skipped", skipped},
            {"steps", steps}};
}

bool fromJson(const json &j, Prediction &p, QString &error)
{
    if (!j.is_object()) {
        error = QStringLiteral("the prediction is not an object");
        return false;
    }
    p = Prediction{};
    p.date = QDateTime::fromString(JsonFields::text(j, "date"), Qt::ISODateWithMs);
    p.history = JsonFields::textList(j, "history");
    p.elapsedUs = JsonFields::integer(j, "elapsed_us", 0);
    if (const auto sk = j.find("skipped"); sk != j.end() && sk->is_object())
        for (const auto &[k, v] : sk->items())
            if (v.is_string())
                p.skipped[QString::fromStdString(k)] = QString::fromStdString(v.get<std::string>());
    const auto steps = j.find("steps");
    if (steps == j.end() || !steps->is_array()) {
        error = QStringLiteral("the prediction has no step list");
        return false;
    }
    int index = 0;
    for (const auto &js : *steps) {
        ++index;
        if (!js.is_object()) {
            error = QStringLiteral("predicted step %1 is not an object").arg(index);
            return false;
        }
        StepPrediction s;
        s.strategy = JsonFields::text(js, "strategy");
        s.target = JsonFields::text(js, "target");
        s.step = JsonFields::text(js, "step");
        if (s.strategy.isEmpty() || s.target.isEmpty() || s.step.isEmpty()) {
            error = QStringLiteral("predicted step %1 lacks strategy, target or step").arg(index);
            return false;
        }
        s.ok = JsonFields::flag(js, "ok", false);
        s.error = JsonFields::text(js, "error");
        s.rootDrv = JsonFields::text(js, "root_drv");
        s.evalUs = JsonFields::integer(js, "eval_us", 0);
        if (const auto c = js.find("closure"); c != js.end() && c->is_object()) {
            s.closure.derivations = count(*c, "derivations");
            s.closure.own = count(*c, "own");
            s.closure.toolchain = count(*c, "toolchain");
            s.closure.sourcePaths = count(*c, "source_paths");
            if (const auto r = c->find("roles"); r != c->end() && r->is_object())
                for (const auto &[role, n] : r->items())
                    if (n.is_number_integer())
                        s.closure.roles[QString::fromStdString(role)] = n.get<int>();
        }
        for (const auto &jd : JsonFields::array(js, "rebuild")) {
            if (!jd.is_object()) {
                error = QStringLiteral("predicted step %1 has a rebuilt derivation that is not an object")
                            .arg(index);
                return false;
            }
            PredictedDerivation d;
            d.drvPath = JsonFields::text(jd, "drv");
            d.name = JsonFields::text(jd, "name");
            if (d.name.isEmpty()) {
                error =
                    QStringLiteral("predicted step %1 has a rebuilt derivation without a name").arg(index);
                return false;
            }
            d.role = JsonFields::text(jd, "role");
            d.description = JsonFields::text(jd, "description");
            d.sources = JsonFields::textList(jd, "sources");
            d.reasons = JsonFields::textList(jd, "reasons");
            if (const auto m = jd.find("measured_us");
                m != jd.end() && m->is_number_integer() && m->get<std::int64_t>() >= 0)
                d.measuredUs = m->get<std::int64_t>();
            d.measuredIn = JsonFields::text(jd, "measured_in");
            s.rebuild.push_back(std::move(d));
        }
        p.steps.push_back(std::move(s));
    }
    return true;
}

} // namespace flakeoff::PredictionJson
