// SPDX-License-Identifier: MIT
#include "ReportCommand.h"

#include "CommandLine.h"
#include "ReportExporter.h"
#include "session/SessionStore.h"

#include <cstdio>
#include <optional>

namespace flakeoff::cli {

namespace {
struct ReportOptions
{
    QString session;
    ReportExporter::Options report;
    QString out;            // "" = the default place for the format; "-" = stdout
    QStringList strategies; // empty: every strategy of the session
};

constexpr int kUnreadable = 1;
constexpr int kUsage = 2;
constexpr int kUnwritable = 4;
constexpr int kNoRenderer = 5;

const QString kStdout = QStringLiteral("-");

QString description()
{
    return QStringLiteral(
        "Writes a comparison report of a saved session: html (one self-contained file with charts), md "
        "(tables for a GitHub issue), csv, json (hyperfine's --export-json shape), pdf, or svg/png "
        "(one file per chart).");
}

void addOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("format"),
                      QStringLiteral("Report format: %1 (default: from --out's extension, else html).")
                          .arg(ReportWriter::formatNames().join(QStringLiteral(", "))),
                      QStringLiteral("FORMAT")});
    parser.addOption(
        {QStringLiteral("out"),
         QStringLiteral("Output file ('-' for stdout). For svg and png: a file named after one chart "
                        "(rebuild-cost-app.png) for that chart alone, or a folder for every chart, one file "
                        "each. Default: stdout for html, md, csv and json; <session>.pdf; <session>-charts/ "
                        "for svg and png."),
         QStringLiteral("PATH")});
    parser.addOption(
        {QStringLiteral("theme"),
         QStringLiteral("auto (html follows the reader's light/dark setting), light, dark, or slides (large "
                        "type for svg/png). Default: auto. The pdf is for paper: always light."),
         QStringLiteral("THEME")});
    parser.addOption(
        {QStringLiteral("runs"),
         QStringLiteral("csv: one row per measurement instead of one per strategy × target × step.")});
    parser.addOption(
        {QStringLiteral("strategies"),
         QStringLiteral(
             "Only these strategies of the session (comma-separated ids), compared and ranked among "
             "themselves, e.g. the four real tools without the layout models."),
         QStringLiteral("IDS")});
    parser.addPositionalArgument(QStringLiteral("SESSION"),
                                 QStringLiteral("The session file written by 'flakeoff-cli run'."));
}

// The checked options of a parsed command line; nullopt with a message for a usage error.
std::optional<ReportOptions> readOptions(const QCommandLineParser &parser, QString *error)
{
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        *error = QStringLiteral("expected exactly one SESSION file (see --help)");
        return std::nullopt;
    }
    ReportOptions o;
    o.session = positional.front();
    o.out = parser.value(QStringLiteral("out"));
    o.strategies = parser.value(QStringLiteral("strategies")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    o.report.csvShape =
        parser.isSet(QStringLiteral("runs")) ? CsvReport::Shape::Runs : CsvReport::Shape::Cells;
    if (parser.isSet(QStringLiteral("format"))) {
        const auto f = ReportWriter::formatFromName(parser.value(QStringLiteral("format")));
        if (!f) {
            *error = QStringLiteral("unknown format \"%1\" (expected one of %2)")
                         .arg(parser.value(QStringLiteral("format")),
                              ReportWriter::formatNames().join(QStringLiteral(", ")));
            return std::nullopt;
        }
        o.report.format = *f;
    } else if (!o.out.isEmpty() && o.out != kStdout) {
        if (const auto f = ReportExporter::formatOf(o.out))
            o.report.format = *f;
    }
    if (parser.isSet(QStringLiteral("theme"))) {
        const auto theme = ReportExporter::themeFromName(parser.value(QStringLiteral("theme")));
        if (!theme) {
            *error = QStringLiteral("unknown theme \"%1\" (expected auto, light, dark or slides)")
                         .arg(parser.value(QStringLiteral("theme")));
            return std::nullopt;
        }
        o.report.theme = *theme;
    }
    if (o.out == kStdout && !ReportWriter::isText(o.report.format)) {
        *error = QStringLiteral("%1 cannot go to stdout; give --out a path")
                     .arg(ReportWriter::formatName(o.report.format));
        return std::nullopt;
    }
    return o;
}

int exitCode(ReportExporter::Failure failure)
{
    switch (failure) {
    case ReportExporter::Failure::None:
        return 0;
    case ReportExporter::Failure::Refused:
        return kUsage;
    case ReportExporter::Failure::Unwritable:
        return kUnwritable;
    case ReportExporter::Failure::NoRenderer:
        return kNoRenderer;
    }
    return kUnwritable;
}
} // namespace

bool reportDrawsCharts(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addHelpOption();
    addOptions(parser);
    QString error;
    if (!parser.parse(arguments) || parser.isSet(QStringLiteral("help")))
        return false;
    const auto o = readOptions(parser, &error);
    return o && (o->report.format == ReportWriter::Format::Html || !ReportWriter::isText(o->report.format));
}

int report(const QStringList &arguments)
{
    CommandLine commandLine(QStringLiteral("report"), description());
    addOptions(commandLine.parser());
    if (const auto exit = commandLine.parse(arguments))
        return *exit;
    QString error;
    const auto o = readOptions(commandLine.parser(), &error);
    if (!o)
        return commandLine.fail(error, kUsage);

    auto session = SessionStore::load(o->session, &error);
    if (!session)
        return commandLine.fail(error, kUnreadable);
    if (!o->strategies.isEmpty()) {
        for (const QString &id : o->strategies)
            if (!session->strategies.contains(id))
                return commandLine.fail(
                    QStringLiteral("--strategies: the session has no strategy \"%1\" (it has %2)")
                        .arg(id, session->strategies.join(QStringLiteral(", "))),
                    kUsage);
        session = session->onlyStrategies(o->strategies);
    }

    const ReportWriter::Format format = o->report.format;
    const QString out = o->out.isEmpty() ? ReportExporter::defaultOutput(format, o->session) : o->out;
    if (out.isEmpty() || out == kStdout) {
        const QByteArray bytes = ReportExporter::text(*session, o->report);
        const auto size = static_cast<std::size_t>(bytes.size());
        if (std::fwrite(bytes.constData(), 1, size, stdout) != size || std::fflush(stdout) != 0)
            return commandLine.fail(QStringLiteral("cannot write to stdout"), kUnwritable);
        return 0;
    }
    const ReportExporter::Result result = ReportExporter::write(*session, o->report, out);
    for (const QString &path : result.written)
        commandLine.say(QStringLiteral("wrote ") + path);
    if (!result.ok())
        return commandLine.fail(result.error, exitCode(result.failure));
    for (const QString &note : result.notes)
        commandLine.say(QStringLiteral("note: ") + note);
    const bool charts = format == ReportWriter::Format::Svg || format == ReportWriter::Format::Png;
    if (charts && result.written.isEmpty())
        commandLine.say(QStringLiteral("no chart to draw: nothing was measured"));
    return 0;
}

} // namespace flakeoff::cli
