// SPDX-License-Identifier: MIT
#include "ChartData.h"

#include "ReportWording.h"
#include "SessionSummary.h"
#include "StrategyColors.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace flakeoff {

namespace {
constexpr double kUs = 1e6;
// Nix stamps a derivation's start when its first line arrives; a successor can appear to start a
// few milliseconds before its predecessor's stop is read.
constexpr double kChainSlackS = 0.05;

QString runsText(const CellSummary &c)
{
    QString t = QStringLiteral("%1 run%2")
                    .arg(c.wallS.count)
                    .arg(c.wallS.count == 1 ? QString() : QStringLiteral("s"));
    if (c.failed)
        t += QStringLiteral(", %1 failed").arg(c.failed);
    if (c.cancelled)
        t += QStringLiteral(", %1 cancelled").arg(c.cancelled);
    return t;
}

QString rangeText(double lo, double hi, ChartUnit unit)
{
    return QStringLiteral("min %1, max %2")
        .arg(ChartDataBuilder::formatValue(lo, unit), ChartDataBuilder::formatValue(hi, unit));
}

BarValue cellValue(const CellSummary &c)
{
    BarValue v;
    v.strategy = c.strategy;
    v.target = c.target;
    v.step = c.step;
    v.failed = c.failed > 0;
    return v;
}

// The shape both per-step charts share: the target's steps as categories, one series per strategy
// in session order (each in its own fixed colour), and per cell the bar `valueOf` makes (nullopt: a gap).
void fillPerStep(BarChartData &d, const SessionSummary &summary, const QString &target,
                 const std::function<std::optional<BarValue>(const CellSummary &)> &valueOf)
{
    d.categories = summary.steps(target);
    for (const QString &step : d.categories)
        d.categoryLabels.append(summary.stepLabel(step));
    for (const QString &strategy : summary.strategies()) {
        const StrategyColors::Entry color = StrategyColors::of(strategy);
        BarSeries s;
        s.name = strategy;
        s.color = color.hex;
        s.model = color.model;
        for (const QString &step : d.categories) {
            const CellSummary *c = summary.cell(strategy, target, step);
            s.values.push_back(c ? valueOf(*c) : std::nullopt);
        }
        d.series.push_back(std::move(s));
    }
}
} // namespace

bool BarChartData::isEmpty() const
{
    for (const auto &s : series)
        for (const auto &v : s.values)
            if (v)
                return false;
    return true;
}

double BarChartData::maxValue() const
{
    double m = 0;
    for (const auto &s : series)
        for (const auto &v : s.values)
            if (v)
                m = std::max({m, v->value, v->high.value_or(0.0)});
    return m;
}

BarChartData ChartDataBuilder::rebuildCost(const SessionSummary &summary, const QString &target)
{
    BarChartData d;
    d.id = QStringLiteral("rebuild-cost-") + target;
    d.title = QStringLiteral("Rebuild cost per step — %1").arg(target);
    d.subtitle = QStringLiteral("median wall time; whiskers: min–max of the runs");
    d.valueAxis = QStringLiteral("wall time");
    d.unit = ChartUnit::Seconds;
    fillPerStep(d, summary, target, [](const CellSummary &c) -> std::optional<BarValue> {
        // Failed wins over cancelled, as in the tables (ReportWording::noTime).
        if (!c.hasTime() && !c.failed && !c.cancelled)
            return std::nullopt;
        BarValue v = cellValue(c);
        if (c.hasTime()) {
            v.value = c.wallS.median;
            if (c.wallS.count > 1) {
                v.low = c.wallS.min;
                v.high = c.wallS.max;
            }
            v.fastest = c.fastest;
            v.label =
                QStringLiteral("%1: %2 (%3").arg(c.strategy, formatSeconds(c.wallS.median), runsText(c));
            if (c.wallS.count > 1)
                v.label += QStringLiteral("; ") + rangeText(c.wallS.min, c.wallS.max, ChartUnit::Seconds);
            v.label += QStringLiteral(")");
        } else if (c.failed) {
            v.label = QStringLiteral("%1: failed — %2").arg(c.strategy, c.firstError());
        } else {
            v.cancelled = true;
            v.label = QStringLiteral("%1: %2 — runs: %3")
                          .arg(c.strategy, ReportWording::noTime(c), ReportWording::runs(c));
        }
        return v;
    });
    return d;
}

BarChartData ChartDataBuilder::derivationsRebuilt(const SessionSummary &summary, const QString &target)
{
    BarChartData d;
    d.id = QStringLiteral("derivations-rebuilt-") + target;
    d.title = QStringLiteral("Derivations rebuilt per step — %1").arg(target);
    d.subtitle = QStringLiteral("derivations built by the step (median of the runs)");
    d.valueAxis = QStringLiteral("derivations");
    d.unit = ChartUnit::Count;
    fillPerStep(d, summary, target, [](const CellSummary &c) -> std::optional<BarValue> {
        if (c.built.count == 0)
            return std::nullopt;
        BarValue v = cellValue(c);
        v.value = c.built.median;
        if (c.built.min != c.built.max) {
            v.low = c.built.min;
            v.high = c.built.max;
        }
        v.label = QStringLiteral("%1: %2 derivation%3 built (%4)")
                      .arg(c.strategy, formatValue(v.value, ChartUnit::Count),
                           v.value == 1 ? QString() : QStringLiteral("s"), runsText(c));
        return v;
    });
    return d;
}

BarChartData ChartDataBuilder::storeCost(const SessionSummary &summary, const QString &target)
{
    BarChartData d;
    d.id = QStringLiteral("store-cost-") + target;
    d.title = QStringLiteral("Store cost per strategy — %1").arg(target);
    d.subtitle = QStringLiteral("closure of the output, and the intermediate artifacts the strategy keeps");
    d.valueAxis = QStringLiteral("size");
    d.unit = ChartUnit::Bytes;
    d.categories = summary.strategies();
    d.categoryLabels = d.categories;
    // Sizes are not strategies: greys, so no size is read as a strategy's colour.
    BarSeries closure{QStringLiteral("output closure"), StrategyColors::closureHex(), false, {}};
    BarSeries intermediate{
        QStringLiteral("intermediate artifacts"), StrategyColors::intermediateHex(), false, {}};
    for (const QString &strategy : d.categories) {
        const CellSummary *c = summary.storeCell(strategy, target);
        auto put = [&](BarSeries &s, std::int64_t bytes) {
            if (!c || bytes < 0) {
                s.values.push_back(std::nullopt);
                return;
            }
            BarValue v = cellValue(*c);
            v.value = static_cast<double>(bytes);
            v.label =
                QStringLiteral("%1, %2: %3 (%4 step)").arg(strategy, s.name, formatBytes(v.value), c->step);
            s.values.push_back(v);
        };
        put(closure, c ? c->closureBytes : -1);
        put(intermediate, c ? c->intermediateBytes : -1);
    }
    d.series.push_back(std::move(closure));
    d.series.push_back(std::move(intermediate));
    return d;
}

TimelineData ChartDataBuilder::timeline(const BuildReport &report, const QString &title)
{
    TimelineData t;
    t.title = title;
    t.timed = report.timed;
    if (!report.timed) {
        t.subtitle = QStringLiteral("this log has no arrival times: no timeline");
        return t;
    }
    const double wall = report.wallUs() ? static_cast<double>(*report.wallUs()) / kUs : 0.0;
    t.totalS = wall;
    if (const auto e = report.evalUs())
        t.evalS = static_cast<double>(*e) / kUs;
    for (const auto &b : report.builds) {
        if (!b.startUs)
            continue; // waited and never started: nothing to draw
        TimelineBar bar;
        bar.name = QString::fromStdString(b.name);
        bar.drvPath = QString::fromStdString(b.drvPath);
        bar.status = b.status;
        bar.startS = static_cast<double>(*b.startUs) / kUs;
        // A build still running (or cut off by the log's end) runs to the end of the record.
        bar.endS = b.endUs ? static_cast<double>(*b.endUs) / kUs : std::max(wall, bar.startS);
        for (const auto &p : b.phases) {
            if (!p.startUs)
                continue;
            TimelineBar::Span s;
            s.name = QString::fromStdString(p.name);
            s.startS = static_cast<double>(*p.startUs) / kUs;
            s.endS = p.endUs ? static_cast<double>(*p.endUs) / kUs : bar.endS;
            bar.phases.push_back(s);
        }
        t.totalS = std::max(t.totalS, bar.endS);
        t.bars.push_back(std::move(bar));
    }
    std::stable_sort(t.bars.begin(), t.bars.end(),
                     [](const TimelineBar &a, const TimelineBar &b) { return a.startS < b.startS; });
    // Critical path without a dependency graph: from the bar that ends last, step back to the bar
    // that ended last before it started (Nix starts a derivation as soon as its inputs exist).
    TimelineBar *cur = nullptr;
    for (auto &b : t.bars)
        if (!cur || b.endS > cur->endS)
            cur = &b;
    while (cur) {
        cur->onCriticalPath = true;
        TimelineBar *prev = nullptr;
        for (auto &b : t.bars)
            if (!b.onCriticalPath && b.endS <= cur->startS + kChainSlackS && (!prev || b.endS > prev->endS))
                prev = &b;
        cur = prev;
    }
    t.subtitle = QStringLiteral("%1 derivation%2, %3")
                     .arg(t.bars.size())
                     .arg(t.bars.size() == 1 ? QString() : QStringLiteral("s"))
                     .arg(formatSeconds(t.totalS));
    return t;
}

QString ChartDataBuilder::formatSeconds(double s)
{
    if (s < 1.0)
        return QStringLiteral("%1 ms").arg(std::round(s * 1000.0), 0, 'f', 0);
    if (s < 60.0)
        return QStringLiteral("%1 s").arg(s, 0, 'f', s < 10 ? 2 : 1);
    const double minutes = std::floor(s / 60.0);
    return QStringLiteral("%1 min %2 s").arg(minutes, 0, 'f', 0).arg(s - minutes * 60.0, 0, 'f', 1);
}

QString ChartDataBuilder::formatBytes(double bytes)
{
    static const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (bytes >= 1024.0 && u < 4) {
        bytes /= 1024.0;
        ++u;
    }
    if (u == 0)
        return QStringLiteral("%1 B").arg(bytes, 0, 'f', 0);
    return QStringLiteral("%1 %2").arg(bytes, 0, 'f', bytes < 10 ? 2 : 1).arg(QLatin1String(units[u]));
}

QString ChartDataBuilder::formatValue(double value, ChartUnit unit)
{
    switch (unit) {
    case ChartUnit::Seconds:
        return formatSeconds(value);
    case ChartUnit::Bytes:
        return formatBytes(value);
    case ChartUnit::Count:
        return std::floor(value) == value ? QString::number(static_cast<long long>(value))
                                          : QString::number(value, 'f', 1);
    }
    return {};
}

} // namespace flakeoff
