// SPDX-License-Identifier: MIT
#include "NotRunSteps.h"

#include <QRegularExpression>

#include <algorithm>

namespace flakeoff {

namespace {
// The first line, cut to `maxChars` with an ellipsis.
QString firstLine(const QString &text, int maxChars)
{
    QString first = text.trimmed();
    if (const qsizetype nl = first.indexOf(QLatin1Char('\n')); nl >= 0)
        first = first.left(nl).trimmed();
    return first.size() > maxChars ? first.left(maxChars - 1) + QStringLiteral("…") : first;
}
} // namespace

std::vector<NotRun> NotRunSteps::of(const Session &session)
{
    QStringList order = session.strategies;
    for (const auto &[id, why] : session.skipped)
        if (!order.contains(id))
            order.append(id);
    std::vector<NotRun> out;
    for (const QString &strategy : order) {
        const auto it = session.skipped.find(strategy);
        if (it == session.skipped.end())
            continue;
        NotRun n;
        n.strategy = strategy;
        n.error = it->second;
        bool ranAny = false;
        for (const auto &step : session.scenario.steps) {
            const bool ran = std::any_of(session.measurements.begin(), session.measurements.end(),
                                         [&](const Measurement &m) {
                                             return m.strategy == strategy && m.step == step.id &&
                                                    m.outcome != Measurement::Outcome::Skipped;
                                         });
            ranAny = ranAny || ran;
            if (!ran)
                n.steps.append(step.id);
        }
        n.whole = !ranAny;
        out.push_back(std::move(n));
    }
    return out;
}

QString NotRunSteps::sentence(const NotRun &n)
{
    const QString why = cause(n.error);
    if (n.whole || n.steps.isEmpty())
        return QStringLiteral("%1: not run (%2)").arg(n.strategy, why);
    return QStringLiteral("%1: %2 not run (%3)").arg(n.strategy, n.steps.join(QStringLiteral(", ")), why);
}

QString NotRunSteps::cause(const QString &error)
{
    // A step name may hold spaces: a step run per project is "offline-crates (app)".
    static const QRegularExpression prepare(QStringLiteral("^prepare step (.+?) failed"));
    const QString line = firstLine(error, 100);
    if (const auto m = prepare.match(line); m.hasMatch())
        return QStringLiteral("%1 failed").arg(m.captured(1));
    // "cannot prepare a scratch copy: …" → its first clause, when that says something on its own.
    if (const qsizetype colon = line.indexOf(QStringLiteral(": "));
        colon >= 12 && colon <= 60 && !line.left(colon).contains(QLatin1Char('(')))
        return line.left(colon);
    return line.isEmpty() ? QStringLiteral("no reason recorded") : line;
}

QStringList NotRunSteps::lines(const Session &session)
{
    QStringList out;
    for (const NotRun &n : of(session))
        out << sentence(n);
    return out;
}

QStringList NotRunSteps::groupedLines(const Session &session)
{
    std::vector<NotRun> groups;
    for (const NotRun &n : of(session)) {
        auto same = std::find_if(groups.begin(), groups.end(), [&](const NotRun &g) {
            return g.whole == n.whole && g.steps == n.steps && cause(g.error) == cause(n.error);
        });
        if (same == groups.end())
            groups.push_back(n);
        else
            same->strategy += QStringLiteral(", ") + n.strategy;
    }
    QStringList out;
    for (const NotRun &g : groups)
        out << sentence(g);
    return out;
}

} // namespace flakeoff
