// SPDX-License-Identifier: MIT
#include "CargoPlatform.h"

namespace flakeoff {

// Recursive descent over cargo-platform's grammar:
//   cfg(EXPR);  EXPR = not(EXPR) | all(EXPR, …) | any(EXPR, …) | IDENT | IDENT = "VALUE"
struct CargoPlatform::Parser
{
    const QString &text;
    qsizetype at = 0;
    QString error;

    void skipSpace()
    {
        while (at < text.size() && text.at(at).isSpace())
            ++at;
    }
    bool eat(QChar c)
    {
        skipSpace();
        if (at < text.size() && text.at(at) == c) {
            ++at;
            return true;
        }
        return false;
    }
    QString identifier()
    {
        skipSpace();
        const qsizetype start = at;
        while (at < text.size() && (text.at(at).isLetterOrNumber() || text.at(at) == QLatin1Char('_')))
            ++at;
        return text.mid(start, at - start);
    }
    bool fail(const QString &why)
    {
        if (error.isEmpty())
            error = QStringLiteral("%1 (at column %2 of '%3')").arg(why).arg(at + 1).arg(text);
        return false;
    }
    bool expression(CargoPlatform &out)
    {
        const QString id = identifier();
        if (id.isEmpty())
            return fail(QStringLiteral("a cfg name was expected"));
        const bool list = id == QLatin1String("all") || id == QLatin1String("any");
        if ((list || id == QLatin1String("not")) && eat(QLatin1Char('('))) {
            out.m_kind = id == QLatin1String("not")   ? Kind::Not
                         : id == QLatin1String("all") ? Kind::All
                                                      : Kind::Any;
            while (!eat(QLatin1Char(')'))) {
                if (!out.m_operands.empty() && !eat(QLatin1Char(',')))
                    return fail(QStringLiteral("',' or ')' was expected"));
                if (eat(QLatin1Char(')')))
                    break; // a trailing comma
                CargoPlatform operand;
                if (!expression(operand))
                    return false;
                out.m_operands.push_back(std::move(operand));
            }
            if (out.m_kind == Kind::Not && out.m_operands.size() != 1)
                return fail(QStringLiteral("not() takes exactly one operand"));
            return true;
        }
        out.m_key = id;
        if (!eat(QLatin1Char('='))) {
            out.m_kind = Kind::Ident;
            return true;
        }
        out.m_kind = Kind::KeyPair;
        if (!eat(QLatin1Char('"')))
            return fail(QStringLiteral("a quoted value was expected"));
        const qsizetype close = text.indexOf(QLatin1Char('"'), at);
        if (close < 0)
            return fail(QStringLiteral("the value's closing quote is missing"));
        out.m_value = text.mid(at, close - at);
        at = close + 1;
        return true;
    }
};

std::optional<CargoPlatform> CargoPlatform::parse(const QString &text, QString &error)
{
    const QString trimmed = text.trimmed();
    CargoPlatform platform;
    if (!trimmed.startsWith(QLatin1String("cfg("))) {
        // A target triple: letters, digits, '-', '_', '.'.
        bool valid = !trimmed.isEmpty();
        for (const QChar c : trimmed)
            valid = valid && (c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('_') ||
                              c == QLatin1Char('.'));
        if (!valid) {
            error = QStringLiteral("'%1' is neither a target triple nor a cfg(…) expression").arg(text);
            return std::nullopt;
        }
        platform.m_key = trimmed;
        return platform;
    }
    Parser parser{trimmed};
    parser.at = 4;
    if (!parser.expression(platform) || !parser.eat(QLatin1Char(')'))) {
        error = parser.error.isEmpty() ? QStringLiteral("'%1': ')' was expected").arg(text) : parser.error;
        return std::nullopt;
    }
    parser.skipSpace();
    if (parser.at != trimmed.size()) {
        error = QStringLiteral("'%1': text after the cfg expression").arg(text);
        return std::nullopt;
    }
    return platform;
}

int CargoPlatform::rank() const
{
    // Platform::Name < Platform::Cfg; within CfgExpr: Not < All < Any < Value(Name < KeyPair).
    return static_cast<int>(m_kind);
}

int CargoPlatform::compare(const CargoPlatform &other) const
{
    if (rank() != other.rank())
        return rank() < other.rank() ? -1 : 1;
    if (const int key = m_key.compare(other.m_key); key != 0)
        return key;
    if (const int value = m_value.compare(other.m_value); value != 0)
        return value;
    for (std::size_t i = 0; i < std::min(m_operands.size(), other.m_operands.size()); ++i)
        if (const int c = m_operands[i].compare(other.m_operands[i]); c != 0)
            return c;
    if (m_operands.size() != other.m_operands.size())
        return m_operands.size() < other.m_operands.size() ? -1 : 1;
    return 0;
}

NixBoolExpr CargoPlatform::condition(const QString &var) const
{
    auto single = [](const QString &text) { return NixBoolExpr::single(text); };
    auto quoted = [](const QString &text) { return NixBoolExpr::debugQuoted(text); };
    auto cpu = [&](const QString &name) {
        return single(QStringLiteral("%1.parsed.cpu.name == %2").arg(var, quoted(name)));
    };
    switch (m_kind) {
    case Kind::Name:
        return single(QStringLiteral("%1.config == %2").arg(var, quoted(m_key)));
    case Kind::Not:
        return m_operands.front().condition(var).negated();
    case Kind::All:
    case Kind::Any: {
        std::vector<NixBoolExpr> operands;
        for (const CargoPlatform &o : m_operands)
            operands.push_back(o.condition(var));
        return m_kind == Kind::All ? NixBoolExpr::ands(std::move(operands))
                                   : NixBoolExpr::ors(std::move(operands));
    }
    case Kind::Ident:
        if (m_key == QLatin1String("windows"))
            return single(var + QStringLiteral(".isWindows"));
        if (m_key == QLatin1String("unix"))
            return single(var + QStringLiteral(".isUnix"));
        return NixBoolExpr::falsity();
    case Kind::KeyPair:
        break;
    }
    const QString &k = m_key;
    const QString &v = m_value;
    if (k == QLatin1String("target_arch")) {
        if (v == QLatin1String("arm"))
            return NixBoolExpr::ors({cpu(QStringLiteral("armv6l")), cpu(QStringLiteral("armv7l"))});
        return cpu(v == QLatin1String("x86") ? QStringLiteral("i686") : v);
    }
    if (k == QLatin1String("target_os"))
        return single(QStringLiteral("%1.parsed.kernel.name == %2")
                          .arg(var, quoted(v == QLatin1String("macos") ? QStringLiteral("darwin") : v)));
    if (k == QLatin1String("target_family") && v == QLatin1String("unix"))
        return single(var + QStringLiteral(".isUnix"));
    if (k == QLatin1String("target_family") && v == QLatin1String("windows"))
        return single(var + QStringLiteral(".isWindows"));
    if (k == QLatin1String("target_env") && v == QLatin1String("sgx"))
        return single(
            QStringLiteral("target == %1").arg(quoted(QStringLiteral("x86_64-fortanix-unknown-sgx"))));
    if (k == QLatin1String("target_env"))
        return single(QStringLiteral("%1.parsed.abi.name == %2").arg(var, quoted(v)));
    if (k == QLatin1String("target_endian") && (v == QLatin1String("little") || v == QLatin1String("big")))
        return single(QStringLiteral("%1.parsed.cpu.significantByte.name == %2")
                          .arg(var, quoted(v == QLatin1String("little") ? QStringLiteral("littleEndian")
                                                                        : QStringLiteral("bigEndian"))));
    if (k == QLatin1String("target_pointer_width") && (v == QLatin1String("32") || v == QLatin1String("64")))
        return single(QStringLiteral("%1.parsed.cpu.bits == %2").arg(var, v));
    if (k == QLatin1String("target_vendor"))
        return single(QStringLiteral("%1.parsed.vendor.name == %2").arg(var, quoted(v)));
    if (k == QLatin1String("target_cpu"))
        return single(QStringLiteral("%1Cpu == %2").arg(var, quoted(v)));
    if (k == QLatin1String("target_feature"))
        return single(QStringLiteral("builtins.elem %1 %2Features").arg(quoted(v), var));
    if (k == QLatin1String("target_has_atomic")) {
        if (v != QLatin1String("ptr"))
            return single(QStringLiteral("%1.cargo2nix.max-atomic-width >= %2").arg(var, v));
        return single(
            QStringLiteral("%1.cargo2nix.max-atomic-width >= %1.cargo2nix.target-pointer-width").arg(var));
    }
    return NixBoolExpr::falsity();
}

} // namespace flakeoff
