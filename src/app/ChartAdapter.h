// SPDX-License-Identifier: MIT
#pragma once

#include "report/ChartData.h"

#include <QColor>
#include <QObject>
#include <QSize>
#include <QString>

#include <memory>

class QAbstractAxis;
class QBarSeries;
class QChart;
class QChartView;
class QGraphicsTextItem;
class QImage;
class QPalette;
class QScatterSeries;
class QValueAxis;

namespace flakeoff::app {

// The one place that turns chart data (BarChartData, TimelineData from core/report) into Qt Charts
// objects. Qt Charts is deprecated upstream from Qt 6.10: everything that knows its classes lives
// here, so moving to another chart library means rewriting this class only.
//
// One adapter drives one QChartView. It owns the view's chart and rebuilds its contents when data
// or the theme change; hover shows each value's exact label as a tooltip, a click reports the bar
// (and so the build) behind it. A chart without anything to draw always says why, over its plot
// area, in the chart itself (so an exported image says it too).
//
// Bar charts: one QBarSet per data series (strategy), whiskers (min–max) as one small QLineSeries
// per bar, the fastest bar, bars with failed runs and cells whose runs were cancelled marked by
// QScatterSeries points (a star, a red triangle, a grey diamond), short values
// over the bars where they fit. Timelines: a time axis and a drawn item with one row per derivation
// (status colour, phase strip, critical path outline); rows scroll, so 5,000 derivations cost the
// same to paint as 30.
class ChartAdapter : public QObject
{
    Q_OBJECT

public:
    enum class Theme
    {
        Light,
        Dark
    };
    enum class Content
    {
        Message,
        Bars,
        Timeline
    };

    explicit ChartAdapter(QChartView *view, QObject *parent = nullptr);
    ~ChartAdapter() override;

    QChartView *view() const { return m_view; }
    QChart *chart() const { return m_chart; }

    // Presentation: larger type, thicker lines and stronger contrast, for a projector.
    void setTheme(Theme theme, bool presentation);
    Theme theme() const { return m_theme; }
    bool isPresentation() const { return m_presentation; }
    // Dark when the palette's window colour is dark (the app follows the desktop).
    static Theme themeFor(const QPalette &palette);

    // A grouped bar chart. `note` is written over the plot area, e.g. why nothing can be drawn;
    // data without any value always gets a note (a generic one when none is given).
    void showBars(BarChartData data, const QString &note = {});
    // A build's timeline; `note` as for bars. An untimed or empty timeline always gets a note.
    void showTimeline(TimelineData data, const QString &note = {});
    // Nothing to chart: a title and a sentence saying why.
    void showMessage(const QString &title, const QString &message);

    Content content() const { return m_content; }
    const BarChartData &bars() const { return m_bars; }
    const TimelineData &timeline() const { return m_timeline; }
    // The sentence over the plot area; empty when none is shown.
    QString message() const { return m_message; }
    // The text of the tooltip shown last (hover), for tests and accessibility.
    QString hoverText() const { return m_hoverText; }

    // Bar charts: series values are the data's values divided by valueScale() (sizes are drawn in
    // KiB, MiB or GiB, valueUnit() names it; times and counts are drawn as they are).
    double valueScale() const { return m_valueScale; }
    QString valueUnit() const { return m_valueUnit; }
    // The bars (one QBarSet per data series, in order); null unless content() is Bars.
    QBarSeries *barSeries() const { return m_barSeries; }
    QScatterSeries *fastestMarkers() const { return m_fastestMarkers; }
    QScatterSeries *failedMarkers() const { return m_failedMarkers; }
    // Cells without a time whose runs were cancelled (BarValue::cancelled); null when none.
    QScatterSeries *cancelledMarkers() const { return m_cancelledMarkers; }
    // Number of whiskers drawn (bars with a min–max range).
    int whiskerCount() const { return m_whiskerCount; }

    // Timelines show a window of rows; these move it (TimelineView's scroll bar and wheel).
    int timelineRowCount() const;
    int timelineFirstRow() const { return m_firstRow; }
    int timelineRowsShown() const { return m_rowsShown; }
    void setTimelineFirstRow(int row);
    // The timeline row (index into timeline().bars) at a position in the chart view's viewport,
    // -1 when none; and the tooltip for one row.
    int timelineRowAt(const QPointF &viewportPos) const;
    // Time zoom: `factor` < 1 zooms in around `anchorS` (seconds), > 1 out; pan by seconds.
    void zoomTimeline(double factor, double anchorS);
    void panTimeline(double deltaS);
    void resetTimelineZoom();
    double timelineStartS() const { return m_timeMinS; }
    double timelineEndS() const { return m_timeMaxS; }
    // The time under a point of the view's viewport.
    double timelineSecondsAt(const QPointF &viewportPos) const;
    QString timelineToolTip(int row) const;

    // Writes the chart as PNG or SVG, chosen by the file's suffix. The chart is drawn at its size
    // on screen, or at exportSize() when it is not on screen. False with a readable reason.
    bool exportTo(const QString &path, QString *error = nullptr);
    QImage toImage(qreal devicePixelRatio = 2.0);
    static QSize exportSize() { return {1200, 700}; }

    // What a hover or click on bar `index` of data series `series` does (QBarSet signals call
    // these; public so that views can forward keyboard activation).
    void hoverBar(int series, int index, bool entered);
    void clickBar(int series, int index);

Q_SIGNALS:
    // A bar (or its fastest/failed marker) was clicked: the cell behind it. `failedMarker`: the
    // click was on the failure marker, so the failed run is wanted rather than the median one.
    void barClicked(const flakeoff::BarValue &value, bool failedMarker);
    // A derivation's bar in a timeline was clicked (index into timeline().bars).
    void timelineBarClicked(int row);
    // The timeline's rows or window changed (for scroll bars).
    void timelineWindowChanged();

private:
    struct Style;
    class GanttItem;
    class LabelItem;

    void rebuild();
    void settle();
    void clearChart();
    void styleChart();
    void buildBars();
    void buildTimeline();
    void placeMessage();
    void layoutTimeline();
    void applyTimeRange();
    void showToolTip(const QString &text);
    const BarValue *valueAt(int series, int index) const;
    QScatterSeries *addMarkers(const QString &name, int shape, const QColor &color);
    using MarkedPoints = std::vector<std::pair<QPointF, const BarValue *>>;
    // Markers of cells without a time (failed or cancelled runs): hover says what, a click opens
    // the build. `kept` is the member the hover and click handlers look the points up in.
    QScatterSeries *addRunMarkers(const QString &name, int shape, const QColor &color,
                                  const MarkedPoints &points, MarkedPoints &kept, bool failedRuns,
                                  QAbstractAxis *categoryAxis, QAbstractAxis *valueAxis);

    QChartView *m_view;
    QChart *m_chart;
    std::unique_ptr<Style> m_style;
    Theme m_theme = Theme::Light;
    bool m_presentation = false;

    Content m_content = Content::Message;
    BarChartData m_bars;
    TimelineData m_timeline;
    QString m_title;
    QString m_message;
    QString m_hoverText;

    QGraphicsTextItem *m_messageItem;
    GanttItem *m_gantt;
    LabelItem *m_labels;
    QBarSeries *m_barSeries = nullptr;
    QScatterSeries *m_fastestMarkers = nullptr;
    QScatterSeries *m_failedMarkers = nullptr;
    QScatterSeries *m_cancelledMarkers = nullptr;
    QValueAxis *m_rowAxis = nullptr;
    QValueAxis *m_timeAxis = nullptr;
    double m_fullTimeS = 0; // the whole build, rounded up to a tick
    double m_timeMinS = 0;  // the time window shown (zoom)
    double m_timeMaxS = 0;
    std::vector<std::pair<QPointF, const BarValue *>> m_fastestPoints;
    MarkedPoints m_failedPoints;
    MarkedPoints m_cancelledPoints;
    int m_whiskerCount = 0;
    double m_valueScale = 1.0;
    QString m_valueUnit;
    int m_firstRow = 0;
    int m_rowsShown = 0;
};

} // namespace flakeoff::app
