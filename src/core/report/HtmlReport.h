// SPDX-License-Identifier: MIT
#pragma once

#include "ChartData.h"

#include <QByteArray>
#include <QString>

#include <functional>

namespace flakeoff {

class SessionSummary;

// A session as ONE self-contained HTML file that opens offline: inline CSS, inline SVG charts, no
// script, no external reference of any kind. Written as well-formed XHTML-compatible HTML5 (every
// element closed, only XML's predefined entities), so tests can parse it with an XML reader.
//
// Order: the question and its answer (per target a table of each strategy's median rebuild time
// per step, derivations rebuilt and the relative factor, fastest marked; skipped strategies),
// then the charts, then per-strategy details (what each step rebuilt, the cold build derivation by
// derivation with phases, failures with their last log lines, notes), then the environment. A
// session holding a prediction gets "Predicted rebuilds" before the per-strategy details: per
// target a step × strategy table of predicted against built (differing cells marked in colour and
// with a ✗), the findings, and each step's predicted derivations in a <details> element.
// Every string from the session is HTML-escaped: derivation names and log lines are untrusted.
//
// The core does not draw: SVG markup comes from providers the caller passes (the CLI and the app
// pass src/render's chart painters). Without them the report says "charts not rendered".
class HtmlReport
{
public:
    enum class Theme
    {
        Auto,
        Light,
        Dark
    }; // Auto follows the reader's prefers-color-scheme

    using BarChartSvg = std::function<QByteArray(const BarChartData &)>;
    using TimelineSvg = std::function<QByteArray(const TimelineData &)>;

    struct Options
    {
        Theme theme = Theme::Auto;
        BarChartSvg barChart; // empty: no charts
        TimelineSvg timeline;
    };

    static QByteArray write(const SessionSummary &summary, const Options &options);
    static QByteArray write(const SessionSummary &summary) { return write(summary, Options{}); }

    // Text for an element or an attribute value: & < > " ' as entities, control characters
    // (which XML forbids) as U+FFFD.
    static QString escape(const QString &text);
    // SVG markup ready to inline: anything before "<svg" (XML declaration, doctype) and after its
    // end dropped, then parsed and written again so that no string in it can become
    // markup — scripts, foreignObject, event handlers and references outside the document are
    // removed. Empty when the bytes hold no well-formed <svg> element.
    static QByteArray inlineSvg(const QByteArray &svg);
};

} // namespace flakeoff
