// SPDX-License-Identifier: MIT
#pragma once

#include <QRegularExpression>
#include <QString>

#include <vector>

namespace flakeoff {

class Strategy;
class WorkspaceInfo;

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

    // `workspace`: the members the patterns' placeholders stand for (see patternRegex); null when
    // the workspace is not known.
    explicit DerivationClassifier(const Strategy &strategy, const WorkspaceInfo *workspace = nullptr);

    // `name` is a derivation name (no store hash, no .drv), e.g. "app-deps-0.1.0".
    bool isOwn(const QString &name) const;
    // `isRoot`: the derivation a target's attribute evaluates to.
    Role classify(const QString &name, bool isRoot) const;

    // A manifest pattern as a regex. With the workspace, each placeholder becomes one alternative
    // per member, regex-escaped: {crate} a member's name; {pname} a target's derivation name, i.e.
    // members' names joined with "-"; {version} a member's version or 0.0.0 (what
    // flakeoff/crates.nix names a workspace that declares none); {dependency} "<name>-<version>" of
    // a registry or git package its Cargo.lock pins (WorkspaceInfo::lockedDependencies). Without
    // the members, and for other placeholders, a placeholder matches any text; without a read
    // lock, {dependency} matches any "<name>-<x.y.z…>".
    static QRegularExpression patternRegex(const QString &pattern, const WorkspaceInfo *workspace = nullptr);

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
