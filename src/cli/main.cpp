// SPDX-License-Identifier: MIT
// flakeoff-cli: the headless shell over flakeoff_core, one file per subcommand.
#include "CaptureCommand.h"
#include "ExpectationsCommand.h"
#include "GenerateCargoNixCommand.h"
#include "GenerateCommand.h"
#include "InputsCommand.h"
#include "ParseLogCommand.h"
#include "PredictCommand.h"
#include "ReportCommand.h"
#include "RunCommand.h"
#include "StrategiesCommand.h"

#include <QCoreApplication>
#include <QGuiApplication>

#include <cstdio>
#include <memory>

namespace {
void usage(FILE *out)
{
    std::fputs(
        "usage: flakeoff-cli <command> [options]\n"
        "\n"
        "commands:\n"
        "  parse-log FILE [--json]        build report of a Nix internal-json log\n"
        "  capture --out LOG -- COMMAND   run COMMAND, save its stderr with arrival times\n"
        "  run [--strategies IDS] [--scenario NAME|FILE] [--repeat N] [--warmup K] [--out FILE]\n"
        "                                 run a scenario of builds on real Nix and save the session\n"
        "  generate-per-crate --workspace DIR --package NAME --out FILE.nix\n"
        "                                 write the per-crate model's Nix file (one derivation per crate)\n"
        "  generate-cargo-nix --workspace DIR [--target TRIPLE] --out FILE\n"
        "                                 write the workspace's Cargo.nix in cargo2nix 0.12's format\n"
        "  report SESSION [--format html|md|csv|json|pdf|svg|png] [--out PATH] [--theme "
        "auto|light|dark|slides]\n"
        "                                 write a comparison report of a saved session\n"
        "  strategies [--json]            which strategies can run on this machine, and why not\n"
        "  predict [--strategies IDS] [--scenario NAME|FILE] [--history SESSION] [--out FILE] [--compare "
        "RUN]\n"
        "                                 predict each step's rebuilds by evaluation only (no build)\n"
        "  expectations SESSION [--workspace DIR] [--json]\n"
        "                                 check a session's builds against the manifests' expected rebuilds\n"
        "  inputs import PATH… | list [--json] | fetch --strategy ID\n"
        "                                 local flake inputs for building without a network\n"
        "\n"
        "Run 'flakeoff-cli <command> --help' for a command's options.\n",
        out);
}

struct Subcommand
{
    const char *name;
    int (*run)(const QStringList &arguments);
};
constexpr Subcommand kSubcommands[] = {
    {"run", flakeoff::cli::run},
    {"parse-log", flakeoff::cli::parseLog},
    {"capture", flakeoff::cli::capture},
    {"generate-per-crate", flakeoff::cli::generatePerCrate},
    {"generate-cargo-nix", flakeoff::cli::generateCargoNix},
    {"report", flakeoff::cli::report},
    {"strategies", flakeoff::cli::strategies},
    {"predict", flakeoff::cli::predict},
    {"expectations", flakeoff::cli::expectations},
    {"inputs", flakeoff::cli::inputs},
};

// The application object for a command line: a QGuiApplication (offscreen, no window ever) when
// `argv` is a report that draws charts (HTML, PDF, SVG, PNG need fonts), otherwise a
// QCoreApplication, so every other command runs without any GUI platform plugin.
std::unique_ptr<QCoreApplication> makeApplication(int &argc, char **argv)
{
    if (argc > 1 && qstrcmp(argv[1], "report") == 0) {
        QStringList arguments; // as the command sees them: without "report"
        for (int i = 0; i < argc; ++i)
            if (i != 1)
                arguments << QString::fromLocal8Bit(argv[i]);
        if (flakeoff::cli::reportDrawsCharts(arguments)) {
            // A command line never shows a window; fonts and images work on the offscreen platform.
            if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
                qputenv("QT_QPA_PLATFORM", "offscreen");
            return std::make_unique<QGuiApplication>(argc, argv);
        }
    }
    return std::make_unique<QCoreApplication>(argc, argv);
}
} // namespace

int main(int argc, char *argv[])
{
    const auto app = makeApplication(argc, argv); // a QGuiApplication only for reports that draw
    QCoreApplication::setApplicationName(QStringLiteral("flakeoff-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FLAKEOFF_VERSION));
    QStringList args = QCoreApplication::arguments();
    if (args.size() < 2) {
        usage(stderr);
        return 2;
    }
    const QString command = args.at(1);
    args.removeAt(1); // subcommands see "flakeoff-cli <their options>"
    for (const Subcommand &s : kSubcommands)
        if (command == QLatin1String(s.name))
            return s.run(args);
    if (command == QLatin1String("--help") || command == QLatin1String("-h") ||
        command == QLatin1String("help")) {
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
