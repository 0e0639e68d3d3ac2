// SPDX-License-Identifier: MIT
#pragma once

#include "ChartStyle.h"
#include "report/ChartData.h"

#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>

namespace flakeoff {

// Charts as files: SVG (vector, for HTML and editing), images (PNG via toPng / QImage::save).
// Same input, same style, same size → byte-identical output (no dates, no random ids).
//
//   QByteArray ChartRenderer::toSvg(const BarChartData &, QSize size = {}, const ChartStyle & = report())
//   QByteArray ChartRenderer::toSvg(const TimelineData &, QSize size = {}, const ChartStyle & = report())
//   QImage ChartRenderer::toImage(const BarChartData &, QSize size = {}, qreal devicePixelRatio = 1, const
//   ChartStyle & = report()) QImage ChartRenderer::toImage(const TimelineData &, QSize size = {}, qreal
//   devicePixelRatio = 1, const ChartStyle & = report()) QByteArray ChartRenderer::toPng(const QImage &)
//   QSize ChartRenderer::sizeFor(const TimelineData &, const ChartStyle &)
//
// `size` is the chart's logical size (SVG user units, image size at ratio 1); an empty size means
// the style's defaultSize (bars) or sizeFor() (timelines: taller with more rows, so names stay
// readable). An image is size × devicePixelRatio pixels and carries that ratio.
class ChartRenderer
{
public:
    static QByteArray toSvg(const BarChartData &chart, QSize size = {},
                            const ChartStyle &style = ChartStyle::report());
    static QByteArray toSvg(const TimelineData &timeline, QSize size = {},
                            const ChartStyle &style = ChartStyle::report());
    static QImage toImage(const BarChartData &chart, QSize size = {}, qreal devicePixelRatio = 1.0,
                          const ChartStyle &style = ChartStyle::report());
    static QImage toImage(const TimelineData &timeline, QSize size = {}, qreal devicePixelRatio = 1.0,
                          const ChartStyle &style = ChartStyle::report());
    // PNG bytes of an image (empty on failure).
    static QByteArray toPng(const QImage &image);
    // The size a timeline export gets by default: the style's width (16:9 kept for slides), and for
    // the other styles a height that gives each row a readable name (capped).
    static QSize sizeFor(const TimelineData &timeline, const ChartStyle &style);
};

} // namespace flakeoff
