// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace flakeoff {

// A field of a `start` or `result` event: Nix only ever writes integers and strings.
using LogField = std::variant<std::int64_t, std::string>;

// One typed line of a Nix log. Lines that are not `@nix {…}` become Kind::Output; lines that start
// with `@nix ` but cannot be understood become Kind::Malformed with `problem` set.
struct LogEvent
{
    enum class Kind
    {
        Output,
        Start,
        Stop,
        Result,
        Msg,
        Malformed
    };

    Kind kind = Kind::Output;
    std::int64_t line = 0;              // line number in its stream
    std::optional<std::int64_t> timeUs; // arrival time, when known

    std::uint64_t id = 0;                // start/stop/result: activity id (unique per process)
    int type = 0;                        // start: ActivityType, result: ResultType (unknown kept)
    int level = 0;                       // start/msg: Verbosity
    std::optional<std::uint64_t> parent; // start: parent activity (Nix ≥ 2.18)
    std::string text;                    // start: text, msg: msg (ANSI stripped), output: the line
    std::vector<LogField> fields;        // start/result
    // result 101/107 when the parser defers log text (LogEventParser::setDeferLogText): the one
    // string field's JSON body, escapes undecoded, and `fields` is empty. Points into the parsed
    // line (or the parser's repaired copy of it): valid only until the line goes or the parser
    // parses again. LogEventParser::decodeEscapedText decodes it.
    std::optional<std::string_view> escapedLogText;

    // msg only
    std::string rawMsg;
    std::optional<std::string> file;
    std::optional<int> fileLine;
    std::optional<int> column;

    std::string problem;       // Malformed: what was wrong
    bool repairedUtf8 = false; // invalid UTF-8 was replaced by U+FFFD

    bool isResult(int resultType) const { return kind == Kind::Result && type == resultType; }
    // Inline: a progress result reads four of them, and those are most of some logs' lines.
    std::int64_t intField(std::size_t i, std::int64_t fallback = 0) const
    {
        if (i < fields.size())
            if (const auto *v = std::get_if<std::int64_t>(&fields[i]))
                return *v;
        return fallback;
    }
    std::string stringField(std::size_t i) const;
};

} // namespace flakeoff
