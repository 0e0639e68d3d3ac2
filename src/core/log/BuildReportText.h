// SPDX-License-Identifier: MIT
#pragma once

#include "BuildReport.h"

#include <string>
#include <string_view>

namespace flakeoff::BuildReportText {

// A human summary for terminals: headline, one row per derivation, failures with their last
// lines, messages and input problems.
std::string format(const BuildReport &report, bool color = false);

// "1.234 s", "850 ms", "2 min 3.4 s", or "?" when unknown.
std::string duration(const TimeUs &us);

// A phase as a reader names it: "buildPhase" → "build" (Nix's names end in "Phase"; others stay).
std::string phaseName(std::string_view phase);

} // namespace flakeoff::BuildReportText
