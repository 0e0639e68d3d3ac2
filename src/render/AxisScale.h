// SPDX-License-Identifier: MIT
#pragma once

#include "report/ChartData.h"

#include <QString>

#include <vector>

namespace flakeoff {

// A linear value axis from 0 with "nice" ticks (1, 2, 2.5, 5 × 10^n; for bytes, the same steps of
// KiB/MiB/GiB; from a minute on, clock steps: 15 s, 30 s, 1 min, 2 min, 5 min, …) and tick labels that share
// one unit and one number of decimals, so an axis reads "0 s, 5 s, 10 s" rather than "0 ms, 5.00 s, 10.0 s".
class AxisScale
{
public:
    // An axis covering [0, max] with about `targetTicks` intervals (at least 1).
    AxisScale(double max, ChartUnit unit, int targetTicks);

    double max() const { return m_max; }
    double step() const { return m_step; }
    const std::vector<double> &ticks() const { return m_ticks; }
    // Position of `value` as a fraction of the axis, 0 at the origin.
    double fraction(double value) const { return m_max > 0 ? value / m_max : 0.0; }
    QString label(double tick) const;

    // The smallest "nice" step ≥ raw: 1, 2, 2.5, 5 × 10^n; for an integral axis (counts, bytes)
    // only whole steps, so 2.5 is skipped rather than rounded to 3. The app's Qt Charts axes use
    // it too, so the screen and an export tick alike.
    static double niceStep(double raw, bool integral);
    // Decimals a label needs to show `step` exactly (0.25 → 2), at most 4.
    static int decimalsFor(double step);

private:
    ChartUnit m_unit;
    double m_max = 1;
    double m_step = 1;
    double m_divisor = 1; // unit of the labels (1024^k bytes, 60 s, …)
    QString m_suffix;
    int m_decimals = 0;
    bool m_clock = false; // minutes and seconds: "1 min 30 s"
    std::vector<double> m_ticks;
};

} // namespace flakeoff
