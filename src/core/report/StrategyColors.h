// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <vector>

namespace flakeoff {

// One colour per strategy id, the same in every session, view and export (the app's charts, the
// SVG/PNG/PDF renderer, the HTML report): a strategy is recognised by its colour, not by where it
// stood in a session's order. A layout model shares its tool's hue, lighter, so the real tools and
// the models read apart at a glance; the legend adds "(model)". Unknown ids get a colour made from
// the id itself, so a custom strategy keeps its colour too. Colours are "#rrggbb" strings: core has
// no QtGui; render's ChartPalette turns them into QColors.
class StrategyColors
{
public:
    struct Entry
    {
        QString id;
        QString hex;        // "#0072b2"
        bool model = false; // an offline layout model of the tools of its hue
    };

    // The known strategies, tools first, each followed by nothing else of its hue but its model.
    static const std::vector<Entry> &known();
    // The colour of any id: the table's, else one made from the id (never a known one's).
    static Entry of(const QString &strategyId);
    // What a legend calls the series: "per-crate (model)" for a model, else the id.
    static QString legendName(const QString &strategyId);

    // Series that are not strategies (the store cost's sizes): greys, never read as a strategy.
    static QString closureHex() { return QStringLiteral("#4d4d4d"); }
    static QString intermediateHex() { return QStringLiteral("#a6a6a6"); }
};

} // namespace flakeoff
