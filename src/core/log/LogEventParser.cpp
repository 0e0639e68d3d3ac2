// SPDX-License-Identifier: MIT
#include "LogEventParser.h"

#include "AsciiDigits.h"
#include "NixTypes.h"
#include "TextCleaner.h"

#include <nlohmann/json.hpp>

#include <bit>
#include <charconv>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace flakeoff {

namespace {

using json = nlohmann::json;

bool hex4(std::string_view s, std::size_t &pos, std::uint32_t &cp)
{
    if (s.size() - pos < 4)
        return false;
    cp = 0;
    for (int i = 0; i < 4; ++i) {
        const char c = s[pos++];
        cp <<= 4;
        if (c >= '0' && c <= '9')
            cp |= static_cast<std::uint32_t>(c - '0');
        else if (c >= 'a' && c <= 'f')
            cp |= static_cast<std::uint32_t>(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            cp |= static_cast<std::uint32_t>(c - 'A' + 10);
        else
            return false;
    }
    return true;
}

// Reads the escape after a backslash (`pos` on the character after it) into a code point:
// \uXXXX, a \uD8xx\uDCxx surrogate pair, or one of the short escapes. False for anything JSON
// does not allow, lone surrogates included.
bool escape(std::string_view s, std::size_t &pos, std::uint32_t &cp)
{
    if (pos >= s.size())
        return false;
    switch (s[pos++]) {
    case '"':
        cp = '"';
        return true;
    case '\\':
        cp = '\\';
        return true;
    case '/':
        cp = '/';
        return true;
    case 'b':
        cp = '\b';
        return true;
    case 'f':
        cp = '\f';
        return true;
    case 'n':
        cp = '\n';
        return true;
    case 'r':
        cp = '\r';
        return true;
    case 't':
        cp = '\t';
        return true;
    case 'u': {
        if (!hex4(s, pos, cp))
            return false;
        if (cp >= 0xd800 && cp <= 0xdbff) {
            std::uint32_t low = 0;
            if (s.size() - pos < 2 || s[pos] != '\\' || s[pos + 1] != 'u')
                return false;
            pos += 2;
            if (!hex4(s, pos, low) || low < 0xdc00 || low > 0xdfff)
                return false;
            cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        } else if (cp >= 0xdc00 && cp <= 0xdfff) {
            return false;
        }
        return true;
    }
    default:
        return false;
    }
}

void appendUtf8(std::string &out, std::uint32_t cp)
{
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    } else {
        out.push_back(static_cast<char>(0xf0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    }
}

constexpr std::uint64_t kOnes = 0x0101010101010101ull;

bool specialInString(unsigned char c)
{
    return c == '"' || c == '\\' || c < 0x20 || c >= 0x80;
}

#if defined(__SSE2__)
// 0xff in each of the 16 bytes at `p` that ends a plain run inside a JSON string: a quote, a
// backslash, a control character or a non-ASCII byte.
__m128i stringSpecials(const char *p)
{
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
    // A signed compare: bytes ≥ 0x80 are negative, so one test finds control and non-ASCII bytes.
    return _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
        _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
}
#endif

// Offset of the first byte at or after `i` that ends a plain run inside a JSON string: a quote,
// a backslash, a control character or a non-ASCII byte; s.size() when there is none. Build log
// lines are long runs of plain ASCII, so this looks at 16 bytes a step (SSE2), or 8 (SWAR).
std::size_t findStringSpecial(std::string_view s, std::size_t i)
{
#if defined(__SSE2__)
    while (s.size() - i >= 16) {
        if (const auto mask = static_cast<unsigned>(_mm_movemask_epi8(stringSpecials(s.data() + i)));
            mask != 0)
            return i + static_cast<std::size_t>(std::countr_zero(mask));
        i += 16;
    }
#endif
    if constexpr (std::endian::native == std::endian::little) {
        constexpr std::uint64_t kHigh = 0x8080808080808080ull;
        while (s.size() - i >= 8) {
            std::uint64_t w;
            std::memcpy(&w, s.data() + i, 8);
            const std::uint64_t quote = w ^ (kOnes * '"');
            const std::uint64_t backslash = w ^ (kOnes * '\\');
            // High bit of a byte set when it is zero (quote/backslash), below 0x20, or ≥ 0x80.
            // Borrows only ever mark bytes above a real match, so the lowest mark is exact.
            const std::uint64_t mask =
                (((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash) | (w - kOnes * 0x20) | w) &
                kHigh;
            if (mask != 0)
                return i + static_cast<std::size_t>(std::countr_zero(mask)) / 8;
            i += 8;
        }
    }
    while (i < s.size() && !specialInString(static_cast<unsigned char>(s[i])))
        ++i;
    return i;
}

// Whether `s` holds none of the bytes findStringSpecial() stops at: most build log lines. Without
// a stop per block, this is quicker than finding the first such byte.
bool plainStringText(std::string_view s)
{
#if defined(__SSE2__)
    if (s.size() >= 16) {
        __m128i any = _mm_setzero_si128();
        for (std::size_t i = 0; s.size() - i >= 16; i += 16)
            any = _mm_or_si128(any, stringSpecials(s.data() + i));
        any = _mm_or_si128(any, stringSpecials(s.data() + s.size() - 16)); // the rest, overlapping
        return _mm_movemask_epi8(any) == 0;
    }
#endif
    return findStringSpecial(s, 0) == s.size();
}

// Whether the n bytes at `a` and `b` are equal: inlined 16-byte compares (the last one
// overlapping) where memcmp would be a call.
[[gnu::always_inline]] inline bool sameBytes(const char *a, const char *b, std::size_t n)
{
#if defined(__SSE2__)
    if (n >= 16) {
        const auto differs = [a, b](std::size_t at) {
            const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i *>(a + at));
            const __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i *>(b + at));
            return _mm_movemask_epi8(_mm_cmpeq_epi8(x, y)) != 0xffff;
        };
        for (std::size_t at = 0; n - at > 16; at += 16)
            if (differs(at))
                return false;
        return !differs(n - 16);
    }
#endif
    return std::memcmp(a, b, n) == 0;
}

// Where a JSON string whose content starts at s[i] ends: the index of its closing quote, or
// s.size() when the text ends first; npos when the content is not valid JSON (a bad escape, a
// lone surrogate, a raw control character) or not valid UTF-8.
std::size_t scanString(std::string_view s, std::size_t i)
{
    for (;;) {
        i = findStringSpecial(s, i);
        if (i >= s.size())
            return s.size();
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '"')
            return i;
        if (c == '\\') {
            // ESC, as colour codes are written: by far the most common escape in build logs.
            if (s.size() - i >= 6 && std::memcmp(s.data() + i, "\\u001b", 6) == 0) {
                i += 6;
                continue;
            }
            std::uint32_t cp = 0;
            ++i;
            if (!escape(s, i, cp))
                return std::string_view::npos;
        } else if (c < 0x20) {
            return std::string_view::npos;
        } else {
            const std::size_t n = TextCleaner::utf8SequenceLength(s, i);
            if (n == 0)
                return std::string_view::npos;
            i += n;
        }
    }
}

// A forward-only cursor over the fast-path shapes. Any surprise returns false and the line is
// re-parsed generically, so the fast path never decides a line is malformed.
class Cursor
{
public:
    explicit Cursor(std::string_view s) : m_s(s) {}

    // A fixed piece of the shape; its length is known at compile time, so the compare is inlined.
    template <std::size_t N> bool literal(const char (&lit)[N])
    {
        constexpr std::size_t n = N - 1;
        if (m_s.size() - m_pos < n || std::memcmp(m_s.data() + m_pos, lit, n) != 0)
            return false;
        m_pos += n;
        return true;
    }
    bool peek(char c) const { return m_pos < m_s.size() && m_s[m_pos] == c; }
    bool atEnd() const { return m_pos == m_s.size(); }
    const char *here() const { return m_s.data() + m_pos; }
    std::size_t position() const { return m_pos; }
    std::size_t left() const { return m_s.size() - m_pos; }
    void skip(std::size_t n) { m_pos += n; }

    // A JSON number the generic path reads as integer: no leading zeros ("01" is not JSON).
    template <typename Int> bool strictInteger(Int &value)
    {
        const std::size_t digit = m_pos + (peek('-') ? 1 : 0);
        if (m_s.size() - digit >= 2 && m_s[digit] == '0' && m_s[digit + 1] >= '0' && m_s[digit + 1] <= '9')
            return false;
        return integer(value);
    }

    // An integer as std::from_chars reads it (a float refused). The numbers Nix writes are short
    // (ids, counters, byte counts): a run of digits that cannot overflow `Int` is read in one
    // loop here; anything else (no digit, a longer run) goes to from_chars. Progress results are
    // four numbers, an id and a type: this is most of the parser's work on a substitution's log.
    template <typename Int> [[gnu::always_inline]] bool integer(Int &value)
    {
        constexpr std::ptrdiff_t kSafeDigits = std::numeric_limits<Int>::digits10; // cannot overflow Int
        const char *first = m_s.data() + m_pos;
        const char *last = m_s.data() + m_s.size();
        const bool negative = std::is_signed_v<Int> && first < last && *first == '-';
        const char *digits = first + (negative ? 1 : 0);
        const char *p = digits;
        std::uint64_t v = 0;
        if (AsciiDigits::kWordWise && last - digits >= 16) {
            // Up to 15 digits in two words (a line goes on after a number: "],…" or "}").
            const std::size_t n = AsciiDigits::read15(digits, v);
            if (n == 0 || n > 15 || static_cast<std::ptrdiff_t>(n) > kSafeDigits) // 16: longer, unread
                return fromChars(value);
            p = digits + n;
        } else {
            const char *safeEnd = last - digits > kSafeDigits ? digits + kSafeDigits : last;
            while (p < safeEnd && static_cast<unsigned char>(*p - '0') < 10) {
                v = v * 10 + static_cast<std::uint64_t>(*p - '0');
                ++p;
            }
            if (p == digits || (p < last && static_cast<unsigned char>(*p - '0') < 10))
                return fromChars(value);
        }
        if (p < last && (*p == '.' || *p == 'e' || *p == 'E'))
            return false; // a float: leave it to the generic parser
        value = negative ? static_cast<Int>(-static_cast<std::int64_t>(v)) : static_cast<Int>(v);
        m_pos += static_cast<std::size_t>(p - first);
        return true;
    }

    template <typename Int> [[gnu::noinline]] bool fromChars(Int &value)
    {
        const char *first = m_s.data() + m_pos;
        const char *last = m_s.data() + m_s.size();
        auto [ptr, ec] = std::from_chars(first, last, value);
        if (ec != std::errc() || ptr == first)
            return false;
        if (ptr < last && (*ptr == '.' || *ptr == 'e' || *ptr == 'E'))
            return false; // a float: leave it to the generic parser
        m_pos += static_cast<std::size_t>(ptr - first);
        return true;
    }

    // A JSON string (cursor on the opening quote), checked but not decoded: its escapes must be
    // valid (surrogates paired), it must hold no raw control character, and it must be valid
    // UTF-8 — so a line that passes needs no UTF-8 repair. Returns what lies between the quotes,
    // or a view without data when the string is not like that. (Returned, not written through a
    // reference: a caller reading a view just written in two halves stalls store forwarding.)
    std::string_view stringBody()
    {
        if (!peek('"'))
            return {};
        const std::size_t start = ++m_pos;
        const std::size_t end = scanString(m_s, start);
        if (end >= m_s.size()) // npos included
            return {};
        m_pos = end + 1;
        return m_s.substr(start, end - start);
    }

private:
    std::string_view m_s;
    std::size_t m_pos = 0;
};

bool isLogLine(int resultType)
{
    return resultType == static_cast<int>(ResultType::BuildLogLine) ||
           resultType == static_cast<int>(ResultType::PostBuildLogLine);
}

// Field `i` of `out` decoded from a string body, reusing the slot's string (and its capacity).
bool decodeField(LogEvent &out, std::size_t i, std::string_view body)
{
    auto *s = std::get_if<std::string>(&out.fields[i]);
    if (!s)
        s = &out.fields[i].emplace<std::string>();
    return LogEventParser::decodeEscapedText(body, *s);
}

// Field i of `out` set to a number, reusing the slot (most held a number before).
[[gnu::always_inline]] inline void setNumberField(LogEvent &out, std::size_t i, std::int64_t v)
{
    if (i == out.fields.size())
        out.fields.emplace_back();
    if (auto *slot = std::get_if<std::int64_t>(&out.fields[i]))
        *slot = v;
    else
        out.fields[i] = v;
}

// A field list of non-negative integers that ends within 32 bytes ("65536,4194584,0,0]"), the
// shape of every progress result (a substitution's log is nearly all of them): its commas and
// end found by two 16-byte compares, each number converted by AsciiDigits::value8. The cursor is left on
// the `]`. False, with the cursor unmoved, for any other list (negative numbers, strings, longer);
// the general loop reads it then. Accepts what that loop accepts (leading zeros included).
bool smallIntegers(Cursor &c, LogEvent &out, std::size_t &n)
{
#if defined(__SSE2__)
    if constexpr (std::endian::native == std::endian::little) {
        // 32 bytes to compare, and 8 readable from each number's start (at most byte 30).
        if (c.left() < 40)
            return false;
        const char *p = c.here();
        const __m128i lo = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        const __m128i hi = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + 16));
        // One bit per byte of the 32, for the bytes a compare marks.
        const auto mask = [&lo, &hi](auto compare) {
            return static_cast<unsigned>(_mm_movemask_epi8(compare(lo))) |
                   (static_cast<unsigned>(_mm_movemask_epi8(compare(hi))) << 16);
        };
        const unsigned close = mask([](__m128i x) { return _mm_cmpeq_epi8(x, _mm_set1_epi8(']')); });
        if (close == 0)
            return false;
        const unsigned end = static_cast<unsigned>(std::countr_zero(close));
        const unsigned before = (1u << end) - 1;
        const unsigned digits = mask([](__m128i x) {
            return _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
                                 _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
        });
        const unsigned commas =
            mask([](__m128i x) { return _mm_cmpeq_epi8(x, _mm_set1_epi8(',')); }) & before;
        // Only digits and commas before the `]`; no number empty (a separator first or two in a row).
        const unsigned separators = commas | (1u << end);
        if (end == 0 || ((digits | commas) & before) != before || (separators & 1) ||
            (separators & (separators >> 1)))
            return false;
        static constexpr std::uint64_t kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000};
        std::size_t count = 0;
        unsigned start = 0;
        for (unsigned rest = separators; rest != 0; rest &= rest - 1) {
            const unsigned sep = static_cast<unsigned>(std::countr_zero(rest));
            const unsigned len = sep - start;
            if (len > 15) // more than two words (and could overflow): the general loop
                return false;
            if (len == 1) { // a progress result's trailing zeros, mostly
                setNumberField(out, count++, p[start] - '0');
                start = sep + 1;
                continue;
            }
            std::uint64_t word = 0;
            std::memcpy(&word, p + start, 8);
            std::uint64_t value = AsciiDigits::value8(word, len < 8 ? len : 8);
            if (len > 8) {
                std::memcpy(&word, p + start + 8, 8);
                value = value * kPow10[len - 8] + AsciiDigits::value8(word, len - 8);
            }
            setNumberField(out, count++, static_cast<std::int64_t>(value));
            start = sep + 1;
        }
        n = count;
        c.skip(end);
        return true;
    }
#endif
    (void)c;
    (void)out;
    (void)n;
    return false;
}

// The items of a field list (cursor after its `[`, left on the `]`) into out.fields[0, n); the
// vector may hold more slots afterwards, kept for their capacity. With `firstBody`, a string
// first field is only checked and its body handed back, to be decoded later if at all.
bool fieldList(Cursor &c, LogEvent &out, bool strictNumbers, std::string_view *firstBody, std::size_t &n)
{
    n = 0;
    if (c.peek(']'))
        return true;
    if (!strictNumbers && smallIntegers(c, out, n))
        return true;
    for (;;) {
        if (n == out.fields.size())
            out.fields.emplace_back();
        if (c.peek('"')) {
            const std::string_view body = c.stringBody();
            if (!body.data())
                return false;
            if (n == 0 && firstBody)
                *firstBody = body;
            else if (!decodeField(out, n, body))
                return false;
        } else {
            std::int64_t v = 0;
            if (!(strictNumbers ? c.strictInteger(v) : c.integer(v)))
                return false;
            setNumberField(out, n, v);
        }
        ++n;
        if (!c.literal(","))
            return true;
    }
}

// SAX adapter: builds the DOM like json::parse but keeps the parser's error message, so a
// malformed line can say what was wrong without any exception being thrown.
class DiagnosingSax
{
public:
    explicit DiagnosingSax(json &root) : m_dom(root, false) {}

    bool null() { return m_dom.null(); }
    bool boolean(bool v) { return m_dom.boolean(v); }
    bool number_integer(json::number_integer_t v) { return m_dom.number_integer(v); }
    bool number_unsigned(json::number_unsigned_t v) { return m_dom.number_unsigned(v); }
    bool number_float(json::number_float_t v, const std::string &s) { return m_dom.number_float(v, s); }
    bool string(std::string &v) { return m_dom.string(v); }
    bool binary(json::binary_t &v) { return m_dom.binary(v); }
    bool start_object(std::size_t n) { return m_dom.start_object(n); }
    bool key(std::string &k) { return m_dom.key(k); }
    bool end_object() { return m_dom.end_object(); }
    bool start_array(std::size_t n) { return m_dom.start_array(n); }
    bool end_array() { return m_dom.end_array(); }

    template <class Exception>
    bool parse_error(std::size_t position, const std::string &, const Exception &ex)
    {
        std::string what = ex.what();
        // "[json.exception.parse_error.101] parse error at line 1, column 7: …" → keep from "column".
        if (const auto at = what.find("column "); at != std::string::npos)
            what = what.substr(at);
        m_error = "invalid JSON at " + what;
        m_position = position;
        return false;
    }

    const std::string &error() const { return m_error; }

private:
    nlohmann::detail::json_sax_dom_parser<json> m_dom;
    std::string m_error;
    std::size_t m_position = 0;
};

bool toField(const json &v, LogField &out)
{
    if (v.is_number_unsigned()) {
        out = static_cast<std::int64_t>(v.get<std::uint64_t>());
    } else if (v.is_number_integer()) {
        out = v.get<std::int64_t>();
    } else if (v.is_string()) {
        out = v.get<std::string>();
    } else {
        out = v.dump(); // floats, booleans, null: kept as text rather than dropped
    }
    return true;
}

std::optional<std::uint64_t> optionalId(const json &obj, const char *key)
{
    const auto it = obj.find(key);
    if (it == obj.end() || !it->is_number_integer())
        return std::nullopt;
    return it->get<std::uint64_t>();
}

std::optional<int> optionalInt(const json &obj, const char *key)
{
    const auto it = obj.find(key);
    if (it == obj.end() || !it->is_number_integer())
        return std::nullopt;
    return it->get<int>();
}

void resetEvent(LogEvent &e)
{
    e.kind = LogEvent::Kind::Output;
    e.id = 0;
    e.type = 0;
    e.level = 0;
    e.parent.reset();
    e.text.clear();
    // e.fields is not cleared here: the fast path reuses its strings' capacity (each parse sets it).
    e.rawMsg.clear();
    e.file.reset();
    e.fileLine.reset();
    e.column.reset();
    e.problem.clear();
    e.repairedUtf8 = false;
    e.escapedLogText.reset();
}

// Field by field: one 16-byte copy of an optional its caller has just written in parts stalls
// store forwarding (measured: a tenth of the parser's own time).
void setTime(std::optional<std::int64_t> &to, const std::optional<std::int64_t> &from)
{
    if (from)
        to = *from;
    else
        to.reset();
}

// Nix ≥ 2.20 writes a message's position into its `file` too ("/x/type.nix:7:20" beside
// "line":7,"column":20; "«none»:0" with line and column 0 when there is no position): the file is
// the part before it. A suffix that disagrees with the line/column fields is part of the name;
// missing fields are taken from it. No position at all leaves no file, line or column.
void takePosition(std::optional<std::string> &file, std::optional<int> &line, std::optional<int> &column)
{
    std::string &f = *file;
    // The number ending at `end` after a ':' (at most 9 digits: no overflow), and where it starts.
    const auto number = [&f](std::size_t end, std::size_t &start) -> std::optional<int> {
        start = end;
        while (start > 0 && end - start < 9 && f[start - 1] >= '0' && f[start - 1] <= '9')
            --start;
        if (start == end || start < 2 || f[start - 1] != ':')
            return std::nullopt;
        return std::stoi(f.substr(start, end - start));
    };
    std::size_t lastStart = 0, firstStart = 0;
    const auto last = number(f.size(), lastStart);
    const auto first = last ? number(lastStart - 1, firstStart) : std::nullopt;
    if (first && (!line || *line == *first) && (!column || *column == *last)) { // "file:line:column"
        f.resize(firstStart - 1);
        line = first;
        column = last;
    } else if (last && (!line || *line == *last) && (!column || *column == 0)) { // "file:line"
        f.resize(lastStart - 1);
        line = last;
    }
    if (f == "«none»") {
        file.reset();
        line.reset();
        column.reset();
    }
}

void malformed(LogEvent &e, std::string problem)
{
    e.kind = LogEvent::Kind::Malformed;
    e.problem = std::move(problem);
}

} // namespace

void LogEventParser::parse(const RawLine &line, std::string_view lineText,
                           const std::optional<std::int64_t> &arrivalUs, LogEvent &out)
{
    resetEvent(out);
    out.line = line.number;
    setTime(out.timeUs, arrivalUs);

    // The fast path checks UTF-8 as it goes (it takes only ASCII outside strings and valid UTF-8
    // inside them), so a common line is read once. Whatever it refuses, invalid UTF-8 included,
    // goes the careful way below: repair first, then the fast path again on repaired text, then
    // nlohmann.
    const bool jsonLine = lineText.substr(0, kPrefix.size()) == kPrefix && !line.truncated;
    if (jsonLine) {
        if (parseFast(lineText.substr(kPrefix.size()), out)) {
            ++m_fastHits;
            return;
        }
        resetEvent(out);
        out.line = line.number;
        setTime(out.timeUs, arrivalUs);
    }

    std::string_view text = lineText;
    bool repaired = false;
    std::string utf8Problem;
    if (const auto bad = TextCleaner::firstInvalidUtf8(text); bad != std::string_view::npos) {
        // Kept in the parser: a deferred log line's text points into it.
        m_repaired = TextCleaner::repairUtf8(text);
        text = m_repaired;
        repaired = true;
        utf8Problem = "invalid UTF-8 at byte " + std::to_string(bad + 1) + " (replaced with U+FFFD)";
        out.repairedUtf8 = true;
        out.problem = utf8Problem;
    }

    if (text.substr(0, kPrefix.size()) != kPrefix) {
        out.fields.clear();
        out.kind = LogEvent::Kind::Output;
        out.text.assign(text);
        return;
    }
    const std::string_view payload = text.substr(kPrefix.size());
    if (line.truncated) {
        out.fields.clear();
        malformed(out, "line is " + std::to_string(line.originalBytes) + " bytes long; only the first " +
                           std::to_string(lineText.size()) + " were kept, so its JSON is cut off");
        return;
    }
    // Unrepaired text already failed the fast path above; repaired text may pass it now.
    if (repaired && parseFast(payload, out)) {
        ++m_fastHits;
        return;
    }
    resetEvent(out);
    out.fields.clear();
    out.line = line.number;
    setTime(out.timeUs, arrivalUs);
    if (!utf8Problem.empty()) {
        out.repairedUtf8 = true;
        out.problem = utf8Problem;
    }
    parseGeneric(payload, out);
    if (out.kind == LogEvent::Kind::Malformed && line.unterminated)
        out.problem = "last line is cut off (no final newline): " + out.problem;
}

bool LogEventParser::decodeEscapedText(std::string_view body, std::string &out)
{
    out.clear();
    std::size_t pos = 0;
    while (pos < body.size()) {
        // Copy the run up to the next backslash in one go.
        const auto *backslash =
            static_cast<const char *>(std::memchr(body.data() + pos, '\\', body.size() - pos));
        const std::size_t at = backslash ? static_cast<std::size_t>(backslash - body.data()) : body.size();
        out.append(body.data() + pos, at - pos);
        if (!backslash)
            break;
        pos = at + 1;
        std::uint32_t cp = 0;
        if (!escape(body, pos, cp))
            return false;
        appendUtf8(out, cp);
    }
    return true;
}

bool LogEventParser::parseFast(std::string_view json, LogEvent &out)
{
    if (repeatsLogLine(json, out))
        return true;
    Cursor c(json);
    if (c.literal(R"({"action":"result","fields":[)")) {
        // Field 0's text waits until the type says whether it is a log line (deferred or not).
        std::string_view firstBody;
        std::size_t n = 0;
        if (!fieldList(c, out, false, &firstBody, n))
            return false;
        // The rest, `],"id":…,"type":…}`, is the same for every result of one activity: seen
        // lately, its id and type come from a compare instead of two numbers read.
        const std::string_view rest = json.substr(c.position());
        ResultEnding *seen =
            rest.size() >= 14 && rest.size() <= kMaxResultEnding
                ? &m_resultEndings[(static_cast<unsigned char>(rest[rest.size() - 13]) * 31u +
                                    static_cast<unsigned char>(rest[rest.size() - 14])) %
                                   kResultEndings]
                : nullptr;
        if (seen && seen->text.size() == rest.size() &&
            sameBytes(seen->text.data(), rest.data(), rest.size())) {
            out.id = seen->id;
            out.type = seen->type;
        } else {
            if (!c.literal(R"(],"id":)") || !c.integer(out.id))
                return false;
            if (!c.literal(R"(,"type":)") || !c.integer(out.type) || !c.literal("}") || !c.atEnd())
                return false;
            if (seen) {
                seen->text.assign(rest);
                seen->id = out.id;
                seen->type = out.type;
            }
        }
        out.kind = LogEvent::Kind::Result;
        if (firstBody.data() && n == 1) {
            // The line after its text: the same for every log line of one build until another
            // build logs; repeatsLogLine() takes the lines that end so.
            const std::size_t end =
                static_cast<std::size_t>(firstBody.data() - json.data()) + firstBody.size();
            if (json.size() - end <= kMaxLogLineEnding) {
                m_logLineEnding.assign(json.substr(end));
                m_logLineId = out.id;
                m_logLineType = out.type;
            }
        }
        if (firstBody.data()) {
            if (m_deferLogText && n == 1 && isLogLine(out.type)) {
                out.fields.clear();
                out.escapedLogText = firstBody;
                return true;
            }
            if (!decodeField(out, 0, firstBody))
                return false;
        }
        out.fields.resize(n);
        return true;
    }
    out.fields.clear();
    if (c.literal(R"({"action":"stop","id":)")) {
        if (!c.integer(out.id) || !c.literal("}") || !c.atEnd())
            return false;
        out.kind = LogEvent::Kind::Stop;
        return true;
    }
    // `start` and `msg` as Nix writes them (keys in order, no optional extras in a msg); the
    // generic path decides the same for these shapes, numbers with leading zeros included (which
    // nlohmann refuses, so strictNumbers refuses them here too).
    if (c.literal(R"({"action":"start",)")) {
        std::size_t n = 0;
        if (c.literal(R"("fields":[)")) {
            if (!fieldList(c, out, true, nullptr, n) || !c.literal("],"))
                return false;
        }
        out.fields.resize(n);
        std::uint64_t parent = 0;
        std::string_view body;
        if (!c.literal(R"("id":)") || !c.strictInteger(out.id) || !c.literal(R"(,"level":)") ||
            !c.strictInteger(out.level))
            return false;
        if (c.literal(R"(,"parent":)")) {
            if (!c.strictInteger(parent))
                return false;
            out.parent = parent;
        }
        if (!c.literal(R"(,"text":)") || !(body = c.stringBody()).data() || !c.literal(R"(,"type":)") ||
            !c.strictInteger(out.type) || !c.literal("}") || !c.atEnd() || !cleanText(body, out.text))
            return false;
        out.kind = LogEvent::Kind::Start;
        return true;
    }
    if (c.literal(R"({"action":"msg","level":)")) {
        std::string_view body;
        if (!c.strictInteger(out.level) || !c.literal(R"(,"msg":)") || !(body = c.stringBody()).data() ||
            !c.literal("}") || !c.atEnd() || !cleanText(body, out.text))
            return false;
        out.kind = LogEvent::Kind::Msg;
        return true;
    }
    return false;
}

// A result line with one string field whose ending (from the quote closing that string) is
// exactly the last such line's: the same id and type, so only the text is new. The general path
// would read this line the same way (its text, checked here whole, is a valid string that cannot
// end before that quote), but reading it is a string check and two compares.
bool LogEventParser::repeatsLogLine(std::string_view json, LogEvent &out)
{
    static constexpr std::string_view kHead = R"({"action":"result","fields":[")";
    const std::size_t ending = m_logLineEnding.size();
    if (ending == 0 || json.size() < kHead.size() + ending ||
        !sameBytes(json.data(), kHead.data(), kHead.size()) ||
        !sameBytes(json.data() + json.size() - ending, m_logLineEnding.data(), ending))
        return false;
    const std::string_view body = json.substr(kHead.size(), json.size() - ending - kHead.size());
    if (!plainStringText(body) && scanString(body, 0) != body.size())
        return false;
    out.kind = LogEvent::Kind::Result;
    out.id = m_logLineId;
    out.type = m_logLineType;
    if (m_deferLogText && isLogLine(out.type)) {
        out.fields.clear();
        out.escapedLogText = body;
        return true;
    }
    if (out.fields.empty())
        out.fields.emplace_back();
    if (!decodeField(out, 0, body))
        return false;
    out.fields.resize(1);
    return true;
}

bool LogEventParser::cleanText(std::string_view body, std::string &out)
{
    if (!decodeEscapedText(body, m_scratch))
        return false;
    if (TextCleaner::containsEscape(m_scratch))
        out = TextCleaner::stripAnsi(m_scratch);
    else
        out.assign(m_scratch);
    return true;
}

void LogEventParser::parseGeneric(std::string_view text, LogEvent &out)
{
    json j;
    DiagnosingSax sax(j);
    const bool ok =
        json::sax_parse(text.begin(), text.end(), &sax, nlohmann::detail::input_format_t::json, true);
    if (!ok) {
        malformed(out, sax.error().empty() ? std::string("invalid JSON") : sax.error());
        return;
    }
    if (!j.is_object()) {
        malformed(out, std::string("expected a JSON object after '@nix ', got ") + j.type_name());
        return;
    }
    const auto action = j.find("action");
    if (action == j.end() || !action->is_string()) {
        malformed(out, "no \"action\" string in the event");
        return;
    }
    const auto &name = action->get_ref<const std::string &>();

    auto needId = [&]() -> bool {
        const auto id = optionalId(j, "id");
        if (!id) {
            malformed(out, "\"" + name + "\" event without a numeric \"id\"");
            return false;
        }
        out.id = *id;
        return true;
    };
    auto readFields = [&]() -> bool {
        const auto f = j.find("fields");
        if (f == j.end())
            return true; // Nix omits empty field lists
        if (!f->is_array()) {
            malformed(out, "\"fields\" is not an array");
            return false;
        }
        out.fields.reserve(f->size());
        for (const auto &v : *f) {
            LogField field;
            toField(v, field);
            out.fields.push_back(std::move(field));
        }
        return true;
    };
    auto needType = [&]() -> bool {
        const auto t = optionalInt(j, "type");
        if (!t) {
            malformed(out, "\"" + name + "\" event without a numeric \"type\"");
            return false;
        }
        out.type = *t;
        return true;
    };

    if (name == "start") {
        if (!needId() || !needType() || !readFields())
            return;
        out.kind = LogEvent::Kind::Start;
        out.level = optionalInt(j, "level").value_or(0);
        out.parent = optionalId(j, "parent");
        if (const auto t = j.find("text"); t != j.end() && t->is_string())
            out.text = TextCleaner::stripAnsi(t->get_ref<const std::string &>());
    } else if (name == "stop") {
        if (!needId())
            return;
        out.kind = LogEvent::Kind::Stop;
    } else if (name == "result") {
        if (!needId() || !needType() || !readFields())
            return;
        out.kind = LogEvent::Kind::Result;
    } else if (name == "msg") {
        const auto m = j.find("msg");
        if (m == j.end() || !m->is_string()) {
            malformed(out, "\"msg\" event without a \"msg\" string");
            return;
        }
        out.kind = LogEvent::Kind::Msg;
        out.level = optionalInt(j, "level").value_or(0);
        out.text = TextCleaner::stripAnsi(m->get_ref<const std::string &>());
        if (const auto r = j.find("raw_msg"); r != j.end() && r->is_string())
            out.rawMsg = TextCleaner::stripAnsi(r->get_ref<const std::string &>());
        out.fileLine = optionalInt(j, "line");
        out.column = optionalInt(j, "column");
        if (const auto f = j.find("file"); f != j.end() && f->is_string()) {
            out.file = f->get<std::string>();
            takePosition(out.file, out.fileLine, out.column);
        }
    } else {
        malformed(out, "unknown action \"" + name + "\"");
    }
}

} // namespace flakeoff
