// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace flakeoff::cli {

// `flakeoff-cli predict [--workspace DIR] [--strategies IDS] [--targets IDS] [--scenario NAME|FILE]
// [--history SESSION.json]… [--out session.json] [--compare RUN.json] [--from SESSION.json]
// [--details] [--json]`: evaluates every strategy at every scenario step without building and
// prints which derivations each step rebuilds, side by side, priced with the per-derivation times
// of earlier runs; --compare checks the prediction against a real run's session.
// Exit 0 when every cell was predicted (and, with --compare, agrees), 1 when a cell could not be
// predicted (an evaluation error), 2 on a usage error, 3 when --compare found a difference,
// 130 when interrupted.
int predict(const QStringList &arguments);

} // namespace flakeoff::cli
