// SPDX-License-Identifier: MIT
#pragma once

#include "PredictionComparison.h"
#include "session/Prediction.h"

#include <QString>

namespace flakeoff {

class Scenario;

// Plain-text views of a prediction for terminals (flakeoff-cli predict, the benchmark).
class PredictionText
{
public:
    // "2.4 s"; "≥ 1.2 s (1 never measured)"; "unknown" when nothing to rebuild was ever measured;
    // "0 s" when nothing rebuilds.
    static QString cost(const StepPrediction &step);
    // A rebuilt derivation's measured time and its share of the step's known cost: "956 ms (99%)";
    // without the share when `stepCostUs` is 0; "never measured" when it has no time.
    static QString measuredTime(const PredictedDerivation &d, std::int64_t stepCostUs);

    // One row per step and target, one column per strategy ("2 · 1.4 s"), then a sentence per
    // step: "edit-shared (…): per-crate rebuilds 2 derivations, deps-split 1, monolithic 1".
    static QString sideBySide(const Prediction &prediction, const Scenario &scenario);

    // Per step and strategy, each derivation to rebuild: its role, sources, measured time and
    // share of the step's cost, and why its hash changed. Errors with Nix's message.
    static QString details(const Prediction &prediction, const Scenario &scenario);

    // What each strategy's closure holds, at its first evaluated step.
    static QString closures(const Prediction &prediction);

    // Predicted against built, per cell; differences listed (a rebuild the prediction missed is
    // a finding).
    static QString comparison(const PredictionComparison &comparison);
};

} // namespace flakeoff
