// SPDX-License-Identifier: MIT
#include "BuildHistory.h"

#include "session/Session.h"

namespace flakeoff {

namespace {
QString nameKey(const QString &strategy, const QString &name)
{
    return strategy + QLatin1Char('\n') + name;
}
} // namespace

void BuildHistory::keepNewest(QHash<QString, Entry> &map, const QString &key, const Entry &e)
{
    const auto it = map.find(key);
    // Later measurements win ties: a session lists them in the order they ran.
    if (it == map.end() || !(e.when < it->when))
        map.insert(key, e);
}

void BuildHistory::add(const Session &session, const QString &label)
{
    for (const auto &m : session.measurements) {
        if (!m.report)
            continue;
        for (const auto &b : m.report->builds) {
            const auto duration = b.durationUs();
            if (b.status != BuildStatus::Built || !duration)
                continue;
            Entry e;
            e.durationUs = *duration;
            e.when = m.startedAt;
            e.where = QStringLiteral("%1, %2 %3 %4").arg(label, m.strategy, m.step, m.target);
            keepNewest(m_byName, nameKey(m.strategy, QString::fromStdString(b.name)), e);
            keepNewest(m_byPath, QString::fromStdString(b.drvPath), e);
        }
    }
}

std::optional<BuildHistory::Entry> BuildHistory::lookup(const QString &strategy, const QString &drvPath,
                                                        const QString &name) const
{
    if (const auto it = m_byPath.constFind(drvPath); it != m_byPath.constEnd())
        return *it;
    if (const auto it = m_byName.constFind(nameKey(strategy, name)); it != m_byName.constEnd())
        return *it;
    return std::nullopt;
}

void BuildHistory::price(StepPrediction &step) const
{
    for (auto &d : step.rebuild) {
        const auto e = lookup(step.strategy, d.drvPath, d.name);
        d.measuredUs = e ? std::optional<std::int64_t>(e->durationUs) : std::nullopt;
        d.measuredIn = e ? e->where : QString();
    }
}

void BuildHistory::price(Prediction &prediction) const
{
    for (auto &s : prediction.steps)
        price(s);
}

} // namespace flakeoff
