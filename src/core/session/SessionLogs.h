// SPDX-License-Identifier: MIT
#pragma once

#include "Session.h"

#include <QString>

#include <cstddef>
#include <vector>

namespace flakeoff {

// A session's builds as the app's Log page offers them: each measurement with where its saved log
// is, or why it has none, in scenario step order (then in the order they ran: strategy, target,
// warm-ups, runs), named "edit-leaf · per-crate · app · run 1".
class SessionLogs
{
public:
    struct Entry
    {
        std::size_t measurement = 0; // index into Session::measurements
        QString label;               // "edit-leaf · per-crate · app · run 1 — failed"
        QString logPath;             // the saved log; empty when the build has none
        QString noLog;               // why it has none, one sentence; empty when it has one
    };

    // `logFolder`: SessionStore::logFolder of the session's file; empty for a session without one
    // (then no build has a log to show).
    static std::vector<Entry> of(const Session &session, const QString &logFolder);
    // The entry a reader opens the Log page for: the first failed build, else the first measured
    // (not warm-up, not skipped) build of the first step; else the first entry; -1 when none.
    static int firstOfInterest(const Session &session, const std::vector<Entry> &entries);
    // "cold · per-crate · app · warm-up 1", with " — failed" (skipped, cancelled) when it did not
    // succeed.
    static QString label(const Measurement &m);
};

} // namespace flakeoff
