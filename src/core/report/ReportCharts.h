// SPDX-License-Identifier: MIT
#pragma once

#include "ChartData.h"

#include <QString>

#include <vector>

namespace flakeoff {

class SessionSummary;

// The charts a comparison report shows, in reading order, so the HTML report, the SVG/PNG files
// and the PDF all show the same charts: per target the rebuild cost per step, the derivations
// rebuilt and the store cost; then per target and strategy the timeline of its cold build (the run
// nearest the median; the first step when the scenario has no cold step). Charts without data —
// an empty bar chart, a build without arrival times or without derivations — are left out and
// listed in `missing` with the reason.
struct ReportCharts
{
    std::vector<BarChartData> bars;
    std::vector<TimelineData> timelines;
    QStringList missing; // "no timeline for per-crate (app, cold): its log has no arrival times"

    static ReportCharts of(const SessionSummary &summary);

    // A chart id as a file name: letters, digits, '.', '-' and '_' kept, anything else '_' (ids
    // carry target and strategy names from the session, which must not pick a directory).
    static QString fileName(const QString &id);
};

} // namespace flakeoff
