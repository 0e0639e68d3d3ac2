// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

#include <vector>

namespace flakeoff {

// What a reader should know before trusting a cell's time, as hyperfine warns after a benchmark:
// a single run (no spread, no verdict), outliers, a first run much slower than the rest (caches
// were cold: a warm-up build would help).
class RunWarnings
{
public:
    // times: wall times in seconds of the succeeded runs, in the order they ran.
    static QStringList of(const std::vector<double> &times);

    // A first run counts as much slower when it took this many times the others' median …
    static constexpr double kSlowFirstFactor = 1.5;
    // … and at least this much longer (a 0.2 s no-op taking 0.35 s once is not worth a warning).
    static constexpr double kSlowFirstLeastSeconds = 0.5;
};

} // namespace flakeoff
