// SPDX-License-Identifier: MIT
#include "ReportExporter.h"

#include "ChartRenderer.h"
#include "ChartStyle.h"
#include "PdfReport.h"
#include "report/ReportCharts.h"
#include "report/SessionSummary.h"

#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>

namespace flakeoff {

namespace {
using Format = ReportWriter::Format;
using Result = ReportExporter::Result;
using Failure = ReportExporter::Failure;

// PNGs at twice the logical size: sharp on high-density screens and slides.
constexpr qreal kPngRatio = 2.0;

Result failed(Failure failure, const QString &error)
{
    Result r;
    r.failure = failure;
    r.error = error;
    return r;
}

HtmlReport::Theme htmlTheme(ReportExporter::Theme theme)
{
    switch (theme) {
    case ReportExporter::Theme::Auto:
        return HtmlReport::Theme::Auto;
    case ReportExporter::Theme::Dark:
        return HtmlReport::Theme::Dark;
    case ReportExporter::Theme::Light:
    case ReportExporter::Theme::Slides:
        return HtmlReport::Theme::Light;
    }
    return HtmlReport::Theme::Auto;
}

// The charts of svg and png files; HTML pages are read at a desk, so never the slides' type.
ChartStyle chartStyle(ReportExporter::Theme theme, Format format)
{
    if (theme == ReportExporter::Theme::Dark)
        return ChartStyle::dark();
    if (theme == ReportExporter::Theme::Slides && format != Format::Html)
        return ChartStyle::slides();
    return ChartStyle::report();
}

struct Chart
{
    QString id;
    const BarChartData *bars = nullptr;
    const TimelineData *timeline = nullptr;
};

std::vector<Chart> chartsOf(const ReportCharts &charts)
{
    std::vector<Chart> all;
    for (const auto &d : charts.bars)
        all.push_back({d.id, &d, nullptr});
    for (const auto &t : charts.timelines)
        all.push_back({t.id, nullptr, &t});
    return all;
}

QByteArray draw(const Chart &chart, Format format, const ChartStyle &style)
{
    if (format == Format::Svg)
        return chart.bars ? ChartRenderer::toSvg(*chart.bars, {}, style)
                          : ChartRenderer::toSvg(*chart.timeline, {}, style);
    return ChartRenderer::toPng(chart.bars ? ChartRenderer::toImage(*chart.bars, {}, kPngRatio, style)
                                           : ChartRenderer::toImage(*chart.timeline, {}, kPngRatio, style));
}

// svg, png: one chart into a file named after it, or every chart into a folder.
Result writeCharts(const Session &session, const ReportExporter::Options &options, const QString &out)
{
    const QString ext = ReportWriter::extension(options.format);
    const ReportCharts charts = ReportCharts::of(SessionSummary(session));
    const std::vector<Chart> all = chartsOf(charts);
    const QFileInfo info(out);
    std::vector<Chart> chosen;
    QString dir;
    if (info.suffix().compare(ext, Qt::CaseInsensitive) == 0) {
        const QString name = info.fileName().chopped(ext.size() + 1);
        QStringList names;
        for (const Chart &c : all) {
            names << ReportCharts::fileName(c.id);
            if (names.back() == name)
                chosen.push_back(c);
        }
        if (chosen.empty())
            return failed(
                Failure::Refused,
                QStringLiteral(
                    "%1 names no chart of this session: name the file after one chart (%2) or give a "
                    "folder for all of them")
                    .arg(out, names.isEmpty() ? QStringLiteral("there are none")
                                              : names.join(QStringLiteral(", "))));
        chosen.resize(1);
    } else if (info.exists() && !info.isDir()) {
        return failed(Failure::Unwritable,
                      QStringLiteral(
                          "%1 exists and is not a folder; svg and png write one file per chart into a folder")
                          .arg(out));
    } else if (const auto other = ReportExporter::formatOf(out); other && !info.exists()) {
        // Not made a folder: "charts.svg" for png is a slip, and a folder by that name a trap.
        return failed(
            Failure::Refused,
            QStringLiteral("%1 ends in .%2: %3 charts go into a folder, or into a file named after one chart "
                           "ending in .%3")
                .arg(out, ReportWriter::extension(*other), ext));
    } else {
        if (!QDir().mkpath(out))
            return failed(Failure::Unwritable, QStringLiteral("cannot create the folder %1").arg(out));
        dir = out;
        chosen = all;
    }

    const ChartStyle style = chartStyle(options.theme, options.format);
    Result result;
    for (const Chart &c : chosen) {
        const QByteArray bytes = draw(c, options.format, style);
        if (bytes.isEmpty()) {
            result.failure = Failure::Unwritable;
            result.error = QStringLiteral("the chart %1 could not be drawn").arg(c.id);
            return result;
        }
        const QString path =
            dir.isEmpty() ? out : QDir(dir).filePath(ReportCharts::fileName(c.id) + QLatin1Char('.') + ext);
        if (!ReportWriter::save(path, bytes, &result.error)) {
            result.failure = Failure::Unwritable;
            return result;
        }
        result.written << path;
    }
    if (!dir.isEmpty())
        result.notes = charts.missing;
    return result;
}
} // namespace

std::optional<ReportExporter::Theme> ReportExporter::themeFromName(const QString &name)
{
    const QString n = name.toLower();
    if (n == QLatin1String("auto"))
        return Theme::Auto;
    if (n == QLatin1String("light"))
        return Theme::Light;
    if (n == QLatin1String("dark"))
        return Theme::Dark;
    if (n == QLatin1String("slides"))
        return Theme::Slides;
    return std::nullopt;
}

QStringList ReportExporter::themeNames()
{
    return {QStringLiteral("auto"), QStringLiteral("light"), QStringLiteral("dark"),
            QStringLiteral("slides")};
}

std::optional<ReportWriter::Format> ReportExporter::formatOf(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix();
    return suffix.isEmpty() ? std::nullopt : ReportWriter::formatFromName(suffix);
}

QString ReportExporter::defaultOutput(ReportWriter::Format format, const QString &sessionPath)
{
    if (ReportWriter::isText(format))
        return {};
    const QString base = sessionPath.endsWith(QLatin1String(".json")) ? sessionPath.chopped(5) : sessionPath;
    return format == Format::Pdf ? base + QStringLiteral(".pdf") : base + QStringLiteral("-charts");
}

bool ReportExporter::canDraw()
{
    return qobject_cast<QGuiApplication *>(QCoreApplication::instance()) != nullptr;
}

QByteArray ReportExporter::text(const Session &session, const Options &options)
{
    ReportWriter::Options writerOptions;
    writerOptions.csvShape = options.csvShape;
    writerOptions.html.theme = htmlTheme(options.theme);
    if (options.format == Format::Html && canDraw()) {
        // Charts as inline SVG, drawn by the same painters as the app's and the chart files.
        const ChartStyle style = chartStyle(options.theme, Format::Html);
        writerOptions.html.barChart = [style](const BarChartData &d) {
            return ChartRenderer::toSvg(d, {}, style);
        };
        writerOptions.html.timeline = [style](const TimelineData &t) {
            return ChartRenderer::toSvg(t, {}, style);
        };
    }
    return ReportWriter::text(options.format, SessionSummary(session), writerOptions);
}

ReportExporter::Result ReportExporter::write(const Session &session, const Options &options,
                                             const QString &out)
{
    if (ReportWriter::isText(options.format)) {
        Result result;
        if (ReportWriter::save(out, text(session, options), &result.error))
            result.written << out;
        else
            result.failure = Failure::Unwritable;
        return result;
    }
    if (!canDraw())
        return failed(Failure::NoRenderer,
                      QStringLiteral("%1 cannot be drawn without a GUI application (QGuiApplication)")
                          .arg(ReportWriter::formatName(options.format)));
    if (options.format == Format::Pdf) {
        Result result;
        if (PdfReport::write(session, out, &result.error))
            result.written << out;
        else
            result.failure = Failure::Unwritable;
        if (!result.ok() && result.error.isEmpty())
            result.error = QStringLiteral("cannot write %1").arg(out);
        return result;
    }
    return writeCharts(session, options, out);
}

} // namespace flakeoff
