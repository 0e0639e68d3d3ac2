// SPDX-License-Identifier: MIT
// flakeoff: the desktop app, a thin shell over flakeoff_app_lib.
#include "MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    // The icons live in the static app library: its resources must be registered by hand.
    Q_INIT_RESOURCE(resources);
    QApplication::setOrganizationName(QStringLiteral("Flakeoff"));
    QApplication::setApplicationName(QStringLiteral("flakeoff"));
    QApplication::setApplicationDisplayName(QStringLiteral("Flakeoff"));
    QApplication::setApplicationVersion(QStringLiteral(FLAKEOFF_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("flakeoff"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/flakeoff.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Shows the build report of a Nix internal-json log."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("log"),
                                 QStringLiteral("A log to open: Flakeoff's saved log (flakeoff-cli capture) or "
                                                "the stderr of nix … --log-format internal-json."),
                                 QStringLiteral("[log]"));
    parser.process(app);

    flakeoff::app::MainWindow window;
    window.show();
    if (const QStringList logs = parser.positionalArguments(); !logs.isEmpty())
        window.openLog(logs.front());
    return QApplication::exec();
}
