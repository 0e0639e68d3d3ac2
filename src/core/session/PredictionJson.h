// SPDX-License-Identifier: MIT
#pragma once

#include "Prediction.h"

#include <nlohmann/json_fwd.hpp>

namespace flakeoff::PredictionJson {

// A prediction as stored in a session file ("prediction" key): durations in µs, null when
// unknown, never 0.
nlohmann::json toJson(const Prediction &prediction);

// Reads what toJson wrote. Returns false, with `error` set, on anything else; never throws.
bool fromJson(const nlohmann::json &j, Prediction &prediction, QString &error);

} // namespace flakeoff::PredictionJson
