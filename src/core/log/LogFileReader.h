// SPDX-License-Identifier: MIT
#pragma once

#include "BuildReport.h"
#include "LogStream.h"

#include <QString>

#include <atomic>
#include <functional>
#include <map>

namespace flakeoff {

// Reads a log file from disk in bounded chunks (never the whole file at once) and returns its
// report. Detects the format from the first bytes: Flakeoff's saved log (with arrival times) or a
// plain stderr capture of `--log-format internal-json` (no times).
class LogFileReader
{
public:
    struct Result
    {
        bool ok = false; // false: the file could not be read at all (see error)
        QString error;   // "cannot open …: No such file or directory"
        LogStream::Timing format = LogStream::Timing::Untimed;
        BuildReport report;
        std::map<std::string, std::string> metadata;
        std::uint64_t bytes = 0;
    };

    using ProgressFn = std::function<void(std::uint64_t done, std::uint64_t total)>;

    static constexpr std::size_t kChunkBytes = 1u << 20;

    // `cancel` (optional) is polled between chunks; a cancelled read returns ok=false.
    static Result read(const QString &path, const ProgressFn &progress = {},
                       const std::atomic_bool *cancel = nullptr);
};

} // namespace flakeoff
