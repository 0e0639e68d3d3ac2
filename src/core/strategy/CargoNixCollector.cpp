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
                                                        Outputs *outputs)
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
    const auto lock = readFile(request.lock.isEmpty() ? lockPath : request.lock, error);
    const auto manifest = lock ? readFile(dir.filePath(QStringLiteral("Cargo.toml")), error) : std::nullopt;
    if (!manifest)
        return std::nullopt;

    auto metadata = [&](const QStringList &flags, const QString &what) -> std::optional<QByteArray> {
        CargoRequest cargo;
        cargo.workspace = request.workspace;
        cargo.metadataOnly = true;
        cargo.timeoutMs = request.timeoutMs;
        cargo.metadataArguments = QStringList{QStringLiteral("--locked")} + flags;
        if (!request.target.isEmpty())
            cargo.metadataArguments << QStringLiteral("--filter-platform") << request.target;
        const auto result = CargoInvoker::runBlocking(cargo);
        if (!result.ok()) {
            error = QStringLiteral("%1 (%2)").arg(result.error, what);
            return std::nullopt;
        }
        return result.outputs.metadataJson;
    };

    Outputs out;
    const auto all = metadata({QStringLiteral("--all-features")}, QStringLiteral("with all features"));
    const auto none =
        all ? metadata({QStringLiteral("--no-default-features")}, QStringLiteral("without features"))
            : std::nullopt;
    if (!none)
        return std::nullopt;
    out.allFeatures = *all;
    out.noFeatures = *none;
    const auto parsed = CargoMetadata::parse(out.allFeatures, error);
    if (!parsed)
        return std::nullopt;
    const QString root = QFileInfo(parsed->workspaceRoot()).canonicalFilePath();
    if (root != QFileInfo(request.workspace).canonicalFilePath()) {
        error =
            QStringLiteral("%1 is part of the workspace at %2: generate Cargo.nix from the workspace root")
                .arg(request.workspace, parsed->workspaceRoot());
        return std::nullopt;
    }
    for (const CargoNixWriter::FeatureRequest &f : CargoNixWriter::featureRequests(*parsed)) {
        const QString spec = f.member + QLatin1Char('/') + f.feature;
        const auto just =
            metadata({QStringLiteral("--no-default-features"), QStringLiteral("--features"), spec},
                     QStringLiteral("with only the feature %1").arg(spec));
        if (!just)
            return std::nullopt;
        out.features.emplace_back(f, *just);
    }
    auto input = fromOutputs(out, error);
    if (!input)
        return std::nullopt;
    input->cargoLock = *lock;
    input->rootManifest = *manifest;
    input->target = request.target;
    input->pathDependenciesOwnFolder = request.pathDependenciesOwnFolder;
    if (outputs)
        *outputs = std::move(out);
    return input;
}

std::optional<CargoNixInput> CargoNixCollector::fromOutputs(const Outputs &outputs, QString &error)
{
    CargoNixInput input;
    auto parse = [&error](const QByteArray &json, const QString &what) {
        auto parsed = CargoMetadata::parse(json, error);
        if (!parsed)
            error += QStringLiteral(" (%1)").arg(what);
        return parsed;
    };
    auto all = parse(outputs.allFeatures, QStringLiteral("with all features"));
    auto none = all ? parse(outputs.noFeatures, QStringLiteral("without features")) : std::nullopt;
    if (!none)
        return std::nullopt;
    input.allFeatures = std::move(*all);
    input.noFeatures = std::move(*none);
    for (const auto &[request, json] : outputs.features) {
        auto just =
            parse(json, QStringLiteral("with only the feature %1/%2").arg(request.member, request.feature));
        if (!just)
            return std::nullopt;
        input.featureRuns.push_back({request.member, request.feature, std::move(*just)});
    }
    return input;
}

} // namespace flakeoff
