// SPDX-License-Identifier: MIT
#pragma once

#include "session/Scenario.h"

#include <QString>
#include <QStringList>

namespace flakeoff {

// What to predict: as a run request, without repetitions (evaluation gives one answer).
struct PredictRequest
{
    QString workspace;      // the user's workspace (only read)
    QStringList strategies; // strategy ids
    QStringList targets;    // empty: every target the strategy has
    Scenario scenario;
    QString layout = QStringLiteral("workspace");
    bool tryUnavailable = false; // predict strategies that declare needs this machine lacks
    bool forceOffline = false;   // local inputs even with a network (strategies with offline overrides)
    bool keepScratch = false;
    int parallel = 0; // strategies evaluated at once; 0: one per core
};

} // namespace flakeoff
