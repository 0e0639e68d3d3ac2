// SPDX-License-Identifier: MIT
#pragma once

#include "LineReader.h"
#include "LogEvent.h"

#include <string_view>

namespace flakeoff {

// Turns one raw line into a LogEvent. `@nix ` lines are JSON; the dominant shapes (`result` with a
// field list, `stop`) take a hand-written fast path, everything else goes through nlohmann_json
// without exceptions. Never throws; anything it cannot understand becomes a Malformed event that
// says what was wrong.
class LogEventParser
{
public:
    static constexpr std::string_view kPrefix = "@nix ";

    // Fills `out` (reusing its buffers) from `line`.
    void parse(const RawLine &line, LogEvent &out);

    std::uint64_t fastPathHits() const { return m_fastHits; }

private:
    bool parseFast(std::string_view json, LogEvent &out);
    void parseGeneric(std::string_view json, LogEvent &out);

    std::uint64_t m_fastHits = 0;
};

} // namespace flakeoff
