// SPDX-License-Identifier: MIT
#include "CommandLine.h"

#include "nix/NixEnvironment.h"

#include <cstdio>

namespace flakeoff::cli {

CommandLine::CommandLine(const QString &command, const QString &description) : m_command(command)
{
    m_parser.setApplicationDescription(description);
    m_parser.addHelpOption();
}

void CommandLine::addNixOption()
{
    m_nixOption = true;
    m_parser.addOption(QCommandLineOption(
        QStringLiteral("nix"),
        QStringLiteral(
            "The Nix to run: its nix executable or its folder (e.g. /opt/flakeoff/nix-2.26/bin); that "
            "folder goes first on PATH for every nix tool, as the app's Settings › nix. Default: "
            "nix on PATH."),
        QStringLiteral("PATH")));
}

std::optional<int> CommandLine::parse(const QStringList &arguments)
{
    if (!m_parser.parse(arguments))
        return fail(m_parser.errorText(), 2);
    if (m_parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(m_parser.helpText()), stdout);
        return 0;
    }
    if (m_nixOption && m_parser.isSet(QStringLiteral("nix"))) {
        QString error;
        if (!NixEnvironment::useNix(m_parser.value(QStringLiteral("nix")), &error))
            return fail(QStringLiteral("--nix: %1").arg(error), 2);
    }
    return std::nullopt;
}

int CommandLine::fail(const QString &message, int exitCode) const
{
    say(message);
    return exitCode;
}

void CommandLine::say(const QString &message) const
{
    std::fprintf(stderr, "flakeoff-cli %s: %s\n", qPrintable(m_command), qPrintable(message));
}

} // namespace flakeoff::cli
