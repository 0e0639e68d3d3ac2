// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace flakeoff::cli {

// `flakeoff-cli parse-log FILE [--json]`: the build report of a saved log or a plain capture.
// Exit 0 when the file was read (even a log of a failed build), 1 when it cannot be read,
// 3 when it holds no Nix event at all (empty, binary, or not --log-format internal-json).
int parseLog(const QStringList &arguments);

} // namespace flakeoff::cli
