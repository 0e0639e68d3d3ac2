// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace flakeoff {

struct UnitDependency
{
    int index = -1;          // into CargoUnitGraph::units()
    QString externCrateName; // the name the dependent uses (renames applied)
    bool isPublic = false;
    bool noprelude = false;
};

// The part of a unit's profile that changes rustc's output, normalised across cargo versions.
struct UnitProfile
{
    QString name;      // "dev", "release", …
    QString optLevel;  // "0".."3", "s", "z"
    QString debuginfo; // "0", "1", "2", "line-tables-only", "line-directives-only"
    QString lto;       // "false", "off", "true", "thin", "fat"
    QString panic;     // "unwind", "abort"
    QString strip;     // "" (none), "debuginfo", "symbols"
    std::optional<int> codegenUnits;
    bool debugAssertions = false;
    bool overflowChecks = false;
    bool incremental = false;
};

struct UnitTarget
{
    QString name;
    QStringList kinds;
    QStringList crateTypes;
    QString srcPath;
    QString edition;
};

struct Unit
{
    QString pkgId;
    UnitTarget target;
    UnitProfile profile;
    QString platform; // empty: the host; else a target triple (cross builds)
    QString mode;     // "build", "run-custom-build", "check", "test", "doc", …
    QStringList features;
    std::vector<UnitDependency> dependencies;

    bool isBuildScriptRun() const { return mode == QLatin1String("run-custom-build"); }
    bool isBuildScriptCompile() const
    {
        return mode == QLatin1String("build") && target.kinds.contains(QLatin1String("custom-build"));
    }
    bool isProcMacro() const { return target.kinds.contains(QLatin1String("proc-macro")); }
    bool isBin() const { return target.kinds.contains(QLatin1String("bin")); }
    // A library of any crate type (lib, rlib, dylib, cdylib, staticlib) or a proc-macro.
    bool isLibrary() const;
};

// The output of `cargo build --unit-graph -Z unstable-options` (format version 1): every unit
// cargo would compile or run, with exact features, profiles and extern names. Parsed without
// exceptions; dependency indices are checked.
class CargoUnitGraph
{
public:
    static std::optional<CargoUnitGraph> parse(const QByteArray &json, QString &error);

    const std::vector<Unit> &units() const { return m_units; }
    const std::vector<int> &roots() const { return m_roots; }

private:
    std::vector<Unit> m_units;
    std::vector<int> m_roots;
};

} // namespace flakeoff
