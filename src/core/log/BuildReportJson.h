// SPDX-License-Identifier: MIT
#pragma once

#include "BuildReport.h"

#include <nlohmann/json_fwd.hpp>

namespace flakeoff::BuildReportJson {

// The report as JSON (times in ms with µs precision; unknown times are null, never 0).
// Stable keys: builds[{drv,name,status,duration_ms,phases,log_lines,…}], substitutions, counts,
// messages, malformed_lines, wall_ms, eval_ms.
nlohmann::json toJson(const BuildReport &report);

// Reads what toJson wrote (sessions store reports this way). Returns false, with `error` set,
// on a document that is not such a report; never throws.
bool fromJson(const nlohmann::json &j, BuildReport &report, std::string &error);

} // namespace flakeoff::BuildReportJson
