// SPDX-License-Identifier: MIT
#include "BuildCount.h"

#include <QStringList>

namespace flakeoff {

namespace {
QString builds(int n)
{
    return n == 1 ? QStringLiteral("1 build") : QStringLiteral("%1 builds").arg(n);
}
} // namespace

BuildCount BuildCount::of(const Session &session)
{
    return of(session.measurements);
}

BuildCount BuildCount::of(const std::vector<Measurement> &measurements)
{
    BuildCount c;
    for (const Measurement &m : measurements) {
        ++c.total;
        c.warmups += m.warmup;
        switch (m.outcome) {
        case Measurement::Outcome::Succeeded:
            break;
        case Measurement::Outcome::Failed:
            ++c.failed;
            break;
        case Measurement::Outcome::Cancelled:
            ++c.cancelled;
            break;
        case Measurement::Outcome::Skipped:
            ++c.notAttempted;
            break;
        }
    }
    return c;
}

QString BuildCount::sentence() const
{
    if (total == 0)
        return QStringLiteral("no builds");
    QStringList parts;
    if (warmups > 0)
        parts << (warmups == 1 ? QStringLiteral("1 warm-up") : QStringLiteral("%1 warm-ups").arg(warmups));
    if (failed > 0)
        parts << QStringLiteral("%1 failed").arg(failed);
    if (cancelled > 0)
        parts << QStringLiteral("%1 cancelled").arg(cancelled);
    if (notAttempted > 0)
        parts << QStringLiteral("%1 not attempted").arg(notAttempted);
    return parts.isEmpty() ? builds(total)
                           : QStringLiteral("%1 (%2)").arg(builds(total), parts.join(QStringLiteral(", ")));
}

QString BuildCount::shownOf(int shown) const
{
    return QStringLiteral("%1 of %2").arg(shown).arg(builds(total));
}

} // namespace flakeoff
