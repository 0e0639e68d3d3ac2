// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

#include <memory>

class QMainWindow;

namespace flakeoff {
struct Session;
}

namespace Ui {
class MainWindow;
}

namespace flakeoff::app {

class AppSettings;
class SessionController;

// How the main window is arranged: which page is up, its splitters' sizes and its geometry (kept
// across starts in AppSettings), and presentation mode for talks — full screen, large type, the
// results and the run instead of the forms that set them up.
class WindowLayout : public QObject
{
    Q_OBJECT

public:
    enum class View
    {
        Run,
        Compare,
        Log
    };

    WindowLayout(QMainWindow *window, Ui::MainWindow *ui, AppSettings *settings,
                 const SessionController *sessions);

    void showView(View view);
    View currentView() const;

    // The arrangement of the last session of the app; defaults on a first start. The prediction
    // pane follows the session shown from here on.
    void restore();
    // Saves the arrangement (of the normal window: presentation mode is left first).
    void save();

    void setPresentation(bool on);
    bool isPresentation() const { return m_presentation; }

private:
    void followSession();

    QMainWindow *m_window;
    Ui::MainWindow *m_ui;
    AppSettings *m_settings;
    const SessionController *m_sessions;
    std::shared_ptr<const Session> m_followed; // the session the prediction pane last followed
    bool m_followedAny = false;
    bool m_presentation = false;
    bool m_wasMaximized = false;
    bool m_predictionShownBeforePresentation = true;
    int m_viewBeforePresentation = 0;
};

} // namespace flakeoff::app
