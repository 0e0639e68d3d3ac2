// SPDX-License-Identifier: MIT
#include "ReportWording.h"

#include "ChartData.h"
#include "log/BuildReportText.h"
#include "nix/NixEnvironment.h"
#include "predict/PredictionText.h"

#include <QFileInfo>
#include <QSet>

#include <algorithm>

namespace flakeoff {

namespace {
QString plural(int n, const char *one, const char *many)
{
    return QStringLiteral("%1 %2").arg(n).arg(QString::fromUtf8(n == 1 ? one : many));
}

// "a", "a and b", "a, b and c"
QString joinedAnd(const QStringList &items)
{
    if (items.size() <= 1)
        return items.value(0);
    return QStringList(items.mid(0, items.size() - 1)).join(QStringLiteral(", ")) + QStringLiteral(" and ") +
           items.back();
}

QString factor(double f)
{
    return QStringLiteral("×%1").arg(f, 0, 'f', f < 10 ? 2 : 1);
}
} // namespace

QString ReportWording::statusWarning(const SessionSummary &summary)
{
    const Session &s = summary.session();
    const int n = summary.measurementCount();
    const QString measured = n == 0
                                 ? QStringLiteral("No build was measured before it stopped.")
                                 : QStringLiteral("What follows is what was measured before it stopped (%1).")
                                       .arg(plural(n, "build", "builds"));
    // A reason that only repeats the status ("cancelled") adds nothing.
    const QString text = s.statusText.trimmed();
    const bool bare = text.isEmpty() || text.compare(Session::statusName(s.status), Qt::CaseInsensitive) == 0;
    const QString why = bare ? QString() : QStringLiteral(": ") + text;
    switch (s.status) {
    case Session::Status::Finished:
        return {};
    case Session::Status::Failed:
        return QStringLiteral("This session failed%1. %2").arg(why, measured);
    case Session::Status::Cancelled:
        return QStringLiteral("This session was cancelled%1. %2").arg(why, measured);
    case Session::Status::Running:
        return QStringLiteral("This session never finished (it was still running when saved, or its run was "
                              "killed)%1. %2")
            .arg(why, measured);
    }
    return {};
}

QString ReportWording::stateLine(const Session &session, bool runningHere)
{
    const QString why = session.statusText.trimmed();
    switch (session.status) {
    case Session::Status::Finished:
        return {};
    case Session::Status::Running:
        return runningHere ? QString()
                           : QStringLiteral("The run never finished: it was still running when saved, or "
                                            "its run was killed.");
    case Session::Status::Failed:
        return QStringLiteral("The run failed: %1")
            .arg(why.isEmpty() ? QStringLiteral("no reason was recorded.") : why);
    case Session::Status::Cancelled:
        return why.isEmpty() || why.compare(Session::statusName(session.status), Qt::CaseInsensitive) == 0
                   ? QStringLiteral("The run was cancelled before it finished.")
                   : QStringLiteral("The run was cancelled: %1").arg(why);
    }
    return {};
}

QString ReportWording::title(const Session &session)
{
    const QString name = session.scenario.name.isEmpty() ? QStringLiteral("unnamed") : session.scenario.name;
    return QStringLiteral("Flakeoff report: %1 scenario").arg(name);
}

QString ReportWording::shape(const SessionSummary &summary)
{
    const Session &s = summary.session();
    QStringList parts;
    parts << plural(static_cast<int>(summary.strategies().size()), "strategy", "strategies");
    if (!summary.targets().isEmpty())
        parts << QStringLiteral("target%1 %2")
                     .arg(summary.targets().size() == 1 ? QString() : QStringLiteral("s"),
                          joinedAnd(summary.targets()));
    parts << plural(static_cast<int>(summary.steps().size()), "step", "steps");
    QString runs = plural(s.repeat, "run", "runs") + QStringLiteral(" per cell");
    if (s.coldRepeat > 0 && s.coldRepeat != s.repeat)
        runs += QStringLiteral(" (%1 for cold)").arg(s.coldRepeat);
    if (s.warmup > 0)
        runs += QStringLiteral(" (+%1)").arg(plural(s.warmup, "warm-up", "warm-ups"));
    parts << runs;
    return parts.join(QStringLiteral(", "));
}

QString ReportWording::seconds(double s)
{
    return QString::number(s, 'f', 3);
}

QString ReportWording::meanAndStddev(const Statistics &s)
{
    if (s.count == 0)
        return {};
    if (s.count == 1)
        return seconds(s.mean);
    return seconds(s.mean) + QStringLiteral(" ± ") + seconds(s.stddev);
}

QString ReportWording::relative(const CellSummary &c)
{
    if (!c.relative)
        return {};
    if (c.quickest)
        return QStringLiteral("1.00");
    QString t = QString::number(*c.relative, 'f', 2);
    if (c.comparison && c.comparison->low && c.comparison->high)
        t +=
            QStringLiteral(" (%1–%2)").arg(*c.comparison->low, 0, 'f', 2).arg(*c.comparison->high, 0, 'f', 2);
    return t;
}

QString ReportWording::verdict(const CellSummary &c)
{
    if (!c.hasTime())
        return {};
    if (c.fastest)
        return QStringLiteral("fastest");
    if (!c.comparison)
        return QStringLiteral("only one measured");
    const TimeComparison &t = *c.comparison;
    if (c.quickest)
        return QStringLiteral("lowest median, not distinguishable (%1)").arg(t.why);
    if (t.distinguishable())
        return TimeComparison::verdictName(t.verdict);
    return QStringLiteral("not distinguishable (%1)").arg(t.why);
}

QString ReportWording::runs(const CellSummary &c)
{
    const int total = static_cast<int>(c.runs.size());
    if (c.succeeded == total)
        return QString::number(total);
    QStringList why;
    if (c.failed)
        why << QStringLiteral("%1 failed").arg(c.failed);
    if (c.cancelled)
        why << QStringLiteral("%1 cancelled").arg(c.cancelled);
    if (c.skipped)
        why << QStringLiteral("%1 skipped").arg(c.skipped);
    return QStringLiteral("%1 of %2 (%3)").arg(c.succeeded).arg(total).arg(why.join(QStringLiteral(", ")));
}

QString ReportWording::noTime(const CellSummary &c)
{
    if (c.hasTime())
        return {};
    if (c.failed)
        return QStringLiteral("failed");
    if (c.cancelled)
        return QStringLiteral("cancelled");
    if (c.skipped)
        return QStringLiteral("skipped");
    return QStringLiteral("no time");
}

QString ReportWording::shortError(const QString &error, int maxChars)
{
    QString first = error.trimmed();
    const qsizetype nl = first.indexOf(QLatin1Char('\n'));
    const bool cut = nl >= 0;
    if (cut)
        first = first.left(nl).trimmed();
    if (first.size() > maxChars)
        return first.left(maxChars - 1) + QStringLiteral("…");
    return cut ? first + QStringLiteral(" …") : first;
}

QString ReportWording::inLayout(const QString &layout)
{
    if (layout.isEmpty() || layout == QLatin1String("workspace"))
        return {};
    return QStringLiteral(" in the %1 layout").arg(layout);
}

QString ReportWording::answer(const SessionSummary &summary, const QString &target)
{
    const Session &session = summary.session();
    QStringList incremental;
    QStringList cold;
    QStringList noTimeAtAll; // incremental steps no strategy got through: they cannot tell strategies apart
    for (const QString &step : summary.steps(target)) {
        bool timed = false;
        for (const QString &strategy : summary.strategies())
            if (const CellSummary *c = summary.cell(strategy, target, step))
                timed = timed || c->hasTime();
        if (isColdStep(session, step))
            cold.append(step);
        else if (timed)
            incremental.append(step);
        else
            noTimeAtAll.append(step);
    }
    QStringList lines;

    if (!incremental.isEmpty()) {
        struct Total
        {
            QString strategy;
            double s = 0;
        };
        std::vector<Total> totals;
        QStringList incomplete;
        for (const QString &strategy : summary.strategies()) {
            Total t{strategy, 0};
            bool any = false;
            for (const QString &step : summary.steps(target))
                any = any || summary.cell(strategy, target, step);
            if (!any) {
                incomplete << QStringLiteral("%1 (never measured)").arg(strategy);
                continue;
            }
            QString missing;
            for (const QString &step : incremental) {
                const CellSummary *c = summary.cell(strategy, target, step);
                if (!c || !c->hasTime()) {
                    const NotRun *n = c ? nullptr : summary.notRun(strategy, step);
                    missing = QStringLiteral("%1 %2").arg(
                        step, c   ? noTime(*c)
                              : n ? QStringLiteral("not run: %1").arg(NotRunSteps::cause(n->error))
                                  : QStringLiteral("not measured"));
                    break;
                }
                t.s += c->wallS.median;
            }
            if (missing.isEmpty())
                totals.push_back(t);
            else
                incomplete << QStringLiteral("%1 (%2)").arg(strategy, missing);
        }
        std::stable_sort(totals.begin(), totals.end(),
                         [](const Total &a, const Total &b) { return a.s < b.s; });
        const QString over =
            QStringLiteral("the medians of %1 summed")
                .arg(plural(static_cast<int>(incremental.size()), "incremental step", "incremental steps"));
        if (totals.empty()) {
            lines << QStringLiteral("No strategy has a time for every incremental step of %1, so none can be "
                                    "compared over the scenario.")
                         .arg(target);
        } else if (totals.size() == 1) {
            lines << QStringLiteral("After edits, %1 rebuilt %2 in %3 in total (%4); %5.")
                         .arg(totals[0].strategy, target, ChartDataBuilder::formatSeconds(totals[0].s), over,
                              incomplete.isEmpty()
                                  ? QStringLiteral("it is the only strategy measured")
                                  : QStringLiteral("no other strategy has a time for every one of them"));
        } else {
            // "fastest" only with evidence: the strategy won at least one incremental step with a
            // distinguishable difference (a sum of medians carries no spread of its own).
            int won = 0;
            for (const QString &step : incremental)
                if (summary.fastest(target, step) == totals[0].strategy)
                    ++won;
            QString line = won > 0 ? QStringLiteral("After edits, %1 rebuilt %2 fastest: %3 in total (%4)")
                                         .arg(totals[0].strategy, target,
                                              ChartDataBuilder::formatSeconds(totals[0].s), over)
                                   : QStringLiteral("After edits, %1 had the lowest total for %2: %3 (%4)")
                                         .arg(totals[0].strategy, target,
                                              ChartDataBuilder::formatSeconds(totals[0].s), over);
            QStringList others;
            for (std::size_t i = 1; i < totals.size(); ++i) {
                QString o = QStringLiteral("%1 %2").arg(totals[i].strategy,
                                                        ChartDataBuilder::formatSeconds(totals[i].s));
                if (totals[0].s > 0)
                    o += QStringLiteral(" (%1)").arg(factor(totals[i].s / totals[0].s));
                others << o;
            }
            if (!others.isEmpty())
                line += QStringLiteral(", against ") + joinedAnd(others);
            line += won > 0 ? QStringLiteral("; distinguishably fastest in %1 of %2")
                                  .arg(won)
                                  .arg(plural(static_cast<int>(incremental.size()), "step", "steps"))
                            : QStringLiteral(
                                  "; no step's difference is distinguishable from noise, so none is crowned");
            lines << line + QStringLiteral(".");
        }
        if (!incomplete.isEmpty())
            lines << QStringLiteral("Not comparable over the scenario: %1.").arg(joinedAnd(incomplete));
    }
    if (!noTimeAtAll.isEmpty())
        lines << QStringLiteral("Left out: %1, where no strategy's build succeeded.")
                     .arg(joinedAnd(noTimeAtAll));

    for (const QString &step : cold) {
        const QString best = summary.quickest(target, step);
        if (best.isEmpty()) {
            lines << QStringLiteral("No %1 build of %2 succeeded.").arg(step, target);
            continue;
        }
        const CellSummary *b = summary.cell(best, target, step);
        QString line = b->fastest || !b->comparison
                           ? QStringLiteral("The %1 build of %2 was fastest with %3 (%4)")
                                 .arg(step, target, best, ChartDataBuilder::formatSeconds(b->wallS.median))
                           : QStringLiteral("In the %1 build of %2, %3 had the lowest median (%4) but is not "
                                            "distinguishably faster (%5)")
                                 .arg(step, target, best, ChartDataBuilder::formatSeconds(b->wallS.median),
                                      b->comparison->why);
        QStringList others;
        for (const QString &strategy : summary.strategies()) {
            const CellSummary *c = summary.cell(strategy, target, step);
            if (!c || c == b)
                continue;
            if (c->hasTime() && c->relative)
                others << QStringLiteral("%1 %2 (%3)")
                              .arg(strategy, ChartDataBuilder::formatSeconds(c->wallS.median),
                                   factor(*c->relative));
            else
                others << QStringLiteral("%1 %2").arg(strategy, noTime(*c));
        }
        if (others.isEmpty())
            line = QStringLiteral("The %1 build of %2 took %3 with %4, the only strategy measured")
                       .arg(step, target, ChartDataBuilder::formatSeconds(b->wallS.median), best);
        else if (!b->comparison) // the others have no time: nothing to be faster than
            line = QStringLiteral("The %1 build of %2 succeeded only with %3 (%4); ")
                       .arg(step, target, best, ChartDataBuilder::formatSeconds(b->wallS.median)) +
                   joinedAnd(others);
        else
            line += QStringLiteral("; ") + joinedAnd(others);
        lines << line + QStringLiteral(".");
    }
    if (lines.isEmpty())
        lines << QStringLiteral("No build of %1 was measured.").arg(target);
    return lines.join(QLatin1Char('\n'));
}

QString ReportWording::remoteBuilders(const SessionEnvironment &environment)
{
    if (environment.remoteBuilders.isEmpty())
        return {};
    return environment.remoteBuilders.join(QStringLiteral(", ")) +
           QStringLiteral(" (the project's outputs are deleted there too; the notes say what)");
}

QString ReportWording::nixStore(const SessionEnvironment &environment)
{
    const QString &url = environment.nixStore;
    if (url.isEmpty())
        return {};
    if (!NixEnvironment::isDefaultStore(url))
        return url + QStringLiteral(" (not the default store)");
    return url + (url == QLatin1String("local")
                      ? QStringLiteral(" (the default /nix/store)")
                      : QStringLiteral(" (the default /nix/store, through the daemon)"));
}

QString ReportWording::nixSettingsAdded(const SessionEnvironment &environment)
{
    QStringList parts;
    for (const NixSetting &n : environment.nixSettingsAdded)
        parts << QStringLiteral("%1 (%2)").arg(n.line().trimmed(), n.why);
    return parts.join(QStringLiteral("; "));
}

std::vector<ReportWording::Fact> ReportWording::environment(const Session &session)
{
    const auto &e = session.environment;
    std::vector<Fact> facts;
    auto put = [&facts](const char *label, const QString &value) {
        if (!value.trimmed().isEmpty())
            facts.push_back({QString::fromUtf8(label), value.trimmed()});
    };
    put("Nix", e.nixVersion);
    put("Nix store", nixStore(e));
    put("Remote builders", remoteBuilders(e));
    put("Nix settings added", nixSettingsAdded(e));
    put("System", e.system);
    QString cpu = e.cpuModel;
    if (e.cpuCores > 0)
        cpu += (cpu.isEmpty() ? QString() : QStringLiteral(", ")) + plural(e.cpuCores, "core", "cores");
    put("CPU", cpu);
    put("Host", e.hostName);
    put("Flakeoff", e.flakeoffVersion);
    put("Date", date(e.date));
    QString repetitions =
        plural(session.repeat, "measured run", "measured runs") + QStringLiteral(" per cell");
    repetitions +=
        session.warmup > 0
            ? QStringLiteral(", after %1").arg(plural(session.warmup, "warm-up run", "warm-up runs"))
            : QStringLiteral(", no warm-up");
    put("Repetitions", repetitions);
    put("Nix options", e.nixOptions.isEmpty() ? QStringLiteral("none") : e.nixOptions.join(QLatin1Char(' ')));
    if (e.inputRevisions.empty()) {
        put("Inputs", QStringLiteral("not recorded"));
    } else {
        QStringList revs;
        for (const auto &[strategy, rev] : e.inputRevisions)
            revs << QStringLiteral("%1: %2").arg(strategy, inputs(e, strategy));
        put("Inputs", revs.join(QStringLiteral("; ")));
    }
    put("Workspace", session.workspace);
    QString scenario = session.scenario.name;
    if (!session.scenario.description.isEmpty())
        scenario += QStringLiteral(" — ") + session.scenario.description;
    put("Scenario", scenario);
    put("Session", Session::statusName(session.status));
    return facts;
}

QString ReportWording::date(const QDateTime &when)
{
    if (!when.isValid())
        return {};
    return when.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

QString ReportWording::inputs(const SessionEnvironment &environment, const QString &strategy)
{
    // The inputs one by one when the session has them: their words say local, remote or stand-in.
    if (const auto used = environment.inputsUsed.find(strategy);
        used != environment.inputsUsed.end() && !used->second.empty())
        return StrategyInputs::wordsOf(used->second);
    const auto rev = environment.inputRevisions.find(strategy);
    return rev == environment.inputRevisions.end() || rev->second.isEmpty() ? QStringLiteral("none")
                                                                            : rev->second;
}

QStringList ReportWording::notes(const Session &session, const QString &strategy)
{
    QStringList out;
    QSet<QString> seen;
    for (const auto &m : session.measurements) {
        if (m.strategy != strategy)
            continue;
        for (const QString &note : m.notes) {
            if (note.trimmed().isEmpty() || seen.contains(note))
                continue;
            seen.insert(note);
            const QString run =
                m.warmup ? QStringLiteral("warm-up") : QStringLiteral("run %1").arg(m.repetition + 1);
            out << QStringLiteral("%1, %2, %3: %4").arg(m.step, m.target, run, note.trimmed());
        }
    }
    return out;
}

bool ReportWording::wins(const SessionSummary &summary, const CellSummary &c)
{
    Q_UNUSED(summary);
    return c.fastest;
}

bool ReportWording::isColdStep(const Session &session, const QString &step)
{
    if (const ScenarioStep *s = session.scenario.step(step))
        return s->kind == ScenarioStep::Kind::Cold;
    return false;
}

QString ReportWording::predictionSummary(const PredictionGrid &grid)
{
    const Prediction *p = grid.prediction();
    if (!p)
        return {};
    QStringList lines;
    QString first = QStringLiteral("Evaluated without building");
    if (const QString when = date(p->date); !when.isEmpty())
        first += QStringLiteral(" on ") + when;
    first += QStringLiteral(" in ") + QString::fromStdString(BuildReportText::duration(p->elapsedUs));
    // File names: the sessions' folders are the machine's, not the reader's.
    QStringList history;
    for (const QString &h : p->history)
        history << QFileInfo(h).fileName();
    first += history.isEmpty() ? QStringLiteral(", not priced: no earlier run.")
                               : QStringLiteral(", priced from ") + joinedAnd(history) + QLatin1Char('.');
    lines << first;
    if (const QString agreement = grid.agreementText(); !agreement.isEmpty())
        lines << QStringLiteral("Against this session's builds: ") + agreement + QLatin1Char('.');
    else
        lines << QStringLiteral("This session built none of the predicted cells, so nothing is compared.");
    for (const auto &[strategy, why] : p->skipped)
        lines << QStringLiteral("Not predicted: %1 (%2).").arg(strategy, why);
    return lines.join(QLatin1Char('\n'));
}

QString ReportWording::predictionCell(const PredictionGrid &grid, const PredictionGrid::Cell &cell)
{
    const QString predicted = PredictionGrid::predictedText(cell);
    if (!grid.hasMeasurements())
        return predicted;
    if (!cell.measured())
        return predicted + QStringLiteral(", ") + PredictionGrid::verdictText(cell);
    return predicted + QStringLiteral(" → ") + PredictionGrid::builtText(cell) + QStringLiteral(", ") +
           PredictionGrid::verdictText(cell);
}

bool ReportWording::predictionDiffers(const PredictionGrid::Cell &cell)
{
    return cell.measured() && !cell.comparison->agrees();
}

QString ReportWording::noFindings(const PredictionGrid &grid)
{
    return grid.hasMeasurements() ? QStringLiteral("none: every measured rebuild was predicted")
                                  : QStringLiteral("none: nothing was built to compare with");
}

QString ReportWording::predictedStep(const StepPrediction &step)
{
    if (!step.ok)
        return QStringLiteral("cannot predict");
    const int n = static_cast<int>(step.rebuild.size());
    if (n == 0)
        return QStringLiteral("nothing");
    return plural(n, "derivation", "derivations") + QStringLiteral(", ") + PredictionText::cost(step);
}

QString ReportWording::predictedTime(const PredictedDerivation &d)
{
    return PredictionText::measuredTime(d, 0);
}

QString ReportWording::predictedWhy(const PredictedDerivation &d)
{
    return d.reasons.join(QStringLiteral("; "));
}

QStringList ReportWording::errorLines(const QString &error, int maxLines)
{
    QStringList lines;
    bool cut = false;
    for (const QString &line : error.split(QLatin1Char('\n'))) {
        QString l = line;
        while (!l.isEmpty() && l.back().isSpace())
            l.chop(1);
        if (l.isEmpty())
            continue;
        if (lines.size() == maxLines) {
            cut = true;
            break;
        }
        lines << l;
    }
    if (cut)
        lines << QStringLiteral("…");
    return lines;
}

} // namespace flakeoff
