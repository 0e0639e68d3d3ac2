// SPDX-License-Identifier: MIT
#include "LineReader.h"

#include <cstring>

namespace flakeoff {

LineReader::LineReader(LineSink &sink, std::size_t maxLineBytes)
    : m_sink(sink), m_maxLineBytes(maxLineBytes == 0 ? kDefaultMaxLineBytes : maxLineBytes)
{
}

void LineReader::feed(std::string_view bytes, std::optional<std::int64_t> arrivalUs)
{
    m_bytes += bytes.size();
    const char *p = bytes.data();
    const char *end = p + bytes.size();
    while (p < end) {
        const auto *nl = static_cast<const char *>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
        const char *lineEnd = nl ? nl : end;
        const auto len = static_cast<std::size_t>(lineEnd - p);
        if (m_tailOriginal == 0 && nl) {
            // Fast path: the whole line is inside this chunk, hand out a view without copying.
            if (len <= m_maxLineBytes) {
                emit(std::string_view(p, len), arrivalUs, false);
            } else {
                m_tailOriginal = len;
                m_tail.assign(p, m_maxLineBytes);
                emit(m_tail, arrivalUs, false);
            }
        } else {
            if (m_tail.size() < m_maxLineBytes)
                m_tail.append(p, std::min(len, m_maxLineBytes - m_tail.size()));
            m_tailOriginal += len;
            if (nl)
                emit(m_tail, arrivalUs, false);
        }
        p = nl ? nl + 1 : end;
    }
}

void LineReader::finish(std::optional<std::int64_t> arrivalUs)
{
    if (m_tailOriginal > 0)
        emit(m_tail, arrivalUs, true);
}

void LineReader::emit(std::string_view text, std::optional<std::int64_t> arrivalUs, bool unterminated)
{
    RawLine line;
    const std::size_t original = m_tailOriginal > 0 ? m_tailOriginal : text.size();
    if (!text.empty() && text.back() == '\r' && original == text.size())
        text.remove_suffix(1);
    line.text = text;
    line.number = ++m_lineNumber;
    line.arrivalUs = arrivalUs;
    line.originalBytes = original;
    line.truncated = original > m_maxLineBytes;
    line.unterminated = unterminated;
    m_sink.onLine(line);
    m_tail.clear();
    m_tailOriginal = 0;
}

} // namespace flakeoff
