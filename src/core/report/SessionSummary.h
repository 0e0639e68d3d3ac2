// SPDX-License-Identifier: MIT
#pragma once

#include "TimeComparison.h"
#include "session/NotRunSteps.h"
#include "session/Session.h"
#include "session/Statistics.h"

#include <QString>
#include <QStringList>

#include <map>
#include <optional>
#include <tuple>
#include <vector>

namespace flakeoff {

// The numbers of one cell (strategy × target × scenario step) over its recorded repetitions.
// Times are in seconds: every view, chart and report shows seconds, and keeping one unit here
// means a chart and a table can never disagree about a value.
struct CellSummary
{
    QString strategy;
    QString target;
    QString step;
    std::vector<const Measurement *> runs; // recorded (not warm-up), in repetition order
    int succeeded = 0;
    int failed = 0;
    int cancelled = 0;
    int skipped = 0;
    Statistics wallS; // succeeded runs only: a failed build's time is not a rebuild cost
    Statistics cpuS;  // user + system CPU of the build's process tree
    Statistics userS; // user and system CPU apart, for hyperfine's "user" and "system" columns
    Statistics systemS;
    Statistics built;               // derivations built per run
    std::vector<double> wallTimesS; // raw, succeeded runs, repetition order
    // Store cost from the newest run that measured it (-1 = never measured).
    std::int64_t outputBytes = -1;
    std::int64_t closureBytes = -1;
    std::int64_t intermediateBytes = -1;
    std::int64_t storeGrowthBytes = -1;
    // Against the quickest strategy of the same target and step (hyperfine's "Relative" column):
    // median / quickest median, with the standard deviation propagated from both. Unset without a
    // succeeded run.
    std::optional<double> relative;
    std::optional<double> relativeStddev;
    // The lowest median of its target and step: the baseline of `relative`. Not a verdict.
    bool quickest = false;
    // This cell against the quickest one (ratio, confidence interval, verdict); for the quickest
    // cell, against the next quickest. Unset when the step has no other cell with a time.
    std::optional<TimeComparison> comparison;
    // The step's winner, with evidence: the quickest cell, and every other strategy's time in the
    // step is distinguishably slower (TimeComparison). A tie, a single run, overlapping spreads or
    // a strategy alone in its step never win.
    bool fastest = false;
    // hyperfine-style cautions on this cell's runs (RunWarnings).
    QStringList warnings;

    bool hasTime() const { return wallS.count > 0; }
    // The run whose wall time is nearest the median: the build a timeline or report shows.
    const Measurement *representative() const;
    // The first failed run's error, cause first (Measurement::failureCause).
    QString firstError() const;
};

// A session condensed for charts and reports: one CellSummary per strategy × target × step, in
// the session's order (strategies as run, steps as the scenario lists them), plus store cost per
// strategy. Computed once from an immutable Session; cheap to recompute when a measurement arrives.
class SessionSummary
{
public:
    explicit SessionSummary(const Session &session);

    const Session &session() const { return *m_session; }
    // Strategies that were run (skipped ones are in skippedStrategies()), targets and step ids
    // that have at least one recorded measurement — in the session's order.
    const QStringList &strategies() const { return m_strategies; }
    const QStringList &targets() const { return m_targets; }
    const QStringList &steps() const { return m_steps; }
    // The steps measured for one target (a target built only in some steps has no empty rows).
    QStringList steps(const QString &target) const;
    QStringList skippedStrategies() const;
    // Every skipped strategy with the steps it did not run (NotRunSteps), in the session's order.
    const std::vector<NotRun> &notRun() const { return m_notRun; }
    // The skip that left this strategy's step unrun; null when the step ran or nothing was skipped.
    const NotRun *notRun(const QString &strategy, const QString &step) const;

    const CellSummary *cell(const QString &strategy, const QString &target, const QString &step) const;
    const std::vector<CellSummary> &cells() const { return m_cells; }
    // The winner of a target's step (CellSummary::fastest); empty when none is distinguishable.
    QString fastest(const QString &target, const QString &step) const;
    // The strategy with the lowest median in a target's step, winner or not; empty without any time.
    QString quickest(const QString &target, const QString &step) const;
    // The cell whose sizes stand for a strategy's store cost on a target: the cold step (everything
    // built from scratch) when it measured sizes, else the newest step that did; null without any.
    const CellSummary *storeCell(const QString &strategy, const QString &target) const;
    // A step's human label: its description, else what its kind changes, else (a step the scenario
    // does not list) its id.
    QString stepLabel(const QString &step) const;

    int measurementCount() const;
    int failedCount() const;

private:
    void rank();

    const Session *m_session;
    QStringList m_strategies;
    QStringList m_targets;
    QStringList m_steps;
    std::vector<CellSummary> m_cells;
    std::vector<NotRun> m_notRun;
    std::map<std::tuple<QString, QString, QString>, std::size_t> m_index;
};

} // namespace flakeoff
