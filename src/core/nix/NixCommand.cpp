// SPDX-License-Identifier: MIT
#include "NixCommand.h"

#include "NixEnvironment.h"

#include <QFileInfo>
#include <QRegularExpression>

namespace flakeoff {

QString CommandResult::describe() const
{
    const QString cmd = QFileInfo(program).fileName() + QLatin1Char(' ') + arguments.join(QLatin1Char(' '));
    if (!started)
        return QStringLiteral("%1: could not start: %2").arg(cmd, QString::fromUtf8(standardError).trimmed());
    if (crashed)
        return QStringLiteral("%1: killed").arg(cmd);
    if (exitCode == 0)
        return QStringLiteral("%1: ok").arg(cmd);
    QString err = QString::fromUtf8(standardError).trimmed();
    err.remove(QRegularExpression(QStringLiteral("\x1b\\[[0-9;]*m")));
    if (err.size() > 600)
        err = QStringLiteral("…") + err.right(600);
    return QStringLiteral("%1: exit %2%3")
        .arg(cmd)
        .arg(exitCode)
        .arg(err.isEmpty() ? QString() : QStringLiteral(": ") + err);
}

NixCommand::NixCommand(QObject *parent) : QObject(parent), m_environment(NixEnvironment::processEnvironment())
{
}

void NixCommand::start(const QString &program, const QStringList &arguments)
{
    delete m_process;
    m_process = new QProcess(this);
    m_result = CommandResult{};
    m_result.program = program;
    m_result.arguments = arguments;
    m_reported = false;
    m_process->setProcessEnvironment(m_environment);
    if (!m_workingDirectory.isEmpty())
        m_process->setWorkingDirectory(m_workingDirectory);
    connect(m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        if (m_reported)
            return;
        m_reported = true;
        m_result.started = true;
        m_result.exitCode = code;
        m_result.crashed = status == QProcess::CrashExit;
        m_result.standardOutput = m_process->readAllStandardOutput();
        m_result.standardError = m_process->readAllStandardError();
        Q_EMIT finished(m_result);
    });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e != QProcess::FailedToStart || m_reported)
            return;
        m_reported = true;
        m_result.standardError = m_process->errorString().toUtf8();
        Q_EMIT finished(m_result);
    });
    m_process->start(program, arguments, QIODevice::ReadOnly);
}

void NixCommand::cancel()
{
    if (m_process && m_process->state() != QProcess::NotRunning)
        m_process->kill();
}

} // namespace flakeoff
