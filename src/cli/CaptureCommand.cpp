// SPDX-License-Identifier: MIT
#include "CaptureCommand.h"

#include "CommandLine.h"
#include "log/BuildReportText.h"
#include "nix/NixEnvironment.h"
#include "nix/NixProcess.h"
#include "strategy/StrategyAvailability.h"

#include <QCoreApplication>
#include <QEventLoop>

#include <cstdio>
#include <unistd.h>

namespace flakeoff::cli {

int capture(const QStringList &arguments)
{
    const qsizetype dashes = arguments.indexOf(QStringLiteral("--"));
    CommandLine commandLine(
        QStringLiteral("capture"),
        QStringLiteral(
            "Runs COMMAND with what Flakeoff adds to the user's Nix configuration and saves its stderr with "
            "arrival times."));
    commandLine.addNixOption();
    QCommandLineParser &parser = commandLine.parser();
    const QCommandLineOption outOption({QStringLiteral("o"), QStringLiteral("out")},
                                       QStringLiteral("Saved log to write."), QStringLiteral("LOG"));
    const QCommandLineOption quietOption({QStringLiteral("q"), QStringLiteral("quiet")},
                                         QStringLiteral("Do not print the report."));
    parser.addOptions({outOption, quietOption});
    parser.addPositionalArgument(QStringLiteral("-- COMMAND"),
                                 QStringLiteral("The command and its arguments."));
    const QStringList own = dashes < 0 ? arguments : arguments.mid(0, dashes);
    if (const auto exit = commandLine.parse(own))
        return *exit;
    const QStringList command = dashes < 0 ? QStringList() : arguments.mid(dashes + 1);
    if (command.isEmpty() || !parser.isSet(outOption))
        return commandLine.fail(QStringLiteral("usage: capture --out LOG -- COMMAND [ARGS…]"), 2);

    NixProcess process;
    // What Flakeoff captures are its fixtures' builds (tests/data/nix): builders with host tools.
    process.setEnvironment(
        NixEnvironment::processEnvironment({!StrategyAvailability::networkReachable(), true}));
    process.setSavedLogPath(parser.value(outOption));
    QEventLoop loop;
    int exitCode = 1;
    QObject::connect(&process, &NixProcess::failedToStart, &loop, [&](const QString &message) {
        commandLine.say(message);
        loop.quit();
    });
    QObject::connect(&process, &NixProcess::finished, &loop, [&](const NixRunResult &r) {
        if (!parser.isSet(quietOption)) {
            const std::string text = BuildReportText::format(*r.report, isatty(fileno(stdout)) != 0);
            std::fwrite(text.data(), 1, text.size(), stdout);
        }
        if (!r.errorText.isEmpty())
            commandLine.say(r.errorText);
        exitCode = r.crashed ? 128 : r.exitCode;
        loop.quit();
    });
    process.start(command.front(), command.mid(1));
    loop.exec();
    return exitCode;
}

} // namespace flakeoff::cli
