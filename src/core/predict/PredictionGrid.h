// SPDX-License-Identifier: MIT
#pragma once

#include "PredictionComparison.h"
#include "session/Prediction.h"
#include "session/Scenario.h"

#include <QString>
#include <QStringList>

#include <map>
#include <optional>

namespace flakeoff {

struct Session;

// A session's prediction laid out as the reader compares it: per target, one row per scenario
// step and one column per strategy, each cell the prediction and — when the session also measured
// that cell — what the run built. The one model behind the report's "Predicted rebuilds" section and
// the app's prediction view, so both say the same thing in the same words. Points into the session:
// keep the session alive (and unchanged) while the grid is used.
class PredictionGrid
{
public:
    struct Cell
    {
        const StepPrediction *prediction = nullptr; // null: the prediction has no such cell
        std::optional<StepComparison> comparison;   // set when the session measured it or predicted it

        bool measured() const; // the run built it (the comparison has a build)
        bool finding() const;  // a real rebuild the prediction missed, or a cell it could not predict
    };

    // Empty when the session holds no prediction. The comparison is against the session's own
    // measurements (first recorded repetition of each cell).
    static PredictionGrid of(const Session &session);

    bool isEmpty() const { return m_prediction == nullptr; }
    const Prediction *prediction() const { return m_prediction; }
    const PredictionComparison &comparison() const { return m_comparison; }
    bool hasMeasurements() const { return m_measured > 0; }

    QStringList strategies() const { return m_strategies; } // the session's order
    QStringList steps() const { return m_steps; }           // the scenario's order
    QStringList targets() const { return m_targets; }
    QString stepDescription(const QString &step) const;

    // Null when neither the prediction nor the run has this cell.
    const Cell *cell(const QString &strategy, const QString &step, const QString &target) const;

    // Words shared by the report and the app.
    // "2 · 1.4 s", "0", "2 · unknown", "cannot predict", "—".
    static QString predictedText(const Cell &cell);
    // "2 · 1.5 s", "—" when not measured, "failed · 2" when the build failed.
    static QString builtText(const Cell &cell);
    // "✓ as predicted", "✗ 1 missed, 1 not built", "not predicted", "not run", "both failed".
    static QString verdictText(const Cell &cell);
    // "12 of 12 measured cells as predicted" / "11 of 12 … ; 1 differs"; "" without measurements.
    QString agreementText() const;
    // One line per finding, for the report's list: "deps-split · edit-shared · app: built but not
    // predicted: shared-0.1.0".
    QStringList findings() const;

private:
    const Prediction *m_prediction = nullptr;
    PredictionComparison m_comparison;
    const Scenario *m_scenario = nullptr;
    QStringList m_strategies;
    QStringList m_steps;
    QStringList m_targets;
    std::map<QString, Cell> m_cells; // key "strategy\nstep\ntarget"
    int m_measured = 0;
};

} // namespace flakeoff
