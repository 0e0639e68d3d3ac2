// SPDX-License-Identifier: MIT
#include "PredictionComparison.h"

#include "session/Session.h"
#include "util/JsonFields.h"

#include <QSet>

#include <nlohmann/json.hpp>

#include <algorithm>

namespace flakeoff {

using json = nlohmann::json;

namespace {
// Multiset difference of two sorted name lists: a − b.
QStringList minus(const QStringList &a, const QStringList &b)
{
    QStringList out;
    QStringList rest = b;
    for (const QString &n : a) {
        const qsizetype at = rest.indexOf(n);
        if (at >= 0)
            rest.removeAt(at);
        else
            out << n;
    }
    return out;
}
// What the run started building (built, failed or interrupted) and, when every one has a
// duration, their sum.
void readBuilt(const Measurement &m, StepComparison &c)
{
    if (m.report) {
        std::int64_t sum = 0;
        bool allTimed = true;
        for (const auto &b : m.report->builds) {
            if (b.status == BuildStatus::Waiting) // never started: another process built it
                continue;
            c.built << QString::fromStdString(b.name);
            if (const auto d = b.durationUs())
                sum += *d;
            else
                allTimed = false;
        }
        if (allTimed)
            c.builtUs = sum;
    }
    c.built.sort();
}
} // namespace

QString StepComparison::verdictName(Verdict v)
{
    switch (v) {
    case Verdict::Match:
        return QStringLiteral("match");
    case Verdict::Differs:
        return QStringLiteral("differs");
    case Verdict::BothFailed:
        return QStringLiteral("both failed");
    case Verdict::NotPredicted:
        return QStringLiteral("not predicted");
    case Verdict::NotRun:
        return QStringLiteral("not run");
    }
    return {};
}

PredictionComparison PredictionComparison::compare(const Prediction &prediction, const Session &run)
{
    PredictionComparison out;
    QSet<QString> seen;
    auto key = [](const QString &a, const QString &b, const QString &c) -> QString {
        return a + QLatin1Char('\n') + b + QLatin1Char('\n') + c;
    };
    for (const auto &p : prediction.steps) {
        seen.insert(key(p.strategy, p.step, p.target));
        StepComparison c;
        c.strategy = p.strategy;
        c.step = p.step;
        c.target = p.target;
        c.predicted = p.rebuildNames();
        c.predictedUs = p.knownCostUs();
        c.unknown = p.unknownCount();
        const auto cell = run.cell(p.strategy, p.target, p.step);
        if (cell.empty()) {
            c.verdict = StepComparison::Verdict::NotRun;
            c.note = p.ok ? QString() : p.error;
            out.steps.push_back(std::move(c));
            continue;
        }
        const Measurement &m = *cell.front();
        c.wallUs = m.wallUs;
        readBuilt(m, c);
        const bool buildFailed = m.outcome != Measurement::Outcome::Succeeded;
        c.buildFailed = buildFailed;
        if (!p.ok) {
            c.verdict =
                buildFailed ? StepComparison::Verdict::BothFailed : StepComparison::Verdict::NotPredicted;
            c.note = p.error;
            c.missed = c.built;
        } else {
            c.missed = minus(c.built, c.predicted);
            c.unexpected = minus(c.predicted, c.built);
            c.verdict = c.missed.isEmpty() && c.unexpected.isEmpty() ? StepComparison::Verdict::Match
                                                                     : StepComparison::Verdict::Differs;
            if (buildFailed)
                c.note = m.error;
        }
        out.steps.push_back(std::move(c));
    }
    // Measured cells the prediction never looked at.
    for (const auto &m : run.measurements) {
        if (m.warmup || m.repetition != 0 || seen.contains(key(m.strategy, m.step, m.target)))
            continue;
        seen.insert(key(m.strategy, m.step, m.target));
        StepComparison c;
        c.strategy = m.strategy;
        c.step = m.step;
        c.target = m.target;
        c.verdict = StepComparison::Verdict::NotPredicted;
        c.wallUs = m.wallUs;
        c.buildFailed = m.outcome != Measurement::Outcome::Succeeded;
        readBuilt(m, c);
        c.missed = c.built;
        c.note = QStringLiteral("the prediction has no such cell");
        out.steps.push_back(std::move(c));
    }
    return out;
}

int PredictionComparison::agreeing() const
{
    return static_cast<int>(
        std::count_if(steps.begin(), steps.end(), [](const StepComparison &c) { return c.agrees(); }));
}

int PredictionComparison::differing() const
{
    return static_cast<int>(std::count_if(steps.begin(), steps.end(), [](const StepComparison &c) {
        return c.verdict == StepComparison::Verdict::Differs ||
               c.verdict == StepComparison::Verdict::NotPredicted;
    }));
}

json PredictionComparison::toJson() const
{
    json cells = json::array();
    for (const auto &s : steps)
        cells.push_back({{"strategy", s.strategy.toStdString()},
                         {"step", s.step.toStdString()},
                         {"target", s.target.toStdString()},
                         {"verdict", StepComparison::verdictName(s.verdict).toStdString()},
                         {"predicted", JsonFields::textArray(s.predicted)},
                         {"built", JsonFields::textArray(s.built)},
                         {"missed", JsonFields::textArray(s.missed)},
                         {"unexpected", JsonFields::textArray(s.unexpected)},
                         {"predicted_us", s.predictedUs},
                         {"unknown", s.unknown},
                         {"built_us", s.builtUs ? json(*s.builtUs) : json(nullptr)},
                         {"wall_us", s.wallUs},
                         {"note", s.note.toStdString()}});
    return {{"agreeing", agreeing()}, {"differing", differing()}, {"steps", cells}};
}

} // namespace flakeoff
