// SPDX-License-Identifier: MIT
#include "ElidedLabel.h"

#include <QEvent>
#include <QStringList>

namespace flakeoff::app {

ElidedLabel::ElidedLabel(QWidget *parent) : QLabel(parent)
{
    // The layout decides the width; the text follows it.
    setSizePolicy(QSizePolicy::Ignored, sizePolicy().verticalPolicy());
    setTextFormat(Qt::PlainText);
    setWordWrap(false);
}

void ElidedLabel::setFullText(const QString &text)
{
    m_full = text;
    elide();
}

void ElidedLabel::setExtraToolTip(const QString &tip)
{
    m_extraTip = tip;
    elide();
}

QSize ElidedLabel::minimumSizeHint() const
{
    return {0, QLabel::minimumSizeHint().height()};
}

void ElidedLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    elide();
}

void ElidedLabel::changeEvent(QEvent *event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        elide();
}

void ElidedLabel::elide()
{
    // The room inside the frame and margins; a label not laid out yet shows the whole text.
    const int room = contentsRect().width() - 2 * margin();
    const QString shown = room > 0 ? fontMetrics().elidedText(m_full, Qt::ElideMiddle, room) : m_full;
    if (shown != text())
        setText(shown);
    QStringList tip;
    if (shown != m_full)
        tip << m_full;
    if (!m_extraTip.isEmpty())
        tip << m_extraTip;
    setToolTip(tip.join(QLatin1Char('\n')));
}

} // namespace flakeoff::app
