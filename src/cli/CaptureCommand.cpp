// SPDX-License-Identifier: MIT
#include "CaptureCommand.h"

#include "log/BuildReportText.h"
#include "nix/NixEnvironment.h"
#include "nix/NixProcess.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>

#include <cstdio>
#include <unistd.h>

namespace flakeoff::cli {

int capture(const QStringList &arguments)
{
    const qsizetype dashes = arguments.indexOf(QStringLiteral("--"));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Runs COMMAND with Flakeoff's Nix configuration and saves its stderr with arrival times."));
    parser.addHelpOption();
    const QCommandLineOption outOption({QStringLiteral("o"), QStringLiteral("out")},
                                       QStringLiteral("Saved log to write."), QStringLiteral("LOG"));
    const QCommandLineOption quietOption({QStringLiteral("q"), QStringLiteral("quiet")},
                                         QStringLiteral("Do not print the report."));
    parser.addOptions({outOption, quietOption});
    parser.addPositionalArgument(QStringLiteral("-- COMMAND"), QStringLiteral("The command and its arguments."));
    const QStringList own = dashes < 0 ? arguments : arguments.mid(0, dashes);
    if (!parser.parse(own)) {
        std::fprintf(stderr, "flakeoff-cli capture: %s\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    const QStringList command = dashes < 0 ? QStringList() : arguments.mid(dashes + 1);
    if (command.isEmpty() || !parser.isSet(outOption)) {
        std::fprintf(stderr, "flakeoff-cli capture: usage: capture --out LOG -- COMMAND [ARGS…]\n");
        return 2;
    }

    NixProcess process;
    process.setEnvironment(NixEnvironment::processEnvironment());
    process.setSavedLogPath(parser.value(outOption));
    QEventLoop loop;
    int exitCode = 1;
    QObject::connect(&process, &NixProcess::failedToStart, &loop, [&](const QString &message) {
        std::fprintf(stderr, "flakeoff-cli capture: %s\n", qPrintable(message));
        loop.quit();
    });
    QObject::connect(&process, &NixProcess::finished, &loop, [&](const NixRunResult &r) {
        if (!parser.isSet(quietOption)) {
            const std::string text = BuildReportText::format(*r.report, isatty(fileno(stdout)) != 0);
            std::fwrite(text.data(), 1, text.size(), stdout);
        }
        if (!r.errorText.isEmpty())
            std::fprintf(stderr, "flakeoff-cli capture: %s\n", qPrintable(r.errorText));
        exitCode = r.crashed ? 128 : r.exitCode;
        loop.quit();
    });
    process.start(command.front(), command.mid(1));
    loop.exec();
    return exitCode;
}

} // namespace flakeoff::cli
