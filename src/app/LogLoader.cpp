// SPDX-License-Identifier: MIT
#include "LogLoader.h"

#include "log/LogFileReader.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>

namespace flakeoff::app {

// Shared by the GUI thread and the worker: only the atomics are written by the worker.
struct LogLoader::Job
{
    quint64 id = 0;
    QString path;
    std::atomic_bool cancel{false};
    std::atomic<std::uint64_t> done{0};
    std::atomic<std::uint64_t> total{0};
    QElapsedTimer clock;
};

struct LogLoader::Outcome
{
    bool ok = false;
    QString error;
    LoadedLog log;
};

LogLoader::LogLoader(QObject *parent) : QObject(parent)
{
    m_progressTimer.setInterval(100);
    connect(&m_progressTimer, &QTimer::timeout, this, [this] {
        if (m_job)
            Q_EMIT progress(m_job->done.load(), m_job->total.load());
    });
}

LogLoader::~LogLoader()
{
    // The worker holds its own reference to the job; it stops at the next chunk.
    if (m_job)
        m_job->cancel = true;
}

QString LogLoader::currentPath() const
{
    return m_job ? m_job->path : QString();
}

quint64 LogLoader::load(const QString &path)
{
    if (m_job)
        m_job->cancel = true;
    auto job = std::make_shared<Job>();
    job->id = ++m_lastId;
    job->path = path;
    job->clock.start();
    m_job = job;

    auto *watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, job] {
        watcher->deleteLater();
        finish(job, watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([job] {
        auto onProgress = [&job](std::uint64_t done, std::uint64_t total) {
            job->done = done;
            job->total = total;
        };
        LogFileReader::Result r = LogFileReader::read(job->path, onProgress, &job->cancel);
        Outcome out;
        out.ok = r.ok;
        out.error = r.error;
        if (r.ok) {
            out.log.path = job->path;
            out.log.report = std::make_shared<const BuildReport>(std::move(r.report));
            out.log.metadata = std::move(r.metadata);
            out.log.bytes = r.bytes;
        }
        return out;
    }));
    m_progressTimer.start();
    Q_EMIT started(path);
    return job->id;
}

void LogLoader::cancel()
{
    if (!m_job)
        return;
    const QString path = m_job->path;
    m_job->cancel = true;
    stop();
    Q_EMIT cancelled(path);
}

void LogLoader::stop()
{
    m_job.reset();
    m_progressTimer.stop();
}

void LogLoader::finish(const std::shared_ptr<Job> &job, const Outcome &outcome)
{
    if (!m_job || m_job->id != job->id)
        return; // a stale job (superseded or cancelled): nobody wants its result any more
    stop();
    if (!outcome.ok) {
        Q_EMIT failed(job->path, outcome.error);
        return;
    }
    LoadedLog log = outcome.log;
    log.elapsedMs = job->clock.elapsed();
    Q_EMIT loaded(log);
}

} // namespace flakeoff::app
