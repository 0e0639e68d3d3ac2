// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace flakeoff {

// One line of input, as handed to a LineSink. `text` is valid only during the call.
struct RawLine
{
    std::string_view text;                 // without the line break (and without a trailing '\r')
    std::int64_t number = 0;               // 1-based line number in the stream
    std::optional<std::int64_t> arrivalUs; // monotonic arrival time, µs since the stream's origin
    std::size_t originalBytes = 0;         // length before truncation
    bool truncated = false;                // longer than the reader's limit: only the first part is kept
    bool unterminated = false;             // the stream ended without a final newline
};

class LineSink
{
public:
    virtual ~LineSink() = default;
    virtual void onLine(const RawLine &line) = 0;
};

// Splits a byte stream into lines as bytes arrive, keeping the partial tail between calls.
// Memory stays bounded: a line longer than `maxLineBytes` is cut to that length and the rest of it
// is skipped (counted, not stored), so a 50 MB line costs at most maxLineBytes.
class LineReader
{
public:
    static constexpr std::size_t kDefaultMaxLineBytes = 1u << 20;

    explicit LineReader(LineSink &sink, std::size_t maxLineBytes = kDefaultMaxLineBytes);

    // Feeds the next chunk. Every complete line in it is stamped with `arrivalUs` (the time the
    // chunk arrived); a partial tail waits for the next chunk and gets that chunk's time.
    void feed(std::string_view bytes, std::optional<std::int64_t> arrivalUs = std::nullopt);

    // Flushes a final unterminated line, if any. Further feeds start a new line.
    void finish(std::optional<std::int64_t> arrivalUs = std::nullopt);

    std::int64_t linesEmitted() const { return m_lineNumber; }
    // Numbers the next line `n`: a live stream recorded to a saved log counts like that file.
    void setNextLineNumber(std::int64_t n) { m_lineNumber = n - 1; }
    std::uint64_t bytesConsumed() const { return m_bytes; }
    std::size_t maxLineBytes() const { return m_maxLineBytes; }

private:
    void emit(std::string_view text, std::optional<std::int64_t> arrivalUs, bool unterminated);

    LineSink &m_sink;
    std::size_t m_maxLineBytes;
    std::string m_tail;             // bytes of the current, incomplete line (≤ m_maxLineBytes)
    std::size_t m_tailOriginal = 0; // full length of the current line so far, including skipped bytes
    std::int64_t m_lineNumber = 0;
    std::uint64_t m_bytes = 0;
};

} // namespace flakeoff
