// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QProcess>
#include <QStringList>

namespace flakeoff {

// Outcome of a short helper command (store queries, instantiation, deletion, git, cargo).
struct CommandResult
{
    QString program;
    QStringList arguments;
    int exitCode = -1;
    bool started = false;
    bool crashed = false;
    QByteArray standardOutput;
    QByteArray standardError;

    bool ok() const { return started && !crashed && exitCode == 0; }
    // "nix-store --delete …: exit 1: error: cannot delete path … since it is still alive"
    QString describe() const;
};

// Runs one helper command asynchronously and reports once through finished(). Used for the small
// steps around a build (nix path-info, nix-store --delete, nix-instantiate…); builds themselves
// go through NixProcess, which also parses the log.
class NixCommand : public QObject
{
    Q_OBJECT
public:
    explicit NixCommand(QObject *parent = nullptr);

    void setWorkingDirectory(const QString &dir) { m_workingDirectory = dir; }
    void setEnvironment(const QProcessEnvironment &env) { m_environment = env; }
    void start(const QString &program, const QStringList &arguments);
    void cancel();

Q_SIGNALS:
    void finished(const flakeoff::CommandResult &result);

private:
    QProcess *m_process = nullptr;
    QString m_workingDirectory;
    QProcessEnvironment m_environment;
    CommandResult m_result;
    bool m_reported = false;
};

} // namespace flakeoff

Q_DECLARE_METATYPE(flakeoff::CommandResult)
