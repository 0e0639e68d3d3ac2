// SPDX-License-Identifier: MIT
#pragma once

#include "WindowLayout.h"

#include <QMainWindow>

#include <memory>

namespace Ui {
class MainWindow;
}

namespace flakeoff::app {

class AppSettings;
class LiveRunView;
class LogView;
class PredictionView;
class RunSetupPanel;
class SessionController;

// Flakeoff's window, three pages over one session:
//   Run      set up a run (workspace, strategies with their availability here, targets, scenario,
//            repetitions) and watch it live — or a replay of a saved one (RunSetupPanel, LiveRunView);
//   Compare  the session's charts and measurements, the predicted rebuilds beside them
//            (ComparisonView, PredictionView);
//   Log      one build's saved log as a report (LogView).
// The window builds the pages, menus and status bar and passes requests on: runs, replays and
// session files to SessionController, arrangement and presentation mode to WindowLayout.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    using View = WindowLayout::View;

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // A session or a log, told apart by the file's first bytes (command line, drops).
    void openFile(const QString &path);

    void showView(View view) { m_layout->showView(view); }
    View currentView() const { return m_layout->currentView(); }
    void setPresentationMode(bool on) { m_layout->setPresentation(on); }
    bool presentationMode() const { return m_layout->isPresentation(); }

    SessionController *sessions() const { return m_sessions; }
    LogView *logView() const;
    RunSetupPanel *setupPanel() const;
    LiveRunView *liveView() const;
    PredictionView *predictionView() const;
    AppSettings *settings() const { return m_settings; }

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void setUpActions();
    void setUpStatusBar();
    void setUpPages();
    void chooseSession();
    void chooseSessionToReplay();
    void chooseSaveTarget();
    void chooseReportTarget();
    void showSettings();
    void showAbout();
    void showError(const QString &title, const QString &text, const QString &detail);
    void closeIfWaiting();
    void updateActions();
    void updateTitle();
    void updateRecentLogsMenu();
    void updateRecentSessionsMenu();
    void applyNixPath();

    std::unique_ptr<Ui::MainWindow> m_ui;
    AppSettings *m_settings = nullptr;
    SessionController *m_sessions = nullptr;
    WindowLayout *m_layout = nullptr;
    bool m_closeWhenStopped = false;
};

} // namespace flakeoff::app
