// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QProcess>
#include <QStringList>

class QTimer;

namespace flakeoff {

// What the per-crate generator (or, metadata only, the Cargo.nix writer) needs from a workspace.
struct CargoRequest
{
    QString workspace;    // folder holding the workspace's Cargo.toml
    QStringList packages; // `-p` packages whose unit graph is wanted
    QString profile;      // empty: cargo's default (dev)
    // Only `cargo metadata`, with these arguments added (e.g. --all-features): no unit graph and
    // no `rustc -vV`, and no package needed.
    bool metadataOnly = false;
    QStringList metadataArguments;
    QString cargo;          // empty: CargoInvoker::findCargo()
    QString rustc;          // empty: CargoInvoker::findRustc(cargo)
    int timeoutMs = 120000; // per command
};

struct CargoOutputs
{
    QByteArray metadataJson;  // `cargo metadata --format-version 1 --offline`
    QByteArray unitGraphJson; // `cargo build --unit-graph -Z unstable-options --offline -p …`
    QString rustcVerbose;     // `rustc -vV`
    qint64 elapsedMs = 0;
};

// Runs cargo (and `rustc -vV`) for a workspace, one command after another, asynchronously:
// signals only, no waitFor*. Every failure arrives as one readable sentence through failed(),
// with cargo's own stderr. Offline always: the models build from local crate sources only.
class CargoInvoker : public QObject
{
    Q_OBJECT
public:
    explicit CargoInvoker(QObject *parent = nullptr);
    ~CargoInvoker() override;

    void start(const CargoRequest &request);
    void cancel();
    bool isRunning() const;

    // $CARGO, else rustup's ~/.cargo/bin/cargo, else cargo on PATH; empty when none.
    static QString findCargo();
    // $RUSTC, else the rustc beside `cargo`, else rustc on PATH.
    static QString findRustc(const QString &cargo);
    // Empty when `dir` holds a Cargo.toml; otherwise why it cannot be used.
    static QString workspaceProblem(const QString &dir);

    struct BlockingResult
    {
        CargoOutputs outputs;
        QString error;
        bool ok() const { return error.isEmpty(); }
    };
    // For the command-line tool only (spins a local event loop): the GUI uses start().
    static BlockingResult runBlocking(const CargoRequest &request);

Q_SIGNALS:
    void commandStarted(const QString &description);
    void finished(const flakeoff::CargoOutputs &outputs);
    void failed(const QString &message);

private:
    struct Command
    {
        QString label; // "cargo metadata", used in messages
        QString program;
        QStringList arguments;
        bool bootstrap = false; // RUSTC_BOOTSTRAP=1 (unit graph only)
        QByteArray *output = nullptr;
    };

    void next();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onError(QProcess::ProcessError error);
    void fail(const QString &message);

    QProcess *m_process = nullptr;
    QTimer *m_timer = nullptr;
    QList<Command> m_queue;
    Command m_current;
    CargoRequest m_request;
    CargoOutputs m_outputs;
    QByteArray m_rustcOutput;
    QElapsedTimer m_clock;
    bool m_timedOut = false;
};

} // namespace flakeoff

Q_DECLARE_METATYPE(flakeoff::CargoOutputs)
