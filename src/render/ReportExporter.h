// SPDX-License-Identifier: MIT
#pragma once

#include "report/ReportWriter.h"
#include "session/Session.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace flakeoff {

// A session's report in any format, to files: the one way `flakeoff-cli report` and the app's
// File › Export report write one, so both give the same bytes. The text formats come from the
// core (ReportWriter), HTML with its charts inlined as SVG, the PDF from PdfReport, SVG and PNG
// one file per chart.
//
// Where svg and png go (`out`):
//   a file named after one chart with the format's extension (rebuild-app.png): that chart alone
//   anything else: a folder (made when missing) that gets every chart, one file each
// A path that exists and is no folder is refused, and so is a new path ending in another format's
// extension (charts.svg for png): it is not made a folder.
//
// Drawing needs a QGuiApplication (fonts): without one, HTML has no charts and PDF, SVG and PNG
// fail with Failure::NoRenderer.
class ReportExporter
{
public:
    enum class Theme
    {
        Auto,
        Light,
        Dark,
        Slides
    };

    struct Options
    {
        ReportWriter::Format format = ReportWriter::Format::Html;
        // html: auto follows the reader's light/dark setting, dark is dark; light and slides are
        // light. Charts of svg/png: dark, slides (large type), else light. The PDF is for paper:
        // always light.
        Theme theme = Theme::Auto;
        CsvReport::Shape csvShape = CsvReport::Shape::Cells;
    };

    enum class Failure
    {
        None,
        Refused,
        Unwritable,
        NoRenderer
    };
    struct Result
    {
        Failure failure = Failure::None;
        QString error;       // a sentence for the user; empty when written
        QStringList written; // every file written, in order
        QStringList notes;   // charts left out and why
        bool ok() const { return failure == Failure::None; }
    };

    // "auto", "light", "dark", "slides" (any case); nullopt for anything else.
    static std::optional<Theme> themeFromName(const QString &name);
    static QStringList themeNames();
    // The format a file name's extension names (report.md → md); nullopt when none.
    static std::optional<ReportWriter::Format> formatOf(const QString &path);
    // Where a format goes when the user names no place: beside the session as <session>.pdf or
    // <session>-charts/ (svg, png); empty for the text formats (they go to stdout).
    static QString defaultOutput(ReportWriter::Format format, const QString &sessionPath);
    // Whether a chart can be drawn in this process (a QGuiApplication exists).
    static bool canDraw();

    // The report in a text format (html, md, csv, json), HTML with charts when canDraw().
    static QByteArray text(const Session &session, const Options &options);
    // Writes the report to `out` (see above for svg and png).
    static Result write(const Session &session, const Options &options, const QString &out);
};

} // namespace flakeoff
