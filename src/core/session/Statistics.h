// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <vector>

namespace flakeoff {

// Summary of repeated measurements, as hyperfine reports them.
struct Statistics
{
    std::size_t count = 0;
    double min = 0;
    double max = 0;
    double mean = 0;
    double median = 0;
    double stddev = 0;                 // sample standard deviation (n − 1); 0 for a single value
    std::vector<std::size_t> outliers; // indices of values outside the Tukey fences (1.5 × IQR)

    // An empty input gives count 0 and zeros elsewhere; callers show "no measurement", not 0.
    static Statistics of(const std::vector<double> &values);
};

} // namespace flakeoff
