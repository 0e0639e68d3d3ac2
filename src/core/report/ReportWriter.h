// SPDX-License-Identifier: MIT
#pragma once

#include "CsvReport.h"
#include "HtmlReport.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace flakeoff {

class SessionSummary;

// The report formats by name, and the text ones (which the core writes alone) behind one call,
// so the CLI and the app export the same bytes. PDF, SVG and PNG are drawn by src/render.
class ReportWriter
{
public:
    enum class Format
    {
        Html,
        Markdown,
        Csv,
        Json,
        Pdf,
        Svg,
        Png
    };

    struct Options
    {
        HtmlReport::Options html;
        CsvReport::Shape csvShape = CsvReport::Shape::Cells;
    };

    // "html" (or "htm"), "md" (or "markdown"), "csv", "json", "pdf", "svg", "png"; case-insensitive.
    static std::optional<Format> formatFromName(const QString &name);
    static QString formatName(Format format);
    static QStringList formatNames();
    // The file name extension, without the dot: "html", "md", …
    static QString extension(Format format);
    // HTML, Markdown, CSV and JSON: written by the core (text()); the others need the renderer.
    static bool isText(Format format);

    // The report in a text format; empty for a format that is not text.
    static QByteArray text(Format format, const SessionSummary &summary, const Options &options);

    // Writes atomically (a half-written report never replaces a good one); false with a sentence
    // naming the path and the reason.
    static bool save(const QString &path, const QByteArray &bytes, QString *error);
};

} // namespace flakeoff
