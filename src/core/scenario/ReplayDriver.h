// SPDX-License-Identifier: MIT
#pragma once

#include "RunSource.h"
#include "session/Session.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

namespace flakeoff {

class LogStream;

// Plays a saved run back for talks and demos: no Nix, no network, no waiting for compilers.
// Each measurement's saved log (in SessionStore::logFolder of the session) is re-read and its lines
// are fed through a LogStream at the pace their arrival stamps say, scaled by a speed factor, so
// views receive the same signals as from ScenarioRunner — progress, BuildReport snapshots at a
// throttled rate, measurementAdded, finished — and show the same numbers the live run showed.
// The gaps between builds (store deletions, size queries) are not replayed: a short pause stands
// for them. Files are read on the thread pool; feeding is bounded per tick so the caller's thread
// (the GUI thread) stays responsive at any speed.
class ReplayDriver : public RunSource
{
    Q_OBJECT
public:
    static constexpr int kTickMs = 10;
    static constexpr int kMaxLinesPerTick = 20000;

    explicit ReplayDriver(QObject *parent = nullptr);
    ~ReplayDriver() override;

    // Replays every measurement of `session` (warm-ups included, in recorded order). Played to
    // the end, the session finishes in the state it was recorded in: failed, cancelled, or
    // still running (a session that never finished).
    void start(const Session &session, const QString &sessionPath);
    // Replays one saved log as a session of one build: strategy and step named after its folder
    // and its file (".../per-crate/cold-app-run1.flog" → per-crate, cold-app-run1).
    void startLog(const QString &logPath);
    void cancel() override;
    bool isRunning() const override { return m_running; }

    // 1 = real time, 10 = ten times faster. Takes effect at once, also mid-build.
    void setSpeed(double factor);
    double speed() const { return m_speed; }
    void setPublishInterval(int ms) { m_publishIntervalMs = ms; }
    // Wall time shown between two builds (in place of the deletions and queries around them).
    void setPauseBetweenBuilds(int ms) { m_pauseMs = ms; }

    // Where the replay stands in the current build's log (µs since its process started).
    std::int64_t streamNowUs() const { return m_streamUs; }
    const Session &session() const override { return m_played; }

private:
    struct LoadedLog;
    static std::shared_ptr<LoadedLog> readLog(const QString &path);

    void begin(const Session &session, const QString &logFolder);
    void loadNext();
    void onLoaded(quint64 generation, std::shared_ptr<LoadedLog> log);
    void tick();
    void publish();
    void endBuild();
    void emitProgress(const QString &activity);
    void finishReplay(Session::Status status, const QString &text);

    Session m_source; // what is replayed
    Session m_played; // what has been replayed so far (as the runner's session grows)
    QString m_logFolder;
    std::size_t m_index = 0; // next measurement of m_source to replay
    std::shared_ptr<LoadedLog> m_log;
    std::size_t m_nextLine = 0;
    std::unique_ptr<LogStream> m_stream;
    QTimer m_timer;
    QTimer m_pause;
    QElapsedTimer m_tickClock;
    QElapsedTimer m_publishClock;
    QElapsedTimer m_runClock; // replay time of the whole run, for progress
    double m_speed = 1.0;
    std::int64_t m_streamUs = 0;
    std::int64_t m_playedUs = 0; // stream time of the builds already replayed
    int m_publishIntervalMs = 100;
    int m_pauseMs = 400;
    bool m_dirty = false;
    bool m_running = false;
    bool m_singleLog = false; // startLog: the outcome comes from the log itself
    quint64 m_generation = 0; // drops a load that finishes after a cancel or a new start
    RunProgress m_progress;
    struct Liveness
    {
        QMutex mutex;
        bool alive = true;
    };
    std::shared_ptr<Liveness> m_liveness = std::make_shared<Liveness>();
};

} // namespace flakeoff
