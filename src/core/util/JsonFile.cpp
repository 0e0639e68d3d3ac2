// SPDX-License-Identifier: MIT
#include "JsonFile.h"

#include <QFile>

namespace flakeoff::JsonFile {

nlohmann::json parse(const QByteArray &bytes)
{
    return nlohmann::json::parse(bytes.constBegin(), bytes.constEnd(), nullptr, false);
}

std::optional<nlohmann::json> read(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot open %1: %2").arg(path, f.errorString());
        return std::nullopt;
    }
    nlohmann::json j = parse(f.readAll());
    if (j.is_discarded()) {
        if (error)
            *error =
                QStringLiteral("%1 is not a complete JSON document (cut off or corrupt); it was not loaded")
                    .arg(path);
        return std::nullopt;
    }
    return j;
}

} // namespace flakeoff::JsonFile
