// SPDX-License-Identifier: MIT
#include "RebuildCostPanels.h"

#include "ChartPalette.h"

#include <QEvent>
#include <QFontMetricsF>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QResizeEvent>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace flakeoff::app {

namespace {
// Proportions in label heights: a row of bars, a panel's title, the padding and the gap between
// panels. A bar gets at least kMinBarLines label heights of length, or the panels take another row.
constexpr double kRowLines = 1.5;
constexpr double kTitleLines = 1.6;
constexpr double kPadLines = 0.5;
constexpr double kGapLines = 0.8;
constexpr double kMinBarLines = 3;
constexpr double kMaxRowLines = 4;     // rows grow into spare height up to this
constexpr double kMaxBarLines = 1.8;   // and their bars up to this thick
constexpr double kBarThickness = 0.62; // of a row
} // namespace

RebuildCostPanels::RebuildCostPanels(QWidget *parent) : QWidget(parent), m_style(ChartStyle::report())
{
    setObjectName(QStringLiteral("rebuildCostPanels"));
    setAccessibleName(QStringLiteral("Rebuild cost per step, one panel per step"));
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    setMouseTracking(false);
}

void RebuildCostPanels::setData(BarChartData data, const QString &note)
{
    m_data = std::move(data);
    m_note = note;
    if (m_note.isEmpty() && m_data.isEmpty())
        m_note = QStringLiteral("Nothing has been measured for this chart yet.");
    if (m_current >= static_cast<int>(m_data.categories.size()))
        m_current = -1;
    m_layout = layoutFor(width(), height());
    updateGeometry();
    update();
}

void RebuildCostPanels::setDark(bool dark)
{
    m_style = dark ? ChartStyle::dark() : ChartStyle::report();
    update();
}

void RebuildCostPanels::setCurrentStep(int category)
{
    m_current = category >= 0 && category < static_cast<int>(m_data.categories.size()) ? category : -1;
    update();
}

QFont RebuildCostPanels::labelFont(bool bold) const
{
    QFont f = font();
    f.setBold(bold);
    return f;
}

QFont RebuildCostPanels::titleFont() const
{
    QFont f = font();
    f.setBold(true);
    if (f.pointSizeF() > 0)
        f.setPointSizeF(f.pointSizeF() * 1.1);
    return f;
}

const BarValue *RebuildCostPanels::valueAt(int series, int category) const
{
    if (series < 0 || category < 0 || series >= static_cast<int>(m_data.series.size()))
        return nullptr;
    const auto &values = m_data.series[static_cast<std::size_t>(series)].values;
    if (category >= static_cast<int>(values.size()) || !values[static_cast<std::size_t>(category)])
        return nullptr;
    return &*values[static_cast<std::size_t>(category)];
}

QString RebuildCostPanels::labelText(int series, int category) const
{
    const BarValue *v = valueAt(series, category);
    if (!v)
        return QStringLiteral("not run");
    // Failed wins over cancelled, as ChartDataBuilder sets them; a time first, whatever else.
    if (v->value <= 0 && v->failed)
        return QStringLiteral("failed");
    if (v->cancelled)
        return QStringLiteral("cancelled");
    QString text = ChartDataBuilder::formatSeconds(v->value);
    if (v->fastest)
        text += QStringLiteral(" ★");
    if (v->failed)
        text += QStringLiteral(" (a run failed)");
    return text;
}

RebuildCostPanels::Layout RebuildCostPanels::layoutFor(int width, int height) const
{
    Layout l;
    const QFontMetricsF fm(labelFont(false));
    const QFontMetricsF bold(labelFont(true));
    const QFontMetricsF titleFm(titleFont());
    const double line = fm.height();
    const double pad = line * kPadLines;
    const double gap = line * kGapLines;
    const double w = std::max(1, width);
    double y = 0;
    if (!m_note.isEmpty()) {
        const QRectF bounds = fm.boundingRect(QRectF(0, 0, w, 1e6), Qt::TextWordWrap, m_note);
        l.note = QRectF(0, 0, w, std::ceil(bounds.height()) + pad);
        y = l.note.bottom() + (m_data.isEmpty() ? 0 : pad);
    }
    const int categories = m_data.isEmpty() ? 0 : static_cast<int>(m_data.categories.size());
    const int seriesCount = static_cast<int>(m_data.series.size());
    if (categories == 0) {
        l.height = static_cast<int>(std::ceil(y));
        return l;
    }
    // Every name and label at its full width: panels never cut one, they wrap to another row.
    double nameW = 0;
    for (const BarSeries &s : m_data.series)
        nameW = std::max(nameW, fm.horizontalAdvance(s.name));
    double labelW = 0;
    for (int j = 0; j < seriesCount; ++j)
        for (int i = 0; i < categories; ++i) {
            const BarValue *v = valueAt(j, i);
            labelW = std::max(labelW, (v && v->fastest ? bold : fm).horizontalAdvance(labelText(j, i)));
        }
    double titleW = 0;
    for (const QString &c : m_data.categories)
        titleW = std::max(titleW, titleFm.horizontalAdvance(c));
    const double minPanelW =
        std::max(pad * 4 + nameW + line * kMinBarLines + labelW + 2, titleW + pad * 2 + 2);
    const int widest = std::clamp(static_cast<int>((w + gap) / (minPanelW + gap)), 1, categories);
    double rowH = line * kRowLines;
    const double titleH = titleFm.height() * kTitleLines;
    const auto panelRows = [categories](int columns) { return (categories + columns - 1) / columns; };
    const auto heightWith = [&](int columns, double row) {
        const int n = panelRows(columns);
        return y + n * (titleH + row * seriesCount + pad) + (n - 1) * gap;
    };
    // As many columns as fit the width; with height to spare (a large screen), fewer, wider panels
    // — longer bars — and taller rows, so the panels take the page instead of leaving it empty.
    l.columns = widest;
    const double room = height - 1.0;
    if (height > 0) {
        for (int columns = 1; columns < widest; ++columns)
            if (heightWith(columns, rowH) <= room) {
                l.columns = columns;
                break;
            }
        const double spare = room - heightWith(l.columns, rowH);
        if (spare > 0 && seriesCount > 0)
            rowH = std::min(line * kMaxRowLines, rowH + spare / (panelRows(l.columns) * seriesCount));
    }
    const double panelW = std::max(minPanelW, (w - gap * (l.columns - 1)) / l.columns);
    const double panelH = titleH + rowH * seriesCount + pad;
    l.rows.resize(static_cast<std::size_t>(categories));
    for (int i = 0; i < categories; ++i) {
        const int col = i % l.columns;
        const int rowOfPanels = i / l.columns;
        // A last row with fewer panels shares the whole width: no hole beside it (each panel has
        // its own scale, so a wider one compares the same).
        const int inRow = std::min(l.columns, categories - rowOfPanels * l.columns);
        const double thisW = inRow < l.columns ? (w - gap * (inRow - 1)) / inRow : panelW;
        const QRectF panel(col * (thisW + gap), y + rowOfPanels * (panelH + gap), thisW, panelH);
        l.panels.push_back(panel);
        l.titles.emplace_back(panel.left() + pad, panel.top(), panel.width() - 2 * pad, titleH);
        // One scale per panel, from zero to the step's longest bar or whisker.
        double top = 0;
        for (int j = 0; j < seriesCount; ++j)
            if (const BarValue *v = valueAt(j, i))
                top = std::max({top, v->value, v->high.value_or(0.0)});
        const double barLeft = panel.left() + pad * 2 + nameW;
        const double barSpan = std::max(1.0, panel.right() - pad - labelW - pad - barLeft);
        auto &rows = l.rows[static_cast<std::size_t>(i)];
        for (int j = 0; j < seriesCount; ++j) {
            Row r;
            const double rowTop = panel.top() + titleH + j * rowH;
            r.name = QRectF(panel.left() + pad, rowTop, nameW, rowH);
            const double thick = std::min(rowH * kBarThickness, line * kMaxBarLines);
            const double barTop = rowTop + (rowH - thick) / 2;
            double end = barLeft;
            const BarValue *v = valueAt(j, i);
            if (v && top > 0 && v->value > 0) {
                r.bar = QRectF(barLeft, barTop, std::max(1.0, v->value / top * barSpan), thick);
                end = r.bar.right();
                if (v->low && v->high) {
                    r.whisker = QRectF(barLeft + *v->low / top * barSpan, barTop,
                                       (*v->high - *v->low) / top * barSpan, thick);
                    end = std::max(end, r.whisker.right());
                }
            }
            const QString text = labelText(j, i);
            const double tw = (v && v->fastest ? bold : fm).horizontalAdvance(text);
            r.label = QRectF(end + pad / 2, rowTop, std::ceil(tw) + 1, rowH);
            rows.push_back(r);
        }
    }
    l.height = static_cast<int>(std::ceil(l.panels.back().bottom())) + 1;
    return l;
}

int RebuildCostPanels::heightForWidth(int width) const
{
    return layoutFor(width, 0).height; // the least it needs; spare height only spreads it out
}

QSize RebuildCostPanels::sizeHint() const
{
    const int w = std::max(width(), 600);
    return {w, heightForWidth(w)};
}

QSize RebuildCostPanels::minimumSizeHint() const
{
    // As narrow as one panel; the height follows the width (heightForWidth), so the minimum is
    // one row of panels, not the tall column of the narrowest layout.
    const Layout narrow = layoutFor(1, 0);
    if (narrow.panels.empty())
        return {200, narrow.height};
    return {static_cast<int>(std::ceil(narrow.panels.front().width())),
            static_cast<int>(std::ceil(narrow.panels.front().bottom()))};
}

void RebuildCostPanels::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    const int before = heightForWidth(event->oldSize().width());
    m_layout = layoutFor(width(), height());
    if (heightForWidth(width()) != before)
        updateGeometry();
}

QRectF RebuildCostPanels::panelRect(int category) const
{
    return category >= 0 && category < static_cast<int>(m_layout.panels.size())
               ? m_layout.panels[static_cast<std::size_t>(category)]
               : QRectF();
}

QRectF RebuildCostPanels::titleRect(int category) const
{
    return category >= 0 && category < static_cast<int>(m_layout.titles.size())
               ? m_layout.titles[static_cast<std::size_t>(category)]
               : QRectF();
}

namespace {
template <typename Get>
QRectF rowRect(const std::vector<std::vector<Get>> &rows, int series, int category, QRectF Get::*member)
{
    if (category < 0 || category >= static_cast<int>(rows.size()))
        return {};
    const auto &r = rows[static_cast<std::size_t>(category)];
    if (series < 0 || series >= static_cast<int>(r.size()))
        return {};
    return r[static_cast<std::size_t>(series)].*member;
}
} // namespace

QRectF RebuildCostPanels::nameRect(int series, int category) const
{
    return rowRect(m_layout.rows, series, category, &Row::name);
}

QRectF RebuildCostPanels::barRect(int series, int category) const
{
    return rowRect(m_layout.rows, series, category, &Row::bar);
}

QRectF RebuildCostPanels::labelRect(int series, int category) const
{
    return rowRect(m_layout.rows, series, category, &Row::label);
}

std::pair<int, int> RebuildCostPanels::cellAt(const QPointF &pos) const
{
    for (std::size_t i = 0; i < m_layout.rows.size(); ++i)
        for (std::size_t j = 0; j < m_layout.rows[i].size(); ++j) {
            const Row &r = m_layout.rows[i][j];
            // The whole row from the name to the label: thin bars are easy to miss.
            if (r.name.united(r.label).contains(pos))
                return {static_cast<int>(j), static_cast<int>(i)};
        }
    return {-1, -1};
}

bool RebuildCostPanels::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const auto [series, category] = cellAt(help->pos());
        if (const BarValue *v = valueAt(series, category)) {
            QString text = m_data.categoryLabels.value(category) + QLatin1Char('\n') + v->label;
            if (v->fastest)
                text += QStringLiteral("\nfastest of this step");
            QToolTip::showText(help->globalPos(), text + QStringLiteral("\nClick to open this build."), this);
        } else if (category >= 0) {
            QToolTip::showText(help->globalPos(), m_data.categoryLabels.value(category) +
                                                      QStringLiteral("\nnot run in this step"));
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    return QWidget::event(event);
}

void RebuildCostPanels::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        const auto [series, category] = cellAt(event->position());
        if (const BarValue *v = valueAt(series, category))
            Q_EMIT barClicked(*v, v->failed && v->value <= 0);
    }
    QWidget::mouseReleaseEvent(event);
}

void RebuildCostPanels::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    const QColor text = palette().color(QPalette::WindowText);
    const QColor muted = ChartPalette::blend(text, palette().color(QPalette::Window), 0.65);
    const QColor frame = ChartPalette::blend(text, palette().color(QPalette::Window), 0.25);
    if (!m_layout.note.isEmpty()) {
        p.setFont(labelFont(false));
        p.setPen(m_data.isEmpty() ? muted : ChartPalette::warningText());
        p.drawText(m_layout.note, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, m_note);
    }
    for (std::size_t i = 0; i < m_layout.panels.size(); ++i) {
        const QRectF panel = m_layout.panels[i];
        const bool current = static_cast<int>(i) == m_current;
        QPen framePen(current ? palette().color(QPalette::Highlight) : frame, current ? 3 : 1);
        p.setPen(framePen);
        p.setBrush(palette().color(QPalette::Base));
        p.drawRoundedRect(panel.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
        p.setFont(titleFont());
        p.setPen(text);
        p.drawText(m_layout.titles[i], Qt::AlignLeft | Qt::AlignVCenter,
                   m_data.categories.value(static_cast<qsizetype>(i)));
        for (std::size_t j = 0; j < m_layout.rows[i].size(); ++j) {
            const Row &r = m_layout.rows[i][j];
            const BarSeries &series = m_data.series[j];
            const BarValue *v = valueAt(static_cast<int>(j), static_cast<int>(i));
            p.setFont(labelFont(false));
            p.setPen(text);
            p.drawText(r.name, Qt::AlignLeft | Qt::AlignVCenter, series.name);
            if (!r.bar.isEmpty()) {
                p.setPen(Qt::NoPen);
                p.setBrush(m_style.seriesColor(series)); // the strategy's own colour, in every session
                p.drawRect(r.bar);
            }
            if (!r.whisker.isEmpty()) {
                QPen whisker(text, 1.5);
                p.setPen(whisker);
                const double mid = r.whisker.center().y();
                const double cap = r.whisker.height() * 0.3;
                p.drawLine(QPointF(r.whisker.left(), mid), QPointF(r.whisker.right(), mid));
                p.drawLine(QPointF(r.whisker.left(), mid - cap), QPointF(r.whisker.left(), mid + cap));
                p.drawLine(QPointF(r.whisker.right(), mid - cap), QPointF(r.whisker.right(), mid + cap));
            }
            const bool noTime = !v || v->value <= 0;
            p.setFont(labelFont(v && v->fastest));
            p.setPen(noTime ? (v && v->failed ? m_style.failed : muted) : text);
            p.drawText(r.label, Qt::AlignLeft | Qt::AlignVCenter,
                       labelText(static_cast<int>(j), static_cast<int>(i)));
        }
    }
}

} // namespace flakeoff::app
