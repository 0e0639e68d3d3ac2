// SPDX-License-Identifier: MIT
// flakeoff-cli: the headless shell over flakeoff_core, one file per subcommand.
#include "CaptureCommand.h"
#include "GenerateCommand.h"
#include "InputsCommand.h"
#include "ParseLogCommand.h"
#include "ReportCommand.h"
#include "PredictCommand.h"
#include "RunCommand.h"
#include "StrategiesCommand.h"

#include <QCoreApplication>

#include <cstdio>

namespace {
void usage(FILE *out)
{
    std::fputs("usage: flakeoff-cli <command> [options]\n"
               "\n"
               "commands:\n"
               "  parse-log FILE [--json]        build report of a Nix internal-json log\n"
               "  capture --out LOG -- COMMAND   run COMMAND, save its stderr with arrival times\n"
               "  run [--strategies IDS] [--scenario NAME|FILE] [--repeat N] [--warmup K] [--out FILE]\n"
               "                                 run a scenario of builds on real Nix and save the session\n"
               "  generate-per-crate --workspace DIR --package NAME --out FILE.nix\n"
               "                                 write the per-crate model's Nix file (one derivation per crate)\n"
               "  report SESSION [--format html|md|csv|json|pdf|svg|png] [--out PATH] [--theme light|dark]\n"
               "                                 write a comparison report of a saved session\n"
               "  strategies [--json]            which strategies can run on this machine, and why not\n"
               "  predict [--strategies IDS] [--scenario NAME|FILE] [--history SESSION] [--out FILE] [--compare RUN]\n"
               "                                 predict each step's rebuilds by evaluation only (no build)\n"
               "  inputs import PATH… | list [--json] | fetch --strategy ID\n"
               "                                 local flake inputs for building without a network\n"
               "\n"
               "Run 'flakeoff-cli <command> --help' for a command's options.\n",
               out);
}
} // namespace

int main(int argc, char *argv[])
{
    const auto app = flakeoff::cli::makeApplication(argc, argv); // a QGuiApplication only for reports that draw
    QCoreApplication::setApplicationName(QStringLiteral("flakeoff-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FLAKEOFF_VERSION));
    QStringList args = QCoreApplication::arguments();
    if (args.size() < 2) {
        usage(stderr);
        return 2;
    }
    const QString command = args.at(1);
    args.removeAt(1); // subcommands see "flakeoff-cli <their options>"
    if (command == QLatin1String("run"))
        return flakeoff::cli::run(args);
    if (command == QLatin1String("parse-log"))
        return flakeoff::cli::parseLog(args);
    if (command == QLatin1String("capture"))
        return flakeoff::cli::capture(args);
    if (command == QLatin1String("generate-per-crate"))
        return flakeoff::cli::generatePerCrate(args);
    if (command == QLatin1String("report"))
        return flakeoff::cli::report(args);
    if (command == QLatin1String("strategies"))
        return flakeoff::cli::strategies(args);
    if (command == QLatin1String("predict"))
        return flakeoff::cli::predict(args);
    if (command == QLatin1String("inputs"))
        return flakeoff::cli::inputs(args);
    if (command == QLatin1String("--help") || command == QLatin1String("-h") || command == QLatin1String("help")) {
        usage(stdout);
        return 0;
    }
    if (command == QLatin1String("--version")) {
        std::printf("flakeoff-cli %s\n", FLAKEOFF_VERSION);
        return 0;
    }
    std::fprintf(stderr, "flakeoff-cli: unknown command '%s'\n\n", qPrintable(command));
    usage(stderr);
    return 2;
}
