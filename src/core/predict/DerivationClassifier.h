// SPDX-License-Identifier: MIT
#pragma once

#include <QRegularExpression>
#include <QString>

#include <vector>

namespace flakeoff {

class Strategy;

// Tells the project's own derivations (its crates, deps, vendoring, sources) from the toolchain
// and nixpkgs, by the strategy manifest's name patterns, and names each own derivation's role.
// The same rule decides what a cold step deletes, so the runner and the predictor agree.
class DerivationClassifier
{
public:
    struct Role
    {
        bool own = false;
        QString kind;        // target | deps | vendor | download | crate | source | project | toolchain
        QString description; // the manifest's words for that kind, or a short sentence
    };

    explicit DerivationClassifier(const Strategy &strategy);

    // `name` is a derivation name (no store hash, no .drv), e.g. "app-deps-0.1.0".
    bool isOwn(const QString &name) const;
    // `isRoot`: the derivation a target's attribute evaluates to.
    Role classify(const QString &name, bool isRoot) const;

    // A manifest pattern as a regex: placeholders such as {pname} or {target} match any text.
    static QRegularExpression patternRegex(const QString &pattern);

private:
    struct Artifact
    {
        QRegularExpression regex;
        QString kind;
        QString description;
    };
    std::vector<QRegularExpression> m_own;
    std::vector<Artifact> m_artifacts;
    std::vector<QRegularExpression> m_targets;
};

} // namespace flakeoff
