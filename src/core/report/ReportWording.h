// SPDX-License-Identifier: MIT
#pragma once

#include "SessionSummary.h"
#include "predict/PredictionGrid.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace flakeoff {

// The sentences and plain-text values the text reports share, so the Markdown and HTML reports
// never word the same fact two ways. Everything here is plain text: each exporter escapes it for
// its own format.
class ReportWording
{
public:
    // Empty for a finished session; else one sentence saying plainly that the session failed, was
    // cancelled or never finished, why, and that what follows is what was measured before.
    static QString statusWarning(const SessionSummary &summary);
    // The session's state in one line, the same on the app's Run and Compare pages: empty for a
    // finished run and for one running here (its progress says more); else "The run failed: why",
    // "The run was cancelled: why" ("… before it finished." without a reason), and for a session
    // saved while running that nothing runs any more, that it never finished.
    static QString stateLine(const Session &session, bool runningHere);
    // "Flakeoff report: standard scenario" (the title of every text report)
    static QString title(const Session &session);
    // "3 strategies, targets app and wasm, 7 steps, 2 runs per cell (+1 warm-up)"
    static QString shape(const SessionSummary &summary);

    // Seconds with millisecond precision, for tables whose header names the unit: "12.345".
    static QString seconds(double s);
    // "12.345 ± 0.678" (mean and standard deviation, as hyperfine prints them)
    static QString meanAndStddev(const Statistics &s);
    // hyperfine's "Relative" column: "1.00" for the quickest, else the factor to it with its 95%
    // confidence interval, "2.34 (2.10–2.61)", or the factor alone when a single run allows no
    // interval (never "± 0.00"); "" unset.
    static QString relative(const CellSummary &c);
    // The evidence behind a cell: "fastest", "slower", "not distinguishable (one run each)",
    // "lowest median, not distinguishable (within the noise)", "only one measured"; "" without a time.
    static QString verdict(const CellSummary &c);
    // What the runs of a cell came to: "3", "2 of 3 (1 failed)", "0 of 2 (2 cancelled)".
    static QString runs(const CellSummary &c);
    // A cell without any succeeded run: "failed", "cancelled", "skipped"; empty when it has a time.
    static QString noTime(const CellSummary &c);
    // The first line of an error, cut to maxChars with an ellipsis: errors go in table cells.
    static QString shortError(const QString &error, int maxChars = 160);
    // " in the separate layout" to end a sentence about a run in another layout than the
    // workspace's; empty for the workspace layout (the default, which sentences never name).
    static QString inLayout(const QString &layout);

    // The answer to "which strategy rebuilds this target fastest?": the incremental steps' medians
    // summed per strategy (only strategies with a time in every such step are comparable), then
    // the cold build's winner. Plain sentences; one per line.
    static QString answer(const SessionSummary &summary, const QString &target);

    struct Fact
    {
        QString label;
        QString value;
    };
    // Nix version, system, CPU, host, Flakeoff version, date, repetitions, options, inputs'
    // revisions, workspace, scenario — in that order; unknown values left out.
    static std::vector<Fact> environment(const Session &session);
    // "2026-11-25 12:28:43 UTC"; empty for an unknown date.
    static QString date(const QDateTime &when);
    // What a strategy's builds used: its inputs' words when the session recorded them one by one
    // (local, remote, stand-in), else its recorded revisions line; "none" when neither.
    static QString inputs(const SessionEnvironment &environment, const QString &strategy);
    // "local (the default /nix/store)", "unix:///…/socket (not the default store)"; empty when
    // the session did not record its store.
    static QString nixStore(const SessionEnvironment &environment);
    // The remote builders the run's builds could go to, and that the cold step deletes there too;
    // empty when there were none.
    static QString remoteBuilders(const SessionEnvironment &environment);
    // "extra-experimental-features = nix-command flakes (Flakeoff runs …); substituters = (offline
    // mode …)": what Flakeoff added to the user's Nix configuration; empty when not recorded.
    static QString nixSettingsAdded(const SessionEnvironment &environment);

    // The distinct notes (caveats on numbers: lock waits, paths kept alive, …) of a strategy's
    // measurements, each with where it was first seen: "cold, app, run 1: …".
    static QStringList notes(const Session &session, const QString &strategy);

    // Whether the cell is marked as its step's winner: CellSummary::fastest, which already needs a
    // second strategy with a time in the step (a strategy alone never wins).
    static bool wins(const SessionSummary &summary, const CellSummary &c);

    // A step is incremental unless the scenario says it is the cold build.
    static bool isColdStep(const Session &session, const QString &step);

    // The "Predicted rebuilds" section (a session holding a prediction), in the grid's words.
    // What the prediction is, one sentence a line: "Evaluated without building on <date> in 3.123 s,
    // priced from run.json." (or "…, not priced: no earlier run."), then the agreement with this
    // session's builds or that it built nothing to compare with, then strategies not predicted.
    static QString predictionSummary(const PredictionGrid &grid);
    // One cell of the table: "2 · 971 ms → 2 · 975 ms, ✓ as predicted"; only the prediction
    // ("2 · 971 ms") when the session measured nothing; "…, not run" for a cell it did not measure.
    static QString predictionCell(const PredictionGrid &grid, const PredictionGrid::Cell &cell);
    // A cell a reader must look at: measured and not as predicted (the HTML marks it).
    static bool predictionDiffers(const PredictionGrid::Cell &cell);
    // Said instead of an empty list of findings.
    static QString noFindings(const PredictionGrid &grid);
    // A strategy's predicted rebuild of one step and target: "2 derivations, 1.152 s",
    // "2 derivations, ≥ 500 ms (1 never measured)", "nothing", "cannot predict".
    static QString predictedStep(const StepPrediction &step);
    // A derivation's measured time: "971 ms" or "never measured".
    static QString predictedTime(const PredictedDerivation &d);
    // Why its hash changed: its reasons joined by "; "; "" when none was recorded.
    static QString predictedWhy(const PredictedDerivation &d);
    // The first lines of Nix's error (blank lines dropped, each line right-trimmed), "…" after a
    // cut: error cells show what Nix said, not all of it.
    static QStringList errorLines(const QString &error, int maxLines = 6);
};

} // namespace flakeoff
