// SPDX-License-Identifier: MIT
#pragma once

#include "log/BuildReport.h"

#include <QColor>
#include <QString>

namespace flakeoff {

// The colours every view and exported chart uses, so a "failed" bar in a PDF report has the same
// red as the failed row in the app. Chosen to stay readable as text on a light background and to
// stay apart for colour-blind readers (series colours follow Okabe and Ito's palette).
class ChartPalette
{
public:
    static QColor statusColor(BuildStatus status);
    // A strategy's own colour, the same in every session and export (core's StrategyColors).
    static QColor strategyColor(const QString &strategyId);
    // Muted text for captions, units and unknown values.
    static QColor mutedText();
    // Warnings about the data itself (untimed captures, malformed lines).
    static QColor warningText();

    // A build phase's own colour ("buildPhase"), the same in every timeline, on screen and in an
    // export, so a legend can name it; phases stdenv does not know share one grey.
    static QColor phaseColor(const QString &phase);
    // Where a phase stands in the order stdenv runs them (unpack first); unknown phases last.
    static int phaseRank(const QString &phase);

    // `color` at `strength` over `background` (1 = the colour itself, 0 = the background).
    static QColor blend(const QColor &color, const QColor &background, qreal strength);
    // Near-black or white, whichever reads better as text on `fill`.
    static QColor textOn(const QColor &fill);
};

} // namespace flakeoff
