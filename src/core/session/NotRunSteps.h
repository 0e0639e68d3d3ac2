// SPDX-License-Identifier: MIT
#pragma once

#include "Session.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace flakeoff {

// A strategy the session skipped, in whole or from a step on: which scenario steps it never ran
// and why.
struct NotRun
{
    QString strategy;
    QStringList steps;  // scenario steps without any run of the strategy, in scenario order
    bool whole = false; // no step ran at all (unavailable here, or its first preparation failed)
    QString error;      // the runner's recorded reason, in full
};

// What a session did not run, said per step: "per-crate: break-eval not run (generate failed)",
// never "per-crate skipped" for a strategy that ran every step before. One wording for the
// reports, the CLI, the replay and the app.
class NotRunSteps
{
public:
    // Every skipped strategy with the steps it did not run, in the session's strategy order.
    static std::vector<NotRun> of(const Session &session);
    // "per-crate: break-eval not run (generate failed)"; for one that ran no step, "crane: not run
    // (needs network access …)". The full error is not in it.
    static QString sentence(const NotRun &n);
    // What stopped it, short: "generate failed" for a failed prepare step, else the error's first
    // clause ("cannot prepare a scratch copy"), else its first line cut.
    static QString cause(const QString &error);
    // sentence() of each, in order.
    static QStringList lines(const Session &session);
    // The same, strategies that missed the same steps for the same cause on one line ("crane,
    // naersk: not run (needs network access …)"): a banner over the charts, four real tools
    // skipped on a machine without a network taking one line, not four.
    static QStringList groupedLines(const Session &session);
};

} // namespace flakeoff
