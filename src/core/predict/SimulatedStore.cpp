// SPDX-License-Identifier: MIT
#include "SimulatedStore.h"

#include "scenario/ProjectOutputs.h"

#include <QHash>

namespace flakeoff {

bool SimulatedStore::runnerPurges(const DerivationClassifier &classifier, const Derivation &d,
                                  const QString &root, bool offline)
{
    const bool own = d.path == root || classifier.isOwn(d.name);
    return own && !(offline && ProjectOutputs::isSeededDownload(classifier, d.name));
}

QSet<QString> SimulatedStore::purgedWithDependents(const DerivationClosure &closure, const QString &root,
                                                   const Test &purged)
{
    // Depth first, each derivation decided after its inputs (closures have no cycles).
    QHash<QString, bool> decided;
    QSet<QString> out;
    struct Frame
    {
        QString path;
        bool expanded = false;
    };
    std::vector<Frame> stack{{root}};
    while (!stack.empty()) {
        Frame &top = stack.back();
        const Derivation *d = closure.find(top.path);
        if (!d || decided.contains(top.path)) {
            stack.pop_back();
            continue;
        }
        if (!top.expanded) {
            top.expanded = true;
            const QStringList inputs = d->inputDrvs; // `top` may move when the stack grows
            for (const QString &in : inputs)
                if (!decided.contains(in))
                    stack.push_back({in});
            continue;
        }
        bool p = purged(*d);
        for (const QString &in : d->inputDrvs)
            p = p || decided.value(in, false);
        decided.insert(top.path, p);
        if (p)
            out.insert(top.path);
        stack.pop_back();
    }
    return out;
}

SimulatedStore::Build SimulatedStore::build(const DerivationClosure &closure, const QString &root, bool cold,
                                            const Test &purged, const Test &outputsPresent)
{
    Build out;
    out.purged = purgedWithDependents(closure, root, purged);
    if (cold)
        for (const QString &p : std::as_const(out.purged))
            m_built.remove(p);
    auto present = [&](const QString &p, const Derivation &d) {
        if (m_built.contains(p))
            return true;
        if (out.purged.contains(p) || m_checked.contains(p))
            return false; // deleted before the build unless this session built it; or known missing
        m_checked.insert(p);
        if (!outputsPresent(d))
            return false;
        m_built.insert(p);
        return true;
    };
    QSet<QString> seen;
    QStringList stack{root};
    while (!stack.isEmpty()) {
        const QString p = stack.takeLast();
        const Derivation *d = closure.find(p);
        if (!d || seen.contains(p))
            continue;
        seen.insert(p);
        if (present(p, *d))
            continue; // Nix does not look below a derivation whose outputs are valid
        out.built << p;
        for (const QString &in : d->inputDrvs)
            stack << in;
    }
    for (const QString &p : std::as_const(out.built))
        m_built.insert(p);
    out.built.sort();
    return out;
}

} // namespace flakeoff
