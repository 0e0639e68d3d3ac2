// SPDX-License-Identifier: MIT
#pragma once

#include "log/BuildReport.h"
#include "report/ChartData.h"

#include <QColor>
#include <QFont>
#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

namespace flakeoff {

// How a chart looks, apart from what it shows: background, text colours, type sizes and the size
// an export gets when the caller does not ask for one. Three presets:
//   report  light, for HTML/PDF reports and the app (1000×560)
//   dark    the same proportions on a dark background (1000×560)
//   slides  16:9 (1920×1080) with large type, for a talk; light background for projectors
// Series and status colours come from ChartPalette; a style only lifts the ones that would vanish
// on its background (black on dark).
class ChartStyle
{
public:
    static ChartStyle report();
    static ChartStyle dark();
    static ChartStyle slides();
    // "report", "dark", "slides"; nullopt for anything else.
    static std::optional<ChartStyle> fromName(const QString &name);
    static QStringList presetNames();

    QString name;
    QSize defaultSize;
    QColor background;
    QColor text;
    QColor mutedText;
    QColor grid;   // value-axis grid lines
    QColor axis;   // axis base lines and ticks
    QColor shade;  // a band behind data: the evaluation period of a timeline
    QColor failed; // failed cells and their labels
    QString fontFamily;
    qreal fontPx = 13;   // labels; titles and captions are multiples of it
    qreal lineScale = 1; // stroke widths grow with the type for slides

    bool isDark() const;
    // A series' own colour ("#rrggbb" from core: a strategy's fixed colour) on this background.
    QColor seriesColor(const BarSeries &series) const;
    // A build status's colour on this background: failed is the style's `failed`, the others
    // ChartPalette's, lifted on a dark background as the series colours are.
    QColor statusColor(BuildStatus status) const;
    QFont font(qreal scale = 1.0, bool bold = false) const;

private:
    // A series colour lifted where it would vanish on a dark background.
    QColor onBackground(QColor c) const;
};

} // namespace flakeoff
