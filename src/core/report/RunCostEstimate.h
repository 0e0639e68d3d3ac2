// SPDX-License-Identifier: MIT
#pragma once

#include "session/Session.h"
#include "strategy/StrategyCatalog.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace flakeoff {

// What a run will cost before it starts: per strategy, target and step, the median wall time of
// the newest earlier session that measured that cell (the times a prediction is priced with come
// from the same sessions), times the builds planned for it (warm-ups included). Cells never
// measured make the total a lower bound; without any earlier time it is unknown, and says so.
class RunCostEstimate
{
public:
    // `plan`: a session not yet run (workspace, strategies, targets, scenario, repeat, coldRepeat,
    // warmup), as the runner will fill it, in `layout` ("workspace" or "separate"). Each
    // strategy's targets are those of its manifest in `catalog` that the plan names (all when it
    // names none), as the runner counts them, none when the manifest lacks the layout (the runner
    // skips it); for a strategy the catalog lacks, the plan's targets or else those earlier
    // sessions measured. `earlier`: sessions to take times from, any order; only those run in
    // `layout` price a cell (a tool that fails at once in one layout builds for minutes in the other).
    static RunCostEstimate of(const Session &plan, const QString &layout, const StrategyCatalog &catalog,
                              const std::vector<std::shared_ptr<const Session>> &earlier);

    // The newest `max` sessions in `dir` that measured `workspace` (by file time; unreadable ones
    // skipped). Blocking file I/O.
    static std::vector<std::shared_ptr<const Session>>
    earlierSessions(const QString &dir, const QString &workspace, int max = 20);

    int builds = 0;       // builds planned, warm-ups included
    int cells = 0;        // strategy × target × step
    int pricedCells = 0;  // cells with an earlier time
    double knownS = 0;    // the priced cells' cost
    int sessionsUsed = 0; // earlier sessions a time came from
    QString layout;       // the layout priced; sentence() names it unless it is the workspace's

    bool known() const { return pricedCells > 0; }
    // "about 4 min 10 s for 27 builds (times from 2 earlier sessions)", "at least 3 min 5 s for 27
    // builds (6 of 9 cells never measured before)", "unknown for 27 builds: no earlier session
    // measured these strategies"; outside the workspace layout "… earlier sessions in the separate
    // layout", "… measured these strategies and steps in the separate layout".
    QString sentence() const;
};

} // namespace flakeoff
