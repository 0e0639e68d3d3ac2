// SPDX-License-Identifier: MIT
#pragma once

#include "session/Scenario.h"

#include <QString>
#include <QStringList>

namespace flakeoff {

class Strategy;
class WorkspaceInfo;

// Applies a scenario step's edit to a scratch copy. Every edit is a real change the compiler (or
// Nix) must act on — a comment plus a new constant, a new feature, a new Nix value — and carries
// a nonce, so an edited tree never matches a store path from an earlier session.
class WorkspaceEditor
{
public:
    struct Result
    {
        bool ok = false;
        QString error;
        QStringList changedFiles; // relative to the scratch root
        QString summary;          // "appended FLAKEOFF_EDIT_… to app/src/main.rs"
    };

    WorkspaceEditor(QString scratchRoot, const WorkspaceInfo &workspace);

    // `nonce` makes the edit unique (e.g. milliseconds since the epoch plus a counter).
    // `strategy` is needed for EditNix only.
    Result apply(const ScenarioStep &step, quint64 nonce, const Strategy *strategy = nullptr) const;

    // Pure text edits (exposed for tests).
    static QString appendRustEdit(const QString &source, const QString &stepId, quint64 nonce);
    static bool addDependencyFeature(QString &manifest, const QString &dependency, const QString &feature,
                                     QString *error);
    static bool editNixAnchor(QString &text, const QString &anchor, const QString &regex, quint64 nonce,
                              QString *error);

private:
    Result editFile(const QString &relative, const std::function<bool(QString &, QString *)> &change) const;

    QString m_root;
    const WorkspaceInfo &m_workspace;
};

} // namespace flakeoff
