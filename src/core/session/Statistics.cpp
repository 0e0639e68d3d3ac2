// SPDX-License-Identifier: MIT
#include "Statistics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace flakeoff {

namespace {
// Linear interpolation between closest ranks (the "R-7" quantile, numpy's default).
double quantile(const std::vector<double> &sorted, double q)
{
    const double pos = q * static_cast<double>(sorted.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const auto hi = static_cast<std::size_t>(std::ceil(pos));
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - static_cast<double>(lo));
}
} // namespace

Statistics Statistics::of(const std::vector<double> &values)
{
    Statistics s;
    s.count = values.size();
    if (values.empty())
        return s;
    std::vector<double> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    s.min = sorted.front();
    s.max = sorted.back();
    s.mean = std::accumulate(sorted.begin(), sorted.end(), 0.0) / static_cast<double>(sorted.size());
    s.median = quantile(sorted, 0.5);
    if (values.size() > 1) {
        double sq = 0;
        for (double v : values)
            sq += (v - s.mean) * (v - s.mean);
        s.stddev = std::sqrt(sq / static_cast<double>(values.size() - 1));
    }
    // Outliers need enough values for quartiles to mean something.
    if (values.size() >= 4) {
        const double q1 = quantile(sorted, 0.25);
        const double q3 = quantile(sorted, 0.75);
        const double iqr = q3 - q1;
        for (std::size_t i = 0; i < values.size(); ++i)
            if (values[i] < q1 - 1.5 * iqr || values[i] > q3 + 1.5 * iqr)
                s.outliers.push_back(i);
    }
    return s;
}

} // namespace flakeoff
