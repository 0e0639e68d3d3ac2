// SPDX-License-Identifier: MIT
#include "PerCratePlanner.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>

namespace flakeoff {

namespace {
// Bumped when the meaning of the hashed fields changes: every crate then gets a new identity.
constexpr auto kHashScheme = "flakeoff-per-crate/1";

QString hashLines(const QStringList &lines)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    for (const QString &l : lines) {
        h.addData(l.toUtf8());
        h.addData(QByteArrayView("\n"));
    }
    return QString::fromLatin1(h.result().toHex().left(16));
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

bool ltoEnabled(const UnitProfile &p)
{
    return !(p.lto.isEmpty() || p.lto == QLatin1String("false") || p.lto == QLatin1String("off"));
}

// `-C` options of a unit's profile, as cargo passes them (defaults left out).
QStringList codegenFlags(const Unit &u)
{
    const UnitProfile &p = u.profile;
    QStringList f;
    if (p.optLevel != QLatin1String("0"))
        f << QStringLiteral("opt-level=") + p.optLevel;
    if (p.debuginfo != QLatin1String("0"))
        f << QStringLiteral("debuginfo=") + p.debuginfo;
    const bool defaultAssertions = p.optLevel == QLatin1String("0");
    if (p.debugAssertions != defaultAssertions)
        f << (p.debugAssertions ? QStringLiteral("debug-assertions=on")
                                : QStringLiteral("debug-assertions=off"));
    if (p.overflowChecks != p.debugAssertions)
        f << (p.overflowChecks ? QStringLiteral("overflow-checks=on")
                               : QStringLiteral("overflow-checks=off"));
    if (p.panic == QLatin1String("abort") && !u.isProcMacro() && !u.isBuildScriptCompile())
        f << QStringLiteral("panic=abort");
    if (!ltoEnabled(p)) {
        f << QStringLiteral("embed-bitcode=no"); // nothing will read bitcode: saves time
    } else {
        const bool links = u.isBin() || u.target.crateTypes.contains(QLatin1String("cdylib")) ||
                           u.target.crateTypes.contains(QLatin1String("staticlib"));
        if (links)
            f << (p.lto == QLatin1String("true") ? QStringLiteral("lto") : QStringLiteral("lto=") + p.lto);
    }
    if (p.codegenUnits)
        f << QStringLiteral("codegen-units=%1").arg(*p.codegenUnits);
    if (!p.strip.isEmpty() && p.strip != QLatin1String("none"))
        f << QStringLiteral("strip=") + p.strip;
    return f;
}

// What cargo calls a crate's name: the target name with dashes as underscores.
QString crateName(const QString &targetName)
{
    QString n = targetName;
    return n.replace(QLatin1Char('-'), QLatin1Char('_'));
}

QString nixString(const QString &s)
{
    QString out;
    out.reserve(s.size() + 2);
    out += QLatin1Char('"');
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s.at(i);
        if (c == QLatin1Char('"') || c == QLatin1Char('\\'))
            out += QLatin1Char('\\') + c;
        else if (c == QLatin1Char('\n'))
            out += QLatin1String("\\n");
        else if (c == QLatin1Char('\r'))
            out += QLatin1String("\\r");
        else if (c == QLatin1Char('\t'))
            out += QLatin1String("\\t");
        else if (c == QLatin1Char('$') && i + 1 < s.size() && s.at(i + 1) == QLatin1Char('{'))
            out += QLatin1String("\\$");
        else
            out += c;
    }
    out += QLatin1Char('"');
    return out;
}

QString nixKey(const QString &s)
{
    static const QRegularExpression identifier(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    static const QStringList keywords{
        QStringLiteral("if"),      QStringLiteral("then"), QStringLiteral("else"), QStringLiteral("assert"),
        QStringLiteral("with"),    QStringLiteral("let"),  QStringLiteral("in"),   QStringLiteral("rec"),
        QStringLiteral("inherit"), QStringLiteral("or")};
    return identifier.match(s).hasMatch() && !keywords.contains(s) ? s : nixString(s);
}

// `[ "a" "b" ]`, wrapped so that no line grows much past 100 columns.
QString nixList(const QStringList &items, int indent)
{
    if (items.isEmpty())
        return QStringLiteral("[ ]");
    QString out = QStringLiteral("[");
    int column = indent + 1;
    for (const QString &item : items) {
        const QString quoted = nixString(item);
        if (column + 1 + quoted.size() > 100 && column > indent + 1) {
            out += QLatin1Char('\n') + QString(indent + 2, QLatin1Char(' '));
            column = indent + 2;
        } else {
            out += QLatin1Char(' ');
            column += 1;
        }
        out += quoted;
        column += static_cast<int>(quoted.size());
    }
    return out + QStringLiteral(" ]");
}

} // namespace

QString PerCratePlanner::unitName(int index) const
{
    const Unit &u = m_units[static_cast<std::size_t>(index)];
    const CargoPackage *p = m_meta.findPackage(u.pkgId);
    return QStringLiteral("%1 %2 (%3 %4)")
        .arg(p ? p->name : u.pkgId, p ? p->version : QString(), u.target.kinds.join(QLatin1Char(',')),
             u.target.name);
}

bool PerCratePlanner::check()
{
    if (m_options.rustcVersion.isEmpty()) {
        m_error = QStringLiteral("the rustc version is unknown (`rustc -vV` gave no version line)");
        return false;
    }
    if (m_units.empty()) {
        m_error = QStringLiteral("the unit graph is empty: nothing to build");
        return false;
    }
    for (std::size_t i = 0; i < m_units.size(); ++i) {
        const Unit &u = m_units[i];
        const int index = static_cast<int>(i);
        if (!m_meta.findPackage(u.pkgId)) {
            m_error =
                QStringLiteral(
                    "unit %1: package %2 is not in cargo metadata (were both taken from the same workspace?)")
                    .arg(index)
                    .arg(u.pkgId);
            return false;
        }
        if (!u.platform.isEmpty()) {
            m_error = QStringLiteral("%1 is built for %2: only native (host) builds are supported")
                          .arg(unitName(index), u.platform);
            return false;
        }
        if (u.mode != QLatin1String("build") && !u.isBuildScriptRun()) {
            m_error = QStringLiteral("%1: unit mode '%2' is not supported (only build and run-custom-build)")
                          .arg(unitName(index), u.mode);
            return false;
        }
        if (u.mode == QLatin1String("build") && !u.isLibrary() && !u.isBin() && !u.isBuildScriptCompile()) {
            m_error =
                QStringLiteral("%1: only libraries, proc-macros, binaries and build scripts are supported")
                    .arg(unitName(index));
            return false;
        }
    }
    return true;
}

bool PerCratePlanner::makeSteps()
{
    m_stepOfUnit.assign(m_units.size(), -1);
    for (std::size_t i = 0; i < m_units.size(); ++i) {
        const Unit &u = m_units[i];
        if (u.mode != QLatin1String("build") || !u.isLibrary())
            continue;
        Step step;
        step.package = m_meta.findPackage(u.pkgId);
        step.lib = static_cast<int>(i);
        m_stepOfUnit[i] = static_cast<int>(m_steps.size());
        m_steps.push_back(std::move(step));
    }
    // A binary joins its package's library step when it uses that library; binaries of a package
    // without one share a step (same features, same build script run).
    std::map<QString, int> binSteps;
    for (std::size_t i = 0; i < m_units.size(); ++i) {
        const Unit &u = m_units[i];
        if (u.mode != QLatin1String("build") || !u.isBin() || u.isBuildScriptCompile())
            continue;
        int stepIndex = -1;
        for (const auto &d : u.dependencies) {
            const Unit &dep = m_units[static_cast<std::size_t>(d.index)];
            if (dep.pkgId == u.pkgId && dep.mode == QLatin1String("build") && dep.isLibrary())
                stepIndex = m_stepOfUnit[static_cast<std::size_t>(d.index)];
        }
        if (stepIndex < 0) {
            int run = -1;
            for (const auto &d : u.dependencies)
                if (m_units[static_cast<std::size_t>(d.index)].isBuildScriptRun())
                    run = d.index;
            const QString key = u.pkgId + QLatin1Char('|') + sorted(u.features).join(QLatin1Char(',')) +
                                QLatin1Char('|') + QString::number(run);
            const auto found = binSteps.find(key);
            if (found != binSteps.end()) {
                stepIndex = found->second;
            } else {
                Step step;
                step.package = m_meta.findPackage(u.pkgId);
                stepIndex = static_cast<int>(m_steps.size());
                binSteps.emplace(key, stepIndex);
                m_steps.push_back(std::move(step));
            }
        }
        m_steps[static_cast<std::size_t>(stepIndex)].bins.push_back(static_cast<int>(i));
        m_stepOfUnit[i] = stepIndex;
    }
    if (m_steps.empty()) {
        m_error = QStringLiteral("the unit graph has no library or binary to build");
        return false;
    }
    // The build script run each step folds in. Should two steps fold the same run (one package
    // built twice with equal features), dependents read DEP_* from the one with a library and the
    // smallest profile key, so that the choice does not depend on cargo's unit order.
    auto ownerKey = [this](const Step &step) {
        const Unit &u = m_units[static_cast<std::size_t>(step.lib >= 0 ? step.lib : step.bins.front())];
        return QStringLiteral("%1 %2").arg(step.lib >= 0 ? 0 : 1).arg(codegenFlags(u).join(QLatin1Char(' ')));
    };
    for (std::size_t s = 0; s < m_steps.size(); ++s) {
        Step &step = m_steps[s];
        std::vector<int> members = step.bins;
        if (step.lib >= 0)
            members.insert(members.begin(), step.lib);
        for (int m : members)
            for (const auto &d : m_units[static_cast<std::size_t>(m)].dependencies) {
                if (!m_units[static_cast<std::size_t>(d.index)].isBuildScriptRun())
                    continue;
                if (step.run >= 0 && step.run != d.index) {
                    m_error =
                        QStringLiteral("%1: its targets need different build script runs").arg(unitName(m));
                    return false;
                }
                step.run = d.index;
            }
        if (step.run < 0)
            continue;
        const auto [owner, inserted] = m_runOwner.emplace(step.run, static_cast<int>(s));
        if (!inserted && ownerKey(step) < ownerKey(m_steps[static_cast<std::size_t>(owner->second)]))
            owner->second = static_cast<int>(s);
    }
    for (std::size_t s = 0; s < m_steps.size(); ++s)
        if (!wireStep(static_cast<int>(s)))
            return false;
    for (int root : m_graph.roots())
        if (const int s = m_stepOfUnit[static_cast<std::size_t>(root)]; s >= 0)
            m_steps[static_cast<std::size_t>(s)].primary = true;
    return true;
}

bool PerCratePlanner::wireStep(int self)
{
    Step &step = m_steps[static_cast<std::size_t>(self)];
    std::vector<int> members = step.bins;
    if (step.lib >= 0)
        members.insert(members.begin(), step.lib);
    for (int m : members)
        for (const auto &d : m_units[static_cast<std::size_t>(m)].dependencies) {
            const Unit &dep = m_units[static_cast<std::size_t>(d.index)];
            if (dep.isBuildScriptRun())
                continue;
            const int target = dep.mode == QLatin1String("build") && dep.isLibrary()
                                   ? m_stepOfUnit[static_cast<std::size_t>(d.index)]
                                   : -1;
            if (target < 0) {
                m_error = QStringLiteral("%1 depends on %2, which this model cannot build")
                              .arg(unitName(m), unitName(d.index));
                return false;
            }
            if (target == self)
                continue; // a binary's own library: built in the same step
            const auto [it, inserted] = step.deps.emplace(d.externCrateName, target);
            if (!inserted && it->second != target) {
                m_error = QStringLiteral("%1: extern name '%2' stands for two different crates")
                              .arg(unitName(m), d.externCrateName);
                return false;
            }
            if (d.noprelude)
                step.noprelude.insert(d.externCrateName);
        }
    if (step.run < 0)
        return true;

    const Unit &run = m_units[static_cast<std::size_t>(step.run)];
    for (const auto &d : run.dependencies) {
        const Unit &dep = m_units[static_cast<std::size_t>(d.index)];
        if (dep.isBuildScriptCompile() && dep.pkgId == run.pkgId) {
            step.script = d.index;
        } else if (dep.isBuildScriptRun()) {
            // A run → run edge: the dependency's build script metadata (DEP_<LINKS>_<KEY>).
            const CargoPackage *p = m_meta.findPackage(dep.pkgId);
            if (p->links.isEmpty())
                continue;
            const auto owner = m_runOwner.find(d.index);
            if (owner == m_runOwner.end()) {
                m_error = QStringLiteral("%1 needs the build script output of %2, which no crate step runs")
                              .arg(unitName(step.run), unitName(d.index));
                return false;
            }
            step.linksDeps.emplace(p->links, owner->second);
        } else {
            m_error = QStringLiteral("build script run %1 depends on %2: not supported")
                          .arg(unitName(step.run), unitName(d.index));
            return false;
        }
    }
    if (step.script < 0) {
        m_error =
            QStringLiteral("%1: the build script run has no compiled build script").arg(unitName(step.run));
        return false;
    }
    for (const auto &d : m_units[static_cast<std::size_t>(step.script)].dependencies) {
        const Unit &dep = m_units[static_cast<std::size_t>(d.index)];
        const int target = dep.mode == QLatin1String("build") && dep.isLibrary()
                               ? m_stepOfUnit[static_cast<std::size_t>(d.index)]
                               : -1;
        if (target < 0) {
            m_error = QStringLiteral("build script %1 depends on %2, which this model cannot build")
                          .arg(unitName(step.script), unitName(d.index));
            return false;
        }
        step.scriptDeps.emplace(d.externCrateName, target);
    }
    return true;
}

bool PerCratePlanner::visit(int s, std::vector<int> &state)
{
    if (state[static_cast<std::size_t>(s)] == 2)
        return true;
    if (state[static_cast<std::size_t>(s)] == 1) {
        m_error = QStringLiteral("the crate graph has a cycle through %1")
                      .arg(m_steps[static_cast<std::size_t>(s)].package->name);
        return false;
    }
    state[static_cast<std::size_t>(s)] = 1;
    const Step &step = m_steps[static_cast<std::size_t>(s)];
    for (const auto *edges : {&step.deps, &step.scriptDeps, &step.linksDeps})
        for (const auto &[name, target] : *edges)
            if (!visit(target, state))
                return false;
    state[static_cast<std::size_t>(s)] = 2;
    m_topo.push_back(s);
    return true;
}

bool PerCratePlanner::order()
{
    std::vector<int> state(m_steps.size(), 0);
    for (std::size_t s = 0; s < m_steps.size(); ++s)
        if (!visit(static_cast<int>(s), state))
            return false;
    return true;
}

QString PerCratePlanner::packageIdentity(const CargoPackage &p) const
{
    // Path packages by their place in the workspace, so that a copy elsewhere hashes the same.
    if (p.isLocal())
        return QStringLiteral("path %1 %2 %3")
            .arg(QDir(m_meta.workspaceRoot()).relativeFilePath(p.manifestDir()), p.name, p.version);
    return QStringLiteral("%1 %2 %3").arg(p.source, p.name, p.version);
}

QStringList PerCratePlanner::unitIdentity(int index) const
{
    const Unit &u = m_units[static_cast<std::size_t>(index)];
    return {QString::fromLatin1(kHashScheme),
            QStringLiteral("rustc ") + m_options.rustcVersion,
            QStringLiteral("package ") + packageIdentity(*m_meta.findPackage(u.pkgId)),
            QStringLiteral("target %1 %2 %3 %4")
                .arg(u.target.name, u.target.kinds.join(QLatin1Char(',')),
                     u.target.crateTypes.join(QLatin1Char(',')), u.target.edition),
            QStringLiteral("mode ") + u.mode,
            QStringLiteral("features ") + sorted(u.features).join(QLatin1Char(',')),
            QStringLiteral("codegen ") + codegenFlags(u).join(QLatin1Char(' '))};
}

void PerCratePlanner::hashSteps()
{
    // Dependencies first: each identity includes its dependencies' identities, like cargo's.
    for (int s : m_topo) {
        Step &step = m_steps[static_cast<std::size_t>(s)];
        if (step.script >= 0) {
            QStringList lines = unitIdentity(step.script);
            for (const auto &[name, target] : step.scriptDeps)
                lines
                    << QStringLiteral("dep %1=%2").arg(name, m_steps[static_cast<std::size_t>(target)].hash);
            step.unitHash[step.script] = hashLines(lines);
            const Unit &run = m_units[static_cast<std::size_t>(step.run)];
            QStringList runLines = unitIdentity(step.run);
            runLines << QStringLiteral("script ") + step.unitHash[step.script];
            for (const auto &[links, target] : step.linksDeps)
                runLines << QStringLiteral("links %1=%2")
                                .arg(links, m_steps[static_cast<std::size_t>(target)].hash);
            runLines << QStringLiteral("run %1 %2 %3")
                            .arg(run.profile.name, run.profile.optLevel, run.profile.debuginfo);
            step.runHash = hashLines(runLines);
        }
        QStringList common;
        for (const auto &[name, target] : step.deps)
            common << QStringLiteral("dep %1%2=%3")
                          .arg(step.noprelude.contains(name) ? QStringLiteral("noprelude:") : QString(), name,
                               m_steps[static_cast<std::size_t>(target)].hash);
        if (!step.runHash.isEmpty())
            common << QStringLiteral("build-script ") + step.runHash;
        if (step.lib >= 0)
            step.unitHash[step.lib] = hashLines(unitIdentity(step.lib) + common);
        for (int b : step.bins) {
            QStringList lines = unitIdentity(b) + common;
            if (step.lib >= 0)
                lines << QStringLiteral("lib ") + step.unitHash[step.lib];
            step.unitHash[b] = hashLines(lines);
        }
        step.hash = step.unitHash[step.lib >= 0 ? step.lib : step.bins.front()];
    }
}

void PerCratePlanner::name()
{
    std::map<QString, int> count;
    for (const Step &s : m_steps)
        ++count[s.package->name + QLatin1Char('-') + s.package->version];
    for (Step &s : m_steps) {
        s.attr = s.package->name + QLatin1Char('-') + s.package->version;
        // The same package built twice (e.g. as a build-dependency with other features).
        if (count[s.attr] > 1)
            s.attr += QLatin1Char('-') + s.hash.left(8);
    }
}

QString PerCratePlanner::relativeRoot(const Step &step, int unit, QString &root)
{
    const QString dir = step.package->manifestDir();
    const QString src = m_units[static_cast<std::size_t>(unit)].target.srcPath;
    root = QDir(dir).relativeFilePath(src);
    if (src.isEmpty() || root.startsWith(QLatin1String("../")) || QDir::isAbsolutePath(root))
        return QStringLiteral("%1: its source %2 lies outside the package folder %3")
            .arg(unitName(unit), src, dir);
    return {};
}

bool PerCratePlanner::describeSources()
{
    QStringList localDirs;
    for (const CargoPackage &p : m_meta.packages())
        if (p.isLocal())
            localDirs << p.manifestDir();
    localDirs.sort();

    for (const Step &step : m_steps) {
        const CargoPackage &p = *step.package;
        std::vector<int> units = step.bins;
        if (step.lib >= 0)
            units.push_back(step.lib);
        if (step.script >= 0)
            units.push_back(step.script);
        for (int u : units) {
            QString root;
            if (const QString problem = relativeRoot(step, u, root); !problem.isEmpty()) {
                m_error = problem;
                return false;
            }
            m_roots[u] = root;
        }
        if (m_source.count(&p))
            continue;
        const QString dir = p.manifestDir();
        if (p.isLocal()) {
            QString rel = QDir(m_meta.workspaceRoot()).relativeFilePath(dir);
            if (rel == QLatin1String("."))
                rel.clear();
            // Packages nested in this one's folder are their own steps: keep them out of its source.
            QStringList nested;
            for (const QString &other : std::as_const(localDirs))
                if (other.startsWith(dir + QLatin1Char('/')))
                    nested << QDir(dir).relativeFilePath(other);
            m_source[&p] =
                QStringLiteral("{ local = %1; exclude = %2; }").arg(nixString(rel), nixList(nested, 6));
        } else if (p.source.startsWith(QLatin1String("registry+")) ||
                   p.source.startsWith(QLatin1String("sparse+"))) {
            const QString parent = QFileInfo(dir).path();
            if (m_registryParent.isEmpty())
                m_registryParent = parent;
            if (parent != m_registryParent) {
                m_error = QStringLiteral("registry crates come from two folders, %1 and %2: the model takes "
                                         "one registry folder")
                              .arg(m_registryParent, parent);
                return false;
            }
            m_source[&p] = QStringLiteral("{ registry = %1; }").arg(nixString(QFileInfo(dir).fileName()));
        } else {
            m_error =
                QStringLiteral("%1 %2 comes from %3: only registry crates and path dependencies work offline")
                    .arg(p.name, p.version, p.source);
            return false;
        }
    }
    return true;
}

QString PerCratePlanner::emitStep(const Step &step) const
{
    const CargoPackage &p = *step.package;
    const Unit &first = m_units[static_cast<std::size_t>(step.lib >= 0 ? step.lib : step.bins.front())];
    const QStringList codegen = codegenFlags(first);
    auto ref = [this](int s) {
        return QStringLiteral("crates.%1").arg(nixString(m_steps[static_cast<std::size_t>(s)].attr));
    };
    auto depsBlock = [&](const std::map<QString, int> &deps, int indent) -> QString {
        if (deps.empty())
            return QStringLiteral("{ }");
        QString out = QStringLiteral("{\n");
        for (const auto &[name, target] : deps)
            out += QString(indent + 2, QLatin1Char(' ')) + nixKey(name) + QStringLiteral(" = ") +
                   ref(target) + QStringLiteral(";\n");
        return out + QString(indent, QLatin1Char(' ')) + QLatin1Char('}');
    };

    QString o;
    o += QStringLiteral("    %1 = crate {\n").arg(nixString(step.attr));
    o += QStringLiteral("      name = %1;\n").arg(nixString(p.name));
    o += QStringLiteral("      version = %1;\n").arg(nixString(p.version));
    o += QStringLiteral("      source = %1;\n").arg(m_source.at(&p));
    if (step.primary)
        o += QStringLiteral("      primary = true;\n");
    if (!p.links.isEmpty())
        o += QStringLiteral("      links = %1;\n").arg(nixString(p.links));
    o += QStringLiteral("      features = %1;\n").arg(nixList(sorted(first.features), 6));
    o += QStringLiteral("      codegen = %1;\n").arg(nixList(codegen, 6));
    if (step.lib >= 0) {
        const Unit &lib = m_units[static_cast<std::size_t>(step.lib)];
        o += QStringLiteral(
                 "      lib = { name = %1; path = %2; edition = %3; types = %4; metadata = %5; };\n")
                 .arg(nixString(crateName(lib.target.name)), nixString(m_roots.at(step.lib)),
                      nixString(lib.target.edition), nixList(lib.target.crateTypes, 8),
                      nixString(step.unitHash.at(step.lib)));
    }
    if (!step.bins.empty()) {
        o += QStringLiteral("      bins = [\n");
        for (int b : step.bins) {
            const Unit &bin = m_units[static_cast<std::size_t>(b)];
            const QStringList own = codegenFlags(bin);
            o +=
                QStringLiteral("        { name = %1; path = %2; edition = %3; metadata = %4;%5 }\n")
                    .arg(nixString(bin.target.name), nixString(m_roots.at(b)), nixString(bin.target.edition),
                         nixString(step.unitHash.at(b)),
                         own == codegen ? QString() : QStringLiteral(" codegen = %1;").arg(nixList(own, 10)));
        }
        o += QStringLiteral("      ];\n");
    }
    o += QStringLiteral("      deps = %1;\n").arg(depsBlock(step.deps, 6));
    if (!step.noprelude.isEmpty())
        o += QStringLiteral("      noprelude = %1;\n").arg(nixList(sorted(step.noprelude.values()), 6));
    if (step.script >= 0) {
        const Unit &script = m_units[static_cast<std::size_t>(step.script)];
        const Unit &run = m_units[static_cast<std::size_t>(step.run)];
        const bool release =
            run.profile.name == QLatin1String("release") || run.profile.name == QLatin1String("bench");
        o += QStringLiteral("      buildScript = {\n");
        o += QStringLiteral("        name = %1;\n").arg(nixString(crateName(script.target.name)));
        o += QStringLiteral("        path = %1;\n").arg(nixString(m_roots.at(step.script)));
        o += QStringLiteral("        edition = %1;\n").arg(nixString(script.target.edition));
        o += QStringLiteral("        metadata = %1;\n").arg(nixString(step.unitHash.at(step.script)));
        o += QStringLiteral("        features = %1;\n").arg(nixList(sorted(script.features), 8));
        o += QStringLiteral("        codegen = %1;\n").arg(nixList(codegenFlags(script), 8));
        o += QStringLiteral("        deps = %1;\n").arg(depsBlock(step.scriptDeps, 8));
        if (!step.linksDeps.empty())
            o += QStringLiteral("        links = %1;\n").arg(depsBlock(step.linksDeps, 8));
        o += QStringLiteral("        run = {\n"
                            "          features = %1;\n"
                            "          optLevel = %2; debug = %3; debugAssertions = %4; profile = %5;\n"
                            "        };\n")
                 .arg(nixList(sorted(run.features), 10), nixString(run.profile.optLevel),
                      run.profile.debuginfo != QLatin1String("0") ? QStringLiteral("true")
                                                                  : QStringLiteral("false"),
                      run.profile.debugAssertions ? QStringLiteral("true") : QStringLiteral("false"),
                      nixString(release ? QStringLiteral("release") : QStringLiteral("debug")));
        o += QStringLiteral("      };\n");
    }
    // CARGO_PKG_* values, only those the manifest sets.
    QStringList meta;
    auto field = [&meta](const char *key, const QString &value) {
        if (!value.isEmpty())
            meta << QStringLiteral("        %1 = %2;\n").arg(QLatin1String(key), nixString(value));
    };
    field("authors", p.authors.join(QLatin1Char(':')));
    field("description", p.description);
    field("homepage", p.homepage);
    field("license", p.license);
    field("licenseFile", p.licenseFile);
    field("readme", p.readme);
    field("repository", p.repository);
    field("rustVersion", p.rustVersion);
    if (!meta.isEmpty())
        o += QStringLiteral("      meta = {\n") + meta.join(QString()) + QStringLiteral("      };\n");
    o += QStringLiteral("    };\n");
    return o;
}

QString PerCratePlanner::emit() const
{
    std::vector<int> order(m_steps.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = static_cast<int>(i);
    std::sort(order.begin(), order.end(), [this](int a, int b) {
        return m_steps[static_cast<std::size_t>(a)].attr < m_steps[static_cast<std::size_t>(b)].attr;
    });

    std::map<QString, QString> roots; // package name → attr
    QStringList rootNames;
    for (int r : m_graph.roots()) {
        const int s = m_stepOfUnit[static_cast<std::size_t>(r)];
        if (s < 0)
            continue;
        const Step &step = m_steps[static_cast<std::size_t>(s)];
        roots.emplace(step.package->name, step.attr);
    }
    for (const auto &[name, attr] : roots)
        rootNames << name;
    const QString profile =
        m_units[static_cast<std::size_t>(m_graph.roots().empty() ? 0 : m_graph.roots().front())].profile.name;
    int scripts = 0;
    int macros = 0;
    for (const Step &s : m_steps) {
        scripts += s.script >= 0 ? 1 : 0;
        macros += s.lib >= 0 && m_units[static_cast<std::size_t>(s.lib)].isProcMacro() ? 1 : 0;
    }

    QString o;
    o += QStringLiteral(
        "# Generated by Flakeoff (flakeoff-cli generate-per-crate): do not edit. Generate it again\n"
        "# after any change to a Cargo.toml, Cargo.lock or the Rust toolchain.\n");
    o += QStringLiteral("# One derivation per crate step of `cargo build --unit-graph -p %1` (profile %2).\n"
                        "# Crates: %3; with a build script (compiled and run in the crate's step): %4; "
                        "proc-macros: %5.\n")
             .arg(rootNames.join(QStringLiteral(" -p ")), profile)
             .arg(m_steps.size())
             .arg(scripts)
             .arg(macros);
    o += QStringLiteral(
        "# variants/offline/per-crate/default.nix gives `mkCrate`, which makes each entry a derivation.\n");
    o += QStringLiteral("{ mkCrate }:\nlet\n");
    o += QStringLiteral("  generatedWith = {\n    rustc = %1;\n    host = %2;\n    profile = %3;\n  };\n")
             .arg(nixString(m_options.rustcVersion), nixString(m_options.host), nixString(profile));
    o += QStringLiteral("  crate = args: mkCrate (args // { inherit generatedWith; });\n");
    o += QStringLiteral("  crates = {\n");
    for (int s : order)
        o += emitStep(m_steps[static_cast<std::size_t>(s)]);
    o += QStringLiteral("  };\nin\n{\n  inherit crates generatedWith;\n  roots = {\n");
    for (const auto &[name, attr] : roots)
        o += QStringLiteral("    %1 = crates.%2;\n").arg(nixKey(name), nixString(attr));
    o += QStringLiteral("  };\n}\n");
    return o;
}

PerCrateResult PerCratePlanner::run()
{
    PerCrateResult result;
    if (!check() || !makeSteps() || !order()) {
        result.error = m_error;
        return result;
    }
    hashSteps();
    name();
    if (!describeSources()) {
        result.error = m_error;
        return result;
    }
    result.nix = emit().toUtf8();
    result.crateCount = static_cast<int>(m_steps.size());
    for (const Step &s : m_steps) {
        result.buildScriptCount += s.script >= 0 ? 1 : 0;
        result.procMacroCount += s.lib >= 0 && m_units[static_cast<std::size_t>(s.lib)].isProcMacro() ? 1 : 0;
        if (s.primary)
            result.roots << s.attr;
    }
    result.roots.sort();
    return result;
}

} // namespace flakeoff
