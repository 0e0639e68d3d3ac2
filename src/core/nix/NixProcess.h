// SPDX-License-Identifier: MIT
#pragma once

#include "log/BuildReport.h"

#include <QElapsedTimer>
#include <QObject>
#include <QProcess>
#include <QStringList>

#include <memory>
#include <optional>
#include <string_view>

class QFile;
class QTimer;

namespace flakeoff {

class BatchedPipeReader;
class LogStream;
class SavedLogWriter;

// What one nix invocation produced.
struct NixRunResult
{
    QString program;
    QStringList arguments;
    int exitCode = -1;
    bool crashed = false; // killed by a signal (includes cancellation)
    bool cancelled = false;
    std::int64_t wallUs = 0;    // process start → exit, steady clock
    std::int64_t cpuUserUs = 0; // rusage of the process tree (children reaped while it ran)
    std::int64_t cpuSystemUs = 0;
    QByteArray standardOutput; // e.g. `nix build --json` output paths
    std::shared_ptr<const BuildReport> report;
    QString savedLogPath;
    QString errorText; // empty on success; a readable sentence otherwise

    bool succeeded() const { return !crashed && !cancelled && exitCode == 0; }
};

// Drives one nix process asynchronously (no waitFor*): stderr bytes are stamped on arrival (read in
// batches every few ms) and fed to the log engine as they come; the report is published at most every
// `updateIntervalMs`; finished() comes once, after the last bytes were drained. The child runs in its own
// process group so cancel() reaches every builder it started.
class NixProcess : public QObject
{
    Q_OBJECT
public:
    explicit NixProcess(QObject *parent = nullptr);
    ~NixProcess() override;

    void setWorkingDirectory(const QString &dir) { m_workingDirectory = dir; }
    void setEnvironment(const QProcessEnvironment &env) { m_environment = env; }
    // Saves every stderr line with its arrival time (Flakeoff's saved-log format).
    void setSavedLogPath(const QString &path) { m_savedLogPath = path; }
    void setUpdateInterval(int ms) { m_updateIntervalMs = ms; }

    void start(const QString &program, const QStringList &arguments);
    void cancel();
    bool isRunning() const;

    // The report so far (thread-affine: call from this object's thread).
    std::shared_ptr<const BuildReport> currentReport() const;

    // Readable meaning of an exit code of `nix build` / `nix-build`.
    static QString describeExit(const QString &program, int exitCode);

Q_SIGNALS:
    void started();
    void reportUpdated(std::shared_ptr<const flakeoff::BuildReport> report);
    void finished(const flakeoff::NixRunResult &result);
    void failedToStart(const QString &message);

private:
    void feed(std::string_view bytes);
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onError(QProcess::ProcessError error);
    void publish();
    void killGroup(int signal);

    // Stderr is read at most every this many ms (see BatchedPipeReader): arrival times are this
    // exact; the live view refreshes every 100 ms anyway.
    static constexpr int kStderrBatchMs = 2;

    QProcess *m_process = nullptr;
    BatchedPipeReader *m_stderr = nullptr;
    QTimer *m_updateTimer = nullptr;
    QTimer *m_killTimer = nullptr;
    std::unique_ptr<LogStream> m_stream;
    std::unique_ptr<QFile> m_logFile;
    std::unique_ptr<SavedLogWriter> m_writer;
    QElapsedTimer m_clock;
    QString m_workingDirectory;
    QProcessEnvironment m_environment;
    QString m_savedLogPath;
    int m_updateIntervalMs = 100;
    bool m_dirty = false;
    bool m_cancelled = false;
    bool m_done = false;
    qint64 m_pid = 0;
    std::optional<std::int64_t> m_exitUs; // when nix exited, once it has: caps later stamps
    std::int64_t m_cpuUserStart = 0;
    std::int64_t m_cpuSystemStart = 0;
    NixRunResult m_result;
};

} // namespace flakeoff

Q_DECLARE_METATYPE(flakeoff::NixRunResult)
Q_DECLARE_METATYPE(std::shared_ptr<const flakeoff::BuildReport>)
