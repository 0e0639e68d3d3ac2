// SPDX-License-Identifier: MIT
#include "StudentT.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace flakeoff {

namespace {

// Continued fraction of the regularized incomplete beta function (modified Lentz's method).
double betaContinuedFraction(double a, double b, double x)
{
    constexpr int kMaxIterations = 300;
    constexpr double kEpsilon = 1e-15;
    constexpr double kTiny = 1e-300;
    double c = 1.0;
    double d = 1.0 - (a + b) * x / (a + 1.0);
    if (std::fabs(d) < kTiny)
        d = kTiny;
    d = 1.0 / d;
    double h = d;
    for (int m = 1; m <= kMaxIterations; ++m) {
        const double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
        for (int step = 0; step < 2; ++step) {
            d = 1.0 + aa * d;
            if (std::fabs(d) < kTiny)
                d = kTiny;
            c = 1.0 + aa / c;
            if (std::fabs(c) < kTiny)
                c = kTiny;
            d = 1.0 / d;
            const double delta = d * c;
            h *= delta;
            if (step == 1 && std::fabs(delta - 1.0) < kEpsilon)
                return h;
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
        }
    }
    return h;
}

// I_x(a, b), the regularized incomplete beta function.
double incompleteBeta(double a, double b, double x)
{
    if (x <= 0.0)
        return 0.0;
    if (x >= 1.0)
        return 1.0;
    const double lnFront =
        std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
    const double front = std::exp(lnFront);
    // The continued fraction converges fast only below the mean; use the symmetry above it.
    if (x < (a + 1.0) / (a + b + 2.0))
        return front * betaContinuedFraction(a, b, x) / a;
    return 1.0 - front * betaContinuedFraction(b, a, 1.0 - x) / b;
}

} // namespace

double StudentT::cdf(double t, double df)
{
    if (std::isnan(t) || !(df > 0))
        return std::numeric_limits<double>::quiet_NaN();
    const double x = df / (df + t * t);
    const double tail = 0.5 * incompleteBeta(df / 2.0, 0.5, x); // P(T > |t|)
    return t >= 0 ? 1.0 - tail : tail;
}

double StudentT::quantile(double p, double df)
{
    if (!(p > 0.0 && p < 1.0) || !(df > 0))
        return std::numeric_limits<double>::quiet_NaN();
    if (p == 0.5)
        return 0.0;
    // Bisection on the monotone cdf: about 100 steps to full double precision, and a comparison
    // needs one quantile, so robustness wins over speed here.
    double lo = -1.0;
    double hi = 1.0;
    while (cdf(lo, df) > p)
        lo *= 2.0;
    while (cdf(hi, df) < p)
        hi *= 2.0;
    for (int i = 0; i < 200 && hi - lo > 1e-12 * std::max(1.0, std::fabs(lo)); ++i) {
        const double mid = 0.5 * (lo + hi);
        (cdf(mid, df) < p ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

} // namespace flakeoff
