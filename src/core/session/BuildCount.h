// SPDX-License-Identifier: MIT
#pragma once

#include "Session.h"

#include <QString>

#include <vector>

namespace flakeoff {

// How many builds a session holds, counted once for every view: the Compare page's summary and
// its table, the Run view and the status bar say one number in one wording ("17 builds
// (1 warm-up)"), never three counts of three different things.
struct BuildCount
{
    int total = 0;   // every recorded build, warm-ups included: a row each in the tables
    int warmups = 0; // built but not counted in any statistic
    int failed = 0;  // warm-ups included: a failed build failed
    int cancelled = 0;
    int notAttempted = 0; // recorded as skipped (a target the workspace lacks): never built

    static BuildCount of(const Session &session);
    static BuildCount of(const std::vector<Measurement> &measurements);

    // "17 builds (1 warm-up, 2 failed)", "1 build", "no builds".
    QString sentence() const;
    // A filtered part of them: "5 of 17 builds".
    QString shownOf(int shown) const;
};

} // namespace flakeoff
