// SPDX-License-Identifier: MIT
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

// Runs of ASCII digits read a word (8 bytes) at a time: the numbers of a Nix log (ids, counters,
// byte counts, a saved log's times) are most of what is left to read in a substitution's log, and
// a loop per digit costs a mispredicted exit per number. Used by LogEventParser and LogStream.
namespace flakeoff::AsciiDigits {

// Whether reading by words works here: the bytes of a word, low to high, are the text's order.
inline constexpr bool kWordWise = std::endian::native == std::endian::little;

// How many of the 8 bytes at `p` (all readable) are ASCII digits before the first that is not,
// with the 8 bytes in `word`.
[[gnu::always_inline]] inline std::size_t run8(const char *p, std::uint64_t &word)
{
    constexpr std::uint64_t kOnes = 0x0101010101010101ull;
    std::memcpy(&word, p, 8);
    // Per byte b: b - '0' is a digit's value (≤ 9), or wraps to ≥ 0x80 below '0'; adding 0x76 sets
    // the high bit of anything ≥ 10. Borrows and carries only run upwards from the first
    // non-digit, so the lowest marked byte is exact.
    const std::uint64_t d = word - kOnes * '0';
    const std::uint64_t nonDigit = (d | (d + kOnes * 0x76)) & (kOnes * 0x80);
    return nonDigit ? static_cast<std::size_t>(std::countr_zero(nonDigit)) / 8 : 8;
}

// The value of the first n (1 to 8) digits of `word` as run8() read it: three multiplications.
[[gnu::always_inline]] inline std::uint64_t value8(std::uint64_t word, std::size_t n)
{
    word <<= 8 * (8 - n); // the digits to the top; the zero bytes below read as leading zeros
    word = ((word & 0x0F0F0F0F0F0F0F0Full) * 2561) >> 8;
    word = ((word & 0x00FF00FF00FF00FFull) * 6553601) >> 16;
    return ((word & 0x0000FFFF0000FFFFull) * 42949672960001ull) >> 32;
}

// The run of digits at `p` (16 bytes readable): its length and, up to 15 digits, its `value`
// (which no 64-bit integer overflows). 0: no digit at p; 16: 16 digits or more, `value` unset.
[[gnu::always_inline]] inline std::size_t read15(const char *p, std::uint64_t &value)
{
    static constexpr std::uint64_t kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000};
    std::uint64_t word = 0;
    const std::size_t n = run8(p, word);
    if (n == 0)
        return 0;
    value = value8(word, n);
    if (n < 8)
        return n;
    const std::size_t m = run8(p + 8, word);
    if (m == 8)
        return 16;
    if (m > 0)
        value = value * kPow10[m] + value8(word, m);
    return 8 + m;
}

} // namespace flakeoff::AsciiDigits
