// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace flakeoff::cli {

// `flakeoff-cli strategies [--json]`: every strategy and whether it can run on this machine, and
// if not why, in one line — the same verdicts the app shows before a run and the runner acts on.
// Exit 0; 1 when the strategy catalog cannot be read; 2 on a usage error.
int strategies(const QStringList &arguments);

} // namespace flakeoff::cli
