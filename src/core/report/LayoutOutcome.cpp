// SPDX-License-Identifier: MIT
#include "LayoutOutcome.h"

#include "log/BuildReport.h"
#include "session/Session.h"
#include "strategy/StrategyCatalog.h"

#include <algorithm>

namespace flakeoff {

QString LayoutOutcome::sentence() const
{
    QString text =
        QStringLiteral("%1, %2: %3")
            .arg(strategy, target, built ? QStringLiteral("built") : QStringLiteral("failed — ") + cause);
    if (expected && *expected != built)
        text += *expected ? QStringLiteral(" (its manifest expects it to build)")
                          : QStringLiteral(" (its manifest expects it to fail)");
    return text;
}

std::vector<LayoutOutcome> LayoutOutcome::of(const Session &session, const StrategyCatalog *catalog)
{
    std::vector<LayoutOutcome> out;
    bool otherLayout = false;
    for (const Measurement &m : session.measurements) {
        if (m.warmup || m.outcome == Measurement::Outcome::Skipped ||
            m.outcome == Measurement::Outcome::Cancelled)
            continue;
        otherLayout = otherLayout || (!m.layout.isEmpty() && m.layout != QLatin1String("workspace"));
        const bool seen = std::any_of(out.begin(), out.end(), [&m](const LayoutOutcome &o) {
            return o.strategy == m.strategy && o.target == m.target;
        });
        if (seen)
            continue; // the first recorded build says whether it builds at all
        LayoutOutcome o;
        o.strategy = m.strategy;
        o.target = m.target;
        o.layout = m.layout;
        o.built = m.outcome == Measurement::Outcome::Succeeded;
        if (!o.built)
            o.cause = m.failureCause().section(QLatin1Char('\n'), 0, 0).trimmed();
        if (const Strategy *s = catalog ? catalog->find(m.strategy) : nullptr)
            if (const StrategyLayout *l = s->layout(m.layout))
                o.expected = l->expectBuild;
        out.push_back(std::move(o));
    }
    if (!otherLayout)
        return {};
    return out;
}

} // namespace flakeoff
