// SPDX-License-Identifier: MIT
#include "GenerateCargoNixCommand.h"

#include "CommandLine.h"
#include "CommandSupport.h"
#include "strategy/CargoNixCollector.h"
#include "strategy/CargoNixWriter.h"

#include <QElapsedTimer>

namespace flakeoff::cli {

int generateCargoNix(const QStringList &arguments)
{
    CommandLine commandLine(
        QStringLiteral("generate-cargo-nix"),
        QStringLiteral(
            "Writes a workspace's Cargo.nix in cargo2nix 0.12's format, for cargo2nix's overlay to build, "
            "from "
            "`cargo metadata` run offline (cargo2nix's own generator cannot be built offline). "
            "Target-specific "
            "dependencies keep cargo2nix's platform conditions, so one file serves every target."));
    QCommandLineParser &parser = commandLine.parser();
    const QCommandLineOption workspaceOption(
        QStringLiteral("workspace"), QStringLiteral("The workspace root (holds Cargo.toml and Cargo.lock)."),
        QStringLiteral("DIR"));
    const QCommandLineOption targetOption(
        QStringLiteral("target"),
        QStringLiteral("Resolve for this target triple only (cargo metadata --filter-platform); default: "
                       "every platform, with conditions, as cargo2nix does."),
        QStringLiteral("TRIPLE"));
    const QCommandLineOption ownFolderOption(
        QStringLiteral("path-dependencies-own-folder"),
        QStringLiteral("Give path dependencies that are not workspace members their own folder as source "
                       "(cargo2nix 0.12 gives every local crate the whole workspace)."));
    const QCommandLineOption lockOption(
        QStringLiteral("lock"),
        QStringLiteral(
            "The Cargo.lock whose hash and checksums Cargo.nix records (default: the workspace's). "
            "cargo resolves with the workspace's own lock: both must pin the same packages."),
        QStringLiteral("FILE"));
    const QCommandLineOption outOption({QStringLiteral("o"), QStringLiteral("out")},
                                       QStringLiteral("Cargo.nix to write."), QStringLiteral("FILE"));
    parser.addOptions({workspaceOption, targetOption, ownFolderOption, lockOption, outOption});
    if (const auto exit = commandLine.parse(arguments))
        return *exit;
    if (!parser.isSet(workspaceOption) || !parser.isSet(outOption))
        return commandLine.fail(
            QStringLiteral("usage: generate-cargo-nix --workspace DIR [--target TRIPLE] --out FILE"), 2);

    QElapsedTimer clock;
    clock.start();
    CargoNixCollector::Request request;
    request.workspace = parser.value(workspaceOption);
    request.target = parser.value(targetOption);
    request.pathDependenciesOwnFolder = parser.isSet(ownFolderOption);
    request.lock = parser.value(lockOption);
    QString error;
    CargoNixCollector::Outputs cargo;
    const auto input = CargoNixCollector::collect(request, error, &cargo);
    if (!input)
        return commandLine.fail(error, 1);
    const CargoNixResult result = CargoNixWriter::write(*input);
    if (!result.ok())
        return commandLine.fail(result.error, 1);

    if (!writeWhole(parser.value(outOption), result.nix, &error))
        return commandLine.fail(error, 1);
    commandLine.say(QStringLiteral("wrote %1 (crates: %2, local: %3, conditional dependencies: %4; cargo "
                                   "metadata runs: %5) in %6 ms")
                        .arg(parser.value(outOption))
                        .arg(result.crateCount)
                        .arg(result.localCount)
                        .arg(result.conditionalDependencies)
                        .arg(cargo.cargoRuns())
                        .arg(clock.elapsed()));
    return 0;
}

} // namespace flakeoff::cli
