// SPDX-License-Identifier: MIT
#include "LogEventParser.h"

#include "NixTypes.h"
#include "TextCleaner.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <string>

namespace flakeoff {

namespace {

using json = nlohmann::json;

// A forward-only cursor over the fast-path shapes. Any surprise returns false and the line is
// re-parsed generically, so the fast path never decides a line is malformed.
class Cursor
{
public:
    explicit Cursor(std::string_view s) : m_s(s) {}

    bool literal(std::string_view lit)
    {
        if (m_s.substr(m_pos, lit.size()) != lit)
            return false;
        m_pos += lit.size();
        return true;
    }
    bool peek(char c) const { return m_pos < m_s.size() && m_s[m_pos] == c; }
    bool atEnd() const { return m_pos == m_s.size(); }

    template <typename Int> bool integer(Int &value)
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

    // A JSON string (cursor on the opening quote), unescaped into `out` as UTF-8.
    bool string(std::string &out)
    {
        if (!literal("\""))
            return false;
        out.clear();
        while (m_pos < m_s.size()) {
            // Copy the run up to the next quote or backslash in one go.
            std::size_t run = m_pos;
            while (run < m_s.size() && m_s[run] != '"' && m_s[run] != '\\') {
                if (static_cast<unsigned char>(m_s[run]) < 0x20)
                    return false;
                ++run;
            }
            out.append(m_s.data() + m_pos, run - m_pos);
            m_pos = run;
            if (m_pos >= m_s.size())
                return false;
            if (m_s[m_pos] == '"') {
                ++m_pos;
                return true;
            }
            if (++m_pos >= m_s.size())
                return false;
            const char e = m_s[m_pos++];
            switch (e) {
            case '"': out.push_back('"'); break;
            case '\\': out.push_back('\\'); break;
            case '/': out.push_back('/'); break;
            case 'b': out.push_back('\b'); break;
            case 'f': out.push_back('\f'); break;
            case 'n': out.push_back('\n'); break;
            case 'r': out.push_back('\r'); break;
            case 't': out.push_back('\t'); break;
            case 'u': {
                std::uint32_t cp = 0;
                if (!hex4(cp))
                    return false;
                if (cp >= 0xd800 && cp <= 0xdbff) {
                    std::uint32_t low = 0;
                    if (!literal("\\u") || !hex4(low) || low < 0xdc00 || low > 0xdfff)
                        return false;
                    cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
                } else if (cp >= 0xdc00 && cp <= 0xdfff) {
                    return false;
                }
                appendUtf8(out, cp);
                break;
            }
            default: return false;
            }
        }
        return false;
    }

private:
    bool hex4(std::uint32_t &cp)
    {
        if (m_pos + 4 > m_s.size())
            return false;
        for (int i = 0; i < 4; ++i) {
            const char c = m_s[m_pos++];
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
    static void appendUtf8(std::string &out, std::uint32_t cp)
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

    std::string_view m_s;
    std::size_t m_pos = 0;
};

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

    template <class Exception> bool parse_error(std::size_t position, const std::string &, const Exception &ex)
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
}

void malformed(LogEvent &e, std::string problem)
{
    e.kind = LogEvent::Kind::Malformed;
    e.problem = std::move(problem);
}

} // namespace

void LogEventParser::parse(const RawLine &line, LogEvent &out)
{
    resetEvent(out);
    out.line = line.number;
    out.timeUs = line.arrivalUs;

    std::string_view text = line.text;
    std::string repaired;
    std::string utf8Problem;
    if (const auto bad = TextCleaner::firstInvalidUtf8(text); bad != std::string_view::npos) {
        repaired = TextCleaner::repairUtf8(text);
        text = repaired;
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
                           std::to_string(line.text.size()) + " were kept, so its JSON is cut off");
        return;
    }
    if (parseFast(payload, out)) {
        ++m_fastHits;
        return;
    }
    resetEvent(out);
    out.fields.clear();
    out.line = line.number;
    out.timeUs = line.arrivalUs;
    if (!utf8Problem.empty()) {
        out.repairedUtf8 = true;
        out.problem = utf8Problem;
    }
    parseGeneric(payload, out);
    if (out.kind == LogEvent::Kind::Malformed && line.unterminated)
        out.problem = "last line is cut off (no final newline): " + out.problem;
}

bool LogEventParser::parseFast(std::string_view json, LogEvent &out)
{
    Cursor c(json);
    if (c.literal(R"({"action":"result","fields":[)")) {
        std::size_t n = 0;
        if (!c.peek(']')) {
            for (;;) {
                if (n == out.fields.size())
                    out.fields.emplace_back();
                LogField &field = out.fields[n++];
                if (c.peek('"')) {
                    // Reuse the slot's string (and its capacity) from the previous line.
                    auto *s = std::get_if<std::string>(&field);
                    if (!s)
                        s = &field.emplace<std::string>();
                    if (!c.string(*s))
                        return false;
                } else {
                    std::int64_t v = 0;
                    if (!c.integer(v))
                        return false;
                    field = v;
                }
                if (c.literal(","))
                    continue;
                break;
            }
        }
        out.fields.resize(n);
        if (!c.literal(R"(],"id":)") || !c.integer(out.id) || !c.literal(R"(,"type":)") || !c.integer(out.type) ||
            !c.literal("}") || !c.atEnd())
            return false;
        out.kind = LogEvent::Kind::Result;
        return true;
    }
    out.fields.clear();
    if (c.literal(R"({"action":"stop","id":)")) {
        if (!c.integer(out.id) || !c.literal("}") || !c.atEnd())
            return false;
        out.kind = LogEvent::Kind::Stop;
        return true;
    }
    return false;
}

void LogEventParser::parseGeneric(std::string_view text, LogEvent &out)
{
    json j;
    DiagnosingSax sax(j);
    const bool ok = json::sax_parse(text.begin(), text.end(), &sax, nlohmann::detail::input_format_t::json, true);
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
        if (const auto f = j.find("file"); f != j.end() && f->is_string())
            out.file = f->get<std::string>();
        out.fileLine = optionalInt(j, "line");
        out.column = optionalInt(j, "column");
    } else {
        malformed(out, "unknown action \"" + name + "\"");
    }
}

} // namespace flakeoff
