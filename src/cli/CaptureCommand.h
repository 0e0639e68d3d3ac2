// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace flakeoff::cli {

// `flakeoff-cli capture --out LOG -- nix build … --log-format internal-json`: runs a command,
// saves its stderr with arrival times (Flakeoff's saved-log format) and prints the report.
// Exits with the command's exit code (or 1 when it cannot start).
int capture(const QStringList &arguments);

} // namespace flakeoff::cli
