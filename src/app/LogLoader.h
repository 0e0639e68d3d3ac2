// SPDX-License-Identifier: MIT
#pragma once

#include "LoadedLog.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace flakeoff::app {

// Reads log files on a worker thread (never the GUI thread), one job at a time: starting a load
// or cancelling abandons the running job, whose result is then dropped by its job id.
// Progress is polled at 10 Hz rather than sent per chunk, so a fast read cannot flood the GUI.
class LogLoader : public QObject
{
    Q_OBJECT

public:
    explicit LogLoader(QObject *parent = nullptr);
    ~LogLoader() override;

    // Starts reading `path`; returns the new job's id.
    quint64 load(const QString &path);
    void cancel();
    bool isBusy() const { return m_job != nullptr; }
    QString currentPath() const;

Q_SIGNALS:
    void started(const QString &path);
    void progress(quint64 doneBytes, quint64 totalBytes);
    void loaded(const flakeoff::app::LoadedLog &log);
    // `message` is the reader's own sentence ("cannot open …: No such file or directory").
    void failed(const QString &path, const QString &message);
    void cancelled(const QString &path);

private:
    struct Job;
    struct Outcome;
    void finish(const std::shared_ptr<Job> &job, const Outcome &outcome);
    void stop();

    std::shared_ptr<Job> m_job; // the job whose result is wanted; null when idle
    quint64 m_lastId = 0;
    QTimer m_progressTimer;
};

} // namespace flakeoff::app
