// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

#include <map>
#include <optional>

namespace flakeoff {

// One derivation as `nix derivation show` (Nix ≥ 2.15; `nix show-derivation` before) describes it.
struct Derivation
{
    QString path;                       // /nix/store/<hash>-<name>.drv
    QString name;                       // <name>
    std::map<QString, QString> outputs; // "out" → its store path
    QStringList inputDrvs;              // .drv paths, sorted
    QStringList inputSrcs;              // sources and other plain store paths, sorted
    QString system;                     // "x86_64-linux"
    QString builder;
    QStringList args;
    std::map<QString, QString> env;
};

// A set of derivations read from `nix derivation show -r <drv>…` or `nix show-derivation -r …`
// (a JSON object keyed by .drv path), with the graph walks the predictor needs. Nix 2.8 writes
// `inputDrvs` as {drv: ["out"]}, Nix ≥ 2.18 as {drv: {"dynamicOutputs":{},"outputs":["out"]}}:
// only the keys are read, so both shapes give the same closure.
class DerivationClosure
{
public:
    // nullopt and `error` on anything that is not such an object; never throws.
    static std::optional<DerivationClosure> fromShowDerivation(const QByteArray &json, QString *error);

    int size() const { return static_cast<int>(m_derivations.size()); }
    bool contains(const QString &drvPath) const { return m_derivations.contains(drvPath); }
    const Derivation *find(const QString &drvPath) const;
    const QHash<QString, Derivation> &derivations() const { return m_derivations; }

    // Every derivation `root` needs, itself included, sorted by path. Inputs missing from the set
    // (a partial closure) are skipped.
    QStringList closureOf(const QString &root) const;
    // Derivations no other derivation of the set needs, sorted.
    QStringList roots() const;

    // "/nix/store/<hash>-foo-1.0" → "foo-1.0" (also for .drv paths, without ".drv").
    static QString storeName(const QString &path);
    // The hash part of store paths replaced, so values that differ only by changed inputs compare
    // equal.
    static QString withoutStoreHashes(const QString &text);

    // Why `now` is a different derivation than `before` (the same name one evaluation earlier):
    // "source cargo-source changed", "input app-deps-0.1.0 changed", "environment FLAKEOFF_EDIT
    // added", … in that order. Empty when they are the same derivation.
    static QStringList differences(const Derivation &now, const Derivation &before);

    // Why `now` has to be built although the closure `before` (one evaluation earlier, under
    // `beforeRoot`) was: its differences from the derivation of the same name there (of several,
    // the closest), or "new: …" when there was none. Empty when `before` holds `now` itself.
    static QStringList explain(const Derivation &now, const DerivationClosure &before,
                               const QString &beforeRoot);

private:
    QHash<QString, Derivation> m_derivations;
};

} // namespace flakeoff
