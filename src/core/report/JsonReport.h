// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>

namespace flakeoff {

class SessionSummary;

// A session as JSON in the shape of hyperfine's --export-json, so its plotting scripts read it:
//
//   {"results": [{"command": "<strategy> <target> <step>", "mean", "stddev", "median", "user",
//                 "system", "min", "max", "times": [...], "exit_codes": [...],
//                 "parameters": {"strategy", "target", "step"}, …Flakeoff's fields…}, …],
//    "results_without_time": [ same shape, statistics null, for cells none of whose runs succeeded ],
//    "session": {…}, "environment": {…},
//    "prediction": {…}   only when the session holds one: the prediction as the session stores it
//                        (durations in µs, "_us"), plus "comparison" (what `flakeoff-cli predict
//                        --compare --json` prints), "agreement" (a sentence, "" when nothing was
//                        measured) and "findings" (one line each),
//    "format": "flakeoff-report", "version": 1}
//
// Seconds throughout, rounded to the microsecond the measurements have. The statistics and "times"
// cover the succeeded runs (repetition order) — a failed build's time is not a rebuild cost;
// "exit_codes" has the code of every run that exited, failed ones included (a failed cell's is not
// empty: its build exited 1); every run is under "measurements". Cells
// without any succeeded run are kept apart so scripts that expect numbers never meet a null.
// Flakeoff's fields: strategy, layout, target, step, step_description, runs, succeeded, failed,
// cancelled, relative, relative_stddev, fastest (a winner with evidence), quickest (the lowest
// median), comparison {ratio, low, high, confidence, verdict, why} (against the step's quickest, or
// for the quickest against the next one; null when alone), warnings, built {median, min, max},
// built_per_run, sizes (bytes; null = not measured), error, measurements. "session" lists
// "skipped" (strategy → the runner's reason) and "not_run": per skipped strategy the steps it never
// ran, whether it ran none ("whole"), the short "cause" ("generate failed"), the sentence the other
// reports print ("text") and the full "error".
class JsonReport
{
public:
    static QByteArray write(const SessionSummary &summary);
};

} // namespace flakeoff
