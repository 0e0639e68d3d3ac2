// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QChartView;
class QScrollBar;

namespace flakeoff::app {

class ChartAdapter;

// A build's timeline chart with a scroll bar for its rows: a big build (thousands of
// derivations) shows a window of readable rows; the wheel and the scroll bar move it. Ctrl+wheel
// zooms the time axis around the pointer, Shift+wheel (or a sideways wheel) pans it, a double
// click shows the whole build again.
class TimelineView : public QWidget
{
    Q_OBJECT

public:
    explicit TimelineView(QWidget *parent = nullptr);

    ChartAdapter *adapter() const { return m_adapter; }
    QChartView *chartView() const { return m_view; }
    QScrollBar *scrollBar() const { return m_scroll; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void syncScrollBar();

    QChartView *m_view;
    QScrollBar *m_scroll;
    ChartAdapter *m_adapter;
};

} // namespace flakeoff::app
