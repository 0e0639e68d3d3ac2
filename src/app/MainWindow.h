// SPDX-License-Identifier: MIT
#pragma once

#include "log/BuildReport.h"
#include "session/Session.h"

#include <QMainWindow>

#include <memory>

class QProgressBar;
class QPushButton;
class QSplitter;

namespace Ui {
class MainWindow;
}

namespace flakeoff {
class ReplayDriver;
class ScenarioRunner;
} // namespace flakeoff

namespace flakeoff::app {

class AppSettings;
class ComparisonView;
class BuildFilterProxyModel;
class BuildTableModel;
class LiveRunView;
class LogLoader;
class PredictionView;
class RunSetupPanel;
class SessionLoader;
struct LoadedLog;

// Flakeoff's window, three views over one session:
//   Run      set up a run (workspace, strategies with their availability here, targets, scenario,
//            repetitions) and watch it live — or a replay of a saved one;
//   Compare  the session's charts and measurements;
//   Log      one build's saved log as a report (summary, derivation table, details, messages).
// Sessions are opened and saved whole (the JSON and its logs); runs write theirs as they go.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    enum class View { Run, Compare, Log };

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // The one way a log is opened (menu, recent logs, drag and drop, command line, tests). Reads
    // on a worker thread and returns at once; logLoaded or logFailed follows.
    void openLog(const QString &path);
    // A session or a log, told apart by the file's first bytes (command line, drops).
    void openFile(const QString &path);
    static bool looksLikeSession(const QString &path);
    // Likewise for a session: sessionLoaded or sessionFailed follows.
    void openSession(const QString &path);
    // Writes the session shown and its logs to `path` (on a worker); sessionSaved follows.
    void saveSessionAs(const QString &path);
    // Writes the report of the session shown (html, pdf, md, csv or json, from the extension) on a
    // worker; reportExported or reportFailed follows.
    void exportReportTo(const QString &path);
    // Starts the run set up in the Run view; false (and a message in the status bar) when it cannot.
    bool startRun();
    void cancelRun();
    // Plays back the session shown (replayCurrentSession) or one loaded first (replaySession).
    bool replayCurrentSession();
    // A session file, or one saved log (.flog) replayed as a run of one build.
    void replaySession(const QString &path);
    void replayLog(const QString &path);
    void setReplaySpeed(double factor);
    // Predicts the rebuilds of the session shown (beside its charts, on the Compare page); the
    // result is stored in the session and saved into its file. False when it cannot start.
    bool predictRebuilds();
    // Predicts what the Run view's set-up would rebuild, as a new prediction-only session (saved
    // in the sessions folder), without building anything.
    bool predictSetup();
    PredictionView *predictionView() const { return m_prediction; }

    void showView(View view);
    View currentView() const;
    void setPresentationMode(bool on);
    bool presentationMode() const { return m_presentation; }

    std::shared_ptr<const BuildReport> report() const;
    QString currentPath() const { return m_path; }
    bool isLoading() const;
    bool isRunning() const;
    bool isReplaying() const;
    std::shared_ptr<const Session> session() const { return m_session; }
    QString sessionPath() const { return m_sessionPath; }
    RunSetupPanel *setupPanel() const;
    LiveRunView *liveView() const;
    AppSettings *settings() const { return m_settings; }

Q_SIGNALS:
    void logLoaded(const QString &path);
    void logFailed(const QString &path, const QString &message);
    void sessionLoaded(const QString &path);
    void sessionFailed(const QString &path, const QString &message);
    void sessionSaved(const QString &path);
    void reportExported(const QString &path);
    void reportFailed(const QString &path, const QString &message);
    void runFinished(const flakeoff::Session &session);
    void replayFinished(const flakeoff::Session &session);
    // A prediction was put into the session shown (and saving it into `path` started, when set).
    void predictionStored(const QString &path);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    // The log view (Log tab)
    void setUpViews();
    void setUpStatusBar();
    void chooseLog();
    void showLog(const LoadedLog &log);
    void showLoadFailure(const QString &path, const QString &message);
    void showProgress(quint64 done, quint64 total);
    void setLoading(bool loading);
    void fillStatusCombo(const BuildReport &report);
    void fillMessages(const BuildReport &report);
    void fillProblems(const BuildReport &report);
    void applyStatusFilter();
    void updateCount();
    void showCurrentBuild();
    void selectFirstBuildOfInterest();
    void updateRecentMenu();

    // Runs, sessions, replays
    void setUpActions();
    void setUpRun();
    void chooseSession();
    void chooseSessionToReplay();
    void chooseSaveTarget();
    void showSession(const QString &path, std::shared_ptr<const Session> session);
    void showSessionFailure(const QString &path, const QString &message);
    void onRunFinished(const Session &session);
    void onReplayFinished(const Session &session);
    void startReplay();
    void updateActions();
    void updateRecentSessionsMenu();
    void updateTitle();
    void exportReport();
    void showSettings();
    void openMeasurementLog(const QString &logFile);
    void applyNixPath();
    // The Compare view's one entry point (see the INTEGRATION note in MainWindow.cpp).
    void showSessionInCompare(std::shared_ptr<const Session> session, const QString &sessionPath);
    void onPredicted(std::shared_ptr<const Session> session);

    void applyFonts();
    void showAbout();
    void showError(const QString &title, const QString &text, const QString &detail);
    void restoreLayout();
    void saveLayout();

    std::unique_ptr<Ui::MainWindow> m_ui;
    ComparisonView *m_comparison = nullptr; // the Compare page: charts and the measurements table
    PredictionView *m_prediction = nullptr;  // beside them: the predicted rebuilds
    QSplitter *m_compareSplitter = nullptr;
    QString m_predictionPath;                // the session file the running prediction belongs to
    AppSettings *m_settings = nullptr;
    LogLoader *m_loader = nullptr;
    BuildTableModel *m_model = nullptr;
    BuildFilterProxyModel *m_proxy = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_cancel = nullptr;
    QString m_path; // the log shown (not the one loading)

    ScenarioRunner *m_runner = nullptr;
    ReplayDriver *m_replay = nullptr;
    SessionLoader *m_sessions = nullptr;
    std::shared_ptr<const Session> m_session; // the session shown (opened, or the last run)
    QString m_sessionPath;
    QString m_runSessionPath;                 // where the running run writes its session
    bool m_replayWhenLoaded = false;
    bool m_replayingSession = false; // false while a single log is replayed
    bool m_closeWhenStopped = false;
    bool m_presentation = false;
    bool m_wasMaximized = false;
    bool m_predictionShownBeforePresentation = true;
    int m_viewBeforePresentation = 0;
};

} // namespace flakeoff::app
