// SPDX-License-Identifier: MIT
#include "Theme.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>

namespace flakeoff::app {

namespace {
struct Defaults
{
    bool captured = false;
    QPalette palette;
    QFont font;
    QString style;
};

Defaults &defaults()
{
    static Defaults d;
    return d;
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30);
    const QColor base(0x1e, 0x1f, 0x22);
    const QColor text(0xe6, 0xe6, 0xe6);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x27, 0x29, 0x2c));
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xd6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6a, 0xa7, 0xf8));
    p.setColor(QPalette::Mid, QColor(0x44, 0x46, 0x4a));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Light, QColor(0x50, 0x52, 0x56));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(0x80, 0x80, 0x80));
    return p;
}

// Black on white with a saturated selection: what reads best on a projector in a lit room, and
// the colours of the charts (chosen for a light background) keep their meaning.
QPalette highContrastPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, Qt::white);
    p.setColor(QPalette::WindowText, Qt::black);
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::AlternateBase, QColor(0xee, 0xee, 0xee));
    p.setColor(QPalette::ToolTipBase, Qt::white);
    p.setColor(QPalette::ToolTipText, Qt::black);
    p.setColor(QPalette::PlaceholderText, QColor(0x44, 0x44, 0x44));
    p.setColor(QPalette::Text, Qt::black);
    p.setColor(QPalette::Button, QColor(0xf2, 0xf2, 0xf2));
    p.setColor(QPalette::ButtonText, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x00, 0x3c, 0xb4));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x00, 0x3c, 0xb4));
    p.setColor(QPalette::Mid, Qt::black);
    p.setColor(QPalette::Dark, Qt::black);
    p.setColor(QPalette::Shadow, Qt::black);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(0x55, 0x55, 0x55));
    return p;
}
} // namespace

void Theme::captureDefaults()
{
    Defaults &d = defaults();
    if (d.captured)
        return;
    d.captured = true;
    d.palette = QApplication::palette();
    d.font = QApplication::font();
    d.style = QApplication::style() ? QApplication::style()->name() : QString();
}

QFont Theme::baseFont()
{
    captureDefaults();
    return defaults().font;
}

QPalette Theme::palette(AppSettings::Theme theme)
{
    captureDefaults();
    switch (theme) {
    case AppSettings::Theme::System:
        return defaults().palette;
    case AppSettings::Theme::Light:
        return QApplication::style()->standardPalette();
    case AppSettings::Theme::Dark:
        return darkPalette();
    case AppSettings::Theme::HighContrast:
        return highContrastPalette();
    }
    return defaults().palette;
}

void Theme::apply(AppSettings::Theme theme, bool presentation)
{
    captureDefaults();
    const Defaults &d = defaults();
    const AppSettings::Theme effective = presentation ? AppSettings::Theme::HighContrast : theme;
    // Fusion draws every palette role; native styles may ignore a dark palette.
    const bool custom = effective != AppSettings::Theme::System;
    const QString wanted = custom ? QStringLiteral("fusion") : d.style;
    if (!wanted.isEmpty() && QApplication::style()->name().compare(wanted, Qt::CaseInsensitive) != 0)
        QApplication::setStyle(QStyleFactory::create(wanted));
    QApplication::setPalette(palette(effective));
    QFont font = d.font;
    if (presentation) {
        if (font.pointSizeF() > 0)
            font.setPointSizeF(font.pointSizeF() * kPresentationScale);
        else
            font.setPixelSize(static_cast<int>(font.pixelSize() * kPresentationScale));
    }
    QApplication::setFont(font);
}

} // namespace flakeoff::app
