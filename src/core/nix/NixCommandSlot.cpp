// SPDX-License-Identifier: MIT
#include "NixCommandSlot.h"

#include "NixCommand.h"

namespace flakeoff {

NixCommandSlot::NixCommandSlot(QObject *owner, std::function<bool()> isCancelled)
    : m_owner(owner), m_isCancelled(std::move(isCancelled))
{
}

void NixCommandSlot::run(const QString &program, const QStringList &args, const QString &cwd,
                         std::function<void(const CommandResult &)> then)
{
    auto *cmd = new NixCommand(m_owner);
    cmd->setWorkingDirectory(cwd);
    if (m_environment)
        cmd->setEnvironment(*m_environment);
    m_current = cmd;
    // The owner is the context: no callback once it is gone (the command dies with it).
    QObject::connect(cmd, &NixCommand::finished, m_owner,
                     [this, cmd, then = std::move(then)](const CommandResult &r) {
                         if (m_current == cmd)
                             m_current = nullptr;
                         cmd->deleteLater();
                         if (!m_isCancelled())
                             then(r);
                     });
    cmd->start(program, args);
}

void NixCommandSlot::cancel()
{
    if (m_current)
        m_current->cancel();
}

} // namespace flakeoff
