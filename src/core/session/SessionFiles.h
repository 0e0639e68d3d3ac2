// SPDX-License-Identifier: MIT
#pragma once

#include "Session.h"

#include <QDateTime>
#include <QString>

namespace flakeoff {

// Where sessions live on disk and how one moves with its logs. A session is its JSON file plus the
// `<name>.logs/` folder beside it (SessionStore::logFolder): saving it elsewhere copies both, so
// the copy can still be replayed and every number traced to its log.
class SessionFiles
{
public:
    // The folder the app writes new runs to: <flakeoff home>/sessions.
    static QString sessionsDir();
    // A new, unused path in `dir`: "<dir>/2026-11-25_094452-quick.json".
    static QString newSessionPath(const QString &dir, const QString &scenarioName,
                                  const QDateTime &when = QDateTime::currentDateTime());

    // Writes `session` to `toPath` and copies the logs of `fromPath` (may be empty: no logs) beside
    // it. Blocking file I/O: call it off the GUI thread. Refuses to overwrite the source itself.
    static bool saveAs(const Session &session, const QString &fromPath, const QString &toPath,
                       QString *error);
};

} // namespace flakeoff
