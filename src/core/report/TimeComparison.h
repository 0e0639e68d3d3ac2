// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <optional>
#include <vector>

namespace flakeoff {

// Is one strategy's build really faster than another's, or is the difference noise? Build times
// are skewed and their spread grows with their size, so the comparison is made on log times:
// Welch's t interval for the difference of the mean log times, turned back into a confidence
// interval for the ratio of the two builds' typical (geometric mean) times. A verdict is only
// given when that interval excludes 1: a tie, a single run or overlapping spreads never crown a
// winner.
struct TimeComparison
{
    enum class Verdict
    {
        Faster,            // a is faster than b: the whole interval of a/b is below 1
        Slower,            // a is slower than b: the whole interval is above 1
        NotDistinguishable // the interval holds 1, or there is no interval
    };

    double ratio = 0;           // median(a) / median(b), the factor every table shows
    std::optional<double> low;  // the interval of a/b (geometric means); unset with fewer than
    std::optional<double> high; // two runs on either side
    double confidence = 0.95;
    Verdict verdict = Verdict::NotDistinguishable;
    // Why there is no verdict, in words: "one run each", "one run of a", "within the noise"; empty
    // with a verdict.
    QString why;

    // a and b are wall times in seconds of succeeded runs (any order). Both must be non-empty.
    static TimeComparison of(const std::vector<double> &a, const std::vector<double> &b,
                             double confidence = 0.95);

    bool distinguishable() const { return verdict != Verdict::NotDistinguishable; }
    // "faster", "slower", "not distinguishable"
    static QString verdictName(Verdict verdict);
};

} // namespace flakeoff
