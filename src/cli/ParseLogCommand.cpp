// SPDX-License-Identifier: MIT
#include "ParseLogCommand.h"

#include "CommandLine.h"
#include "log/BuildReportJson.h"
#include "log/BuildReportText.h"
#include "log/LogFileReader.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <unistd.h>

namespace flakeoff::cli {

int parseLog(const QStringList &arguments)
{
    CommandLine commandLine(
        QStringLiteral("parse-log"),
        QStringLiteral("Reads a Nix --log-format internal-json log (Flakeoff's timed saved log or a plain "
                       "stderr capture) and prints its build report."));
    QCommandLineParser &parser = commandLine.parser();
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        QStringLiteral("Print the report as one JSON object."));
    parser.addOption(jsonOption);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The log file."));
    if (const auto exit = commandLine.parse(arguments))
        return *exit;
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1)
        return commandLine.fail(QStringLiteral("expected exactly one FILE (see --help)"), 2);
    const QString path = files.front();
    const auto result = LogFileReader::read(path);
    if (!result.ok)
        return commandLine.fail(result.error, 1);
    const auto &report = result.report;
    // Input problems go to stderr with file and line, whatever the output format.
    for (const auto &p : report.problems)
        std::fprintf(stderr, "%s:%lld: %s%s\n", qPrintable(path), static_cast<long long>(p.line),
                     p.fatal ? "" : "warning: ", p.what.c_str());
    if (report.problemCount > static_cast<std::int64_t>(report.problems.size()))
        std::fprintf(
            stderr, "%s: … and %lld more problems\n", qPrintable(path),
            static_cast<long long>(report.problemCount - static_cast<std::int64_t>(report.problems.size())));

    if (parser.isSet(jsonOption)) {
        auto j = BuildReportJson::toJson(report);
        j["source"] = {
            {"file", path.toStdString()},
            {"format", result.format == LogStream::Timing::Saved ? "flakeoff-saved-log" : "plain-capture"},
            {"bytes", result.bytes}};
        const std::string text = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fputc('\n', stdout);
    } else {
        const std::string text = BuildReportText::format(report, isatty(fileno(stdout)) != 0);
        std::fwrite(text.data(), 1, text.size(), stdout);
    }
    if (report.eventCount == 0)
        return commandLine.fail(
            QStringLiteral("%1 holds no Nix log event; was it written with --log-format internal-json?")
                .arg(path),
            3);
    return 0;
}

} // namespace flakeoff::cli
