// SPDX-License-Identifier: MIT
#pragma once

#include "session/Session.h"

#include <QObject>

#include <memory>

namespace flakeoff {
class ReplayDriver;
class RunSource;
class ScenarioRunner;
} // namespace flakeoff

namespace flakeoff::app {

class AppSettings;
class ComparisonView;
class LiveRunView;
class PredictionView;
class RunSetupPanel;
class SessionLoader;

// The session the window shows, and what makes or changes it: a run on real Nix, a replay of a
// saved session or log, opening, saving and exporting session files, predicting rebuilds. Drives
// the Run page (set-up panel, live view) and the Compare page (charts, prediction); what the
// window should say, show or enable it tells by signals.
class SessionController : public QObject
{
    Q_OBJECT

public:
    // The views it drives; they belong to the window.
    struct Views
    {
        RunSetupPanel *setup = nullptr;
        LiveRunView *live = nullptr;
        ComparisonView *comparison = nullptr;
        PredictionView *prediction = nullptr;
    };

    SessionController(AppSettings *settings, const Views &views, QObject *parent = nullptr);
    ~SessionController() override;

    // A session or a log, told apart by the file's first bytes (command line, drops, replays).
    static bool looksLikeSession(const QString &path);

    // Reads on a worker; sessionLoaded or sessionFailed follows.
    void openSession(const QString &path);
    // Writes the session shown and its logs to `path` (on a worker); sessionSaved follows.
    void saveSessionAs(const QString &path);
    // Writes the report of the session shown (html, pdf, md, csv or json, from the extension) on a
    // worker; reportExported or reportFailed follows.
    void exportReportTo(const QString &path);
    // Starts the run set up in the Run view; false (and a status message) when it cannot.
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

    bool isRunning() const;
    bool isReplaying() const;
    bool isBusy() const { return isRunning() || isReplaying(); }
    std::shared_ptr<const Session> session() const { return m_session; }
    QString sessionPath() const { return m_sessionPath; }
    // A build's saved log named relative to the log folder of the session shown or running;
    // empty when there is no session file yet.
    QString measurementLogPath(const QString &logFile) const;

Q_SIGNALS:
    void sessionLoaded(const QString &path);
    void sessionFailed(const QString &path, const QString &message);
    void sessionSaved(const QString &path);
    void reportExported(const QString &path);
    void reportFailed(const QString &path, const QString &message);
    void runFinished(const flakeoff::Session &session);
    void replayFinished(const flakeoff::Session &session);
    // A prediction was put into the session shown (and saving it into `path` started, when set).
    void predictionStored(const QString &path);

    // The session shown, its file or whether something runs changed: titles and actions follow.
    void stateChanged();
    void statusMessage(const QString &text, int timeoutMs);
    void errorOccurred(const QString &title, const QString &text, const QString &detail);
    // A run or a replay starts (or cannot): the Run page should be in view.
    void runPageRequested();
    // A prediction starts: the Compare page and its prediction pane should be in view.
    void predictionRequested();
    // The session the Compare page shows changed (opened, run, replayed, grown by a build; null:
    // none), for the pages that follow it (the Log page).
    void sessionShown(std::shared_ptr<const flakeoff::Session> session, const QString &sessionPath);

private:
    void follow(RunSource *source);
    void say(const QString &text, int timeoutMs = 0) { Q_EMIT statusMessage(text, timeoutMs); }
    void showSession(const QString &path, std::shared_ptr<const Session> session);
    void showSessionFailure(const QString &path, const QString &message);
    void onRunFinished(const Session &session);
    void onReplayFinished(const Session &session);
    void startReplay();
    void onPredicted(std::shared_ptr<const Session> session);
    // predictRebuilds in `layout` (empty: the one the session shown was run in).
    bool predictIn(const QString &layout);
    // The Compare page's one entry point; sessionShown tells the others.
    void showInCompare(std::shared_ptr<const Session> session, const QString &sessionPath);

    AppSettings *m_settings;
    Views m_views;
    ScenarioRunner *m_runner;
    ReplayDriver *m_replay;
    SessionLoader *m_sessions;
    std::shared_ptr<const Session> m_session; // the session shown (opened, or the last run)
    QString m_sessionPath;
    QString m_runSessionPath; // where the running run writes its session
    QString m_predictionPath; // the session file the running prediction belongs to
    bool m_replayWhenLoaded = false;
    bool m_replayingSession = false; // false while a single log is replayed
};

} // namespace flakeoff::app
