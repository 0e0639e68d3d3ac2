// SPDX-License-Identifier: MIT
#pragma once

#include "strategy/Strategy.h"

#include <QString>
#include <QStringList>

namespace flakeoff {

// A private copy of a user's workspace where strategies are installed, prepared, edited and built.
// The user's folder is only ever read. The copy is removed when this object is destroyed unless
// keep() was called. All calls block on file I/O or git: call them off the GUI thread.
class ScratchWorkspace
{
public:
    // Copies `source` into a new folder under `parentDir` (default: $FLAKEOFF_HOME/scratch).
    // On failure returns an invalid object and sets `error`.
    static ScratchWorkspace create(const QString &source, QString *error, const QString &parentDir = {});

    ScratchWorkspace() = default;
    ScratchWorkspace(ScratchWorkspace &&other) noexcept;
    ScratchWorkspace &operator=(ScratchWorkspace &&other) noexcept;
    ScratchWorkspace(const ScratchWorkspace &) = delete;
    ScratchWorkspace &operator=(const ScratchWorkspace &) = delete;
    ~ScratchWorkspace();

    bool isValid() const { return !m_path.isEmpty(); }
    QString path() const { return m_path; }
    QString source() const { return m_source; }
    void keep() { m_keep = true; }
    bool kept() const { return m_keep; }

    // Copies a layout's files (flake.nix, default.nix, helpers) into the copy.
    bool installStrategyFiles(const Strategy &strategy, const QString &layoutId, QString *error);

    // Makes the copy a git repository with every file added (a flake sees tracked files only).
    // `force` adds files that .gitignore would hide (e.g. a generated Cargo.lock).
    bool gitInitAndAddAll(QString *error);
    bool gitAdd(const QStringList &paths, bool force, QString *error);

    // Deletes the copy now (also done by the destructor unless kept).
    void remove();

private:
    bool git(const QStringList &args, QString *error);

    QString m_path;
    QString m_source;
    bool m_keep = false;
};

} // namespace flakeoff
