// SPDX-License-Identifier: MIT
#include "ChartRenderer.h"

#include "BarChartPainter.h"
#include "TimelinePainter.h"

#include <QBuffer>
#include <QPainter>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>

namespace flakeoff {

namespace {
// Past this a timeline export stops growing: names go, rows get thin (the table has them all).
constexpr int kMaxTimelineHeight = 6000;
constexpr int kMinTimelineHeight = 200;

QSize orDefault(QSize size, const ChartStyle &style)
{
    return size.isEmpty() ? style.defaultSize : size;
}

template <typename Paint>
QByteArray svgOf(QSize size, const QString &title, const QString &description, Paint paint)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(0, 0), size));
    generator.setResolution(96);
    // Qt 6.4 writes these into the SVG unescaped; strategy and derivation names are untrusted.
    generator.setTitle(title.toHtmlEscaped());
    generator.setDescription(description.toHtmlEscaped());
    {
        QPainter painter(&generator);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        paint(painter, QRectF(QPointF(0, 0), QSizeF(size)));
    }
    return buffer.data();
}

template <typename Paint> QImage imageOf(QSize size, qreal ratio, const ChartStyle &style, Paint paint)
{
    ratio = (ratio > 0 && std::isfinite(ratio)) ? ratio : 1.0;
    const QSize pixels(qRound(size.width() * ratio), qRound(size.height() * ratio));
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    if (image.isNull())
        return image; // too large to allocate: the caller sees a null image
    image.setDevicePixelRatio(ratio);
    // 96 dpi at ratio 1, so a viewer shows a slide-sized PNG at its size.
    image.setDotsPerMeterX(qRound(96 * ratio / 0.0254));
    image.setDotsPerMeterY(qRound(96 * ratio / 0.0254));
    image.fill(style.background);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    paint(painter, QRectF(QPointF(0, 0), QSizeF(size)));
    painter.end();
    return image;
}
} // namespace

QByteArray ChartRenderer::toSvg(const BarChartData &chart, QSize size, const ChartStyle &style)
{
    const BarChartPainter painter(chart, style);
    return svgOf(orDefault(size, style), chart.title, chart.subtitle,
                 [&](QPainter &p, const QRectF &r) { painter.paint(p, r); });
}

QByteArray ChartRenderer::toSvg(const TimelineData &timeline, QSize size, const ChartStyle &style)
{
    const TimelinePainter painter(timeline, style);
    return svgOf(size.isEmpty() ? sizeFor(timeline, style) : size, timeline.title, timeline.subtitle,
                 [&](QPainter &p, const QRectF &r) { painter.paint(p, r); });
}

QImage ChartRenderer::toImage(const BarChartData &chart, QSize size, qreal devicePixelRatio,
                              const ChartStyle &style)
{
    const BarChartPainter painter(chart, style);
    return imageOf(orDefault(size, style), devicePixelRatio, style,
                   [&](QPainter &p, const QRectF &r) { painter.paint(p, r); });
}

QImage ChartRenderer::toImage(const TimelineData &timeline, QSize size, qreal devicePixelRatio,
                              const ChartStyle &style)
{
    const TimelinePainter painter(timeline, style);
    return imageOf(size.isEmpty() ? sizeFor(timeline, style) : size, devicePixelRatio, style,
                   [&](QPainter &p, const QRectF &r) { painter.paint(p, r); });
}

QByteArray ChartRenderer::toPng(const QImage &image)
{
    if (image.isNull())
        return {};
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG"))
        return {};
    return bytes;
}

QSize ChartRenderer::sizeFor(const TimelineData &timeline, const ChartStyle &style)
{
    if (style.name == QLatin1String("slides"))
        return style.defaultSize; // a slide is a slide: 16:9 whatever the row count
    const int width = style.defaultSize.width();
    const TimelinePainter painter(timeline, style);
    const int height =
        std::clamp(qRound(painter.preferredHeight(width)), kMinTimelineHeight, kMaxTimelineHeight);
    return {width, height};
}

} // namespace flakeoff
