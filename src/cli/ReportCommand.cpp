// SPDX-License-Identifier: MIT
#include "ReportCommand.h"

#include "report/ReportCharts.h"
#include "report/ReportWriter.h"
#include "report/SessionSummary.h"
#include "session/SessionStore.h"

#ifdef FLAKEOFF_HAVE_RENDER
#include "ChartRenderer.h"
#include "ChartStyle.h"
#include "PdfReport.h"

#include <QGuiApplication>
#endif

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>

#include <cstdio>
#include <optional>

namespace flakeoff::cli {

namespace {
struct ReportOptions
{
    QString session;
    ReportWriter::Format format = ReportWriter::Format::Html;
    QString out; // "" = the default place for the format; "-" = stdout
    QString theme = QStringLiteral("auto");
    bool runs = false;
};

constexpr int kUnreadable = 1;
constexpr int kUsage = 2;
constexpr int kUnwritable = 4;
constexpr int kNoRenderer = 5;

void fail(const QString &message) { std::fprintf(stderr, "flakeoff-cli report: %s\n", qPrintable(message)); }

void setUp(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Writes a comparison report of a saved session: html (one self-contained file with charts), md (tables for a "
        "GitHub issue), csv, json (hyperfine's --export-json shape), pdf, or svg/png (one file per chart)."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("format"),
                      QStringLiteral("Report format: %1 (default: from --out's extension, else html).")
                          .arg(ReportWriter::formatNames().join(QStringLiteral(", "))),
                      QStringLiteral("FORMAT")});
    parser.addOption({QStringLiteral("out"),
                      QStringLiteral("Output file ('-' for stdout), or folder for svg/png. Default: stdout for html, md, csv "
                                     "and json; <session>.pdf; <session>-charts/ for svg and png."),
                      QStringLiteral("PATH")});
    parser.addOption({QStringLiteral("theme"),
                      QStringLiteral("auto (html follows the reader's light/dark setting), light, dark, or slides (large "
                                     "type for svg/png). Default: auto. The pdf is for paper: always light."),
                      QStringLiteral("THEME")});
    parser.addOption({QStringLiteral("runs"), QStringLiteral("csv: one row per measurement instead of one per strategy × target × step.")});
    parser.addPositionalArgument(QStringLiteral("SESSION"), QStringLiteral("The session file written by 'flakeoff-cli run'."));
}

// Parsed and checked options; nullopt with a message for a usage error. `help` set for --help.
std::optional<ReportOptions> parse(QCommandLineParser &parser, const QStringList &arguments, QString *error, bool *help)
{
    *help = false;
    if (!parser.parse(arguments)) {
        *error = parser.errorText();
        return std::nullopt;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        *help = true;
        return std::nullopt;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        *error = QStringLiteral("expected exactly one SESSION file (see --help)");
        return std::nullopt;
    }
    ReportOptions o;
    o.session = positional.front();
    o.out = parser.value(QStringLiteral("out"));
    o.runs = parser.isSet(QStringLiteral("runs"));
    if (parser.isSet(QStringLiteral("format"))) {
        const auto f = ReportWriter::formatFromName(parser.value(QStringLiteral("format")));
        if (!f) {
            *error = QStringLiteral("unknown format \"%1\" (expected one of %2)")
                         .arg(parser.value(QStringLiteral("format")), ReportWriter::formatNames().join(QStringLiteral(", ")));
            return std::nullopt;
        }
        o.format = *f;
    } else if (!o.out.isEmpty() && o.out != QLatin1String("-")) {
        if (const auto f = ReportWriter::formatFromName(QFileInfo(o.out).suffix()))
            o.format = *f;
    }
    if (parser.isSet(QStringLiteral("theme"))) {
        o.theme = parser.value(QStringLiteral("theme")).toLower();
        const QStringList themes{QStringLiteral("auto"), QStringLiteral("light"), QStringLiteral("dark"), QStringLiteral("slides")};
        if (!themes.contains(o.theme)) {
            *error = QStringLiteral("unknown theme \"%1\" (expected auto, light, dark or slides)").arg(parser.value(QStringLiteral("theme")));
            return std::nullopt;
        }
    }
    if (o.out == QLatin1String("-") && !ReportWriter::isText(o.format)) {
        *error = QStringLiteral("%1 cannot go to stdout; give --out a path").arg(ReportWriter::formatName(o.format));
        return std::nullopt;
    }
    return o;
}

QString withoutJsonSuffix(const QString &path)
{
    return path.endsWith(QLatin1String(".json")) ? path.chopped(5) : path;
}

HtmlReport::Theme htmlTheme(const QString &theme)
{
    if (theme == QLatin1String("dark"))
        return HtmlReport::Theme::Dark;
    if (theme == QLatin1String("light") || theme == QLatin1String("slides"))
        return HtmlReport::Theme::Light;
    return HtmlReport::Theme::Auto;
}

bool writeText(const ReportOptions &o, const QByteArray &bytes)
{
    if (o.out.isEmpty() || o.out == QLatin1String("-")) {
        if (std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stdout) != static_cast<std::size_t>(bytes.size())
            || std::fflush(stdout) != 0) {
            fail(QStringLiteral("cannot write to stdout"));
            return false;
        }
        return true;
    }
    QString error;
    if (!ReportWriter::save(o.out, bytes, &error)) {
        fail(error);
        return false;
    }
    std::fprintf(stderr, "flakeoff-cli report: wrote %s\n", qPrintable(o.out));
    return true;
}

#ifdef FLAKEOFF_HAVE_RENDER
ChartStyle chartStyle(const QString &theme)
{
    if (theme == QLatin1String("dark"))
        return ChartStyle::dark();
    if (theme == QLatin1String("slides"))
        return ChartStyle::slides();
    return ChartStyle::report();
}

// One file per chart, named after the chart's id, in a folder.
int writeCharts(const ReportOptions &o, const SessionSummary &summary)
{
    const QString dir = o.out.isEmpty() ? withoutJsonSuffix(o.session) + QStringLiteral("-charts") : o.out;
    if (QFileInfo(dir).exists() && !QFileInfo(dir).isDir()) {
        fail(QStringLiteral("%1 exists and is not a folder; svg and png write one file per chart into a folder").arg(dir));
        return kUnwritable;
    }
    if (!QDir().mkpath(dir)) {
        fail(QStringLiteral("cannot create the folder %1").arg(dir));
        return kUnwritable;
    }
    const ChartStyle style = chartStyle(o.theme);
    const bool svg = o.format == ReportWriter::Format::Svg;
    const QString ext = ReportWriter::extension(o.format);
    // PNGs at twice the logical size: sharp on high-density screens and slides.
    constexpr qreal kPngRatio = 2.0;
    const ReportCharts charts = ReportCharts::of(summary);
    int written = 0;
    auto put = [&](const QString &id, const QByteArray &bytes) {
        const QString path = QDir(dir).filePath(ReportCharts::fileName(id) + QLatin1Char('.') + ext);
        QString error;
        if (bytes.isEmpty()) {
            fail(QStringLiteral("the chart %1 could not be drawn").arg(id));
            return false;
        }
        if (!ReportWriter::save(path, bytes, &error)) {
            fail(error);
            return false;
        }
        std::fprintf(stderr, "flakeoff-cli report: wrote %s\n", qPrintable(path));
        ++written;
        return true;
    };
    for (const auto &d : charts.bars)
        if (!put(d.id, svg ? ChartRenderer::toSvg(d, {}, style) : ChartRenderer::toPng(ChartRenderer::toImage(d, {}, kPngRatio, style))))
            return kUnwritable;
    for (const auto &t : charts.timelines)
        if (!put(t.id, svg ? ChartRenderer::toSvg(t, {}, style) : ChartRenderer::toPng(ChartRenderer::toImage(t, {}, kPngRatio, style))))
            return kUnwritable;
    for (const QString &m : charts.missing)
        std::fprintf(stderr, "flakeoff-cli report: note: %s\n", qPrintable(m));
    if (written == 0)
        std::fprintf(stderr, "flakeoff-cli report: no chart to draw: nothing was measured\n");
    return 0;
}
#endif
} // namespace

std::unique_ptr<QCoreApplication> makeApplication(int &argc, char **argv)
{
#ifdef FLAKEOFF_HAVE_RENDER
    if (argc > 1 && qstrcmp(argv[1], "report") == 0) {
        QStringList arguments;
        for (int i = 0; i < argc; ++i)
            if (i != 1)
                arguments << QString::fromLocal8Bit(argv[i]);
        QCommandLineParser parser;
        setUp(parser);
        QString error;
        bool help = false;
        const auto o = parse(parser, arguments, &error, &help);
        const bool draws = o && o->format != ReportWriter::Format::Markdown && o->format != ReportWriter::Format::Csv
                           && o->format != ReportWriter::Format::Json;
        if (draws) {
            // A command line never shows a window; fonts and images work on the offscreen platform.
            if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
                qputenv("QT_QPA_PLATFORM", "offscreen");
            return std::make_unique<QGuiApplication>(argc, argv);
        }
    }
#endif
    return std::make_unique<QCoreApplication>(argc, argv);
}

int report(const QStringList &arguments)
{
    QCommandLineParser parser;
    setUp(parser);
    QString error;
    bool help = false;
    const auto o = parse(parser, arguments, &error, &help);
    if (help) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    if (!o) {
        fail(error);
        return kUsage;
    }

    const auto session = SessionStore::load(o->session, &error);
    if (!session) {
        fail(error);
        return kUnreadable;
    }
    const SessionSummary summary(*session);

    ReportWriter::Options options;
    options.csvShape = o->runs ? CsvReport::Shape::Runs : CsvReport::Shape::Cells;
    options.html.theme = htmlTheme(o->theme);

    switch (o->format) {
    case ReportWriter::Format::Markdown:
    case ReportWriter::Format::Csv:
    case ReportWriter::Format::Json: return writeText(*o, ReportWriter::text(o->format, summary, options)) ? 0 : kUnwritable;
    case ReportWriter::Format::Html:
#ifdef FLAKEOFF_HAVE_RENDER
        if (qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
            const ChartStyle style = chartStyle(o->theme == QLatin1String("slides") ? QStringLiteral("light") : o->theme);
            options.html.barChart = [style](const BarChartData &d) { return ChartRenderer::toSvg(d, {}, style); };
            options.html.timeline = [style](const TimelineData &t) { return ChartRenderer::toSvg(t, {}, style); };
        }
#endif
        return writeText(*o, ReportWriter::text(o->format, summary, options)) ? 0 : kUnwritable;
    case ReportWriter::Format::Pdf:
    case ReportWriter::Format::Svg:
    case ReportWriter::Format::Png:
        break;
    }

#ifdef FLAKEOFF_HAVE_RENDER
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
        fail(QStringLiteral("%1 needs the GUI application (run through flakeoff-cli's main)").arg(ReportWriter::formatName(o->format)));
        return kNoRenderer;
    }
    if (o->format == ReportWriter::Format::Pdf) {
        const QString path = o->out.isEmpty() ? withoutJsonSuffix(o->session) + QStringLiteral(".pdf") : o->out;
        if (!PdfReport::write(*session, path, &error)) {
            fail(error);
            return kUnwritable;
        }
        std::fprintf(stderr, "flakeoff-cli report: wrote %s\n", qPrintable(path));
        return 0;
    }
    return writeCharts(*o, summary);
#else
    fail(QStringLiteral("this flakeoff-cli was built without the chart renderer (src/render): %1 is not available; "
                        "html, md, csv and json are")
             .arg(ReportWriter::formatName(o->format)));
    return kNoRenderer;
#endif
}

} // namespace flakeoff::cli
