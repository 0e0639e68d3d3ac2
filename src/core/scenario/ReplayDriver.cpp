// SPDX-License-Identifier: MIT
#include "ReplayDriver.h"

#include "log/LogStream.h"
#include "log/SavedLogWriter.h"
#include "session/NotRunSteps.h"
#include "session/SessionStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMutexLocker>
#include <QThreadPool>

#include <charconv>
#include <cmath>

namespace flakeoff {

// A saved log read whole, split into lines with their arrival stamps (µs).
struct ReplayDriver::LoadedLog
{
    QByteArray data;
    struct Line
    {
        qsizetype offset = 0;
        qsizetype length = 0; // including the newline
        std::int64_t timeUs = 0;
    };
    std::vector<Line> lines;
    std::int64_t endUs = 0; // the `#end` stamp, else the last line's
    QString error;          // empty when it can be replayed
};

namespace {

// "<ms>[.<fraction>]" → µs, as the saved-log format writes it.
bool parseStamp(std::string_view text, std::int64_t &us)
{
    double ms = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(ms) || std::fabs(ms) > 1e12)
        return false;
    us = static_cast<std::int64_t>(std::llround(ms * 1000.0));
    return true;
}

} // namespace

ReplayDriver::ReplayDriver(QObject *parent) : RunSource(parent)
{
    m_timer.setInterval(kTickMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &ReplayDriver::tick);
    m_pause.setSingleShot(true);
    connect(&m_pause, &QTimer::timeout, this, &ReplayDriver::loadNext);
}

ReplayDriver::~ReplayDriver()
{
    const QMutexLocker lock(&m_liveness->mutex);
    m_liveness->alive = false;
}

void ReplayDriver::setSpeed(double factor)
{
    if (std::isfinite(factor) && factor > 0)
        m_speed = factor;
}

void ReplayDriver::start(const Session &session, const QString &sessionPath)
{
    begin(session, SessionStore::logFolder(sessionPath));
}

void ReplayDriver::startLog(const QString &logPath)
{
    const QFileInfo info(logPath);
    Session session;
    session.scenario.name = info.completeBaseName();
    // In a session's log folder a log lives in its strategy's folder: name the build after both.
    const QString strategy = info.absoluteDir().dirName();
    session.strategies = {strategy};
    session.status = Session::Status::Finished;
    Measurement m;
    m.strategy = strategy;
    m.step = info.completeBaseName();
    m.target = QString();
    m.logFile = info.fileName();
    session.measurements.push_back(m);
    begin(session, info.absolutePath());
    m_singleLog = true;
}

void ReplayDriver::begin(const Session &session, const QString &logFolder)
{
    if (m_running)
        cancel();
    ++m_generation;
    m_source = session;
    m_played = session;
    m_played.measurements.clear();
    m_played.status = Session::Status::Running;
    m_played.statusText.clear();
    m_logFolder = logFolder;
    m_singleLog = false;
    m_index = 0;
    m_playedUs = 0;
    m_streamUs = 0;
    m_running = true;
    m_progress = RunProgress{};
    m_progress.buildsTotal = static_cast<int>(session.measurements.size());
    m_runClock.start();
    for (const QString &line : NotRunSteps::lines(session))
        Q_EMIT message(line);
    QMetaObject::invokeMethod(this, &ReplayDriver::loadNext, Qt::QueuedConnection);
}

void ReplayDriver::cancel()
{
    if (!m_running)
        return;
    finishReplay(Session::Status::Cancelled, QStringLiteral("replay stopped"));
}

void ReplayDriver::finishReplay(Session::Status status, const QString &text)
{
    ++m_generation; // a load still in flight is dropped
    m_running = false;
    m_timer.stop();
    m_pause.stop();
    m_stream.reset();
    m_log.reset();
    // Played to its end, the replay ends as the recording did: a session that never finished
    // (saved while running, or its run killed) replays as one that never finished, so the Run
    // view and the Compare page say the same of it (ReportWording::stateLine).
    m_played.status = status == Session::Status::Cancelled ? status : m_source.status;
    m_played.statusText = status == Session::Status::Cancelled ? text : m_source.statusText;
    Q_EMIT finished(m_played);
}

void ReplayDriver::loadNext()
{
    if (!m_running)
        return;
    if (m_index >= m_source.measurements.size()) {
        m_progress.activity = QStringLiteral("replayed");
        emitProgress(QStringLiteral("replayed"));
        finishReplay(Session::Status::Finished, {});
        return;
    }
    const Measurement &m = m_source.measurements[m_index];
    m_progress.strategy = m.strategy;
    m_progress.step = m.step;
    m_progress.target = m.target;
    m_progress.repetition = m.repetition;
    m_progress.warmup = m.warmup;
    const QString path = m.logFile.isEmpty() ? QString() : m_logFolder + QLatin1Char('/') + m.logFile;
    const quint64 generation = m_generation;
    // The worker posts its result only while the driver lives: the destructor takes the same
    // lock, so it cannot complete between the check and the post (a posted event to a deleted
    // object is discarded by Qt).
    ReplayDriver *self = this;
    QThreadPool::globalInstance()->start([self, liveness = m_liveness, path, generation] {
        auto log = readLog(path);
        const QMutexLocker lock(&liveness->mutex);
        if (liveness->alive)
            QMetaObject::invokeMethod(
                self, [self, generation, log] { self->onLoaded(generation, log); }, Qt::QueuedConnection);
    });
}

void ReplayDriver::onLoaded(quint64 generation, std::shared_ptr<LoadedLog> log)
{
    if (generation != m_generation || !m_running)
        return; // stale: cancelled or restarted meanwhile
    const Measurement &m = m_source.measurements[m_index];
    if (!log->error.isEmpty() && m_singleLog) {
        // A lone log that cannot be played has no recorded measurement to fall back on: the replay
        // fails with the reason instead of showing a build that never happened.
        Q_EMIT message(log->error);
        m_source.status = Session::Status::Failed;
        m_source.statusText = log->error;
        finishReplay(Session::Status::Failed, log->error);
        return;
    }
    if (!log->error.isEmpty()) {
        // Shown as recorded: the session still has the report it saved.
        Q_EMIT message(QStringLiteral("%1 %2 %3: %4; shown as recorded, without replaying")
                           .arg(m.strategy, m.step, m.target, log->error));
        emitProgress(QStringLiteral("replaying"));
        if (m.report)
            Q_EMIT buildUpdated(m.report);
        m_playedUs += m.wallUs;
        m_played.measurements.push_back(m);
        ++m_index;
        ++m_progress.buildsDone;
        Q_EMIT measurementAdded(m);
        m_pause.start(m_pauseMs);
        return;
    }
    m_log = std::move(log);
    m_nextLine = 0;
    m_streamUs = 0;
    m_stream = std::make_unique<LogStream>(LogStream::Timing::Saved);
    m_dirty = true;
    m_tickClock.start();
    m_publishClock.start();
    emitProgress(QStringLiteral("building"));
    m_timer.start();
    tick(); // lines stamped at 0 show at once
}

void ReplayDriver::tick()
{
    if (!m_stream || !m_log)
        return;
    // Stream time advances by the wall time since the last tick, scaled: a speed change applies
    // from now on without a jump.
    const qint64 wallNs = m_tickClock.nsecsElapsed();
    m_tickClock.restart();
    m_streamUs += static_cast<std::int64_t>(static_cast<double>(wallNs) / 1000.0 * m_speed);

    const auto &lines = m_log->lines;
    const std::size_t first = m_nextLine;
    std::size_t last = first;
    while (last < lines.size() && lines[last].timeUs <= m_streamUs && last - first < kMaxLinesPerTick)
        ++last;
    if (last > first) {
        const qsizetype begin = lines[first].offset;
        const qsizetype end = lines[last - 1].offset + lines[last - 1].length;
        m_stream->feed(
            std::string_view(m_log->data.constData() + begin, static_cast<std::size_t>(end - begin)));
        m_nextLine = last;
        m_dirty = true;
        if (last - first == kMaxLinesPerTick && last < lines.size() && lines[last].timeUs <= m_streamUs)
            m_streamUs = lines[last].timeUs; // too fast to keep up: the clock waits for the lines
    }
    if (m_nextLine >= lines.size() && m_streamUs >= m_log->endUs) {
        endBuild();
        return;
    }
    if (m_dirty && m_publishClock.elapsed() >= m_publishIntervalMs)
        publish();
}

void ReplayDriver::publish()
{
    m_dirty = false;
    m_publishClock.restart();
    m_progress.elapsedMs = (m_playedUs + m_streamUs) / 1000;
    Q_EMIT progress(m_progress);
    Q_EMIT buildUpdated(std::make_shared<const BuildReport>(m_stream->snapshot()));
}

void ReplayDriver::endBuild()
{
    m_timer.stop();
    m_stream->finish();
    auto report = std::make_shared<const BuildReport>(m_stream->takeReport());
    m_stream.reset();
    m_playedUs += m_log->endUs;
    m_streamUs = m_log->endUs;
    m_log.reset();
    Q_EMIT buildUpdated(report);

    Measurement m = m_source.measurements[m_index];
    m.report = report; // what the replay computed: the same as the recorded one
    if (m_singleLog) {
        // No recorded measurement: the log says how it went.
        m.wallUs = report->wallUs().value_or(0);
        m.exitCode = report->exitCode.value_or(-1);
        const bool ok = report->exitCode == 0 && !report->killed;
        m.outcome = ok ? Measurement::Outcome::Succeeded : Measurement::Outcome::Failed;
        if (!ok) {
            m.error = report->killed ? QStringLiteral("nix was killed")
                                     : QStringLiteral("nix exited with code %1").arg(m.exitCode);
            if (const std::string failed = report->failureText(); !failed.empty())
                m.error += QStringLiteral(": ") + QString::fromStdString(failed);
        }
    }
    m_played.measurements.push_back(m);
    ++m_index;
    ++m_progress.buildsDone;
    m_progress.elapsedMs = m_playedUs / 1000;
    Q_EMIT measurementAdded(m);
    emitProgress(QStringLiteral("built"));
    m_pause.start(m_pauseMs);
}

void ReplayDriver::emitProgress(const QString &activity)
{
    m_progress.activity = activity;
    m_progress.elapsedMs = (m_playedUs + (m_log ? m_streamUs : 0)) / 1000;
    Q_EMIT progress(m_progress);
}

std::shared_ptr<ReplayDriver::LoadedLog> ReplayDriver::readLog(const QString &path)
{
    auto log = std::make_shared<ReplayDriver::LoadedLog>();
    if (path.isEmpty()) {
        log->error = QStringLiteral("no saved log");
        return log;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        log->error = QStringLiteral("cannot open its saved log %1: %2").arg(path, file.errorString());
        return log;
    }
    log->data = file.readAll();
    if (log->data.trimmed().isEmpty()) {
        log->error = QStringLiteral("%1 is empty: there is no build to replay").arg(path);
        return log;
    }
    const std::string_view data(log->data.constData(), static_cast<std::size_t>(log->data.size()));
    if (data.substr(0, SavedLogWriter::kMagic.size()) != SavedLogWriter::kMagic) {
        log->error = QStringLiteral("%1 has no arrival times (not a Flakeoff saved log)").arg(path);
        return log;
    }
    std::int64_t time = 0;
    std::size_t pos = 0;
    while (pos < data.size()) {
        std::size_t nl = data.find('\n', pos);
        const std::size_t next = nl == std::string_view::npos ? data.size() : nl + 1;
        const std::string_view text =
            data.substr(pos, (nl == std::string_view::npos ? data.size() : nl) - pos);
        if (text.substr(0, 5) == "#end ") {
            const std::string_view rest = text.substr(5);
            std::int64_t us = 0;
            if (parseStamp(rest.substr(0, rest.find(' ')), us)) {
                time = std::max(time, us);
            }
        } else if (!text.empty() && text.front() != '#') {
            const auto tab = text.find('\t');
            std::int64_t us = 0;
            // Stamps never go back in a saved log; a corrupt one must not stall the replay.
            if (tab != std::string_view::npos && parseStamp(text.substr(0, tab), us))
                time = std::max(time, us);
        }
        log->lines.push_back({static_cast<qsizetype>(pos), static_cast<qsizetype>(next - pos), time});
        pos = next;
    }
    log->endUs = time;
    return log;
}

} // namespace flakeoff
