// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <vector>

namespace flakeoff {

// A condition in a generated Nix file (cargo2nix's `BoolExpr`): true, false, a Nix expression
// taken as it is, or `!`, `&&`, `||` of those. simplified() and toNix() follow cargo2nix 0.12's
// generator (src/expr.rs) exactly, because its Cargo.nix format is what CargoNixWriter writes:
// constants folded, `&&`/`||` parenthesised only where Nix's precedence needs it, and `!` before
// an operand that is not a plain identifier (`!(a == "b")`, but `!hostPlatform.isUnix`).
class NixBoolExpr
{
public:
    static NixBoolExpr truth();
    static NixBoolExpr falsity();
    static NixBoolExpr single(const QString &nix);
    // Left-folded `a || b || c`; false when `operands` is empty (cargo2nix's choice, also for `all()`).
    static NixBoolExpr ors(std::vector<NixBoolExpr> operands);
    static NixBoolExpr ands(std::vector<NixBoolExpr> operands);

    NixBoolExpr both(NixBoolExpr other) const;   // this && other
    NixBoolExpr either(NixBoolExpr other) const; // this || other
    NixBoolExpr negated() const;

    NixBoolExpr simplified() const;
    bool isTrue() const { return m_kind == Kind::True; }
    bool isFalse() const { return m_kind == Kind::False; }
    QString toNix() const;

    // `text` quoted as Rust's `{:?}` does, the way cargo2nix writes strings into conditions.
    static QString debugQuoted(const QString &text);

private:
    enum class Kind
    {
        True,
        False,
        Single,
        Not,
        And,
        Or
    };
    enum class Parent
    {
        Root,
        And,
        Or,
        Not
    };

    explicit NixBoolExpr(Kind kind, QString text = {}, std::vector<NixBoolExpr> operands = {});
    void write(QString &out, Parent parent) const;

    Kind m_kind;
    QString m_text;                      // Single only
    std::vector<NixBoolExpr> m_operands; // Not: one; And, Or: two
};

} // namespace flakeoff
