// SPDX-License-Identifier: MIT
// flakeoff: the desktop app, a thin shell over flakeoff_app_lib.
#include "LogView.h"
#include "MainWindow.h"
#include "SessionController.h"
#include "SettingsDialog.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>
#include <QTimer>

#include <cstdio>

namespace {

// Saves a picture of `widget` for the README's screenshots (run under Xvfb by scripts/screenshots.sh).
bool saveShot(QWidget *widget, const QString &path)
{
    const bool ok = widget->grab().save(path);
    std::fprintf(ok ? stdout : stderr, "%s %s\n", ok ? "screenshot:" : "flakeoff: cannot write screenshot",
                 qPrintable(path));
    return ok;
}

} // namespace

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
#ifdef FLAKEOFF_CLI_BUILD_PATH
    // A development build: the runner finds flakeoff-cli (per-crate generation) in the build tree.
    if (qEnvironmentVariableIsEmpty("FLAKEOFF_CLI") &&
        !QFileInfo::exists(QCoreApplication::applicationDirPath() + QStringLiteral("/flakeoff-cli")) &&
        QFileInfo::exists(QStringLiteral(FLAKEOFF_CLI_BUILD_PATH)))
        qputenv("FLAKEOFF_CLI", FLAKEOFF_CLI_BUILD_PATH);
#endif

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Runs a Rust workspace through Nix packaging strategies, watches the "
                       "builds and compares them. Opens a saved session or a build log."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("file"),
        QStringLiteral("A session (.json) or a log: Flakeoff's saved log (flakeoff-cli capture) "
                       "or the stderr of nix … --log-format internal-json."),
        QStringLiteral("[file]"));
    const QCommandLineOption replayOpt(QStringLiteral("replay"), QStringLiteral("Replay a saved session."),
                                       QStringLiteral("SESSION"));
    const QCommandLineOption speedOpt(
        QStringLiteral("speed"), QStringLiteral("Replay speed (1 = real time)."), QStringLiteral("FACTOR"));
    const QCommandLineOption viewOpt(QStringLiteral("view"),
                                     QStringLiteral("The view to show: run, compare or log."),
                                     QStringLiteral("VIEW"));
    const QCommandLineOption presentOpt(QStringLiteral("presentation"),
                                        QStringLiteral("Start in presentation mode."));
    const QCommandLineOption shotOpt(
        QStringLiteral("screenshot"),
        QStringLiteral("Save a picture of the window to PATH once it has settled, then quit."),
        QStringLiteral("PATH"));
    const QCommandLineOption delayOpt(
        QStringLiteral("screenshot-delay"),
        QStringLiteral("Wait MS milliseconds after loading before the screenshot (default 1500)."),
        QStringLiteral("MS"), QStringLiteral("1500"));
    const QCommandLineOption settingsOpt(
        QStringLiteral("settings"),
        QStringLiteral("Open the settings dialog (its picture with --screenshot)."));
    const QCommandLineOption sizeOpt(QStringLiteral("size"), QStringLiteral("Window size, e.g. 1280x800."),
                                     QStringLiteral("WxH"));
    parser.addOptions({replayOpt, speedOpt, viewOpt, presentOpt, shotOpt, delayOpt, settingsOpt, sizeOpt});
    parser.process(app);

    flakeoff::app::MainWindow window;
    using View = flakeoff::app::MainWindow::View;
    if (parser.isSet(sizeOpt)) {
        const QStringList wh = parser.value(sizeOpt).split(QLatin1Char('x'));
        if (wh.size() == 2 && wh[0].toInt() > 0 && wh[1].toInt() > 0)
            window.resize(wh[0].toInt(), wh[1].toInt());
    }
    window.show();
    if (parser.isSet(speedOpt)) {
        bool ok = false;
        const double speed = parser.value(speedOpt).toDouble(&ok);
        if (!ok || speed <= 0) {
            std::fprintf(stderr, "flakeoff: --speed must be a positive number\n");
            return 2;
        }
        window.sessions()->setReplaySpeed(speed);
    }
    if (parser.isSet(replayOpt))
        window.sessions()->replaySession(parser.value(replayOpt));
    else if (const QStringList files = parser.positionalArguments(); !files.isEmpty())
        window.openFile(files.front());
    const QString view = parser.value(viewOpt);
    const auto applyView = [&window, view] {
        if (view == QLatin1String("run"))
            window.showView(View::Run);
        else if (view == QLatin1String("compare"))
            window.showView(View::Compare);
        else if (view == QLatin1String("log"))
            window.showView(View::Log);
    };
    applyView();
    if (parser.isSet(presentOpt))
        window.setPresentationMode(true);
    flakeoff::app::SettingsDialog *settings = nullptr;
    if (parser.isSet(settingsOpt)) {
        settings = new flakeoff::app::SettingsDialog(window.settings(), &window);
        settings->setAttribute(Qt::WA_DeleteOnClose);
        settings->open();
    }

    if (parser.isSet(shotOpt)) {
        const QString path = parser.value(shotOpt);
        const int delay = std::max(0, parser.value(delayOpt).toInt());
        // After loading (a session or a log opens on a worker), the view asked for, then the delay.
        auto shoot = [&window, settings, path, delay, applyView] {
            applyView();
            QTimer::singleShot(delay, &window, [&window, settings, path] {
                QWidget *target =
                    settings ? static_cast<QWidget *>(settings) : static_cast<QWidget *>(&window);
                QApplication::exit(saveShot(target, path) ? 0 : 1);
            });
        };
        using flakeoff::app::LogView;
        using flakeoff::app::SessionController;
        SessionController *sessions = window.sessions();
        if (parser.isSet(replayOpt) && !SessionController::looksLikeSession(parser.value(replayOpt))) {
            shoot(); // a single log replays at once
        } else if (parser.isSet(replayOpt)) {
            QObject::connect(sessions, &SessionController::sessionLoaded, &window, [shoot] { shoot(); });
            QObject::connect(sessions, &SessionController::sessionFailed, &window,
                             [] { QApplication::exit(1); });
        } else if (const QStringList files = parser.positionalArguments();
                   !files.isEmpty() && SessionController::looksLikeSession(files.front())) {
            // The Log page then reads the session's build on its own: the delay covers it.
            QObject::connect(sessions, &SessionController::sessionLoaded, &window, [shoot] { shoot(); });
            QObject::connect(sessions, &SessionController::sessionFailed, &window,
                             [] { QApplication::exit(1); });
        } else if (!files.isEmpty()) {
            QObject::connect(window.logView(), &LogView::logLoaded, &window, [shoot] { shoot(); });
            QObject::connect(window.logView(), &LogView::logFailed, &window, [] { QApplication::exit(1); });
        } else {
            shoot();
        }
    }
    return QApplication::exec();
}
