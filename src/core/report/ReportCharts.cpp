// SPDX-License-Identifier: MIT
#include "ReportCharts.h"

#include "ReportWording.h"
#include "SessionSummary.h"

namespace flakeoff {

namespace {
// The step whose build a timeline shows: the cold build, where every derivation is built.
QString timelineStep(const SessionSummary &summary)
{
    for (const QString &step : summary.steps())
        if (ReportWording::isColdStep(summary.session(), step))
            return step;
    return summary.steps().value(0);
}
} // namespace

ReportCharts ReportCharts::of(const SessionSummary &summary)
{
    ReportCharts charts;
    for (const QString &target : summary.targets())
        for (BarChartData d : {ChartDataBuilder::rebuildCost(summary, target),
                               ChartDataBuilder::derivationsRebuilt(summary, target),
                               ChartDataBuilder::storeCost(summary, target)}) {
            if (d.isEmpty())
                charts.missing << QStringLiteral("no chart \"%1\": nothing was measured for it").arg(d.title);
            else
                charts.bars.push_back(std::move(d));
        }
    const QString step = timelineStep(summary);
    for (const QString &target : summary.targets())
        for (const QString &strategy : summary.strategies()) {
            const CellSummary *c = summary.cell(strategy, target, step);
            const Measurement *m = c ? c->representative() : nullptr;
            if (!m)
                continue;
            const QString where = QStringLiteral("%1 (%2, %3)").arg(strategy, target, step);
            if (!m->report) {
                charts.missing << QStringLiteral(
                                      "no timeline for %1: the session holds no build report for it")
                                      .arg(where);
                continue;
            }
            QString run = c->runs.size() > 1 ? QStringLiteral(", run %1").arg(m->repetition + 1) : QString();
            if (m->outcome != Measurement::Outcome::Succeeded)
                run += QStringLiteral(" (%1)").arg(Measurement::outcomeName(m->outcome));
            TimelineData t = ChartDataBuilder::timeline(
                *m->report, QStringLiteral("%1 — %2 build of %3%4").arg(strategy, step, target, run));
            t.id = QStringLiteral("timeline-%1-%2-%3").arg(target, strategy, step);
            if (!t.timed)
                charts.missing
                    << QStringLiteral("no timeline for %1: its log has no arrival times").arg(where);
            else if (t.bars.empty())
                charts.missing << QStringLiteral("no timeline for %1: no derivation was built").arg(where);
            else
                charts.timelines.push_back(std::move(t));
        }
    return charts;
}

QString ReportCharts::fileName(const QString &id)
{
    QString out;
    out.reserve(id.size());
    for (const QChar ch : id) {
        const bool keep = (ch >= QLatin1Char('a') && ch <= QLatin1Char('z')) ||
                          (ch >= QLatin1Char('A') && ch <= QLatin1Char('Z')) ||
                          (ch >= QLatin1Char('0') && ch <= QLatin1Char('9')) || ch == QLatin1Char('-') ||
                          ch == QLatin1Char('_') || ch == QLatin1Char('.');
        out += keep ? ch : QLatin1Char('_');
    }
    // Never "", ".", ".." or a hidden file.
    while (out.startsWith(QLatin1Char('.')))
        out.replace(0, 1, QLatin1Char('_'));
    return out.isEmpty() ? QStringLiteral("chart") : out;
}

} // namespace flakeoff
