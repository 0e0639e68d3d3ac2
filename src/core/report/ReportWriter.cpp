// SPDX-License-Identifier: MIT
#include "ReportWriter.h"

#include "JsonReport.h"
#include "MarkdownReport.h"

#include <QSaveFile>

namespace flakeoff {

namespace {
constexpr ReportWriter::Format kFormats[] = {ReportWriter::Format::Html, ReportWriter::Format::Markdown,
                                             ReportWriter::Format::Csv,  ReportWriter::Format::Json,
                                             ReportWriter::Format::Pdf,  ReportWriter::Format::Svg,
                                             ReportWriter::Format::Png};
} // namespace

std::optional<ReportWriter::Format> ReportWriter::formatFromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("htm"))
        return Format::Html;
    if (n == QLatin1String("markdown"))
        return Format::Markdown;
    for (Format f : kFormats)
        if (formatName(f) == n)
            return f;
    return std::nullopt;
}

QString ReportWriter::formatName(Format format)
{
    switch (format) {
    case Format::Html:
        return QStringLiteral("html");
    case Format::Markdown:
        return QStringLiteral("md");
    case Format::Csv:
        return QStringLiteral("csv");
    case Format::Json:
        return QStringLiteral("json");
    case Format::Pdf:
        return QStringLiteral("pdf");
    case Format::Svg:
        return QStringLiteral("svg");
    case Format::Png:
        return QStringLiteral("png");
    }
    return {};
}

QStringList ReportWriter::formatNames()
{
    QStringList names;
    for (Format f : kFormats)
        names << formatName(f);
    return names;
}

QString ReportWriter::extension(Format format)
{
    return formatName(format);
}

bool ReportWriter::isText(Format format)
{
    return format == Format::Html || format == Format::Markdown || format == Format::Csv ||
           format == Format::Json;
}

QByteArray ReportWriter::text(Format format, const SessionSummary &summary, const Options &options)
{
    switch (format) {
    case Format::Html:
        return HtmlReport::write(summary, options.html);
    case Format::Markdown:
        return MarkdownReport::write(summary);
    case Format::Csv:
        return CsvReport::write(summary, options.csvShape);
    case Format::Json:
        return JsonReport::write(summary);
    case Format::Pdf:
    case Format::Svg:
    case Format::Png:
        return {};
    }
    return {};
}

bool ReportWriter::save(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

} // namespace flakeoff
