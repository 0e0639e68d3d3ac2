// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace flakeoff {

// Text hygiene for what Nix prints: colour codes and broken UTF-8.
namespace TextCleaner {

// Removes ANSI escape sequences (CSI `ESC [ … final` and OSC `ESC ] … BEL|ST`); Nix puts colour
// codes in messages and build logs even with NO_COLOR.
std::string stripAnsi(std::string_view s);
bool containsEscape(std::string_view s);

// Offset of the first byte that is not valid UTF-8, or npos.
std::size_t firstInvalidUtf8(std::string_view s);

// Length of the valid UTF-8 sequence starting at s[i] (1 for ASCII), or 0 when it is invalid
// (overlong, surrogate, beyond U+10FFFF, cut short). `i` must be < s.size().
std::size_t utf8SequenceLength(std::string_view s, std::size_t i);

// Copy with each invalid byte replaced by U+FFFD.
std::string repairUtf8(std::string_view s);

} // namespace TextCleaner
} // namespace flakeoff
