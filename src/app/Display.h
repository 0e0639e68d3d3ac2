// SPDX-License-Identifier: MIT
#pragma once

#include "log/BuildReport.h"

#include <QColor>
#include <QString>
#include <QVariant>

class QWidget;

// How numbers and names from a build report read in the app: one place, so the table, the detail
// pane and the summary bar agree.
namespace flakeoff::app::Display {

// Shown wherever a time is unknown (never 0, which would be a claim).
QString unknown();

// "1.50" (seconds, two decimals) for table columns whose header carries the unit.
QString seconds(const TimeUs &us);
// "850 ms", "1.503 s", "2 min 3.4 s", or unknown().
QString duration(const TimeUs &us);
// Every digit we have: "1.503112 s", or "unknown".
QString exactSeconds(const TimeUs &us);

QString statusName(BuildStatus status);      // "Built", "Failed" …
QString phaseName(const std::string &phase); // "buildPhase" → "build"
QString levelName(int level);                // Nix verbosity: "error", "warning" …
QString buildCount(qint64 n);                // "1 build", "7 builds"

QString qs(const std::string &s); // UTF-8 std::string → QString

// For messages about files: "…/logs/build.flog" → "build.flog".
QString fileName(const QString &path);
// Readers' and loaders' reasons start lower-case to read well after a prefix; alone, they start a sentence.
QString capitalized(QString text);

// A sort proxy's lessThan on its sort role's values: strings by `cs`, anything else by
// QVariant::compare, and unknown (invalid) values last in either order — the view reverses
// lessThan for descending sorts, so "last" is "greatest" ascending and "least" descending.
// Equal unknowns are not less: a stable sort keeps the source order.
bool sortsBefore(const QVariant &left, const QVariant &right, Qt::SortOrder order, Qt::CaseSensitivity cs);

// Colours a label's (or any widget's) text through its palette, so rich text is not needed.
void setTextColor(QWidget *widget, const QColor &color);
// Scales a widget's font relative to the application font, for a type hierarchy without style sheets.
void setFontScale(QWidget *widget, qreal scale, bool bold);

} // namespace flakeoff::app::Display
