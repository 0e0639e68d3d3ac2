// SPDX-License-Identifier: MIT
#pragma once

#include "log/BuildReport.h"

#include <QColor>

namespace flakeoff {

// The colours every view and exported chart uses, so a "failed" bar in a PDF report has the same
// red as the failed row in the app. Chosen to stay readable as text on a light background and to
// stay apart for colour-blind readers (series colours follow Okabe and Ito's palette).
class ChartPalette
{
public:
    static QColor statusColor(BuildStatus status);
    // A strategy or series by index; wraps around after seriesCount() colours.
    static QColor seriesColor(int index);
    static int seriesCount();
    // Muted text for captions, units and unknown values.
    static QColor mutedText();
    // Warnings about the data itself (untimed captures, malformed lines).
    static QColor warningText();
};

} // namespace flakeoff
