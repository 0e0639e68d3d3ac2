// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace flakeoff {

class SessionSummary;

// A session as CSV (RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a
// comma, a quote, a line break or edge spaces, quotes doubled; UTF-8; a header row first).
//
// Two shapes:
// - Cells (the default): one row per strategy × target × step, in the summary's order, with the
//   statistics of the succeeded runs in seconds (mean_s, stddev_s, median_s, min_s, max_s, user_s,
//   system_s — hyperfine's --export-csv columns), the relative factor to the step's lowest
//   median with its 95% confidence interval (relative_low, relative_high) and the verdict
//   (ReportWording::verdict; fastest = a winner with evidence), derivations built, store sizes in bytes, the
//   raw wall times and derivations built of every succeeded run in repetition order joined by ';' (times_s,
//   built_per_run), and the first error. Statistics of a cell without a succeeded run are empty, never 0 (and
//   stddev_s of a single run is empty: it is undefined).
// - Runs: one row per measurement (warm-ups included, flagged), in the session's order: outcome,
//   exit code, wall and CPU seconds, derivations built/failed, paths substituted, sizes (empty
//   when not measured), the log file, notes and the error.
class CsvReport
{
public:
    enum class Shape
    {
        Cells,
        Runs
    };

    static QByteArray write(const SessionSummary &summary, Shape shape = Shape::Cells);

    static QStringList cellColumns();
    static QStringList runColumns();
    // One RFC 4180 field.
    static QString field(const QString &value);
};

} // namespace flakeoff
