// SPDX-License-Identifier: MIT
// flakeoff-cli: the headless shell over flakeoff_core, one file per subcommand.
#include "CaptureCommand.h"
#include "GenerateCommand.h"
#include "ParseLogCommand.h"
#include "RunCommand.h"

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
               "\n"
               "Run 'flakeoff-cli <command> --help' for a command's options.\n",
               out);
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
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
