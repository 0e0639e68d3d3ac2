// SPDX-License-Identifier: MIT
#pragma once

namespace flakeoff {

// Student's t distribution, for confidence intervals over a handful of builds (3 to 10 runs is
// typical: a normal quantile would claim far more certainty than 3 runs give).
class StudentT
{
public:
    // P(T <= t) for df degrees of freedom (df > 0, need not be whole: Welch's df is not).
    static double cdf(double t, double df);
    // The t with cdf(t, df) == p, for 0 < p < 1.
    static double quantile(double p, double df);
};

} // namespace flakeoff
