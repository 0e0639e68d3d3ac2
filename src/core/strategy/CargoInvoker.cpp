// SPDX-License-Identifier: MIT
#include "CargoInvoker.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTimer>

namespace flakeoff {

namespace {
// The tail of cargo's stderr is where its error is; a full resolver trace is not needed.
QString stderrTail(const QByteArray &bytes)
{
    QStringList lines = QString::fromUtf8(bytes).trimmed().split(QLatin1Char('\n'));
    if (lines.size() > 20)
        lines = lines.mid(lines.size() - 20);
    return lines.join(QLatin1Char('\n')).trimmed();
}
} // namespace

CargoInvoker::CargoInvoker(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<flakeoff::CargoOutputs>();
}

CargoInvoker::~CargoInvoker()
{
    if (isRunning()) {
        m_process->kill();
        m_process->waitForFinished(2000); // only on destruction, where no event loop remains
    }
}

bool CargoInvoker::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

QString CargoInvoker::findCargo()
{
    const QString explicitCargo = qEnvironmentVariable("CARGO");
    if (!explicitCargo.isEmpty())
        return explicitCargo;
    const QString rustup = QDir::homePath() + QStringLiteral("/.cargo/bin/cargo");
    if (QFileInfo(rustup).isExecutable())
        return rustup;
    return QStandardPaths::findExecutable(QStringLiteral("cargo"));
}

QString CargoInvoker::findRustc(const QString &cargo)
{
    const QString explicitRustc = qEnvironmentVariable("RUSTC");
    if (!explicitRustc.isEmpty())
        return explicitRustc;
    if (!cargo.isEmpty()) {
        const QString beside = QFileInfo(cargo).dir().filePath(QStringLiteral("rustc"));
        if (QFileInfo(beside).isExecutable())
            return beside;
    }
    return QStandardPaths::findExecutable(QStringLiteral("rustc"));
}

QString CargoInvoker::workspaceProblem(const QString &dir)
{
    if (dir.isEmpty())
        return QStringLiteral("no workspace folder given");
    if (!QFileInfo(dir).isDir())
        return QStringLiteral("no such folder: %1").arg(dir);
    if (!QFileInfo::exists(QDir(dir).filePath(QStringLiteral("Cargo.toml"))))
        return QStringLiteral("not a Cargo workspace (no Cargo.toml in %1)").arg(dir);
    return {};
}

void CargoInvoker::start(const CargoRequest &request)
{
    Q_ASSERT(!isRunning());
    m_request = request;
    m_outputs = CargoOutputs{};
    m_rustcOutput.clear();
    m_queue.clear();
    m_clock.start();

    // Problems found before anything runs still arrive as a signal, after start() returned.
    auto failLater = [this](const QString &message) {
        QTimer::singleShot(0, this, [this, message] { Q_EMIT failed(message); });
    };
    if (const QString problem = workspaceProblem(request.workspace); !problem.isEmpty())
        return failLater(problem);
    if (request.packages.isEmpty() && !request.metadataOnly)
        return failLater(QStringLiteral("no package given: the unit graph needs at least one -p"));
    const QString cargo = request.cargo.isEmpty() ? findCargo() : request.cargo;
    if (cargo.isEmpty())
        return failLater(QStringLiteral("cargo not found: install rustup's toolchain or set CARGO"));
    const QString rustc = request.rustc.isEmpty() ? findRustc(cargo) : request.rustc;
    if (rustc.isEmpty() && !request.metadataOnly)
        return failLater(QStringLiteral("rustc not found: install rustup's toolchain or set RUSTC"));

    const QString manifest = QDir(request.workspace).absoluteFilePath(QStringLiteral("Cargo.toml"));
    const QStringList metadata =
        QStringList{QStringLiteral("metadata"),  QStringLiteral("--format-version"), QStringLiteral("1"),
                    QStringLiteral("--offline"), QStringLiteral("--manifest-path"),  manifest} +
        request.metadataArguments;
    m_queue.append({QStringLiteral("cargo metadata"), cargo, metadata, false, &m_outputs.metadataJson});
    if (request.metadataOnly)
        return next();
    QStringList unitGraph{QStringLiteral("build"),
                          QStringLiteral("--unit-graph"),
                          QStringLiteral("-Z"),
                          QStringLiteral("unstable-options"),
                          QStringLiteral("--offline"),
                          QStringLiteral("--manifest-path"),
                          manifest};
    for (const QString &p : request.packages)
        unitGraph << QStringLiteral("-p") << p;
    if (!request.profile.isEmpty())
        unitGraph << QStringLiteral("--profile") << request.profile;
    m_queue.append(
        {QStringLiteral("cargo build --unit-graph"), cargo, unitGraph, true, &m_outputs.unitGraphJson});
    m_queue.append({QStringLiteral("rustc -vV"), rustc, {QStringLiteral("-vV")}, false, &m_rustcOutput});
    next();
}

void CargoInvoker::next()
{
    if (m_queue.isEmpty()) {
        m_outputs.rustcVerbose = QString::fromUtf8(m_rustcOutput);
        m_outputs.elapsedMs = m_clock.elapsed();
        Q_EMIT finished(m_outputs);
        return;
    }
    m_current = m_queue.takeFirst();
    delete m_process;
    m_process = new QProcess(this);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CARGO_TERM_COLOR"), QStringLiteral("never"));
    // The unit graph is unstable: allowed for that one call only, never for builds.
    if (m_current.bootstrap)
        env.insert(QStringLiteral("RUSTC_BOOTSTRAP"), QStringLiteral("1"));
    else
        env.remove(QStringLiteral("RUSTC_BOOTSTRAP"));
    m_process->setProcessEnvironment(env);
    m_process->setWorkingDirectory(m_request.workspace);
    m_process->setProgram(m_current.program);
    m_process->setArguments(m_current.arguments);
    connect(m_process, &QProcess::finished, this, &CargoInvoker::onFinished);
    connect(m_process, &QProcess::errorOccurred, this, &CargoInvoker::onError);

    if (!m_timer) {
        m_timer = new QTimer(this);
        m_timer->setSingleShot(true);
        connect(m_timer, &QTimer::timeout, this, [this] {
            m_timedOut = true;
            if (m_process)
                m_process->kill();
        });
    }
    m_timedOut = false;
    m_timer->start(m_request.timeoutMs);
    Q_EMIT commandStarted(m_current.label);
    m_process->start(QIODevice::ReadOnly);
}

void CargoInvoker::onFinished(int exitCode, QProcess::ExitStatus status)
{
    m_timer->stop();
    const QByteArray out = m_process->readAllStandardOutput();
    const QByteArray err = m_process->readAllStandardError();
    if (m_timedOut)
        return fail(QStringLiteral("%1 did not finish within %2 s (waiting for a lock?)")
                        .arg(m_current.label)
                        .arg(m_request.timeoutMs / 1000));
    if (status == QProcess::CrashExit)
        return fail(QStringLiteral("%1 was killed").arg(m_current.label));
    if (exitCode != 0) {
        const QString tail = stderrTail(err);
        return fail(
            QStringLiteral("%1 failed: %2")
                .arg(m_current.label, tail.isEmpty() ? QStringLiteral("exit code %1").arg(exitCode) : tail));
    }
    *m_current.output = out;
    next();
}

void CargoInvoker::onError(QProcess::ProcessError error)
{
    if (error != QProcess::FailedToStart)
        return; // crashes and kills arrive through finished()
    m_timer->stop();
    fail(QStringLiteral("cannot start %1 (%2): %3")
             .arg(m_current.label, m_current.program, m_process->errorString()));
}

void CargoInvoker::fail(const QString &message)
{
    m_queue.clear();
    Q_EMIT failed(message);
}

void CargoInvoker::cancel()
{
    m_queue.clear();
    if (isRunning()) {
        m_timer->stop();
        m_process->disconnect(this);
        m_process->kill();
        Q_EMIT failed(QStringLiteral("cancelled"));
    }
}

CargoInvoker::BlockingResult CargoInvoker::runBlocking(const CargoRequest &request)
{
    CargoInvoker invoker;
    BlockingResult result;
    QEventLoop loop;
    connect(&invoker, &CargoInvoker::finished, &loop, [&](const CargoOutputs &outputs) {
        result.outputs = outputs;
        loop.quit();
    });
    connect(&invoker, &CargoInvoker::failed, &loop, [&](const QString &message) {
        result.error = message;
        loop.quit();
    });
    invoker.start(request);
    loop.exec();
    return result;
}

} // namespace flakeoff
