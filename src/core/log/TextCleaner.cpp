// SPDX-License-Identifier: MIT
#include "TextCleaner.h"

#include <cstdint>
#include <cstring>

namespace flakeoff::TextCleaner {

bool containsEscape(std::string_view s)
{
    if (s.empty()) // memchr on an empty view's null data is undefined
        return false;
    return std::memchr(s.data(), '\x1b', s.size()) != nullptr;
}

std::string stripAnsi(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        // Copy the run up to the next ESC in one go: most text has none or few.
        const auto *esc = static_cast<const char *>(std::memchr(s.data() + i, '\x1b', s.size() - i));
        const std::size_t at = esc ? static_cast<std::size_t>(esc - s.data()) : s.size();
        out.append(s.data() + i, at - i);
        i = at;
        if (i >= s.size())
            break;
        if (i + 1 >= s.size()) { // lone ESC at the end
            ++i;
            continue;
        }
        const char kind = s[i + 1];
        i += 2;
        if (static_cast<unsigned char>(kind) >= 0x80) { // a lone ESC before a multi-byte character
            --i;
            continue;
        }
        if (kind == '[') { // CSI: parameters/intermediates then a final byte in 0x40–0x7E
            while (i < s.size() && !(s[i] >= 0x40 && s[i] <= 0x7e) && static_cast<unsigned char>(s[i]) < 0x80)
                ++i;
            if (i < s.size() && static_cast<unsigned char>(s[i]) < 0x80)
                ++i;
        } else if (kind == ']') { // OSC: up to BEL or ESC '\'
            while (i < s.size() && s[i] != '\x07' &&
                   !(s[i] == '\x1b' && i + 1 < s.size() && s[i + 1] == '\\') &&
                   static_cast<unsigned char>(s[i]) < 0x80)
                ++i;
            // Skip the terminator only: a sequence cut off by a non-ASCII byte keeps that character.
            if (i < s.size() && s[i] == '\x07')
                i += 1;
            else if (i < s.size() && s[i] == '\x1b')
                i += 2;
        }
        // other two-byte escapes: both bytes dropped
    }
    return out;
}

std::size_t utf8SequenceLength(std::string_view s, std::size_t i)
{
    const auto b0 = static_cast<std::uint8_t>(s[i]);
    if (b0 < 0x80)
        return 1;
    std::size_t len = 0;
    std::uint32_t min = 0;
    std::uint32_t cp = 0;
    if ((b0 & 0xe0) == 0xc0) {
        len = 2, min = 0x80, cp = b0 & 0x1f;
    } else if ((b0 & 0xf0) == 0xe0) {
        len = 3, min = 0x800, cp = b0 & 0x0f;
    } else if ((b0 & 0xf8) == 0xf0) {
        len = 4, min = 0x10000, cp = b0 & 0x07;
    } else {
        return 0;
    }
    if (i + len > s.size())
        return 0;
    for (std::size_t k = 1; k < len; ++k) {
        const auto b = static_cast<std::uint8_t>(s[i + k]);
        if ((b & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return len;
}

std::size_t firstInvalidUtf8(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size()) {
        // Skip ASCII quickly, 8 bytes at a time: it is nearly all of a build log.
        while (i + 8 <= s.size()) {
            std::uint64_t word;
            std::memcpy(&word, s.data() + i, 8);
            if (word & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        while (i < s.size() && static_cast<std::uint8_t>(s[i]) < 0x80)
            ++i;
        if (i >= s.size())
            break;
        const std::size_t n = utf8SequenceLength(s, i);
        if (n == 0)
            return i;
        i += n;
    }
    return std::string_view::npos;
}

std::string repairUtf8(std::string_view s)
{
    std::string out;
    out.reserve(s.size() + 8);
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t n = utf8SequenceLength(s, i);
        if (n == 0) {
            out.append("\xef\xbf\xbd");
            ++i;
        } else {
            out.append(s.substr(i, n));
            i += n;
        }
    }
    return out;
}

} // namespace flakeoff::TextCleaner
