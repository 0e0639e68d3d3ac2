// SPDX-License-Identifier: MIT
#pragma once

#include "session/Session.h"

#include <QString>

namespace flakeoff {

// A session's report as a paged PDF (A4 landscape), everything vector:
//   page 1   title, workspace, date, status (a failed or cancelled session says so here), and per
//            target a summary table: scenario step × strategy with median wall time, derivations
//            built and the factor against the fastest; the winner of each step in its own column
//   then     the charts of each target (rebuild cost, derivations rebuilt, store cost), drawn with
//            the same painters as the app and the SVG/PNG exports
//   then     per strategy: the derivations each step built (representative run), and its timeline
//   then     when the session holds a prediction: per target a step × strategy table of predicted
//            against built (differing cells in the failure colour), the findings, Nix's messages
//   last     environment: Nix, system, CPU, options, input revisions, skipped strategies
//
//   static bool PdfReport::write(const Session &, const QString &path, QString *error)
class PdfReport
{
public:
    // false with a readable `error` when the file cannot be written.
    static bool write(const Session &session, const QString &path, QString *error);
};

} // namespace flakeoff
