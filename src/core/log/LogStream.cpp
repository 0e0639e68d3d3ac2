// SPDX-License-Identifier: MIT
#include "LogStream.h"

#include "AsciiDigits.h"
#include "SavedLogWriter.h"

#include <charconv>
#include <cstdint>
#include <string>

namespace flakeoff {

namespace {
// Times beyond ±10^12 ms (31 years) are corrupt, and would overflow µs arithmetic.
constexpr std::int64_t kMaxMs = 1000000000000;

// Parses "<ms>" with an optional fraction ("1234", "1234.5", "1234.567") into µs.
bool parseMs(std::string_view s, std::int64_t &us)
{
    const auto dot = s.find('.');
    std::int64_t whole = 0;
    const std::string_view w = s.substr(0, dot);
    if (w.empty())
        return false;
    auto [p, ec] = std::from_chars(w.data(), w.data() + w.size(), whole);
    if (ec != std::errc() || p != w.data() + w.size() || whole > kMaxMs || whole < -kMaxMs)
        return false;
    std::int64_t frac = 0;
    if (dot != std::string_view::npos) {
        std::string_view f = s.substr(dot + 1);
        if (f.empty() || f.size() > 9)
            return false;
        for (char c : f)
            if (c < '0' || c > '9')
                return false;
        // Milliseconds with up to µs precision: the first three fraction digits, no allocation.
        for (std::size_t k = 0; k < 3; ++k)
            frac = frac * 10 + (k < f.size() ? f[k] - '0' : 0);
    }
    us = whole * 1000 + (whole < 0 ? -frac : frac);
    return true;
}

// The common prefix "<ms>.<fraction>\t" read in one pass: up to 13 digits (≤ kMaxMs needs no
// more), an optional fraction of 1–9 digits, then the line's first tab. Anything else returns
// false and is left to find('\t') and parseMs, which decide it as they always did.
bool quickStamp(std::string_view s, std::int64_t &us, std::size_t &tab)
{
    if (AsciiDigits::kWordWise && s.size() >= 32) {
        // By words (16 bytes readable from each run: at most 13 + 1 + 16 ≤ 32).
        std::uint64_t whole = 0;
        std::size_t i = AsciiDigits::read15(s.data(), whole);
        if (i == 0 || i > 13 || static_cast<std::int64_t>(whole) > kMaxMs)
            return false;
        std::uint64_t frac = 0;
        if (s[i] == '.') {
            std::uint64_t fraction = 0;
            const char *f = s.data() + i + 1;
            const std::size_t digits = AsciiDigits::read15(f, fraction);
            if (digits == 0 || digits > 9)
                return false;
            // The first three digits, as µs of a millisecond (from the digits: no division).
            const auto digit = [f, digits](std::size_t k) {
                return k < digits ? static_cast<std::uint64_t>(f[k] - '0') : 0;
            };
            frac = digit(0) * 100 + digit(1) * 10 + digit(2);
            i += 1 + digits;
        }
        if (s[i] != '\t')
            return false;
        us = static_cast<std::int64_t>(whole) * 1000 + static_cast<std::int64_t>(frac);
        tab = i;
        return true;
    }
    std::size_t i = 0;
    std::int64_t whole = 0;
    while (i < s.size() && i < 14 && s[i] >= '0' && s[i] <= '9')
        whole = whole * 10 + (s[i++] - '0');
    if (i == 0 || i > 13 || whole > kMaxMs)
        return false;
    std::int64_t frac = 0;
    if (i < s.size() && s[i] == '.') {
        const std::size_t start = ++i;
        while (i < s.size() && i - start < 10 && s[i] >= '0' && s[i] <= '9') {
            if (i - start < 3)
                frac = frac * 10 + (s[i] - '0');
            ++i;
        }
        const std::size_t digits = i - start;
        if (digits == 0 || digits > 9)
            return false;
        for (std::size_t k = digits; k < 3; ++k)
            frac *= 10;
    }
    if (i >= s.size() || s[i] != '\t')
        return false;
    us = whole * 1000 + frac;
    tab = i;
    return true;
}
} // namespace

LogStream::LogStream(Timing timing, std::size_t maxLineBytes)
    : m_timing(timing), m_reader(*this, maxLineBytes), m_builder(timing != Timing::Untimed)
{
    // The builder decodes a log line only if it is still among its build's last lines when a
    // report is taken.
    m_parser.setDeferLogText(true);
}

void LogStream::setRecorder(SavedLogWriter *recorder)
{
    m_recorder = recorder;
    if (recorder)
        m_reader.setNextLineNumber(recorder->linesWritten() + 1);
}

void LogStream::feed(std::string_view bytes, TimeUs arrivalUs)
{
    // Log text inside `bytes` may stay there, by reference, until the chunk is done.
    m_chunk = bytes;
    m_reader.feed(bytes, m_timing == Timing::Live ? arrivalUs : std::nullopt);
    m_builder.adoptBorrowedText();
    m_chunk = {};
}

void LogStream::finish(TimeUs endUs, std::optional<int> exitCode, bool killed)
{
    m_reader.finish(m_timing == Timing::Live ? endUs : std::nullopt);
    if (m_timing == Timing::Saved) {
        if (!endUs)
            endUs = m_savedEndUs;
        if (!exitCode)
            exitCode = m_savedExit;
        killed = killed || m_savedKilled;
    }
    m_builder.finish(endUs, exitCode, killed);
}

void LogStream::onLine(const RawLine &line)
{
    if (m_timing == Timing::Saved) {
        onSavedLine(line);
        return;
    }
    if (m_recorder)
        m_recorder->writeLine(line.arrivalUs, line.text);
    handle(line, line.text, line.arrivalUs);
}

void LogStream::onSavedLine(const RawLine &line)
{
    std::string_view text = line.text;
    if (!text.empty() && text.front() == '#') {
        const auto space = text.find(' ');
        const std::string key(
            text.substr(1, space == std::string_view::npos ? std::string_view::npos : space - 1));
        const std::string value(space == std::string_view::npos ? std::string_view()
                                                                : text.substr(space + 1));
        if (key == "end") {
            const std::string_view v = value;
            const auto sp = v.find(' ');
            std::int64_t us = 0;
            if (parseMs(v.substr(0, sp), us))
                m_savedEndUs = us;
            if (const auto ex = v.find("exit="); ex != std::string_view::npos) {
                int code = 0;
                const auto codeText = v.substr(ex + 5);
                if (std::from_chars(codeText.data(), codeText.data() + codeText.size(), code).ec ==
                    std::errc())
                    m_savedExit = code;
            }
            m_savedKilled = v.find(" killed") != std::string_view::npos;
        } else {
            m_metadata[key] = value;
        }
        return; // metadata is not part of the build's output
    }
    std::int64_t us = 0;
    std::size_t tab = 0;
    if (quickStamp(text, us, tab) ||
        ((tab = text.find('\t')) != std::string_view::npos && parseMs(text.substr(0, tab), us))) {
        handle(line, text.substr(tab + 1), us);
    } else {
        m_builder.addProblem(line.number,
                             "no arrival time (expected \"<ms>\\t<line>\"); line read without a time", false);
        handle(line, text, std::nullopt);
    }
}

void LogStream::handle(const RawLine &line, std::string_view text, const TimeUs &arrivalUs)
{
    m_parser.parse(line, text, arrivalUs, m_event);
    // A deferred log line that points into the chunk being fed (not into LineReader's buffer for
    // a line split across chunks, nor the parser's repaired copy) may be borrowed until feed() ends.
    if (m_event.escapedLogText && inChunk(*m_event.escapedLogText))
        m_builder.addBorrowingText(m_event);
    else
        m_builder.add(m_event);
}

bool LogStream::inChunk(std::string_view text) const
{
    // As integers: < between pointers into different objects is unspecified.
    const auto begin = reinterpret_cast<std::uintptr_t>(m_chunk.data());
    const auto at = reinterpret_cast<std::uintptr_t>(text.data());
    return !m_chunk.empty() && at >= begin && at - begin <= m_chunk.size() &&
           text.size() <= m_chunk.size() - (at - begin);
}

} // namespace flakeoff
