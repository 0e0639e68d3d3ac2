// SPDX-License-Identifier: MIT
#include "GenerateCommand.h"

#include "CommandLine.h"
#include "CommandSupport.h"
#include "strategy/CargoInvoker.h"
#include "strategy/PerCrateGenerator.h"

#include <QElapsedTimer>

namespace flakeoff::cli {

int generatePerCrate(const QStringList &arguments)
{
    CommandLine commandLine(
        QStringLiteral("generate-per-crate"),
        QStringLiteral("Writes the per-crate offline model's Nix file for a workspace: one derivation per "
                       "crate, from `cargo metadata` and cargo's unit graph (run offline)."));
    QCommandLineParser &parser = commandLine.parser();
    const QCommandLineOption workspaceOption(QStringLiteral("workspace"),
                                             QStringLiteral("The workspace folder (holds Cargo.toml)."),
                                             QStringLiteral("DIR"));
    const QCommandLineOption packageOption({QStringLiteral("p"), QStringLiteral("package")},
                                           QStringLiteral("Package to build (repeatable)."),
                                           QStringLiteral("NAME"));
    const QCommandLineOption targetOption(
        QStringLiteral("target"), QStringLiteral("Target kind; only 'native' (the host) is supported."),
        QStringLiteral("KIND"), QStringLiteral("native"));
    const QCommandLineOption profileOption(
        QStringLiteral("profile"), QStringLiteral("Cargo profile (default: dev)."), QStringLiteral("NAME"));
    const QCommandLineOption outOption({QStringLiteral("o"), QStringLiteral("out")},
                                       QStringLiteral("Nix file to write."), QStringLiteral("FILE"));
    parser.addOptions({workspaceOption, packageOption, targetOption, profileOption, outOption});
    if (const auto exit = commandLine.parse(arguments))
        return *exit;
    if (!parser.isSet(workspaceOption) || !parser.isSet(packageOption) || !parser.isSet(outOption))
        return commandLine.fail(
            QStringLiteral("usage: generate-per-crate --workspace DIR --package NAME --out FILE.nix"), 2);
    if (parser.value(targetOption) != QLatin1String("native"))
        return commandLine.fail(
            QStringLiteral(
                "target '%1' is not supported: the per-crate model builds native (host) crates only")
                .arg(parser.value(targetOption)),
            2);

    QElapsedTimer clock;
    clock.start();
    CargoRequest request;
    request.workspace = parser.value(workspaceOption);
    request.packages = parser.values(packageOption);
    request.profile = parser.value(profileOption);
    const auto cargo = CargoInvoker::runBlocking(request);
    if (!cargo.ok())
        return commandLine.fail(cargo.error, 1);
    const PerCrateResult result = PerCrateGenerator::generate(
        cargo.outputs.metadataJson, cargo.outputs.unitGraphJson, cargo.outputs.rustcVerbose);
    if (!result.ok())
        return commandLine.fail(result.error, 1);

    QString error;
    if (!writeWhole(parser.value(outOption), result.nix, &error))
        return commandLine.fail(error, 1);
    commandLine.say(QStringLiteral("wrote %1 (crates: %2, build scripts: %3, proc-macros: %4) in %5 ms")
                        .arg(parser.value(outOption))
                        .arg(result.crateCount)
                        .arg(result.buildScriptCount)
                        .arg(result.procMacroCount)
                        .arg(clock.elapsed()));
    return 0;
}

} // namespace flakeoff::cli
