// SPDX-License-Identifier: MIT
#pragma once

#include "ChartStyle.h"
#include "report/ChartData.h"

#include <QRectF>

class QPainter;

namespace flakeoff {

// Draws a TimelineData as a Gantt chart (cargo --timings style) into a rectangle of any QPainter:
// one row per derivation with its name, a bar from start to end in its status colour, its phases
// as a strip along the bar's bottom edge in each phase's colour (ChartPalette::phaseColor, as in
// the app; named over the strip when wide enough), bars on the critical path outlined, the
// evaluation period shaded, and a time axis. An untimed log draws
// "no timeline: untimed log".
//
// Rows shrink to fit the rectangle (down to a fraction of a pixel for thousands of derivations:
// names are then left out) and never grow past a readable height; use preferredHeight() to size
// an export so every name stays legible.
class TimelinePainter
{
public:
    TimelinePainter(const TimelineData &timeline, const ChartStyle &style);

    void paint(QPainter &painter, const QRectF &rect) const;
    // The height at which every row gets a readable name, for a chart `width` wide.
    qreal preferredHeight(qreal width) const;

private:
    const TimelineData &m_timeline;
    const ChartStyle &m_style;
};

} // namespace flakeoff
