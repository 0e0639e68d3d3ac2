// SPDX-License-Identifier: MIT
#include "LogStream.h"

#include "SavedLogWriter.h"

#include <charconv>
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
} // namespace

LogStream::LogStream(Timing timing, std::size_t maxLineBytes)
    : m_timing(timing)
    , m_reader(*this, maxLineBytes)
    , m_builder(timing != Timing::Untimed)
{
}

void LogStream::setRecorder(SavedLogWriter *recorder)
{
    m_recorder = recorder;
    if (recorder)
        m_reader.setNextLineNumber(recorder->linesWritten() + 1);
}

void LogStream::feed(std::string_view bytes, TimeUs arrivalUs)
{
    m_reader.feed(bytes, m_timing == Timing::Live ? arrivalUs : std::nullopt);
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
    handle(line);
}

void LogStream::onSavedLine(const RawLine &line)
{
    std::string_view text = line.text;
    if (!text.empty() && text.front() == '#') {
        const auto space = text.find(' ');
        const std::string key(text.substr(1, space == std::string_view::npos ? std::string_view::npos : space - 1));
        const std::string value(space == std::string_view::npos ? std::string_view() : text.substr(space + 1));
        if (key == "end") {
            const std::string_view v = value;
            const auto sp = v.find(' ');
            std::int64_t us = 0;
            if (parseMs(v.substr(0, sp), us))
                m_savedEndUs = us;
            if (const auto ex = v.find("exit="); ex != std::string_view::npos) {
                int code = 0;
                const auto codeText = v.substr(ex + 5);
                if (std::from_chars(codeText.data(), codeText.data() + codeText.size(), code).ec == std::errc())
                    m_savedExit = code;
            }
            m_savedKilled = v.find(" killed") != std::string_view::npos;
        } else {
            m_metadata[key] = value;
        }
        return; // metadata is not part of the build's output

    }
    RawLine inner = line;
    const auto tab = text.find('\t');
    std::int64_t us = 0;
    if (tab != std::string_view::npos && parseMs(text.substr(0, tab), us)) {
        inner.text = text.substr(tab + 1);
        inner.arrivalUs = us;
    } else {
        m_builder.addProblem(line.number, "no arrival time (expected \"<ms>\\t<line>\"); line read without a time",
                             false);
        inner.arrivalUs.reset();
    }
    handle(inner);
}

void LogStream::handle(const RawLine &line)
{
    m_parser.parse(line, m_event);
    m_builder.add(m_event);
}

} // namespace flakeoff
