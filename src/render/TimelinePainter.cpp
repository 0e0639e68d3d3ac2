// SPDX-License-Identifier: MIT
#include "TimelinePainter.h"

#include "AxisScale.h"
#include "ChartFrame.h"
#include "ChartPalette.h"
#include "log/BuildReportText.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QStringList>

#include <algorithm>
#include <array>
#include <cmath>

namespace flakeoff {

namespace {
// Row height limits, in multiples of the label size: rows never grow into slabs for a three-step
// chain, and names are drawn only while a row can hold them.
constexpr qreal kMaxBarEm = 1.6;
constexpr qreal kSnugRowEm = 1.9;    // the height sizeFor() gives a row of a short timeline
constexpr qreal kComfortRowEm = 1.5; // … and of a long one
constexpr qreal kMinLabelRowEm = 0.85;
// The share of a bar's height its phase strip takes (as in the app's timeline).
constexpr qreal kPhaseStrip = 0.35;

// The words of the app's timeline and the log view (BuildReportText, buildStatusName).
QString phaseLabel(const QString &name)
{
    return QString::fromStdString(BuildReportText::phaseName(name.toStdString()));
}

QString statusLabel(BuildStatus s)
{
    return QString::fromLatin1(buildStatusName(s));
}
} // namespace

TimelinePainter::TimelinePainter(const TimelineData &timeline, const ChartStyle &style)
    : m_timeline(timeline), m_style(style)
{
}

qreal TimelinePainter::preferredHeight(qreal width) const
{
    Q_UNUSED(width);
    const qreal fpx = m_style.fontPx;
    // Title, subtitle, legend (one or two lines), axis, padding.
    const qreal chrome = fpx * 10.5;
    if (!m_timeline.timed || m_timeline.bars.empty())
        return chrome + fpx * 6;
    const auto n = m_timeline.bars.size();
    return chrome + static_cast<qreal>(n) * fpx * (n <= 30 ? kSnugRowEm : kComfortRowEm);
}

void TimelinePainter::paint(QPainter &painter, const QRectF &rect) const
{
    painter.save();
    const ChartFrame frame(m_style);
    const ChartFrame::Area framed = frame.paintFrame(painter, rect, m_timeline.title, m_timeline.subtitle);
    const QRectF inner = framed.inner;
    qreal top = framed.top;
    const qreal fpx = m_style.fontPx;
    const qreal lw = m_style.lineScale;

    if (!m_timeline.timed) {
        frame.paintMessage(painter, QRectF(inner.left(), top, inner.width(), inner.bottom() - top),
                           QStringLiteral("no timeline: untimed log"), m_style.mutedText);
        painter.restore();
        return;
    }
    const auto &bars = m_timeline.bars;
    const int n = static_cast<int>(bars.size());

    using Mark = ChartFrame::LegendItem::Mark;
    std::vector<ChartFrame::LegendItem> legend;
    static constexpr std::array<BuildStatus, 5> kStatuses = {BuildStatus::Built, BuildStatus::Failed,
                                                             BuildStatus::Interrupted, BuildStatus::Running,
                                                             BuildStatus::Waiting};
    bool anyCritical = false;
    QStringList phases; // every phase name that occurs, in stdenv's order
    for (const BuildStatus s : kStatuses)
        if (std::any_of(bars.begin(), bars.end(), [s](const TimelineBar &b) { return b.status == s; }))
            legend.push_back({Mark::Swatch, m_style.statusColor(s), statusLabel(s)});
    for (const auto &b : bars) {
        anyCritical = anyCritical || b.onCriticalPath;
        for (const auto &p : b.phases)
            if (!phases.contains(p.name))
                phases.append(p.name);
    }
    std::stable_sort(phases.begin(), phases.end(), [](const QString &a, const QString &b) {
        return ChartPalette::phaseRank(a) < ChartPalette::phaseRank(b);
    });
    if (anyCritical && n > 1)
        legend.push_back({Mark::Outline, m_style.text, QStringLiteral("critical path")});
    if (m_timeline.evalS > 0)
        legend.push_back({Mark::Shade, m_style.shade, QStringLiteral("evaluation")});
    for (const QString &p : phases)
        legend.push_back(
            {Mark::Swatch, ChartPalette::phaseColor(p), QStringLiteral("%1 phase").arg(phaseLabel(p))});
    top += fpx * 0.6;
    const qreal legendH =
        frame.paintLegend(painter, QRectF(inner.left(), top, inner.width(), inner.height()), legend);
    top += legendH + (legendH > 0 ? fpx * 0.7 : 0);

    if (n == 0) {
        frame.paintMessage(painter, QRectF(inner.left(), top, inner.width(), inner.bottom() - top),
                           QStringLiteral("no derivations were built"), m_style.mutedText);
        painter.restore();
        return;
    }

    const QFont tickFont = m_style.font(0.9);
    const QFontMetricsF tickFm(tickFont);
    const qreal axisH = tickFm.height() + fpx * 0.8;
    const QFont noteFont = m_style.font(0.8);
    const QFontMetricsF noteFm(noteFont);
    // Rows share the whole height (a fixed-size slide has no empty band under the axis); the bars
    // in them stop growing at a readable thickness.
    qreal rowsH = inner.bottom() - top - axisH;
    qreal rowH = rowsH / n;
    const bool named = rowH >= fpx * kMinLabelRowEm;
    if (!named) {
        // Room under the axis for a line saying why there are no names.
        rowsH -= noteFm.height();
        rowH = std::max(rowsH, 1.0) / n;
    }
    // Names shrink with the rows down to 70 % of the label size, then disappear.
    const qreal nameScale = std::min(1.0, rowH / (fpx * 1.3));
    const QFont nameFont = m_style.font(std::max(0.7, nameScale));
    const QFont nameFontBold = m_style.font(std::max(0.7, nameScale), true);
    const QFontMetricsF nameFm(nameFont), nameBoldFm(nameFontBold);

    qreal labelW = 0;
    if (named) {
        for (const auto &b : bars)
            labelW = std::max(labelW, nameBoldFm.horizontalAdvance(b.name));
        labelW = std::min(labelW + fpx * 0.8, inner.width() * 0.3);
    }
    // Room on the right for the duration written after the bar that ends last.
    const qreal durationRoom = named ? QFontMetricsF(m_style.font(std::max(0.7, nameScale * 0.85)))
                                               .horizontalAdvance(QStringLiteral("00.00 s")) +
                                           fpx * 0.4
                                     : 0;
    const QRectF plot(inner.left() + labelW, top, inner.width() - labelW - durationRoom, rowH * n);
    const double total = std::max(m_timeline.totalS, bars.empty() ? 0.0 : bars.back().endS);
    const AxisScale scale(total, ChartUnit::Seconds,
                          std::clamp(static_cast<int>(plot.width() / (fpx * 7)), 2, 12));
    auto xOf = [&](double s) { return plot.left() + scale.fraction(std::max(0.0, s)) * plot.width(); };

    // Evaluation band and the time grid behind the bars.
    if (m_timeline.evalS > 0) {
        const QRectF band(plot.left(), plot.top(), xOf(m_timeline.evalS) - plot.left(), plot.height());
        painter.fillRect(band, m_style.shade);
    }
    painter.setFont(tickFont);
    for (const double t : scale.ticks()) {
        const qreal x = xOf(t);
        painter.setPen(QPen(m_style.grid, lw));
        if (t > 0)
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        painter.setPen(QPen(m_style.axis, lw));
        painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + fpx * 0.3));
        painter.setPen(m_style.mutedText);
        const QString text = scale.label(t);
        const qreal w = tickFm.horizontalAdvance(text);
        const qreal tx = std::clamp(x - w / 2, plot.left() - w / 2, inner.right() - w);
        painter.drawText(QPointF(tx, plot.bottom() + fpx * 0.4 + tickFm.ascent()), text);
    }

    // Only rows inside the clip are drawn: the app scrolls a tall timeline through a small view.
    int firstRow = 0, lastRow = n - 1;
    if (painter.hasClipping()) {
        const QRectF clip = painter.clipBoundingRect();
        if (!clip.isEmpty()) {
            firstRow = std::clamp(static_cast<int>(std::floor((clip.top() - plot.top()) / rowH)), 0, n - 1);
            lastRow = std::clamp(static_cast<int>(std::ceil((clip.bottom() - plot.top()) / rowH)), 0, n - 1);
        }
    }

    const qreal barH = rowH >= 4 ? std::min(rowH * 0.72, fpx * kMaxBarEm) : std::max(rowH, 1.0);
    // Phases are a strip along the bar's bottom edge, so the bar keeps its status colour above it.
    const qreal stripH = barH * kPhaseStrip;
    const QFont phaseFont = m_style.font(0.8);
    const QFontMetricsF phaseFm(phaseFont);
    const bool phaseNames = barH - stripH >= phaseFm.height() * 0.8;
    const QFont durFont = m_style.font(std::max(0.7, nameScale * 0.85));
    const QFontMetricsF durFm(durFont);
    for (int i = firstRow; i <= lastRow; ++i) {
        const TimelineBar &b = bars[static_cast<std::size_t>(i)];
        const qreal rowTop = plot.top() + rowH * i;
        const qreal by = rowTop + (rowH - barH) / 2;
        const qreal x1 = xOf(b.startS);
        const qreal x2 = std::max(xOf(b.endS), x1 + std::min(1.0, 0.5 * lw));
        const QRectF bar(x1, by, x2 - x1, barH);
        const QColor color = m_style.statusColor(b.status);
        painter.fillRect(bar, color);

        // Phases: a strip in each phase's colour, named above it where the segment is wide enough.
        for (const auto &ph : b.phases) {
            const qreal px1 = std::max(x1, xOf(ph.startS));
            const qreal px2 = std::min(x2, xOf(ph.endS));
            if (px2 - px1 < 0.5)
                continue;
            painter.fillRect(QRectF(px1, by + barH - stripH, px2 - px1, stripH),
                             ChartPalette::phaseColor(ph.name));
            if (phaseNames) {
                const QString label = phaseLabel(ph.name);
                const QRectF above(px1, by, px2 - px1, barH - stripH);
                if (phaseFm.horizontalAdvance(label) + fpx * 0.5 <= above.width()) {
                    painter.setFont(phaseFont);
                    painter.setPen(ChartPalette::textOn(color));
                    painter.drawText(above, Qt::AlignCenter, label);
                }
            }
        }
        if (b.onCriticalPath && n > 1) {
            painter.setPen(QPen(m_style.text, (barH >= 4 ? 1.6 : 0.8) * lw));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(bar);
        }
        if (named) {
            const QFont &f = b.onCriticalPath && n > 1 ? nameFontBold : nameFont;
            const QFontMetricsF &fm = b.onCriticalPath && n > 1 ? nameBoldFm : nameFm;
            painter.setFont(f);
            painter.setPen(b.status == BuildStatus::Failed ? m_style.failed : m_style.text);
            const QString name = fm.elidedText(b.name, Qt::ElideRight, labelW - fpx * 0.6);
            painter.drawText(QPointF(inner.left(), rowTop + (rowH - fm.height()) / 2 + fm.ascent()), name);
            // Duration after the bar, or inside its end when the bar reaches the right edge.
            const QString dur = ChartDataBuilder::formatSeconds(std::max(0.0, b.endS - b.startS));
            const qreal dw = durFm.horizontalAdvance(dur);
            painter.setFont(durFont);
            const qreal ty = rowTop + (rowH - durFm.height()) / 2 + durFm.ascent();
            if (x2 + fpx * 0.4 + dw <= plot.right()) {
                painter.setPen(m_style.mutedText);
                painter.drawText(QPointF(x2 + fpx * 0.4, ty), dur);
            } else if (bar.width() >= dw + fpx * 0.8 && b.phases.empty()) {
                painter.setPen(QColor(Qt::white));
                painter.drawText(QPointF(x2 - fpx * 0.4 - dw, ty), dur);
            }
        }
    }
    painter.setPen(QPen(m_style.axis, 1.2 * lw));
    painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()));
    if (!named) {
        painter.setFont(noteFont);
        painter.setPen(m_style.mutedText);
        const QString note = QStringLiteral("%1 derivations: too many rows for names at this size").arg(n);
        painter.drawText(QPointF(inner.left(), plot.bottom() + axisH + noteFm.ascent()), note);
    }
    painter.restore();
}

} // namespace flakeoff
