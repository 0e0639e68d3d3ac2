// SPDX-License-Identifier: MIT
#include "ChartFrame.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace flakeoff {

ChartFrame::ChartFrame(const ChartStyle &style) : m_style(style) {}

qreal ChartFrame::padding() const
{
    return m_style.fontPx * 1.3;
}

ChartFrame::Area ChartFrame::paintFrame(QPainter &painter, const QRectF &rect, const QString &title,
                                        const QString &subtitle) const
{
    painter.fillRect(rect, m_style.background);
    const qreal pad = padding();
    const QRectF inner = rect.adjusted(pad, pad * 0.9, -pad, -pad * 0.8);
    return {inner, inner.top() + paintHeader(painter, inner, title, subtitle)};
}

qreal ChartFrame::paintHeader(QPainter &painter, const QRectF &rect, const QString &title,
                              const QString &subtitle) const
{
    qreal y = rect.top();
    if (!title.isEmpty()) {
        const QFont f = m_style.font(1.5, true);
        painter.setFont(f);
        painter.setPen(m_style.text);
        const QFontMetricsF fm(f);
        const QString t = fm.elidedText(title, Qt::ElideRight, rect.width());
        painter.drawText(QPointF(rect.left(), y + fm.ascent()), t);
        y += fm.height() + m_style.fontPx * 0.2;
    }
    if (!subtitle.isEmpty()) {
        const QFont f = m_style.font(1.0);
        painter.setFont(f);
        painter.setPen(m_style.mutedText);
        const QFontMetricsF fm(f);
        const QString t = fm.elidedText(subtitle, Qt::ElideRight, rect.width());
        painter.drawText(QPointF(rect.left(), y + fm.ascent()), t);
        y += fm.height();
    }
    return y - rect.top();
}

qreal ChartFrame::legendItemWidth(QPainter &painter, const LegendItem &item) const
{
    Q_UNUSED(painter);
    const QFontMetricsF fm(m_style.font(0.95));
    return m_style.fontPx * 1.5 + fm.horizontalAdvance(item.text);
}

qreal ChartFrame::paintLegend(QPainter &painter, const QRectF &rect,
                              const std::vector<LegendItem> &items) const
{
    if (items.empty())
        return 0;
    const QFont f = m_style.font(0.95);
    const QFontMetricsF fm(f);
    const qreal lineH = fm.height() * 1.35;
    const qreal gap = m_style.fontPx * 1.4;
    const qreal box = m_style.fontPx * 0.95;
    qreal x = rect.left();
    qreal y = rect.top();
    for (const LegendItem &item : items) {
        const qreal w = std::min(legendItemWidth(painter, item), rect.width());
        if (x > rect.left() && x + w > rect.right()) {
            x = rect.left();
            y += lineH;
        }
        const QRectF mark(x, y + (lineH - box) / 2, box, box);
        const qreal lw = m_style.lineScale;
        switch (item.mark) {
        case LegendItem::Mark::Swatch:
            painter.fillRect(mark, item.color);
            break;
        case LegendItem::Mark::Outline:
            painter.setPen(QPen(item.color, 2 * lw));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(mark.adjusted(lw, lw, -lw, -lw));
            break;
        case LegendItem::Mark::Hatch:
            painter.setPen(QPen(item.color, lw));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(mark);
            paintHatch(painter, mark, box / 3.5, QPen(item.color, lw));
            break;
        case LegendItem::Mark::Cross: {
            painter.setPen(QPen(item.color, lw));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(mark);
            const QRectF in = mark.adjusted(box * 0.22, box * 0.22, -box * 0.22, -box * 0.22);
            painter.setPen(QPen(item.color, 1.4 * lw));
            painter.drawLine(in.topLeft(), in.bottomRight());
            painter.drawLine(in.bottomLeft(), in.topRight());
            break;
        }
        case LegendItem::Mark::DashedOutline: {
            QPen pen(item.color, lw);
            pen.setStyle(Qt::DashLine);
            painter.setPen(pen);
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(mark);
            break;
        }
        case LegendItem::Mark::Star:
            paintStar(painter, mark.center(), box * 0.62, item.color);
            break;
        case LegendItem::Mark::Whisker: {
            painter.setPen(QPen(item.color, 1.2 * lw));
            const qreal cx = mark.center().x();
            painter.drawLine(QPointF(cx, mark.top()), QPointF(cx, mark.bottom()));
            painter.drawLine(QPointF(cx - box / 3, mark.top()), QPointF(cx + box / 3, mark.top()));
            painter.drawLine(QPointF(cx - box / 3, mark.bottom()), QPointF(cx + box / 3, mark.bottom()));
            break;
        }
        case LegendItem::Mark::Dash:
            painter.setPen(QPen(item.color, 1.5 * lw));
            painter.drawLine(QPointF(mark.left() + box * 0.15, mark.center().y()),
                             QPointF(mark.right() - box * 0.15, mark.center().y()));
            break;
        case LegendItem::Mark::Shade:
            painter.setPen(QPen(m_style.axis, 0.8 * lw));
            painter.setBrush(item.color);
            painter.drawRect(mark);
            painter.setBrush(Qt::NoBrush);
            break;
        }
        painter.setFont(f);
        painter.setPen(m_style.text);
        const qreal textX = x + box + m_style.fontPx * 0.45;
        const QString t = fm.elidedText(item.text, Qt::ElideRight, rect.right() - textX);
        painter.drawText(QPointF(textX, y + (lineH - fm.height()) / 2 + fm.ascent()), t);
        x += w + gap;
    }
    return y + lineH - rect.top();
}

void ChartFrame::paintMessage(QPainter &painter, const QRectF &rect, const QString &message,
                              const QColor &color) const
{
    painter.setFont(m_style.font(1.25));
    painter.setPen(color);
    painter.drawText(rect, Qt::AlignCenter | Qt::TextWordWrap, message);
}

void ChartFrame::paintHatch(QPainter &painter, const QRectF &rect, qreal spacing, const QPen &pen)
{
    if (rect.width() <= 0 || rect.height() <= 0 || spacing <= 0)
        return;
    painter.setPen(pen);
    // Lines x + y = k (rising to the right on screen), cut to the rectangle.
    const qreal first = rect.left() + rect.top() + spacing / 2;
    const qreal last = rect.right() + rect.bottom();
    for (qreal k = first; k < last; k += spacing) {
        const qreal x1 = std::max(rect.left(), k - rect.bottom());
        const qreal x2 = std::min(rect.right(), k - rect.top());
        if (x2 > x1)
            painter.drawLine(QPointF(x1, k - x1), QPointF(x2, k - x2));
    }
}

void ChartFrame::paintStar(QPainter &painter, const QPointF &centre, qreal radius, const QColor &color)
{
    // A drawn five-pointed star rather than "★": no dependency on a font having the glyph.
    QPolygonF star;
    for (int i = 0; i < 10; ++i) {
        const qreal r = (i % 2 == 0) ? radius : radius * 0.45;
        const qreal a = -std::numbers::pi / 2 + i * std::numbers::pi / 5;
        star << QPointF(centre.x() + r * std::cos(a), centre.y() + r * std::sin(a));
    }
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawPolygon(star);
    painter.setBrush(Qt::NoBrush);
}

} // namespace flakeoff
