// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace flakeoff::cli {

// `flakeoff-cli inputs import|list|fetch`: the local flake inputs strategies build with when no
// network is reachable (LocalInputStore). import: exit 0 when every tarball or folder was imported
// and the stand-ins assembled, 1 otherwise; list: 0; fetch: 1 without a network or when Nix fails;
// 2 on a usage error.
int inputs(const QStringList &arguments);

} // namespace flakeoff::cli
