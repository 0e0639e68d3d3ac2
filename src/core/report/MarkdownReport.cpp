// SPDX-License-Identifier: MIT
#include "MarkdownReport.h"

#include "ChartData.h"
#include "LayoutOutcome.h"
#include "ReportWording.h"
#include "SessionSummary.h"

#include <algorithm>

namespace flakeoff {

namespace {
using W = ReportWording;

const QString kNone = QStringLiteral("—");

QString row(const QStringList &cells)
{
    return QStringLiteral("| ") + cells.join(QStringLiteral(" | ")) + QStringLiteral(" |\n");
}

QString bold(const QString &escaped)
{
    return QStringLiteral("**") + escaped + QStringLiteral("**");
}

QString bytes(std::int64_t b)
{
    return b < 0 ? kNone : ChartDataBuilder::formatBytes(static_cast<double>(b));
}

QString orNone(const QString &s)
{
    return s.isEmpty() ? kNone : s;
}

QString timesTable(const SessionSummary &summary, const QString &target)
{
    QString out = row({QStringLiteral("Step"), QStringLiteral("Strategy"), QStringLiteral("Median [s]"),
                       QStringLiteral("Mean [s]"), QStringLiteral("Min [s]"), QStringLiteral("Max [s]"),
                       QStringLiteral("Relative"), QStringLiteral("Built"), QStringLiteral("Runs")});
    out += QStringLiteral("|:---|:---|---:|---:|---:|---:|---:|---:|:---|\n");
    for (const QString &step : summary.steps())
        for (const QString &strategy : summary.strategies()) {
            const CellSummary *c = summary.cell(strategy, target, step);
            if (!c) {
                if (const NotRun *n = summary.notRun(strategy, step))
                    out += row({MarkdownReport::escape(step), MarkdownReport::escape(strategy),
                                QStringLiteral("not run"), kNone, kNone, kNone, kNone, kNone,
                                MarkdownReport::escape(NotRunSteps::cause(n->error))});
                continue;
            }
            QString runs = MarkdownReport::escape(W::runs(*c));
            if (const QString error = c->firstError(); !error.isEmpty())
                runs += QStringLiteral(": ") + MarkdownReport::escape(W::shortError(error));
            if (!c->hasTime()) {
                out += row({MarkdownReport::escape(step), MarkdownReport::escape(strategy), W::noTime(*c),
                            kNone, kNone, kNone, kNone, kNone, runs});
                continue;
            }
            const QString name = MarkdownReport::escape(strategy);
            const bool wins = W::wins(summary, *c);
            const QString median = W::seconds(c->wallS.median);
            const QString built =
                c->built.count ? ChartDataBuilder::formatValue(c->built.median, ChartUnit::Count) : kNone;
            out += row({MarkdownReport::escape(step), wins ? bold(name) : name, wins ? bold(median) : median,
                        W::meanAndStddev(c->wallS), W::seconds(c->wallS.min), W::seconds(c->wallS.max),
                        wins ? bold(W::relative(*c)) : orNone(W::relative(*c)), built, runs});
        }
    return out;
}

// Derivations listed per strategy and step before "… and n more": a per-crate cold build can
// predict hundreds, and the Markdown goes into an issue.
constexpr int kListedDerivations = 30;

// Lines as a fenced code block (Nix's excerpts line up under the line they point at), indented
// into a list item. Nothing inside a fence is markup; the fence is longer than any run of
// backticks in the lines, so no line can close it.
QString codeBlock(const QStringList &lines, const QString &indent)
{
    qsizetype longest = 0;
    for (const QString &line : lines) {
        qsizetype run = 0;
        for (const QChar ch : line) {
            run = ch == QLatin1Char('`') ? run + 1 : 0;
            longest = std::max(longest, run);
        }
    }
    const QString fence = QString(std::max<qsizetype>(3, longest + 1), QLatin1Char('`'));
    QString out = indent + fence + QLatin1Char('\n');
    for (const QString &line : lines)
        out += indent + line + QLatin1Char('\n');
    return out + indent + fence + QLatin1Char('\n');
}

// The session's prediction against what it built, in PredictionGrid's words: empty without one.
QString predictionSection(const Session &session)
{
    using E = MarkdownReport;
    const PredictionGrid grid = PredictionGrid::of(session);
    if (grid.isEmpty())
        return {};
    QString out = QStringLiteral("## Predicted rebuilds\n\n");
    for (const QString &sentence : W::predictionSummary(grid).split(QLatin1Char('\n')))
        out += E::escape(sentence) + QLatin1Char('\n');
    out += QLatin1Char('\n');

    const QStringList strategies = grid.strategies();
    for (const QString &target : grid.targets()) {
        QStringList header{QStringLiteral("Step")};
        for (const QString &strategy : strategies)
            header << E::escape(strategy);
        QString body;
        for (const QString &step : grid.steps()) {
            QStringList cells;
            bool any = false;
            for (const QString &strategy : strategies) {
                const PredictionGrid::Cell *c = grid.cell(strategy, step, target);
                any = any || c;
                cells << (c ? E::escape(W::predictionCell(grid, *c)) : kNone);
            }
            if (!any)
                continue;
            QString label = E::escape(step);
            if (const QString description = grid.stepDescription(step); !description.isEmpty())
                label += QStringLiteral(": ") + E::escape(description);
            body += row(QStringList{label} + cells);
        }
        out += QStringLiteral("### Predicted rebuilds of ") + E::escape(target) + QStringLiteral("\n\n") +
               row(header) + QStringLiteral("|:---") + QStringLiteral("|:---").repeated(strategies.size()) +
               QStringLiteral("|\n") + body + QLatin1Char('\n');
    }
    out += grid.hasMeasurements()
               ? QStringLiteral("Each cell: derivations predicted · their cost from earlier builds → "
                                "derivations the run started · "
                                "their build time, then the verdict (✗: not as predicted).\n\n")
               : QStringLiteral("Each cell: derivations predicted · their cost from earlier builds (≥: some "
                                "never measured).\n\n");

    out += QStringLiteral("### Findings\n\n");
    const QStringList findings = grid.findings();
    for (const QString &finding : findings)
        out += QStringLiteral("- ") + E::escape(finding) + QLatin1Char('\n');
    if (findings.isEmpty())
        out += QStringLiteral("- ") + E::escape(W::noFindings(grid)) + QLatin1Char('\n');
    out += QLatin1Char('\n');

    out += QStringLiteral("### What each step was predicted to rebuild\n\n");
    for (const QString &step : grid.steps()) {
        QString items;
        for (const QString &strategy : strategies)
            for (const QString &target : grid.targets()) {
                const PredictionGrid::Cell *c = grid.cell(strategy, step, target);
                if (!c || !c->prediction)
                    continue;
                const StepPrediction &p = *c->prediction;
                items += QStringLiteral("  - ") + bold(E::escape(strategy)) + QStringLiteral(" · ") +
                         E::escape(target) + QStringLiteral(": ") + E::escape(W::predictedStep(p)) +
                         (p.ok ? QString() : QStringLiteral(", Nix said:")) + QLatin1Char('\n');
                if (!p.ok)
                    items += codeBlock(W::errorLines(p.error), QStringLiteral("    "));
                int listed = 0;
                for (const PredictedDerivation &d : p.rebuild) {
                    if (listed++ == kListedDerivations) {
                        items += QStringLiteral("    - … and %1 more\n")
                                     .arg(p.rebuild.size() - kListedDerivations);
                        break;
                    }
                    const QString why = W::predictedWhy(d);
                    items += QStringLiteral("    - ") + E::escape(d.name) + QStringLiteral(" (") +
                             E::escape(d.role) + QStringLiteral("): ") + E::escape(W::predictedTime(d)) +
                             (why.isEmpty() ? QString() : QStringLiteral(" — ") + E::escape(why)) +
                             QLatin1Char('\n');
                }
            }
        if (items.isEmpty())
            continue;
        QString label = bold(E::escape(step));
        if (const QString description = grid.stepDescription(step); !description.isEmpty())
            label += QStringLiteral(": ") + E::escape(description);
        out += QStringLiteral("- ") + label + QLatin1Char('\n') + items;
    }
    return out + QLatin1Char('\n');
}

QString storeTable(const SessionSummary &summary, const QString &target)
{
    QString body;
    for (const QString &strategy : summary.strategies()) {
        const CellSummary *c = summary.storeCell(strategy, target);
        if (!c)
            continue;
        body +=
            row({MarkdownReport::escape(strategy), bytes(c->outputBytes), bytes(c->closureBytes),
                 bytes(c->intermediateBytes), bytes(c->storeGrowthBytes), MarkdownReport::escape(c->step)});
    }
    if (body.isEmpty())
        return {};
    return row({QStringLiteral("Strategy"), QStringLiteral("Output"), QStringLiteral("Closure"),
                QStringLiteral("Intermediate"), QStringLiteral("Store growth"), QStringLiteral("Step")}) +
           QStringLiteral("|:---|---:|---:|---:|---:|:---|\n") + body;
}
} // namespace

QString MarkdownReport::escape(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar ch = text.at(i);
        // An underscore inside a word never starts emphasis (GFM): x86_64 stays readable.
        if (ch == QLatin1Char('_') && i > 0 && i + 1 < text.size() && text.at(i - 1).isLetterOrNumber() &&
            text.at(i + 1).isLetterOrNumber()) {
            out += ch;
            continue;
        }
        switch (ch.unicode()) {
        case '\\':
        case '`':
        case '*':
        case '_':
        case '[':
        case ']':
        case '<':
        case '>':
        case '|':
        case '~':
        case '&':
        case '#':
        case '!':
        case '$':
            out += QLatin1Char('\\');
            out += ch;
            break;
        case '\n':
        case '\r':
        case '\t':
            out += QLatin1Char(' ');
            break;
        default:
            out += ch;
        }
    }
    return out;
}

QByteArray MarkdownReport::write(const SessionSummary &summary)
{
    const Session &session = summary.session();
    QString out = QStringLiteral("# ") + escape(W::title(session)) + QStringLiteral("\n\n");
    if (const QString warning = W::statusWarning(summary); !warning.isEmpty())
        out += QStringLiteral("> **Warning:** ") + escape(warning) + QStringLiteral("\n\n");

    QString line = escape(W::shape(summary));
    if (!session.workspace.isEmpty())
        line += QStringLiteral(" · workspace ") + escape(session.workspace);
    if (const QString date = W::date(session.environment.date); !date.isEmpty())
        line += QStringLiteral(" · ") + date;
    out += line + QStringLiteral("\n\n");

    if (summary.cells().empty())
        out += QStringLiteral("No build was measured in this session.\n\n");

    // Outside the workspace layout the first question is whether a tool builds it at all.
    if (const auto outcomes = LayoutOutcome::of(session); !outcomes.empty()) {
        out += QStringLiteral("## Built in the ") + escape(outcomes.front().layout) +
               QStringLiteral(" layout?\n\n");
        for (const LayoutOutcome &o : outcomes)
            out += QStringLiteral("- ") + escape(o.sentence()) + QLatin1Char('\n');
        out += QLatin1Char('\n');
    }

    for (const QString &target : summary.targets()) {
        out += QStringLiteral("## ") + escape(target) + QStringLiteral("\n\n");
        for (const QString &sentence : W::answer(summary, target).split(QLatin1Char('\n')))
            out += QStringLiteral("- ") + escape(sentence) + QLatin1Char('\n');
        out += QLatin1Char('\n') + timesTable(summary, target) + QLatin1Char('\n');
        out += QStringLiteral("Median, mean ± standard deviation, min and max of the wall time of the "
                              "succeeded runs; relative to "
                              "the lowest median of the step, with its 95% confidence interval (in bold: the "
                              "winner, distinguishably faster than every "
                              "other strategy of the step; a tie, a single run or overlapping spreads crown "
                              "none); derivations built (median).\n\n");
        if (const QString store = storeTable(summary, target); !store.isEmpty())
            out += QStringLiteral("### Store cost of ") + escape(target) + QStringLiteral("\n\n") + store +
                   QLatin1Char('\n');
    }

    out += predictionSection(session);

    if (!summary.steps().isEmpty()) {
        out += QStringLiteral("## Steps\n\n| Step | What changed |\n|:---|:---|\n");
        for (const QString &step : summary.steps()) {
            const QString label = summary.stepLabel(step);
            out += row({escape(step), label == step ? QStringLiteral("—") : escape(label)});
        }
        out += QLatin1Char('\n');
    }

    if (!summary.notRun().empty()) {
        // Per step, cause first; the runner's whole message under it, as Nix or cargo wrote it.
        out += QStringLiteral("## Not run\n\n");
        for (const NotRun &n : summary.notRun()) {
            // "**per-crate**: break-eval not run (generate failed)"; "**crane**: <why>" for one
            // that ran nothing.
            const QString what =
                n.whole ? n.error.simplified() : NotRunSteps::sentence(n).mid(n.strategy.size() + 2);
            out += QStringLiteral("- ") + bold(escape(n.strategy)) + QStringLiteral(": ") + escape(what) +
                   QLatin1Char('\n');
            if (!n.whole && NotRunSteps::cause(n.error) != n.error.trimmed())
                out += codeBlock(W::errorLines(n.error), QStringLiteral("  "));
        }
        out += QLatin1Char('\n');
    }

    QString notes;
    for (const QString &strategy : summary.strategies())
        for (const QString &note : W::notes(session, strategy))
            notes += QStringLiteral("- ") + bold(escape(strategy)) + QStringLiteral(", ") + escape(note) +
                     QLatin1Char('\n');
    if (!notes.isEmpty())
        out += QStringLiteral("## Notes\n\n") + notes + QLatin1Char('\n');

    out += QStringLiteral("## Environment\n\n");
    for (const auto &fact : W::environment(session))
        out += QStringLiteral("- ") + bold(escape(fact.label) + QLatin1Char(':')) + QLatin1Char(' ') +
               escape(fact.value) + QLatin1Char('\n');
    return out.toUtf8();
}

} // namespace flakeoff
