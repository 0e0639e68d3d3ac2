// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace flakeoff::cli {

// `flakeoff-cli run [--workspace DIR] [--strategies a,b] [--scenario NAME|FILE] [--repeat N]
// [--warmup K] [--out session.json]`: runs a scenario on real Nix with a live progress line and a
// summary table; strategies that cannot run here are reported as skipped with the reason.
// Exit 0 when every build succeeded, 1 when some failed, 2 on a usage error, 130 when interrupted.
int run(const QStringList &arguments);

} // namespace flakeoff::cli
