// SPDX-License-Identifier: MIT
// Cargo metadata and unit-graph parsing, and the per-crate generator, on recorded cargo output of
// tiny workspaces (tests/data/workspaces/<shape>/) with golden Nix files (tests/data/cargo/golden/).
//
// The recorded JSON (tests/data/cargo/<shape>.{metadata.json,unit-graph.json,rustc.txt}) and the
// golden files are regenerated with real cargo by running this test with FLAKEOFF_UPDATE_GOLDEN=1
// (then review the diff): the unit test itself never needs cargo.
#include "strategy/CargoInvoker.h"
#include "strategy/CargoMetadata.h"
#include "strategy/CargoUnitGraph.h"
#include "strategy/PerCrateGenerator.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace flakeoff;

namespace {
const QString kData = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/cargo/");
const QString kWorkspaces = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/workspaces/");
const QString kCli = QStringLiteral(FLAKEOFF_CLI_PATH);

struct Shape
{
    QString name;
    QString workspace; // relative to kWorkspaces
    QStringList packages;
};

const QList<Shape> &shapes()
{
    static const QList<Shape> all{
        {QStringLiteral("single-crate"), QStringLiteral("single-crate"), {QStringLiteral("hello")}},
        {QStringLiteral("bin-lib-cdylib"),
         QStringLiteral("bin-lib-cdylib"),
         {QStringLiteral("cli"), QStringLiteral("plugin")}},
        {QStringLiteral("build-script"), QStringLiteral("build-script"), {QStringLiteral("user")}},
        {QStringLiteral("outside-path"), QStringLiteral("outside-path/ws"), {QStringLiteral("app")}},
        {QStringLiteral("registry"), QStringLiteral("registry"), {QStringLiteral("reg")}},
    };
    return all;
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

struct Recorded
{
    QByteArray metadata;
    QByteArray unitGraph;
    QString rustc;
};

Recorded recorded(const QString &shape)
{
    return {readFile(kData + shape + QStringLiteral(".metadata.json")),
            readFile(kData + shape + QStringLiteral(".unit-graph.json")),
            QString::fromUtf8(readFile(kData + shape + QStringLiteral(".rustc.txt")))};
}

CargoMetadata metadataOf(const QString &shape)
{
    QString error;
    auto m = CargoMetadata::parse(recorded(shape).metadata, error);
    if (!m)
        qFatal("%s: %s", qPrintable(shape), qPrintable(error));
    return *m;
}

CargoUnitGraph graphOf(const QString &shape)
{
    QString error;
    auto g = CargoUnitGraph::parse(recorded(shape).unitGraph, error);
    if (!g)
        qFatal("%s: %s", qPrintable(shape), qPrintable(error));
    return *g;
}

QByteArray dump(const nlohmann::json &j)
{
    return QByteArray::fromStdString(j.dump());
}

nlohmann::json parsed(const QByteArray &bytes)
{
    return nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
}

// The `metadata = "…";` of an entry's library (or first binary) in the generated text.
QString metadataHashOf(const QByteArray &nix, const QString &attr)
{
    const QString text = QString::fromUtf8(nix);
    const qsizetype start = text.indexOf(QLatin1Char('"') + attr + QStringLiteral("\" = crate {"));
    const qsizetype at = text.indexOf(QStringLiteral("metadata = \""), start);
    return start < 0 || at < 0 ? QString() : text.mid(at + 12, 16);
}

QString firstDifference(const QByteArray &expected, const QByteArray &actual)
{
    const QList<QByteArray> a = expected.split('\n');
    const QList<QByteArray> b = actual.split('\n');
    for (qsizetype i = 0; i < std::max(a.size(), b.size()); ++i) {
        const QByteArray l = i < a.size() ? a[i] : QByteArray("<end>");
        const QByteArray r = i < b.size() ? b[i] : QByteArray("<end>");
        if (l != r)
            return QStringLiteral("line %1:\n  golden:    %2\n  generated: %3")
                .arg(i + 1)
                .arg(QString::fromUtf8(l), QString::fromUtf8(r));
    }
    return {};
}

struct CliOutput
{
    int exitCode = -1;
    QString err;
};

CliOutput runCli(const QStringList &args)
{
    QProcess p;
    p.start(kCli, args);
    p.waitForFinished(60000); // a test may block; the app never does
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardError())};
}
} // namespace

class TestCargoMetadata : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void golden_data();
    void golden();
    void metadataFacts();
    void unitGraphFacts();
    void badMetadata_data();
    void badMetadata();
    void badUnitGraph_data();
    void badUnitGraph();
    void generatorErrors_data();
    void generatorErrors();
    void deterministicAndRelocatable();
    void hashesFollowInputs();
    void rustcVerbose_data();
    void rustcVerbose();
    void notAWorkspace_data();
    void notAWorkspace();
    void cargoMetadataFailure();
    void cliErrors_data();
    void cliErrors();
};

void TestCargoMetadata::initTestCase()
{
    if (!qEnvironmentVariableIsSet("FLAKEOFF_UPDATE_GOLDEN"))
        return;
    // Record cargo's output for every shape, in place (each tiny workspace keeps its Cargo.lock).
    for (const Shape &shape : shapes()) {
        CargoRequest request;
        request.workspace = kWorkspaces + shape.workspace;
        request.packages = shape.packages;
        const auto result = CargoInvoker::runBlocking(request);
        QVERIFY2(result.ok(), qPrintable(shape.name + QStringLiteral(": ") + result.error));
        QVERIFY(
            writeFile(kData + shape.name + QStringLiteral(".metadata.json"), result.outputs.metadataJson));
        QVERIFY(
            writeFile(kData + shape.name + QStringLiteral(".unit-graph.json"), result.outputs.unitGraphJson));
        QVERIFY(writeFile(kData + shape.name + QStringLiteral(".rustc.txt"),
                          result.outputs.rustcVerbose.toUtf8()));
    }
}

void TestCargoMetadata::golden_data()
{
    QTest::addColumn<QString>("shape");
    QTest::addColumn<int>("crates");
    QTest::addColumn<int>("buildScripts");
    QTest::addColumn<int>("procMacros");
    QTest::addColumn<QStringList>("roots");
    QTest::newRow("single crate") << QStringLiteral("single-crate") << 1 << 0 << 0
                                  << QStringList{QStringLiteral("hello-0.3.1")};
    // cli's binary joins its library's step; the proc-macro and the cdylib are steps of their own.
    QTest::newRow("bin + lib + cdylib")
        << QStringLiteral("bin-lib-cdylib") << 4 << 0 << 1
        << QStringList{QStringLiteral("cli-1.0.0"), QStringLiteral("plugin-0.1.0")};
    // helper twice: as sys's build-dependency (feature loud) and as user's dependency.
    QTest::newRow("build scripts") << QStringLiteral("build-script") << 4 << 2 << 0
                                   << QStringList{QStringLiteral("user-0.1.0")};
    QTest::newRow("path dependency outside")
        << QStringLiteral("outside-path") << 2 << 0 << 0 << QStringList{QStringLiteral("app-0.1.0")};
    QTest::newRow("registry crates") << QStringLiteral("registry") << 3 << 1 << 0
                                     << QStringList{QStringLiteral("reg-0.1.0")};
}

void TestCargoMetadata::golden()
{
    QFETCH(QString, shape);
    QFETCH(int, crates);
    QFETCH(int, buildScripts);
    QFETCH(int, procMacros);
    QFETCH(QStringList, roots);
    const Recorded input = recorded(shape);
    QVERIFY2(!input.metadata.isEmpty() && !input.unitGraph.isEmpty(),
             "recorded cargo output (FLAKEOFF_UPDATE_GOLDEN=1)");
    const PerCrateResult result = PerCrateGenerator::generate(input.metadata, input.unitGraph, input.rustc);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.crateCount, crates);
    QCOMPARE(result.buildScriptCount, buildScripts);
    QCOMPARE(result.procMacroCount, procMacros);
    QCOMPARE(result.roots, roots);

    const QString goldenPath = kData + QStringLiteral("golden/") + shape + QStringLiteral(".nix");
    if (qEnvironmentVariableIsSet("FLAKEOFF_UPDATE_GOLDEN"))
        QVERIFY(writeFile(goldenPath, result.nix));
    const QByteArray golden = readFile(goldenPath);
    QVERIFY2(!golden.isEmpty(), qPrintable(goldenPath));
    QVERIFY2(golden == result.nix, qPrintable(firstDifference(golden, result.nix)));
}

void TestCargoMetadata::metadataFacts()
{
    {
        const CargoMetadata m = metadataOf(QStringLiteral("single-crate"));
        QCOMPARE(m.packages().size(), std::size_t{1});
        const CargoPackage &p = m.packages().front();
        QCOMPARE(p.name, QStringLiteral("hello"));
        QVERIFY(p.isLocal());
        QVERIFY(m.isMember(p.id));
        QCOMPARE(p.manifestDir(), m.workspaceRoot());
        QCOMPARE(p.edition, QStringLiteral("2021"));
        QCOMPARE(p.authors.size(), 2);
        QVERIFY(p.description.contains(QStringLiteral("${braces}")));
        QCOMPARE(p.targets.size(), std::size_t{1});
        QCOMPARE(p.targets.front().kinds, QStringList{QStringLiteral("bin")});
    }
    {
        const CargoMetadata m = metadataOf(QStringLiteral("bin-lib-cdylib"));
        QCOMPARE(m.workspaceMembers().size(), 4);
        const CargoPackage *cli = nullptr;
        const CargoPackage *plugin = nullptr;
        const CargoPackage *helper = nullptr;
        for (const CargoPackage &p : m.packages()) {
            cli = p.name == QLatin1String("cli") ? &p : cli;
            plugin = p.name == QLatin1String("plugin") ? &p : plugin;
            helper = p.name == QLatin1String("derive-helper") ? &p : helper;
        }
        QVERIFY(cli && plugin && helper);
        QCOMPARE(cli->targets.size(), std::size_t{2}); // lib and bin
        QCOMPARE(cli->dependencies.front().name, QStringLiteral("core-lib"));
        QCOMPARE(cli->dependencies.front().rename, QStringLiteral("engine"));
        QCOMPARE(plugin->targets.front().crateTypes,
                 (QStringList{QStringLiteral("cdylib"), QStringLiteral("rlib")}));
        QCOMPARE(helper->targets.front().kinds, QStringList{QStringLiteral("proc-macro")});
        bool renamedInResolve = false;
        for (const CargoResolveNode &n : m.resolveNodes())
            if (n.id == cli->id)
                for (const CargoResolveDep &d : n.deps)
                    renamedInResolve = renamedInResolve || d.name == QLatin1String("engine");
        QVERIFY(renamedInResolve);
    }
    {
        const CargoMetadata m = metadataOf(QStringLiteral("build-script"));
        const CargoPackage *sys = nullptr;
        for (const CargoPackage &p : m.packages())
            sys = p.name == QLatin1String("sys") ? &p : sys;
        QVERIFY(sys);
        QCOMPARE(sys->links, QStringLiteral("demo"));
        bool script = false;
        for (const CargoTarget &t : sys->targets)
            script = script || (t.kinds.contains(QStringLiteral("custom-build")) &&
                                t.srcPath.endsWith(QStringLiteral("build/main.rs")));
        QVERIFY(script);
        QCOMPARE(sys->dependencies.front().kind, QStringLiteral("build"));
    }
    {
        const CargoMetadata m = metadataOf(QStringLiteral("outside-path"));
        const CargoPackage *shared = nullptr;
        for (const CargoPackage &p : m.packages())
            shared = p.name == QLatin1String("shared") ? &p : shared;
        QVERIFY(shared);
        QVERIFY(shared->isLocal());
        QVERIFY(!m.isMember(shared->id));
        QVERIFY(!shared->manifestDir().startsWith(m.workspaceRoot() + QLatin1Char('/')));
        QCOMPARE(shared->edition, QStringLiteral("2015"));
    }
    {
        const CargoMetadata m = metadataOf(QStringLiteral("registry"));
        const CargoPackage *libc = nullptr;
        for (const CargoPackage &p : m.packages())
            libc = p.name == QLatin1String("libc") ? &p : libc;
        QVERIFY(libc);
        QVERIFY(!libc->isLocal());
        QVERIFY(libc->source.startsWith(QStringLiteral("registry+")));
        QVERIFY(libc->manifestPath.startsWith(QStringLiteral("/usr/share/cargo/registry/libc-")));
    }
}

void TestCargoMetadata::unitGraphFacts()
{
    const CargoUnitGraph g = graphOf(QStringLiteral("bin-lib-cdylib"));
    QCOMPARE(g.roots().size(), std::size_t{3}); // cli's library and binary, plugin's library
    bool engine = false;
    bool procMacro = false;
    for (const Unit &u : g.units()) {
        procMacro = procMacro || u.isProcMacro();
        for (const UnitDependency &d : u.dependencies)
            engine = engine || d.externCrateName == QLatin1String("engine");
        QCOMPARE(u.mode, QStringLiteral("build"));
        QCOMPARE(u.profile.name, QStringLiteral("dev"));
    }
    QVERIFY(engine && procMacro);

    // user's build script run depends on sys's run: the edge that carries DEP_DEMO_*.
    const CargoUnitGraph b = graphOf(QStringLiteral("build-script"));
    bool linksEdge = false;
    for (const Unit &u : b.units())
        if (u.isBuildScriptRun() && u.pkgId.contains(QStringLiteral("user")))
            for (const UnitDependency &d : u.dependencies)
                linksEdge = linksEdge || b.units()[static_cast<std::size_t>(d.index)].isBuildScriptRun();
    QVERIFY(linksEdge);
}

void TestCargoMetadata::badMetadata_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("not a JSON object");
    QTest::newRow("not JSON") << QByteArray("error: could not find Cargo.toml")
                              << QStringLiteral("not a JSON object");
    QTest::newRow("array") << QByteArray("[1,2]") << QStringLiteral("not a JSON object");
    QTest::newRow("version 2") << QByteArray(R"({"version":2,"packages":[],"workspace_root":"/w"})")
                               << QStringLiteral("format version 1 expected");
    QTest::newRow("version as string") << QByteArray(R"({"version":"1","packages":[],"workspace_root":"/w"})")
                                       << QStringLiteral("format version 1 expected");
    QTest::newRow("no packages") << QByteArray(R"({"version":1,"workspace_root":"/w"})")
                                 << QStringLiteral("no \"packages\" list");
    QTest::newRow("no workspace root")
        << QByteArray(R"({"version":1,"packages":[]})") << QStringLiteral("no workspace_root");
    QTest::newRow("package not an object")
        << QByteArray(R"({"version":1,"packages":[3],"workspace_root":"/w"})")
        << QStringLiteral("package #0 is not an object");
    QTest::newRow("package without id")
        << QByteArray(
               R"({"version":1,"packages":[{"name":"a","version":"1.0.0","manifest_path":"/w/Cargo.toml"}],"workspace_root":"/w"})")
        << QStringLiteral("package #0 lacks id");
    QTest::newRow("package listed twice") << QByteArray(R"({"version":1,"workspace_root":"/w","packages":[
             {"id":"a","name":"a","version":"1.0.0","manifest_path":"/w/Cargo.toml"},
             {"id":"a","name":"a","version":"1.0.0","manifest_path":"/w/Cargo.toml"}]})")
                                          << QStringLiteral("listed twice");
    QTest::newRow("member not among packages")
        << QByteArray(R"({"version":1,"workspace_root":"/w","workspace_members":["x"],"packages":[]})")
        << QStringLiteral("workspace member x is not among the packages");
}

void TestCargoMetadata::badMetadata()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    QString actual;
    QVERIFY(!CargoMetadata::parse(json, actual));
    QVERIFY2(actual.contains(error), qPrintable(actual));
}

void TestCargoMetadata::badUnitGraph_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("not JSON") << QByteArray("{\"version\":1,") << QStringLiteral("not a JSON object");
    QTest::newRow("version 2") << QByteArray(R"({"version":2,"units":[],"roots":[]})")
                               << QStringLiteral("format version 1");
    QTest::newRow("no units") << QByteArray(R"({"version":1,"roots":[]})")
                              << QStringLiteral("no \"units\" list");
    QTest::newRow("unit without target")
        << QByteArray(R"({"version":1,"units":[{"pkg_id":"a","mode":"build"}]})")
        << QStringLiteral("unit 0 has no target");
    QTest::newRow("unit without mode")
        << QByteArray(R"({"version":1,"units":[{"pkg_id":"a","target":{"name":"a","kind":["lib"]}}]})")
        << QStringLiteral("unit 0 lacks pkg_id, mode");
    QTest::newRow("dependency outside the graph")
        << QByteArray(
               R"({"version":1,"units":[{"pkg_id":"a","mode":"build","target":{"name":"a","kind":["lib"]},
             "dependencies":[{"index":5,"extern_crate_name":"b"}]}]})")
        << QStringLiteral("unit 0 has a dependency outside the graph");
    QTest::newRow("negative index")
        << QByteArray(
               R"({"version":1,"units":[{"pkg_id":"a","mode":"build","target":{"name":"a","kind":["lib"]},
             "dependencies":[{"index":-1}]}]})")
        << QStringLiteral("outside the graph");
    QTest::newRow("root outside the graph")
        << QByteArray(
               R"({"version":1,"units":[{"pkg_id":"a","mode":"build","target":{"name":"a","kind":["lib"]}}],"roots":[1]})")
        << QStringLiteral("a root lies outside the graph");
}

void TestCargoMetadata::badUnitGraph()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    QString actual;
    QVERIFY(!CargoUnitGraph::parse(json, actual));
    QVERIFY2(actual.contains(error), qPrintable(actual));
}

void TestCargoMetadata::generatorErrors_data()
{
    QTest::addColumn<QString>("shape");
    QTest::addColumn<QString>("mutation");
    QTest::addColumn<QString>("error");
    QTest::newRow("unit of an unknown package")
        << QStringLiteral("single-crate") << QStringLiteral("unknown-package")
        << QStringLiteral("is not in cargo metadata");
    QTest::newRow("cross-compiled unit") << QStringLiteral("single-crate") << QStringLiteral("platform")
                                         << QStringLiteral("only native (host) builds are supported");
    QTest::newRow("test unit") << QStringLiteral("single-crate") << QStringLiteral("mode-test")
                               << QStringLiteral("unit mode 'test' is not supported");
    QTest::newRow("example target") << QStringLiteral("single-crate") << QStringLiteral("kind-example")
                                    << QStringLiteral(
                                           "only libraries, proc-macros, binaries and build scripts");
    QTest::newRow("crate root outside its package")
        << QStringLiteral("single-crate") << QStringLiteral("src-outside")
        << QStringLiteral("lies outside the package folder");
    QTest::newRow("git dependency") << QStringLiteral("registry") << QStringLiteral("git-source")
                                    << QStringLiteral(
                                           "only registry crates and path dependencies work offline");
    QTest::newRow("empty graph") << QStringLiteral("single-crate") << QStringLiteral("no-units")
                                 << QStringLiteral("the unit graph is empty");
    QTest::newRow("no rustc version") << QStringLiteral("single-crate") << QStringLiteral("no-rustc")
                                      << QStringLiteral("cannot read the rustc version");
    QTest::newRow("metadata of another workspace")
        << QStringLiteral("single-crate") << QStringLiteral("swap-metadata")
        << QStringLiteral("is not in cargo metadata");
}

void TestCargoMetadata::generatorErrors()
{
    QFETCH(QString, shape);
    QFETCH(QString, mutation);
    QFETCH(QString, error);
    Recorded input = recorded(shape);
    nlohmann::json meta = parsed(input.metadata);
    nlohmann::json graph = parsed(input.unitGraph);
    auto &unit = graph["units"][0];
    if (mutation == QLatin1String("unknown-package"))
        unit["pkg_id"] = "path+file:///nowhere#ghost@1.0.0";
    else if (mutation == QLatin1String("platform"))
        unit["platform"] = "wasm32-unknown-unknown";
    else if (mutation == QLatin1String("mode-test"))
        unit["mode"] = "test";
    else if (mutation == QLatin1String("kind-example"))
        unit["target"]["kind"] = nlohmann::json::array({"example"});
    else if (mutation == QLatin1String("src-outside"))
        unit["target"]["src_path"] = "/elsewhere/main.rs";
    else if (mutation == QLatin1String("no-units"))
        graph = {{"version", 1}, {"units", nlohmann::json::array()}, {"roots", nlohmann::json::array()}};
    else if (mutation == QLatin1String("no-rustc"))
        input.rustc = QStringLiteral("error: toolchain not installed");
    else if (mutation == QLatin1String("swap-metadata"))
        meta = parsed(recorded(QStringLiteral("registry")).metadata);
    else if (mutation == QLatin1String("git-source"))
        for (auto &p : meta["packages"])
            if (p["name"] == "libc")
                p["source"] = "git+https://example.org/libc#abc";
    const PerCrateResult result = PerCrateGenerator::generate(dump(meta), dump(graph), input.rustc);
    QVERIFY(!result.ok());
    QVERIFY(result.nix.isEmpty());
    QVERIFY2(result.error.contains(error), qPrintable(result.error));
}

void TestCargoMetadata::deterministicAndRelocatable()
{
    const Recorded input = recorded(QStringLiteral("bin-lib-cdylib"));
    const PerCrateResult first = PerCrateGenerator::generate(input.metadata, input.unitGraph, input.rustc);
    const PerCrateResult second = PerCrateGenerator::generate(input.metadata, input.unitGraph, input.rustc);
    QVERIFY(first.ok());
    QCOMPARE(first.nix, second.nix);

    // The same workspace copied elsewhere (another scratch folder) gives the same file: paths are
    // relative to the workspace, and hashes use no absolute path.
    const QByteArray root = metadataOf(QStringLiteral("bin-lib-cdylib")).workspaceRoot().toUtf8();
    QByteArray movedMeta = input.metadata;
    QByteArray movedGraph = input.unitGraph;
    movedMeta.replace(root, "/somewhere/else/ws");
    movedGraph.replace(root, "/somewhere/else/ws");
    QVERIFY(movedMeta != input.metadata);
    const PerCrateResult moved = PerCrateGenerator::generate(movedMeta, movedGraph, input.rustc);
    QVERIFY2(moved.ok(), qPrintable(moved.error));
    QVERIFY2(moved.nix == first.nix, qPrintable(firstDifference(first.nix, moved.nix)));

    // Unit order is cargo's business; the file does not depend on it.
    nlohmann::json graph = parsed(input.unitGraph);
    auto &units = graph["units"];
    const auto n = static_cast<int>(units.size());
    nlohmann::json reversed = nlohmann::json::array();
    for (int i = n - 1; i >= 0; --i) {
        nlohmann::json u = units[static_cast<std::size_t>(i)];
        for (auto &d : u["dependencies"])
            d["index"] = n - 1 - d["index"].get<int>();
        reversed.push_back(u);
    }
    for (auto &r : graph["roots"])
        r = n - 1 - r.get<int>();
    graph["units"] = reversed;
    const PerCrateResult shuffled = PerCrateGenerator::generate(input.metadata, dump(graph), input.rustc);
    QVERIFY2(shuffled.ok(), qPrintable(shuffled.error));
    QVERIFY2(shuffled.nix == first.nix, qPrintable(firstDifference(first.nix, shuffled.nix)));
}

void TestCargoMetadata::hashesFollowInputs()
{
    // A feature of sys changes sys's identity and user's (its dependent), never helper's.
    const Recorded input = recorded(QStringLiteral("build-script"));
    const PerCrateResult before = PerCrateGenerator::generate(input.metadata, input.unitGraph, input.rustc);
    QVERIFY(before.ok());
    nlohmann::json graph = parsed(input.unitGraph);
    for (auto &u : graph["units"])
        if (u["pkg_id"].get<std::string>().find("/sys#") != std::string::npos && u["mode"] == "build" &&
            u["target"]["kind"][0] == "lib")
            u["features"].push_back("extra");
    const PerCrateResult after = PerCrateGenerator::generate(input.metadata, dump(graph), input.rustc);
    QVERIFY(after.ok());
    for (const QString &attr : {QStringLiteral("sys-0.1.0"), QStringLiteral("user-0.1.0")}) {
        QVERIFY(!metadataHashOf(before.nix, attr).isEmpty());
        QVERIFY2(metadataHashOf(before.nix, attr) != metadataHashOf(after.nix, attr), qPrintable(attr));
    }
    int unchanged = 0;
    for (const QString &line : QString::fromUtf8(before.nix).split(QLatin1Char('\n')))
        if (line.contains(QStringLiteral("\"helper-0.1.0-")) && line.contains(QStringLiteral("= crate {"))) {
            const QString attr = line.trimmed().section(QLatin1Char('"'), 1, 1);
            QCOMPARE(metadataHashOf(after.nix, attr), metadataHashOf(before.nix, attr));
            ++unchanged;
        }
    QCOMPARE(unchanged, 2);

    // Another rustc gives every crate a new identity (its rlibs could not be linked together).
    const PerCrateResult otherRustc = PerCrateGenerator::generate(
        input.metadata, input.unitGraph,
        QString(input.rustc).replace(QStringLiteral("1.95.0"), QStringLiteral("1.96.0")));
    QVERIFY(otherRustc.ok());
    QVERIFY(metadataHashOf(otherRustc.nix, QStringLiteral("sys-0.1.0")) !=
            metadataHashOf(before.nix, QStringLiteral("sys-0.1.0")));
}

void TestCargoMetadata::rustcVerbose_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("host");
    QTest::newRow("rustup") << QStringLiteral("rustc 1.95.0 (59807616e 2026-04-14)\nbinary: rustc\nhost: "
                                              "x86_64-unknown-linux-gnu\nrelease: 1.95.0\n")
                            << true << QStringLiteral("rustc 1.95.0 (59807616e 2026-04-14)")
                            << QStringLiteral("x86_64-unknown-linux-gnu");
    QTest::newRow("debian") << QStringLiteral("rustc 1.63.0\nbinary: rustc\nhost: x86_64-unknown-linux-gnu\n")
                            << true << QStringLiteral("rustc 1.63.0")
                            << QStringLiteral("x86_64-unknown-linux-gnu");
    QTest::newRow("no host") << QStringLiteral("rustc 1.63.0\n") << false << QStringLiteral("rustc 1.63.0")
                             << QString();
    QTest::newRow("rustup error") << QStringLiteral("error: no default toolchain configured\n") << false
                                  << QString() << QString();
    QTest::newRow("empty") << QString() << false << QString() << QString();
}

void TestCargoMetadata::rustcVerbose()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QString, version);
    QFETCH(QString, host);
    PerCrateOptions options;
    QCOMPARE(PerCrateGenerator::parseRustcVerbose(text, options), ok);
    QCOMPARE(options.rustcVersion, version);
    QCOMPARE(options.host, host);
}

void TestCargoMetadata::notAWorkspace_data()
{
    QTest::addColumn<QString>("subdir");
    QTest::addColumn<QString>("error");
    QTest::newRow("folder without Cargo.toml")
        << QStringLiteral("empty") << QStringLiteral("not a Cargo workspace (no Cargo.toml in ");
    QTest::newRow("missing folder") << QStringLiteral("missing") << QStringLiteral("no such folder: ");
}

void TestCargoMetadata::notAWorkspace()
{
    QFETCH(QString, subdir);
    QFETCH(QString, error);
    QTemporaryDir tmp;
    QVERIFY(QDir(tmp.path()).mkdir(QStringLiteral("empty")));
    const QString dir = tmp.filePath(subdir);
    QVERIFY(CargoInvoker::workspaceProblem(dir).startsWith(error));
    QVERIFY(CargoInvoker::workspaceProblem(dir).contains(dir));

    // The asynchronous runner says the same through its signal, after start() returned.
    CargoInvoker invoker;
    QSignalSpy failed(&invoker, &CargoInvoker::failed);
    QSignalSpy finished(&invoker, &CargoInvoker::finished);
    CargoRequest request;
    request.workspace = dir;
    request.packages = {QStringLiteral("app")};
    invoker.start(request);
    QCOMPARE(failed.count(), 0);
    QVERIFY(failed.wait(5000));
    QVERIFY(failed.front().front().toString().startsWith(error));
    QCOMPARE(finished.count(), 0);
}

void TestCargoMetadata::cargoMetadataFailure()
{
    if (CargoInvoker::findCargo().isEmpty())
        QSKIP("no cargo here");
    QTemporaryDir tmp;
    QVERIFY(
        writeFile(tmp.filePath(QStringLiteral("Cargo.toml")), "[package]\nname = \"broken\"\nversion = \n"));
    const auto result = [&] {
        CargoRequest request;
        request.workspace = tmp.path();
        request.packages = {QStringLiteral("broken")};
        return CargoInvoker::runBlocking(request);
    }();
    QVERIFY(!result.ok());
    QVERIFY2(result.error.startsWith(QStringLiteral("cargo metadata failed: ")), qPrintable(result.error));
    QVERIFY2(result.error.contains(QStringLiteral("Cargo.toml")),
             qPrintable(result.error)); // cargo's own words

    // A package the workspace does not have: cargo's message, from the unit-graph call.
    CargoRequest request;
    request.workspace = tmp.path();
    QVERIFY(writeFile(tmp.filePath(QStringLiteral("Cargo.toml")),
                      "[package]\nname = \"fine\"\nversion = \"0.1.0\"\n"));
    QVERIFY(QDir(tmp.path()).mkpath(QStringLiteral("src")));
    QVERIFY(writeFile(tmp.filePath(QStringLiteral("src/lib.rs")), ""));
    request.packages = {QStringLiteral("nope")};
    const auto missing = CargoInvoker::runBlocking(request);
    QVERIFY(!missing.ok());
    QVERIFY2(missing.error.startsWith(QStringLiteral("cargo build --unit-graph failed: ")),
             qPrintable(missing.error));
    QVERIFY2(missing.error.contains(QStringLiteral("nope")), qPrintable(missing.error));
}

void TestCargoMetadata::cliErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    const QString notWorkspace = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/cargo");
    QTest::newRow("not a workspace")
        << QStringList{QStringLiteral("--workspace"), notWorkspace,
                       QStringLiteral("--package"),   QStringLiteral("app"),
                       QStringLiteral("--out"),       QStringLiteral("/dev/null")}
        << 1 << QStringLiteral("not a Cargo workspace (no Cargo.toml in %1)").arg(notWorkspace);
    QTest::newRow("wasm32 target") << QStringList{QStringLiteral("--workspace"), notWorkspace,
                                                  QStringLiteral("--package"),   QStringLiteral("app"),
                                                  QStringLiteral("--target"),    QStringLiteral("wasm32"),
                                                  QStringLiteral("--out"),       QStringLiteral("/dev/null")}
                                   << 2 << QStringLiteral("target 'wasm32' is not supported");
    QTest::newRow("no --out") << QStringList{QStringLiteral("--workspace"), notWorkspace,
                                             QStringLiteral("--package"), QStringLiteral("app")}
                              << 2 << QStringLiteral("usage: generate-per-crate");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")} << 2
                                    << QStringLiteral("frobnicate");
}

void TestCargoMetadata::cliErrors()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const CliOutput o = runCli(QStringList{QStringLiteral("generate-per-crate")} + args);
    QCOMPARE(o.exitCode, exitCode);
    QVERIFY2(o.err.contains(message), qPrintable(o.err));
}

QTEST_GUILESS_MAIN(TestCargoMetadata)
#include "tst_cargometadata.moc"
