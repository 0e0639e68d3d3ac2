// SPDX-License-Identifier: MIT
#include "CommandLine.h"

#include <cstdio>

namespace flakeoff::cli {

CommandLine::CommandLine(const QString &command, const QString &description) : m_command(command)
{
    m_parser.setApplicationDescription(description);
    m_parser.addHelpOption();
}

std::optional<int> CommandLine::parse(const QStringList &arguments)
{
    if (!m_parser.parse(arguments))
        return fail(m_parser.errorText(), 2);
    if (m_parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(m_parser.helpText()), stdout);
        return 0;
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
