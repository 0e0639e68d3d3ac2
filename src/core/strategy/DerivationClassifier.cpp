// SPDX-License-Identifier: MIT
#include "DerivationClassifier.h"

#include "strategy/Strategy.h"
#include "strategy/WorkspaceInfo.h"

#include <QStringList>

namespace flakeoff {

namespace {
// "(?:a|b)", every value regex-escaped, each once.
QString alternatives(QStringList values)
{
    values.removeDuplicates();
    for (QString &v : values)
        v = QRegularExpression::escape(v);
    return QStringLiteral("(?:%1)").arg(values.join(QLatin1Char('|')));
}
} // namespace

QRegularExpression DerivationClassifier::patternRegex(const QString &pattern, const WorkspaceInfo *workspace)
{
    static const QRegularExpression placeholder(QStringLiteral("\\{[a-z.]+\\}"));
    // Without the workspace's members the placeholders can only be wildcards: "^{pname}-{version}$"
    // then also matches nixpkgs' derivations (rustc-1.77.0, openssl-3.0.13), which a cold step
    // would delete too on a machine that has them. Only for callers that cannot know the members.
    const bool knowsMembers = workspace && !workspace->members.empty();
    QString crate;
    QString pname;
    QString version;
    if (knowsMembers) {
        QStringList names;
        QStringList versions;
        for (const auto &m : workspace->members) {
            names << m.name;
            versions << m.version;
        }
        versions << QStringLiteral("0.0.0");
        versions.removeAll(QString());
        crate = alternatives(names);
        // A target's pname joins the names of the members it builds ("app", or "a-b" for two), in
        // the order of the workspace's manifest, which cargo metadata does not keep: any order matches.
        pname = crate + QStringLiteral("(?:-") + crate + QStringLiteral(")*");
        version = alternatives(versions);
    }
    // {dependency}: "<name>-<version>" of a package the lock pins. Without a read Cargo.lock, any
    // such name: the broad pattern the manifests had before (Cargo's versions are always x.y.z).
    // A lock without dependencies: nothing ("(?!)"), not an empty alternative that matches "".
    QString dependency = QStringLiteral(".+-[0-9]+\\.[0-9]+\\.[0-9]+[^/]*");
    if (workspace && workspace->lockedDependencies)
        dependency = workspace->lockedDependencies->isEmpty() ? QStringLiteral("(?!)")
                                                              : alternatives(*workspace->lockedDependencies);

    QString out;
    qsizetype from = 0;
    for (auto it = placeholder.globalMatch(pattern); it.hasNext();) {
        const auto match = it.next();
        out += pattern.mid(from, match.capturedStart() - from);
        const QString name = match.captured();
        if (name == QLatin1String("{dependency}"))
            out += dependency;
        else if (!knowsMembers)
            out += QStringLiteral(".+");
        else if (name == QLatin1String("{crate}"))
            out += crate;
        else if (name == QLatin1String("{pname}"))
            out += pname;
        else if (name == QLatin1String("{version}"))
            out += version;
        else
            out += QStringLiteral(".+"); // not a member's property (no pattern uses one so far)
        from = match.capturedEnd();
    }
    out += pattern.mid(from);
    return QRegularExpression(out);
}

DerivationClassifier::DerivationClassifier(const Strategy &strategy, const WorkspaceInfo *workspace)
{
    QStringList own = strategy.ownDerivations;
    for (const auto &t : strategy.targets) {
        if (!t.pattern.isEmpty())
            m_targets.push_back(patternRegex(t.pattern, workspace));
        if (strategy.ownDerivations.isEmpty())
            own << t.pattern;
    }
    for (const auto &a : strategy.artifacts) {
        if (a.pattern.isEmpty())
            continue;
        m_artifacts.push_back({patternRegex(a.pattern, workspace), a.kind, a.description});
        if (strategy.ownDerivations.isEmpty())
            own << a.pattern;
    }
    for (const QString &p : own)
        if (!p.isEmpty())
            m_own.push_back(patternRegex(p, workspace));
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
