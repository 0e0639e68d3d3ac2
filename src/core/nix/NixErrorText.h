// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <vector>

namespace flakeoff {

struct CommandResult;
struct LogMessage;

// Nix's own reason for a failure, as a person should read it: the "error: …" message with where
// it happened, without colour codes, warnings, `builtins.trace` output, or the
// "(use '--show-trace' to show detailed location information)" hint that Nix 2.8 prints as a
// separate error after most evaluation errors. One rule for the runner (internal-json messages)
// and the predictor (plain stderr of nix-instantiate and nix show-derivation).
class NixErrorText
{
public:
    // The last error-level message of an internal-json log that is a reason: Nix's full message
    // (position and quoted source line) when the log kept it, else its short message with the
    // position ("at file:line:column") when it has one; empty when none is.
    static QString fromMessages(const std::vector<LogMessage> &messages);
    // Plain stderr: from the first "error:" on; empty when nothing but hints and warnings is left.
    static QString fromStderr(const QByteArray &standardError);
    // fromStderr() of a helper command, or its describe() when it did not run or said nothing.
    static QString fromCommand(const CommandResult &result);

    // Lines Nix adds after the message that are no reason themselves.
    static bool isHint(const QString &line);
};

} // namespace flakeoff
