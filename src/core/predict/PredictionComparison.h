// SPDX-License-Identifier: MIT
#pragma once

#include "session/Prediction.h"

#include <QString>
#include <QStringList>

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <vector>

namespace flakeoff {

struct Session;

// One cell (strategy, step, target): what was predicted against what a real run built.
struct StepComparison
{
    enum class Verdict
    {
        Match,        // the same derivations, by name and count
        Differs,      // see missed / unexpected
        BothFailed,   // the prediction reported an error and the build failed: they agree
        NotPredicted, // measured but the prediction has no such cell, or could not evaluate it
        NotRun,       // predicted but the run has no measurement of it
    };

    QString strategy;
    QString step;
    QString target;
    Verdict verdict = Verdict::NotRun;
    QStringList predicted;               // names, sorted
    QStringList built;                   // names of the derivations the run started building, sorted
    QStringList missed;                  // built but not predicted: a finding
    QStringList unexpected;              // predicted but not built
    std::int64_t predictedUs = 0;        // known part of the predicted cost
    int unknown = 0;                     // predicted derivations without a measured time
    std::optional<std::int64_t> builtUs; // sum of the run's durations of what it built
    std::int64_t wallUs = 0;             // the run's whole build (evaluation included)
    bool buildFailed = false;            // the run's build did not succeed (its count is what it got to)
    QString note;                        // the build's error, or the prediction's

    static QString verdictName(Verdict v);
    bool agrees() const { return verdict == Verdict::Match || verdict == Verdict::BothFailed; }
};

// Predicted rebuild sets against the sets a real run built, matched by derivation name (hashes
// change with every edit's nonce). Uses each cell's first recorded repetition.
class PredictionComparison
{
public:
    static PredictionComparison compare(const Prediction &prediction, const Session &run);

    std::vector<StepComparison> steps;
    int agreeing() const;
    int differing() const; // Differs and NotPredicted: what a reader must look at

    // Cell by cell ("steps"), with the counts of agreeing and differing cells: what
    // `flakeoff-cli predict --compare --json` prints and the JSON report embeds.
    nlohmann::json toJson() const;
};

} // namespace flakeoff
