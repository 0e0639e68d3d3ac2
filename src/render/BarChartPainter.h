// SPDX-License-Identifier: MIT
#pragma once

#include "ChartStyle.h"
#include "report/ChartData.h"

#include <QRectF>

class QPainter;

namespace flakeoff {

// Draws a BarChartData into a rectangle of any QPainter (widget, image, SVG, PDF): title,
// subtitle, legend, a value axis with nice ticks, one group of bars per category and one bar per
// series in the series' colour, min–max whiskers, a star over the fastest bar, failed cells
// hatched in red with a label, cells whose runs were cancelled as a dashed grey box labelled
// "cancelled", and "—" where a cell has no measurement. Empty data draws the frame with
// "no measurements".
//
// Element contract (tests and SVG consumers rely on it): every present value is painted with
// exactly one fill call in its series' colour (a failed cell without a time: in style.failed
// lightened; a cancelled one: in style.mutedText lightened), and the legend paints one swatch per
// series in the same colour. Whiskers, hatching, outlines and markers are strokes, never fills in
// a series colour.
class BarChartPainter
{
public:
    BarChartPainter(const BarChartData &chart, const ChartStyle &style);

    void paint(QPainter &painter, const QRectF &rect) const;

private:
    const BarChartData &m_chart;
    const ChartStyle &m_style;
};

} // namespace flakeoff
