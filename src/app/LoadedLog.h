// SPDX-License-Identifier: MIT
#pragma once

#include "log/BuildReport.h"

#include <QString>

#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace flakeoff::app {

// A log read from disk: its report (shared, immutable) and what the file said about itself.
struct LoadedLog
{
    QString path;
    std::shared_ptr<const BuildReport> report;
    std::map<std::string, std::string> metadata; // "command", "started", "cwd" … of a saved log
    std::uint64_t bytes = 0;
    qint64 elapsedMs = 0; // how long reading took
};

} // namespace flakeoff::app
