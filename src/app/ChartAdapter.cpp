// SPDX-License-Identifier: MIT
#include "ChartAdapter.h"

#include "AxisScale.h"
#include "ChartPalette.h"
#include "ChartStyle.h"
#include "Theme.h"
#include "log/BuildReportText.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QFileInfo>
#include <QGraphicsLayout>
#include <QGraphicsSceneHoverEvent>
#include <QGraphicsSceneMouseEvent>
#include <QGraphicsTextItem>
#include <QGuiApplication>
#include <QImage>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPainter>
#include <QPalette>
#include <QScatterSeries>
#include <QSvgGenerator>
#include <QTextDocument>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace flakeoff::app {

namespace {
// Grouped bars fill this share of their category, as in most bar charts; the rest is the gap
// between steps.
constexpr double kBarWidth = 0.8;
// Head room over the tallest bar or whisker for the markers above it.
constexpr double kHeadRoom = 1.18;
// Timeline rows never get taller than this many label heights (a build of two derivations should
// not draw two slabs) nor shorter than one label height (readable names).
constexpr double kMaxRowLines = 2.2;
constexpr double kRowLines = 1.25;

// A QValueAxis label format with the decimals `step` needs ("%.1f"). Ticks are AxisScale's nice
// steps, the rule of the exported charts' axes, so the screen and an export tick alike.
QString labelFormat(double step)
{
    return QStringLiteral("%.%1f").arg(AxisScale::decimalsFor(step));
}

QString phaseLabel(const QString &phase)
{
    return QString::fromStdString(BuildReportText::phaseName(phase.toStdString()));
}

QString statusLabel(BuildStatus s)
{
    return QString::fromLatin1(buildStatusName(s));
}
} // namespace

// Colours, fonts and sizes of one theme; computed once per setTheme.
struct ChartAdapter::Style
{
    // The exported charts' preset for this theme: series and status colours come from it, so a
    // bar on screen has the colour it has in a report.
    ChartStyle colors;
    QColor background;
    QColor text;
    QColor muted;
    QColor grid;
    QColor axisLine;
    QColor hover;
    QColor evaluation;
    QFont title;
    QFont axisLabels;
    QFont axisTitle;
    QFont legend;
    QFont values;
    QFont message;
    qreal lineWidth = 1.5;
    qreal markerSize = 11;
    qreal borderWidth = 0;

    static Style make(Theme theme, bool presentation)
    {
        Style s;
        const bool dark = theme == Theme::Dark;
        s.colors = dark ? ChartStyle::dark() : ChartStyle::report();
        // High contrast for presentation: pure black on white (or the reverse), darker grid.
        s.background = dark ? (presentation ? QColor(Qt::black) : QColor(0x1E1F22)) : QColor(Qt::white);
        s.text = dark ? (presentation ? QColor(Qt::white) : QColor(0xE6E6E6))
                      : (presentation ? QColor(Qt::black) : QColor(0x202124));
        s.muted = dark ? QColor(0xA8A8A8) : (presentation ? QColor(0x404040) : ChartPalette::mutedText());
        s.grid =
            dark ? QColor(presentation ? 0x5A5A5A : 0x3A3B3F) : QColor(presentation ? 0xB0B0B0 : 0xE3E3E3);
        s.axisLine = dark ? QColor(0x8A8A8A) : QColor(presentation ? 0x000000 : 0x9E9E9E);
        s.hover = dark ? QColor(255, 255, 255, 28) : QColor(0, 0, 0, 18);
        s.evaluation = dark ? QColor(0x3C3E43) : QColor(0xDADADA);
        // Charts share the screen four ways: a little less than the application's 1.6.
        const qreal scale = presentation ? 1.4 : 1.0;
        // The platform's font, not the application's: presentation mode enlarges the application
        // font too, and the charts must not scale twice.
        QFont base = flakeoff::app::Theme::baseFont();
        if (base.pointSizeF() <= 0)
            base.setPointSizeF(9);
        auto sized = [&](qreal factor, bool bold) {
            QFont f = base;
            f.setPointSizeF(base.pointSizeF() * factor * scale);
            f.setBold(bold);
            return f;
        };
        s.title = sized(presentation ? 1.1 : 1.2, true);
        s.axisLabels = sized(0.95, false);
        s.axisTitle = sized(0.95, false);
        s.legend = sized(0.95, false);
        s.values = sized(0.85, presentation);
        s.message = sized(1.1, false);
        s.lineWidth = presentation ? 2.5 : 1.5;
        s.markerSize = presentation ? 16 : 11;
        s.borderWidth = presentation ? 1.5 : 0;
        return s;
    }
};

// Short values over (or inside) the bars, where they fit: the exact value stays in the tooltip.
class ChartAdapter::LabelItem : public QGraphicsItem
{
public:
    LabelItem(ChartAdapter *owner, QGraphicsItem *parent) : QGraphicsItem(parent), m_owner(owner)
    {
        setAcceptedMouseButtons(Qt::NoButton);
        setAcceptHoverEvents(false);
        setZValue(20); // over the series, under the legend's tooltips
    }
    QRectF boundingRect() const override { return m_rect; }
    void setRect(const QRectF &r)
    {
        prepareGeometryChange();
        m_rect = r;
    }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *) override;

private:
    ChartAdapter *m_owner;
    QRectF m_rect;
};

// A Gantt chart of one build drawn straight onto the chart's plot area: only the rows in the
// window are painted, which keeps a 5,000-derivation build as fast as a small one.
class ChartAdapter::GanttItem : public QGraphicsItem
{
public:
    GanttItem(ChartAdapter *owner, QGraphicsItem *parent) : QGraphicsItem(parent), m_owner(owner)
    {
        setAcceptHoverEvents(true);
        setAcceptedMouseButtons(Qt::LeftButton);
        setZValue(5);
    }
    QRectF boundingRect() const override { return m_rect; }
    void setRect(const QRectF &r)
    {
        prepareGeometryChange();
        m_rect = r;
    }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *) override;
    int rowAt(const QPointF &chartPos) const;
    double xOf(double seconds) const;
    int hoverRow() const { return m_hoverRow; }
    void clearHover() { m_hoverRow = -1; }

protected:
    void hoverMoveEvent(QGraphicsSceneHoverEvent *event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent *event) override;
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;

private:
    ChartAdapter *m_owner;
    QRectF m_rect;
    int m_hoverRow = -1;
    int m_pressRow = -1;
};

ChartAdapter::ChartAdapter(QChartView *view, QObject *parent)
    : QObject(parent), m_view(view), m_chart(new QChart),
      m_style(std::make_unique<Style>(Style::make(Theme::Light, false)))
{
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_messageItem = new QGraphicsTextItem(m_chart);
    m_messageItem->setZValue(30);
    m_messageItem->setAcceptedMouseButtons(Qt::NoButton);
    m_gantt = new GanttItem(this, m_chart);
    m_labels = new LabelItem(this, m_chart);
    m_view->setChart(m_chart); // the view owns the chart from here on
    m_view->setRenderHint(QPainter::Antialiasing);
    connect(m_chart, &QChart::plotAreaChanged, this, [this] {
        placeMessage();
        if (m_content == Content::Timeline)
            layoutTimeline();
        m_labels->setRect(m_chart->plotArea().adjusted(-2, -40, 2, 2));
    });
    m_theme = themeFor(m_view->palette());
    *m_style = Style::make(m_theme, m_presentation);
    rebuild();
}

ChartAdapter::~ChartAdapter() = default;

ChartAdapter::Theme ChartAdapter::themeFor(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128 ? Theme::Dark : Theme::Light;
}

void ChartAdapter::setTheme(Theme theme, bool presentation)
{
    if (theme == m_theme && presentation == m_presentation)
        return;
    m_theme = theme;
    m_presentation = presentation;
    *m_style = Style::make(theme, presentation);
    rebuild();
}

void ChartAdapter::showBars(BarChartData data, const QString &note)
{
    m_content = Content::Bars;
    m_bars = std::move(data);
    m_title = m_bars.title;
    m_message = note;
    if (m_message.isEmpty() && m_bars.isEmpty())
        m_message = QStringLiteral("Nothing has been measured for this chart yet.");
    rebuild();
}

void ChartAdapter::showTimeline(TimelineData data, const QString &note)
{
    m_content = Content::Timeline;
    m_timeline = std::move(data);
    m_title = m_timeline.title;
    m_message = note;
    if (m_message.isEmpty() && !m_timeline.timed)
        m_message = QStringLiteral("This build's log has no arrival times, so its timeline cannot be drawn.");
    else if (m_message.isEmpty() && m_timeline.bars.empty())
        m_message = QStringLiteral("No derivation was built: everything was already in the store.");
    m_firstRow = 0;
    m_timeMinS = m_timeMaxS = 0; // a new build starts unzoomed
    rebuild();
}

void ChartAdapter::showMessage(const QString &title, const QString &message)
{
    m_content = Content::Message;
    m_title = title;
    m_message = message.isEmpty() ? QStringLiteral("Nothing to show.") : message;
    m_bars = {};
    m_timeline = {};
    rebuild();
}

void ChartAdapter::clearChart()
{
    m_chart->removeAllSeries(); // deletes them
    const auto axes = m_chart->axes();
    for (QAbstractAxis *axis : axes) {
        m_chart->removeAxis(axis);
        delete axis;
    }
    m_barSeries = nullptr;
    m_fastestMarkers = nullptr;
    m_failedMarkers = nullptr;
    m_cancelledMarkers = nullptr;
    m_rowAxis = nullptr;
    m_timeAxis = nullptr;
    m_fastestPoints.clear();
    m_failedPoints.clear();
    m_cancelledPoints.clear();
    m_whiskerCount = 0;
    m_valueScale = 1.0;
    m_valueUnit.clear();
    m_gantt->clearHover();
    m_gantt->hide();
    m_labels->hide();
}

void ChartAdapter::styleChart()
{
    const Style &s = *m_style;
    m_chart->setBackgroundBrush(s.background);
    m_chart->setBackgroundPen(Qt::NoPen);
    m_chart->setBackgroundRoundness(0);
    m_chart->setPlotAreaBackgroundVisible(false);
    m_chart->setTitleFont(s.title);
    m_chart->setTitleBrush(s.text);
    QString title = m_title.toHtmlEscaped();
    const QString subtitle = m_content == Content::Bars       ? m_bars.subtitle
                             : m_content == Content::Timeline ? m_timeline.subtitle
                                                              : QString();
    if (!subtitle.isEmpty())
        title += QStringLiteral("<br><span style=\"font-weight:normal; font-size:small; color:%1\">%2</span>")
                     .arg(s.muted.name(), subtitle.toHtmlEscaped());
    m_chart->setTitle(title);
    QLegend *legend = m_chart->legend();
    legend->setFont(s.legend);
    legend->setLabelColor(s.text);
    legend->setBrush(Qt::NoBrush);
    legend->setPen(Qt::NoPen);
    m_chart->setMargins(QMargins(6, 6, 6, 6));
    const auto axes = m_chart->axes();
    for (QAbstractAxis *axis : axes) {
        axis->setLabelsFont(s.axisLabels);
        axis->setLabelsColor(s.text);
        axis->setTitleFont(s.axisTitle);
        axis->setTitleBrush(s.muted);
        axis->setGridLineColor(s.grid);
        axis->setLinePenColor(s.axisLine);
        axis->setShadesVisible(false);
    }
    m_messageItem->setFont(s.message);
    m_messageItem->setDefaultTextColor(s.text);
    m_view->setBackgroundBrush(s.background);
}

void ChartAdapter::rebuild()
{
    clearChart();
    switch (m_content) {
    case Content::Bars:
        buildBars();
        break;
    case Content::Timeline:
        buildTimeline();
        break;
    case Content::Message:
        m_chart->legend()->hide();
        break;
    }
    styleChart();
    placeMessage();
    m_chart->update();
}

QScatterSeries *ChartAdapter::addRunMarkers(const QString &name, int shape, const QColor &color,
                                            const MarkedPoints &points, MarkedPoints &kept, bool failedRuns,
                                            QAbstractAxis *categoryAxis, QAbstractAxis *valueAxis)
{
    QScatterSeries *markers = addMarkers(name, shape, color);
    for (const auto &[p, v] : points)
        markers->append(p);
    markers->attachAxis(categoryAxis);
    markers->attachAxis(valueAxis);
    kept = points;
    const QString hint = failedRuns ? QStringLiteral("\nClick to open the failed build.")
                                    : QStringLiteral("\nClick to open the cancelled build.");
    connect(markers, &QScatterSeries::hovered, this, [this, &kept, hint](const QPointF &p, bool on) {
        for (const auto &[at, v] : kept)
            if (at == p)
                showToolTip(on ? v->label + hint : QString());
    });
    connect(markers, &QScatterSeries::clicked, this, [this, &kept, failedRuns](const QPointF &p) {
        for (const auto &[at, v] : kept)
            if (at == p)
                Q_EMIT barClicked(*v, failedRuns);
    });
    return markers;
}

QScatterSeries *ChartAdapter::addMarkers(const QString &name, int shape, const QColor &color)
{
    auto *markers = new QScatterSeries;
    markers->setName(name);
    markers->setMarkerShape(static_cast<QScatterSeries::MarkerShape>(shape));
    markers->setMarkerSize(m_style->markerSize);
    markers->setColor(color);
    markers->setBorderColor(m_style->background);
    m_chart->addSeries(markers);
    // The legend shows the marker itself (a star for "fastest").
    const auto entries = m_chart->legend()->markers(markers);
    for (QLegendMarker *entry : entries)
        entry->setShape(QLegend::MarkerShapeFromSeries);
    return markers;
}

void ChartAdapter::buildBars()
{
    const Style &s = *m_style;
    const BarChartData &d = m_bars;
    if (d.unit == ChartUnit::Bytes) {
        // One readable unit for the axis, from the largest value.
        static const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
        const double max = d.maxValue();
        int u = 0;
        while (u < 4 && max >= std::pow(1024.0, u + 1))
            ++u;
        m_valueScale = std::pow(1024.0, u);
        m_valueUnit = QLatin1String(units[u]);
    } else if (d.unit == ChartUnit::Seconds) {
        m_valueUnit = QStringLiteral("s");
    }

    m_barSeries = new QBarSeries;
    m_barSeries->setBarWidth(kBarWidth);
    const int setCount = static_cast<int>(d.series.size());
    const int categories = static_cast<int>(d.categories.size());
    for (int j = 0; j < setCount; ++j) {
        const BarSeries &series = d.series[static_cast<std::size_t>(j)];
        auto *set = new QBarSet(series.legendName()); // "per-crate (model)", as the exports say
        const QColor color = s.colors.seriesColor(series);
        set->setColor(color);
        set->setBorderColor(s.borderWidth > 0 ? s.text : color);
        QPen pen = set->pen();
        pen.setWidthF(s.borderWidth);
        pen.setColor(s.borderWidth > 0 ? s.text : color);
        set->setPen(s.borderWidth > 0 ? pen : QPen(Qt::NoPen));
        for (int i = 0; i < categories; ++i) {
            const auto &v = i < static_cast<int>(series.values.size())
                                ? series.values[static_cast<std::size_t>(i)]
                                : std::nullopt;
            set->append(v ? v->value / m_valueScale : 0.0);
        }
        connect(set, &QBarSet::hovered, this, [this, j](bool on, int index) { hoverBar(j, index, on); });
        connect(set, &QBarSet::clicked, this, [this, j](int index) { clickBar(j, index); });
        m_barSeries->append(set);
    }
    m_chart->addSeries(m_barSeries);

    auto *categoryAxis = new QBarCategoryAxis;
    categoryAxis->append(d.categories);
    categoryAxis->setGridLineVisible(false);
    auto *valueAxis = new QValueAxis;
    const double top = d.maxValue() / m_valueScale;
    const bool integral = d.unit == ChartUnit::Count;
    const double step = AxisScale::niceStep(std::max(top * kHeadRoom, integral ? 1.0 : 1e-3) / 5, integral);
    const double max = std::max(step, std::ceil(top * kHeadRoom / step) * step);
    valueAxis->setRange(0, max);
    valueAxis->setTickType(QValueAxis::TicksDynamic);
    valueAxis->setTickAnchor(0);
    valueAxis->setTickInterval(step);
    valueAxis->setLabelFormat(labelFormat(step));
    // Nothing above zero to measure against (every build failed, no size measured): a scale of
    // 0.0000–0.0002 would only distract from the sentence saying why.
    valueAxis->setLabelsVisible(top > 0 || integral);
    // The unit the axis is drawn in, unless the data's axis title already names one.
    QString axisTitle = d.valueAxis;
    if (!m_valueUnit.isEmpty() && !axisTitle.contains(QLatin1Char('(')))
        axisTitle = QStringLiteral("%1 (%2)").arg(d.valueAxis, m_valueUnit);
    valueAxis->setTitleText(axisTitle);
    m_chart->addAxis(categoryAxis, Qt::AlignBottom);
    m_chart->addAxis(valueAxis, Qt::AlignLeft);
    m_barSeries->attachAxis(categoryAxis);
    m_barSeries->attachAxis(valueAxis);

    // Where bar j of category i stands on the category axis (Qt Charts lays grouped bars out
    // side by side across barWidth, centred on the category's index).
    auto barX = [&](int j, int i) {
        return i - kBarWidth / 2 + (j + 0.5) * kBarWidth / std::max(1, setCount);
    };
    const double pad = max * 0.05;
    const double capHalf = kBarWidth / std::max(1, setCount) * 0.22;
    QPen whiskerPen(s.text);
    whiskerPen.setWidthF(s.lineWidth);
    whiskerPen.setCapStyle(Qt::FlatCap);
    bool whiskerNamed = false;
    std::vector<std::pair<QPointF, const BarValue *>> fastest;
    std::vector<std::pair<QPointF, const BarValue *>> failed;
    std::vector<std::pair<QPointF, const BarValue *>> cancelled;
    for (int j = 0; j < setCount; ++j) {
        const BarSeries &series = d.series[static_cast<std::size_t>(j)];
        for (int i = 0; i < categories && i < static_cast<int>(series.values.size()); ++i) {
            const auto &v = series.values[static_cast<std::size_t>(i)];
            if (!v)
                continue;
            const double x = barX(j, i);
            double head = v->value / m_valueScale;
            if (v->low && v->high) {
                const double lo = *v->low / m_valueScale;
                const double hi = *v->high / m_valueScale;
                head = std::max(head, hi);
                // Drawn as one path: lower cap, stem, upper cap.
                auto *whisker = new QLineSeries;
                whisker->append({{x - capHalf, lo},
                                 {x + capHalf, lo},
                                 {x, lo},
                                 {x, hi},
                                 {x - capHalf, hi},
                                 {x + capHalf, hi}});
                whisker->setPen(whiskerPen);
                whisker->setName(QStringLiteral("min–max"));
                m_chart->addSeries(whisker);
                whisker->attachAxis(categoryAxis);
                whisker->attachAxis(valueAxis);
                const auto markers = m_chart->legend()->markers(whisker);
                for (QLegendMarker *marker : markers) {
                    marker->setVisible(!whiskerNamed);
                    marker->setShape(QLegend::MarkerShapeFromSeries); // a line, like the whisker
                }
                whiskerNamed = true;
                ++m_whiskerCount;
            }
            if (v->fastest)
                fastest.emplace_back(QPointF(x, head + pad), &*v);
            if (v->failed)
                failed.emplace_back(QPointF(x, head + pad * (v->fastest ? 2.2 : 1.0)), &*v);
            else if (v->cancelled)
                cancelled.emplace_back(QPointF(x, head + pad), &*v);
        }
    }
    if (!fastest.empty()) {
        m_fastestMarkers = addMarkers(QStringLiteral("fastest"), QScatterSeries::MarkerShapeStar, s.text);
        for (const auto &[p, v] : fastest)
            m_fastestMarkers->append(p);
        m_fastestMarkers->attachAxis(categoryAxis);
        m_fastestMarkers->attachAxis(valueAxis);
        m_fastestPoints = fastest;
        connect(m_fastestMarkers, &QScatterSeries::hovered, this, [this](const QPointF &p, bool on) {
            for (const auto &[at, v] : m_fastestPoints)
                if (at == p)
                    showToolTip(on ? v->label + QStringLiteral("\nfastest of this step") : QString());
        });
    }
    if (!failed.empty())
        m_failedMarkers = addRunMarkers(
            QStringLiteral("has failed runs"), QScatterSeries::MarkerShapeTriangle,
            s.colors.statusColor(BuildStatus::Failed), failed, m_failedPoints, true, categoryAxis, valueAxis);
    // Grey, not the failure red: the build was stopped, nothing in it broke.
    if (!cancelled.empty())
        m_cancelledMarkers =
            addRunMarkers(QStringLiteral("cancelled"), QScatterSeries::MarkerShapeRotatedRectangle, s.muted,
                          cancelled, m_cancelledPoints, false, categoryAxis, valueAxis);
    if (m_fastestMarkers)
        connect(m_fastestMarkers, &QScatterSeries::clicked, this, [this](const QPointF &p) {
            for (const auto &[at, v] : m_fastestPoints)
                if (at == p)
                    Q_EMIT barClicked(*v, false);
        });
    m_chart->legend()->setVisible(setCount > 0);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_labels->setRect(m_chart->plotArea().adjusted(-2, -40, 2, 2));
    m_labels->show();
}

void ChartAdapter::LabelItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const ChartAdapter &a = *m_owner;
    if (a.m_content != Content::Bars || !a.m_barSeries)
        return;
    const BarChartData &d = a.m_bars;
    const QRectF plot = a.m_chart->plotArea();
    const int setCount = static_cast<int>(d.series.size());
    const int categories = static_cast<int>(d.categories.size());
    if (setCount == 0 || categories == 0 || plot.isEmpty())
        return;
    const auto axes = a.m_chart->axes(Qt::Vertical);
    const auto *valueAxis = axes.isEmpty() ? nullptr : qobject_cast<QValueAxis *>(axes.first());
    if (!valueAxis || valueAxis->max() <= 0)
        return;
    const double yMax = valueAxis->max();
    auto px = [&](double category) { return plot.left() + (category + 0.5) / categories * plot.width(); };
    auto py = [&](double value) { return plot.bottom() - value / yMax * plot.height(); };
    const double slot = plot.width() / categories * kBarWidth / setCount;
    painter->setFont(a.m_style->values);
    const QFontMetricsF fm(a.m_style->values);
    painter->setRenderHint(QPainter::TextAntialiasing);
    for (int j = 0; j < setCount; ++j) {
        const BarSeries &series = d.series[static_cast<std::size_t>(j)];
        const QColor barColor = a.m_style->colors.seriesColor(series);
        for (int i = 0; i < categories && i < static_cast<int>(series.values.size()); ++i) {
            const auto &v = series.values[static_cast<std::size_t>(i)];
            const double cx = px(i - kBarWidth / 2 + (j + 0.5) * kBarWidth / setCount);
            if (!v) {
                // A gap says so: nothing was measured there (yet).
                painter->setPen(a.m_style->muted);
                const QString dash = QStringLiteral("–");
                painter->drawText(QPointF(cx - fm.horizontalAdvance(dash) / 2, plot.bottom() - 3), dash);
                continue;
            }
            if ((v->failed || v->cancelled) && v->value == 0)
                continue; // the failure or cancelled marker speaks for it
            const QString text = ChartDataBuilder::formatValue(v->value, d.unit);
            const double w = fm.horizontalAdvance(text);
            const double top = py(v->value / a.m_valueScale);
            const double barHeight = plot.bottom() - top;
            // Inside the bar, text starts under the whisker's lower cap (its stem runs down the
            // bar's middle).
            double insideTop = top + 2;
            if (v->low)
                insideTop = std::max(insideTop, py(*v->low / a.m_valueScale) + 2 + a.m_style->lineWidth);
            if (w + 2 <= slot) {
                // Fits across: over the bar, or inside it when a whisker or marker is over it.
                const bool marked = v->high || v->fastest || v->failed;
                const bool inside = marked && plot.bottom() - insideTop > fm.height() + 2;
                if (marked && !inside)
                    continue; // no room anywhere without covering a mark
                painter->setPen(inside ? ChartPalette::textOn(barColor) : a.m_style->text);
                painter->drawText(QPointF(cx - w / 2, inside ? insideTop + fm.ascent() : top - 3), text);
            } else if (fm.height() <= slot && barHeight > w + 6) {
                // Narrow bar: written upwards inside it.
                painter->save();
                painter->setPen(ChartPalette::textOn(barColor));
                const double start = insideTop + 1;
                if (plot.bottom() - start < w + 3) {
                    painter->restore();
                    continue;
                }
                painter->translate(cx + fm.ascent() / 2 - fm.descent() / 2, start + w);
                painter->rotate(-90);
                painter->drawText(QPointF(0, 0), text);
                painter->restore();
            }
        }
    }
}

const BarValue *ChartAdapter::valueAt(int series, int index) const
{
    if (m_content != Content::Bars || series < 0 || series >= static_cast<int>(m_bars.series.size()))
        return nullptr;
    const auto &values = m_bars.series[static_cast<std::size_t>(series)].values;
    if (index < 0 || index >= static_cast<int>(values.size()) || !values[static_cast<std::size_t>(index)])
        return nullptr;
    return &*values[static_cast<std::size_t>(index)];
}

void ChartAdapter::hoverBar(int series, int index, bool entered)
{
    const BarValue *v = valueAt(series, index);
    if (!entered || !v) {
        showToolTip({});
        return;
    }
    QString text;
    if (index < m_bars.categoryLabels.size() && m_bars.categoryLabels[index] != m_bars.categories[index])
        text = m_bars.categoryLabels[index] + QLatin1Char('\n');
    text += v->label;
    if (v->fastest)
        text += QStringLiteral("\nfastest of this step");
    text += QStringLiteral("\nClick to open this build.");
    showToolTip(text);
}

void ChartAdapter::clickBar(int series, int index)
{
    if (const BarValue *v = valueAt(series, index))
        Q_EMIT barClicked(*v, false);
}

void ChartAdapter::showToolTip(const QString &text)
{
    if (text.isEmpty()) {
        QToolTip::hideText();
        return;
    }
    m_hoverText = text;
    QToolTip::showText(QCursor::pos(), text, m_view);
}

// ---- timelines ------------------------------------------------------------------------------

int ChartAdapter::timelineRowCount() const
{
    return m_content == Content::Timeline ? static_cast<int>(m_timeline.bars.size()) : 0;
}

void ChartAdapter::buildTimeline()
{
    const TimelineData &t = m_timeline;
    auto *timeAxis = new QValueAxis;
    m_timeAxis = timeAxis;
    const double total = std::max(t.totalS, 1e-3);
    const double step = AxisScale::niceStep(total / 8, false);
    m_fullTimeS = std::ceil(total * 1.01 / step) * step;
    // A theme change rebuilds the chart: keep the zoom of the same timeline.
    if (m_timeMaxS <= m_timeMinS || m_timeMaxS > m_fullTimeS)
        m_timeMinS = 0, m_timeMaxS = m_fullTimeS;
    timeAxis->setTickType(QValueAxis::TicksDynamic);
    timeAxis->setTickAnchor(0);
    applyTimeRange();
    timeAxis->setTitleText(QStringLiteral("seconds since the build started"));
    m_rowAxis = new QValueAxis;
    m_rowAxis->setReverse(true);
    m_rowAxis->setVisible(false);
    m_chart->addAxis(timeAxis, Qt::AlignBottom);
    m_chart->addAxis(m_rowAxis, Qt::AlignLeft);

    // The legend: one empty series per colour used, so the chart explains itself in an export too.
    auto legendEntry = [&](const QString &name, const QColor &color, bool outline) {
        QScatterSeries *entry =
            addMarkers(name, QScatterSeries::MarkerShapeRectangle, outline ? Qt::transparent : color);
        if (outline) {
            QPen pen(color);
            pen.setWidthF(2);
            entry->setPen(pen);
        }
        entry->attachAxis(timeAxis);
        entry->attachAxis(m_rowAxis);
    };
    std::vector<BuildStatus> statuses;
    QStringList phases;
    bool critical = false;
    for (const auto &b : t.bars) {
        if (std::find(statuses.begin(), statuses.end(), b.status) == statuses.end())
            statuses.push_back(b.status);
        for (const auto &p : b.phases)
            if (!phases.contains(p.name))
                phases.append(p.name);
        critical = critical || b.onCriticalPath;
    }
    std::sort(statuses.begin(), statuses.end(),
              [](BuildStatus a, BuildStatus b) { return static_cast<int>(a) < static_cast<int>(b); });
    for (BuildStatus st : statuses)
        legendEntry(statusLabel(st), m_style->colors.statusColor(st), false);
    if (critical)
        legendEntry(QStringLiteral("critical path"), m_style->text, true);
    std::stable_sort(phases.begin(), phases.end(), [](const QString &a, const QString &b) {
        return ChartPalette::phaseRank(a) < ChartPalette::phaseRank(b);
    });
    for (const QString &p : phases)
        legendEntry(QStringLiteral("%1 phase").arg(phaseLabel(p)), ChartPalette::phaseColor(p), false);
    if (t.evalS > 0 && !t.bars.empty())
        legendEntry(QStringLiteral("evaluation"), m_style->evaluation, false);
    if (m_chart->series().isEmpty()) {
        // Axes need a series to define a domain; an invisible one when the legend is empty.
        auto *anchor = new QLineSeries;
        m_chart->addSeries(anchor);
        anchor->attachAxis(timeAxis);
        anchor->attachAxis(m_rowAxis);
        const auto markers = m_chart->legend()->markers(anchor);
        for (QLegendMarker *marker : markers)
            marker->setVisible(false);
    }
    m_chart->legend()->setVisible(!t.bars.empty());
    // At the side, where its entries need not share a line with each other.
    m_chart->legend()->setAlignment(Qt::AlignRight);
    m_gantt->setVisible(t.timed && !t.bars.empty());
    layoutTimeline();
}

void ChartAdapter::layoutTimeline()
{
    if (!m_rowAxis)
        return;
    const QRectF plot = m_chart->plotArea();
    const int rows = timelineRowCount();
    const double line = QFontMetricsF(m_style->values).height();
    const int fit = std::max(1, static_cast<int>(plot.height() / (line * kRowLines)));
    const int fewest = std::max(1, static_cast<int>(std::ceil(plot.height() / (line * kMaxRowLines))));
    const int shown = std::max(std::min(rows, fit), fewest);
    const int first = std::clamp(m_firstRow, 0, std::max(0, rows - std::min(rows, fit)));
    const bool changed = shown != m_rowsShown || first != m_firstRow;
    m_rowsShown = shown;
    m_firstRow = first;
    m_rowAxis->setRange(first - 0.5, first + shown - 0.5);
    m_gantt->setRect(plot);
    m_gantt->update();
    if (changed)
        Q_EMIT timelineWindowChanged();
}

void ChartAdapter::applyTimeRange()
{
    if (!m_timeAxis)
        return;
    const double step = AxisScale::niceStep((m_timeMaxS - m_timeMinS) / 8, false);
    m_timeAxis->setRange(m_timeMinS, m_timeMaxS);
    m_timeAxis->setTickInterval(step);
    m_timeAxis->setLabelFormat(labelFormat(step));
    m_gantt->update();
}

void ChartAdapter::zoomTimeline(double factor, double anchorS)
{
    if (m_content != Content::Timeline || factor <= 0)
        return;
    // Not closer than a millisecond across, not wider than the whole build.
    const double span = std::clamp((m_timeMaxS - m_timeMinS) * factor, 1e-3, m_fullTimeS);
    const double at = std::clamp(anchorS, m_timeMinS, m_timeMaxS);
    const double share = m_timeMaxS > m_timeMinS ? (at - m_timeMinS) / (m_timeMaxS - m_timeMinS) : 0.0;
    m_timeMinS = at - share * span;
    m_timeMaxS = m_timeMinS + span;
    panTimeline(0); // clamps to the build
}

void ChartAdapter::panTimeline(double deltaS)
{
    if (m_content != Content::Timeline)
        return;
    const double span = m_timeMaxS - m_timeMinS;
    m_timeMinS = std::clamp(m_timeMinS + deltaS, 0.0, std::max(0.0, m_fullTimeS - span));
    m_timeMaxS = m_timeMinS + span;
    applyTimeRange();
}

void ChartAdapter::resetTimelineZoom()
{
    m_timeMinS = 0;
    m_timeMaxS = m_fullTimeS;
    applyTimeRange();
}

double ChartAdapter::timelineSecondsAt(const QPointF &viewportPos) const
{
    const QRectF plot = m_chart->plotArea();
    const QPointF p = m_chart->mapFromScene(m_view->mapToScene(viewportPos.toPoint()));
    if (plot.width() <= 0)
        return m_timeMinS;
    return m_timeMinS + (p.x() - plot.left()) / plot.width() * (m_timeMaxS - m_timeMinS);
}

void ChartAdapter::setTimelineFirstRow(int row)
{
    if (row == m_firstRow)
        return;
    m_firstRow = row;
    m_gantt->clearHover();
    layoutTimeline();
}

double ChartAdapter::GanttItem::xOf(double seconds) const
{
    const auto axes = m_owner->m_chart->axes(Qt::Horizontal);
    const auto *axis = axes.isEmpty() ? nullptr : qobject_cast<QValueAxis *>(axes.first());
    const QRectF plot = m_owner->m_chart->plotArea();
    if (!axis || axis->max() <= axis->min())
        return plot.left();
    return plot.left() + (seconds - axis->min()) / (axis->max() - axis->min()) * plot.width();
}

int ChartAdapter::GanttItem::rowAt(const QPointF &chartPos) const
{
    const ChartAdapter &a = *m_owner;
    const QRectF plot = a.m_chart->plotArea();
    if (!isVisible() || a.m_rowsShown <= 0 || !plot.contains(chartPos))
        return -1;
    const double rowHeight = plot.height() / a.m_rowsShown;
    const int row = a.m_firstRow + static_cast<int>((chartPos.y() - plot.top()) / rowHeight);
    return row < a.timelineRowCount() ? row : -1;
}

void ChartAdapter::GanttItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const ChartAdapter &a = *m_owner;
    const TimelineData &t = a.m_timeline;
    const Style &s = *a.m_style;
    const QRectF plot = a.m_chart->plotArea();
    if (a.m_rowsShown <= 0 || plot.isEmpty())
        return;
    painter->save();
    painter->setClipRect(plot);
    painter->setRenderHint(QPainter::Antialiasing, false);
    if (t.evalS > 0) {
        // Nix evaluates before it builds anything: the first stretch of every build.
        const QRectF eval(QPointF(xOf(0), plot.top()), QPointF(xOf(t.evalS), plot.bottom()));
        painter->fillRect(eval, s.evaluation);
    }
    const double rowHeight = plot.height() / a.m_rowsShown;
    const double barHeight = std::max(2.0, rowHeight * 0.72);
    const double stripHeight = barHeight * 0.35;
    painter->setFont(s.values);
    const QFontMetricsF fm(s.values);
    const int last = std::min(a.m_firstRow + a.m_rowsShown, static_cast<int>(t.bars.size()));
    for (int r = a.m_firstRow; r < last; ++r) {
        const TimelineBar &b = t.bars[static_cast<std::size_t>(r)];
        const double rowTop = plot.top() + (r - a.m_firstRow) * rowHeight;
        if (r == m_hoverRow)
            painter->fillRect(QRectF(plot.left(), rowTop, plot.width(), rowHeight), s.hover);
        const double y = rowTop + (rowHeight - barHeight) / 2;
        const double x0 = xOf(b.startS);
        const double x1 = std::max(xOf(b.endS), x0 + 2);
        const QRectF body(x0, y, x1 - x0, barHeight);
        // Bars off the critical path are faded, so the path reads as one dark chain.
        const double strength = b.onCriticalPath ? 1.0 : 0.5;
        const QColor color = ChartPalette::blend(s.colors.statusColor(b.status), s.background, strength);
        painter->fillRect(body, color);
        // Phases as a strip along the bar's bottom edge, in their own colours.
        for (const auto &p : b.phases) {
            const double p0 = std::max(x0, xOf(p.startS));
            const double p1 = std::min(x1, std::max(xOf(p.endS), p0 + 1));
            painter->fillRect(QRectF(p0, y + barHeight - stripHeight, p1 - p0, stripHeight),
                              ChartPalette::blend(ChartPalette::phaseColor(p.name), s.background, strength));
        }
        if (b.onCriticalPath) {
            QPen pen(s.text);
            pen.setWidthF(s.lineWidth - 0.5);
            pen.setJoinStyle(Qt::MiterJoin);
            painter->setPen(pen);
            painter->setBrush(Qt::NoBrush);
            painter->drawRect(body);
        }
        // The name beside the bar (right, else inside, else left), elided to what is left.
        const double w = fm.horizontalAdvance(b.name);
        const double baseline = rowTop + (rowHeight + fm.ascent() - fm.descent()) / 2;
        QString text = b.name;
        double tx = x1 + 4;
        QColor textColor = s.text;
        if (tx + w > plot.right()) {
            if (x1 - x0 >= w + 8) {
                tx = x0 + 4;
                textColor = ChartPalette::textOn(color);
            } else if (x0 - 4 - w >= plot.left()) {
                tx = x0 - 4 - w;
            } else {
                text = fm.elidedText(b.name, Qt::ElideRight, std::max(0.0, plot.right() - tx - 2));
            }
        }
        painter->setPen(textColor);
        painter->drawText(QPointF(tx, baseline), text);
    }
    painter->restore();
}

void ChartAdapter::GanttItem::hoverMoveEvent(QGraphicsSceneHoverEvent *event)
{
    const int row = rowAt(event->pos());
    if (row != m_hoverRow) {
        m_hoverRow = row;
        update();
    }
    if (row < 0) {
        QToolTip::hideText();
        return;
    }
    m_owner->m_hoverText = m_owner->timelineToolTip(row);
    QToolTip::showText(event->screenPos(), m_owner->m_hoverText, m_owner->m_view);
}

void ChartAdapter::GanttItem::hoverLeaveEvent(QGraphicsSceneHoverEvent *)
{
    m_hoverRow = -1;
    update();
    QToolTip::hideText();
}

void ChartAdapter::GanttItem::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    m_pressRow = rowAt(event->pos());
    if (m_pressRow < 0)
        event->ignore();
}

void ChartAdapter::GanttItem::mouseReleaseEvent(QGraphicsSceneMouseEvent *event)
{
    const int row = rowAt(event->pos());
    if (row >= 0 && row == m_pressRow)
        Q_EMIT m_owner->timelineBarClicked(row);
    m_pressRow = -1;
}

int ChartAdapter::timelineRowAt(const QPointF &viewportPos) const
{
    if (m_content != Content::Timeline)
        return -1;
    const QPointF scenePos = m_view->mapToScene(viewportPos.toPoint());
    return m_gantt->rowAt(m_chart->mapFromScene(scenePos));
}

QString ChartAdapter::timelineToolTip(int row) const
{
    if (row < 0 || row >= timelineRowCount())
        return {};
    const TimelineBar &b = m_timeline.bars[static_cast<std::size_t>(row)];
    QString tip = b.name + QStringLiteral(" — ") + statusLabel(b.status);
    if (b.onCriticalPath)
        tip += QStringLiteral(" (critical path)");
    tip += QStringLiteral("\nfrom %1 to %2: %3")
               .arg(QString::number(b.startS, 'f', 3), QString::number(b.endS, 'f', 3),
                    ChartDataBuilder::formatSeconds(b.endS - b.startS));
    for (const auto &p : b.phases)
        tip += QStringLiteral("\n  %1: %2")
                   .arg(phaseLabel(p.name), ChartDataBuilder::formatSeconds(p.endS - p.startS));
    tip += QLatin1Char('\n') + b.drvPath;
    return tip;
}

// ---- message and export ---------------------------------------------------------------------

void ChartAdapter::placeMessage()
{
    if (m_message.isEmpty()) {
        m_messageItem->hide();
        return;
    }
    QRectF area = m_chart->plotArea();
    if (area.width() < 80 || area.height() < 30)
        area = QRectF(QPointF(0, 0), m_chart->size()).adjusted(20, 40, -20, -20);
    m_messageItem->setTextWidth(std::max(60.0, area.width() * 0.85));
    m_messageItem->setPlainText(m_message);
    QTextOption option = m_messageItem->document()->defaultTextOption();
    option.setAlignment(Qt::AlignHCenter);
    m_messageItem->document()->setDefaultTextOption(option);
    const QRectF r = m_messageItem->boundingRect();
    m_messageItem->setPos(area.center().x() - r.width() / 2, area.center().y() - r.height() / 2);
    m_messageItem->show();
}

void ChartAdapter::settle()
{
    // Qt Charts deletes the items of removed series and axes later: without this, an export made
    // right after a change (no event loop in between) would draw the old chart under the new one.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    if (m_chart->layout())
        m_chart->layout()->activate();
}

QImage ChartAdapter::toImage(qreal devicePixelRatio)
{
    settle();
    // Off screen (or never laid out) the chart's geometry is stale: give it the export size.
    const bool onScreen =
        m_view->isVisible() && m_chart->size().width() >= 100 && m_chart->size().height() >= 100;
    const QSizeF oldSize = m_chart->size();
    const QSizeF size = onScreen ? m_chart->size() : QSizeF(exportSize());
    if (!onScreen) {
        m_chart->resize(size);
        if (m_chart->layout())
            m_chart->layout()->activate();
    }
    QImage image((size * devicePixelRatio).toSize(), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(devicePixelRatio);
    image.fill(m_style->background);
    {
        QPainter painter(&image);
        painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
        m_chart->scene()->render(&painter, QRectF(QPointF(0, 0), size), m_chart->sceneBoundingRect());
    }
    if (!onScreen && oldSize.isValid() && !oldSize.isEmpty())
        m_chart->resize(oldSize);
    return image;
}

bool ChartAdapter::exportTo(const QString &path, QString *error)
{
    auto fail = [&](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png")) {
        const QImage image = toImage(2.0);
        if (!image.save(path, "PNG"))
            return fail(
                QStringLiteral(
                    "Could not write the image to %1: check that the folder exists and can be written.")
                    .arg(path));
        return true;
    }
    if (suffix != QLatin1String("svg"))
        return fail(
            QStringLiteral("Charts can be saved as PNG or SVG: choose a file name ending in .png or .svg."));

    settle();
    const bool onScreen =
        m_view->isVisible() && m_chart->size().width() >= 100 && m_chart->size().height() >= 100;
    const QSizeF oldSize = m_chart->size();
    const QSizeF size = onScreen ? m_chart->size() : QSizeF(exportSize());
    if (!onScreen) {
        m_chart->resize(size);
        if (m_chart->layout())
            m_chart->layout()->activate();
    }
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(size.toSize());
    svg.setViewBox(QRectF(QPointF(0, 0), size));
    svg.setTitle(m_title);
    svg.setDescription(m_message.isEmpty() ? m_title : m_message);
    bool ok = false;
    {
        QPainter painter;
        if (painter.begin(&svg)) {
            painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
            painter.fillRect(QRectF(QPointF(0, 0), size), m_style->background);
            m_chart->scene()->render(&painter, QRectF(QPointF(0, 0), size), m_chart->sceneBoundingRect());
            ok = painter.end();
        }
    }
    if (!onScreen && oldSize.isValid() && !oldSize.isEmpty())
        m_chart->resize(oldSize);
    if (!ok || !QFileInfo(path).isFile() || QFileInfo(path).size() == 0)
        return fail(QStringLiteral(
                        "Could not write the chart to %1: check that the folder exists and can be written.")
                        .arg(path));
    return true;
}

} // namespace flakeoff::app
