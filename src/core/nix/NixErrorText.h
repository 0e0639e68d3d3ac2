// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

#include <vector>

namespace flakeoff {

struct BuildReport;
struct CommandResult;
struct LogMessage;

// Nix's own reason for a failure, as a person should read it: the "error: …" message with where
// it happened, without colour codes, warnings, `builtins.trace` output, or the
// "(use '--show-trace' to show detailed location information)" hint that Nix 2.8 prints as a
// separate error after most evaluation errors. Nix 2.26 prints an evaluation error's trace first
// ("error:", then "… while evaluating …" frames) and its message last ("error: cannot add …"):
// the message comes first here, as Nix 2.8 printed it, and the trace after it. One rule for the
// runner (internal-json messages) and the predictor (plain stderr of nix-instantiate and
// nix derivation show).
class NixErrorText
{
public:
    // The last error-level message of an internal-json log that is a reason: Nix's full message
    // (position and quoted source line) when the log kept it, else its short message with the
    // position ("at file:line:column") when it has one; empty when none is.
    static QString fromMessages(const std::vector<LogMessage> &messages);
    // Why a failed nix run failed, cause first: the derivation that failed and its builder's first
    // error line (BuildReport::failureText), else Nix's own message (fromMessages: an evaluation
    // error); empty when the log says neither. One rule for the runner's error and the reports.
    static QString causeOf(const BuildReport &report);
    // Plain stderr: from the first "error:" on; empty when nothing but hints and warnings is left.
    static QString fromStderr(const QByteArray &standardError);
    // fromStderr() of a helper command, or its describe() when it did not run or said nothing.
    static QString fromCommand(const CommandResult &result);

    // Lines Nix adds after the message that are no reason themselves.
    static bool isHint(const QString &line);
    // "build of '…drv^out', '…drv^out' failed": how Nix 2.26 ends a failed build; it names the
    // targets asked for, not the derivation that failed.
    static bool isFailureSummary(const QString &text);
    // Lines of an error in Nix 2.26's trace-first order (a bare "error:", the frames, then the
    // message as the last "error: …" line) reordered message first, then a blank line and the
    // frames; any other lines unchanged.
    static QStringList messageFirst(const QStringList &lines);

private:
    static QString describe(const LogMessage &message);
};

} // namespace flakeoff
