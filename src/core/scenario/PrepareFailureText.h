// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace flakeoff {

struct CommandResult;

// Why a prepare step failed, cause first: "prepare step lock failed: error: no matching package
// named `tokio-x` found" (cargo's, rustc's or Nix's first `error:` lines), then on the following
// lines which command exited how and the tail of its output — the details. One wording for the
// runner and the predictor.
class PrepareFailureText
{
public:
    static QString describe(const QString &stepName, const CommandResult &result);
    // The first `error:` / `error[E0432]:` lines of the output (colour codes removed), at most `max`.
    static QStringList causeLines(const QByteArray &output, int max = 3);
    // The last `count` non-empty lines.
    static QStringList tailLines(const QByteArray &output, int count);
};

} // namespace flakeoff
