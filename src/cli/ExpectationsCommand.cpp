// SPDX-License-Identifier: MIT
#include "ExpectationsCommand.h"

#include "CommandLine.h"
#include "predict/ExpectedRebuildCheck.h"
#include "session/SessionStore.h"
#include "strategy/CargoInvoker.h"
#include "strategy/CargoMetadata.h"
#include "strategy/StrategyCatalog.h"
#include "strategy/WorkspaceInfo.h"

#include <QDir>

#include <nlohmann/json.hpp>

#include <cstdio>

namespace flakeoff::cli {

namespace {
// The members (and, when it has one, the lock) of the session's workspace: the manifests'
// patterns name a member's derivations by its name and version. `cargo metadata --no-deps`
// needs neither a lock nor a network.
std::optional<WorkspaceInfo> readWorkspace(const QString &dir, QString *error)
{
    if (const QString problem = CargoInvoker::workspaceProblem(dir); !problem.isEmpty()) {
        *error = problem;
        return std::nullopt;
    }
    CargoRequest request;
    request.workspace = dir;
    request.metadataOnly = true;
    request.metadataArguments = {QStringLiteral("--no-deps")};
    const auto result = CargoInvoker::runBlocking(request);
    if (!result.ok()) {
        *error = result.error;
        return std::nullopt;
    }
    const auto metadata = CargoMetadata::parse(result.outputs.metadataJson, *error);
    if (!metadata)
        return std::nullopt;
    auto info = WorkspaceInfo::fromMetadata(*metadata, error);
    if (info)
        info->readLockedDependencies(); // none: {dependency} stays any "<name>-<x.y.z>" that is no member
    return info;
}
} // namespace

int expectations(const QStringList &arguments)
{
    CommandLine commandLine(
        QStringLiteral("expectations"),
        QStringLiteral(
            "Checks a saved session's builds against the strategy manifests' expected rebuilds: per "
            "strategy, step and target, whether what each build rebuilt is what the manifest says."));
    QCommandLineParser &parser = commandLine.parser();
    parser.addPositionalArgument(QStringLiteral("session"),
                                 QStringLiteral("A session file (flakeoff-cli run --out)."));
    const QCommandLineOption workspaceOpt(
        QStringLiteral("workspace"),
        QStringLiteral("The session's workspace, when it is no longer where the session says (its members "
                       "name the derivations)."),
        QStringLiteral("DIR"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    parser.addOptions({workspaceOpt, jsonOpt});
    if (const auto exit = commandLine.parse(arguments))
        return *exit;
    if (parser.positionalArguments().size() != 1)
        return commandLine.fail(QStringLiteral("give one session file"), 2);
    const QString sessionPath = parser.positionalArguments().constFirst();
    QString error;
    const auto session = SessionStore::load(sessionPath, &error);
    if (!session)
        return commandLine.fail(error, 1);
    const QString workspaceDir = parser.isSet(workspaceOpt) ? parser.value(workspaceOpt) : session->workspace;
    const auto workspace = readWorkspace(workspaceDir, &error);
    if (!workspace)
        return commandLine.fail(
            QStringLiteral("cannot read the session's workspace %1%2: %3")
                .arg(QDir::toNativeSeparators(workspaceDir),
                     parser.isSet(workspaceOpt) ? QString() : QStringLiteral(" (give --workspace DIR)"),
                     error),
            1);
    const auto catalog = StrategyCatalog::load();
    const auto check = ExpectedRebuildCheck::check(*session, catalog, *workspace);
    if (parser.isSet(jsonOpt)) {
        std::puts(check.toJson().dump(2).c_str());
    } else {
        std::printf("%s against the manifests in %s (written for the bundled sample's scenario):\n",
                    qPrintable(sessionPath), qPrintable(QDir::toNativeSeparators(catalog.variantsDir())));
        std::printf("%-20s %-16s %-7s %-12s %s\n", "STRATEGY", "STEP", "TARGET", "VERDICT", "BUILDS");
        for (const auto &c : check.cells) {
            std::printf("%-20s %-16s %-7s %-12s %d\n", qPrintable(c.strategy), qPrintable(c.step),
                        qPrintable(c.target), qPrintable(ExpectationCell::verdictName(c.verdict)), c.builds);
            for (const QString &f : c.findings)
                std::printf("    %s\n", qPrintable(f));
            if (!c.note.isEmpty())
                std::printf("    (%s)\n", qPrintable(c.note));
        }
        std::printf("%d of %zu cells agree, %d differ, %d not checked\n", check.agreeing(),
                    check.cells.size(), check.differing(), check.unchecked());
    }
    return check.differing() > 0 ? 3 : 0;
}

} // namespace flakeoff::cli
