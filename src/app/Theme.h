// SPDX-License-Identifier: MIT
#pragma once

#include "AppSettings.h"

#include <QFont>
#include <QPalette>

namespace flakeoff::app {

// The application's look: a palette per theme, and presentation mode for talks (large type and
// the high-contrast palette whatever the theme). Applied to the whole application, so dialogs and
// menus follow. The palette and font the platform gave at start are kept and restored for System.
class Theme
{
public:
    static constexpr qreal kPresentationScale = 1.6;

    // Records the platform's palette, font and style once (call after QApplication exists).
    static void captureDefaults();

    static void apply(AppSettings::Theme theme, bool presentation);

    static QPalette palette(AppSettings::Theme theme);
    static QFont baseFont();
};

} // namespace flakeoff::app
