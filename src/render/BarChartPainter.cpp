// SPDX-License-Identifier: MIT
#include "BarChartPainter.h"

#include "AxisScale.h"
#include "ChartFrame.h"
#include "ChartPalette.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>

namespace flakeoff {

namespace {
constexpr qreal kLabelAngleDeg = 35; // category labels too long to stand: slanted, not vertical
constexpr int kMaxLabelLines = 2;

// Words of a label, breaking after spaces and hyphens ("bump-dependency" → "bump-", "dependency").
QStringList labelTokens(const QString &text)
{
    QStringList tokens;
    QString cur;
    for (const QChar c : text) {
        if (c == QLatin1Char(' ')) {
            if (!cur.isEmpty())
                tokens.append(cur);
            cur.clear();
            continue;
        }
        cur += c;
        if (c == QLatin1Char('-') || c == QLatin1Char('/') || c == QLatin1Char('_')) {
            tokens.append(cur);
            cur.clear();
        }
    }
    if (!cur.isEmpty())
        tokens.append(cur);
    return tokens;
}

// Greedy line breaking within `width`; empty when a token alone is too wide or more than
// `maxLines` lines are needed (the caller then slants the labels instead).
QStringList wrapLabel(const QString &text, const QFontMetricsF &fm, qreal width, int maxLines)
{
    QStringList lines;
    QString line;
    for (const QString &token : labelTokens(text)) {
        if (fm.horizontalAdvance(token) > width)
            return {};
        const bool joinsWithSpace = !line.isEmpty() && !line.endsWith(QLatin1Char('-')) &&
                                    !line.endsWith(QLatin1Char('/')) && !line.endsWith(QLatin1Char('_'));
        const QString candidate =
            line.isEmpty() ? token : line + (joinsWithSpace ? QStringLiteral(" ") : QString()) + token;
        if (fm.horizontalAdvance(candidate) <= width) {
            line = candidate;
            continue;
        }
        lines.append(line);
        line = token;
    }
    if (!line.isEmpty())
        lines.append(line);
    if (lines.size() > maxLines)
        return {};
    return lines;
}

struct CategoryLabels
{
    bool slanted = false;
    std::vector<QStringList> lines; // per category (horizontal) or one elided line (slanted)
    qreal height = 0;
};

// The value over a bar, level or standing up (rotated, for narrow bars), while it fits under the
// plot's top. Returns the top of what was drawn; nullopt when it does not fit.
std::optional<qreal> paintValueLabel(QPainter &painter, const QString &text, const QFont &font, qreal centreX,
                                     qreal bottom, qreal slotW, qreal ceiling, bool level)
{
    const QFontMetricsF fm(font);
    const qreal length = fm.horizontalAdvance(text);
    if (level) {
        if (length > slotW || bottom - fm.height() < ceiling)
            return std::nullopt;
        painter.setFont(font);
        painter.drawText(QPointF(centreX - length / 2, bottom - fm.descent()), text);
        return bottom - fm.height();
    }
    if (fm.height() > slotW * 1.05 || bottom - length < ceiling)
        return std::nullopt;
    painter.save();
    painter.setFont(font);
    painter.translate(centreX + fm.ascent() / 2 - fm.descent() / 2, bottom);
    painter.rotate(-90);
    painter.drawText(QPointF(0, 0), text);
    painter.restore();
    return bottom - length;
}
} // namespace

BarChartPainter::BarChartPainter(const BarChartData &chart, const ChartStyle &style)
    : m_chart(chart), m_style(style)
{
}

void BarChartPainter::paint(QPainter &painter, const QRectF &rect) const
{
    painter.save();
    const ChartFrame frame(m_style);
    const ChartFrame::Area framed = frame.paintFrame(painter, rect, m_chart.title, m_chart.subtitle);
    const QRectF inner = framed.inner;
    qreal top = framed.top;
    const qreal fpx = m_style.fontPx;
    const qreal lw = m_style.lineScale;

    const int nCat = static_cast<int>(m_chart.categories.size());
    const int nSeries = static_cast<int>(m_chart.series.size());
    auto valueAt = [&](int s, int c) -> const BarValue * {
        const auto &vals = m_chart.series[static_cast<std::size_t>(s)].values;
        if (c >= static_cast<int>(vals.size()) || !vals[static_cast<std::size_t>(c)])
            return nullptr;
        return &*vals[static_cast<std::size_t>(c)];
    };
    // A star means something only when there was a race: two or more bars in the category.
    auto barsIn = [&](int c) {
        int n = 0;
        for (int s = 0; s < nSeries; ++s)
            n += valueAt(s, c) ? 1 : 0;
        return n;
    };
    // A cell without a time stands as a labelled marker: failed (a red cross) wins over cancelled.
    auto placeholderText = [](const BarValue &v) -> QString {
        if (v.value > 0)
            return {};
        return v.failed ? QStringLiteral("failed") : v.cancelled ? QStringLiteral("cancelled") : QString();
    };
    bool anyStar = false, anyWhisker = false, anyFailed = false, anyFailedBar = false, anyCancelled = false,
         anyMissing = false;
    for (int c = 0; c < nCat; ++c)
        for (int s = 0; s < nSeries; ++s) {
            const BarValue *v = valueAt(s, c);
            if (!v) {
                anyMissing = true;
                continue;
            }
            anyStar = anyStar || (v->fastest && barsIn(c) > 1);
            anyWhisker = anyWhisker || (v->low && v->high);
            anyFailed = anyFailed || v->failed;
            anyFailedBar = anyFailedBar || (v->failed && v->value > 0);
            anyCancelled = anyCancelled || (v->cancelled && !v->failed && v->value <= 0);
        }

    const bool empty = m_chart.isEmpty() || nCat == 0;
    std::vector<ChartFrame::LegendItem> legend;
    if (!empty) {
        using Mark = ChartFrame::LegendItem::Mark;
        for (const BarSeries &s : m_chart.series)
            legend.push_back({Mark::Swatch, m_style.seriesColor(s), s.legendName()});
        if (anyStar)
            legend.push_back({Mark::Star, m_style.text, QStringLiteral("fastest")});
        if (anyWhisker)
            legend.push_back({Mark::Whisker, m_style.text, QStringLiteral("min–max of the runs")});
        if (anyFailed)
            legend.push_back(
                {anyFailedBar ? Mark::Hatch : Mark::Cross, m_style.failed, QStringLiteral("a run failed")});
        if (anyCancelled)
            legend.push_back({Mark::DashedOutline, m_style.mutedText, QStringLiteral("runs cancelled")});
        if (anyMissing)
            legend.push_back({Mark::Dash, m_style.mutedText, QStringLiteral("no measurement")});
    }
    top += fpx * 0.6;
    const qreal legendH =
        frame.paintLegend(painter, QRectF(inner.left(), top, inner.width(), inner.height()), legend);
    top += legendH + (legendH > 0 ? fpx * 0.8 : 0);

    if (empty) {
        const QRectF area(inner.left(), top, inner.width(), inner.bottom() - top);
        painter.setPen(QPen(m_style.axis, lw));
        painter.drawLine(QPointF(area.left(), area.bottom()), QPointF(area.right(), area.bottom()));
        frame.paintMessage(painter, area, QStringLiteral("no measurements"), m_style.mutedText);
        painter.restore();
        return;
    }

    const QFont tickFont = m_style.font(0.9);
    const QFont catFont = m_style.font(1.0);
    const QFont valueFont = m_style.font(0.82);
    const QFontMetricsF tickFm(tickFont), catFm(catFont), valueFm(valueFont);
    const QFont axisTitleFont = m_style.font(0.95);
    const QFontMetricsF axisTitleFm(axisTitleFont);

    const qreal axisTitleW = m_chart.valueAxis.isEmpty() ? 0 : axisTitleFm.height() + fpx * 0.5;
    auto tickWidth = [&](const AxisScale &scale) {
        qreal w = 0;
        for (const double t : scale.ticks())
            w = std::max(w, tickFm.horizontalAdvance(scale.label(t)));
        return w + fpx * 0.6;
    };
    auto layoutLabels = [&](qreal groupW) {
        CategoryLabels out;
        int maxLines = 1;
        for (const QString &cat : m_chart.categories) {
            QStringList lines = wrapLabel(cat, catFm, groupW * 0.94, kMaxLabelLines);
            if (lines.isEmpty()) {
                out.slanted = true;
                break;
            }
            maxLines = std::max(maxLines, static_cast<int>(lines.size()));
            out.lines.push_back(lines);
        }
        if (!out.slanted) {
            out.height = maxLines * catFm.height() + fpx * 0.7;
            return out;
        }
        out.lines.clear();
        const qreal a = kLabelAngleDeg * std::numbers::pi / 180;
        const qreal maxLen = std::max(fpx * 4, inner.height() * 0.3 / std::sin(a));
        qreal longest = 0;
        for (const QString &cat : m_chart.categories) {
            const QString t = catFm.elidedText(cat, Qt::ElideRight, maxLen);
            longest = std::max(longest, catFm.horizontalAdvance(t));
            out.lines.push_back({t});
        }
        out.height = longest * std::sin(a) + catFm.height() * std::cos(a) + fpx * 0.7;
        return out;
    };

    // Headroom over the tallest bar for its value label and the fastest star.
    const qreal headroom = valueFm.height() + fpx * 0.5 + (anyStar ? fpx * 1.3 : 0);
    const qreal bottom = inner.bottom();
    auto targetTicks = [&](qreal plotH) { return std::clamp(static_cast<int>(plotH / (fpx * 3.2)), 2, 8); };

    AxisScale scale(m_chart.maxValue(), m_chart.unit, targetTicks((bottom - top) * 0.7));
    qreal plotLeft = inner.left() + axisTitleW + tickWidth(scale);
    CategoryLabels labels = layoutLabels((inner.right() - plotLeft) / nCat);
    QRectF plot(plotLeft, top + headroom, inner.right() - plotLeft, bottom - labels.height - top - headroom);
    const AxisScale finalScale(m_chart.maxValue(), m_chart.unit, targetTicks(plot.height()));
    if (tickWidth(finalScale) != tickWidth(scale)) {
        plotLeft = inner.left() + axisTitleW + tickWidth(finalScale);
        labels = layoutLabels((inner.right() - plotLeft) / nCat);
        plot = QRectF(plotLeft, top + headroom, inner.right() - plotLeft,
                      bottom - labels.height - top - headroom);
    }
    scale = finalScale;
    if (plot.height() < fpx * 2) {
        frame.paintMessage(painter, QRectF(inner.left(), top, inner.width(), bottom - top),
                           QStringLiteral("too small to draw"), m_style.mutedText);
        painter.restore();
        return;
    }
    auto yOf = [&](double v) { return plot.bottom() - scale.fraction(v) * plot.height(); };
    // Value labels may rise into the headroom, up to the legend.
    const qreal labelCeiling = plot.top() - headroom;

    // Grid and ticks.
    painter.setFont(tickFont);
    for (const double t : scale.ticks()) {
        const qreal y = yOf(t);
        if (t > 0) {
            painter.setPen(QPen(m_style.grid, lw));
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        }
        painter.setPen(m_style.mutedText);
        const QString text = scale.label(t);
        painter.drawText(
            QPointF(plot.left() - fpx * 0.5 - tickFm.horizontalAdvance(text), y + tickFm.ascent() * 0.38),
            text);
    }
    if (!m_chart.valueAxis.isEmpty()) {
        painter.save();
        painter.setFont(axisTitleFont);
        painter.setPen(m_style.mutedText);
        painter.translate(inner.left() + axisTitleFm.ascent(), plot.center().y());
        painter.rotate(-90);
        const QString t = axisTitleFm.elidedText(m_chart.valueAxis, Qt::ElideRight, plot.height());
        painter.drawText(QPointF(-axisTitleFm.horizontalAdvance(t) / 2, 0), t);
        painter.restore();
    }

    const qreal groupW = plot.width() / nCat;
    const qreal slotW = std::min(groupW * 0.8 / std::max(1, nSeries), fpx * 7);
    const qreal barW = slotW * 0.86;
    // One orientation for every value label of a chart: level when all fit their bar's slot,
    // otherwise all standing up — a mix reads as noise.
    bool levelLabels = true;
    {
        QFont bold = valueFont;
        bold.setBold(true);
        const QFontMetricsF boldFm(bold);
        for (int s = 0; s < nSeries && levelLabels; ++s)
            for (int c = 0; c < nCat && levelLabels; ++c)
                if (const BarValue *v = valueAt(s, c)) {
                    const QString placeholder = placeholderText(*v);
                    levelLabels =
                        boldFm.horizontalAdvance(placeholder.isEmpty()
                                                     ? ChartDataBuilder::formatValue(v->value, m_chart.unit)
                                                     : placeholder) <= slotW;
                }
    }
    const QColor failedFill =
        ChartPalette::blend(m_style.failed, m_style.background, m_style.isDark() ? 0.3 : 0.14);
    const QColor cancelledFill =
        ChartPalette::blend(m_style.mutedText, m_style.background, m_style.isDark() ? 0.3 : 0.14);

    for (int c = 0; c < nCat; ++c) {
        const qreal cx = plot.left() + groupW * (c + 0.5);
        const qreal groupLeft = cx - slotW * nSeries / 2;
        const bool race = barsIn(c) > 1;
        for (int s = 0; s < nSeries; ++s) {
            const qreal slotX = groupLeft + slotW * s;
            const qreal bx = slotX + (slotW - barW) / 2;
            const qreal bcx = slotX + slotW / 2;
            const BarValue *v = valueAt(s, c);
            if (!v) {
                painter.setFont(valueFont);
                painter.setPen(m_style.mutedText);
                const QString dash = QStringLiteral("—");
                painter.setFont(catFont);
                painter.drawText(QPointF(bcx - catFm.horizontalAdvance(dash) / 2,
                                         plot.bottom() - catFm.descent() - fpx * 0.2),
                                 dash);
                continue;
            }
            const QColor color = m_style.seriesColor(m_chart.series[static_cast<std::size_t>(s)]);
            qreal labelBottom = 0;
            if (const QString placeholder = placeholderText(*v); !placeholder.isEmpty()) {
                // No time at all: a small marker on the axis, labelled, never a bar whose length
                // could be read as a time. A failure is a red cross; cancelled runs a dashed grey
                // square (stopped, not broken).
                const qreal side = std::min(barW, fpx * 1.1);
                const QRectF box(bcx - side / 2, plot.bottom() - side - lw, side, side);
                const QColor mark = v->failed ? m_style.failed : m_style.mutedText;
                painter.fillRect(box, v->failed ? failedFill : cancelledFill);
                QPen outline(mark, 1.2 * lw);
                if (!v->failed)
                    outline.setStyle(Qt::DashLine);
                painter.setPen(outline);
                painter.setBrush(Qt::NoBrush);
                painter.drawRect(box);
                if (v->failed) {
                    const QRectF in = box.adjusted(side * 0.22, side * 0.22, -side * 0.22, -side * 0.22);
                    painter.setPen(QPen(mark, 1.6 * lw));
                    painter.drawLine(in.topLeft(), in.bottomRight());
                    painter.drawLine(in.bottomLeft(), in.topRight());
                }
                painter.setPen(mark);
                labelBottom = paintValueLabel(painter, placeholder, valueFont, bcx, box.top() - fpx * 0.25,
                                              slotW, labelCeiling, levelLabels)
                                  .value_or(box.top());
            } else {
                const qreal y = yOf(v->value);
                // A zero stays visible as a hairline on the axis.
                const qreal h = std::max(plot.bottom() - y, 1.5 * lw);
                const QRectF bar(bx, plot.bottom() - h, barW, h);
                painter.fillRect(bar, color);
                if (v->failed) {
                    ChartFrame::paintHatch(painter, bar, fpx * 0.55, QPen(m_style.failed, 1.1 * lw));
                    painter.setPen(QPen(m_style.failed, 1.2 * lw));
                    painter.setBrush(Qt::NoBrush);
                    painter.drawRect(bar);
                }
                qreal markTop = bar.top();
                if (v->low && v->high) {
                    const qreal yl = yOf(*v->low), yh = yOf(*v->high);
                    const qreal cap = std::max(barW * 0.2, 2.0 * lw);
                    painter.setPen(QPen(m_style.text, 1.3 * lw));
                    painter.drawLine(QPointF(bcx, yl), QPointF(bcx, yh));
                    painter.drawLine(QPointF(bcx - cap, yh), QPointF(bcx + cap, yh));
                    painter.drawLine(QPointF(bcx - cap, yl), QPointF(bcx + cap, yl));
                    markTop = std::min(markTop, yh);
                }
                QFont f = valueFont;
                f.setBold(v->fastest && race);
                painter.setPen(v->failed ? m_style.failed : m_style.text);
                const QString text = ChartDataBuilder::formatValue(v->value, m_chart.unit);
                const auto labelTop = paintValueLabel(painter, text, f, bcx, markTop - fpx * 0.25, slotW,
                                                      labelCeiling, levelLabels);
                labelBottom = labelTop.value_or(markTop - fpx * 0.25);
                const QFontMetricsF fm(f);
                if (!labelTop && !levelLabels && fm.height() <= barW &&
                    fm.horizontalAdvance(text) + fpx * 0.8 <= bar.height()) {
                    // No room above a tall bar: the value stands inside its top, in a colour that reads on
                    // it.
                    painter.save();
                    painter.setFont(f);
                    painter.setPen(ChartPalette::textOn(color));
                    painter.translate(bcx + fm.ascent() / 2 - fm.descent() / 2,
                                      bar.top() + fpx * 0.4 + fm.horizontalAdvance(text));
                    painter.rotate(-90);
                    painter.drawText(QPointF(0, 0), text);
                    painter.restore();
                }
            }
            if (v->fastest && race)
                ChartFrame::paintStar(painter, QPointF(bcx, labelBottom - fpx * 0.55),
                                      std::min(fpx * 0.55, slotW * 0.45), m_style.text);
        }

        // Category label under the group.
        painter.setFont(catFont);
        painter.setPen(m_style.text);
        const auto &lines = labels.lines[static_cast<std::size_t>(c)];
        if (!labels.slanted) {
            qreal y = plot.bottom() + fpx * 0.45 + catFm.ascent();
            for (const QString &line : lines) {
                painter.drawText(QPointF(cx - catFm.horizontalAdvance(line) / 2, y), line);
                y += catFm.height();
            }
        } else {
            painter.save();
            painter.translate(cx, plot.bottom() + fpx * 0.45);
            painter.rotate(-kLabelAngleDeg);
            const QString &t = lines.front();
            painter.drawText(QPointF(-catFm.horizontalAdvance(t), catFm.ascent() * 0.7), t);
            painter.restore();
        }
    }

    painter.setPen(QPen(m_style.axis, 1.2 * lw));
    painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()));
    painter.restore();
}

} // namespace flakeoff
