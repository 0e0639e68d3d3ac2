// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace flakeoff::cli {

// `flakeoff-cli report SESSION [--format html|md|csv|json|pdf|svg|png] [--out PATH]
// [--theme auto|light|dark|slides] [--runs]`: a comparison report of a saved session, written by
// ReportExporter (the app's File › Export report writes the same bytes).
// Text formats go to stdout without --out; PDF goes to <session>.pdf; SVG and PNG write one chart
// into a file named after it (--out rebuild-cost-app.png), else every chart into a folder (--out,
// else <session>-charts/).
// Exit 0 when written, 1 when the session cannot be read or is refused (missing, corrupt, newer
// schema), 2 on a usage error (unknown format or theme, a chart file named after no chart),
// 4 when the output cannot be written, 5 when the charts cannot be drawn (no GUI application).
int report(const QStringList &arguments);

// Whether `arguments` (as report() gets them) ask for a report that draws charts (html, pdf,
// svg, png): such a report needs a QGuiApplication for its fonts.
bool reportDrawsCharts(const QStringList &arguments);

} // namespace flakeoff::cli
