// SPDX-License-Identifier: MIT
// The strategy catalog: every manifest in variants/ loads and describes files that exist, and a
// broken manifest is refused with a sentence that says what is wrong.
#include "predict/DerivationClassifier.h"
#include "strategy/StrategyCatalog.h"
#include "strategy/StrategyInputs.h"
#include "strategy/WorkspaceInfo.h"

#include <QFile>
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

const QStringList kSample{QStringLiteral("app@0.1.0"), QStringLiteral("cats@0.1.0"), QStringLiteral("wasm@0.1.0")};
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
    void inputsOfRealStrategies();
    void modelDigestFollowsItsFiles();
    void patternPlaceholdersNameTheMembers_data();
    void patternPlaceholdersNameTheMembers();
    void realStrategiesOwnOnlyTheWorkspace_data();
    void realStrategiesOwnOnlyTheWorkspace();
};

void TestStrategies::catalogLoadsWithoutErrors()
{
    const auto catalog = StrategyCatalog::load();
    QVERIFY2(catalog.errors().isEmpty(), qPrintable(catalog.errors().join(QLatin1Char('\n'))));
    for (const QString &id : {QStringLiteral("build-rust-package"), QStringLiteral("naersk"), QStringLiteral("crane"),
                             QStringLiteral("cargo2nix")})
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
    QTest::addColumn<bool>("separateBuilds"); // the original comparison: only cargo2nix built it
    QTest::newRow("buildRustPackage") << QStringLiteral("build-rust-package") << QStringLiteral("monolithic") << false;
    QTest::newRow("naersk") << QStringLiteral("naersk") << QStringLiteral("deps-split") << false;
    QTest::newRow("crane") << QStringLiteral("crane") << QStringLiteral("deps-split") << false;
    QTest::newRow("cargo2nix") << QStringLiteral("cargo2nix") << QStringLiteral("per-crate") << true;
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
    for (const QString &step : {QStringLiteral("noop"), QStringLiteral("edit-leaf"), QStringLiteral("edit-shared"),
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
    const QByteArray layouts = R"("layouts":{"workspace":{"files":[],"build":{"kind":"flake","attribute":"packages.${system}.${target}"}}})";
    const QByteArray targets = R"("targets":[{"id":"app","kind":"native"}])";
    QTest::newRow("not JSON") << QByteArray("{oops") << QStringLiteral("not a JSON object");
    QTest::newRow("no schema") << QByteArray(R"({"id":"x"})") << QStringLiteral("unsupported or missing \"schema\"");
    QTest::newRow("wrong family") << QByteArray(R"({"schema":1,"id":"x","name":"X","family":"magic",)" + layouts + "," + targets + "}")
                                  << QStringLiteral("\"family\" must be one of");
    QTest::newRow("id differs from folder") << QByteArray(R"({"schema":1,"id":"y","name":"Y","family":"monolithic",)" + layouts + "," + targets + "}")
                                            << QStringLiteral("differs from its folder");
    QTest::newRow("no layouts") << QByteArray(R"({"schema":1,"id":"x","name":"X","family":"monolithic",)" + targets + "}")
                                << QStringLiteral("\"layouts\" must name at least one layout");
    QTest::newRow("missing file") << QByteArray(R"({"schema":1,"id":"x","name":"X","family":"monolithic","layouts":{"workspace":{"files":[{"from":"nope.nix","to":"flake.nix"}],"build":{"kind":"flake","attribute":"a"}}},)" + targets + "}")
                                  << QStringLiteral("file \"nope.nix\" does not exist");
    QTest::newRow("bad build kind") << QByteArray(R"({"schema":1,"id":"x","name":"X","family":"monolithic","layouts":{"workspace":{"build":{"kind":"make","attribute":"a"}}},)" + targets + "}")
                                    << QStringLiteral("build kind must be");
    QTest::newRow("no targets") << QByteArray(R"({"schema":1,"id":"x","name":"X","family":"monolithic",)" + layouts + "}")
                                << QStringLiteral("\"targets\" is empty");
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
        << QStringLiteral("crane github:ipetkov/crane/aaaaaaaaaaaa (2025-05-23), flake-utils follows another input, "
                          "nixpkgs github:NixOS/nixpkgs/0123456789ab (2025-05-30), rust-overlay https://example.org/ro.tar.gz sha256-y")
        << QString();
    QTest::newRow("no inputs") << QByteArray(R"({"nodes":{"root":{}},"root":"root","version":7})") << QStringLiteral("no inputs") << QString();
    QTest::newRow("not json") << QByteArray("{nodes") << QString() << QStringLiteral("not a flake.lock (no \"nodes\" object)");
    QTest::newRow("no root node") << QByteArray(R"({"nodes":{},"root":"root"})") << QString() << QStringLiteral("flake.lock has no root node");
}

void TestStrategies::inputsFromFlakeLock()
{
    QFETCH(QByteArray, lock);
    QString error;
    QTEST(StrategyInputs::fromFlakeLock(lock, &error), "expected");
    QTEST(error, "error");
}

void TestStrategies::inputsOfRealStrategies()
{
    const auto catalog = StrategyCatalog::load();
    // The flakes ship without flake.lock (it needs a network to create): their unlocked URLs.
    const QString crane = StrategyInputs::describe(*catalog.find(QStringLiteral("crane")), QStringLiteral("workspace"));
    QVERIFY2(crane.startsWith(QStringLiteral("no flake.lock; ")), qPrintable(crane));
    QVERIFY2(crane.contains(QStringLiteral("crane github:ipetkov/crane/v0.21.3 (not locked)")), qPrintable(crane));
    QVERIFY2(crane.contains(QStringLiteral("nixpkgs github:NixOS/nixpkgs/")), qPrintable(crane));
    QVERIFY2(crane.contains(QStringLiteral("rust-overlay github:oxalica/rust-overlay (not locked)")), qPrintable(crane));
    for (const auto &s : catalog.strategies()) {
        const QString d = StrategyInputs::describe(s, QStringLiteral("workspace"));
        QVERIFY2(!d.isEmpty(), qPrintable(s.id));
        if (s.model)
            QVERIFY2(QRegularExpression(QStringLiteral("^offline model, no flake inputs; Nix files sha256:[0-9a-f]{16}$")).match(d).hasMatch(), qPrintable(d));
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
    const QStringList nixpkgs{QStringLiteral("rustc-1.77.0"), QStringLiteral("openssl-3.0.13"), QStringLiteral("cargo-1.77.0")};

    QTest::newRow("final: {pname}-{version}")
        << QStringLiteral("^{pname}-{version}$") << kSample
        << QStringList{QStringLiteral("app-0.1.0"), QStringLiteral("wasm-0.1.0"), QStringLiteral("cats-0.1.0"),
                       QStringLiteral("app-0.0.0")} // crates.nix's version when the workspace declares none
        << nixpkgs + QStringList{QStringLiteral("app-0.2.0"), QStringLiteral("xapp-0.1.0"), QStringLiteral("app-0x1x0"),
                                 QStringLiteral("app-0.1.0-extra"), QStringLiteral("app-deps-0.1.0")};
    QTest::newRow("a target of two binaries: their names joined")
        << QStringLiteral("^{pname}-{version}$")
        << QStringList{QStringLiteral("server@1.2.0"), QStringLiteral("client@1.2.0"), QStringLiteral("proto@1.2.0")}
        << QStringList{QStringLiteral("server-client-1.2.0"), QStringLiteral("client-server-1.2.0"), QStringLiteral("proto-1.2.0")}
        << nixpkgs + QStringList{QStringLiteral("server-openssl-1.2.0"), QStringLiteral("-1.2.0"), QStringLiteral("server--1.2.0")};
    QTest::newRow("deps: {pname}-deps-{version}")
        << QStringLiteral("^{pname}-deps-{version}$") << kSample
        << QStringList{QStringLiteral("app-deps-0.1.0"), QStringLiteral("wasm-deps-0.1.0")}
        << nixpkgs + QStringList{QStringLiteral("app-0.1.0"), QStringLiteral("serde-deps-1.0.152"), QStringLiteral("rustc-deps-1.77.0")};
    QTest::newRow("cargo2nix: crate-{crate}-{version}")
        << QStringLiteral("^crate-{crate}-{version}$") << kSample
        << QStringList{QStringLiteral("crate-app-0.1.0"), QStringLiteral("crate-cats-0.1.0")}
        << nixpkgs + QStringList{QStringLiteral("crate-serde-1.0.152"), QStringLiteral("crate-rustc-1.77.0"),
                                 QStringLiteral("crate-app-wasm-0.1.0")}; // {crate} is one member, not a join
    QTest::newRow("members' own versions, escaped")
        << QStringLiteral("^{pname}-{version}$")
        << QStringList{QStringLiteral("my_app@2.0.0+build.1"), QStringLiteral("lib.rs@0.3.0-rc.1")}
        << QStringList{QStringLiteral("my_app-2.0.0+build.1"), QStringLiteral("lib.rs-0.3.0-rc.1")}
        << nixpkgs + QStringList{QStringLiteral("my_app-2.0.00build.1"), QStringLiteral("my_app-2x0x0+build.1"),
                                 QStringLiteral("libxrs-0.3.0-rc.1")};
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
    const QRegularExpression re = DerivationClassifier::patternRegex(pattern, members.isEmpty() ? nullptr : &workspace);
    QVERIFY2(re.isValid(), qPrintable(re.pattern() + QStringLiteral(": ") + re.errorString()));
    for (const QString &name : matches)
        QVERIFY2(re.match(name).hasMatch(), qPrintable(name + QStringLiteral(" should match ") + re.pattern()));
    for (const QString &name : nonMatches)
        QVERIFY2(!re.match(name).hasMatch(), qPrintable(name + QStringLiteral(" should not match ") + re.pattern()));
}

void TestStrategies::realStrategiesOwnOnlyTheWorkspace_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QStringList>("own");       // "name=kind" in the sample workspace
    QTest::addColumn<QStringList>("toolchain"); // nixpkgs' derivations, never the project's
    const QStringList nixpkgs{QStringLiteral("rustc-1.77.0"), QStringLiteral("openssl-3.0.13"), QStringLiteral("cargo-1.77.0"),
                              QStringLiteral("wasm-bindgen-cli-0.2.92")};
    QTest::newRow("crane") << QStringLiteral("crane")
                           << QStringList{QStringLiteral("app-0.1.0=target"), QStringLiteral("app-deps-0.1.0=deps"),
                                          QStringLiteral("wasm-deps-0.1.0=deps"), QStringLiteral("vendor-registry=vendor")}
                           << nixpkgs;
    QTest::newRow("naersk") << QStringLiteral("naersk")
                            << QStringList{QStringLiteral("wasm-0.1.0=target"), QStringLiteral("app-deps-0.1.0=deps"),
                                           QStringLiteral("dummy-src=source")}
                            << nixpkgs;
    QTest::newRow("cargo2nix") << QStringLiteral("cargo2nix")
                               << QStringList{QStringLiteral("crate-app-0.1.0=crate"), QStringLiteral("crate-cats-0.1.0=crate")}
                               << nixpkgs;
}

void TestStrategies::realStrategiesOwnOnlyTheWorkspace()
{
    QFETCH(QString, id);
    QFETCH(QStringList, own);
    QFETCH(QStringList, toolchain);
    const auto catalog = StrategyCatalog::load();
    const Strategy *strategy = catalog.find(id);
    QVERIFY(strategy);
    const WorkspaceInfo workspace = workspaceOf(kSample);
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

QTEST_GUILESS_MAIN(TestStrategies)
#include "tst_strategies.moc"
