// SPDX-License-Identifier: MIT
#pragma once

#include "LineReader.h"
#include "LogEvent.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
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
    void parse(const RawLine &line, LogEvent &out) { parse(line, line.text, line.arrivalUs, out); }
    // The same with the line's text and arrival time replaced (a saved log's line without its
    // time prefix); `text` is `line.text` or a suffix of it.
    void parse(const RawLine &line, std::string_view text, const std::optional<std::int64_t> &arrivalUs,
               LogEvent &out);

    // With deferral on, a build log line on the fast path (result 101/107 with one string field)
    // keeps its text as the checked JSON string body in LogEvent::escapedLogText instead of
    // decoding it into `fields`: only the last lines of each build are ever shown, so most lines
    // need never be decoded. Off by default.
    void setDeferLogText(bool defer) { m_deferLogText = defer; }

    // Decodes a JSON string body (the bytes between the quotes) into `out`: for a deferred log
    // line (LogEvent::escapedLogText), exactly what `fields[0]` would have held without deferral.
    // False (with `out` partial) when an escape in it is invalid, which the parser never defers.
    static bool decodeEscapedText(std::string_view body, std::string &out);

    std::uint64_t fastPathHits() const { return m_fastHits; }

private:
    bool parseFast(std::string_view json, LogEvent &out);
    bool repeatsLogLine(std::string_view json, LogEvent &out);
    void parseGeneric(std::string_view json, LogEvent &out);
    // A start/msg text from its string body: decoded, ANSI stripped (as the generic path does).
    bool cleanText(std::string_view body, std::string &out);

    std::uint64_t m_fastHits = 0;
    bool m_deferLogText = false;
    std::string m_repaired; // the current line with its invalid UTF-8 replaced
    std::string m_scratch;
    // The ending of the last result line with one string field (`"],"id":…,"type":…}`), its id
    // and type; empty when there was none yet.
    static constexpr std::size_t kMaxLogLineEnding = 64;
    std::string m_logLineEnding;
    std::uint64_t m_logLineId = 0;
    int m_logLineType = 0;
    // Endings of recent result lines after their field list (`],"id":…,"type":…}`) with the id
    // and type they spell, in slots by two bytes of the id: the activities reporting at once
    // (a dozen substitutions' downloads and copies) each keep theirs.
    struct ResultEnding
    {
        std::string text;
        std::uint64_t id = 0;
        int type = 0;
    };
    static constexpr std::size_t kResultEndings = 128;
    static constexpr std::size_t kMaxResultEnding = 64;
    std::array<ResultEnding, kResultEndings> m_resultEndings;
};

} // namespace flakeoff
