// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace flakeoff::cli {

// `flakeoff-cli expectations SESSION [--workspace DIR] [--json]`: holds every measured build of a
// saved session against its strategy manifest's expectedRebuilds (ExpectedRebuildCheck) and
// prints, cell by cell, whether what was built is what the manifest says, and what differs.
// Exit 0 when every checked cell agrees, 1 when the session or its workspace cannot be read,
// 2 on a usage error, 3 when a cell differs.
int expectations(const QStringList &arguments);

} // namespace flakeoff::cli
