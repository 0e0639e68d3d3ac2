// SPDX-License-Identifier: MIT
#include "CargoNixWriter.h"

#include "CargoLock.h"
#include "CargoManifestProfiles.h"
#include "CargoPlatform.h"
#include "NixBoolExpr.h"

#include <QCryptographicHash>
#include <QDir>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

#include <algorithm>
#include <map>
#include <set>

namespace flakeoff {

namespace {

// cargo's DepKind order (Normal < Development < Build), the order of its dependency maps.
enum DepKind
{
    Normal = 0,
    Development = 1,
    Build = 2
};

DepKind depKind(const QString &kind)
{
    if (kind == QLatin1String("dev"))
        return Development;
    return kind == QLatin1String("build") ? Build : Normal;
}

// A semver pre-release or build part: dot-separated identifiers, numeric ones below others.
int compareIdentifiers(const QString &a, const QString &b)
{
    const QStringList x = a.split(QLatin1Char('.'));
    const QStringList y = b.split(QLatin1Char('.'));
    for (qsizetype i = 0; i < std::min(x.size(), y.size()); ++i) {
        bool xNumeric = false;
        bool yNumeric = false;
        const qulonglong xn = x[i].toULongLong(&xNumeric);
        const qulonglong yn = y[i].toULongLong(&yNumeric);
        if (xNumeric && yNumeric && xn != yn)
            return xn < yn ? -1 : 1;
        if (xNumeric != yNumeric)
            return xNumeric ? -1 : 1;
        if (const int c = x[i].compare(y[i]); !xNumeric && c != 0)
            return c;
    }
    return x.size() == y.size() ? 0 : x.size() < y.size() ? -1 : 1;
}

// semver's version order: major, minor, patch, then a pre-release below the release.
int compareVersions(const QString &a, const QString &b)
{
    auto split = [](const QString &v, QString &pre, QString &build) {
        QString core = v;
        if (const qsizetype plus = core.indexOf(QLatin1Char('+')); plus >= 0) {
            build = core.mid(plus + 1);
            core.truncate(plus);
        }
        if (const qsizetype dash = core.indexOf(QLatin1Char('-')); dash >= 0) {
            pre = core.mid(dash + 1);
            core.truncate(dash);
        }
        return core.split(QLatin1Char('.'));
    };
    QString preA, buildA, preB, buildB;
    const QStringList x = split(a, preA, buildA);
    const QStringList y = split(b, preB, buildB);
    for (qsizetype i = 0; i < 3; ++i) {
        const qulonglong xn = i < x.size() ? x[i].toULongLong() : 0;
        const qulonglong yn = i < y.size() ? y[i].toULongLong() : 0;
        if (xn != yn)
            return xn < yn ? -1 : 1;
    }
    if (preA.isEmpty() != preB.isEmpty())
        return preA.isEmpty() ? 1 : -1;
    if (const int c = compareIdentifiers(preA, preB); c != 0)
        return c;
    return compareIdentifiers(buildA, buildB);
}

// cargo's SourceKind order: path, registry, sparse registry, local registry, directory, git.
int sourceRank(const QString &source)
{
    if (source.isEmpty())
        return 0;
    static const QStringList prefixes{QStringLiteral("registry+"), QStringLiteral("sparse+"),
                                      QStringLiteral("local-registry+"), QStringLiteral("directory+"),
                                      QStringLiteral("git+")};
    for (qsizetype i = 0; i < prefixes.size(); ++i)
        if (source.startsWith(prefixes[i]))
            return static_cast<int>(i) + 1;
    return 6;
}

// cargo's PackageId order (name, version, source), the order of cargo2nix's crate list.
bool packageBefore(const CargoPackage *a, const CargoPackage *b)
{
    if (const int c = a->name.compare(b->name); c != 0)
        return c < 0;
    if (const int c = compareVersions(a->version, b->version); c != 0)
        return c < 0;
    if (sourceRank(a->source) != sourceRank(b->source))
        return sourceRank(a->source) < sourceRank(b->source);
    const QString x = a->isLocal() ? a->manifestDir() : a->source;
    const QString y = b->isLocal() ? b->manifestDir() : b->source;
    return x < y;
}

// cargo2nix's Optionality: always there, or there when one of these root features is on.
struct Optionality
{
    bool required = false;
    std::set<std::pair<QString, QString>> activatedBy; // (member, feature), in that order

    void activate(const QString &member, const QString &feature)
    {
        if (!required)
            activatedBy.emplace(member, feature);
    }
    NixBoolExpr condition() const
    {
        if (required)
            return NixBoolExpr::truth();
        std::vector<NixBoolExpr> any;
        for (const auto &[member, feature] : activatedBy)
            any.push_back(NixBoolExpr::single(QStringLiteral("rootFeatures' ? ") +
                                              NixBoolExpr::debugQuoted(member + QLatin1Char('/') + feature)));
        return NixBoolExpr::ors(std::move(any));
    }
};

struct ResolvedDependency
{
    const CargoPackage *package = nullptr;
    DepKind kind = Normal;
    QString externName;
    Optionality optionality;
    bool everyPlatform = false;
    std::vector<CargoPlatform> platforms; // sorted, unique; unused when everyPlatform
};

struct ResolvedPackage
{
    const CargoPackage *package = nullptr;
    std::map<QString, Optionality> features;
    std::vector<ResolvedDependency> dependencies; // in cargo's (package, kind) order
};

std::map<QString, const CargoResolveNode *> nodesById(const CargoMetadata &metadata)
{
    std::map<QString, const CargoResolveNode *> nodes;
    for (const CargoResolveNode &n : metadata.resolveNodes())
        nodes.emplace(n.id, &n);
    return nodes;
}

QSet<QString> dependencyIds(const CargoResolveNode *node)
{
    QSet<QString> ids;
    if (node)
        for (const CargoResolveDep &d : node->deps)
            ids.insert(d.package);
    return ids;
}

QSet<QString> featureSet(const CargoResolveNode *node)
{
    return node ? QSet<QString>(node->features.begin(), node->features.end()) : QSet<QString>();
}

bool isProcMacro(const CargoPackage &p)
{
    for (const CargoTarget &t : p.targets)
        if (t.kinds.contains(QLatin1String("proc-macro")))
            return true;
    return false;
}

// cargo2nix's registry string: "unknown" for path packages, git+URL without reference for git,
// the source as it is for registries.
QString registryOf(const CargoPackage &p)
{
    if (p.isLocal())
        return QStringLiteral("unknown");
    if (p.source.startsWith(QLatin1String("git+"))) {
        QString url = p.source;
        if (const qsizetype cut = url.indexOf(QRegularExpression(QStringLiteral("[?#]"))); cut >= 0)
            url.truncate(cut);
        return url;
    }
    return p.source;
}

class Writer
{
public:
    explicit Writer(const CargoNixInput &input) : m_in(input) {}
    CargoNixResult run();

private:
    bool resolve();
    bool markRequired();
    void markFeatureActivations();
    bool sourceOf(const ResolvedPackage &rp, QString &out);
    QString header(const std::map<QString, QString> &profiles) const;
    QString crate(const ResolvedPackage &rp, const QString &source, int &conditional) const;
    QString dependencyLine(const ResolvedDependency &d, bool build, int &conditional) const;
    bool fail(const QString &why)
    {
        m_error = why;
        return false;
    }

    const CargoNixInput &m_in;
    std::vector<ResolvedPackage> m_packages;
    std::map<QString, std::size_t> m_index; // package id → m_packages
    std::optional<CargoLock> m_lock;
    QString m_error;
};

bool Writer::resolve()
{
    const auto nodes = nodesById(m_in.allFeatures);
    std::vector<const CargoPackage *> order;
    for (const CargoPackage &p : m_in.allFeatures.packages())
        order.push_back(&p);
    std::sort(order.begin(), order.end(), packageBefore);
    for (const CargoPackage *p : order) {
        ResolvedPackage rp;
        rp.package = p;
        const auto node = nodes.find(p->id);
        if (node == nodes.end())
            return fail(QStringLiteral("package %1 %2 is listed but not resolved in cargo's metadata")
                            .arg(p->name, p->version));
        for (const QString &f : node->second->features)
            rp.features.emplace(f, Optionality{});
        for (const CargoResolveDep &d : node->second->deps) {
            const CargoPackage *dep = m_in.allFeatures.findPackage(d.package);
            if (!dep)
                return fail(QStringLiteral("%1 depends on %2, which cargo's metadata does not list")
                                .arg(p->name, d.package));
            for (qsizetype i = 0; i < d.kinds.size(); ++i) {
                const DepKind kind = depKind(d.kinds[i]);
                auto it = std::find_if(
                    rp.dependencies.begin(), rp.dependencies.end(),
                    [&](const ResolvedDependency &r) { return r.package == dep && r.kind == kind; });
                if (it == rp.dependencies.end()) {
                    ResolvedDependency r;
                    r.package = dep;
                    r.kind = kind;
                    r.externName = d.name;
                    rp.dependencies.push_back(std::move(r));
                    it = std::prev(rp.dependencies.end());
                }
                const QString target = i < d.targets.size() ? d.targets[i] : QString();
                if (target.isEmpty()) {
                    it->everyPlatform = true;
                    continue;
                }
                QString why;
                const auto platform = CargoPlatform::parse(target, why);
                if (!platform)
                    return fail(QStringLiteral("%1's dependency on %2: %3").arg(p->name, dep->name, why));
                if (std::find(it->platforms.begin(), it->platforms.end(), *platform) == it->platforms.end())
                    it->platforms.push_back(*platform);
            }
        }
        for (ResolvedDependency &d : rp.dependencies)
            std::sort(d.platforms.begin(), d.platforms.end());
        std::sort(rp.dependencies.begin(), rp.dependencies.end(),
                  [](const ResolvedDependency &a, const ResolvedDependency &b) {
                      if (a.package != b.package)
                          return packageBefore(a.package, b.package);
                      return a.kind < b.kind;
                  });
        m_index.emplace(p->id, m_packages.size());
        m_packages.push_back(std::move(rp));
    }
    return true;
}

// What the no-feature resolve holds is there whatever root features are chosen.
bool Writer::markRequired()
{
    for (const CargoResolveNode &n : m_in.noFeatures.resolveNodes()) {
        const auto at = m_index.find(n.id);
        if (at == m_index.end())
            return fail(QStringLiteral("package %1 is resolved without features but not with all of them "
                                       "(were both resolves made from the same workspace and Cargo.lock?)")
                            .arg(n.id));
        ResolvedPackage &rp = m_packages[at->second];
        for (const QString &f : n.features) {
            const auto feature = rp.features.find(f);
            if (feature == rp.features.end())
                return fail(QStringLiteral("feature %1 of %2 is on without features but not with all of them")
                                .arg(f, rp.package->name));
            feature->second.required = true;
        }
        const QSet<QString> deps = dependencyIds(&n);
        for (ResolvedDependency &d : rp.dependencies)
            if (deps.contains(d.package->id))
                d.optionality.required = true;
    }
    return true;
}

// What appears only when one member's feature is on is conditioned on that root feature.
void Writer::markFeatureActivations()
{
    const auto none = nodesById(m_in.noFeatures);
    for (const CargoNixFeatureRun &run : m_in.featureRuns) {
        const auto just = nodesById(run.metadata);
        for (ResolvedPackage &rp : m_packages) {
            const auto noneNode = none.find(rp.package->id);
            const auto justNode = just.find(rp.package->id);
            const CargoResolveNode *n0 = noneNode == none.end() ? nullptr : noneNode->second;
            const CargoResolveNode *n1 = justNode == just.end() ? nullptr : justNode->second;
            const QSet<QString> depsNone = dependencyIds(n0);
            const QSet<QString> depsJust = dependencyIds(n1);
            for (ResolvedDependency &d : rp.dependencies)
                if (!depsNone.contains(d.package->id) && depsJust.contains(d.package->id))
                    d.optionality.activate(run.member, run.feature);
            const QSet<QString> featuresNone = featureSet(n0);
            const QSet<QString> featuresJust = featureSet(n1);
            for (auto &[name, optionality] : rp.features)
                if (!featuresNone.contains(name) && featuresJust.contains(name))
                    optionality.activate(run.member, run.feature);
        }
    }
    // Dev-dependencies cannot be optional.
    for (ResolvedPackage &rp : m_packages)
        for (ResolvedDependency &d : rp.dependencies)
            if (d.kind == Development)
                d.optionality.required = true;
}

bool Writer::sourceOf(const ResolvedPackage &rp, QString &out)
{
    const CargoPackage &p = *rp.package;
    if (p.isLocal()) {
        const QString relative = QDir(m_in.allFeatures.workspaceRoot()).relativeFilePath(p.manifestDir());
        if (m_in.pathDependenciesOwnFolder && !m_in.allFeatures.isMember(p.id) &&
            relative != QLatin1String("."))
            out = QStringLiteral("fetchCrateLocal (workspaceSrc + \"/%1\")").arg(relative);
        else
            out = QStringLiteral("fetchCrateLocal workspaceSrc");
        return true;
    }
    const int rank = sourceRank(p.source);
    if (rank >= 1 && rank <= 3) { // any registry: cargo2nix fetches them all as crates.io tarballs
        const LockedPackage *locked = m_lock->find(p.name, p.version, p.source);
        if (!locked)
            return fail(
                QStringLiteral("%1 %2 is not in the Cargo.lock to record (was the workspace resolved with "
                               "another lock?)")
                    .arg(p.name, p.version));
        if (locked->checksum.isEmpty())
            return fail(
                QStringLiteral("Cargo.lock has no checksum for %1 %2: cargo2nix's format fetches every "
                               "registry crate by its sha256")
                    .arg(p.name, p.version));
        static const QRegularExpression sha256(QStringLiteral("^[0-9a-f]{64}$"));
        if (!sha256.match(locked->checksum).hasMatch())
            return fail(
                QStringLiteral("Cargo.lock's checksum of %1 %2 is not a sha256 (\"%3\"): a lock made from "
                               "Debian's crate sources needs the offline preparation's checksums")
                    .arg(p.name, p.version, locked->checksum));
        out =
            QStringLiteral("fetchCratesIo { inherit name version; sha256 = \"%1\"; }").arg(locked->checksum);
        return true;
    }
    if (rank == 5) {
        const qsizetype hash = p.source.indexOf(QLatin1Char('#'));
        if (hash < 0)
            return fail(QStringLiteral("git package %1 %2 has no pinned revision in its source (%3)")
                            .arg(p.name, p.version, p.source));
        const QString rev = p.source.mid(hash + 1);
        const QString url = registryOf(p).mid(4);
        QString branch;
        const QRegularExpressionMatch m =
            QRegularExpression(QStringLiteral("[?&]branch=([^&#]*)")).match(p.source.left(hash));
        if (m.hasMatch())
            branch = QUrl::fromPercentEncoding(m.captured(1).toUtf8());
        // The template's whitespace control joins the closing brace to the last line.
        out = QStringLiteral(
                  "fetchCrateGit {\n      url = \"%1\";\n      name = \"%2\";\n      version = \"%3\";\n"
                  "      rev = \"%4\";")
                  .arg(url, p.name, p.version, rev);
        if (!branch.isEmpty())
            out += QStringLiteral("\n      ref = \"%1\";").arg(branch);
        out += QStringLiteral("}");
        return true;
    }
    return fail(QStringLiteral("%1 %2 comes from a source cargo2nix's format cannot fetch: %3")
                    .arg(p.name, p.version, p.source));
}

QString Writer::dependencyLine(const ResolvedDependency &d, bool build, int &conditional) const
{
    NixBoolExpr platforms = NixBoolExpr::truth();
    if (!d.everyPlatform) {
        std::vector<NixBoolExpr> any;
        for (const CargoPlatform &p : d.platforms)
            any.push_back(p.condition(QStringLiteral("hostPlatform")));
        platforms = NixBoolExpr::ors(std::move(any));
    }
    const NixBoolExpr condition = d.optionality.condition().both(platforms).simplified();
    QString attribute = d.externName;
    if (!condition.isTrue()) {
        attribute = QStringLiteral("${ if %1 then \"%2\" else null }").arg(condition.toNix(), d.externName);
        ++conditional;
    }
    const bool hostSet = build || isProcMacro(*d.package);
    return QStringLiteral("\n      %1 = (%2.\"%3\".%4.\"%5\" %6).out;")
        .arg(attribute, hostSet ? QStringLiteral("buildRustPackages") : QStringLiteral("rustPackages"),
             registryOf(*d.package), d.package->name, d.package->version,
             hostSet ? QStringLiteral("{ profileName = \"__noProfile\"; }")
                     : QStringLiteral("{ inherit profileName; }"));
}

QString Writer::crate(const ResolvedPackage &rp, const QString &source, int &conditional) const
{
    const CargoPackage &p = *rp.package;
    const QString registry = registryOf(p);
    QString o =
        QStringLiteral("\n  \"%1\".%2.\"%3\" = overridableMkRustCrate (profileName: rec {\n"
                       "    name = \"%2\";\n    version = \"%3\";\n    registry = \"%1\";\n    src = %4;")
            .arg(registry, p.name, p.version, source);
    if (!rp.features.empty()) {
        o += QStringLiteral("\n    features = builtins.concatLists [");
        for (const auto &[name, optionality] : rp.features) {
            const NixBoolExpr condition = optionality.condition().simplified();
            if (condition.isTrue())
                o += QStringLiteral("\n      [ \"%1\" ]").arg(name);
            else
                o += QStringLiteral("\n      (lib.optional (%1) \"%2\")").arg(condition.toNix(), name);
        }
        o += QStringLiteral("\n    ];");
    }
    const std::pair<DepKind, const char *> blocks[] = {
        {Normal, "dependencies"}, {Development, "devDependencies"}, {Build, "buildDependencies"}};
    for (const auto &[kind, attr] : blocks) {
        QString lines;
        for (const ResolvedDependency &d : rp.dependencies)
            if (d.kind == kind)
                lines += dependencyLine(d, kind == Build, conditional);
        if (!lines.isEmpty())
            o += QStringLiteral("\n    %1 = {").arg(QLatin1String(attr)) + lines + QStringLiteral("\n    };");
    }
    return o + QStringLiteral("\n  });\n  ");
}

// Rust's str::escape_debug, which cargo2nix applies to each profile's TOML text.
QString escapeDebug(const QString &text)
{
    QString out;
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '\t':
            out += QStringLiteral("\\t");
            break;
        case '\r':
            out += QStringLiteral("\\r");
            break;
        case '\n':
            out += QStringLiteral("\\n");
            break;
        case '\\':
            out += QStringLiteral("\\\\");
            break;
        case '"':
            out += QStringLiteral("\\\"");
            break;
        case '\'':
            out += QStringLiteral("\\'");
            break;
        case 0:
            out += QStringLiteral("\\0");
            break;
        default:
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                out += QStringLiteral("\\u{%1}").arg(c.unicode(), 0, 16);
            else
                out += c;
        }
    }
    return out;
}

QString Writer::header(const std::map<QString, QString> &profiles) const
{
    QString first =
        QStringLiteral(
            "# This file was @generated by Flakeoff (flakeoff-cli generate-cargo-nix) in the format of "
            "cargo2nix %1")
            .arg(QLatin1String(CargoNixWriter::kCargo2nixVersion));
    if (!m_in.target.isEmpty())
        first += QStringLiteral(", for %1 only").arg(m_in.target);
    if (m_in.pathDependenciesOwnFolder)
        first += QStringLiteral(", path dependencies with their own folder as source");
    QString o =
        first + QStringLiteral(".\n# It is not intended to be manually edited.\n\nargs@{\n  release ? true,\n"
                               "  rootFeatures ? [");
    for (const QString &id : m_in.allFeatures.workspaceMembers())
        o += QStringLiteral("\n    \"%1/default\"").arg(m_in.allFeatures.findPackage(id)->name);
    o += QStringLiteral("\n  ],\n"
                        "  rustPackages,\n"
                        "  buildRustPackages,\n"
                        "  hostPlatform,\n"
                        "  hostPlatformCpu ? null,\n"
                        "  hostPlatformFeatures ? [],\n"
                        "  target ? null,\n"
                        "  codegenOpts ? null,\n"
                        "  profileOpts ? null,\n"
                        "  cargoUnstableFlags ? null,\n"
                        "  rustcLinkFlags ? null,\n"
                        "  rustcBuildFlags ? null,\n"
                        "  mkRustCrate,\n"
                        "  rustLib,\n"
                        "  lib,\n"
                        "  workspaceSrc,\n"
                        "  ignoreLockHash,\n"
                        "  cargoConfig ? {},\n"
                        "}:\n"
                        "let\n");
    o += QStringLiteral("  nixifiedLockHash = \"%1\";\n")
             .arg(QString::fromLatin1(
                 QCryptographicHash::hash(m_in.cargoLock, QCryptographicHash::Sha256).toHex()));
    o += QStringLiteral(
        "  workspaceSrc = if args.workspaceSrc == null then ./. else args.workspaceSrc;\n"
        "  currentLockHash = builtins.hashFile \"sha256\" (workspaceSrc + /Cargo.lock);\n"
        "  lockHashIgnored = if ignoreLockHash\n"
        "                  then builtins.trace \"Ignoring lock hash\" ignoreLockHash\n"
        "                  else ignoreLockHash;\n"
        "in if !lockHashIgnored && (nixifiedLockHash != currentLockHash) then\n"
        "  throw (\"Cargo.nix ${nixifiedLockHash} is out of sync with Cargo.lock ${currentLockHash}\")\n"
        "else let\n"
        "  inherit (rustLib) fetchCratesIo fetchCrateLocal fetchCrateGit fetchCrateAlternativeRegistry "
        "expandFeatures decideProfile genDrvsByProfile;\n"
        "  cargoConfig' = if cargoConfig != {} then cargoConfig else\n"
        "                 if builtins.pathExists ./.cargo/config then lib.importTOML ./.cargo/config else\n"
        "                 if builtins.pathExists ./.cargo/config.toml then lib.importTOML "
        "./.cargo/config.toml "
        "else {};\n"
        "  profilesByName = {");
    for (const auto &[name, toml] : profiles)
        o += QStringLiteral("\n    %1 = builtins.fromTOML \"%2\";")
                 .arg(name, escapeDebug(QString(toml).replace(QStringLiteral("${"), QStringLiteral("\\${"))));
    o += QStringLiteral(
        "\n  };\n"
        "  rootFeatures' = expandFeatures rootFeatures;\n"
        "  overridableMkRustCrate = f:\n"
        "    let\n"
        "      drvs = genDrvsByProfile profilesByName ({ profile, profileName }: mkRustCrate ({\n"
        "        inherit release profile hostPlatformCpu hostPlatformFeatures target profileOpts codegenOpts "
        "cargoUnstableFlags rustcLinkFlags rustcBuildFlags; \n"
        "        cargoConfig = cargoConfig';\n"
        "      } // (f profileName)));\n"
        "    in { compileMode ? null, profileName ? decideProfile compileMode release }:\n"
        "      let drv = drvs.${profileName}; in if compileMode == null then drv else drv.override { inherit "
        "compileMode; };\n"
        "in\n"
        "{\n");
    o += QStringLiteral("  cargo2nixVersion = \"%1\";\n  workspace = {")
             .arg(QLatin1String(CargoNixWriter::kCargo2nixVersion));
    for (const QString &id : m_in.allFeatures.workspaceMembers()) {
        const CargoPackage *p = m_in.allFeatures.findPackage(id);
        o += QStringLiteral("\n    %1 = rustPackages.unknown.%1.\"%2\";").arg(p->name, p->version);
    }
    return o + QStringLiteral("\n  };");
}

CargoNixResult Writer::run()
{
    CargoNixResult result;
    QString why;
    m_lock = CargoLock::parse(m_in.cargoLock, &why);
    if (!m_lock) {
        result.error = QStringLiteral("Cargo.lock: %1").arg(why);
        return result;
    }
    const auto profiles = CargoManifestProfiles::read(m_in.rootManifest, why);
    if (!profiles) {
        result.error = QStringLiteral("the workspace's Cargo.toml: %1").arg(why);
        return result;
    }
    if (m_in.allFeatures.workspaceMembers().isEmpty()) {
        result.error = QStringLiteral("the workspace has no members");
        return result;
    }
    if (!resolve() || !markRequired()) {
        result.error = m_error;
        return result;
    }
    markFeatureActivations();

    QString text = header(*profiles);
    for (const ResolvedPackage &rp : m_packages) {
        QString source;
        if (!sourceOf(rp, source)) {
            result.error = m_error;
            return result;
        }
        text += crate(rp, source, result.conditionalDependencies);
        result.localCount += rp.package->isLocal() ? 1 : 0;
    }
    text += QStringLiteral("\n}\n");
    result.nix = text.toUtf8();
    result.crateCount = static_cast<int>(m_packages.size());
    return result;
}

} // namespace

std::vector<CargoNixWriter::FeatureRequest> CargoNixWriter::featureRequests(const CargoMetadata &allFeatures)
{
    std::vector<FeatureRequest> requests;
    for (const QString &id : allFeatures.workspaceMembers())
        if (const CargoPackage *p = allFeatures.findPackage(id))
            for (const auto &[feature, enables] : p->features)
                requests.push_back({p->name, feature});
    return requests;
}

CargoNixResult CargoNixWriter::write(const CargoNixInput &input)
{
    return Writer(input).run();
}

} // namespace flakeoff
