// SPDX-License-Identifier: MIT
#include "DerivationClassifier.h"

#include "strategy/Strategy.h"

namespace flakeoff {

QRegularExpression DerivationClassifier::patternRegex(const QString &pattern)
{
    static const QRegularExpression placeholder(QStringLiteral("\\{[a-z.]+\\}"));
    QString p = pattern;
    p.replace(placeholder, QStringLiteral(".+"));
    return QRegularExpression(p);
}

DerivationClassifier::DerivationClassifier(const Strategy &strategy)
{
    QStringList own = strategy.ownDerivations;
    for (const auto &t : strategy.targets) {
        if (!t.pattern.isEmpty())
            m_targets.push_back(patternRegex(t.pattern));
        if (strategy.ownDerivations.isEmpty())
            own << t.pattern;
    }
    for (const auto &a : strategy.artifacts) {
        if (a.pattern.isEmpty())
            continue;
        m_artifacts.push_back({patternRegex(a.pattern), a.kind, a.description});
        if (strategy.ownDerivations.isEmpty())
            own << a.pattern;
    }
    for (const QString &p : own)
        if (!p.isEmpty())
            m_own.push_back(patternRegex(p));
}

bool DerivationClassifier::isOwn(const QString &name) const
{
    for (const auto &re : m_own)
        if (re.isValid() && re.match(name).hasMatch())
            return true;
    return false;
}

DerivationClassifier::Role DerivationClassifier::classify(const QString &name, bool isRoot) const
{
    Role r;
    r.own = isOwn(name);
    if (isRoot) {
        // The attribute the strategy builds is the project's, whatever its patterns say.
        r.own = true;
        r.kind = QStringLiteral("target");
        r.description = QStringLiteral("the target itself");
        return r;
    }
    if (!r.own) {
        r.kind = QStringLiteral("toolchain");
        r.description = QStringLiteral("toolchain or nixpkgs");
        return r;
    }
    // Artifacts first: target patterns such as ^{pname}-{version}$ also match a deps derivation.
    for (const auto &a : m_artifacts)
        if (a.regex.isValid() && a.regex.match(name).hasMatch()) {
            r.kind = a.kind.isEmpty() ? QStringLiteral("project") : a.kind;
            r.description = a.description;
            return r;
        }
    for (const auto &t : m_targets)
        if (t.isValid() && t.match(name).hasMatch()) {
            r.kind = QStringLiteral("target");
            r.description = QStringLiteral("a target of the workspace");
            return r;
        }
    r.kind = QStringLiteral("project");
    r.description = QStringLiteral("a derivation of the project");
    return r;
}

} // namespace flakeoff
