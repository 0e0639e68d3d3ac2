// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

namespace flakeoff {

class SessionSummary;

// A session as GitHub-flavoured Markdown that pastes into an issue or a pull request: the answer,
// then one table per target in the spirit of hyperfine's --export-markdown (| Step | Strategy |
// Median [s] | Mean [s] | Min [s] | Max [s] | Relative | Built | Runs |, fastest strategy in bold),
// store cost per target, the predicted rebuilds when the session holds a prediction (per target a
// step × strategy table of predicted against built, the findings, each step's predicted derivations
// as a nested list), steps, skipped strategies, notes and the environment. Every string from
// the session is escaped, so a derivation or error cannot break a table or inject markup.
class MarkdownReport
{
public:
    static QByteArray write(const SessionSummary &summary);

    // Backslash-escapes Markdown's inline punctuation and folds line breaks into spaces.
    static QString escape(const QString &text);
};

} // namespace flakeoff
