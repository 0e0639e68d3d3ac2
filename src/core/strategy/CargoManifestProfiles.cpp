// SPDX-License-Identifier: MIT
#include "CargoManifestProfiles.h"

#include <QRegularExpression>
#include <QStringList>

#include <vector>

namespace flakeoff {

namespace {

struct TomlValue
{
    enum class Type
    {
        Table,
        String,
        Integer,
        Float,
        Boolean,
        Datetime,
        Array
    };
    Type type = Type::Table;
    QString text; // String: the value; Float, Datetime: as written (a float without '_')
    qint64 integer = 0;
    bool boolean = false;
    std::vector<TomlValue> items;       // Array
    std::map<QString, TomlValue> table; // Table: sorted, like the toml crate's default map
    bool tableArray = false;            // an Array made by [[header]] sections
};

// TOML 1.0 documents, as far as Cargo.toml files use them; errors name the line.
class TomlReader
{
public:
    explicit TomlReader(const QString &text) : s(text) {}

    bool read(TomlValue &root)
    {
        TomlValue *current = &root;
        for (;;) {
            skipSpaceCommentsNewlines();
            if (at >= s.size())
                return true;
            if (peek() == QLatin1Char('[')) {
                const bool array = s.mid(at, 2) == QLatin1String("[[");
                at += array ? 2 : 1;
                QStringList path;
                if (!key(path))
                    return false;
                skipBlank();
                if (s.mid(at, array ? 2 : 1) != (array ? QLatin1String("]]") : QLatin1String("]")))
                    return fail(QStringLiteral("a table header's closing bracket was expected"));
                at += array ? 2 : 1;
                current = header(root, path, array);
                if (!current)
                    return false;
            } else {
                QStringList path;
                if (!key(path))
                    return false;
                skipBlank();
                if (peek() != QLatin1Char('='))
                    return fail(QStringLiteral("'=' was expected after a key"));
                ++at;
                skipBlank();
                TomlValue v;
                if (!value(v) || !insert(*current, path, std::move(v)))
                    return false;
            }
            skipBlank();
            if (peek() == QLatin1Char('#'))
                skipComment();
            if (at < s.size() && peek() != QLatin1Char('\n') && s.mid(at, 2) != QLatin1String("\r\n"))
                return fail(QStringLiteral("a new line was expected"));
        }
    }

    QString error;

private:
    QChar peek(qsizetype ahead = 0) const { return at + ahead < s.size() ? s.at(at + ahead) : QChar(); }

    bool fail(const QString &why)
    {
        if (error.isEmpty())
            error = QStringLiteral("line %1: %2").arg(s.left(at).count(QLatin1Char('\n')) + 1).arg(why);
        return false;
    }

    void skipBlank()
    {
        while (peek() == QLatin1Char(' ') || peek() == QLatin1Char('\t'))
            ++at;
    }
    void skipComment()
    {
        while (at < s.size() && peek() != QLatin1Char('\n'))
            ++at;
    }
    void skipSpaceCommentsNewlines()
    {
        for (;;) {
            skipBlank();
            if (peek() == QLatin1Char('#'))
                skipComment();
            else if (peek() == QLatin1Char('\n') || peek() == QLatin1Char('\r'))
                ++at;
            else
                return;
        }
    }

    bool simpleKey(QString &out)
    {
        skipBlank();
        if (peek() == QLatin1Char('"'))
            return basicString(out);
        if (peek() == QLatin1Char('\''))
            return literalString(out);
        const qsizetype start = at;
        while (peek().isLetterOrNumber() || peek() == QLatin1Char('_') || peek() == QLatin1Char('-'))
            ++at;
        if (at == start)
            return fail(QStringLiteral("a key was expected"));
        out = s.mid(start, at - start);
        return true;
    }

    bool key(QStringList &path)
    {
        for (;;) {
            QString part;
            if (!simpleKey(part))
                return false;
            path << part;
            skipBlank();
            if (peek() != QLatin1Char('.'))
                return true;
            ++at;
        }
    }

    TomlValue *header(TomlValue &root, const QStringList &path, bool array)
    {
        TomlValue *t = &root;
        for (qsizetype i = 0; i < path.size(); ++i) {
            const bool last = i + 1 == path.size();
            const bool isNew = t->table.find(path[i]) == t->table.end();
            TomlValue &next = t->table[path[i]];
            if (last && array) {
                if (isNew) {
                    next.type = TomlValue::Type::Array;
                    next.tableArray = true;
                }
                if (!next.tableArray) {
                    fail(QStringLiteral("'%1' is not an array of tables").arg(path.join(QLatin1Char('.'))));
                    return nullptr;
                }
                next.items.emplace_back();
                return &next.items.back();
            }
            if (next.type == TomlValue::Type::Array && next.tableArray && !next.items.empty()) {
                t = &next.items.back();
                continue;
            }
            if (next.type != TomlValue::Type::Table) {
                fail(QStringLiteral("'%1' is not a table").arg(path.mid(0, i + 1).join(QLatin1Char('.'))));
                return nullptr;
            }
            t = &next;
        }
        return t;
    }

    bool insert(TomlValue &table, const QStringList &path, TomlValue v)
    {
        TomlValue *t = &table;
        for (qsizetype i = 0; i + 1 < path.size(); ++i) {
            t = &t->table[path[i]];
            if (t->type != TomlValue::Type::Table)
                return fail(
                    QStringLiteral("'%1' is not a table").arg(path.mid(0, i + 1).join(QLatin1Char('.'))));
        }
        if (t->table.count(path.back()))
            return fail(QStringLiteral("'%1' is defined twice").arg(path.join(QLatin1Char('.'))));
        t->table.emplace(path.back(), std::move(v));
        return true;
    }

    bool escape(QString &out)
    {
        ++at; // the backslash
        const QChar c = peek();
        ++at;
        switch (c.unicode()) {
        case 'b':
            out += QChar(0x08);
            return true;
        case 't':
            out += QLatin1Char('\t');
            return true;
        case 'n':
            out += QLatin1Char('\n');
            return true;
        case 'f':
            out += QChar(0x0c);
            return true;
        case 'r':
            out += QLatin1Char('\r');
            return true;
        case 'e':
            out += QChar(0x1b);
            return true;
        case '"':
            out += QLatin1Char('"');
            return true;
        case '\\':
            out += QLatin1Char('\\');
            return true;
        case 'x':
        case 'u':
        case 'U': {
            const int digits = c == QLatin1Char('x') ? 2 : c == QLatin1Char('u') ? 4 : 8;
            bool ok = false;
            const uint code = s.mid(at, digits).toUInt(&ok, 16);
            if (!ok || s.mid(at, digits).size() != digits)
                return fail(QStringLiteral("a bad \\%1 escape").arg(c));
            at += digits;
            const char32_t ch = code;
            out += QString::fromUcs4(&ch, 1);
            return true;
        }
        default:
            return fail(QStringLiteral("an unknown escape '\\%1'").arg(c));
        }
    }

    bool basicString(QString &out)
    {
        const bool multi = s.mid(at, 3) == QLatin1String("\"\"\"");
        at += multi ? 3 : 1;
        if (multi && peek() == QLatin1Char('\n'))
            ++at;
        else if (multi && s.mid(at, 2) == QLatin1String("\r\n"))
            at += 2;
        for (;;) {
            if (at >= s.size())
                return fail(QStringLiteral("a string is not closed"));
            const QChar c = peek();
            if (multi && s.mid(at, 3) == QLatin1String("\"\"\"")) {
                qsizetype run = 3; // up to two quotes may end the text right before the closing three
                while (peek(run) == QLatin1Char('"'))
                    ++run;
                if (run > 5)
                    return fail(QStringLiteral("too many quotes end a string"));
                out += QString(run - 3, QLatin1Char('"'));
                at += run;
                return true;
            }
            if (!multi && c == QLatin1Char('"')) {
                ++at;
                return true;
            }
            if (!multi && c == QLatin1Char('\n'))
                return fail(QStringLiteral("a string is not closed on its line"));
            if (c == QLatin1Char('\\')) {
                if (multi) { // a line-ending backslash joins lines
                    qsizetype j = at + 1;
                    while (j < s.size() && (s.at(j) == QLatin1Char(' ') || s.at(j) == QLatin1Char('\t')))
                        ++j;
                    if (j < s.size() && (s.at(j) == QLatin1Char('\n') || s.at(j) == QLatin1Char('\r'))) {
                        at = j;
                        while (peek().isSpace())
                            ++at;
                        continue;
                    }
                }
                if (!escape(out))
                    return false;
                continue;
            }
            out += c;
            ++at;
        }
    }

    bool literalString(QString &out)
    {
        const bool multi = s.mid(at, 3) == QLatin1String("'''");
        at += multi ? 3 : 1;
        if (multi && peek() == QLatin1Char('\n'))
            ++at;
        else if (multi && s.mid(at, 2) == QLatin1String("\r\n"))
            at += 2;
        const QString close = multi ? QStringLiteral("'''") : QStringLiteral("'");
        const qsizetype end = s.indexOf(close, at);
        if (end < 0 || (!multi && s.mid(at, end - at).contains(QLatin1Char('\n'))))
            return fail(QStringLiteral("a string is not closed"));
        out = s.mid(at, end - at);
        at = end + close.size();
        return true;
    }

    bool value(TomlValue &out)
    {
        const QChar c = peek();
        if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            out.type = TomlValue::Type::String;
            return c == QLatin1Char('"') ? basicString(out.text) : literalString(out.text);
        }
        if (c == QLatin1Char('[')) {
            ++at;
            out.type = TomlValue::Type::Array;
            for (;;) {
                skipSpaceCommentsNewlines();
                if (peek() == QLatin1Char(']')) {
                    ++at;
                    return true;
                }
                TomlValue item;
                if (!value(item))
                    return false;
                out.items.push_back(std::move(item));
                skipSpaceCommentsNewlines();
                if (peek() == QLatin1Char(','))
                    ++at;
                else if (peek() != QLatin1Char(']'))
                    return fail(QStringLiteral("',' or ']' was expected in an array"));
            }
        }
        if (c == QLatin1Char('{')) {
            ++at;
            out.type = TomlValue::Type::Table;
            skipBlank();
            if (peek() == QLatin1Char('}')) {
                ++at;
                return true;
            }
            for (;;) {
                QStringList path;
                if (!key(path))
                    return false;
                skipBlank();
                if (peek() != QLatin1Char('='))
                    return fail(QStringLiteral("'=' was expected in an inline table"));
                ++at;
                skipBlank();
                TomlValue v;
                if (!value(v) || !insert(out, path, std::move(v)))
                    return false;
                skipBlank();
                if (peek() == QLatin1Char('}')) {
                    ++at;
                    return true;
                }
                if (peek() != QLatin1Char(','))
                    return fail(QStringLiteral("',' or '}' was expected in an inline table"));
                ++at;
            }
        }
        return scalar(out);
    }

    bool scalar(TomlValue &out)
    {
        const qsizetype start = at;
        while (peek().isLetterOrNumber() || QStringLiteral("_+-.:").contains(peek()) ||
               (peek() == QLatin1Char(' ') && peek(1).isDigit() && at - start == 10)) // date time
            ++at;
        const QString token = s.mid(start, at - start);
        if (token.isEmpty())
            return fail(QStringLiteral("a value was expected"));
        static const QRegularExpression date(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}|^\\d{2}:\\d{2}"));
        static const QRegularExpression integer(QStringLiteral("^[+-]?(0|[1-9](_?\\d)*)$"));
        static const QRegularExpression prefixed(QStringLiteral("^0([xob])([0-9A-Fa-f_]+)$"));
        static const QRegularExpression number(
            QStringLiteral("^[+-]?(\\d(_?\\d)*)(\\.\\d(_?\\d)*)?([eE][+-]?\\d(_?\\d)*)?$|^[+-]?(inf|nan)$"));
        if (token == QLatin1String("true") || token == QLatin1String("false")) {
            out.type = TomlValue::Type::Boolean;
            out.boolean = token == QLatin1String("true");
            return true;
        }
        if (date.match(token).hasMatch()) {
            out.type = TomlValue::Type::Datetime;
            out.text = token;
            return true;
        }
        bool ok = false;
        if (integer.match(token).hasMatch()) {
            out.type = TomlValue::Type::Integer;
            out.integer = QString(token).remove(QLatin1Char('_')).toLongLong(&ok);
        } else if (const auto m = prefixed.match(token); m.hasMatch()) {
            out.type = TomlValue::Type::Integer;
            const int base = m.captured(1) == QLatin1String("x")   ? 16
                             : m.captured(1) == QLatin1String("o") ? 8
                                                                   : 2;
            out.integer = m.captured(2).remove(QLatin1Char('_')).toLongLong(&ok, base);
        } else if (number.match(token).hasMatch()) {
            out.type = TomlValue::Type::Float;
            out.text = QString(token).remove(QLatin1Char('_'));
            if (out.text.startsWith(QLatin1Char('+')))
                out.text.remove(0, 1); // the toml crate writes floats without a plus sign
            ok = true;
        }
        return ok || fail(QStringLiteral("'%1' is not a TOML value").arg(token));
    }

    const QString &s;
    qsizetype at = 0;
};

// A basic string ("…") with toml_edit's escapes; keys that are not bare are always written so.
QString basicQuoted(const QString &text)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : text) {
        switch (c.unicode()) {
        case 0x08:
            out += QStringLiteral("\\b");
            break;
        case '\t':
            out += QStringLiteral("\\t");
            break;
        case '\n':
            out += QStringLiteral("\\n");
            break;
        case 0x0c:
            out += QStringLiteral("\\f");
            break;
        case '\r':
            out += QStringLiteral("\\r");
            break;
        case '"':
            out += QStringLiteral("\\\"");
            break;
        case '\\':
            out += QStringLiteral("\\\\");
            break;
        default:
            if (c.unicode() <= 0x1f || c.unicode() == 0x7f)
                out += QStringLiteral("\\u") +
                       QStringLiteral("%1").arg(c.unicode(), 4, 16, QLatin1Char('0')).toUpper();
            else
                out += c;
        }
    }
    return out + QLatin1Char('"');
}

// toml_edit's choice of form for a string value: literal ('…') when the text has a backslash and
// nothing that would need an escape, else basic.
QString tomlString(const QString &text)
{
    bool literal = text.contains(QLatin1Char('\\')) && !text.endsWith(QLatin1Char('\'')) &&
                   !text.contains(QLatin1String("'''"));
    for (const QChar c : text)
        literal = literal && (c == QLatin1Char('\t') || c.unicode() > 0x1f) && c.unicode() != 0x7f;
    if (!literal)
        return basicQuoted(text);
    return text.contains(QLatin1Char('\'')) ? QStringLiteral("'''%1'''").arg(text)
                                            : QStringLiteral("'%1'").arg(text);
}

QString tomlKey(const QString &key)
{
    static const QRegularExpression bare(QStringLiteral("^[A-Za-z0-9_-]+$"));
    return bare.match(key).hasMatch() ? key : basicQuoted(key);
}

QString inlineValue(const TomlValue &v)
{
    switch (v.type) {
    case TomlValue::Type::String:
        return tomlString(v.text);
    case TomlValue::Type::Integer:
        return QString::number(v.integer);
    case TomlValue::Type::Boolean:
        return v.boolean ? QStringLiteral("true") : QStringLiteral("false");
    case TomlValue::Type::Float:
    case TomlValue::Type::Datetime:
        return v.text;
    case TomlValue::Type::Array: {
        QStringList items;
        for (const TomlValue &item : v.items)
            items << inlineValue(item);
        return QLatin1Char('[') + items.join(QStringLiteral(", ")) + QLatin1Char(']');
    }
    case TomlValue::Type::Table: {
        if (v.table.empty())
            return QStringLiteral("{}");
        QStringList entries;
        for (const auto &[k, item] : v.table)
            entries << tomlKey(k) + QStringLiteral(" = ") + inlineValue(item);
        return QStringLiteral("{ ") + entries.join(QStringLiteral(", ")) + QStringLiteral(" }");
    }
    }
    return {};
}

bool isSection(const TomlValue &v)
{
    return v.type == TomlValue::Type::Table;
}

// One table and its nested tables, depth first, as toml 0.8 lays a document out.
void writeTable(const TomlValue &table, const QStringList &path, QString &out, bool &first)
{
    QString values;
    for (const auto &[k, v] : table.table)
        if (!isSection(v))
            values += tomlKey(k) + QStringLiteral(" = ") + inlineValue(v) + QLatin1Char('\n');
    if (path.isEmpty()) {
        first = first && values.isEmpty();
        out += values;
    } else if (!values.isEmpty() || table.table.empty()) {
        if (!first)
            out += QLatin1Char('\n');
        first = false;
        QStringList keys;
        for (const QString &p : path)
            keys << tomlKey(p);
        out += QLatin1Char('[') + keys.join(QLatin1Char('.')) + QStringLiteral("]\n") + values;
    }
    for (const auto &[k, v] : table.table)
        if (isSection(v))
            writeTable(v, path + QStringList{k}, out, first);
}

bool hasTableArrays(const TomlValue &v)
{
    if (v.type == TomlValue::Type::Array)
        for (const TomlValue &item : v.items)
            if (item.type == TomlValue::Type::Table)
                return true;
    for (const auto &[k, item] : v.table)
        if (hasTableArrays(item))
            return true;
    return false;
}

} // namespace

std::optional<std::map<QString, QString>> CargoManifestProfiles::read(const QByteArray &manifest,
                                                                      QString &error)
{
    const QString text = QString::fromUtf8(manifest);
    TomlValue root;
    TomlReader reader(text);
    if (!reader.read(root)) {
        error = reader.error;
        return std::nullopt;
    }
    std::map<QString, QString> profiles;
    const auto profile = root.table.find(QStringLiteral("profile"));
    if (profile == root.table.end() || profile->second.type != TomlValue::Type::Table)
        return profiles;
    for (const auto &[name, table] : profile->second.table)
        if (table.type != TomlValue::Type::Table)
            return profiles; // not a table of tables: cargo2nix's reader gives up, so none
    for (auto [name, table] : profile->second.table) {
        if (name == QLatin1String("test") || name == QLatin1String("bench"))
            table.table.erase(QStringLiteral("panic")); // cargo ignores it there
        if (hasTableArrays(table)) {
            error = QStringLiteral("profile.%1 holds an array of tables, which this reader does not write")
                        .arg(name);
            return std::nullopt;
        }
        QString out;
        bool first = true;
        writeTable(table, {}, out, first);
        profiles.emplace(name, out);
    }
    return profiles;
}

} // namespace flakeoff
