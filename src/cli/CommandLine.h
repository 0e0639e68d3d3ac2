// SPDX-License-Identifier: MIT
#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <optional>

namespace flakeoff::cli {

// A subcommand's command line, parsed the same way in every command: --help prints the help
// text to stdout (exit 0), a parse error prints "flakeoff-cli <command>: <error>" to stderr
// (exit 2), and every message of the command carries that same prefix.
//
//   CommandLine line(QStringLiteral("strategies"), QStringLiteral("Lists the strategies …"));
//   line.parser().addOption(jsonOption);
//   if (const auto exit = line.parse(arguments))
//       return *exit;
class CommandLine
{
public:
    CommandLine(const QString &command, const QString &description);

    // Adds --nix PATH for a command that runs Nix: the Nix whose `nix` is PATH (or which is in the
    // folder PATH) is used for every nix tool, as the app's Settings › nix
    // (NixEnvironment::useNix); parse() applies it, or fails with exit 2 when there is no nix there.
    void addNixOption();

    QCommandLineParser &parser() { return m_parser; }
    const QCommandLineParser &parser() const { return m_parser; }

    // nullopt when the command should go on; otherwise the exit code to return at once (0 after
    // --help, 2 after a parse error, both already printed).
    std::optional<int> parse(const QStringList &arguments);

    // Prints "flakeoff-cli <command>: <message>" and a newline to stderr; returns `exitCode`.
    int fail(const QString &message, int exitCode) const;
    // The same line, for messages that are not a failure ("wrote …", "warning: …").
    void say(const QString &message) const;

private:
    QString m_command;
    QCommandLineParser m_parser;
    bool m_nixOption = false;
};

} // namespace flakeoff::cli
