// SPDX-License-Identifier: MIT
#include "AxisScale.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace flakeoff {

double AxisScale::niceStep(double raw, bool integral)
{
    if (!(raw > 0) || !std::isfinite(raw))
        return 1;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    static constexpr std::array<double, 5> kSteps = {1, 2, 2.5, 5, 10};
    for (const double s : kSteps) {
        const double step = s * mag;
        if (integral && (step < 1 || std::floor(step) != step))
            continue;
        // A hair of tolerance: 0.1 × 3 must not skip to the next step.
        if (step >= raw * (1 - 1e-9))
            return step;
    }
    return integral ? std::max(1.0, 10 * mag) : 10 * mag; // below 0.1 nothing above was whole
}

int AxisScale::decimalsFor(double step)
{
    for (int d = 0; d < 4; ++d) {
        const double scaled = step * std::pow(10.0, d);
        if (std::abs(scaled - std::round(scaled)) < 1e-6)
            return d;
    }
    return 4;
}

AxisScale::AxisScale(double max, ChartUnit unit, int targetTicks) : m_unit(unit)
{
    max = std::isfinite(max) ? std::max(0.0, max) : 0.0;
    targetTicks = std::max(1, targetTicks);
    bool integral = false;
    switch (unit) {
    case ChartUnit::Seconds:
        if (max >= 60) {
            // Clock steps, labelled the way ChartDataBuilder::formatSeconds writes values
            // ("1 min 30 s"), so a bar's label and the axis next to it use the same words.
            m_clock = true;
            static constexpr std::array<double, 16> kClockSteps = {
                10, 15, 20, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200};
            const double raw = max / targetTicks;
            m_step = kClockSteps.back();
            for (const double st : kClockSteps)
                if (st >= raw) {
                    m_step = st;
                    break;
                }
            m_max = std::ceil(max / m_step - 1e-9) * m_step;
            const int n = static_cast<int>(std::round(m_max / m_step));
            for (int i = 0; i <= n; ++i)
                m_ticks.push_back(i * m_step);
            return;
        }
        if (max > 0 && max < 1) {
            m_divisor = 0.001;
            m_suffix = QStringLiteral(" ms");
        } else {
            m_suffix = QStringLiteral(" s");
        }
        break;
    case ChartUnit::Bytes: {
        static const char *units[] = {" B", " KiB", " MiB", " GiB", " TiB"};
        int u = 0;
        while (u < 4 && max >= 1024.0 * m_divisor) {
            m_divisor *= 1024.0;
            ++u;
        }
        m_suffix = QLatin1String(units[u]);
        integral = u == 0;
        break;
    }
    case ChartUnit::Count:
        integral = true;
        break;
    }
    const double scaledMax = max / m_divisor;
    double step = niceStep(scaledMax > 0 ? scaledMax / targetTicks : 1.0 / targetTicks, integral);
    double top = scaledMax > 0 ? std::ceil(scaledMax / step - 1e-9) * step : step * targetTicks;
    if (top <= 0)
        top = step;
    m_step = step * m_divisor;
    m_max = top * m_divisor;
    m_decimals = decimalsFor(step);
    const int n = static_cast<int>(std::round(top / step));
    for (int i = 0; i <= n; ++i)
        m_ticks.push_back(i * m_step);
}

QString AxisScale::label(double tick) const
{
    // A bare zero for counts and sizes ("0.0 GiB" says nothing more); times keep their unit.
    if (tick == 0 && m_unit != ChartUnit::Seconds)
        return QStringLiteral("0");
    if (m_clock) {
        const auto total = static_cast<long long>(std::llround(tick));
        const long long minutes = total / 60, seconds = total % 60;
        if (minutes == 0)
            return QStringLiteral("%1 s").arg(seconds);
        return seconds == 0 ? QStringLiteral("%1 min").arg(minutes)
                            : QStringLiteral("%1 min %2 s").arg(minutes).arg(seconds);
    }
    return QString::number(tick / m_divisor, 'f', m_decimals) + m_suffix;
}

} // namespace flakeoff
