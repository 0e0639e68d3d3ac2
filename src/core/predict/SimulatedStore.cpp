// SPDX-License-Identifier: MIT
#include "SimulatedStore.h"

namespace flakeoff {

QStringList SimulatedStore::build(const DerivationClosure &closure, const QString &root, bool cold,
                                  const Test &isOwn, const Test &outputsPresent)
{
    const QStringList all = closure.closureOf(root);
    if (cold)
        for (const QString &p : all)
            if (isOwn(*closure.find(p)))
                m_built.remove(p);
    QStringList out;
    for (const QString &p : all) {
        if (m_built.contains(p))
            continue;
        const Derivation &d = *closure.find(p);
        // Another session's project outputs are deleted before the build: never count them.
        if (!isOwn(d) && !m_checked.contains(p)) {
            m_checked.insert(p);
            if (outputsPresent(d)) {
                m_built.insert(p);
                continue;
            }
        }
        out << p;
        m_built.insert(p);
    }
    return out;
}

} // namespace flakeoff
