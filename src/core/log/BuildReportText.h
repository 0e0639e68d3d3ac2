// SPDX-License-Identifier: MIT
#pragma once

#include "BuildReport.h"

#include <string>

namespace flakeoff::BuildReportText {

// A human summary for terminals: headline, one row per derivation, failures with their last
// lines, messages and input problems.
std::string format(const BuildReport &report, bool color = false);

// "1.234 s", "850 ms", "2 min 3.4 s", or "?" when unknown.
std::string duration(const TimeUs &us);

} // namespace flakeoff::BuildReportText
