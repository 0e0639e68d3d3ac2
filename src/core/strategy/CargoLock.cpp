// SPDX-License-Identifier: MIT
#include "CargoLock.h"

#include <QFile>
#include <QList>

namespace flakeoff {

namespace {
// `"text"` → text. Cargo writes names, versions and sources as basic strings without escapes
// (none of them may contain a quote or backslash); anything else is refused, not guessed.
std::optional<QString> plainString(const QByteArray &value)
{
    if (value.size() < 2 || !value.startsWith('"') || !value.endsWith('"'))
        return std::nullopt;
    const QByteArray body = value.mid(1, value.size() - 2);
    if (body.contains('"') || body.contains('\\'))
        return std::nullopt;
    return QString::fromUtf8(body);
}
} // namespace

std::optional<CargoLock> CargoLock::parse(const QByteArray &text, QString *error)
{
    CargoLock lock;
    bool inPackage = false;
    bool inMetadata = false;
    std::vector<std::pair<QString, QString>> formatOneChecksums; // "NAME VERSION (SOURCE)" → hash
    qsizetype packageLine = 0;
    auto fail = [error](qsizetype line, const QString &what) {
        if (error)
            *error = QStringLiteral("line %1: %2").arg(line).arg(what);
        return std::nullopt;
    };
    // A package is complete when the next table starts or the file ends.
    auto packageIsComplete = [&lock, &inPackage] {
        return !inPackage ||
               (!lock.packages.back().name.isEmpty() && !lock.packages.back().version.isEmpty());
    };
    const QList<QByteArray> lines = text.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        if (line.startsWith('[')) { // a table header (array items start with a quote)
            if (!packageIsComplete())
                return fail(packageLine, QStringLiteral("a [[package]] without a name or a version"));
            inPackage = line == "[[package]]";
            inMetadata = line == "[metadata]";
            if (inPackage) {
                lock.packages.emplace_back();
                packageLine = i + 1;
            }
            continue;
        }
        if (inMetadata && line.startsWith("\"checksum ")) {
            // The key is a quoted string, so its own '=' search starts after the closing quote.
            const qsizetype close = line.indexOf('"', 1);
            const qsizetype eq = close < 0 ? -1 : line.indexOf('=', close);
            const auto key = eq < 0 ? std::nullopt : plainString(line.left(eq).trimmed());
            const auto value = eq < 0 ? std::nullopt : plainString(line.mid(eq + 1).trimmed());
            if (!key || !value)
                return fail(i + 1, QStringLiteral("a [metadata] checksum is not a plain string"));
            formatOneChecksums.emplace_back(key->mid(9), *value);
            continue;
        }
        if (!inPackage)
            continue;
        const qsizetype eq = line.indexOf('=');
        if (eq <= 0)
            continue; // array items, closing brackets, comments, blank lines
        const QByteArray key = line.left(eq).trimmed();
        QString *field = nullptr;
        LockedPackage &p = lock.packages.back();
        if (key == "name")
            field = &p.name;
        else if (key == "version")
            field = &p.version;
        else if (key == "source")
            field = &p.source;
        else if (key == "checksum")
            field = &p.checksum;
        if (!field)
            continue;
        const auto value = plainString(line.mid(eq + 1).trimmed());
        if (!value || value->isEmpty())
            return fail(i + 1, QStringLiteral("%1 is not a plain string").arg(QString::fromUtf8(key)));
        *field = *value;
    }
    if (!packageIsComplete())
        return fail(packageLine, QStringLiteral("a [[package]] without a name or a version"));
    for (const auto &[id, hash] : formatOneChecksums)
        for (LockedPackage &p : lock.packages)
            if (hash != QLatin1String("<none>") && p.checksum.isEmpty() &&
                id == QStringLiteral("%1 %2 (%3)").arg(p.name, p.version, p.source))
                p.checksum = hash;
    return lock;
}

const LockedPackage *CargoLock::find(const QString &name, const QString &version, const QString &source) const
{
    for (const LockedPackage &p : packages)
        if (p.name == name && p.version == version && p.source == source)
            return &p;
    return nullptr;
}

std::optional<CargoLock> CargoLock::read(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QString why;
    auto lock = parse(file.readAll(), &why);
    if (!lock && error)
        *error = QStringLiteral("%1: %2").arg(path, why);
    return lock;
}

} // namespace flakeoff
