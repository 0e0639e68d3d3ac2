// SPDX-License-Identifier: MIT
#include "NixBoolExpr.h"

#include <QRegularExpression>

namespace flakeoff {

NixBoolExpr::NixBoolExpr(Kind kind, QString text, std::vector<NixBoolExpr> operands)
    : m_kind(kind), m_text(std::move(text)), m_operands(std::move(operands))
{
}

NixBoolExpr NixBoolExpr::truth()
{
    return NixBoolExpr(Kind::True);
}

NixBoolExpr NixBoolExpr::falsity()
{
    return NixBoolExpr(Kind::False);
}

NixBoolExpr NixBoolExpr::single(const QString &nix)
{
    return NixBoolExpr(Kind::Single, nix);
}

NixBoolExpr NixBoolExpr::ors(std::vector<NixBoolExpr> operands)
{
    if (operands.empty())
        return falsity();
    NixBoolExpr out = operands.front();
    for (std::size_t i = 1; i < operands.size(); ++i)
        out = out.either(operands[i]);
    return out;
}

NixBoolExpr NixBoolExpr::ands(std::vector<NixBoolExpr> operands)
{
    if (operands.empty())
        return falsity();
    NixBoolExpr out = operands.front();
    for (std::size_t i = 1; i < operands.size(); ++i)
        out = out.both(operands[i]);
    return out;
}

NixBoolExpr NixBoolExpr::both(NixBoolExpr other) const
{
    return NixBoolExpr(Kind::And, {}, {*this, std::move(other)});
}

NixBoolExpr NixBoolExpr::either(NixBoolExpr other) const
{
    return NixBoolExpr(Kind::Or, {}, {*this, std::move(other)});
}

NixBoolExpr NixBoolExpr::negated() const
{
    return NixBoolExpr(Kind::Not, {}, {*this});
}

NixBoolExpr NixBoolExpr::simplified() const
{
    switch (m_kind) {
    case Kind::And: {
        const NixBoolExpr a = m_operands[0].simplified();
        const NixBoolExpr b = m_operands[1].simplified();
        if (a.isTrue())
            return b;
        if (a.isFalse() || b.isFalse())
            return falsity();
        if (b.isTrue())
            return a;
        return a.both(b);
    }
    case Kind::Or: {
        const NixBoolExpr a = m_operands[0].simplified();
        const NixBoolExpr b = m_operands[1].simplified();
        if (a.isTrue() || b.isTrue())
            return truth();
        if (a.isFalse())
            return b;
        if (b.isFalse())
            return a;
        return a.either(b);
    }
    case Kind::Not: {
        const NixBoolExpr a = m_operands[0].simplified();
        if (a.isFalse())
            return truth();
        if (a.isTrue())
            return falsity();
        return a.negated();
    }
    default:
        return *this;
    }
}

QString NixBoolExpr::toNix() const
{
    QString out;
    write(out, Parent::Root);
    return out;
}

void NixBoolExpr::write(QString &out, Parent parent) const
{
    // cargo2nix's is_valid_ident: a letter or '_', then letters, digits and "_'-.".
    static const QRegularExpression identifier(QStringLiteral("^[A-Za-z_][A-Za-z0-9_'.-]*$"));
    switch (m_kind) {
    case Kind::And: {
        const bool parens = parent == Parent::Not;
        out += parens ? QStringLiteral("(") : QString();
        m_operands[0].write(out, Parent::And);
        out += QStringLiteral(" && ");
        m_operands[1].write(out, Parent::And);
        out += parens ? QStringLiteral(")") : QString();
        break;
    }
    case Kind::Or: {
        const bool parens = parent == Parent::And || parent == Parent::Not;
        out += parens ? QStringLiteral("(") : QString();
        m_operands[0].write(out, Parent::Or);
        out += QStringLiteral(" || ");
        m_operands[1].write(out, Parent::Or);
        out += parens ? QStringLiteral(")") : QString();
        break;
    }
    case Kind::Not:
        out += QLatin1Char('!');
        m_operands[0].write(out, Parent::Not);
        break;
    case Kind::Single: {
        const bool parens = parent == Parent::Not && !identifier.match(m_text).hasMatch();
        out += parens ? QLatin1Char('(') + m_text + QLatin1Char(')') : m_text;
        break;
    }
    case Kind::True:
        out += QStringLiteral("true");
        break;
    case Kind::False:
        out += QStringLiteral("false");
        break;
    }
}

QString NixBoolExpr::debugQuoted(const QString &text)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '"':
            out += QStringLiteral("\\\"");
            break;
        case '\\':
            out += QStringLiteral("\\\\");
            break;
        case '\n':
            out += QStringLiteral("\\n");
            break;
        case '\r':
            out += QStringLiteral("\\r");
            break;
        case '\t':
            out += QStringLiteral("\\t");
            break;
        default:
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                out += QStringLiteral("\\u{%1}").arg(c.unicode(), 0, 16);
            else
                out += c;
        }
    }
    return out + QLatin1Char('"');
}

} // namespace flakeoff
