// SPDX-License-Identifier: MIT
#include "PredictionGrid.h"

#include "log/BuildReportText.h"
#include "session/Session.h"

namespace flakeoff {

namespace {
QString key(const QString &strategy, const QString &step, const QString &target)
{
    return strategy + QLatin1Char('\n') + step + QLatin1Char('\n') + target;
}

QString seconds(std::int64_t us)
{
    return QString::fromStdString(BuildReportText::duration(us));
}

void addOnce(QStringList &list, const QString &value)
{
    if (!list.contains(value))
        list << value;
}

using Verdict = StepComparison::Verdict;
} // namespace

bool PredictionGrid::Cell::measured() const
{
    return comparison && comparison->verdict != Verdict::NotRun;
}

bool PredictionGrid::Cell::finding() const
{
    if (!comparison)
        return false;
    // A failed build the prediction did not foresee is the run's problem, not the prediction's;
    // a derivation built that the prediction did not list is always one.
    if (comparison->verdict == Verdict::NotPredicted)
        return true;
    return comparison->verdict == Verdict::Differs && !comparison->missed.isEmpty();
}

PredictionGrid PredictionGrid::of(const Session &session)
{
    PredictionGrid grid;
    if (!session.prediction)
        return grid;
    grid.m_prediction = &*session.prediction;
    grid.m_scenario = &session.scenario;
    grid.m_comparison = PredictionComparison::compare(*session.prediction, session);

    for (const QString &s : session.strategies)
        addOnce(grid.m_strategies, s);
    for (const QString &t : session.targets)
        addOnce(grid.m_targets, t);
    for (const auto &step : session.scenario.steps)
        addOnce(grid.m_steps, step.id);
    for (const auto &c : grid.m_comparison.steps) {
        addOnce(grid.m_strategies, c.strategy);
        addOnce(grid.m_targets, c.target);
        addOnce(grid.m_steps, c.step); // a stored prediction of another scenario's step: after ours
    }
    // Targets nobody predicted or measured (a session lists what was asked) are left out.
    QStringList used;
    for (const auto &c : grid.m_comparison.steps)
        addOnce(used, c.target);
    QStringList targets;
    for (const QString &t : grid.m_targets)
        if (used.contains(t))
            targets << t;
    grid.m_targets = targets;

    for (const auto &c : grid.m_comparison.steps) {
        Cell cell;
        cell.prediction = session.prediction->find(c.strategy, c.step, c.target);
        cell.comparison = c;
        if (cell.measured())
            ++grid.m_measured;
        grid.m_cells.emplace(key(c.strategy, c.step, c.target), std::move(cell));
    }
    return grid;
}

QString PredictionGrid::stepDescription(const QString &step) const
{
    if (m_scenario)
        for (const auto &s : m_scenario->steps)
            if (s.id == step)
                return s.description;
    return {};
}

const PredictionGrid::Cell *PredictionGrid::cell(const QString &strategy, const QString &step,
                                                 const QString &target) const
{
    const auto it = m_cells.find(key(strategy, step, target));
    return it == m_cells.end() ? nullptr : &it->second;
}

QString PredictionGrid::predictedText(const Cell &cell)
{
    const StepPrediction *p = cell.prediction;
    if (!p)
        return QStringLiteral("—");
    if (!p->ok)
        return QStringLiteral("cannot predict");
    const auto n = static_cast<qsizetype>(p->rebuild.size());
    if (n == 0)
        return QStringLiteral("0");
    const int unknown = p->unknownCount();
    if (unknown == n)
        return QStringLiteral("%1 · unknown").arg(n);
    const QString known = seconds(p->knownCostUs());
    return unknown == 0 ? QStringLiteral("%1 · %2").arg(n).arg(known)
                        : QStringLiteral("%1 · ≥ %2").arg(n).arg(known);
}

QString PredictionGrid::builtText(const Cell &cell)
{
    if (!cell.measured())
        return QStringLiteral("—");
    const StepComparison &c = *cell.comparison;
    const auto n = c.built.size();
    // A failed build stops early: its count is what it got to, not what the edit needed.
    const bool failed = c.buildFailed;
    QString text = n == 0      ? QStringLiteral("0")
                   : c.builtUs ? QStringLiteral("%1 · %2").arg(n).arg(seconds(*c.builtUs))
                               : QString::number(n);
    return failed ? QStringLiteral("failed · ") + text : text;
}

QString PredictionGrid::verdictText(const Cell &cell)
{
    if (!cell.comparison)
        return QStringLiteral("—");
    const StepComparison &c = *cell.comparison;
    switch (c.verdict) {
    case Verdict::Match:
        return QStringLiteral("✓ as predicted");
    case Verdict::BothFailed:
        return QStringLiteral("✓ both failed");
    case Verdict::NotRun:
        return QStringLiteral("not run");
    case Verdict::NotPredicted:
        return QStringLiteral("✗ not predicted");
    case Verdict::Differs: {
        QStringList parts;
        if (!c.missed.isEmpty())
            parts << QStringLiteral("%1 missed").arg(c.missed.size());
        if (!c.unexpected.isEmpty())
            parts << QStringLiteral("%1 not built").arg(c.unexpected.size());
        return QStringLiteral("✗ ") + parts.join(QStringLiteral(", "));
    }
    }
    return {};
}

QString PredictionGrid::agreementText() const
{
    if (m_measured == 0)
        return {};
    int agree = 0;
    for (const auto &[k, cell] : m_cells)
        if (cell.measured() && cell.comparison->agrees())
            ++agree;
    const int differ = m_measured - agree;
    QString text = QStringLiteral("%1 of %2 measured cells as predicted").arg(agree).arg(m_measured);
    if (differ > 0)
        text += differ == 1 ? QStringLiteral("; 1 differs") : QStringLiteral("; %1 differ").arg(differ);
    return text;
}

QStringList PredictionGrid::findings() const
{
    QStringList out;
    for (const QString &target : m_targets)
        for (const QString &step : m_steps)
            for (const QString &strategy : m_strategies) {
                const Cell *c = cell(strategy, step, target);
                if (!c || !c->comparison)
                    continue;
                const StepComparison &s = *c->comparison;
                const QString where = QStringLiteral("%1 · %2 · %3").arg(strategy, step, target);
                if (s.verdict == Verdict::NotPredicted) {
                    out << QStringLiteral("%1: built but not predicted (%2)%3")
                               .arg(where, s.note.section(QLatin1Char('\n'), 0, 0),
                                    s.built.isEmpty()
                                        ? QString()
                                        : QStringLiteral(": ") + s.built.join(QStringLiteral(", ")));
                    continue;
                }
                if (s.verdict != Verdict::Differs)
                    continue;
                if (!s.missed.isEmpty())
                    out << QStringLiteral("%1: built but not predicted: %2")
                               .arg(where, s.missed.join(QStringLiteral(", ")));
                if (!s.unexpected.isEmpty())
                    out << QStringLiteral("%1: predicted but not built: %2")
                               .arg(where, s.unexpected.join(QStringLiteral(", ")));
            }
    return out;
}

} // namespace flakeoff
