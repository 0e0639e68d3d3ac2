// SPDX-License-Identifier: MIT
#include "HomelessShelter.h"

#include <QFileInfo>

namespace flakeoff {

HomelessShelter::HomelessShelter(QString path) : m_path(std::move(path)) {}

bool HomelessShelter::exists() const
{
    // A dangling link counts too: Nix checks the name, not what it points to.
    const QFileInfo info(m_path);
    return info.exists() || info.isSymLink();
}

QString HomelessShelter::problem() const
{
    if (!exists())
        return {};
    return QStringLiteral(
               "%1 exists, so Nix refuses every unsandboxed build (\"home directory '%1' exists\"). "
               "It is the HOME Nix gives builds, left behind by an unsandboxed build that wrote to it "
               "(e.g. cargo without CARGO_HOME). Check that no Nix build is running (pgrep -a nix), "
               "then remove it: rm -rf %1")
        .arg(m_path);
}

} // namespace flakeoff
