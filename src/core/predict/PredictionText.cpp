// SPDX-License-Identifier: MIT
#include "PredictionText.h"

#include "log/BuildReportText.h"
#include "session/Scenario.h"

#include <algorithm>

namespace flakeoff {

namespace {
QString seconds(std::int64_t us)
{
    return QString::fromStdString(BuildReportText::duration(us));
}

QString padded(const QString &text, int width)
{
    return text.leftJustified(width, QLatin1Char(' '), false);
}

QStringList strategiesOf(const Prediction &p)
{
    QStringList out;
    for (const auto &s : p.steps)
        if (!out.contains(s.strategy))
            out << s.strategy;
    return out;
}

QStringList targetsOf(const Prediction &p)
{
    QStringList out;
    for (const auto &s : p.steps)
        if (!out.contains(s.target))
            out << s.target;
    return out;
}

QString listed(const QStringList &names, int max)
{
    if (names.size() <= max)
        return names.join(QStringLiteral(", "));
    return names.mid(0, max).join(QStringLiteral(", ")) +
           QStringLiteral(" and %1 more").arg(names.size() - max);
}

QString derivations(qsizetype n)
{
    return n == 1 ? QStringLiteral("1 derivation") : QStringLiteral("%1 derivations").arg(n);
}

QString indented(const QString &text, const QString &indent)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    for (QString &l : lines)
        l.prepend(indent);
    return lines.join(QLatin1Char('\n'));
}
} // namespace

QString PredictionText::cost(const StepPrediction &step)
{
    if (!step.ok)
        return QStringLiteral("error");
    if (step.rebuild.empty())
        return QStringLiteral("0 s");
    const int unknown = step.unknownCount();
    if (unknown == static_cast<int>(step.rebuild.size()))
        return QStringLiteral("unknown");
    const QString known = seconds(step.knownCostUs());
    return unknown == 0 ? known : QStringLiteral("≥ %1 (%2 never measured)").arg(known).arg(unknown);
}

QString PredictionText::measuredTime(const PredictedDerivation &d, std::int64_t stepCostUs)
{
    if (!d.measuredUs)
        return QStringLiteral("never measured");
    QString time = seconds(*d.measuredUs);
    if (stepCostUs > 0)
        time += QStringLiteral(" (%1%)").arg(
            qRound(100.0 * static_cast<double>(*d.measuredUs) / static_cast<double>(stepCostUs)));
    return time;
}

QString PredictionText::sideBySide(const Prediction &prediction, const Scenario &scenario)
{
    const QStringList strategies = strategiesOf(prediction);
    const QStringList targets = targetsOf(prediction);
    QString out = padded(QStringLiteral("STEP"), 18) + padded(QStringLiteral("TARGET"), 8);
    for (const QString &s : strategies)
        out += padded(s, 26);
    out += QLatin1Char('\n');
    QStringList sentences;
    for (const auto &step : scenario.steps) {
        for (const QString &target : targets) {
            QString row = padded(step.id, 18) + padded(target, 8);
            bool any = false;
            std::vector<const StepPrediction *> cells;
            for (const QString &s : strategies) {
                const StepPrediction *p = prediction.find(s, step.id, target);
                if (!p) {
                    row += padded(QStringLiteral("—"), 26);
                    continue;
                }
                any = true;
                cells.push_back(p);
                row += padded(p->ok ? QStringLiteral("%1 · %2").arg(p->rebuild.size()).arg(cost(*p))
                                    : QStringLiteral("error"),
                              26);
            }
            if (!any)
                continue;
            out += row.trimmed() + QLatin1Char('\n');
            // Most rebuilds first, as a reader compares them.
            std::stable_sort(cells.begin(), cells.end(),
                             [](const StepPrediction *a, const StepPrediction *b) {
                                 return a->ok && (!b->ok || a->rebuild.size() > b->rebuild.size());
                             });
            QStringList parts;
            for (const StepPrediction *p : cells) {
                const QString count = parts.isEmpty() ? derivations(static_cast<qsizetype>(p->rebuild.size()))
                                                      : QString::number(p->rebuild.size());
                parts << (p->ok ? QStringLiteral("%1 %2%3 (%4)")
                                      .arg(p->strategy,
                                           parts.isEmpty() ? QStringLiteral("rebuilds ") : QString(), count,
                                           cost(*p))
                                : QStringLiteral("%1 cannot be predicted").arg(p->strategy));
            }
            sentences << QStringLiteral("%1%2%3: %4")
                             .arg(step.id, targets.size() > 1 ? QStringLiteral(", ") + target : QString(),
                                  step.description.isEmpty() ? QString()
                                                             : QStringLiteral(" (%1)").arg(step.description),
                                  parts.join(QStringLiteral(", ")));
        }
    }
    return out + QLatin1Char('\n') + sentences.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString PredictionText::details(const Prediction &prediction, const Scenario &scenario)
{
    QString out;
    for (const auto &step : scenario.steps) {
        QString block;
        for (const auto &p : prediction.steps) {
            if (p.step != step.id)
                continue;
            if (!p.ok) {
                block += QStringLiteral("  %1 %2: cannot be predicted:\n%3\n")
                             .arg(p.strategy, p.target, indented(p.error, QStringLiteral("      ")));
                continue;
            }
            block += QStringLiteral("  %1 %2: %3, %4\n")
                         .arg(p.strategy, p.target, derivations(static_cast<qsizetype>(p.rebuild.size())),
                              cost(p));
            const std::int64_t total = p.knownCostUs();
            for (const auto &d : p.rebuild) {
                const QString time = measuredTime(d, total);
                block += QStringLiteral("    %1  %2  %3%4\n")
                             .arg(padded(d.name, 28), padded(d.role, 9), time,
                                  d.sources.isEmpty() ? QString()
                                                      : QStringLiteral("  sources: ") + listed(d.sources, 3));
                if (!d.reasons.isEmpty())
                    block += QStringLiteral("      why: %1\n").arg(d.reasons.join(QStringLiteral("; ")));
            }
        }
        if (!block.isEmpty())
            out += QStringLiteral("%1%2\n").arg(step.id, step.description.isEmpty()
                                                             ? QString()
                                                             : QStringLiteral(" — ") + step.description) +
                   block;
    }
    return out;
}

QString PredictionText::closures(const Prediction &prediction)
{
    QString out;
    QStringList done;
    for (const auto &p : prediction.steps) {
        const QString key = p.strategy + QLatin1Char('/') + p.target;
        if (!p.ok || done.contains(key))
            continue;
        done << key;
        QStringList roles;
        for (const auto &[role, n] : p.closure.roles)
            roles << QStringLiteral("%1 %2").arg(role).arg(n);
        out +=
            QStringLiteral("%1 %2: %3 — the project's %4 (%5; %6 source paths), toolchain and nixpkgs %7\n")
                .arg(p.strategy, p.target, derivations(p.closure.derivations))
                .arg(p.closure.own)
                .arg(roles.join(QStringLiteral(", ")))
                .arg(p.closure.sourcePaths)
                .arg(p.closure.toolchain);
    }
    return out;
}

QString PredictionText::comparison(const PredictionComparison &c)
{
    QString out = padded(QStringLiteral("STEP"), 18) + padded(QStringLiteral("STRATEGY"), 14) +
                  padded(QStringLiteral("TARGET"), 8) + padded(QStringLiteral("PREDICTED"), 11) +
                  padded(QStringLiteral("BUILT"), 7) + padded(QStringLiteral("VERDICT"), 15) +
                  padded(QStringLiteral("PREDICTED TIME"), 26) + padded(QStringLiteral("BUILT TIME"), 15) +
                  QStringLiteral("WALL\n");
    QStringList findings;
    for (const auto &s : c.steps) {
        QString predictedTime =
            s.verdict == StepComparison::Verdict::NotPredicted ? QStringLiteral("—") : seconds(s.predictedUs);
        if (s.unknown > 0)
            predictedTime = s.unknown == s.predicted.size()
                                ? QStringLiteral("unknown")
                                : QStringLiteral("≥ %1 (%2 unknown)").arg(predictedTime).arg(s.unknown);
        out += padded(s.step, 18) + padded(s.strategy, 14) + padded(s.target, 8) +
               padded(QString::number(s.predicted.size()), 11) +
               padded(s.verdict == StepComparison::Verdict::NotRun ? QStringLiteral("—")
                                                                   : QString::number(s.built.size()),
                      7) +
               padded(StepComparison::verdictName(s.verdict), 15) + padded(predictedTime, 26) +
               padded(s.builtUs ? seconds(*s.builtUs) : QStringLiteral("—"), 15) +
               (s.verdict == StepComparison::Verdict::NotRun ? QStringLiteral("—") : seconds(s.wallUs)) +
               QLatin1Char('\n');
        const QString cell = QStringLiteral("%1 %2 %3").arg(s.strategy, s.step, s.target);
        if (!s.missed.isEmpty() && s.verdict != StepComparison::Verdict::BothFailed)
            findings << QStringLiteral("%1: built but not predicted (a finding): %2")
                            .arg(cell, s.missed.join(QStringLiteral(", ")));
        if (!s.unexpected.isEmpty())
            findings << QStringLiteral("%1: predicted but not built: %2")
                            .arg(cell, s.unexpected.join(QStringLiteral(", ")));
        if (!s.note.isEmpty() && !s.agrees())
            findings << QStringLiteral("%1 (%2): %3")
                            .arg(cell, StepComparison::verdictName(s.verdict),
                                 s.note.section(QLatin1Char('\n'), 0, 0));
    }
    out += QStringLiteral("\n%1 of %2 cells agree; %3 differ\n")
               .arg(c.agreeing())
               .arg(c.steps.size())
               .arg(c.differing());
    if (!findings.isEmpty())
        out += findings.join(QLatin1Char('\n')) + QLatin1Char('\n');
    return out;
}

} // namespace flakeoff
