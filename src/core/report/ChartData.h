// SPDX-License-Identifier: MIT
#pragma once

#include "log/BuildReport.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace flakeoff {

class SessionSummary;

// What a chart shows, as plain data: the app's QtCharts adapter and the report renderer
// (src/render) both draw from these, so a chart in a PDF shows exactly the numbers the app shows.
// Built from a SessionSummary by ChartDataBuilder; no drawing, colours only as "#rrggbb" names
// (StrategyColors: a strategy's colour is fixed by its id, whatever the session's order).

enum class ChartUnit
{
    Seconds,
    Count,
    Bytes
};

// One bar: a value with an optional range (whiskers: min–max of the repetitions).
struct BarValue
{
    double value = 0;
    std::optional<double> low;
    std::optional<double> high;
    bool fastest = false; // the best of its category (marked in charts)
    bool failed = false;  // at least one run of the cell failed
    // No time and no failure: the cell's runs were cancelled. Drawn as a placeholder saying so,
    // not as a gap ("no measurement"): the build was started, then stopped.
    bool cancelled = false;
    QString label; // exact value as text, e.g. "12.3 s (min 11.9, max 13.0, 3 runs)"
    // The cell behind the bar, so a click can open its build.
    QString strategy;
    QString target;
    QString step;
};

// One series (a strategy, or a kind of store cost), one optional value per category.
struct BarSeries
{
    QString name;       // the strategy id (or the size's name): tooltips and clicks use it
    QString color;      // "#rrggbb": StrategyColors::of(name) for a strategy
    bool model = false; // a layout model: the legend says "(model)" (StrategyColors::legendName)
    // What a legend calls it: "per-crate (model)" for a model, else the name. Every legend (the
    // app's charts and the exported ones) says it so.
    QString legendName() const { return model ? name + QStringLiteral(" (model)") : name; }
    // nullopt = no measurement (drawn as a gap, labelled); a cell without a time but with failed or
    // cancelled runs is a value (failed / cancelled set, value 0) drawn as a labelled placeholder.
    std::vector<std::optional<BarValue>> values;
};

// A grouped bar chart: categories along one axis (scenario steps, strategies), one bar per series.
struct BarChartData
{
    QString id; // stable file name part: "rebuild-cost-app", "store-cost-wasm", …
    QString title;
    QString subtitle;  // e.g. "median of 3 runs; whiskers: min–max"
    QString valueAxis; // e.g. "wall time (s)"
    ChartUnit unit = ChartUnit::Seconds;
    QStringList categories;
    QStringList categoryLabels; // longer labels for tooltips/legends (same size as categories)
    std::vector<BarSeries> series;

    bool isEmpty() const;
    double maxValue() const; // largest value or whisker end; 0 when empty
};

// One derivation in a build's timeline (cargo --timings style Gantt).
struct TimelineBar
{
    QString name;
    QString drvPath;
    BuildStatus status = BuildStatus::Built;
    double startS = 0; // from the build's start
    double endS = 0;
    struct Span
    {
        QString name;
        double startS = 0;
        double endS = 0;
    };
    std::vector<Span> phases;
    bool onCriticalPath = false; // ends last among the bars that overlap its end (see builder)
};

struct TimelineData
{
    QString id;
    QString title;
    QString subtitle;
    double totalS = 0;             // the build's wall time
    double evalS = -1;             // time before the first derivation started (-1 unknown)
    bool timed = true;             // false for a log without arrival times: no timeline can be drawn
    std::vector<TimelineBar> bars; // ordered by start time
};

class ChartDataBuilder
{
public:
    // Rebuild cost per scenario step of one target, grouped by strategy: median wall time with
    // min–max whiskers.
    static BarChartData rebuildCost(const SessionSummary &summary, const QString &target);
    // Derivations built per step and strategy (median over runs; whiskers when runs differ).
    static BarChartData derivationsRebuilt(const SessionSummary &summary, const QString &target);
    // Store cost per strategy: output closure size and intermediate artifacts (series), from the
    // cold step when it was measured, else the newest measured step.
    static BarChartData storeCost(const SessionSummary &summary, const QString &target);
    // Every derivation of one build from start to end, with phases; times relative to the
    // process start (or the first event of an untimed log).
    static TimelineData timeline(const BuildReport &report, const QString &title);

    // "1.23 s", "2 min 3.4 s", "840 ms"
    static QString formatSeconds(double seconds);
    // "1.2 MiB", "3.40 GiB", "512 B"
    static QString formatBytes(double bytes);
    static QString formatValue(double value, ChartUnit unit);
};

} // namespace flakeoff
