// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace flakeoff {

// A folder tree's files, copied or digested the way a workspace is: the scratch copies and the
// imported offline inputs both use it, so it sits below every folder that does.
class FileTree
{
public:
    // Names never copied: build outputs, VCS data, Nix result links, editor/direnv state.
    static bool excluded(const QString &fileName);

    // Copies `from` into `to` (created when missing), leaving excluded names out; links stay links
    // and copied files are writable. false with the reason in `error` (when given).
    static bool copy(const QString &from, const QString &to, QString *error);

    // Digest of every file under `root` (outside target/ and .git/) matching one of the globs
    // ("Cargo.lock", "**/Cargo.toml"): the relative paths and contents, in path order.
    static QByteArray digest(const QString &root, const QStringList &patterns);
};

} // namespace flakeoff
