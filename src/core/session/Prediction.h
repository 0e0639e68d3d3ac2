// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace flakeoff {

// A derivation a scenario step is predicted to build.
struct PredictedDerivation
{
    QString drvPath;
    QString name;
    QString role;        // target | deps | vendor | download | crate | source | project | toolchain
    QString description; // what that role is (the manifest's words)
    QStringList sources; // names of its plain store inputs ("cargo-source"): what it compiles
    QStringList reasons; // why it must build: what changed since the step before
    std::optional<std::int64_t> measuredUs; // its duration in the newest run that built it
    QString measuredIn;                     // where that duration comes from ("<session date>, step <id>")
};

// A target's derivation closure, counted.
struct ClosureSummary
{
    int derivations = 0;
    int own = 0;                  // the project's: its crates, deps, vendoring, source derivations
    int toolchain = 0;            // everything else: toolchain, nixpkgs
    std::map<QString, int> roles; // own derivations by role
    int sourcePaths = 0;          // plain store paths (sources, crate folders) the project's derivations take
};

// One target of one strategy at one scenario step.
struct StepPrediction
{
    QString strategy;
    QString target;
    QString step;
    bool ok = true; // false: the edit, a prepare step or the evaluation failed (see error)
    QString error;  // Nix's own message for an evaluation error
    QString rootDrv;
    ClosureSummary closure;
    std::vector<PredictedDerivation> rebuild; // sorted by name
    std::int64_t evalUs = 0;                  // instantiating the step's targets and reading their closure

    // Sum of the measured durations of the rebuilt derivations that have one.
    std::int64_t knownCostUs() const;
    // Rebuilt derivations never measured: the cost is then a lower bound (or unknown when all are).
    int unknownCount() const;
    QStringList rebuildNames() const; // sorted, repeats kept
};

// A whole prediction: every strategy × step × target, evaluated without building.
struct Prediction
{
    QDateTime date;
    QStringList history; // sessions whose per-derivation times priced it
    std::int64_t elapsedUs = 0;
    std::vector<StepPrediction> steps;  // strategy, then scenario step, then target order
    std::map<QString, QString> skipped; // strategy id → why it could not be predicted here

    const StepPrediction *find(const QString &strategy, const QString &step, const QString &target) const;
    bool allOk() const;
};

} // namespace flakeoff
