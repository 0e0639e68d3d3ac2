// SPDX-License-Identifier: MIT
#include "SessionLogs.h"

#include <QStringList>

#include <algorithm>

namespace flakeoff {

namespace {
// Why a measurement has no log to show, in one sentence.
QString noLogReason(const Measurement &m, const QString &logFolder)
{
    if (m.outcome == Measurement::Outcome::Skipped) {
        const QString why = m.error.section(QLatin1Char('\n'), 0, 0).trimmed();
        return why.isEmpty()
                   ? QStringLiteral("No log: this build was skipped, so Nix never ran.")
                   : QStringLiteral("No log: this build was skipped (%1), so Nix never ran.").arg(why);
    }
    if (m.logFile.isEmpty())
        return QStringLiteral("No log: none was recorded for this build.");
    if (logFolder.isEmpty())
        return QStringLiteral("No log: this session has no file yet, so its logs have no folder.");
    return {};
}
} // namespace

QString SessionLogs::label(const Measurement &m)
{
    QStringList parts;
    for (const QString &part : {m.step, m.strategy, m.target})
        if (!part.isEmpty())
            parts << part;
    parts << (m.warmup ? QStringLiteral("warm-up %1") : QStringLiteral("run %1")).arg(m.repetition + 1);
    QString text = parts.join(QStringLiteral(" · "));
    if (m.outcome != Measurement::Outcome::Succeeded)
        text += QStringLiteral(" — ") + Measurement::outcomeName(m.outcome);
    return text;
}

std::vector<SessionLogs::Entry> SessionLogs::of(const Session &session, const QString &logFolder)
{
    const auto stepIndex = [&session](const QString &step) {
        const auto &steps = session.scenario.steps;
        const auto it =
            std::find_if(steps.begin(), steps.end(), [&step](const ScenarioStep &s) { return s.id == step; });
        return static_cast<std::size_t>(it - steps.begin()); // a step the scenario lacks goes last
    };
    std::vector<std::size_t> order(session.measurements.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return stepIndex(session.measurements[a].step) < stepIndex(session.measurements[b].step);
    });
    std::vector<Entry> entries;
    entries.reserve(order.size());
    for (std::size_t i : order) {
        const Measurement &m = session.measurements[i];
        Entry e;
        e.measurement = i;
        e.label = label(m);
        e.noLog = noLogReason(m, logFolder);
        if (e.noLog.isEmpty())
            e.logPath = logFolder + QLatin1Char('/') + m.logFile;
        entries.push_back(std::move(e));
    }
    return entries;
}

int SessionLogs::firstOfInterest(const Session &session, const std::vector<Entry> &entries)
{
    const auto first = [&](auto wanted) {
        const auto it = std::find_if(entries.begin(), entries.end(), [&](const Entry &e) {
            return wanted(session.measurements[e.measurement]);
        });
        return it == entries.end() ? -1 : static_cast<int>(it - entries.begin());
    };
    if (const int failed =
            first([](const Measurement &m) { return m.outcome == Measurement::Outcome::Failed; });
        failed >= 0)
        return failed;
    if (const int measured = first(
            [](const Measurement &m) { return !m.warmup && m.outcome != Measurement::Outcome::Skipped; });
        measured >= 0)
        return measured;
    return entries.empty() ? -1 : 0;
}

} // namespace flakeoff
