// SPDX-License-Identifier: MIT
#pragma once

#include <QLabel>

namespace flakeoff::app {

// A one-line label for text that may be longer than the room it gets (a derivation's name in a
// log's title, a run's headline): it takes the width its layout gives it, never more, and cuts the
// text in the middle ("Log of sample-app-…-0.1.0 — built in 3 s") rather than off its end, where a
// name's version and the state are; the whole text is then its tooltip. On a projector's 1280
// pixels nothing is cut without a mark.
class ElidedLabel : public QLabel
{
    Q_OBJECT

public:
    explicit ElidedLabel(QWidget *parent = nullptr);

    // The whole text; text() is what fits.
    void setFullText(const QString &text);
    QString fullText() const { return m_full; }
    // Said under the whole text in the tooltip, elided or not (a derivation's store path).
    void setExtraToolTip(const QString &tip);
    bool isElided() const { return text() != m_full; }

    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void elide();

    QString m_full;
    QString m_extraTip;
};

} // namespace flakeoff::app
