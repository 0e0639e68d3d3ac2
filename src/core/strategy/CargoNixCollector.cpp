// SPDX-License-Identifier: MIT
#include "CargoNixCollector.h"

#include "CargoInvoker.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace flakeoff {

namespace {
std::optional<QByteArray> readFile(const QString &path, QString &error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return std::nullopt;
    }
    return f.readAll();
}
} // namespace

std::optional<CargoNixInput> CargoNixCollector::collect(const Request &request, QString &error,
                                                        int *cargoRuns)
{
    if (const QString problem = CargoInvoker::workspaceProblem(request.workspace); !problem.isEmpty()) {
        error = problem;
        return std::nullopt;
    }
    const QDir dir(request.workspace);
    const QString lockPath = dir.filePath(QStringLiteral("Cargo.lock"));
    if (!QFileInfo::exists(lockPath)) {
        error = QStringLiteral("no Cargo.lock in %1: cargo2nix's format records the lock's hash, so the lock "
                               "must exist first (cargo generate-lockfile)")
                    .arg(QDir::toNativeSeparators(dir.absolutePath()));
        return std::nullopt;
    }
    CargoNixInput input;
    input.target = request.target;
    input.pathDependenciesOwnFolder = request.pathDependenciesOwnFolder;
    auto lock = readFile(request.lock.isEmpty() ? lockPath : request.lock, error);
    auto manifest = lock ? readFile(dir.filePath(QStringLiteral("Cargo.toml")), error) : std::nullopt;
    if (!manifest)
        return std::nullopt;
    input.cargoLock = *lock;
    input.rootManifest = *manifest;

    int runs = 0;
    auto metadata = [&](const QStringList &flags, const QString &what) -> std::optional<CargoMetadata> {
        CargoRequest cargo;
        cargo.workspace = request.workspace;
        cargo.metadataOnly = true;
        cargo.timeoutMs = request.timeoutMs;
        cargo.metadataArguments = QStringList{QStringLiteral("--locked")} + flags;
        if (!request.target.isEmpty())
            cargo.metadataArguments << QStringLiteral("--filter-platform") << request.target;
        ++runs;
        const auto result = CargoInvoker::runBlocking(cargo);
        if (!result.ok()) {
            error = QStringLiteral("%1 (%2)").arg(result.error, what);
            return std::nullopt;
        }
        auto parsed = CargoMetadata::parse(result.outputs.metadataJson, error);
        if (!parsed)
            error += QStringLiteral(" (%1)").arg(what);
        return parsed;
    };

    auto all = metadata({QStringLiteral("--all-features")}, QStringLiteral("with all features"));
    if (!all)
        return std::nullopt;
    const QString root = QFileInfo(all->workspaceRoot()).canonicalFilePath();
    if (root != QFileInfo(request.workspace).canonicalFilePath()) {
        error =
            QStringLiteral("%1 is part of the workspace at %2: generate Cargo.nix from the workspace root")
                .arg(request.workspace, all->workspaceRoot());
        return std::nullopt;
    }
    auto none = metadata({QStringLiteral("--no-default-features")}, QStringLiteral("without features"));
    if (!none)
        return std::nullopt;
    for (const auto &[member, feature] : CargoNixWriter::featureRequests(*all)) {
        const QString spec = member + QLatin1Char('/') + feature;
        auto just = metadata({QStringLiteral("--no-default-features"), QStringLiteral("--features"), spec},
                             QStringLiteral("with only the feature %1").arg(spec));
        if (!just)
            return std::nullopt;
        input.featureRuns.push_back({member, feature, std::move(*just)});
    }
    input.allFeatures = std::move(*all);
    input.noFeatures = std::move(*none);
    if (cargoRuns)
        *cargoRuns = runs;
    return input;
}

} // namespace flakeoff
