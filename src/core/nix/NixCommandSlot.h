// SPDX-License-Identifier: MIT
#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

class QObject;

namespace flakeoff {

class NixCommand;
struct CommandResult;

// The helper command an object is waiting for. The runner and the predictor run their small
// commands (cargo metadata, prepare steps, nix-instantiate, nix-store…) one after another, each
// continuing in the next one's callback: this owns the running NixCommand so that cancel()
// reaches it, deletes each command once it reported, and drops results that arrive after the
// owner was cancelled (its continuation would act on a run that is over).
class NixCommandSlot
{
public:
    // `owner` parents the commands and receives their results in its thread; `isCancelled` is
    // asked when a result arrives. The slot is meant to be a member of `owner`.
    NixCommandSlot(QObject *owner, std::function<bool()> isCancelled);
    NixCommandSlot(const NixCommandSlot &) = delete;
    NixCommandSlot &operator=(const NixCommandSlot &) = delete;

    // Starts `program` in `cwd` (empty: the owner's working directory); `then` gets its result
    // unless the owner is cancelled by then.
    void run(const QString &program, const QStringList &args, const QString &cwd,
             std::function<void(const CommandResult &)> then);
    // Kills the running command, if any (it still reports; see isCancelled).
    void cancel();
    // The environment of the commands started from now on (NixEnvironment::processEnvironment
    // for what they need); until set, NixCommand's own.
    void setEnvironment(const QProcessEnvironment &env) { m_environment = env; }

private:
    QObject *m_owner;
    std::function<bool()> m_isCancelled;
    NixCommand *m_current = nullptr;
    std::optional<QProcessEnvironment> m_environment;
};

} // namespace flakeoff
