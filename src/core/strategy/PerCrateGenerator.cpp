// SPDX-License-Identifier: MIT
#include "PerCrateGenerator.h"

#include "PerCratePlanner.h"

namespace flakeoff {

PerCrateResult PerCrateGenerator::generate(const CargoMetadata &metadata, const CargoUnitGraph &graph,
                                           const PerCrateOptions &options)
{
    return PerCratePlanner(metadata, graph, options).run();
}

PerCrateResult PerCrateGenerator::generate(const QByteArray &metadataJson, const QByteArray &unitGraphJson,
                                           const QString &rustcVerbose)
{
    PerCrateResult result;
    QString error;
    const auto metadata = CargoMetadata::parse(metadataJson, error);
    if (!metadata) {
        result.error = error;
        return result;
    }
    const auto graph = CargoUnitGraph::parse(unitGraphJson, error);
    if (!graph) {
        result.error = error;
        return result;
    }
    PerCrateOptions options;
    if (!parseRustcVerbose(rustcVerbose, options)) {
        result.error =
            QStringLiteral("cannot read the rustc version from `rustc -vV`: %1").arg(rustcVerbose.trimmed());
        return result;
    }
    return generate(*metadata, *graph, options);
}

bool PerCrateGenerator::parseRustcVerbose(const QString &text, PerCrateOptions &options)
{
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (const QString &raw : lines) {
        const QString line = raw.trimmed();
        if (line.startsWith(QLatin1String("rustc ")) && options.rustcVersion.isEmpty())
            options.rustcVersion = line;
        else if (line.startsWith(QLatin1String("host: ")))
            options.host = line.mid(6).trimmed();
    }
    return !options.rustcVersion.isEmpty() && !options.host.isEmpty();
}

} // namespace flakeoff
