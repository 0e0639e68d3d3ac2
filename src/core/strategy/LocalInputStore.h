// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace flakeoff {

// A flake input imported from a tarball or a folder: $FLAKEOFF_HOME/inputs/<name>/ and its record
// <name>.json (format in README, "Offline inputs").
struct LocalInputRecord
{
    QString name;     // crane, naersk, cargo2nix, flake-utils, nixpkgs-upstream, …
    QString source;   // the tarball or folder it came from
    QString revision; // 40-hex git commit (the tarball's pax comment, a checkout's HEAD); empty when unknown
    QString sha256;   // of the tarball, or of the folder's files
    QDateTime imported;   // UTC
    QString repository;   // "github:ipetkov/crane" when known
    QString ref;          // tag or branch when known ("v0.21.3", "release-0.12")
    QString path;         // the unpacked folder (not stored: follows FLAKEOFF_HOME)
    bool present = false; // the folder exists

    // "crane v0.21.3 (local, 2b3a5a8)", "naersk (local, 3ddafa6)", "x (local, sha256 0123abcd…)".
    QString words() const;
};

// An assembled stand-in flake (standins/standins.json, written by variants/standins/assemble.sh).
struct StandinRecord
{
    QString name; // nixpkgs, rust-overlay, systems, …
    QString path;
    QString words; // "nixpkgs: offline host-tools stand-in (auxolotl/core fe3e015, 2024-06-25)"
    bool present = false;
};

// The local flake inputs and stand-ins under $FLAKEOFF_HOME, for strategies that build offline:
// imports tarballs (unpacked with tar) and folders (copied), lists what is there, resolves a
// manifest's `input:X` / `standin:X` to its folder, and runs the stand-ins' assembly script.
// Imports and the script block on child processes and file copies: call them off the GUI thread.
class LocalInputStore
{
public:
    // `home` empty: NixEnvironment::flakeoffHome().
    explicit LocalInputStore(QString home = {});

    QString home() const { return m_home; }
    QString inputsDir() const;
    QString standinsDir() const;

    struct Imported
    {
        std::optional<LocalInputRecord> record; // nullopt: not imported (see error)
        QString error;
        QStringList notes; // e.g. "has no flake.nix at its top level"
    };
    // `path` is a tarball (.tar, .tar.gz, .tgz, .tar.xz, .tar.bz2, .tar.zst) or a folder; `name`
    // empty: from its file name (inputNameFor). Replaces an earlier import of the same name.
    // `known`: what the caller knows better than the file name (revision, repository, ref, source),
    // e.g. `inputs fetch` from the flake's lock; its empty fields are left to the import.
    Imported importPath(const QString &path, const QString &name = {},
                        const LocalInputRecord *known = nullptr) const;

    std::vector<LocalInputRecord> inputs() const; // by name; records and folders without one
    std::optional<LocalInputRecord> input(const QString &name) const;
    std::vector<StandinRecord> standins() const; // from standins.json, else the folders
    std::optional<StandinRecord> standin(const QString &name) const;

    // "input:crane" → …/inputs/crane, "standin:nixpkgs" → …/standins/nixpkgs; empty when that
    // folder does not exist (or `from` is neither form).
    QString resolve(const QString &from) const;

    struct Assembled
    {
        bool ok = false;
        QString output; // the script's stdout and stderr
        QString error;  // why not, in a sentence (the script's own last lines when it failed)
    };
    // Runs `bash <script> --inputs <inputsDir> --out <standinsDir>`.
    Assembled assembleStandins(const QString &script) const;
    // variants/standins/assemble.sh of the catalog's variants folder.
    static QString defaultAssembleScript();

    // What an import names an input from its file or folder name, and the ref and repository it
    // reveals: "crane-v0.21.3.tar.gz" → crane, v0.21.3, github:ipetkov/crane;
    // "nixpkgs-auxolotl-core.tar.gz" → nixpkgs-upstream (the nixpkgs stand-in wraps it).
    struct Naming
    {
        QString name;
        QString ref;
        QString repository;
    };
    static Naming inputNameFor(const QString &fileOrFolderName);

    // The commit id `git archive` writes into a tar's pax global header ("comment=<40 hex>"), read
    // from the archive's first (uncompressed) bytes; empty when there is none.
    static QString commitFromPaxHeader(const QByteArray &tarStart);
    // The first `bytes` bytes of the archive, decompressed (gzip, xz, bzip2, zstd by their magic
    // numbers, with the host's programs); empty with `error` set when that fails.
    static QByteArray tarStart(const QString &tarball, qint64 bytes, QString *error);
    // The tarball's commit: `git get-tar-commit-id` when git is here, else commitFromPaxHeader.
    static QString tarballRevision(const QString &tarball, bool useGit = true);

    static bool isTarball(const QString &path);

private:
    QString recordPath(const QString &name) const;
    bool writeRecord(const LocalInputRecord &record, QString *error) const;
    std::optional<LocalInputRecord> readRecord(const QString &file) const;

    QString m_home;
};

} // namespace flakeoff
