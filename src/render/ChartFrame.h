// SPDX-License-Identifier: MIT
#pragma once

#include "ChartStyle.h"

#include <QColor>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <vector>

class QPainter;
class QPen;

namespace flakeoff {

// The parts every chart shares, drawn the same way for bars and timelines: background, title and
// subtitle, a legend that wraps onto more lines, a centred message for charts without data, and
// the marks (hatching, star) that must look alike wherever they appear.
class ChartFrame
{
public:
    struct LegendItem
    {
        enum class Mark
        {
            Swatch,
            Outline,
            Hatch,
            Cross, // a failed cell without a time: a boxed cross
            DashedOutline,
            Star,
            Whisker,
            Shade,
            Dash
        };
        Mark mark = Mark::Swatch;
        QColor color;
        QString text;
    };

    // Where a chart's content goes: `inner` is the chart inside its margins, `top` the first y
    // under the title and subtitle.
    struct Area
    {
        QRectF inner;
        qreal top = 0;
    };

    explicit ChartFrame(const ChartStyle &style);

    // The start of every chart: the background over `rect`, then the title and subtitle inside
    // the margins (elided to their width).
    Area paintFrame(QPainter &painter, const QRectF &rect, const QString &title,
                    const QString &subtitle) const;
    // Items flow left to right and wrap; returns the height used (0 without items).
    qreal paintLegend(QPainter &painter, const QRectF &rect, const std::vector<LegendItem> &items) const;
    void paintMessage(QPainter &painter, const QRectF &rect, const QString &message,
                      const QColor &color) const;

    // 45° lines across `rect`, computed (not a pattern brush) so SVG and PDF keep them as lines.
    static void paintHatch(QPainter &painter, const QRectF &rect, qreal spacing, const QPen &pen);
    static void paintStar(QPainter &painter, const QPointF &centre, qreal radius, const QColor &color);

private:
    // Margin between the chart's edge and its content.
    qreal padding() const;
    // Title and subtitle at the top of `rect`; returns the height used.
    qreal paintHeader(QPainter &painter, const QRectF &rect, const QString &title,
                      const QString &subtitle) const;
    qreal legendItemWidth(QPainter &painter, const LegendItem &item) const;

    const ChartStyle &m_style;
};

} // namespace flakeoff
