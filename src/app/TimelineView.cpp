// SPDX-License-Identifier: MIT
#include "TimelineView.h"

#include "ChartAdapter.h"

#include <QChartView>
#include <QHBoxLayout>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QWheelEvent>

#include <cmath>

namespace flakeoff::app {

TimelineView::TimelineView(QWidget *parent)
    : QWidget(parent), m_view(new QChartView(this)), m_scroll(new QScrollBar(Qt::Vertical, this)),
      m_adapter(new ChartAdapter(m_view, this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_scroll);
    m_view->setObjectName(QStringLiteral("timelineChart"));
    m_scroll->setObjectName(QStringLiteral("timelineScroll"));
    m_scroll->setAccessibleName(QStringLiteral("Scroll the derivations of the build"));
    m_view->viewport()->installEventFilter(this);
    connect(m_adapter, &ChartAdapter::timelineWindowChanged, this, &TimelineView::syncScrollBar);
    connect(m_scroll, &QScrollBar::valueChanged, m_adapter, &ChartAdapter::setTimelineFirstRow);
    syncScrollBar();
}

void TimelineView::syncScrollBar()
{
    const int rows = m_adapter->timelineRowCount();
    const int shown = std::min(rows, m_adapter->timelineRowsShown());
    const QSignalBlocker block(m_scroll);
    m_scroll->setRange(0, std::max(0, rows - shown));
    m_scroll->setPageStep(std::max(1, shown));
    m_scroll->setSingleStep(1);
    m_scroll->setValue(m_adapter->timelineFirstRow());
    m_scroll->setVisible(rows > shown);
}

bool TimelineView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Wheel &&
        m_adapter->content() == ChartAdapter::Content::Timeline) {
        const auto *wheel = static_cast<QWheelEvent *>(event);
        const double notches = wheel->angleDelta().y() / 120.0;
        const double sideways = wheel->angleDelta().x() / 120.0;
        if (wheel->modifiers() & Qt::ControlModifier) {
            // Ctrl+wheel zooms the time axis around the pointer, as in most timelines.
            m_adapter->zoomTimeline(std::pow(0.8, notches), m_adapter->timelineSecondsAt(wheel->position()));
        } else if ((wheel->modifiers() & Qt::ShiftModifier) || sideways != 0) {
            const double span = m_adapter->timelineEndS() - m_adapter->timelineStartS();
            m_adapter->panTimeline(-(sideways != 0 ? sideways : notches) * span * 0.1);
        } else if (m_scroll->isVisible()) {
            // Three rows a notch, like text views.
            m_scroll->setValue(m_scroll->value() - static_cast<int>(std::lround(notches * 3)));
        }
        return true;
    }
    if (watched == m_view->viewport() && event->type() == QEvent::MouseButtonDblClick) {
        m_adapter->resetTimelineZoom();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace flakeoff::app
