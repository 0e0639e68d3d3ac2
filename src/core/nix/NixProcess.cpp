// SPDX-License-Identifier: MIT
#include "NixProcess.h"

#include "BatchedPipeReader.h"
#include "NixErrorText.h"

#include "log/LogStream.h"
#include "log/SavedLogWriter.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QMetaMethod>
#include <QTimer>

#include <algorithm>
#include <csignal>
#include <sys/resource.h>
#include <unistd.h>

namespace flakeoff {

namespace {
void childrenCpu(std::int64_t &userUs, std::int64_t &systemUs)
{
    rusage ru{};
    getrusage(RUSAGE_CHILDREN, &ru);
    userUs = std::int64_t{ru.ru_utime.tv_sec} * 1000000 + ru.ru_utime.tv_usec;
    systemUs = std::int64_t{ru.ru_stime.tv_sec} * 1000000 + ru.ru_stime.tv_usec;
}
} // namespace

NixProcess::NixProcess(QObject *parent)
    : QObject(parent), m_environment(QProcessEnvironment::systemEnvironment())
{
}

NixProcess::~NixProcess()
{
    if (isRunning()) {
        // Never leave builders behind: the group dies with us.
        killGroup(SIGKILL);
        m_process->waitForFinished(2000); // only on destruction, where no event loop remains
    }
}

bool NixProcess::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

void NixProcess::start(const QString &program, const QStringList &arguments)
{
    Q_ASSERT(!isRunning());
    delete m_process;
    m_process = new QProcess(this);
    m_process->setProgram(program);
    m_process->setArguments(arguments);
    m_process->setProcessEnvironment(m_environment);
    if (!m_workingDirectory.isEmpty())
        m_process->setWorkingDirectory(m_workingDirectory);
    // stderr goes to our own batched pipe, not QProcess's (which wakes us for every line).
    if (!m_stderr)
        m_stderr = new BatchedPipeReader(this);
    QString pipeError;
    if (!m_stderr->open(&pipeError)) {
        m_done = true;
        QMetaObject::invokeMethod(
            this, [this, pipeError] { Q_EMIT failedToStart(pipeError); }, Qt::QueuedConnection);
        return;
    }
    m_process->setStandardErrorFile(QProcess::nullDevice());
    // Own process group, so cancel() can signal nix and every builder below it at once.
    const int stderrPipe = m_stderr->writeEnd();
    m_process->setChildProcessModifier([stderrPipe] {
        ::setpgid(0, 0);
        ::dup2(stderrPipe, STDERR_FILENO);
    });

    m_result = NixRunResult{};
    m_result.program = program;
    m_result.arguments = arguments;
    m_result.savedLogPath = m_savedLogPath;
    m_cancelled = false;
    m_done = false;
    m_dirty = false;
    m_exitUs.reset();
    m_stream = std::make_unique<LogStream>(LogStream::Timing::Live);

    m_writer.reset();
    m_logFile.reset();
    if (!m_savedLogPath.isEmpty()) {
        m_logFile = std::make_unique<QFile>(m_savedLogPath);
        if (m_logFile->open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            m_writer = std::make_unique<SavedLogWriter>(*m_logFile);
            m_writer->writeHeader(
                {{QStringLiteral("command"), program + QLatin1Char(' ') + arguments.join(QLatin1Char(' '))},
                 {QStringLiteral("cwd"), m_workingDirectory},
                 {QStringLiteral("started"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}});
            m_stream->setRecorder(m_writer.get());
        } else {
            m_result.savedLogPath.clear();
        }
    }

    if (!m_updateTimer) {
        m_updateTimer = new QTimer(this);
        connect(m_updateTimer, &QTimer::timeout, this, &NixProcess::publish);
    }
    m_updateTimer->setInterval(m_updateIntervalMs);

    connect(m_process, &QProcess::finished, this, &NixProcess::onFinished);
    connect(m_process, &QProcess::errorOccurred, this, &NixProcess::onError);
    connect(m_process, &QProcess::started, this, [this] {
        m_pid = m_process->processId();
        m_updateTimer->start();
        Q_EMIT started();
    });

    childrenCpu(m_cpuUserStart, m_cpuSystemStart);
    m_clock.start();
    m_process->start(QIODevice::ReadOnly);
    m_stderr->start([this](std::string_view bytes) { feed(bytes); }, kStderrBatchMs);
}

void NixProcess::feed(std::string_view bytes)
{
    if (bytes.empty())
        return;
    // Bytes read after nix exited were written before: stamped no later than the exit (through a
    // daemon the last lines can arrive in one burst as the client exits).
    const std::int64_t now = m_clock.nsecsElapsed() / 1000;
    m_stream->feed(bytes, m_exitUs ? std::min(now, *m_exitUs) : now);
    m_dirty = true;
}

void NixProcess::publish()
{
    // A snapshot copies the report: only worth it when someone shows it.
    if (!m_dirty || !m_stream || !isSignalConnected(QMetaMethod::fromSignal(&NixProcess::reportUpdated)))
        return;
    m_dirty = false;
    Q_EMIT reportUpdated(currentReport());
}

std::shared_ptr<const BuildReport> NixProcess::currentReport() const
{
    if (!m_stream)
        return std::make_shared<const BuildReport>();
    if (m_done)
        return m_result.report;
    return std::make_shared<const BuildReport>(m_stream->snapshot());
}

void NixProcess::onFinished(int exitCode, QProcess::ExitStatus status)
{
    if (m_done)
        return;
    const std::int64_t end = m_clock.nsecsElapsed() / 1000;
    m_exitUs = end;
    // Drain whatever is still buffered before the report is closed.
    m_stderr->drainAndClose();
    m_result.standardOutput = m_process->readAllStandardOutput();
    if (m_killTimer)
        m_killTimer->stop();
    m_updateTimer->stop();

    std::int64_t user = 0;
    std::int64_t system = 0;
    childrenCpu(user, system);
    m_result.cpuUserUs = user - m_cpuUserStart;
    m_result.cpuSystemUs = system - m_cpuSystemStart;
    m_result.wallUs = end;
    m_result.exitCode = exitCode;
    m_result.crashed = status == QProcess::CrashExit;
    m_result.cancelled = m_cancelled;

    const std::optional<int> code = m_result.crashed ? std::nullopt : std::optional<int>(exitCode);
    m_stream->finish(end, code, m_result.crashed);
    if (m_writer) {
        m_writer->writeEnd(end, code, m_result.crashed);
        if (!m_writer->ok())
            m_result.errorText = QStringLiteral("could not write the log %1").arg(m_savedLogPath);
        m_logFile->close();
    }
    auto report = std::make_shared<const BuildReport>(m_stream->takeReport());
    m_result.report = report;

    if (m_cancelled) {
        m_result.errorText = QStringLiteral("cancelled");
    } else if (m_result.crashed) {
        m_result.errorText =
            QStringLiteral("%1 was killed (signal or crash)").arg(QFileInfo(m_result.program).fileName());
    } else if (exitCode != 0) {
        // The cause first: what failed and its builder's first error line, else Nix's own message
        // (the log has the rest).
        const QString cause = NixErrorText::causeOf(*report);
        m_result.errorText = describeExit(m_result.program, exitCode) +
                             (cause.isEmpty() ? QString() : QStringLiteral(": ") + cause);
    }
    m_done = true;
    Q_EMIT reportUpdated(report);
    Q_EMIT finished(m_result);
}

void NixProcess::onError(QProcess::ProcessError error)
{
    if (error != QProcess::FailedToStart)
        return; // crashes arrive through finished()
    m_updateTimer->stop();
    m_stderr->close();
    m_done = true;
    Q_EMIT failedToStart(
        QStringLiteral("cannot start %1: %2").arg(m_process->program(), m_process->errorString()));
}

void NixProcess::killGroup(int signal)
{
    if (m_pid > 0)
        ::kill(static_cast<pid_t>(-m_pid), signal);
}

void NixProcess::cancel()
{
    if (!isRunning())
        return;
    m_cancelled = true;
    killGroup(SIGTERM);
    if (!m_killTimer) {
        m_killTimer = new QTimer(this);
        m_killTimer->setSingleShot(true);
        connect(m_killTimer, &QTimer::timeout, this, [this] { killGroup(SIGKILL); });
    }
    m_killTimer->start(3000); // builders that ignore SIGTERM get SIGKILL
}

QString NixProcess::describeExit(const QString &program, int exitCode)
{
    const QString name = QFileInfo(program).fileName();
    if (exitCode == 0)
        return QStringLiteral("%1 succeeded").arg(name);
    if (name == QLatin1String("nix-build") || name == QLatin1String("nix-store")) {
        switch (exitCode) {
        case 1:
            return QStringLiteral("%1: evaluation or usage error (exit 1)").arg(name);
        case 100:
            return QStringLiteral("%1: a build failed (exit 100)").arg(name);
        case 101:
            return QStringLiteral("%1: a build timed out (exit 101)").arg(name);
        case 102:
            return QStringLiteral("%1: a fixed-output hash did not match (exit 102)").arg(name);
        case 104:
            return QStringLiteral("%1: a build was not deterministic (exit 104)").arg(name);
        default:
            break;
        }
    }
    if (name == QLatin1String("nix") && exitCode == 1)
        return QStringLiteral("nix: the build or its evaluation failed (exit 1)");
    return QStringLiteral("%1 exited with code %2").arg(name).arg(exitCode);
}

} // namespace flakeoff
