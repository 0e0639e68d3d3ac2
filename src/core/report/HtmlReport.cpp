// SPDX-License-Identifier: MIT
#include "HtmlReport.h"

#include "LayoutOutcome.h"
#include "ReportCharts.h"
#include "ReportWording.h"
#include "SessionSummary.h"
#include "StrategyColors.h"

#include <QXmlStreamReader>
#include <QXmlStreamWriter>

#include <algorithm>
#include <limits>

namespace flakeoff {

namespace {
using W = ReportWording;
constexpr double kUs = 1e6;

QString esc(const QString &s)
{
    return HtmlReport::escape(s);
}
QString fromUtf8(const std::string &s)
{
    return QString::fromStdString(s);
}
QString fmtS(double s)
{
    return ChartDataBuilder::formatSeconds(s);
}
QString fmtUs(const TimeUs &us)
{
    return us ? fmtS(static_cast<double>(*us) / kUs) : QStringLiteral("?");
}
QString bytes(std::int64_t b)
{
    return b < 0 ? QStringLiteral("—") : ChartDataBuilder::formatBytes(static_cast<double>(b));
}
QString dataNumber(double v)
{
    return QString::number(v, 'f', 6);
}

// An id attribute from a session string: the same characters a chart file name keeps.
QString anchor(const QString &prefix, const QString &name)
{
    return prefix + ReportCharts::fileName(name);
}

QString plural(qsizetype n, const char *one, const char *many)
{
    return QStringLiteral("%1 %2").arg(n).arg(QString::fromUtf8(n == 1 ? one : many));
}

QString statusClass(Session::Status s)
{
    switch (s) {
    case Session::Status::Failed:
        return QStringLiteral("banner banner-failed");
    case Session::Status::Cancelled:
        return QStringLiteral("banner banner-cancelled");
    default:
        return QStringLiteral("banner banner-running");
    }
}

// Colours as custom properties, so one stylesheet serves the light and dark themes and print.
const char *kLight =
    "--bg:#ffffff;--fg:#1f2328;--muted:#59636e;--border:#d1d9e0;--card:#f6f8fa;--accent:#0969da;"
    "--good:#1a7f37;--good-bg:#dafbe1;--bad:#d1242f;--bad-bg:#ffebe9;--warn:#9a6700;--warn-bg:#fff8c5;"
    "--chart-bg:#ffffff;color-scheme:light;";
const char *kDark =
    "--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--border:#3d444d;--card:#151b23;--accent:#4493f8;"
    "--good:#3fb950;--good-bg:#12261e;--bad:#f85149;--bad-bg:#2d1619;--warn:#d29922;--warn-bg:#272115;"
    "--chart-bg:#ffffff;color-scheme:dark;";

QString css(HtmlReport::Theme theme)
{
    QString c;
    c += QStringLiteral(":root{") + QString::fromLatin1(kLight) + QStringLiteral("}\n");
    c += QStringLiteral("@media (prefers-color-scheme: dark){:root:not([data-theme=\"light\"]){") +
         QString::fromLatin1(kDark) + QStringLiteral("}}\n");
    c += QStringLiteral(":root[data-theme=\"dark\"]{") + QString::fromLatin1(kDark) + QStringLiteral("}\n");
    // Charts are drawn for one theme by the renderer; a dark report gets dark charts.
    if (theme == HtmlReport::Theme::Dark)
        c += QStringLiteral(":root[data-theme=\"dark\"]{--chart-bg:#0d1117;}\n");
    c += QStringLiteral(R"CSS(
*{box-sizing:border-box}
html{background:var(--bg);color:var(--fg)}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;background:var(--bg);color:var(--fg)}
main{max-width:1160px;margin:0 auto;padding:24px 28px 48px}
h1{font-size:1.8em;line-height:1.2;margin:.1em 0 .3em}
h2{font-size:1.35em;margin:2em 0 .6em;padding-bottom:.25em;border-bottom:1px solid var(--border)}
h3{font-size:1.12em;margin:1.5em 0 .5em}
h4{font-size:1em;margin:1.3em 0 .4em}
p{margin:.5em 0}
a{color:var(--accent)}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.88em}
.kicker{color:var(--muted);text-transform:uppercase;letter-spacing:.06em;font-size:.8em;margin:0}
.muted,.shape,.caption{color:var(--muted)}
nav.toc{margin:1em 0;display:flex;flex-wrap:wrap;gap:.4em 1.2em;font-size:.95em}
.banner{margin:1.2em 0;padding:.8em 1em;border-radius:6px;border:1px solid var(--border);border-left:6px solid var(--warn);background:var(--warn-bg)}
.banner-failed{border-left-color:var(--bad);background:var(--bad-bg)}
.banner strong{margin-right:.4em}
ul.answer{margin:.4em 0 1em;padding-left:1.2em}
ul.answer li{margin:.25em 0}
.table-wrap{overflow-x:auto;margin:.6em 0 1em}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}
caption{caption-side:bottom;text-align:left;color:var(--muted);font-size:.85em;padding-top:.4em}
th,td{border:1px solid var(--border);padding:.35em .6em;vertical-align:top;text-align:left}
thead th{background:var(--card);font-weight:600}
td.num,th.num{text-align:right;white-space:nowrap}
td.name{white-space:nowrap}
tr.error-row td{border-top:none;padding-top:0}
table.numbers tr.fastest td.name{font-weight:600}
table.summary th[scope="row"]{min-width:12em;font-weight:normal}
.step-id{display:block;font-weight:600}
.step-label{display:block;color:var(--muted);font-size:.85em}
.swatch{display:inline-block;width:.8em;height:.8em;margin-right:.35em;border-radius:2px;vertical-align:-.05em;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.model{color:var(--muted);font-weight:normal}
td.cell{min-width:9.5em}
td.cell .time{display:block;font-size:1.15em;font-weight:600;white-space:nowrap}
td.cell .rel,td.cell .built,td.cell .runs,td.cell .verdict{display:block;font-size:.85em;color:var(--muted);white-space:nowrap}
td.fastest{background:var(--good-bg);box-shadow:inset 3px 0 0 var(--good)}
td.fastest .rel{color:var(--good);font-weight:600}
td.failed,td.cancelled{background:var(--bad-bg)}
td.failed .time,td.cancelled .time{color:var(--bad)}
td.none{color:var(--muted)}
.err{display:block;font-size:.85em;color:var(--bad);max-width:22em;overflow-wrap:anywhere}
.warn{display:block;font-size:.85em;color:var(--warn)}
figure.chart{margin:0 0 1.2em;padding:0;max-width:960px;overflow:hidden;background:var(--chart-bg);border:1px solid var(--border);border-radius:6px;break-inside:avoid}
figure.chart svg{display:block;width:100%;height:auto}
.note{color:var(--muted);font-style:italic}
article.strategy{margin:1.2em 0 2em;padding:0 0 .5em}
article.strategy>h3{font-size:1.25em;border-bottom:1px dashed var(--border);padding-bottom:.2em}
table.derivations td:first-child{overflow-wrap:anywhere;min-width:12em;max-width:28em}
table.steps td:first-child{white-space:nowrap}
.status-built{color:var(--good)}
.status-failed,.status-interrupted{color:var(--bad)}
.status-running,.status-waiting{color:var(--warn)}
.failure{margin:.8em 0;padding:.6em .9em;border:1px solid var(--border);border-left:4px solid var(--bad);border-radius:4px;background:var(--card)}
.failure .what{margin-top:0}
pre.log{margin:.4em 0;padding:.6em .8em;background:var(--bg);border:1px solid var(--border);border-radius:4px;overflow-x:auto;white-space:pre-wrap;overflow-wrap:anywhere;max-height:28em}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.3em 1.2em;margin:.6em 0}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0;overflow-wrap:anywhere}
footer{margin-top:3em;color:var(--muted);font-size:.85em;border-top:1px solid var(--border);padding-top:.8em}
@media print{
:root,:root[data-theme="dark"]{)CSS");
    c += QString::fromLatin1(kLight);
    c += QStringLiteral(R"CSS(}
body{font-size:10pt}
main{max-width:none;padding:0}
nav.toc{display:none}
a{color:inherit;text-decoration:none}
h2{break-after:avoid}
h3,h4{break-after:avoid}
table,figure,.failure{break-inside:avoid}
.table-wrap{overflow:visible}
pre.log{max-height:none}
}
)CSS");
    return c;
}

// The predicted-rebuilds section's rules: written only when the session holds a prediction, so
// the reports of other sessions stay byte for byte what they were. A differing cell is marked three
// ways: its background, a bar that prints (backgrounds often do not), and a ✗ in its text.
const char *kPredictionCss = R"CSS(table.prediction td.pcell{min-width:10em}
table.prediction .pred{display:block;white-space:nowrap}
table.prediction .verdict{display:block;font-size:.85em;color:var(--muted)}
table.prediction td.agrees .verdict{color:var(--good)}
table.prediction td.differs{background:var(--bad-bg);border-left:4px solid var(--bad);-webkit-print-color-adjust:exact;print-color-adjust:exact}
table.prediction td.differs .verdict{color:var(--bad);font-weight:600}
table.prediction td.not-run,table.prediction td.none{color:var(--muted)}
ul.findings li.finding{color:var(--bad)}
details.predicted{margin:.5em 0;padding:.3em .8em;border:1px solid var(--border);border-radius:4px;background:var(--card)}
details.predicted>summary{cursor:pointer}
details.predicted h4{margin:.8em 0 .3em}
table.predicted-derivations td:first-child{overflow-wrap:anywhere;min-width:12em;max-width:28em}
)CSS";

// A strategy's name under its own colour (the one its bars have in every chart), a layout model
// marked as such.
QString strategyName(const QString &strategy)
{
    const StrategyColors::Entry c = StrategyColors::of(strategy);
    QString h = QStringLiteral("<span class=\"swatch\" style=\"background:%1\" aria-hidden=\"true\"></span>")
                    .arg(c.hex) +
                esc(strategy);
    if (c.model)
        h += QStringLiteral("<span class=\"model\"> (model)</span>");
    return h;
}

// One cell of the answer table: the median, the factor to the fastest and what was rebuilt.
QString summaryCell(const SessionSummary &summary, const CellSummary *c, const QString &strategy,
                    const QString &step)
{
    const QString strategyAttr = QStringLiteral(" data-strategy=\"") + esc(strategy) + QLatin1Char('"');
    if (!c) {
        const NotRun *n = summary.notRun(strategy, step);
        return QStringLiteral("<td class=\"cell none\"") + strategyAttr +
               QStringLiteral(">—<span class=\"runs\">") +
               esc(n ? QStringLiteral("not measured (%1)").arg(NotRunSteps::cause(n->error))
                     : QStringLiteral("not measured")) +
               QStringLiteral("</span></td>");
    }
    if (!c->hasTime()) {
        const QString kind = W::noTime(*c);
        QString cell =
            QStringLiteral(
                "<td class=\"cell %1\"%2><span class=\"time\">%3</span><span class=\"runs\">%4</span>")
                .arg(kind == QLatin1String("cancelled") ? kind : QStringLiteral("failed"), strategyAttr,
                     esc(kind), esc(QStringLiteral("runs: ") + W::runs(*c)));
        if (const QString error = c->firstError(); !error.isEmpty() && error != kind)
            cell += QStringLiteral("<span class=\"err\">") + esc(W::shortError(error)) +
                    QStringLiteral("</span>");
        return cell + QStringLiteral("</td>");
    }
    const bool wins = W::wins(summary, *c);
    QString cls = QStringLiteral("cell");
    if (wins)
        cls += QStringLiteral(" fastest");
    QString cell = QStringLiteral("<td class=\"%1\"%2 data-median=\"%3\" data-built=\"%4\" data-runs=\"%5\">")
                       .arg(cls, strategyAttr, dataNumber(c->wallS.median), dataNumber(c->built.median))
                       .arg(c->runs.size());
    cell += QStringLiteral("<span class=\"time\">") + esc(fmtS(c->wallS.median)) + QStringLiteral("</span>");
    if (wins)
        cell += QStringLiteral("<span class=\"rel\">★ fastest</span>");
    else if (c->relative && !c->fastest)
        cell += QStringLiteral("<span class=\"rel\">×") + esc(W::relative(*c)) + QStringLiteral("</span>");
    if (!wins && c->comparison)
        cell += QStringLiteral("<span class=\"verdict\">") + esc(W::verdict(*c)) + QStringLiteral("</span>");
    const QString built = ChartDataBuilder::formatValue(c->built.median, ChartUnit::Count);
    cell += QStringLiteral("<span class=\"built\">") + esc(built) +
            (c->built.median == 1 ? QStringLiteral(" derivation") : QStringLiteral(" derivations")) +
            QStringLiteral(" rebuilt</span>");
    if (c->succeeded != static_cast<int>(c->runs.size()))
        cell += QStringLiteral("<span class=\"warn\">runs: ") + esc(W::runs(*c)) + QStringLiteral("</span>");
    if (c->wallS.count > 1)
        cell += QStringLiteral("<span class=\"runs\">") +
                esc(QStringLiteral("%1–%2, %3")
                        .arg(fmtS(c->wallS.min), fmtS(c->wallS.max), plural(c->wallS.count, "run", "runs"))) +
                QStringLiteral("</span>");
    return cell + QStringLiteral("</td>");
}

void header(QString &h, const SessionSummary &summary, bool prediction)
{
    const Session &s = summary.session();
    QString targets = summary.targets().isEmpty() ? QStringLiteral("this workspace")
                                                  : summary.targets().join(QStringLiteral(" and "));
    h += QStringLiteral("<header>\n<p class=\"kicker\">") + esc(W::title(s)) + QStringLiteral("</p>\n");
    h += QStringLiteral("<h1>Which strategy rebuilds ") + esc(targets) + QStringLiteral(" fastest?</h1>\n");
    QString shape = esc(W::shape(summary));
    if (!s.workspace.isEmpty())
        shape += QStringLiteral(" · workspace <code>") + esc(s.workspace) + QStringLiteral("</code>");
    if (const QString date = W::date(s.environment.date); !date.isEmpty())
        shape += QStringLiteral(" · ") + esc(date);
    h += QStringLiteral("<p class=\"shape\">") + shape + QStringLiteral("</p>\n</header>\n");
    if (const QString warning = W::statusWarning(summary); !warning.isEmpty()) {
        const QString word = s.status == Session::Status::Failed      ? QStringLiteral("Failed.")
                             : s.status == Session::Status::Cancelled ? QStringLiteral("Cancelled.")
                                                                      : QStringLiteral("Unfinished.");
        h += QStringLiteral("<div class=\"%1\" id=\"status\" role=\"alert\"><strong>%2</strong>%3</div>\n")
                 .arg(statusClass(s.status), word, esc(warning));
    }
    h += QStringLiteral("<nav class=\"toc\"><a href=\"#answer\">The answer</a><a href=\"#charts\">Charts</a>"
                        "<a href=\"#numbers\">All numbers</a>");
    if (prediction)
        h += QStringLiteral("<a href=\"#prediction\">Predicted rebuilds</a>");
    h += QStringLiteral(
        "<a href=\"#details\">Per strategy</a><a href=\"#environment\">Environment</a></nav>\n");
}

void answer(QString &h, const SessionSummary &summary)
{
    h += QStringLiteral("<section id=\"answer\">\n<h2>The answer</h2>\n");
    if (summary.cells().empty())
        h += QStringLiteral("<p class=\"empty\">No build was measured in this session.</p>\n");
    // Outside the workspace layout the first question is whether a tool builds it at all.
    if (const auto outcomes = LayoutOutcome::of(summary.session()); !outcomes.empty()) {
        h +=
            QStringLiteral("<h3 id=\"layout-outcomes\">Built in the %1 layout?</h3>\n<ul class=\"answer\">\n")
                .arg(esc(outcomes.front().layout));
        for (const LayoutOutcome &o : outcomes)
            h += QStringLiteral("<li data-strategy=\"%1\">").arg(esc(o.strategy)) + esc(o.sentence()) +
                 QStringLiteral("</li>\n");
        h += QStringLiteral("</ul>\n");
    }
    for (const QString &target : summary.targets()) {
        h += QStringLiteral("<h3 id=\"%1\">%2</h3>\n")
                 .arg(anchor(QStringLiteral("answer-"), target), esc(target));
        h += QStringLiteral("<ul class=\"answer\">\n");
        for (const QString &sentence : W::answer(summary, target).split(QLatin1Char('\n')))
            h += QStringLiteral("<li>") + esc(sentence) + QStringLiteral("</li>\n");
        h += QStringLiteral(
                 "</ul>\n<div class=\"table-wrap\"><table class=\"summary\" id=\"%1\" data-target=\"%2\">\n")
                 .arg(anchor(QStringLiteral("summary-"), target), esc(target));
        h += QStringLiteral("<caption>Median wall time of the succeeded runs per step; ×: factor to the "
                            "step's lowest median with its "
                            "95% confidence interval; ★ only for a strategy distinguishably faster than "
                            "every other one of the "
                            "step (a tie, a single run or overlapping spreads crown none); derivations "
                            "rebuilt (median).</caption>\n");
        h += QStringLiteral("<thead><tr><th scope=\"col\">Step</th>");
        for (const QString &strategy : summary.strategies())
            h += QStringLiteral("<th scope=\"col\">") + strategyName(strategy) + QStringLiteral("</th>");
        h += QStringLiteral("</tr></thead>\n<tbody>\n");
        for (const QString &step : summary.steps(target)) {
            h += QStringLiteral("<tr data-step=\"%1\"><th scope=\"row\"><span class=\"step-id\">%1</span>")
                     .arg(esc(step));
            if (const QString label = summary.stepLabel(step); label != step)
                h += QStringLiteral("<span class=\"step-label\">") + esc(label) + QStringLiteral("</span>");
            h += QStringLiteral("</th>");
            for (const QString &strategy : summary.strategies())
                h += summaryCell(summary, summary.cell(strategy, target, step), strategy, step);
            h += QStringLiteral("</tr>\n");
        }
        h += QStringLiteral("</tbody></table></div>\n");
    }
    if (!summary.notRun().empty()) {
        // Per step, cause first; the runner's whole message folded under it.
        h += QStringLiteral("<h3 id=\"skipped\">Not run</h3>\n<ul class=\"skipped\">\n");
        for (const NotRun &n : summary.notRun()) {
            h += QStringLiteral("<li data-strategy=\"%1\">").arg(esc(n.strategy)) +
                 esc(NotRunSteps::sentence(n));
            if (NotRunSteps::cause(n.error) != n.error.trimmed())
                h += QStringLiteral("<details><summary>what the runner said</summary><pre>") + esc(n.error) +
                     QStringLiteral("</pre></details>");
            h += QStringLiteral("</li>\n");
        }
        h += QStringLiteral("</ul>\n");
    }
    h += QStringLiteral("</section>\n");
}

// The chart's SVG holds its title and subtitle as text (and as <title>/<desc>): no caption repeats them.
void figure(QString &h, const QString &id, const QString &title, const QByteArray &svg)
{
    const QByteArray inlined = HtmlReport::inlineSvg(svg);
    if (inlined.isEmpty()) {
        h += QStringLiteral("<p class=\"note\">Chart “") + esc(title) +
             QStringLiteral("” could not be rendered.</p>\n");
        return;
    }
    h += QStringLiteral("<figure class=\"chart\" id=\"%1\">").arg(anchor(QStringLiteral("chart-"), id));
    h += QString::fromUtf8(inlined);
    h += QStringLiteral("</figure>\n");
}

void charts(QString &h, const SessionSummary &summary, const HtmlReport::Options &options)
{
    h += QStringLiteral("<section id=\"charts\">\n<h2>Charts</h2>\n");
    const ReportCharts charts = ReportCharts::of(summary);
    if (!options.barChart && !options.timeline) {
        h += QStringLiteral(
            "<p class=\"note\">Charts not rendered: this report was written without a chart renderer. "
            "The tables hold every number the charts would show.</p>\n");
    } else {
        if (options.barChart && !charts.bars.empty()) {
            h += QStringLiteral("<div class=\"charts\">\n");
            for (const auto &d : charts.bars)
                figure(h, d.id, d.title, options.barChart(d));
            h += QStringLiteral("</div>\n");
        }
        if (options.timeline && !charts.timelines.empty()) {
            h += QStringLiteral("<h3 id=\"timelines\">Cold builds, derivation by derivation</h3>\n");
            for (const auto &t : charts.timelines)
                figure(h, t.id, t.title, options.timeline(t));
        }
        if (charts.bars.empty() && charts.timelines.empty())
            h += QStringLiteral("<p class=\"note\">No chart: nothing was measured.</p>\n");
    }
    if (!charts.missing.isEmpty()) {
        h += QStringLiteral("<ul class=\"note\">\n");
        for (const QString &m : charts.missing)
            h += QStringLiteral("<li>") + esc(m) + QStringLiteral("</li>\n");
        h += QStringLiteral("</ul>\n");
    }
    h += QStringLiteral("</section>\n");
}

// Hyperfine's table, per target: every statistic of every cell, to the millisecond; then the store
// cost of each strategy.
void numbers(QString &h, const SessionSummary &summary)
{
    h += QStringLiteral("<section id=\"numbers\">\n<h2>All numbers</h2>\n");
    if (summary.cells().empty())
        h += QStringLiteral("<p class=\"empty\">No build was measured in this session.</p>\n");
    constexpr int kColumns = 10;
    for (const QString &target : summary.targets()) {
        h += QStringLiteral("<h3>") + esc(target) +
             QStringLiteral("</h3>\n<div class=\"table-wrap\"><table class=\"numbers\" id=\"%1\">\n")
                 .arg(anchor(QStringLiteral("numbers-"), target));
        h += QStringLiteral("<caption>Wall time of the succeeded runs (mean ± standard deviation), CPU: user "
                            "+ system of the build's "
                            "process tree (median); relative to the step's lowest median (95% confidence "
                            "interval); derivations built (median).</caption>\n");
        h += QStringLiteral(
            "<thead><tr><th>Step</th><th>Strategy</th><th class=\"num\">Median [s]</th><th "
            "class=\"num\">Mean [s]</th>"
            "<th class=\"num\">Min [s]</th><th class=\"num\">Max [s]</th><th class=\"num\">CPU [s]</th>"
            "<th class=\"num\">Relative</th><th "
            "class=\"num\">Built</th><th>Runs</th></tr></thead>\n<tbody>\n");
        for (const QString &step : summary.steps(target))
            for (const QString &strategy : summary.strategies()) {
                const CellSummary *c = summary.cell(strategy, target, step);
                if (!c)
                    continue;
                QStringList cells{esc(step), esc(strategy)};
                if (c->hasTime())
                    cells << W::seconds(c->wallS.median) << esc(W::meanAndStddev(c->wallS))
                          << W::seconds(c->wallS.min) << W::seconds(c->wallS.max)
                          << W::seconds(c->cpuS.median) << esc(W::relative(*c))
                          << ChartDataBuilder::formatValue(c->built.median, ChartUnit::Count);
                else
                    cells << esc(W::noTime(*c)) << QString() << QString() << QString() << QString()
                          << QString() << QString();
                cells << esc(W::runs(*c));
                h += W::wins(summary, *c) ? QStringLiteral("<tr class=\"fastest\">") : QStringLiteral("<tr>");
                for (int i = 0; i < cells.size(); ++i) {
                    const QString cls =
                        i < 2 || i == kColumns - 1 ? QStringLiteral("name") : QStringLiteral("num");
                    h += QStringLiteral("<td class=\"%1\">").arg(cls) + cells[i] + QStringLiteral("</td>");
                }
                h += QStringLiteral("</tr>\n");
                // The error under its row, across the table: long store paths must not squeeze the numbers.
                if (const QString error = c->firstError(); !error.isEmpty())
                    h += QStringLiteral("<tr class=\"error-row\"><td colspan=\"%1\"><span class=\"err\">")
                             .arg(kColumns) +
                         esc(W::shortError(error, 400)) + QStringLiteral("</span></td></tr>\n");
            }
        h += QStringLiteral("</tbody></table></div>\n");

        QString store;
        for (const QString &strategy : summary.strategies())
            if (const CellSummary *c = summary.storeCell(strategy, target))
                store +=
                    QStringLiteral("<tr><td class=\"name\">%1</td><td class=\"num\">%2</td><td "
                                   "class=\"num\">%3</td><td class=\"num\">%4</td>"
                                   "<td class=\"num\">%5</td><td class=\"name\">%6</td></tr>\n")
                        .arg(esc(strategy), esc(bytes(c->outputBytes)), esc(bytes(c->closureBytes)),
                             esc(bytes(c->intermediateBytes)), esc(bytes(c->storeGrowthBytes)), esc(c->step));
        if (!store.isEmpty())
            h += QStringLiteral("<div class=\"table-wrap\"><table class=\"store\" id=\"%1\">\n")
                     .arg(anchor(QStringLiteral("store-"), target)) +
                 QStringLiteral("<caption>Store cost: NAR sizes of the output, its closure, the intermediate "
                                "outputs the strategy keeps "
                                "(dependency derivations, per-crate outputs, vendored sources) and "
                                "everything the build added.</caption>\n") +
                 QStringLiteral(
                     "<thead><tr><th>Strategy</th><th class=\"num\">Output</th><th class=\"num\">Closure</th>"
                     "<th class=\"num\">Intermediate</th><th class=\"num\">Store "
                     "growth</th><th>Step</th></tr></thead>\n<tbody>\n") +
                 store + QStringLiteral("</tbody></table></div>\n");
    }
    h += QStringLiteral("</section>\n");
}

// "3: a 1.2 s, b 0.4 s, c 2.0 s", then the derivations that failed or were stopped, by name.
QString builtList(const BuildReport &r)
{
    std::vector<const DerivationBuild *> built;
    QStringList broken;
    for (const auto &b : r.builds) {
        if (b.status == BuildStatus::Built)
            built.push_back(&b);
        else if (b.status == BuildStatus::Failed || b.status == BuildStatus::Interrupted)
            broken << esc(fromUtf8(b.name)) + QStringLiteral(" <span class=\"status-%1\">%1</span>")
                                                  .arg(QString::fromLatin1(buildStatusName(b.status)));
    }
    constexpr std::size_t kShown = 12;
    QStringList names;
    for (std::size_t i = 0; i < built.size() && i < kShown; ++i) {
        QString n = esc(fromUtf8(built[i]->name));
        if (const auto d = built[i]->durationUs())
            n += QStringLiteral(" <span class=\"muted\">") + esc(fmtUs(d)) + QStringLiteral("</span>");
        names << n;
    }
    QString out = built.empty() ? QStringLiteral("nothing")
                                : QStringLiteral("%1: ").arg(built.size()) + names.join(QStringLiteral(", "));
    if (built.size() > kShown)
        out += QStringLiteral(" and %1 more").arg(built.size() - kShown);
    if (!broken.isEmpty())
        out += (built.empty() ? QStringLiteral(" built; ") : QStringLiteral("; ")) +
               broken.join(QStringLiteral(", "));
    return out;
}

QString phasesText(const DerivationBuild &b)
{
    QStringList parts;
    for (const auto &p : b.phases)
        parts << QStringLiteral("%1 %2").arg(fromUtf8(p.name), fmtUs(p.durationUs()));
    return parts.join(QStringLiteral(" · "));
}

void derivationTable(QString &h, const Measurement &m)
{
    const BuildReport &r = *m.report;
    h += QStringLiteral("<div class=\"table-wrap\"><table "
                        "class=\"derivations\">\n<thead><tr><th>Derivation</th><th>Status</th>"
                        "<th class=\"num\">Start</th><th class=\"num\">Duration</th><th>Phases</th><th "
                        "class=\"num\">Log lines</th></tr></thead>\n<tbody>\n");
    std::vector<const DerivationBuild *> builds;
    for (const auto &b : r.builds)
        builds.push_back(&b);
    std::stable_sort(builds.begin(), builds.end(), [](const DerivationBuild *a, const DerivationBuild *b) {
        return a->startUs.value_or(std::numeric_limits<std::int64_t>::max()) <
               b->startUs.value_or(std::numeric_limits<std::int64_t>::max());
    });
    for (const DerivationBuild *b : builds) {
        const QString status = QString::fromLatin1(buildStatusName(b->status));
        const TimeUs start = b->startUs; // from the process start, as every time in a report
        h += QStringLiteral(
                 "<tr><td title=\"%1\">%2</td><td class=\"status-%3\">%3</td><td class=\"num\">%4</td><td "
                 "class=\"num\">%5</td><td>%6</td><td class=\"num\">%7</td></tr>\n")
                 .arg(esc(fromUtf8(b->drvPath)), esc(fromUtf8(b->name)), status,
                      start ? esc(fmtUs(start)) : QStringLiteral("—"), esc(fmtUs(b->durationUs())),
                      esc(phasesText(*b)))
                 .arg(b->logLines);
    }
    if (builds.empty())
        h += QStringLiteral("<tr><td colspan=\"6\" class=\"muted\">no derivation was built</td></tr>\n");
    h += QStringLiteral("</tbody></table></div>\n");
}

void failure(QString &h, const Measurement &m)
{
    const QString run = m.warmup ? QStringLiteral("warm-up") : QStringLiteral("run %1").arg(m.repetition + 1);
    h += QStringLiteral("<div class=\"failure\">\n<p class=\"what\"><strong>") +
         esc(QStringLiteral("%1 · %2 · %3").arg(m.step, m.target, run)) + QStringLiteral("</strong> — ") +
         esc(Measurement::outcomeName(m.outcome));
    if (m.outcome == Measurement::Outcome::Failed && m.exitCode != 0)
        h += esc(QStringLiteral(" (exit %1)").arg(m.exitCode));
    if (!m.error.isEmpty())
        h += QStringLiteral(": ") + esc(m.error);
    h += QStringLiteral("</p>\n");
    if (!m.logFile.isEmpty())
        h += QStringLiteral("<p class=\"muted\">Saved log: <code>") + esc(m.logFile) +
             QStringLiteral("</code></p>\n");
    if (m.report) {
        // The derivations that failed; in a run stopped from outside, the ones it stopped.
        const BuildStatus shownStatus = m.report->countWithStatus(BuildStatus::Failed) > 0
                                            ? BuildStatus::Failed
                                            : BuildStatus::Interrupted;
        bool shown = false;
        for (const auto &b : m.report->builds) {
            if (b.status != shownStatus)
                continue;
            shown = true;
            h += QStringLiteral("<p class=\"drv\"><strong>") + esc(fromUtf8(b.name)) +
                 QStringLiteral("</strong> ") + QString::fromLatin1(buildStatusName(b.status));
            if (const auto d = b.durationUs())
                h += QStringLiteral(" after ") + esc(fmtUs(d));
            if (!b.error.empty() && fromUtf8(b.error) != m.error)
                h += QStringLiteral(": ") + esc(fromUtf8(b.error));
            h += QStringLiteral("</p>\n");
            if (!b.lastLines.empty()) {
                QStringList lines;
                for (const auto &l : b.lastLines)
                    lines << fromUtf8(l);
                h += QStringLiteral("<pre class=\"log\">") + esc(lines.join(QLatin1Char('\n'))) +
                     QStringLiteral("</pre>\n");
            }
        }
        // No derivation to blame (an evaluation error, a run stopped before building): what Nix said.
        if (!shown) {
            QStringList lines;
            for (const auto &msg : m.report->messages)
                if (msg.level == 0)
                    lines << fromUtf8(msg.text);
            if (lines.isEmpty())
                for (const auto &l : m.report->lastOutputLines)
                    lines << fromUtf8(l);
            if (!lines.isEmpty())
                h += QStringLiteral("<pre class=\"log\">") + esc(lines.join(QLatin1Char('\n'))) +
                     QStringLiteral("</pre>\n");
        }
    }
    h += QStringLiteral("</div>\n");
}

QString predictionCellClass(const PredictionGrid &grid, const PredictionGrid::Cell &cell)
{
    QString cls = QStringLiteral("pcell");
    if (!grid.hasMeasurements())
        cls += QStringLiteral(" predicted-only");
    else if (!cell.measured())
        cls += QStringLiteral(" not-run");
    else
        cls += W::predictionDiffers(cell) ? QStringLiteral(" differs") : QStringLiteral(" agrees");
    if (cell.finding())
        cls += QStringLiteral(" finding");
    return cls;
}

QString predictionCell(const PredictionGrid &grid, const PredictionGrid::Cell *cell, const QString &strategy)
{
    const QString strategyAttr = QStringLiteral(" data-strategy=\"") + esc(strategy) + QLatin1Char('"');
    if (!cell)
        return QStringLiteral("<td class=\"pcell none\"") + strategyAttr + QStringLiteral(">—</td>");
    QString td = QStringLiteral("<td class=\"%1\"%2").arg(predictionCellClass(grid, *cell), strategyAttr);
    if (cell->comparison)
        td += QStringLiteral(" data-verdict=\"") +
              esc(StepComparison::verdictName(cell->comparison->verdict)) + QLatin1Char('"');
    td += QStringLiteral("><span class=\"pred\">") + esc(PredictionGrid::predictedText(*cell));
    if (cell->measured())
        td += QStringLiteral(" → ") + esc(PredictionGrid::builtText(*cell));
    td += QStringLiteral("</span>");
    if (grid.hasMeasurements())
        td += QStringLiteral("<span class=\"verdict\">") + esc(PredictionGrid::verdictText(*cell)) +
              QStringLiteral("</span>");
    return td + QStringLiteral("</td>");
}

// Per step, what each strategy was predicted to rebuild: folded, so the section stays short; a
// step with a cell that could not be predicted is open, Nix's message in view.
void predictedDerivations(QString &h, const PredictionGrid &grid)
{
    const bool manyTargets = grid.targets().size() > 1;
    for (const QString &step : grid.steps()) {
        QString body;
        QStringList counts;
        bool error = false;
        for (const QString &strategy : grid.strategies())
            for (const QString &target : grid.targets()) {
                const PredictionGrid::Cell *c = grid.cell(strategy, step, target);
                if (!c || !c->prediction)
                    continue;
                const StepPrediction &p = *c->prediction;
                const QString who = manyTargets ? strategy + QStringLiteral(" · ") + target : strategy;
                counts << who + QLatin1Char(' ') +
                              (p.ok ? QString::number(p.rebuild.size()) : QStringLiteral("cannot predict"));
                body += QStringLiteral("<h4>") +
                        esc(strategy + QStringLiteral(" · ") + target + QStringLiteral(": ") +
                            W::predictedStep(p)) +
                        QStringLiteral("</h4>\n");
                if (!p.ok) {
                    error = true;
                    body += QStringLiteral("<pre class=\"log\">") +
                            esc(W::errorLines(p.error).join(QLatin1Char('\n'))) + QStringLiteral("</pre>\n");
                    continue;
                }
                if (p.rebuild.empty())
                    continue;
                body += QStringLiteral("<div class=\"table-wrap\"><table "
                                       "class=\"predicted-derivations\">\n<thead><tr><th>Derivation</th>"
                                       "<th>Role</th><th class=\"num\">Measured</th><th>Why it "
                                       "rebuilds</th></tr></thead>\n<tbody>\n");
                for (const PredictedDerivation &d : p.rebuild) {
                    QString time = esc(W::predictedTime(d));
                    if (d.measuredUs && !d.measuredIn.isEmpty())
                        time += QStringLiteral("<span class=\"step-label\">") + esc(d.measuredIn) +
                                QStringLiteral("</span>");
                    body += QStringLiteral("<tr><td title=\"%1\">%2</td><td>%3</td><td "
                                           "class=\"num\">%4</td><td>%5</td></tr>\n")
                                .arg(esc(d.drvPath), esc(d.name), esc(d.role), time, esc(W::predictedWhy(d)));
                }
                body += QStringLiteral("</tbody></table></div>\n");
            }
        if (body.isEmpty())
            continue;
        QString label = QStringLiteral("<strong>") + esc(step) + QStringLiteral("</strong>");
        if (const QString description = grid.stepDescription(step); !description.isEmpty())
            label += QStringLiteral(" — ") + esc(description);
        h += QStringLiteral("<details class=\"predicted\" id=\"%1\"%2><summary>%3 <span "
                            "class=\"muted\">%4</span></summary>\n")
                 .arg(anchor(QStringLiteral("predicted-"), step),
                      error ? QStringLiteral(" open=\"open\"") : QString(), label,
                      esc(counts.join(QStringLiteral(" · ")))) +
             body + QStringLiteral("</details>\n");
    }
}

// The session's prediction against what it built, in PredictionGrid's words.
void prediction(QString &h, const PredictionGrid &grid)
{
    if (grid.isEmpty())
        return;
    h += QStringLiteral("<section id=\"prediction\">\n<h2>Predicted rebuilds</h2>\n");
    for (const QString &sentence : W::predictionSummary(grid).split(QLatin1Char('\n')))
        h += QStringLiteral("<p>") + esc(sentence) + QStringLiteral("</p>\n");
    const QString caption =
        grid.hasMeasurements()
            ? QStringLiteral("Each cell: derivations predicted · their cost from earlier builds → "
                             "derivations the run started · "
                             "their build time, then the verdict (✗, marked: not as predicted).")
            : QStringLiteral("Each cell: derivations predicted · their cost from earlier builds (≥: some "
                             "never measured).");
    for (const QString &target : grid.targets()) {
        h += QStringLiteral("<h3 id=\"%1\">%2</h3>\n")
                 .arg(anchor(QStringLiteral("prediction-"), target), esc(target));
        h += QStringLiteral("<div class=\"table-wrap\"><table class=\"prediction\" "
                            "data-target=\"%1\">\n<caption>%2</caption>\n")
                 .arg(esc(target), esc(caption));
        h += QStringLiteral("<thead><tr><th scope=\"col\">Step</th>");
        for (const QString &strategy : grid.strategies())
            h += QStringLiteral("<th scope=\"col\">") + esc(strategy) + QStringLiteral("</th>");
        h += QStringLiteral("</tr></thead>\n<tbody>\n");
        for (const QString &step : grid.steps()) {
            QString cells;
            bool any = false;
            for (const QString &strategy : grid.strategies()) {
                const PredictionGrid::Cell *c = grid.cell(strategy, step, target);
                any = any || c;
                cells += predictionCell(grid, c, strategy);
            }
            if (!any)
                continue;
            h += QStringLiteral("<tr data-step=\"%1\"><th scope=\"row\"><span class=\"step-id\">%1</span>")
                     .arg(esc(step));
            if (const QString description = grid.stepDescription(step); !description.isEmpty())
                h += QStringLiteral("<span class=\"step-label\">") + esc(description) +
                     QStringLiteral("</span>");
            h += QStringLiteral("</th>") + cells + QStringLiteral("</tr>\n");
        }
        h += QStringLiteral("</tbody></table></div>\n");
    }

    h += QStringLiteral("<h3 id=\"findings\">Findings</h3>\n<ul class=\"findings\">\n");
    const QStringList findings = grid.findings();
    for (const QString &finding : findings)
        h += QStringLiteral("<li class=\"finding\">") + esc(finding) + QStringLiteral("</li>\n");
    if (findings.isEmpty())
        h += QStringLiteral("<li class=\"none\">") + esc(W::noFindings(grid)) + QStringLiteral("</li>\n");
    h += QStringLiteral(
        "</ul>\n<h3 id=\"predicted-derivations\">What each step was predicted to rebuild</h3>\n");
    predictedDerivations(h, grid);
    h += QStringLiteral("</section>\n");
}

void details(QString &h, const SessionSummary &summary)
{
    const Session &s = summary.session();
    h += QStringLiteral("<section id=\"details\">\n<h2>Per strategy</h2>\n");
    if (summary.strategies().isEmpty())
        h += QStringLiteral("<p class=\"empty\">No strategy was measured.</p>\n");
    QString coldStep;
    for (const QString &step : summary.steps())
        if (coldStep.isEmpty() && W::isColdStep(s, step))
            coldStep = step;
    if (coldStep.isEmpty())
        coldStep = summary.steps().value(0);

    for (const QString &strategy : summary.strategies()) {
        h += QStringLiteral("<article class=\"strategy\" id=\"%1\">\n<h3>%2")
                 .arg(anchor(QStringLiteral("strategy-"), strategy), esc(strategy));
        QString layout;
        for (const auto &m : s.measurements)
            if (m.strategy == strategy && layout.isEmpty())
                layout = m.layout;
        if (!layout.isEmpty())
            h += QStringLiteral(" <span class=\"muted\">") + esc(layout) + QStringLiteral(" layout</span>");
        h += QStringLiteral("</h3>\n");
        if (const QStringList notes = W::notes(s, strategy); !notes.isEmpty()) {
            h += QStringLiteral("<p>Notes on its numbers:</p>\n<ul class=\"notes\">\n");
            for (const QString &n : notes)
                h += QStringLiteral("<li>") + esc(n) + QStringLiteral("</li>\n");
            h += QStringLiteral("</ul>\n");
        }
        for (const QString &target : summary.targets()) {
            bool any = false;
            QString rows;
            for (const QString &step : summary.steps()) {
                const CellSummary *c = summary.cell(strategy, target, step);
                if (!c)
                    continue;
                any = true;
                const Measurement *rep = c->representative();
                rows +=
                    QStringLiteral("<tr><td>%1</td><td class=\"num\">%2</td><td>%3</td><td>%4</td></tr>\n")
                        .arg(esc(step), c->hasTime() ? esc(fmtS(c->wallS.median)) : esc(W::noTime(*c)),
                             esc(W::runs(*c)),
                             rep && rep->report
                                 ? builtList(*rep->report)
                                 : QStringLiteral("<span class=\"muted\">no build report</span>"));
            }
            if (!any)
                continue;
            h += QStringLiteral("<h4>%1: what each step rebuilt</h4>\n").arg(esc(target));
            h += QStringLiteral("<div class=\"table-wrap\"><table "
                                "class=\"steps\">\n<thead><tr><th>Step</th><th class=\"num\">Median</th>"
                                "<th>Runs</th><th>Derivations built (the run nearest the "
                                "median)</th></tr></thead>\n<tbody>\n") +
                 rows + QStringLiteral("</tbody></table></div>\n");

            const CellSummary *cold = summary.cell(strategy, target, coldStep);
            const Measurement *rep = cold ? cold->representative() : nullptr;
            if (rep && rep->report) {
                h += QStringLiteral("<h4>%1: %2 build, derivation by derivation</h4>\n")
                         .arg(esc(target), esc(coldStep));
                QStringList facts;
                if (cold->runs.size() > 1)
                    facts << QStringLiteral("run %1 of %2 (nearest the median)")
                                 .arg(rep->repetition + 1)
                                 .arg(cold->runs.size());
                facts << Measurement::outcomeName(rep->outcome);
                facts << QStringLiteral("%1 wall").arg(fmtS(static_cast<double>(rep->wallUs) / kUs));
                if (const auto e = rep->report->evalUs())
                    facts << QStringLiteral("evaluation %1").arg(fmtUs(e));
                facts << plural(rep->builtCount(), "derivation built", "derivations built");
                if (const auto sub = rep->report->substitutedCount())
                    facts << plural(sub, "path substituted", "paths substituted");
                if (!rep->report->timed)
                    facts << QStringLiteral("no arrival times in its log: durations unknown");
                h += QStringLiteral("<p class=\"muted\">") + esc(facts.join(QStringLiteral(" · "))) +
                     QStringLiteral("</p>\n");
                derivationTable(h, *rep);
            }
        }
        bool anyFailure = false;
        for (const auto &m : s.measurements) {
            if (m.strategy != strategy || m.outcome == Measurement::Outcome::Succeeded ||
                m.outcome == Measurement::Outcome::Skipped)
                continue;
            if (!anyFailure)
                h += QStringLiteral("<h4>Failures</h4>\n");
            anyFailure = true;
            failure(h, m);
        }
        h += QStringLiteral("</article>\n");
    }
    h += QStringLiteral("</section>\n");
}

void environment(QString &h, const SessionSummary &summary)
{
    const Session &s = summary.session();
    h += QStringLiteral("<section id=\"environment\">\n<h2>Environment</h2>\n<dl class=\"facts\">\n");
    for (const auto &fact : W::environment(s))
        h += QStringLiteral("<dt>") + esc(fact.label) + QStringLiteral("</dt><dd>") + esc(fact.value) +
             QStringLiteral("</dd>\n");
    h += QStringLiteral("</dl>\n");
    if (!s.scenario.steps.empty()) {
        h += QStringLiteral("<h3>Scenario steps</h3>\n<div class=\"table-wrap\"><table "
                            "class=\"scenario\">\n<thead><tr><th>Step</th><th>Kind</th>"
                            "<th>What changed</th></tr></thead>\n<tbody>\n");
        for (const auto &step : s.scenario.steps)
            h += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td></tr>\n")
                     .arg(esc(step.id), esc(ScenarioStep::kindName(step.kind)), esc(step.description));
        h += QStringLiteral("</tbody></table></div>\n");
    }
    h += QStringLiteral("</section>\n");
}
} // namespace

QString HtmlReport::escape(const QString &text)
{
    QString out;
    out.reserve(text.size() + text.size() / 8);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar ch = text.at(i);
        switch (ch.unicode()) {
        case '&':
            out += QStringLiteral("&amp;");
            continue;
        case '<':
            out += QStringLiteral("&lt;");
            continue;
        case '>':
            out += QStringLiteral("&gt;");
            continue;
        case '"':
            out += QStringLiteral("&quot;");
            continue;
        case '\'':
            out += QStringLiteral("&#39;");
            continue;
        case '\t':
        case '\n':
            out += ch;
            continue;
        default:
            break;
        }
        const char16_t u = ch.unicode();
        if (u < 0x20 || u == 0x7f || u == 0xfffe || u == 0xffff) {
            out += QChar(0xfffd);
        } else if (ch.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            out += ch;
            out += text.at(++i);
        } else if (ch.isSurrogate()) {
            out += QChar(0xfffd); // a lone half of a pair is not a character
        } else {
            out += ch;
        }
    }
    return out;
}

namespace {
// Elements that run code, embed other documents or fetch: never inlined.
bool forbiddenElement(const QString &name)
{
    static const QStringList names{
        QStringLiteral("script"), QStringLiteral("foreignobject"), QStringLiteral("iframe"),
        QStringLiteral("object"), QStringLiteral("embed"),         QStringLiteral("audio"),
        QStringLiteral("video"),  QStringLiteral("link"),          QStringLiteral("meta")};
    return names.contains(name.toLower());
}

// A reference to anything outside the document ("#id" and inline images are inside it).
bool externalReference(const QString &value)
{
    const QString v = value.trimmed().toLower();
    if (v.startsWith(QLatin1Char('#')) || v.startsWith(QLatin1String("data:image/")))
        return false;
    if (v.contains(QLatin1String("javascript:")) || v.contains(QLatin1String("://")) ||
        v.contains(QLatin1String("@import")))
        return true;
    for (qsizetype at = v.indexOf(QLatin1String("url(")); at >= 0;
         at = v.indexOf(QLatin1String("url("), at + 4)) {
        const QString inner = v.mid(at + 4).trimmed().remove(QLatin1Char('\'')).remove(QLatin1Char('"'));
        if (!inner.startsWith(QLatin1Char('#')) && !inner.startsWith(QLatin1String("data:image/")))
            return true;
    }
    return false;
}
} // namespace

QByteArray HtmlReport::inlineSvg(const QByteArray &svg)
{
    const qsizetype start = svg.indexOf("<svg");
    if (start < 0)
        return {};
    // The renderer's SVG holds strings from the session (titles, derivation names); one that a
    // writer forgot to escape must not become markup in the report. So the SVG is parsed and
    // written again: text escaped, code, event handlers and external references dropped. SVG that
    // is not well-formed is not inlined at all.
    QXmlStreamReader reader(svg.mid(start));
    QByteArray out;
    QXmlStreamWriter writer(&out);
    int skipped = 0; // depth inside a dropped element
    int depth = 0;
    bool closed = false; // the <svg> element has ended: what follows is not part of it
    while (!closed && !reader.atEnd()) {
        reader.readNext();
        switch (reader.tokenType()) {
        case QXmlStreamReader::StartElement: {
            ++depth;
            if (skipped || forbiddenElement(reader.name().toString())) {
                ++skipped;
                break;
            }
            // Qualified names and declarations as written: the SVG keeps its own prefixes.
            writer.writeStartElement(reader.qualifiedName().toString());
            for (const auto &ns : reader.namespaceDeclarations())
                writer.writeAttribute(ns.prefix().isEmpty() ? QStringLiteral("xmlns")
                                                            : QStringLiteral("xmlns:") + ns.prefix(),
                                      ns.namespaceUri().toString());
            for (const auto &a : reader.attributes()) {
                const QString name = a.qualifiedName().toString();
                const QString value = a.value().toString();
                if (name.startsWith(QLatin1String("on"), Qt::CaseInsensitive) || externalReference(value))
                    continue;
                if ((name.endsWith(QLatin1String("href"), Qt::CaseInsensitive) ||
                     name.compare(QLatin1String("src"), Qt::CaseInsensitive) == 0) &&
                    !value.trimmed().startsWith(QLatin1Char('#')) &&
                    !value.trimmed().startsWith(QLatin1String("data:image/")))
                    continue;
                writer.writeAttribute(name, value);
            }
            break;
        }
        case QXmlStreamReader::EndElement:
            if (skipped)
                --skipped;
            else
                writer.writeEndElement();
            closed = --depth == 0;
            break;
        case QXmlStreamReader::Characters:
            if (!skipped)
                writer.writeCharacters(reader.text().toString());
            break;
        default: // comments, processing instructions, DTDs: nothing a chart needs
            break;
        }
    }
    if (reader.hasError() || !closed)
        return {};
    return out;
}

QByteArray HtmlReport::write(const SessionSummary &summary, const Options &options)
{
    const Session &s = summary.session();
    const char *theme = options.theme == Theme::Light  ? "light"
                        : options.theme == Theme::Dark ? "dark"
                                                       : "auto";
    const char *scheme = options.theme == Theme::Light  ? "light"
                         : options.theme == Theme::Dark ? "dark"
                                                        : "light dark";
    QString h;
    h += QStringLiteral(
             "<!DOCTYPE html>\n<html lang=\"en\" data-theme=\"%1\">\n<head>\n<meta charset=\"utf-8\"/>\n")
             .arg(QLatin1String(theme));
    h += QStringLiteral("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
    h += QStringLiteral("<meta name=\"color-scheme\" content=\"%1\"/>\n").arg(QLatin1String(scheme));
    h += QStringLiteral("<meta name=\"generator\" content=\"Flakeoff %1\"/>\n")
             .arg(QStringLiteral(FLAKEOFF_VERSION));
    const PredictionGrid grid = PredictionGrid::of(s);
    QString style = css(options.theme);
    if (!grid.isEmpty())
        style += QString::fromUtf8(kPredictionCss);
    h += QStringLiteral("<title>") + esc(W::title(s)) + QStringLiteral("</title>\n<style>\n") + style +
         QStringLiteral("</style>\n</head>\n<body>\n<main>\n");
    header(h, summary, !grid.isEmpty());
    answer(h, summary);
    charts(h, summary, options);
    numbers(h, summary);
    prediction(h, grid);
    details(h, summary);
    environment(h, summary);
    h += QStringLiteral("<footer>Written by Flakeoff %1 from the session's own measurements; every number "
                        "can be traced to a build and its saved log.</footer>\n")
             .arg(QStringLiteral(FLAKEOFF_VERSION));
    h += QStringLiteral("</main>\n</body>\n</html>\n");
    return h.toUtf8();
}

} // namespace flakeoff
