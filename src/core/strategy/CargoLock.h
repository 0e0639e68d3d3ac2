// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>
#include <vector>

namespace flakeoff {

// One [[package]] of a Cargo.lock.
struct LockedPackage
{
    QString name;
    QString version;
    QString source;   // "registry+…" or "git+…"; empty for path packages (members, path dependencies)
    QString checksum; // as the lock writes it (sha256 hex for registry crates); empty when none

    bool isLocal() const { return source.isEmpty(); }
};

// The packages a Cargo.lock pins, read without cargo and without a network: only the
// [[package]] tables' name, version, source and checksum (every lock format cargo has written keeps
// them as one `key = "value"` line each; format 1 keeps checksums in its [metadata] table instead,
// as `"checksum NAME VERSION (SOURCE)" = "…"`). Anything else in the file is skipped.
class CargoLock
{
public:
    // nullopt and `error` ("line N: …") when a package has no name or version, or one of those
    // keys is not a plain string.
    static std::optional<CargoLock> parse(const QByteArray &text, QString *error);
    // parse() of a file; nullopt and `error` also when it cannot be read.
    static std::optional<CargoLock> read(const QString &path, QString *error);

    // The package with that name, version and source (empty for path packages); nullptr if none.
    const LockedPackage *find(const QString &name, const QString &version, const QString &source) const;

    std::vector<LockedPackage> packages;
};

} // namespace flakeoff
