// SPDX-License-Identifier: MIT
#pragma once

#include "ChartStyle.h"
#include "report/ChartData.h"

#include <QRectF>
#include <QWidget>

#include <vector>

namespace flakeoff::app {

// The rebuild cost of one target as one small panel per scenario step, each with its own scale
// from zero: horizontal bars, one per strategy, every bar labelled with its median (the winner's
// too, with its star). A shared axis lets the cold build flatten every edit step (minutes against
// seconds); within a panel, bars still compare honestly, and the question asked is always within a
// step: which strategy rebuilds this step fastest. Whiskers show the runs' min–max. A cell without a
// time says "failed", "cancelled" or "not run" in words, where a bar would be, never as a bar.
//
// Panels flow into as many columns as fit without cutting a name or a label, so the widget's
// height depends on its width (heightForWidth); given more height than that, it uses it (fewer,
// wider panels, taller rows). Drawn with QPainter from the same BarChartData as
// the exported chart (ChartDataBuilder::rebuildCost), in the export's series colours.
class RebuildCostPanels : public QWidget
{
    Q_OBJECT

public:
    explicit RebuildCostPanels(QWidget *parent = nullptr);

    // `note` replaces the panels when nothing can be drawn, or stands over them (why a step has no
    // time). Data without any value always gets a note.
    void setData(BarChartData data, const QString &note = {});
    const BarChartData &data() const { return m_data; }
    QString note() const { return m_note; }
    // The series colours of the light or dark export style.
    void setDark(bool dark);
    // The panel drawn highlighted (presentation mode's current step); -1 for none.
    void setCurrentStep(int category);
    int currentStep() const { return m_current; }

    // Where things are drawn at the current width, for tests and hit testing. Empty rects where
    // nothing is drawn (no bar without a time).
    int columnCount() const { return m_layout.columns; }
    QRectF panelRect(int category) const;
    QRectF titleRect(int category) const;
    QRectF nameRect(int series, int category) const;
    QRectF barRect(int series, int category) const;
    QRectF labelRect(int series, int category) const;
    // The text written after the bar: "2.31 s", "2.31 s ★" for the step's winner, "failed".
    QString labelText(int series, int category) const;

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    // A bar (or its label) was clicked: the cell behind it. `failedRun`: the cell has no time and
    // failed, so its failed build is wanted.
    void barClicked(const flakeoff::BarValue &value, bool failedRun);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    struct Row
    {
        QRectF name;
        QRectF bar;
        QRectF whisker; // min–max, at the bar's height; empty without a range
        QRectF label;
    };
    struct Layout
    {
        int columns = 1;
        QRectF note;
        std::vector<QRectF> panels;
        std::vector<QRectF> titles;
        std::vector<std::vector<Row>> rows; // [category][series]
        int height = 0;
    };

    // `height` 0: the least height the width needs.
    Layout layoutFor(int width, int height) const;
    QFont labelFont(bool bold) const;
    QFont titleFont() const;
    const BarValue *valueAt(int series, int category) const;
    // The cell under a point: {series, category}, or {-1, -1}.
    std::pair<int, int> cellAt(const QPointF &pos) const;

    BarChartData m_data;
    QString m_note;
    ChartStyle m_style;
    int m_current = -1;
    Layout m_layout;
};

} // namespace flakeoff::app
