// SPDX-License-Identifier: MIT
#pragma once

#include "BuildReport.h"

#include <QString>

#include <string_view>
#include <utility>
#include <vector>

class QIODevice;

namespace flakeoff {

// Writes Flakeoff's saved-log format, which keeps every line's arrival time:
//
//     #flakeoff-log 1
//     #<key> <value>              metadata (command, started, nix version …)
//     <ms>\t<raw line>            arrival time in ms since the process started (µs precision)
//     #end <ms> exit=<code>       when the process ended ("killed" instead of exit=… after a signal)
//
// Raw lines never start with '#' in this format (they start with their time), so metadata
// cannot be confused with output.
class SavedLogWriter
{
public:
    static constexpr std::string_view kMagic = "#flakeoff-log 1";

    explicit SavedLogWriter(QIODevice &device);

    void writeHeader(const std::vector<std::pair<QString, QString>> &metadata);
    void writeLine(TimeUs arrivalUs, std::string_view text);
    // `killed`: ended by a signal (cancelled or crashed), so there is no exit code.
    void writeEnd(TimeUs endUs, std::optional<int> exitCode, bool killed = false);
    bool ok() const { return m_ok; }
    std::int64_t linesWritten() const { return m_lines; }

    static std::string formatMs(std::int64_t us);

private:
    void write(std::string_view bytes);

    QIODevice &m_device;
    bool m_ok = true;
    std::int64_t m_lines = 0;
};

} // namespace flakeoff
