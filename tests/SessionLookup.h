// SPDX-License-Identifier: MIT
// For live tests that read a runner's session: one measurement, and what its build built.
#pragma once

#include "session/Session.h"

#include <QStringList>

namespace flakeoff::testing {

// The measured (not warm-up) build of `strategy` at `step`, its `repetition`-th run, for `target`
// (any target when empty); null when the session has none.
inline const Measurement *findMeasurement(const Session &s, const QString &strategy, const QString &step,
                                          const QString &target = {}, int repetition = 0)
{
    for (const auto &m : s.measurements)
        if (m.strategy == strategy && m.step == step && (target.isEmpty() || m.target == target) &&
            m.repetition == repetition && !m.warmup)
            return &m;
    return nullptr;
}

// The derivations the build built (status Built), by name, sorted.
inline QStringList builtNames(const Measurement &m)
{
    QStringList names;
    if (m.report)
        for (const auto &b : m.report->builds)
            if (b.status == BuildStatus::Built)
                names << QString::fromStdString(b.name);
    names.sort();
    return names;
}

} // namespace flakeoff::testing
