// SPDX-License-Identifier: MIT
#include "OfflineInputPlan.h"

namespace flakeoff {

namespace {
// "nixpkgs: offline host-tools stand-in (…)" → "nixpkgs"; words without a label name themselves.
QString label(const QString &words)
{
    const qsizetype colon = words.indexOf(QLatin1Char(':'));
    return (colon < 0 ? words : words.left(colon)).trimmed();
}

QString quotedList(const QStringList &names)
{
    QStringList quoted;
    for (const QString &n : names)
        quoted << QLatin1Char('\'') + n + QLatin1Char('\'');
    if (quoted.size() < 2)
        return quoted.join(QString());
    return quoted.mid(0, quoted.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" and ") +
           quoted.back();
}
} // namespace

bool OfflineInputPlan::offlineFor(const Strategy &strategy, bool forceOffline, bool networkReachable)
{
    return strategy.buildsOffline() && (forceOffline || !networkReachable);
}

OfflineInputPlan OfflineInputPlan::resolve(const Strategy &strategy, const LocalInputStore &store)
{
    OfflineInputPlan plan;
    QStringList missingInputs;
    QStringList missingStandins;
    QStringList said; // labels already in words: the manifest's stand-in list does not repeat them
    for (const InputOverride &o : strategy.offline.overrides) {
        const QString folder = store.resolve(o.from);
        const QString kind = o.from.section(QLatin1Char(':'), 0, 0);
        const QString name = o.from.section(QLatin1Char(':'), 1);
        if (folder.isEmpty()) {
            (kind == QLatin1String("input") ? missingInputs : missingStandins) << name;
            continue;
        }
        plan.m_arguments << QStringLiteral("--override-input") << o.input << QStringLiteral("path:") + folder;
        UsedInput u;
        u.name = o.input;
        u.from = o.from;
        if (kind == QLatin1String("input")) {
            const auto record = store.input(name);
            u.origin = QStringLiteral("local");
            u.revision = record ? record->revision : QString();
            u.digest = record ? record->sha256 : QString();
            u.words = record ? record->words() : QStringLiteral("%1 (local)").arg(name);
        } else {
            const auto standin = store.standin(name);
            u.origin = QStringLiteral("stand-in");
            u.words = standin && !standin->words.isEmpty() ? standin->words
                                                           : QStringLiteral("%1: offline stand-in").arg(name);
        }
        said << label(u.words)
             << o.input; // "crane: the real v0.21.3 …" in the manifest is said by the input's words
        plan.m_used.push_back(u);
    }
    for (const QString &words : strategy.offline.standins) {
        if (said.contains(label(words)))
            continue;
        said << label(words);
        plan.m_used.push_back({label(words), QStringLiteral("stand-in"), {}, {}, {}, words});
    }
    QStringList reasons;
    if (!missingInputs.isEmpty())
        reasons << QStringLiteral("needs local input%1 %2 (not in %3): run flakeoff-cli inputs import PATH "
                                  "with %4 tarball or folder, "
                                  "or flakeoff-cli inputs fetch --strategy %5 on a machine with a network")
                       .arg(missingInputs.size() > 1 ? QStringLiteral("s") : QString(),
                            quotedList(missingInputs), store.inputsDir(),
                            missingInputs.size() > 1 ? QStringLiteral("their") : QStringLiteral("its"),
                            strategy.id);
    if (!missingStandins.isEmpty())
        reasons
            << QStringLiteral(
                   "needs the offline stand-in%1 %2 (not in %3): flakeoff-cli inputs import assembles them; "
                   "run it with the tools' tarballs (e.g. flakeoff-cli inputs import ../shared/inputs/*)")
                   .arg(missingStandins.size() > 1 ? QStringLiteral("s") : QString(),
                        quotedList(missingStandins), store.standinsDir());
    plan.m_missing = reasons.join(QStringLiteral("; "));
    if (!plan.ok()) {
        plan.m_arguments.clear();
        plan.m_used.clear();
    }
    return plan;
}

QString OfflineInputPlan::words() const
{
    QStringList parts;
    for (const auto &u : m_used)
        parts << u.words;
    return parts.join(QStringLiteral(", "));
}

} // namespace flakeoff
