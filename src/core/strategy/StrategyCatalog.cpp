// SPDX-License-Identifier: MIT
#include "StrategyCatalog.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace flakeoff {

QString StrategyCatalog::defaultVariantsDir()
{
    const QString fromEnv = qEnvironmentVariable("FLAKEOFF_VARIANTS");
    if (!fromEnv.isEmpty())
        return fromEnv;
    const QString source = QStringLiteral(FLAKEOFF_SOURCE_DIR "/variants");
    if (QFileInfo::exists(source))
        return source;
    return QCoreApplication::applicationDirPath() + QStringLiteral("/../share/flakeoff/variants");
}

StrategyCatalog StrategyCatalog::load(const QString &variantsDir)
{
    StrategyCatalog c;
    c.m_dir = variantsDir;
    if (!QFileInfo(variantsDir).isDir()) {
        c.m_errors << QStringLiteral("the variants folder %1 does not exist").arg(variantsDir);
        return c;
    }
    // Real strategies first, then the offline models, each group sorted by id.
    for (const QString &group : {QStringLiteral("strategies"), QStringLiteral("offline")}) {
        const QDir dir(variantsDir + QLatin1Char('/') + group);
        const auto entries = dir.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        for (const QFileInfo &entry : entries) {
            const QString manifest = entry.absoluteFilePath() + QStringLiteral("/manifest.json");
            if (!QFileInfo::exists(manifest))
                continue; // helper folders (common/, shims/, testing/)
            QString error;
            if (auto s = Strategy::load(manifest, &error)) {
                if (c.find(s->id))
                    c.m_errors
                        << QStringLiteral("%1: a strategy with id %2 already exists").arg(manifest, s->id);
                else
                    c.m_strategies.push_back(std::move(*s));
            } else {
                c.m_errors << error;
            }
        }
    }
    return c;
}

const Strategy *StrategyCatalog::find(const QString &id) const
{
    for (const auto &s : m_strategies)
        if (s.id == id)
            return &s;
    return nullptr;
}

QStringList StrategyCatalog::ids() const
{
    QStringList out;
    for (const auto &s : m_strategies)
        out << s.id;
    return out;
}

} // namespace flakeoff
