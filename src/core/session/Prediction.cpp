// SPDX-License-Identifier: MIT
#include "Prediction.h"

#include <algorithm>

namespace flakeoff {

std::int64_t StepPrediction::knownCostUs() const
{
    std::int64_t sum = 0;
    for (const auto &d : rebuild)
        sum += d.measuredUs.value_or(0);
    return sum;
}

int StepPrediction::unknownCount() const
{
    return static_cast<int>(std::count_if(rebuild.begin(), rebuild.end(),
                                          [](const PredictedDerivation &d) { return !d.measuredUs; }));
}

QStringList StepPrediction::rebuildNames() const
{
    QStringList names;
    for (const auto &d : rebuild)
        names << d.name;
    names.sort();
    return names;
}

const StepPrediction *Prediction::find(const QString &strategy, const QString &step,
                                       const QString &target) const
{
    for (const auto &s : steps)
        if (s.strategy == strategy && s.step == step && s.target == target)
            return &s;
    return nullptr;
}

bool Prediction::allOk() const
{
    return std::all_of(steps.begin(), steps.end(), [](const StepPrediction &s) { return s.ok; });
}

} // namespace flakeoff
