// SPDX-License-Identifier: MIT
// The strategy catalog: every manifest in variants/ loads and describes files that exist, and a
// broken manifest is refused with a sentence that says what is wrong.
#include "strategy/CargoLock.h"
#include "strategy/DerivationClassifier.h"
#include "strategy/StrategyCatalog.h"
#include "strategy/StrategyInputs.h"
#include "strategy/WorkspaceInfo.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace flakeoff;

namespace {
// Members written "name@version".
WorkspaceInfo workspaceOf(const QStringList &members)
{
    WorkspaceInfo info;
    info.root = QStringLiteral("/w");
    for (const QString &m : members) {
        WorkspaceMember member;
        member.name = m.section(QLatin1Char('@'), 0, 0);
        member.version = m.section(QLatin1Char('@'), 1);
        member.dir = member.name;
        info.members.push_back(member);
    }
    return info;
}

const QStringList kSample{QStringLiteral("app@0.1.0"), QStringLiteral("cats@0.1.0"),
                          QStringLiteral("wasm@0.1.0")};
// Part of the sample's Cargo.lock: registry packages, as "name-version".
const QStringList kSampleLock{QStringLiteral("tokio-1.37.0"), QStringLiteral("serde-1.0.197"),
                              QStringLiteral("openssl-sys-0.9.102"), QStringLiteral("wasm-bindgen-0.2.92")};

WorkspaceInfo sampleWithLock()
{
    WorkspaceInfo info = workspaceOf(kSample);
    info.lockedDependencies = kSampleLock;
    return info;
}
} // namespace

class TestStrategies : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void catalogLoadsWithoutErrors();
    void realStrategies_data();
    void realStrategies();
    void editNixAnchorIsUsable_data();
    void editNixAnchorIsUsable();
    void brokenManifest_data();
    void brokenManifest();
    void missingFolder();
    void inputsFromFlakeLock_data();
    void inputsFromFlakeLock();
    void usedInputsFromFlakeLock();
    void inputsOfRealStrategies();
    void modelDigestFollowsItsFiles();
    void patternPlaceholdersNameTheMembers_data();
    void patternPlaceholdersNameTheMembers();
    void realStrategiesOwnOnlyTheWorkspace_data();
    void realStrategiesOwnOnlyTheWorkspace();
    void dependencyPlaceholder_data();
    void dependencyPlaceholder();
    void cargoLock_data();
    void cargoLock();
    void lockedDependenciesOfAWorkspace();
};

void TestStrategies::catalogLoadsWithoutErrors()
{
    const auto catalog = StrategyCatalog::load();
    QVERIFY2(catalog.errors().isEmpty(), qPrintable(catalog.errors().join(QLatin1Char('\n'))));
    for (const QString &id : {QStringLiteral("build-rust-package"), QStringLiteral("naersk"),
                              QStringLiteral("crane"), QStringLiteral("cargo2nix")})
        QVERIFY2(catalog.find(id), qPrintable(id));
    for (const auto &s : catalog.strategies()) {
        // A model is never presented as the tool itself.
        if (s.model)
            QVERIFY(s.displayName().contains(QStringLiteral("model")));
        QVERIFY2(!s.needsNetwork() || !s.model, "offline models must build without a network");
    }
}

void TestStrategies::realStrategies_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("family");
    // Measured offline (tst_separatelayout): none of the four builds the separate layout; the
    // original comparison had cargo2nix (0.11 and a fork) build it.
    QTest::addColumn<bool>("separateBuilds");
    QTest::newRow("buildRustPackage")
        << QStringLiteral("build-rust-package") << QStringLiteral("monolithic") << false;
    QTest::newRow("naersk") << QStringLiteral("naersk") << QStringLiteral("deps-split") << false;
    QTest::newRow("crane") << QStringLiteral("crane") << QStringLiteral("deps-split") << false;
    QTest::newRow("cargo2nix") << QStringLiteral("cargo2nix") << QStringLiteral("per-crate") << false;
}

void TestStrategies::realStrategies()
{
    QFETCH(QString, id);
    QFETCH(QString, family);
    QFETCH(bool, separateBuilds);
    const auto catalog = StrategyCatalog::load();
    const Strategy *s = catalog.find(id);
    QVERIFY(s);
    QCOMPARE(s->family, family);
    QVERIFY(!s->model);
    QVERIFY(s->needsNetwork());
    QCOMPARE(s->displayName(), s->name);
    QStringList targets;
    for (const auto &t : s->targets)
        targets << t.id;
    QCOMPARE(targets, (QStringList{QStringLiteral("app"), QStringLiteral("wasm")}));
    const auto *ws = s->layout(QStringLiteral("workspace"));
    const auto *sep = s->layout(QStringLiteral("separate"));
    QVERIFY(ws && sep);
    QVERIFY(ws->expectBuild);
    QCOMPARE(sep->expectBuild, separateBuilds);
    if (!separateBuilds)
        QVERIFY2(!sep->failureWhy.isEmpty(), "an expected failure says why");
    QCOMPARE(ws->build.kind, StrategyBuild::Kind::Flake);
    QVERIFY(ws->build.attribute.contains(QStringLiteral("${target}")));
    bool hasFlake = false;
    for (const auto &f : ws->files)
        hasFlake = hasFlake || f.to == QLatin1String("flake.nix");
    QVERIFY(hasFlake);
    for (const QString &step :
         {QStringLiteral("noop"), QStringLiteral("edit-leaf"), QStringLiteral("edit-shared"),
          QStringLiteral("bump-dependency"), QStringLiteral("edit-nix"), QStringLiteral("touch-docs")})
        QVERIFY2(s->expectedRebuilds.count(step), qPrintable(step));
    if (family == QLatin1String("per-crate")) {
        bool generates = false;
        for (const auto &p : s->prepare)
            generates = generates || p.produces.contains(QStringLiteral("Cargo.nix"));
        QVERIFY2(generates, "cargo2nix's Cargo.nix is made by a prepare step, not shipped");
    }
}

void TestStrategies::editNixAnchorIsUsable_data()
{
    QTest::addColumn<QString>("id");
    const auto catalog = StrategyCatalog::load();
    for (const auto &s : catalog.strategies())
        if (s.editNix)
            QTest::newRow(qPrintable(s.id)) << s.id;
}

void TestStrategies::editNixAnchorIsUsable()
{
    QFETCH(QString, id);
    const auto catalog = StrategyCatalog::load();
    const Strategy *s = catalog.find(id);
    const auto &e = *s->editNix;
    if (e.kind == QLatin1String("arg")) {
        // The model's Nix file takes that argument.
        QFile nix(s->folder + QLatin1Char('/') + s->layouts.front().build.file);
        QVERIFY(nix.open(QIODevice::ReadOnly));
        QVERIFY(QString::fromUtf8(nix.readAll()).contains(e.arg + QStringLiteral(" ?")));
        QVERIFY(e.value.contains(QStringLiteral("{nonce}")));
        return;
    }
    // The edited file is one the layout copies; the anchor is on exactly one line and the regex
    // matches the line after it (that is how the edit-nix step finds what to change).
    QString source;
    for (const auto &f : s->layouts.front().files)
        if (f.to == e.file)
            source = s->folder + QLatin1Char('/') + f.from;
    if (source.isEmpty() && s->layouts.front().build.kind == StrategyBuild::Kind::File)
        source = s->folder + QLatin1Char('/') + e.file;
    QVERIFY2(!source.isEmpty(), qPrintable(e.file));
    QFile f(source);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'));
    int anchors = 0;
    int at = -1;
    for (int i = 0; i < lines.size(); ++i)
        if (lines[i].contains(e.anchor)) {
            ++anchors;
            at = i;
        }
    QCOMPARE(anchors, 1);
    QVERIFY(at + 1 < lines.size());
    const QRegularExpression re(e.regex);
    QVERIFY(re.isValid());
    QVERIFY2(re.match(lines[at + 1]).hasMatch(), qPrintable(lines[at + 1]));
}

void TestStrategies::brokenManifest_data()
{
    QTest::addColumn<QByteArray>("manifest");
    QTest::addColumn<QString>("error");
    const QByteArray layouts =
        R"("layouts":{"workspace":{"files":[],"build":{"kind":"flake","attribute":"packages.${system}.${target}"}}})";
    const QByteArray targets = R"("targets":[{"id":"app","kind":"native"}])";
    QTest::newRow("not JSON") << QByteArray("{oops") << QStringLiteral("not a JSON object");
    QTest::newRow("no schema") << QByteArray(R"({"id":"x"})")
                               << QStringLiteral("unsupported or missing \"schema\"");
    QTest::newRow("wrong family") << QByteArray(R"({"schema":1,"id":"x","name":"X","family":"magic",)" +
                                                layouts + "," + targets + "}")
                                  << QStringLiteral("\"family\" must be one of");
    QTest::newRow("id differs from folder")
        << QByteArray(R"({"schema":1,"id":"y","name":"Y","family":"monolithic",)" + layouts + "," + targets +
                      "}")
        << QStringLiteral("differs from its folder");
    QTest::newRow("no layouts") << QByteArray(R"({"schema":1,"id":"x","name":"X","family":"monolithic",)" +
                                              targets + "}")
                                << QStringLiteral("\"layouts\" must name at least one layout");
    QTest::newRow("missing file")
        << QByteArray(
               R"({"schema":1,"id":"x","name":"X","family":"monolithic","layouts":{"workspace":{"files":[{"from":"nope.nix","to":"flake.nix"}],"build":{"kind":"flake","attribute":"a"}}},)" +
               targets + "}")
        << QStringLiteral("file \"nope.nix\" does not exist");
    QTest::newRow("bad build kind")
        << QByteArray(
               R"({"schema":1,"id":"x","name":"X","family":"monolithic","layouts":{"workspace":{"build":{"kind":"make","attribute":"a"}}},)" +
               targets + "}")
        << QStringLiteral("build kind must be");
    QTest::newRow("no targets") << QByteArray(R"({"schema":1,"id":"x","name":"X","family":"monolithic",)" +
                                              layouts + "}")
                                << QStringLiteral("\"targets\" is empty");
    const QByteArray head =
        R"({"schema":1,"id":"x","name":"X","family":"monolithic",)" + layouts + "," + targets + ",";
    QTest::newRow("offline not an object")
        << head + R"("offline":[]})" << QStringLiteral("\"offline\" is not an object");
    QTest::newRow("override without input") << head + R"("offline":{"overrides":[{"from":"input:crane"}]}})"
                                            << QStringLiteral("an offline override has no \"input\"");
    QTest::newRow("override from a URL")
        << head + R"("offline":{"overrides":[{"input":"crane","from":"github:ipetkov/crane"}]}})"
        << QStringLiteral("offline override of crane: \"from\" must be input:NAME or standin:NAME, not "
                          "\"github:ipetkov/crane\"");
    QTest::newRow("override naming no folder")
        << head + R"("offline":{"overrides":[{"input":"nixpkgs","from":"standin:"}]}})"
        << QStringLiteral("offline override of nixpkgs: \"from\" names no folder");
    QTest::newRow("prepare step of an unknown mode")
        << head + R"("prepare":[{"name":"lock","argv":["true"],"mode":"never"}]})"
        << QStringLiteral("prepare step \"lock\": \"mode\" must be \"online\" or \"offline\"");
}

void TestStrategies::brokenManifest()
{
    QFETCH(QByteArray, manifest);
    QFETCH(QString, error);
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("strategies/x")));
    QFile f(dir.filePath(QStringLiteral("strategies/x/manifest.json")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(manifest);
    f.close();
    const auto catalog = StrategyCatalog::load(dir.path());
    QCOMPARE(catalog.strategies().size(), std::size_t{0});
    QCOMPARE(catalog.errors().size(), 1);
    QVERIFY2(catalog.errors().front().contains(error), qPrintable(catalog.errors().front()));
    QVERIFY(catalog.errors().front().startsWith(f.fileName() + QStringLiteral(": ")));
}

void TestStrategies::missingFolder()
{
    const auto catalog = StrategyCatalog::load(QStringLiteral("/nonexistent/variants"));
    QVERIFY(catalog.strategies().empty());
    QVERIFY(catalog.errors().front().contains(QStringLiteral("does not exist")));
}

void TestStrategies::inputsFromFlakeLock_data()
{
    QTest::addColumn<QByteArray>("lock");
    QTest::addColumn<QString>("expected"); // empty: refused
    QTest::addColumn<QString>("error");
    const QByteArray lock = R"({"nodes":{
        "crane":{"locked":{"lastModified":1748000000,"owner":"ipetkov","repo":"crane","rev":"aaaaaaaaaaaabbbbbbbb","type":"github"}},
        "nixpkgs":{"locked":{"lastModified":1748563200,"narHash":"sha256-x","owner":"NixOS","repo":"nixpkgs","rev":"0123456789abcdef0123","type":"github"}},
        "root":{"inputs":{"crane":"crane","nixpkgs":"nixpkgs","rust-overlay":"rust-overlay","flake-utils":["crane","flake-utils"]}},
        "rust-overlay":{"locked":{"type":"tarball","url":"https://example.org/ro.tar.gz","narHash":"sha256-y"}}},
        "root":"root","version":7})";
    QTest::newRow("github, tarball and follows inputs")
        << lock
        << QStringLiteral(
               "crane github:ipetkov/crane/aaaaaaaaaaaa (2025-05-23), flake-utils follows another input, "
               "nixpkgs github:NixOS/nixpkgs/0123456789ab (2025-05-30), rust-overlay "
               "https://example.org/ro.tar.gz sha256-y")
        << QString();
    QTest::newRow("no inputs") << QByteArray(R"({"nodes":{"root":{}},"root":"root","version":7})")
                               << QStringLiteral("no inputs") << QString();
    QTest::newRow("not json") << QByteArray("{nodes") << QString()
                              << QStringLiteral("not a flake.lock (no \"nodes\" object)");
    QTest::newRow("no root node") << QByteArray(R"({"nodes":{},"root":"root"})") << QString()
                                  << QStringLiteral("flake.lock has no root node");
}

void TestStrategies::inputsFromFlakeLock()
{
    QFETCH(QByteArray, lock);
    QString error;
    QTEST(StrategyInputs::fromFlakeLock(lock, &error), "expected");
    QTEST(error, "error");
}

void TestStrategies::usedInputsFromFlakeLock()
{
    // The same lock one input at a time, as a session records it: all fetched by Nix.
    const QByteArray lock = R"({"nodes":{
        "crane":{"locked":{"lastModified":1748000000,"owner":"ipetkov","repo":"crane","rev":"aaaaaaaaaaaabbbbbbbb","type":"github"}},
        "nixpkgs":{"locked":{"narHash":"sha256-x","owner":"NixOS","repo":"nixpkgs","rev":"0123456789abcdef0123","type":"github"}},
        "root":{"inputs":{"crane":"crane","nixpkgs":"nixpkgs","flake-utils":["crane","flake-utils"],"gone":"gone"}}},
        "root":"root","version":7})";
    QString error;
    const auto used = StrategyInputs::usedFromFlakeLock(lock, &error);
    QVERIFY2(used, qPrintable(error));
    QCOMPARE(used->size(), std::size_t{4});
    QCOMPARE((*used)[0].name, QStringLiteral("crane"));
    QCOMPARE((*used)[0].origin, QStringLiteral("remote"));
    QCOMPARE((*used)[0].revision, QStringLiteral("aaaaaaaaaaaabbbbbbbb"));
    QCOMPARE((*used)[0].words, QStringLiteral("crane github:ipetkov/crane/aaaaaaaaaaaa (2025-05-23)"));
    QCOMPARE((*used)[1].words, QStringLiteral("flake-utils follows another input"));
    QCOMPARE((*used)[2].words, QStringLiteral("gone (not locked)"));
    QCOMPARE((*used)[3].digest, QStringLiteral("sha256-x"));
    QCOMPARE(StrategyInputs::wordsOf(*used),
             StrategyInputs::fromFlakeLock(lock, &error)); // remote: no "built offline"
    QVERIFY(!StrategyInputs::usedFromFlakeLock("[]", &error));
    QCOMPARE(error, QStringLiteral("not a flake.lock (no \"nodes\" object)"));
}

void TestStrategies::inputsOfRealStrategies()
{
    const auto catalog = StrategyCatalog::load();
    // The flakes ship without flake.lock (it needs a network to create): their unlocked URLs.
    const QString crane =
        StrategyInputs::describe(*catalog.find(QStringLiteral("crane")), QStringLiteral("workspace"));
    QVERIFY2(crane.startsWith(QStringLiteral("no flake.lock; ")), qPrintable(crane));
    QVERIFY2(crane.contains(QStringLiteral("crane github:ipetkov/crane/v0.21.3 (not locked)")),
             qPrintable(crane));
    QVERIFY2(crane.contains(QStringLiteral("nixpkgs github:NixOS/nixpkgs/")), qPrintable(crane));
    QVERIFY2(crane.contains(QStringLiteral("rust-overlay github:oxalica/rust-overlay (not locked)")),
             qPrintable(crane));
    for (const auto &s : catalog.strategies()) {
        const QString d = StrategyInputs::describe(s, QStringLiteral("workspace"));
        QVERIFY2(!d.isEmpty(), qPrintable(s.id));
        if (s.model)
            QVERIFY2(QRegularExpression(
                         QStringLiteral("^offline model, no flake inputs; Nix files sha256:[0-9a-f]{16}$"))
                         .match(d)
                         .hasMatch(),
                     qPrintable(d));
    }
}

void TestStrategies::modelDigestFollowsItsFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString a = dir.filePath(QStringLiteral("a.nix"));
    auto write = [](const QString &path, const QByteArray &text) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
    };
    write(a, "{ }: 1");
    const QString before = StrategyInputs::digestOfFiles({a});
    QCOMPARE(before.size(), 16);
    QCOMPARE(StrategyInputs::digestOfFiles({a}), before);
    write(a, "{ }: 2");
    QVERIFY(StrategyInputs::digestOfFiles({a}) != before);
}

void TestStrategies::patternPlaceholdersNameTheMembers_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QStringList>("members"); // "name@version"; empty: the workspace is unknown
    QTest::addColumn<QStringList>("matches");
    QTest::addColumn<QStringList>("nonMatches");
    const QStringList nixpkgs{QStringLiteral("rustc-1.77.0"), QStringLiteral("openssl-3.0.13"),
                              QStringLiteral("cargo-1.77.0")};

    QTest::newRow("final: {pname}-{version}")
        << QStringLiteral("^{pname}-{version}$") << kSample
        << QStringList{QStringLiteral("app-0.1.0"), QStringLiteral("wasm-0.1.0"),
                       QStringLiteral("cats-0.1.0"), QStringLiteral("app-0.0.0")}
        // crates.nix's version when the workspace declares none
        << nixpkgs + QStringList{QStringLiteral("app-0.2.0"), QStringLiteral("xapp-0.1.0"),
                                 QStringLiteral("app-0x1x0"), QStringLiteral("app-0.1.0-extra"),
                                 QStringLiteral("app-deps-0.1.0")};
    QTest::newRow("a target of two binaries: their names joined")
        << QStringLiteral("^{pname}-{version}$")
        << QStringList{QStringLiteral("server@1.2.0"), QStringLiteral("client@1.2.0"),
                       QStringLiteral("proto@1.2.0")}
        << QStringList{QStringLiteral("server-client-1.2.0"), QStringLiteral("client-server-1.2.0"),
                       QStringLiteral("proto-1.2.0")}
        << nixpkgs + QStringList{QStringLiteral("server-openssl-1.2.0"), QStringLiteral("-1.2.0"),
                                 QStringLiteral("server--1.2.0")};
    QTest::newRow("deps: {pname}-deps-{version}")
        << QStringLiteral("^{pname}-deps-{version}$") << kSample
        << QStringList{QStringLiteral("app-deps-0.1.0"), QStringLiteral("wasm-deps-0.1.0")}
        << nixpkgs + QStringList{QStringLiteral("app-0.1.0"), QStringLiteral("serde-deps-1.0.152"),
                                 QStringLiteral("rustc-deps-1.77.0")};
    QTest::newRow("cargo2nix: crate-{crate}-{version}")
        << QStringLiteral("^crate-{crate}-{version}$") << kSample
        << QStringList{QStringLiteral("crate-app-0.1.0"), QStringLiteral("crate-cats-0.1.0")}
        << nixpkgs + QStringList{QStringLiteral("crate-serde-1.0.152"), QStringLiteral("crate-rustc-1.77.0"),
                                 QStringLiteral("crate-app-wasm-0.1.0")}; // {crate} is one member, not a join
    QTest::newRow("members' own versions, escaped")
        << QStringLiteral("^{pname}-{version}$")
        << QStringList{QStringLiteral("my_app@2.0.0+build.1"), QStringLiteral("lib.rs@0.3.0-rc.1")}
        << QStringList{QStringLiteral("my_app-2.0.0+build.1"), QStringLiteral("lib.rs-0.3.0-rc.1")}
        << nixpkgs + QStringList{QStringLiteral("my_app-2.0.00build.1"),
                                 QStringLiteral("my_app-2x0x0+build.1"), QStringLiteral("libxrs-0.3.0-rc.1")};
    QTest::newRow("no placeholder: unchanged")
        << QStringLiteral("^(vendor-cargo-deps|vendor-registry)$") << kSample
        << QStringList{QStringLiteral("vendor-registry"), QStringLiteral("vendor-cargo-deps")} << nixpkgs;
    QTest::newRow("unknown workspace: the old wildcard")
        << QStringLiteral("^{pname}-{version}$") << QStringList()
        << QStringList{QStringLiteral("app-0.1.0")} + nixpkgs << QStringList{QStringLiteral("app")};
}

void TestStrategies::patternPlaceholdersNameTheMembers()
{
    QFETCH(QString, pattern);
    QFETCH(QStringList, members);
    QFETCH(QStringList, matches);
    QFETCH(QStringList, nonMatches);
    const WorkspaceInfo workspace = workspaceOf(members);
    const QRegularExpression re =
        DerivationClassifier::patternRegex(pattern, members.isEmpty() ? nullptr : &workspace);
    QVERIFY2(re.isValid(), qPrintable(re.pattern() + QStringLiteral(": ") + re.errorString()));
    for (const QString &name : matches)
        QVERIFY2(re.match(name).hasMatch(),
                 qPrintable(name + QStringLiteral(" should match ") + re.pattern()));
    for (const QString &name : nonMatches)
        QVERIFY2(!re.match(name).hasMatch(),
                 qPrintable(name + QStringLiteral(" should not match ") + re.pattern()));
}

void TestStrategies::realStrategiesOwnOnlyTheWorkspace_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QStringList>("own");       // "name=kind" in the sample workspace
    QTest::addColumn<QStringList>("toolchain"); // nixpkgs' derivations, never the project's
    const QStringList nixpkgs{QStringLiteral("rustc-1.77.0"), QStringLiteral("openssl-3.0.13"),
                              QStringLiteral("cargo-1.77.0"), QStringLiteral("wasm-bindgen-cli-0.2.92")};
    QTest::newRow("crane") << QStringLiteral("crane")
                           << QStringList{QStringLiteral("app-0.1.0=target"),
                                          QStringLiteral("app-deps-0.1.0=deps"),
                                          QStringLiteral("wasm-deps-0.1.0=deps"),
                                          QStringLiteral("vendor-registry=vendor")}
                           << nixpkgs;
    QTest::newRow("naersk") << QStringLiteral("naersk")
                            << QStringList{QStringLiteral("wasm-0.1.0=target"),
                                           QStringLiteral("app-deps-0.1.0=deps"),
                                           QStringLiteral("dummy-src=source")}
                            << nixpkgs;
    // nixpkgs' own tarballs and versioned derivations, which the old broad patterns matched.
    const QStringList tarballs{
        QStringLiteral("openssl-3.0.13.tar.gz"), QStringLiteral("rustc-1.77.0-src.tar.gz"),
        QStringLiteral("serde-1.0.198.tar.gz"), QStringLiteral("crate-serde-1.0.198.tar.gz")};
    QTest::newRow("cargo2nix") << QStringLiteral("cargo2nix")
                               << QStringList{QStringLiteral("crate-app-0.1.0=crate"),
                                              QStringLiteral("crate-cats-0.1.0=crate"),
                                              QStringLiteral("crate-tokio-1.37.0=crate"),
                                              QStringLiteral("tokio-1.37.0.tar.gz=download"),
                                              QStringLiteral("openssl-sys-0.9.102.tar.gz=download")}
                               << nixpkgs + tarballs;
    QTest::newRow("buildRustPackage")
        << QStringLiteral("build-rust-package")
        << QStringList{QStringLiteral("app-0.1.0=target"), QStringLiteral("cargo-vendor-dir=vendor"),
                       QStringLiteral("crate-tokio-1.37.0.tar.gz=download"),
                       QStringLiteral("tokio-1.37.0=vendor"), QStringLiteral("wasm-bindgen-0.2.92=vendor")}
        << nixpkgs + tarballs +
               QStringList{QStringLiteral("tokio-1.38.0"), QStringLiteral("rust-std-1.77.0")};
}

void TestStrategies::realStrategiesOwnOnlyTheWorkspace()
{
    QFETCH(QString, id);
    QFETCH(QStringList, own);
    QFETCH(QStringList, toolchain);
    const auto catalog = StrategyCatalog::load();
    const Strategy *strategy = catalog.find(id);
    QVERIFY(strategy);
    const WorkspaceInfo workspace = sampleWithLock();
    const DerivationClassifier classifier(*strategy, &workspace);
    for (const QString &entry : own) {
        const QString name = entry.section(QLatin1Char('='), 0, 0);
        const auto role = classifier.classify(name, false);
        QVERIFY2(role.own, qPrintable(name));
        QCOMPARE(role.kind, entry.section(QLatin1Char('='), 1));
    }
    for (const QString &name : toolchain) {
        QVERIFY2(!classifier.isOwn(name), qPrintable(name));
        QCOMPARE(classifier.classify(name, false).kind, QStringLiteral("toolchain"));
    }
}

void TestStrategies::dependencyPlaceholder_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QStringList>("locked"); // "-": no lock read
    QTest::addColumn<QStringList>("matches");
    QTest::addColumn<QStringList>("nonMatches");
    const QStringList nixpkgs{QStringLiteral("rustc-1.77.0"), QStringLiteral("openssl-3.0.13"),
                              QStringLiteral("cargo-1.77.0")};
    const QStringList noLock{QStringLiteral("-")};

    QTest::newRow("importCargoLock's unpacked crates")
        << QStringLiteral("^{dependency}$") << kSampleLock << kSampleLock
        << nixpkgs + QStringList{QStringLiteral("tokio-1.38.0"), QStringLiteral("tokio-1.37.0.tar.gz"),
                                 QStringLiteral("app-0.1.0"), QStringLiteral("xtokio-1.37.0"),
                                 QStringLiteral("tokio-1x37x0")};
    QTest::newRow("importCargoLock's downloads")
        << QStringLiteral("^crate-{dependency}\\.tar\\.gz$") << kSampleLock
        << QStringList{QStringLiteral("crate-tokio-1.37.0.tar.gz"),
                       QStringLiteral("crate-openssl-sys-0.9.102.tar.gz")}
        << QStringList{QStringLiteral("crate-openssl-3.0.13.tar.gz"), QStringLiteral("tokio-1.37.0.tar.gz"),
                       QStringLiteral("crate-tokio-1.37.0")};
    QTest::newRow("cargo2nix's downloads")
        << QStringLiteral("^{dependency}\\.tar\\.gz$") << kSampleLock
        << QStringList{QStringLiteral("tokio-1.37.0.tar.gz"), QStringLiteral("serde-1.0.197.tar.gz")}
        << QStringList{QStringLiteral("openssl-3.0.13.tar.gz"), QStringLiteral("rustc-1.77.0-src.tar.gz"),
                       QStringLiteral("serde-1.0.198.tar.gz"), QStringLiteral("tokio-1.37.0")};
    QTest::newRow("versions with build metadata, escaped")
        << QStringLiteral("^{dependency}$")
        << QStringList{QStringLiteral("ring-0.17.8+abc"), QStringLiteral("a.b-1.0.0")}
        << QStringList{QStringLiteral("ring-0.17.8+abc"), QStringLiteral("a.b-1.0.0")}
        << QStringList{QStringLiteral("ring-0.17.8abc"), QStringLiteral("axb-1.0.0"),
                       QStringLiteral("ring-0.17.8++abc")};
    QTest::newRow("a lock without dependencies: nothing")
        << QStringLiteral("^{dependency}$") << QStringList() << QStringList()
        << nixpkgs + QStringList{QString(), QStringLiteral("app-0.1.0")};
    QTest::newRow("no lock read yet: the old broad pattern")
        << QStringLiteral("^{dependency}$") << noLock << nixpkgs + kSampleLock
        << QStringList{QStringLiteral("cargo-vendor-dir"), QStringLiteral("tokio-1.37"),
                       QStringLiteral("tokio")};
}

void TestStrategies::dependencyPlaceholder()
{
    QFETCH(QString, pattern);
    QFETCH(QStringList, locked);
    QFETCH(QStringList, matches);
    QFETCH(QStringList, nonMatches);
    WorkspaceInfo workspace = workspaceOf(kSample);
    if (locked != QStringList{QStringLiteral("-")})
        workspace.lockedDependencies = locked;
    const QRegularExpression re = DerivationClassifier::patternRegex(pattern, &workspace);
    QVERIFY2(re.isValid(), qPrintable(re.pattern() + QStringLiteral(": ") + re.errorString()));
    for (const QString &name : matches)
        QVERIFY2(re.match(name).hasMatch(),
                 qPrintable(name + QStringLiteral(" should match ") + re.pattern()));
    for (const QString &name : nonMatches)
        QVERIFY2(!re.match(name).hasMatch(),
                 qPrintable(name + QStringLiteral(" should not match ") + re.pattern()));
    // Without the workspace at all, the same broad fallback as without a lock.
    if (locked == QStringList{QStringLiteral("-")})
        QCOMPARE(DerivationClassifier::patternRegex(pattern, nullptr).pattern(), re.pattern());
}

void TestStrategies::cargoLock_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QStringList>("packages"); // "name version source"; empty with an error
    QTest::addColumn<QString>("error");        // a part of the error; empty: parses

    const QByteArray v4 =
        "# This file is automatically @generated by Cargo.\n"
        "# It is not intended for manual editing.\n"
        "version = 4\n\n"
        "[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\n \"cats\",\n \"tokio\",\n]\n\n"
        "[[package]]\nname = \"cats\"\nversion = \"0.1.0\"\n\n"
        "[[package]]\nname = \"tokio\"\nversion = \"1.37.0\"\n"
        "source = \"registry+https://github.com/rust-lang/crates.io-index\"\n"
        "checksum = \"1adbebffeca75fcfd058afa480fb6c0b81e165a0323f9c9d39c9697e37c46787\"\n"
        "dependencies = [\n \"pin-project-lite\",\n]\n";
    QTest::newRow("cargo's lock, version 4")
        << v4
        << QStringList{QStringLiteral("app 0.1.0 "), QStringLiteral("cats 0.1.0 "),
                       QStringLiteral("tokio 1.37.0 registry+https://github.com/rust-lang/crates.io-index")}
        << QString();
    QTest::newRow("version 1: a [metadata] table after the packages")
        << QByteArray(
               "[[package]]\nname = \"a\"\nversion = \"1.0.0\"\nsource = \"git+https://x/a?rev=1#1\"\n\n"
               "[metadata]\n\"checksum a 1.0.0 (git+https://x/a)\" = \"<none>\"\n")
        << QStringList{QStringLiteral("a 1.0.0 git+https://x/a?rev=1#1")} << QString();
    QTest::newRow("empty") << QByteArray() << QStringList() << QString();
    QTest::newRow("a package without a version")
        << QByteArray("[[package]]\nname = \"a\"\n\n[[package]]\nname = \"b\"\nversion = \"1.0.0\"\n")
        << QStringList() << QStringLiteral("line 1: a [[package]] without a name or a version");
    QTest::newRow("the last package without a name")
        << QByteArray("[[package]]\nname = \"a\"\nversion = \"1.0.0\"\n[[package]]\nversion = \"1.0.0\"\n")
        << QStringList() << QStringLiteral("line 4: a [[package]] without a name or a version");
    QTest::newRow("a name that is no string")
        << QByteArray("[[package]]\nname = 12\nversion = \"1.0.0\"\n") << QStringList()
        << QStringLiteral("line 2: name is not a plain string");
    QTest::newRow("an escaped version is refused, not guessed")
        << QByteArray("[[package]]\nname = \"a\"\nversion = \"1.0\\\"0\"\n") << QStringList()
        << QStringLiteral("line 3: version is not a plain string");
}

void TestStrategies::cargoLock()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, packages);
    QFETCH(QString, error);
    QString why;
    const auto lock = CargoLock::parse(text, &why);
    if (!error.isEmpty()) {
        QVERIFY(!lock);
        QVERIFY2(why.contains(error), qPrintable(why));
        return;
    }
    QVERIFY2(lock, qPrintable(why));
    QStringList read;
    for (const auto &p : lock->packages)
        read << p.name + QLatin1Char(' ') + p.version + QLatin1Char(' ') + p.source;
    QCOMPARE(read, packages);
}

void TestStrategies::lockedDependenciesOfAWorkspace()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    WorkspaceInfo workspace = workspaceOf(kSample);
    workspace.root = dir.path();
    auto write = [&dir](const QString &name, const QByteArray &text) {
        QDir().mkpath(QFileInfo(dir.filePath(name)).path());
        QFile f(dir.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
    };
    // No lock yet (a prepare step makes it): no list, so {dependency} stays the broad fallback.
    QVERIFY(!workspace.readLockedDependencies());
    QVERIFY(!workspace.lockedDependencies);

    const QByteArray registry = "source = \"registry+https://github.com/rust-lang/crates.io-index\"\n";
    write(QStringLiteral("Cargo.lock"),
          "version = 4\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n"
          "[[package]]\nname = \"tokio\"\nversion = \"1.37.0\"\n" +
              registry + "[[package]]\nname = \"tokio\"\nversion = \"1.37.0\"\n" + registry);
    QVERIFY(workspace.readLockedDependencies());
    QCOMPARE(*workspace.lockedDependencies,
             QStringList{QStringLiteral("tokio-1.37.0")}); // no member, each once

    // The separate layout: one lock per project, a path package (cats) in each.
    write(QStringLiteral("app/Cargo.lock"), "[[package]]\nname = \"cats\"\nversion = \"0.1.0\"\n"
                                            "[[package]]\nname = \"serde\"\nversion = \"1.0.197\"\n" +
                                                registry);
    QVERIFY(workspace.readLockedDependencies());
    QCOMPARE(*workspace.lockedDependencies,
             (QStringList{QStringLiteral("tokio-1.37.0"), QStringLiteral("serde-1.0.197")}));

    // A broken lock: no half list (it would leave dependencies out of a cold step).
    QString error;
    write(QStringLiteral("wasm/Cargo.lock"), "[[package]]\nname = \"x\"\n");
    QVERIFY(!workspace.readLockedDependencies(&error));
    QVERIFY(!workspace.lockedDependencies);
    QVERIFY2(error.contains(QStringLiteral("wasm/Cargo.lock: line 1:")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestStrategies)
#include "tst_strategies.moc"
