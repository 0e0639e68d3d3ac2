// SPDX-License-Identifier: MIT
#pragma once

#include "log/BuildTailFollower.h"
#include "scenario/ScenarioRunner.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

#include <memory>

class QSortFilterProxyModel;

namespace Ui {
class LiveRunView;
}

namespace flakeoff::app {

class RunHistoryModel;
class RunningBuildsModel;

// A run as it happens (or as a replay plays it back), the way nix-output-monitor shows a build:
// which strategy, step and target, a progress bar of builds with elapsed and estimated time, the
// derivations building now with their phase and running time, the ones finished with their
// times, and the log of one derivation following its tail. Below, the builds the run finished and
// its messages. Fed by the runner's (or ReplayDriver's) signals; renders at most ten times a second.
class LiveRunView : public QWidget
{
    Q_OBJECT

public:
    enum class Mode
    {
        Idle,
        Live,
        Replay,
        Session
    };

    explicit LiveRunView(QWidget *parent = nullptr);
    ~LiveRunView() override;

    // Starts showing a new run: clears everything. `title` names it ("quick on sample").
    void beginRun(Mode mode, const QString &title, int buildsTotal);
    void showProgress(const RunProgress &progress);
    // `nowUs`: "now" on the report's clock; by default its last line's stamp.
    void showReport(std::shared_ptr<const BuildReport> report,
                    std::optional<std::int64_t> nowUs = std::nullopt);
    void addMeasurement(const Measurement &measurement);
    void addMessage(const QString &text);
    void endRun(const Session &session);
    // A finished session as it was: its builds, the last build's derivations, its status.
    void showSession(const Session &session);
    void clear();

    // The splitters' sizes, for AppSettings::setLayout.
    QByteArray saveLayout() const;
    void restoreLayout(const QByteArray &state);

    // How fast the report's clock runs against the wall clock (a replay's speed).
    void setClockSpeed(double factor);
    void setReplaySpeeds(const QList<double> &speeds, double current);
    // A replay's whole recorded time (the builds' wall times): the time left is what the recording
    // has not played yet, not an average of the builds so far. Reset by beginRun.
    void setRecordedTime(std::int64_t ms);
    QString timeText() const;

    Mode mode() const { return m_mode; }
    bool isActive() const { return m_mode == Mode::Live || m_mode == Mode::Replay; }
    RunningBuildsModel *buildsModel() const { return m_builds; }
    RunHistoryModel *historyModel() const { return m_history; }
    QString headline() const;
    QString statusText() const;
    QString logText() const;
    QString failureText() const;

Q_SIGNALS:
    void replaySpeedChosen(double factor);
    // A finished build was activated: its log is wanted (Measurement::logFile is relative to the
    // session's log folder; a skipped build has none).
    void buildLogRequested(const flakeoff::Measurement &measurement);

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyFonts();
    void tick();
    void renderPending();
    void updateTimes();
    void updateNixProgress();
    void updateLog();
    void followSelection();
    void showHistoryRow();
    void showFailure(const Measurement &m);
    void setStatus(const QString &text);
    std::string followedDrv() const;

    std::unique_ptr<Ui::LiveRunView> m_ui;
    RunningBuildsModel *m_builds = nullptr;
    QSortFilterProxyModel *m_buildsProxy = nullptr;
    RunHistoryModel *m_history = nullptr;
    BuildTailFollower m_follower;
    std::string m_pinned; // the derivation the user selected; empty: follow the newest
    Mode m_mode = Mode::Idle;
    QTimer m_tick;
    QElapsedTimer m_sinceReport;   // wall time since the last report arrived
    QElapsedTimer m_sinceProgress; // … since the last progress
    std::int64_t m_reportNowUs = 0;
    std::shared_ptr<const BuildReport> m_pendingReport; // arrived, not rendered yet
    QElapsedTimer m_lastRender;
    RunProgress m_progress;
    double m_speed = 1.0;
    std::int64_t m_recordedMs = -1;
    bool m_updatingSelection = false;
};

} // namespace flakeoff::app
