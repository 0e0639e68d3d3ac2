// SPDX-License-Identifier: MIT
// Test helper: the runs of one cell from a spec like "succeeded|cancelled|failed", each made by
// the test's own measurement factory and given that outcome with the error a real run records.
#pragma once

#include "session/Session.h"

#include <QString>

#include <functional>

namespace flakeoff::test {

inline void addOutcomeRuns(Session &session, const QString &outcomes,
                           const std::function<Measurement(int repetition)> &make)
{
    int repetition = 0;
    for (const QString &name : outcomes.split(QLatin1Char('|'), Qt::SkipEmptyParts)) {
        Measurement m = make(repetition++);
        m.outcome = Measurement::outcomeFromName(name).value_or(Measurement::Outcome::Succeeded);
        if (m.outcome == Measurement::Outcome::Failed)
            m.error = QStringLiteral("builder for 'app.drv' failed with exit code 1");
        else if (m.outcome == Measurement::Outcome::Cancelled)
            m.error = QStringLiteral("cancelled by the user");
        session.measurements.push_back(std::move(m));
    }
}

} // namespace flakeoff::test
