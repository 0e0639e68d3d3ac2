// SPDX-License-Identifier: MIT
#pragma once

#include "log/BuildReport.h"

#include <QString>

// How numbers and names from a build report read in the app: one place, so the table, the detail
// pane and the summary bar agree.
namespace flakeoff::app::Display {

// Shown wherever a time is unknown (never 0, which would be a claim).
QString unknown();

// "1.50" (seconds, two decimals) for table columns whose header carries the unit.
QString seconds(const TimeUs &us);
// "850 ms", "1.503 s", "2 min 3.4 s", or unknown().
QString duration(const TimeUs &us);
// Every digit we have: "1.503112 s", or "unknown".
QString exactSeconds(const TimeUs &us);

QString statusName(BuildStatus status); // "Built", "Failed" …
QString phaseName(const std::string &phase); // "buildPhase" → "build"
QString levelName(int level);          // Nix verbosity: "error", "warning" …

QString qs(const std::string &s); // UTF-8 std::string → QString

} // namespace flakeoff::app::Display
