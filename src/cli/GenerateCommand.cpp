// SPDX-License-Identifier: MIT
#include "GenerateCommand.h"

#include "strategy/CargoInvoker.h"
#include "strategy/PerCrateGenerator.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QSaveFile>

#include <cstdio>

namespace flakeoff::cli {

namespace {
int fail(const QString &message, int code = 1)
{
    std::fprintf(stderr, "flakeoff-cli generate-per-crate: %s\n", qPrintable(message));
    return code;
}
} // namespace

int generatePerCrate(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Writes the per-crate offline model's Nix file for a workspace: one derivation per crate, "
        "from `cargo metadata` and cargo's unit graph (run offline)."));
    parser.addHelpOption();
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
    if (!parser.parse(arguments))
        return fail(parser.errorText(), 2);
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    if (!parser.isSet(workspaceOption) || !parser.isSet(packageOption) || !parser.isSet(outOption))
        return fail(QStringLiteral("usage: generate-per-crate --workspace DIR --package NAME --out FILE.nix"),
                    2);
    if (parser.value(targetOption) != QLatin1String("native"))
        return fail(QStringLiteral(
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
        return fail(cargo.error);
    const PerCrateResult result = PerCrateGenerator::generate(
        cargo.outputs.metadataJson, cargo.outputs.unitGraphJson, cargo.outputs.rustcVerbose);
    if (!result.ok())
        return fail(result.error);

    // Written whole or not at all: a half-written file would evaluate to nonsense.
    QSaveFile out(parser.value(outOption));
    if (!out.open(QIODevice::WriteOnly) || out.write(result.nix) != result.nix.size() || !out.commit())
        return fail(QStringLiteral("cannot write %1: %2").arg(out.fileName(), out.errorString()));
    std::fprintf(stderr,
                 "flakeoff-cli generate-per-crate: wrote %s (crates: %d, build scripts: %d, proc-macros: %d) "
                 "in %lld ms\n",
                 qPrintable(out.fileName()), result.crateCount, result.buildScriptCount,
                 result.procMacroCount, static_cast<long long>(clock.elapsed()));
    return 0;
}

} // namespace flakeoff::cli
