// SPDX-License-Identifier: MIT
#include "DerivationClosure.h"

#include "util/JsonFields.h"
#include "util/JsonFile.h"

#include <QRegularExpression>
#include <QSet>

#include <nlohmann/json.hpp>

namespace flakeoff {

using json = nlohmann::json;

namespace {
QStringList sortedKeys(const json &j, const char *key)
{
    QStringList out;
    const auto it = j.find(key);
    if (it != j.end() && it->is_object())
        for (const auto &[k, v] : it->items())
            out << QString::fromStdString(k);
    out.sort();
    return out;
}

// name → path for the store paths of a list (names can repeat: the first wins; the rest are
// compared by position in differences()).
std::map<QString, QStringList> byName(const QStringList &paths)
{
    std::map<QString, QStringList> out;
    for (const QString &p : paths)
        out[DerivationClosure::storeName(p)] << p;
    return out;
}

// "changed"/"added"/"removed" lines for two lists of store paths keyed by name.
void comparePaths(const QStringList &now, const QStringList &before, const QString &what, QStringList &out)
{
    const auto n = byName(now);
    const auto b = byName(before);
    for (const auto &[name, paths] : n) {
        const auto it = b.find(name);
        if (it == b.end())
            out << QStringLiteral("%1 %2 added").arg(what, name);
        else if (paths != it->second)
            out << QStringLiteral("%1 %2 changed").arg(what, name);
    }
    for (const auto &[name, paths] : b)
        if (!n.count(name))
            out << QStringLiteral("%1 %2 removed").arg(what, name);
}
} // namespace

std::optional<DerivationClosure> DerivationClosure::fromShowDerivation(const QByteArray &bytes,
                                                                       QString *error)
{
    auto fail = [error](const QString &what) -> std::optional<DerivationClosure> {
        if (error)
            *error = what;
        return std::nullopt;
    };
    const json j = JsonFile::parse(bytes);
    if (j.is_discarded() || !j.is_object())
        return fail(QStringLiteral("not the JSON object nix derivation show prints: %1")
                        .arg(QString::fromUtf8(bytes.left(120)).trimmed()));
    DerivationClosure c;
    for (const auto &[key, jd] : j.items()) {
        const QString path = QString::fromStdString(key);
        if (!path.startsWith(QLatin1Char('/')) || !path.endsWith(QLatin1String(".drv")))
            return fail(QStringLiteral("%1 is not a .drv path").arg(path.left(200)));
        if (!jd.is_object() || !jd.contains("outputs") || !jd.contains("env"))
            return fail(QStringLiteral("%1 has no outputs or env").arg(path));
        Derivation d;
        d.path = path;
        d.system = JsonFields::text(jd, "system");
        d.builder = JsonFields::text(jd, "builder");
        d.args = JsonFields::textList(jd, "args");
        d.inputSrcs = JsonFields::textList(jd, "inputSrcs");
        d.inputSrcs.sort();
        d.inputDrvs = sortedKeys(jd, "inputDrvs");
        if (const auto o = jd.find("outputs"); o != jd.end() && o->is_object())
            for (const auto &[name, jo] : o->items())
                d.outputs[QString::fromStdString(name)] =
                    jo.is_object() ? JsonFields::text(jo, "path") : QString();
        if (const auto e = jd.find("env"); e != jd.end() && e->is_object())
            for (const auto &[k, v] : e->items())
                if (v.is_string())
                    d.env[QString::fromStdString(k)] = QString::fromStdString(v.get<std::string>());
        // env.name is what the derivation calls itself; the path says the same for input-addressed ones.
        const auto name = d.env.find(QStringLiteral("name"));
        d.name = name != d.env.end() ? name->second : storeName(path);
        c.m_derivations.insert(path, std::move(d));
    }
    return c;
}

const Derivation *DerivationClosure::find(const QString &drvPath) const
{
    const auto it = m_derivations.constFind(drvPath);
    return it == m_derivations.constEnd() ? nullptr : &it.value();
}

QStringList DerivationClosure::closureOf(const QString &root) const
{
    QSet<QString> seen;
    QStringList stack{root};
    while (!stack.isEmpty()) {
        const QString p = stack.takeLast();
        if (seen.contains(p))
            continue;
        const Derivation *d = find(p);
        if (!d)
            continue;
        seen.insert(p);
        for (const QString &in : d->inputDrvs)
            if (!seen.contains(in))
                stack << in;
    }
    QStringList out(seen.begin(), seen.end());
    out.sort();
    return out;
}

QStringList DerivationClosure::roots() const
{
    QSet<QString> needed;
    for (const auto &d : m_derivations)
        for (const QString &in : d.inputDrvs)
            needed.insert(in);
    QStringList out;
    for (auto it = m_derivations.cbegin(); it != m_derivations.cend(); ++it)
        if (!needed.contains(it.key()))
            out << it.key();
    out.sort();
    return out;
}

QString DerivationClosure::storeName(const QString &path)
{
    QString base = path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
    if (base.endsWith(QLatin1String(".drv")))
        base.chop(4);
    const qsizetype dash = base.indexOf(QLatin1Char('-'));
    return dash == 32 ? base.mid(dash + 1) : base; // Nix's hashes are 32 base-32 characters
}

QString DerivationClosure::withoutStoreHashes(const QString &text)
{
    static const QRegularExpression hash(QStringLiteral("/nix/store/[0-9a-z]{32}-"));
    QString out = text;
    out.replace(hash, QStringLiteral("/nix/store/…-"));
    return out;
}

QStringList DerivationClosure::differences(const Derivation &now, const Derivation &before)
{
    QStringList out;
    if (now.path == before.path)
        return out;
    comparePaths(now.inputSrcs, before.inputSrcs, QStringLiteral("source"), out);
    comparePaths(now.inputDrvs, before.inputDrvs, QStringLiteral("input"), out);
    // Environment values that differ only by the hashes of changed inputs are said above.
    QStringList added, changed, removed;
    for (const auto &[key, value] : now.env) {
        const auto it = before.env.find(key);
        if (it == before.env.end())
            added << key;
        else if (value != it->second && withoutStoreHashes(value) != withoutStoreHashes(it->second))
            changed << key;
    }
    for (const auto &[key, value] : before.env)
        if (!now.env.count(key))
            removed << key;
    auto envLine = [&out](const QStringList &keys, const char *verb) {
        if (keys.isEmpty())
            return;
        const QStringList shown = keys.mid(0, 6);
        out << QStringLiteral("environment %1 %2%3")
                   .arg(shown.join(QStringLiteral(", ")), QLatin1String(verb),
                        keys.size() > shown.size()
                            ? QStringLiteral(" (and %1 more)").arg(keys.size() - shown.size())
                            : QString());
    };
    envLine(added, "added");
    envLine(changed, "changed");
    envLine(removed, "removed");
    if (withoutStoreHashes(now.builder) != withoutStoreHashes(before.builder) ||
        withoutStoreHashes(now.args.join(QLatin1Char('\x1f'))) !=
            withoutStoreHashes(before.args.join(QLatin1Char('\x1f'))))
        out << QStringLiteral("builder or its arguments changed");
    if (now.system != before.system)
        out << QStringLiteral("system %1 instead of %2").arg(now.system, before.system);
    if (out.isEmpty()) // same inputs by name, same text: only something Nix hashes but does not show
        out << QStringLiteral("its derivation changed");
    return out;
}

QStringList DerivationClosure::explain(const Derivation &now, const DerivationClosure &before,
                                       const QString &beforeRoot)
{
    QStringList best;
    bool found = false;
    for (const QString &path : before.closureOf(beforeRoot)) {
        const Derivation &b = *before.find(path);
        if (b.name != now.name)
            continue;
        if (b.path == now.path)
            return {};
        QStringList diff = differences(now, b);
        if (!found || diff.size() < best.size())
            best = std::move(diff);
        found = true;
    }
    if (!found)
        return {QStringLiteral("new: no derivation of this name before")};
    return best;
}

} // namespace flakeoff
