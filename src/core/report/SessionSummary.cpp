// SPDX-License-Identifier: MIT
#include "SessionSummary.h"

#include "RunWarnings.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace flakeoff {

namespace {
constexpr double kUsPerSecond = 1e6;

void appendUnique(QStringList &list, const QString &value)
{
    if (!value.isEmpty() && !list.contains(value))
        list.append(value);
}
} // namespace

const Measurement *CellSummary::representative() const
{
    const Measurement *best = nullptr;
    double bestDistance = std::numeric_limits<double>::infinity();
    for (const Measurement *m : runs) {
        if (m->outcome != Measurement::Outcome::Succeeded)
            continue;
        const double distance = std::abs(static_cast<double>(m->wallUs) / kUsPerSecond - wallS.median);
        if (distance < bestDistance) {
            bestDistance = distance;
            best = m;
        }
    }
    if (!best && !runs.empty())
        best = runs.front(); // no success: show the failure
    return best;
}

QString CellSummary::firstError() const
{
    for (const Measurement *m : runs)
        if (m->outcome != Measurement::Outcome::Succeeded)
            if (const QString cause = m->failureCause(); !cause.isEmpty())
                return cause;
    return {};
}

SessionSummary::SessionSummary(const Session &session) : m_session(&session)
{
    // Orders: the session's own lists first (the order the user chose), then anything measured
    // that they do not name (a session written by an older version, a custom scenario's step).
    for (const QString &s : session.strategies)
        if (!session.skipped.count(s))
            appendUnique(m_strategies, s);
    QStringList targets = session.targets;
    QStringList steps;
    for (const auto &step : session.scenario.steps)
        steps.append(step.id);
    for (const auto &m : session.measurements) {
        if (m.warmup || m.outcome == Measurement::Outcome::Skipped)
            continue;
        appendUnique(m_strategies, m.strategy);
        appendUnique(targets, m.target);
        appendUnique(steps, m.step);
    }
    auto measured = [&session](auto field, const QString &value) {
        for (const auto &m : session.measurements)
            if (!m.warmup && m.*field == value)
                return true;
        return false;
    };
    for (const QString &t : targets)
        if (measured(&Measurement::target, t))
            m_targets.append(t);
    for (const QString &s : steps)
        if (measured(&Measurement::step, s))
            m_steps.append(s);

    for (const QString &strategy : m_strategies)
        for (const QString &target : m_targets)
            for (const QString &step : m_steps) {
                CellSummary c;
                c.strategy = strategy;
                c.target = target;
                c.step = step;
                c.runs = session.cell(strategy, target, step);
                if (c.runs.empty())
                    continue;
                std::vector<double> cpu;
                std::vector<double> user;
                std::vector<double> system;
                std::vector<double> built;
                for (const Measurement *m : c.runs) {
                    switch (m->outcome) {
                    case Measurement::Outcome::Succeeded:
                        ++c.succeeded;
                        break;
                    case Measurement::Outcome::Failed:
                        ++c.failed;
                        break;
                    case Measurement::Outcome::Cancelled:
                        ++c.cancelled;
                        break;
                    case Measurement::Outcome::Skipped:
                        ++c.skipped;
                        break;
                    }
                    if (m->outcome != Measurement::Outcome::Succeeded)
                        continue;
                    c.wallTimesS.push_back(static_cast<double>(m->wallUs) / kUsPerSecond);
                    cpu.push_back(static_cast<double>(m->cpuUserUs + m->cpuSystemUs) / kUsPerSecond);
                    user.push_back(static_cast<double>(m->cpuUserUs) / kUsPerSecond);
                    system.push_back(static_cast<double>(m->cpuSystemUs) / kUsPerSecond);
                    built.push_back(static_cast<double>(m->builtCount()));
                    if (m->outputBytes >= 0)
                        c.outputBytes = m->outputBytes;
                    if (m->closureBytes >= 0)
                        c.closureBytes = m->closureBytes;
                    if (m->intermediateBytes >= 0)
                        c.intermediateBytes = m->intermediateBytes;
                    if (m->storeGrowthBytes >= 0)
                        c.storeGrowthBytes = m->storeGrowthBytes;
                }
                c.wallS = Statistics::of(c.wallTimesS);
                c.cpuS = Statistics::of(cpu);
                c.userS = Statistics::of(user);
                c.systemS = Statistics::of(system);
                c.built = Statistics::of(built);
                m_index[{strategy, target, step}] = m_cells.size();
                m_cells.push_back(std::move(c));
            }
    rank();
    m_notRun = NotRunSteps::of(session);
}

const NotRun *SessionSummary::notRun(const QString &strategy, const QString &step) const
{
    for (const NotRun &n : m_notRun)
        if (n.strategy == strategy && (n.whole || n.steps.contains(step)))
            return &n;
    return nullptr;
}

void SessionSummary::rank()
{
    for (const QString &target : m_targets)
        for (const QString &step : m_steps) {
            std::vector<CellSummary *> timed;
            for (auto &c : m_cells)
                if (c.target == target && c.step == step && c.hasTime())
                    timed.push_back(&c);
            if (timed.empty())
                continue;
            std::stable_sort(timed.begin(), timed.end(), [](const CellSummary *a, const CellSummary *b) {
                return a->wallS.median < b->wallS.median;
            });
            CellSummary *best = timed.front();
            best->quickest = true;
            const double b = best->wallS.median;
            const double bs = best->wallS.stddev;
            bool allSlower = timed.size() >= 2;
            for (CellSummary *c : timed) {
                if (b > 0) {
                    const double r = c->wallS.median / b;
                    c->relative = r;
                    // Error propagation for a quotient, as hyperfine does for its relative speed.
                    const double a = c->wallS.median;
                    const double as = c->wallS.stddev;
                    c->relativeStddev =
                        (a > 0) ? r * std::sqrt((as / a) * (as / a) + (bs / b) * (bs / b)) : 0.0;
                }
                if (c == best)
                    continue;
                c->comparison = TimeComparison::of(c->wallTimesS, best->wallTimesS);
                allSlower = allSlower && c->comparison->verdict == TimeComparison::Verdict::Slower;
            }
            if (timed.size() >= 2)
                best->comparison = TimeComparison::of(best->wallTimesS, timed[1]->wallTimesS);
            best->fastest = allSlower;
        }
    for (auto &c : m_cells)
        c.warnings = RunWarnings::of(c.wallTimesS);
}

QStringList SessionSummary::skippedStrategies() const
{
    QStringList out;
    for (const auto &[id, why] : m_session->skipped) {
        Q_UNUSED(why);
        out.append(id);
    }
    return out;
}

const CellSummary *SessionSummary::cell(const QString &strategy, const QString &target,
                                        const QString &step) const
{
    const auto it = m_index.find({strategy, target, step});
    return it == m_index.end() ? nullptr : &m_cells[it->second];
}

QString SessionSummary::fastest(const QString &target, const QString &step) const
{
    for (const auto &c : m_cells)
        if (c.target == target && c.step == step && c.fastest)
            return c.strategy;
    return {};
}

QString SessionSummary::quickest(const QString &target, const QString &step) const
{
    for (const auto &c : m_cells)
        if (c.target == target && c.step == step && c.quickest)
            return c.strategy;
    return {};
}

QStringList SessionSummary::steps(const QString &target) const
{
    QStringList out;
    for (const QString &step : m_steps)
        for (const QString &strategy : m_strategies)
            if (cell(strategy, target, step)) {
                out.append(step);
                break;
            }
    return out;
}

const CellSummary *SessionSummary::storeCell(const QString &strategy, const QString &target) const
{
    const CellSummary *chosen = nullptr;
    for (const QString &step : m_steps) {
        const CellSummary *c = cell(strategy, target, step);
        if (!c || (c->closureBytes < 0 && c->intermediateBytes < 0))
            continue;
        if (step == QLatin1String("cold"))
            return c;
        chosen = c;
    }
    return chosen;
}

QString SessionSummary::stepLabel(const QString &step) const
{
    if (const ScenarioStep *s = m_session->scenario.step(step))
        return s->description.isEmpty() ? ScenarioStep::kindDescription(s->kind) : s->description;
    return step;
}

int SessionSummary::measurementCount() const
{
    int n = 0;
    for (const auto &c : m_cells)
        n += static_cast<int>(c.runs.size());
    return n;
}

int SessionSummary::failedCount() const
{
    int n = 0;
    for (const auto &c : m_cells)
        n += c.failed;
    return n;
}

} // namespace flakeoff
