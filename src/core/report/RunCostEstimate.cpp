// SPDX-License-Identifier: MIT
#include "RunCostEstimate.h"

#include "ChartData.h"
#include "ReportWording.h"
#include "SessionSummary.h"
#include "session/SessionStore.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <iterator>
#include <set>

namespace flakeoff {

RunCostEstimate RunCostEstimate::of(const Session &plan, const QString &layout,
                                    const StrategyCatalog &catalog,
                                    const std::vector<std::shared_ptr<const Session>> &earlier)
{
    // Newest first: a cell takes the times of the newest session that measured it in this layout.
    std::vector<std::shared_ptr<const Session>> sessions;
    std::copy_if(earlier.begin(), earlier.end(), std::back_inserter(sessions),
                 [&layout](const auto &s) { return s->layout() == layout; });
    std::stable_sort(sessions.begin(), sessions.end(),
                     [](const auto &a, const auto &b) { return a->environment.date > b->environment.date; });
    std::vector<SessionSummary> summaries;
    summaries.reserve(sessions.size());
    for (const auto &s : sessions)
        summaries.emplace_back(*s);

    // A strategy the catalog does not know: the plan's targets, or those earlier sessions measured.
    QStringList knownTargets = plan.targets;
    if (knownTargets.isEmpty())
        for (const SessionSummary &s : summaries)
            for (const QString &t : s.targets())
                if (!knownTargets.contains(t))
                    knownTargets.append(t);

    RunCostEstimate e;
    e.layout = layout;
    std::set<std::size_t> used;
    for (const QString &strategy : plan.strategies) {
        const Strategy *manifest = catalog.find(strategy);
        if (manifest && !manifest->layoutMissing(layout).isEmpty())
            continue; // never run in this layout: no build to pay for
        const QStringList targets = manifest ? manifest->targetIds(plan.targets) : knownTargets;
        for (const QString &target : targets)
            for (const ScenarioStep &step : plan.scenario.steps) {
                const int planned = plan.warmup + plan.repeatFor(step);
                e.builds += planned;
                ++e.cells;
                for (std::size_t i = 0; i < summaries.size(); ++i) {
                    const CellSummary *c = summaries[i].cell(strategy, target, step.id);
                    if (!c || !c->hasTime())
                        continue;
                    e.knownS += c->wallS.median * planned;
                    ++e.pricedCells;
                    used.insert(i);
                    break;
                }
            }
    }
    e.sessionsUsed = static_cast<int>(used.size());
    return e;
}

std::vector<std::shared_ptr<const Session>>
RunCostEstimate::earlierSessions(const QString &dir, const QString &workspace, int max)
{
    std::vector<std::shared_ptr<const Session>> out;
    const QString wanted = QFileInfo(workspace).absoluteFilePath();
    const QFileInfoList files =
        QDir(dir).entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Time); // newest first
    for (const QFileInfo &file : files) {
        if (static_cast<int>(out.size()) >= max)
            break;
        QString error;
        auto s = SessionStore::load(file.absoluteFilePath(), &error);
        if (s && !s->measurements.empty() && QFileInfo(s->workspace).absoluteFilePath() == wanted)
            out.push_back(std::make_shared<const Session>(std::move(*s)));
    }
    return out;
}

QString RunCostEstimate::sentence() const
{
    const QString count =
        QStringLiteral("%1 build%2").arg(builds).arg(builds == 1 ? QString() : QStringLiteral("s"));
    const QString inLayout = ReportWording::inLayout(layout);
    if (!known())
        return QStringLiteral("unknown for %1: no earlier session measured these strategies and steps%2")
            .arg(count, inLayout);
    const QString time = ChartDataBuilder::formatSeconds(knownS);
    const QString from = QStringLiteral("times from %1 earlier session%2%3")
                             .arg(sessionsUsed)
                             .arg(sessionsUsed == 1 ? QString() : QStringLiteral("s"), inLayout);
    if (pricedCells == cells)
        return QStringLiteral("about %1 for %2 (%3)").arg(time, count, from);
    return QStringLiteral("at least %1 for %2 (%3 of %4 cells never measured before; %5)")
        .arg(time, count)
        .arg(cells - pricedCells)
        .arg(cells)
        .arg(from);
}

} // namespace flakeoff
