// SPDX-License-Identifier: MIT
// The Cargo.nix writer (cargo2nix 0.12's format) on recorded `cargo metadata` output of the tiny
// workspaces in tests/data/workspaces/, with golden files in tests/data/cargo2nix/golden/, and its
// parts: cfg conditions, the boolean expressions' printing, profiles read from TOML, Cargo.lock
// checksums. Where nix-instantiate is installed the golden files are also parsed and evaluated
// with stand-ins for cargo2nix's overlay (tests/data/cargo2nix/eval.nix) and compared with cargo's
// own per-platform resolve; where cargo is installed the command line runs for real.
//
// Record cargo's output and the golden files again with FLAKEOFF_UPDATE_GOLDEN=1 (rustup's cargo
// and Debian's librust-libc-dev, librust-cfg-if-dev), then review the diff.
#include "NixRequired.h"
#include "nix/NixEnvironment.h"
#include "strategy/CargoInvoker.h"
#include "strategy/CargoLock.h"
#include "strategy/CargoManifestProfiles.h"
#include "strategy/CargoNixCollector.h"
#include "strategy/CargoNixWriter.h"
#include "strategy/CargoPlatform.h"
#include "strategy/NixBoolExpr.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace flakeoff;

namespace {
const QString kWorkspaces = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/workspaces/");
const QString kData = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/cargo2nix/");
const QString kCli = QStringLiteral(FLAKEOFF_CLI_PATH);
// Debian's lock of the registry workspace has this instead of cfg-if's checksum.
const QByteArray kDebianChecksum = "checksum = \"Could not get crate checksum\"";
const QByteArray kCfgIfChecksum =
    "checksum = \"48437cbce55c05b29c4a5ab8f737d0c6801971be29b95cd45a9b893cc54a77eb\"";
// Platforms of eval.nix and the triples cargo resolves them as.
const QList<std::pair<QString, QString>> kPlatforms{
    {QStringLiteral("x86_64-linux"), QStringLiteral("x86_64-unknown-linux-gnu")},
    {QStringLiteral("wasm32"), QStringLiteral("wasm32-unknown-unknown")},
    {QStringLiteral("x86_64-windows"), QStringLiteral("x86_64-pc-windows-gnu")},
    {QStringLiteral("aarch64-darwin"), QStringLiteral("aarch64-apple-darwin")},
};

struct Shape
{
    QString name;      // golden file name
    QString recording; // folder of cargo's recorded output under kData
    QString workspace; // relative to kWorkspaces
    bool ownFolder = false;
};

const QList<Shape> &shapes()
{
    static const QList<Shape> all{
        {QStringLiteral("single-crate"), QStringLiteral("single-crate"), QStringLiteral("single-crate")},
        {QStringLiteral("bin-lib-cdylib"), QStringLiteral("bin-lib-cdylib"),
         QStringLiteral("bin-lib-cdylib")},
        {QStringLiteral("build-script"), QStringLiteral("build-script"), QStringLiteral("build-script")},
        {QStringLiteral("outside-path"), QStringLiteral("outside-path"), QStringLiteral("outside-path/ws")},
        {QStringLiteral("outside-path-own-folder"), QStringLiteral("outside-path"),
         QStringLiteral("outside-path/ws"), true},
        {QStringLiteral("features-platforms"), QStringLiteral("features-platforms"),
         QStringLiteral("features-platforms")},
        {QStringLiteral("registry"), QStringLiteral("registry"), QStringLiteral("registry")},
    };
    return all;
}

const Shape &shape(const QString &name)
{
    for (const Shape &s : shapes())
        if (s.name == name)
            return s;
    qFatal("no shape %s", qPrintable(name));
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

QString featureFile(const CargoNixWriter::FeatureRequest &r)
{
    return QStringLiteral("feature.%1.%2.json").arg(r.member, r.feature);
}

// The workspace's lock as the writer records it: the registry shape's Debian lock gets a sha256
// for cfg-if (what an offline preparation writes), the others are used as they are.
QByteArray lockOf(const Shape &s)
{
    QByteArray lock = readFile(kWorkspaces + s.workspace + QStringLiteral("/Cargo.lock"));
    return lock.replace(kDebianChecksum, kCfgIfChecksum);
}

CargoNixInput inputOf(const Shape &s)
{
    const QString dir = kData + s.recording + QLatin1Char('/');
    CargoNixCollector::Outputs outputs;
    outputs.allFeatures = readFile(dir + QStringLiteral("all-features.json"));
    outputs.noFeatures = readFile(dir + QStringLiteral("no-features.json"));
    QString error;
    const auto all = CargoMetadata::parse(outputs.allFeatures, error);
    if (!all)
        qFatal("%s: %s (record with FLAKEOFF_UPDATE_GOLDEN=1)", qPrintable(s.name), qPrintable(error));
    for (const auto &request : CargoNixWriter::featureRequests(*all))
        outputs.features.emplace_back(request, readFile(dir + featureFile(request)));
    auto input = CargoNixCollector::fromOutputs(outputs, error);
    if (!input)
        qFatal("%s: %s", qPrintable(s.name), qPrintable(error));
    input->cargoLock = lockOf(s);
    input->rootManifest = readFile(kWorkspaces + s.workspace + QStringLiteral("/Cargo.toml"));
    input->pathDependenciesOwnFolder = s.ownFolder;
    return *input;
}

QString goldenPath(const QString &name)
{
    return kData + QStringLiteral("golden/") + name + QStringLiteral(".nix");
}

QString firstDifference(const QByteArray &expected, const QByteArray &actual)
{
    const QList<QByteArray> a = expected.split('\n');
    const QList<QByteArray> b = actual.split('\n');
    for (qsizetype i = 0; i < std::max(a.size(), b.size()); ++i) {
        const QByteArray l = i < a.size() ? a[i] : QByteArray("<end>");
        const QByteArray r = i < b.size() ? b[i] : QByteArray("<end>");
        if (l != r)
            return QStringLiteral("line %1:\n  expected:  %2\n  generated: %3")
                .arg(i + 1)
                .arg(QString::fromUtf8(l), QString::fromUtf8(r));
    }
    return {};
}

struct ProcessOutput
{
    int exitCode = -1;
    QByteArray out;
    QString err;
};

ProcessOutput runProcess(const QString &program, const QStringList &args,
                         const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    p.waitForFinished(120000); // a test may block; the app never does
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            QString::fromUtf8(p.readAllStandardError())};
}

QString nixInstantiate()
{
    return NixEnvironment::findProgram(QStringLiteral("nix-instantiate"));
}

// eval.nix over a Cargo.nix: nullopt and the reason in `error` when nix fails.
std::optional<nlohmann::json> evaluate(const QString &cargoNix, const QString &platform, QString &error,
                                       const QStringList &extra = {})
{
    const ProcessOutput r = runProcess(
        nixInstantiate(),
        QStringList{QStringLiteral("--eval"), QStringLiteral("--strict"), QStringLiteral("--json"),
                    kData + QStringLiteral("eval.nix"), QStringLiteral("--arg"), QStringLiteral("cargoNix"),
                    cargoNix, QStringLiteral("--argstr"), QStringLiteral("platform"), platform} +
            extra,
        test::nixEnvironment());
    if (r.exitCode != 0) {
        error = r.err;
        return std::nullopt;
    }
    return nlohmann::json::parse(r.out.begin(), r.out.end(), nullptr, false);
}

// "name version" → { "normal"/"dev"/"build" → sorted "name version" of its dependencies } of a
// cargo resolve, for comparison with the evaluated Cargo.nix.
std::map<QString, std::map<QString, QStringList>> resolvedDependencies(const CargoMetadata &m)
{
    std::map<QString, std::map<QString, QStringList>> out;
    for (const CargoResolveNode &n : m.resolveNodes()) {
        const CargoPackage *p = m.findPackage(n.id);
        auto &kinds = out[p->name + QLatin1Char(' ') + p->version];
        for (const char *k : {"normal", "dev", "build"})
            kinds[QLatin1String(k)];
        for (const CargoResolveDep &d : n.deps) {
            const CargoPackage *dep = m.findPackage(d.package);
            for (const QString &kind : d.kinds) {
                QStringList &list = kinds[kind.isEmpty() ? QStringLiteral("normal") : kind];
                const QString id = dep->name + QLatin1Char(' ') + dep->version;
                if (!list.contains(id))
                    list << id;
            }
        }
        for (auto &[kind, list] : kinds)
            list.sort();
    }
    return out;
}

QStringList values(const nlohmann::json &object)
{
    QStringList out;
    for (const auto &[key, value] : object.items())
        out << QString::fromStdString(value.get<std::string>());
    out.sort();
    return out;
}

QStringList strings(const nlohmann::json &array)
{
    QStringList out;
    for (const auto &v : array)
        out << QString::fromStdString(v.get<std::string>());
    return out;
}

CargoMetadata parsedMetadata(const QByteArray &json)
{
    QString error;
    auto m = CargoMetadata::parse(json, error);
    if (!m)
        qFatal("%s", qPrintable(error));
    return *m;
}

// A tiny metadata document: packages as (name, version, source, [proc-macro]) and resolve nodes.
QByteArray syntheticMetadata(const nlohmann::json &packages, const nlohmann::json &nodes,
                             const nlohmann::json &members)
{
    nlohmann::json doc{{"version", 1},
                       {"workspace_root", "/w"},
                       {"workspace_members", members},
                       {"packages", packages},
                       {"resolve", {{"root", nullptr}, {"nodes", nodes}}}};
    return QByteArray::fromStdString(doc.dump());
}

nlohmann::json package(const std::string &name, const std::string &version, const std::string &source,
                       const std::string &kind = "lib")
{
    const std::string id =
        source.empty() ? "path+file:///w/" + name + "#" + version : source + "#" + name + "@" + version;
    return {{"id", id},
            {"name", name},
            {"version", version},
            {"source", source.empty() ? nlohmann::json() : nlohmann::json(source)},
            {"manifest_path", source.empty() ? "/w/" + name + "/Cargo.toml" : "/reg/" + name + "/Cargo.toml"},
            {"targets", nlohmann::json::array({{{"name", name}, {"kind", {kind}}, {"crate_types", {kind}}}})},
            {"features", nlohmann::json::object()}};
}
} // namespace

class TestCargoNixWriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void golden_data();
    void golden();
    void deterministic();
    void evaluatedPerPlatform_data();
    void evaluatedPerPlatform();
    void rootFeatures_data();
    void rootFeatures();
    void lockHashChecked();
    void conditions_data();
    void conditions();
    void badPlatforms_data();
    void badPlatforms();
    void platformOrder();
    void boolExpressions();
    void profiles_data();
    void profiles();
    void badToml_data();
    void badToml();
    void lockChecksums();
    void writerErrors_data();
    void writerErrors();
    void gitSourcesAndCrateOrder();
    void cliErrors_data();
    void cliErrors();
    void cliMatchesRecording();
    void cargo2nixExample();
};

void TestCargoNixWriter::initTestCase()
{
    if (!qEnvironmentVariableIsSet("FLAKEOFF_UPDATE_GOLDEN"))
        return;
    // Record cargo's output for every workspace, and the per-platform resolves of one of them.
    QStringList recorded;
    for (const Shape &s : shapes()) {
        if (recorded.contains(s.recording))
            continue;
        recorded << s.recording;
        CargoNixCollector::Request request;
        request.workspace = kWorkspaces + s.workspace;
        CargoNixCollector::Outputs outputs;
        QString error;
        QVERIFY2(CargoNixCollector::collect(request, error, &outputs),
                 qPrintable(s.name + QStringLiteral(": ") + error));
        const QString dir = kData + s.recording + QLatin1Char('/');
        QDir(dir).removeRecursively();
        QVERIFY(writeFile(dir + QStringLiteral("all-features.json"), outputs.allFeatures));
        QVERIFY(writeFile(dir + QStringLiteral("no-features.json"), outputs.noFeatures));
        for (const auto &[r, json] : outputs.features)
            QVERIFY(writeFile(dir + featureFile(r), json));
    }
    for (const auto &[platform, triple] : kPlatforms) {
        CargoRequest request;
        request.workspace = kWorkspaces + QStringLiteral("features-platforms");
        request.metadataOnly = true;
        request.metadataArguments = {QStringLiteral("--locked"), QStringLiteral("--filter-platform"), triple};
        const auto result = CargoInvoker::runBlocking(request);
        QVERIFY2(result.ok(), qPrintable(result.error));
        QVERIFY(writeFile(kData + QStringLiteral("features-platforms/platform.%1.json").arg(triple),
                          result.outputs.metadataJson));
    }
}

void TestCargoNixWriter::golden_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("crates");
    QTest::addColumn<int>("local");
    QTest::addColumn<int>("conditional");
    QTest::addColumn<QStringList>("lines"); // lines the file must have, whatever else changes
    QTest::newRow("single crate") << QStringLiteral("single-crate") << 1 << 1 << 0
                                  << QStringList{
                                         QStringLiteral("    hello = rustPackages.unknown.hello.\"0.3.1\";")};
    // cli's renamed dependency keeps its extern name; the proc-macro comes from the build set.
    QTest::newRow("bin + lib + cdylib")
        << QStringLiteral("bin-lib-cdylib") << 4 << 4 << 0
        << QStringList{
               QStringLiteral("      engine = (rustPackages.\"unknown\".core-lib.\"0.2.0\" { inherit "
                              "profileName; }).out;"),
               QStringLiteral("      derive_helper = (buildRustPackages.\"unknown\".derive-helper.\"0.1.0\" "
                              "{ profileName = "
                              "\"__noProfile\"; }).out;")};
    // helper is sys's build-dependency (with `loud`, always on: a build-dependency's feature).
    QTest::newRow("build scripts")
        << QStringLiteral("build-script") << 3 << 3 << 0
        << QStringList{QStringLiteral("    buildDependencies = {"),
                       QStringLiteral(
                           "      helper = (buildRustPackages.\"unknown\".helper.\"0.1.0\" { profileName = "
                           "\"__noProfile\"; }).out;"),
                       QStringLiteral("      [ \"loud\" ]")};
    // cargo2nix 0.12 gives a path crate outside the workspace the workspace as source…
    QTest::newRow("path dependency outside")
        << QStringLiteral("outside-path") << 2 << 2 << 0
        << QStringList{QStringLiteral("    src = fetchCrateLocal workspaceSrc;")};
    // … which only its own folder can build.
    QTest::newRow("outside, own folder")
        << QStringLiteral("outside-path-own-folder") << 2 << 2 << 0
        << QStringList{
               QStringLiteral("    src = fetchCrateLocal (workspaceSrc + \"/../shared\");"),
               QStringLiteral(
                   "# This file was @generated by Flakeoff (flakeoff-cli generate-cargo-nix) in the format "
                   "of cargo2nix 0.12.0, path dependencies with their own folder as source.")};
    QTest::newRow("features and platforms")
        << QStringLiteral("features-platforms") << 11 << 11 << 5
        << QStringList{
               QStringLiteral(
                   "      ${ if !(hostPlatform.parsed.cpu.name == \"wasm32\") || hostPlatform.isWindows then "
                   "\"native\" else null } = (rustPackages.\"unknown\".native.\"0.1.0\" { inherit "
                   "profileName; "
                   "}).out;"),
               QStringLiteral(
                   "      ${ if hostPlatform.config == \"x86_64-unknown-linux-gnu\" then \"linuxonly\" else "
                   "null } "
                   "= (rustPackages.\"unknown\".linuxonly.\"0.1.0\" { inherit profileName; }).out;"),
               QStringLiteral(
                   "      ${ if rootFeatures' ? \"app/net\" || rootFeatures' ? \"app/trace\" then \"netlib\" "
                   "else "
                   "null } = (rustPackages.\"unknown\".netlib.\"0.3.0\" { inherit profileName; }).out;"),
               QStringLiteral(
                   "      (lib.optional (rootFeatures' ? \"app/default\" || rootFeatures' ? \"app/fast\" || "
                   "rootFeatures' ? \"util/speed\") \"speed\")"),
               QStringLiteral(
                   "      tool = (rustPackages.\"unknown\".toolbox.\"1.0.0\" { inherit profileName; }).out;"),
               QStringLiteral("    release = builtins.fromTOML \"codegen-units = 1\\nlto = "
                              "\\\"thin\\\"\\nopt-level = 3\\n\";"),
               QStringLiteral("    bench = builtins.fromTOML \"debug = 1\\n\";")};
    QTest::newRow("registry crates")
        << QStringLiteral("registry") << 3 << 1 << 0
        << QStringList{
               QStringLiteral("    src = fetchCratesIo { inherit name version; sha256 = "
                              "\"201de327520df007757c1f0adce6e827fe8562fbc28bfd9c15571c66ca1f5f79\"; };"),
               QStringLiteral("      cfgif = "
                              "(rustPackages.\"registry+https://github.com/rust-lang/crates.io-index\".cfg-"
                              "if.\"1.0.0\" { inherit profileName; }).out;")};
}

void TestCargoNixWriter::golden()
{
    QFETCH(QString, name);
    QFETCH(int, crates);
    QFETCH(int, local);
    QFETCH(int, conditional);
    QFETCH(QStringList, lines);
    const Shape &s = shape(name);
    const CargoNixInput input = inputOf(s);
    const CargoNixResult result = CargoNixWriter::write(input);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.crateCount, crates);
    QCOMPARE(result.localCount, local);
    QCOMPARE(result.conditionalDependencies, conditional);
    const QStringList text = QString::fromUtf8(result.nix).split(QLatin1Char('\n'));
    for (const QString &line : lines)
        QVERIFY2(text.contains(line), qPrintable(QStringLiteral("missing: ") + line));
    // The lock's hash, as Nix's builtins.hashFile computes it.
    const QByteArray hash = QCryptographicHash::hash(input.cargoLock, QCryptographicHash::Sha256).toHex();
    QVERIFY(text.contains(QStringLiteral("  nixifiedLockHash = \"%1\";").arg(QString::fromLatin1(hash))));
    // Every package cargo resolved has its entry, and every dependency its line.
    for (const CargoResolveNode &n : input.allFeatures.resolveNodes()) {
        const CargoPackage *p = input.allFeatures.findPackage(n.id);
        const QString registry = p->isLocal() ? QStringLiteral("unknown") : p->source;
        QVERIFY(
            text.contains(QStringLiteral("  \"%1\".%2.\"%3\" = overridableMkRustCrate (profileName: rec {")
                              .arg(registry, p->name, p->version)));
        for (const CargoResolveDep &d : n.deps)
            QVERIFY2(
                result.nix.contains(QStringLiteral("%1 = (").arg(d.name).toUtf8()) ||
                    result.nix.contains(QStringLiteral("then \"%1\" else null } = (").arg(d.name).toUtf8()),
                qPrintable(p->name + QStringLiteral(" → ") + d.name));
    }

    if (qEnvironmentVariableIsSet("FLAKEOFF_UPDATE_GOLDEN"))
        QVERIFY(writeFile(goldenPath(name), result.nix));
    const QByteArray golden = readFile(goldenPath(name));
    QVERIFY2(!golden.isEmpty(), qPrintable(goldenPath(name)));
    QVERIFY2(golden == result.nix, qPrintable(firstDifference(golden, result.nix)));

    if (nixInstantiate().isEmpty())
        return; // the parse check needs Nix; everything above does not
    const ProcessOutput parse =
        runProcess(nixInstantiate(), {QStringLiteral("--parse"), goldenPath(name)}, test::nixEnvironment());
    QVERIFY2(parse.exitCode == 0, qPrintable(parse.err));
}

void TestCargoNixWriter::deterministic()
{
    // The same input gives the same bytes; the feature runs' order does not matter.
    CargoNixInput input = inputOf(shape(QStringLiteral("features-platforms")));
    const QByteArray first = CargoNixWriter::write(input).nix;
    std::reverse(input.featureRuns.begin(), input.featureRuns.end());
    QCOMPARE(CargoNixWriter::write(input).nix, first);
}

void TestCargoNixWriter::evaluatedPerPlatform_data()
{
    QTest::addColumn<QString>("platform");
    QTest::addColumn<QString>("triple");
    QTest::addColumn<QStringList>("appDependencies"); // extern names, sorted
    for (const auto &[platform, triple] : kPlatforms) {
        QStringList deps{QStringLiteral("tool"), QStringLiteral("util")};
        if (platform != QLatin1String("wasm32"))
            deps << QStringLiteral("native");
        if (platform == QLatin1String("x86_64-linux") || platform == QLatin1String("aarch64-darwin"))
            deps << QStringLiteral("unixonly");
        if (platform == QLatin1String("x86_64-linux"))
            deps << QStringLiteral("linuxonly");
        deps.sort();
        QTest::newRow(qPrintable(platform)) << platform << triple << deps;
    }
}

// The file evaluated for one platform (default root features) has, for every crate cargo resolves
// for that target, exactly cargo's dependencies of each kind.
void TestCargoNixWriter::evaluatedPerPlatform()
{
    if (nixInstantiate().isEmpty())
        QSKIP("nix-instantiate is not installed");
    QFETCH(QString, platform);
    QFETCH(QString, triple);
    QFETCH(QStringList, appDependencies);
    QString error;
    const auto evaluated = evaluate(goldenPath(QStringLiteral("features-platforms")), platform, error);
    QVERIFY2(evaluated && evaluated->is_object(), qPrintable(error));
    nlohmann::json crates = (*evaluated)["crates"]["unknown"]; // a copy: [] may add null
    QStringList app;
    for (const auto &[name, _] : crates["app"]["0.1.0"]["dependencies"].items())
        app << QString::fromStdString(name);
    app.sort();
    QCOMPARE(app, appDependencies);

    const CargoMetadata cargo =
        parsedMetadata(readFile(kData + QStringLiteral("features-platforms/platform.%1.json").arg(triple)));
    int compared = 0;
    for (const auto &[id, kinds] : resolvedDependencies(cargo)) {
        const QStringList nameVersion = id.split(QLatin1Char(' '));
        nlohmann::json &crate = crates[nameVersion[0].toStdString()][nameVersion[1].toStdString()];
        QVERIFY2(crate.is_object(), qPrintable(id));
        QCOMPARE(values(crate["dependencies"]), kinds.at(QStringLiteral("normal")));
        QCOMPARE(values(crate["buildDependencies"]), kinds.at(QStringLiteral("build")));
        QCOMPARE(values(crate["devDependencies"]), kinds.at(QStringLiteral("dev")));
        ++compared;
    }
    QVERIFY(compared >= 6);
    // Members' features are cargo's; a dependency's are the union over all platforms (cargo2nix's
    // format has no platform conditions for features): native's "win" is on everywhere.
    for (const CargoResolveNode &n : cargo.resolveNodes()) {
        const CargoPackage *p = cargo.findPackage(n.id);
        if (!cargo.isMember(n.id))
            continue;
        QStringList features = n.features;
        features.sort();
        QCOMPARE(strings(crates[p->name.toStdString()][p->version.toStdString()]["features"]), features);
    }
    if (platform != QLatin1String("wasm32"))
        QCOMPARE(strings(crates["native"]["0.1.0"]["features"]), QStringList{QStringLiteral("win")});
}

void TestCargoNixWriter::rootFeatures_data()
{
    QTest::addColumn<QString>("rootFeatures"); // a Nix list
    QTest::addColumn<QStringList>("appFeatures");
    QTest::addColumn<bool>("netlib");
    QTest::addColumn<QStringList>("netlibFeatures");
    QTest::addColumn<QStringList>("utilFeatures");
    QTest::newRow("defaults") << QStringLiteral("null")
                              << QStringList{QStringLiteral("default"), QStringLiteral("fast")} << false
                              << QStringList{} << QStringList{QStringLiteral("speed")};
    QTest::newRow("none") << QStringLiteral("[ ]") << QStringList{} << false << QStringList{}
                          << QStringList{};
    QTest::newRow("net") << QStringLiteral("[ \"app/net\" ]") << QStringList{QStringLiteral("net")} << true
                         << QStringList{} << QStringList{};
    QTest::newRow("trace") << QStringLiteral("[ \"app/trace\" \"util/speed\" ]")
                           << QStringList{QStringLiteral("trace")} << true
                           << QStringList{QStringLiteral("verbose")} << QStringList{QStringLiteral("speed")};
}

// Root features choose the member features, optional dependencies and dependency features that
// the per-feature resolves found.
void TestCargoNixWriter::rootFeatures()
{
    if (nixInstantiate().isEmpty())
        QSKIP("nix-instantiate is not installed");
    QFETCH(QString, rootFeatures);
    QFETCH(QStringList, appFeatures);
    QFETCH(bool, netlib);
    QFETCH(QStringList, netlibFeatures);
    QFETCH(QStringList, utilFeatures);
    QString error;
    const QStringList extra =
        rootFeatures == QLatin1String("null")
            ? QStringList()
            : QStringList{QStringLiteral("--arg"), QStringLiteral("rootFeatures"), rootFeatures};
    const auto evaluated = evaluate(goldenPath(QStringLiteral("features-platforms")),
                                    QStringLiteral("x86_64-linux"), error, extra);
    QVERIFY2(evaluated && evaluated->is_object(), qPrintable(error));
    nlohmann::json crates = (*evaluated)["crates"]["unknown"]; // a copy: [] may add null
    QCOMPARE(strings(crates["app"]["0.1.0"]["features"]), appFeatures);
    QCOMPARE(crates["app"]["0.1.0"]["dependencies"].contains("netlib"), netlib);
    QCOMPARE(strings(crates["netlib"]["0.3.0"]["features"]), netlibFeatures);
    QCOMPARE(strings(crates["util"]["0.2.0"]["features"]), utilFeatures);
    // Profiles reach mkRustCrate as the table cargo2nix parses from its TOML text.
    QCOMPARE((*evaluated)["profiles"]["unknown"]["app"]["0.1.0"].value("lto", std::string()),
             std::string("thin"));
}

// The recorded hash is Nix's builtins.hashFile of Cargo.lock: evaluation against the workspace
// succeeds, and against a changed lock stops with cargo2nix's message.
void TestCargoNixWriter::lockHashChecked()
{
    if (nixInstantiate().isEmpty())
        QSKIP("nix-instantiate is not installed");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray lock = readFile(kWorkspaces + QStringLiteral("features-platforms/Cargo.lock"));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("Cargo.lock")), lock));
    const QStringList checked{
        QStringLiteral("--arg"), QStringLiteral("workspaceSrc"),   dir.path(),
        QStringLiteral("--arg"), QStringLiteral("ignoreLockHash"), QStringLiteral("false")};
    QString error;
    const auto ok = evaluate(goldenPath(QStringLiteral("features-platforms")), QStringLiteral("x86_64-linux"),
                             error, checked);
    QVERIFY2(ok && ok->is_object(), qPrintable(error));
    QCOMPARE((*ok)["crates"]["unknown"]["app"]["0.1.0"].value("src", std::string()),
             "local " + dir.path().toStdString());

    QVERIFY(writeFile(dir.filePath(QStringLiteral("Cargo.lock")), lock + "\n"));
    error.clear();
    QVERIFY(!evaluate(goldenPath(QStringLiteral("features-platforms")), QStringLiteral("x86_64-linux"), error,
                      checked));
    QVERIFY2(error.contains(QStringLiteral("is out of sync with Cargo.lock")), qPrintable(error));
}

void TestCargoNixWriter::conditions_data()
{
    QTest::addColumn<QString>("platform");
    QTest::addColumn<QString>("nix");
    QTest::newRow("triple") << QStringLiteral("x86_64-pc-windows-gnu")
                            << QStringLiteral("hostPlatform.config == \"x86_64-pc-windows-gnu\"");
    QTest::newRow("unix") << QStringLiteral("cfg(unix)") << QStringLiteral("hostPlatform.isUnix");
    QTest::newRow("not windows") << QStringLiteral("cfg(not(windows))")
                                 << QStringLiteral("!hostPlatform.isWindows");
    QTest::newRow("not wasm32") << QStringLiteral("cfg(not(target_arch = \"wasm32\"))")
                                << QStringLiteral("!(hostPlatform.parsed.cpu.name == \"wasm32\")");
    QTest::newRow("arm") << QStringLiteral("cfg(target_arch = \"arm\")")
                         << QStringLiteral("hostPlatform.parsed.cpu.name == \"armv6l\" || "
                                           "hostPlatform.parsed.cpu.name == \"armv7l\"");
    QTest::newRow("x86") << QStringLiteral("cfg(target_arch=\"x86\")")
                         << QStringLiteral("hostPlatform.parsed.cpu.name == \"i686\"");
    QTest::newRow("macos is darwin") << QStringLiteral("cfg(target_os = \"macos\")")
                                     << QStringLiteral("hostPlatform.parsed.kernel.name == \"darwin\"");
    QTest::newRow("all with not any")
        << QStringLiteral("cfg(all(unix, not(any(target_os = \"macos\", target_os = \"ios\"))))")
        << QStringLiteral("hostPlatform.isUnix && !(hostPlatform.parsed.kernel.name == \"darwin\" || "
                          "hostPlatform.parsed.kernel.name == \"ios\")");
    QTest::newRow("any inside all") << QStringLiteral(
                                           "cfg(all(any(unix, windows), target_pointer_width = \"64\"))")
                                    << QStringLiteral("(hostPlatform.isUnix || hostPlatform.isWindows) && "
                                                      "hostPlatform.parsed.cpu.bits == 64");
    QTest::newRow("family") << QStringLiteral("cfg(target_family = \"windows\")")
                            << QStringLiteral("hostPlatform.isWindows");
    QTest::newRow("env") << QStringLiteral("cfg(target_env = \"msvc\")")
                         << QStringLiteral("hostPlatform.parsed.abi.name == \"msvc\"");
    QTest::newRow("sgx") << QStringLiteral("cfg(target_env = \"sgx\")")
                         << QStringLiteral("target == \"x86_64-fortanix-unknown-sgx\"");
    QTest::newRow("endian") << QStringLiteral("cfg(target_endian = \"big\")")
                            << QStringLiteral(
                                   "hostPlatform.parsed.cpu.significantByte.name == \"bigEndian\"");
    QTest::newRow("vendor") << QStringLiteral("cfg(target_vendor = \"apple\")")
                            << QStringLiteral("hostPlatform.parsed.vendor.name == \"apple\"");
    QTest::newRow("cpu") << QStringLiteral("cfg(target_cpu = \"znver3\")")
                         << QStringLiteral("hostPlatformCpu == \"znver3\"");
    QTest::newRow("feature") << QStringLiteral("cfg(target_feature = \"crt-static\")")
                             << QStringLiteral("builtins.elem \"crt-static\" hostPlatformFeatures");
    QTest::newRow("atomics") << QStringLiteral("cfg(target_has_atomic = \"64\")")
                             << QStringLiteral("hostPlatform.cargo2nix.max-atomic-width >= 64");
    QTest::newRow("pointer atomics")
        << QStringLiteral("cfg(target_has_atomic = \"ptr\")")
        << QStringLiteral(
               "hostPlatform.cargo2nix.max-atomic-width >= hostPlatform.cargo2nix.target-pointer-width");
    // What cargo2nix does not know is false, and folds: all() of it is false, not() true.
    QTest::newRow("unknown name") << QStringLiteral("cfg(miri)") << QStringLiteral("false");
    QTest::newRow("unknown key") << QStringLiteral("cfg(panic = \"unwind\")") << QStringLiteral("false");
    QTest::newRow("pointer width 16")
        << QStringLiteral("cfg(target_pointer_width = \"16\")") << QStringLiteral("false");
    QTest::newRow("not unknown") << QStringLiteral("cfg(not(miri))") << QStringLiteral("true");
    QTest::newRow("all with unknown") << QStringLiteral("cfg(all(unix, miri))") << QStringLiteral("false");
    QTest::newRow("empty all") << QStringLiteral("cfg(all())") << QStringLiteral("false");
    QTest::newRow("trailing comma") << QStringLiteral("cfg(any(unix, windows,))")
                                    << QStringLiteral("hostPlatform.isUnix || hostPlatform.isWindows");
}

void TestCargoNixWriter::conditions()
{
    QFETCH(QString, platform);
    QFETCH(QString, nix);
    QString error;
    const auto parsed = CargoPlatform::parse(platform, error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(parsed->condition(QStringLiteral("hostPlatform")).simplified().toNix(), nix);
}

void TestCargoNixWriter::badPlatforms_data()
{
    QTest::addColumn<QString>("platform");
    QTest::addColumn<QString>("error");
    QTest::newRow("empty") << QString() << QStringLiteral("neither a target triple");
    QTest::newRow("spaces in a triple")
        << QStringLiteral("x86 64") << QStringLiteral("neither a target triple");
    QTest::newRow("unclosed") << QStringLiteral("cfg(unix") << QStringLiteral("')' was expected");
    QTest::newRow("unquoted value") << QStringLiteral("cfg(target_os = linux)")
                                    << QStringLiteral("a quoted value was expected");
    QTest::newRow("unclosed value") << QStringLiteral("cfg(target_os = \"linux)")
                                    << QStringLiteral("closing quote is missing");
    QTest::newRow("not with two") << QStringLiteral("cfg(not(unix, windows))")
                                  << QStringLiteral("not() takes exactly one operand");
    QTest::newRow("missing comma") << QStringLiteral("cfg(any(unix windows))")
                                   << QStringLiteral("',' or ')'");
    QTest::newRow("text after") << QStringLiteral("cfg(unix) x") << QStringLiteral("text after");
    QTest::newRow("no name") << QStringLiteral("cfg(= \"x\")") << QStringLiteral("a cfg name was expected");
}

void TestCargoNixWriter::badPlatforms()
{
    QFETCH(QString, platform);
    QFETCH(QString, error);
    QString actual;
    QVERIFY(!CargoPlatform::parse(platform, actual));
    QVERIFY2(actual.contains(error), qPrintable(actual));
}

// cargo's order: a triple before any cfg; not() < all() < any() < a name < a key = value.
void TestCargoNixWriter::platformOrder()
{
    const QStringList ordered{
        QStringLiteral("aarch64-apple-darwin"), QStringLiteral("x86_64-pc-windows-gnu"),
        QStringLiteral("cfg(not(unix))"),       QStringLiteral("cfg(all(unix))"),
        QStringLiteral("cfg(any(unix))"),       QStringLiteral("cfg(unix)"),
        QStringLiteral("cfg(windows)"),         QStringLiteral("cfg(target_os = \"linux\")")};
    QString error;
    for (qsizetype i = 0; i + 1 < ordered.size(); ++i) {
        const auto a = CargoPlatform::parse(ordered[i], error);
        const auto b = CargoPlatform::parse(ordered[i + 1], error);
        QVERIFY(a && b);
        QVERIFY2(*a < *b, qPrintable(ordered[i] + QStringLiteral(" < ") + ordered[i + 1]));
        QVERIFY(!(*b < *a));
    }
    QVERIFY(*CargoPlatform::parse(QStringLiteral("cfg( unix )"), error) ==
            *CargoPlatform::parse(QStringLiteral("cfg(unix)"), error));
}

void TestCargoNixWriter::boolExpressions()
{
    const NixBoolExpr a = NixBoolExpr::single(QStringLiteral("a"));
    const NixBoolExpr b = NixBoolExpr::single(QStringLiteral("b == 1"));
    const NixBoolExpr c = NixBoolExpr::single(QStringLiteral("c"));
    QCOMPARE(a.both(b.either(c)).toNix(), QStringLiteral("a && (b == 1 || c)"));
    QCOMPARE(a.both(b).either(c).toNix(), QStringLiteral("a && b == 1 || c"));
    QCOMPARE(a.both(b).negated().toNix(), QStringLiteral("!(a && b == 1)"));
    QCOMPARE(b.negated().toNix(), QStringLiteral("!(b == 1)"));
    QCOMPARE(a.negated().negated().toNix(), QStringLiteral("!!a"));
    QCOMPARE(NixBoolExpr::truth().both(a).simplified().toNix(), QStringLiteral("a"));
    QCOMPARE(a.both(NixBoolExpr::falsity()).simplified().toNix(), QStringLiteral("false"));
    QCOMPARE(a.either(NixBoolExpr::truth()).simplified().toNix(), QStringLiteral("true"));
    QCOMPARE(NixBoolExpr::falsity().either(a).simplified().toNix(), QStringLiteral("a"));
    QCOMPARE(NixBoolExpr::ors({}).toNix(), QStringLiteral("false"));
    QCOMPARE(NixBoolExpr::ands({a, b, c}).toNix(), QStringLiteral("a && b == 1 && c"));
    QCOMPARE(NixBoolExpr::debugQuoted(QStringLiteral("a\"b\\c\nd")), QStringLiteral("\"a\\\"b\\\\c\\nd\""));
}

void TestCargoNixWriter::profiles_data()
{
    QTest::addColumn<QByteArray>("manifest");
    QTest::addColumn<QStringList>("expected"); // "name=toml" per profile, sorted by name
    QTest::newRow("none") << QByteArray("[package]\nname = \"a\"\n") << QStringList{};
    // rust-analyzer's profiles; cargo2nix's examples/4-independent-packaging recorded this text.
    QTest::newRow("rust-analyzer's")
        << QByteArray(
               "[profile.dev]\n# Disabling debug info speeds up builds.\ndebug = 0\n\n[profile.dev.package]\n"
               "rowan.opt-level = 3\nrustc-hash.opt-level = 3\nsmol_str.opt-level = 3\n"
               "text-size.opt-level = 3\nminiz_oxide.opt-level = 3\n\n[profile.release]\n"
               "incremental = true\ndebug = 0 # comment\n")
        << QStringList{
               QStringLiteral("dev=debug = 0\n\n[package.miniz_oxide]\nopt-level = 3\n\n[package.rowan]\n"
                              "opt-level = 3\n\n[package.rustc-hash]\nopt-level = 3\n\n[package.smol_str]\n"
                              "opt-level = 3\n\n[package.text-size]\nopt-level = 3\n"),
               QStringLiteral("release=debug = 0\nincremental = true\n")};
    QTest::newRow("inline tables, quoted keys, strings")
        << QByteArray("[profile]\nrelease = { lto = 'fat', strip = \"symbols\", package = { \"*\" = { "
                      "opt-level = \"s\" "
                      "} } }\ncustom.inherits = \"release\"\ncustom.rustflags = [\"-C\", 'x\\y']\n")
        << QStringList{
               QStringLiteral("custom=inherits = \"release\"\nrustflags = [\"-C\", 'x\\y']\n"),
               QStringLiteral(
                   "release=lto = \"fat\"\nstrip = \"symbols\"\n\n[package.\"*\"]\nopt-level = \"s\"\n")};
    QTest::newRow("numbers, bools, empty table, panic dropped for test")
        << QByteArray("[profile.test]\npanic = \"abort\"\nopt-level = 0x1\ncodegen-units = 1_6\n"
                      "[profile.dev.build-override]\n[profile.x]\ndebug-assertions = false\nsplit = +1.5\n")
        << QStringList{QStringLiteral("dev=[build-override]\n"),
                       QStringLiteral("test=codegen-units = 16\nopt-level = 1\n"),
                       QStringLiteral("x=debug-assertions = false\nsplit = 1.5\n")};
    QTest::newRow("profile not a table of tables") << QByteArray("[profile]\nrelease = 3\n") << QStringList{};
    QTest::newRow("other tables, multi-line strings and arrays of tables are read")
        << QByteArray(
               "[package]\ndescription = \"\"\"\n[profile.fake]\nx = 1\"\"\"\nauthors = [\n  'a', # one\n]\n"
               "[[bin]]\nname = \"b\"\n[[bin]]\nname = \"c\"\n[bin.x]\n[profile.real]\nv = 'q'\n"
               "when = 1979-05-27T07:32:00Z\n")
        << QStringList{QStringLiteral("real=v = \"q\"\nwhen = 1979-05-27T07:32:00Z\n")};
}

void TestCargoNixWriter::profiles()
{
    QFETCH(QByteArray, manifest);
    QFETCH(QStringList, expected);
    QString error;
    const auto profiles = CargoManifestProfiles::read(manifest, error);
    QVERIFY2(profiles, qPrintable(error));
    QStringList actual;
    for (const auto &[name, toml] : *profiles)
        actual << name + QLatin1Char('=') + toml;
    QCOMPARE(actual, expected);
}

void TestCargoNixWriter::badToml_data()
{
    QTest::addColumn<QByteArray>("manifest");
    QTest::addColumn<QString>("error");
    QTest::newRow("unclosed string") << QByteArray("[package]\nname = \"a\n") << QStringLiteral("line 2:");
    QTest::newRow("no equals") << QByteArray("name \"a\"\n") << QStringLiteral("'=' was expected");
    QTest::newRow("twice") << QByteArray("[profile.dev]\ndebug = 1\ndebug = 2\n")
                           << QStringLiteral("line 3: 'debug' is defined twice");
    QTest::newRow("bad value") << QByteArray("a = nope\n") << QStringLiteral("'nope' is not a TOML value");
    QTest::newRow("unclosed array") << QByteArray("a = [1, 2\n") << QStringLiteral("',' or ']'");
    QTest::newRow("unclosed header") << QByteArray("[profile.dev\n") << QStringLiteral("closing bracket");
    QTest::newRow("text after value") << QByteArray("a = 1 2\n") << QStringLiteral("a new line was expected");
    QTest::newRow("bad escape") << QByteArray("a = \"\\q\"\n") << QStringLiteral("unknown escape");
    QTest::newRow("value under a value")
        << QByteArray("a = 1\n[a.b]\n") << QStringLiteral("'a' is not a table");
    QTest::newRow("array of tables in a profile")
        << QByteArray("[[profile.dev.x]]\nv = 1\n") << QStringLiteral("array of tables");
}

void TestCargoNixWriter::badToml()
{
    QFETCH(QByteArray, manifest);
    QFETCH(QString, error);
    QString actual;
    QVERIFY(!CargoManifestProfiles::read(manifest, actual));
    QVERIFY2(actual.contains(error), qPrintable(actual));
}

void TestCargoNixWriter::lockChecksums()
{
    QString error;
    const auto v3 = CargoLock::parse("version = 3\n\n[[package]]\nname = \"a\"\nversion = \"1.0.0\"\n"
                                     "source = \"registry+https://example.org/index\"\nchecksum = \"abc\"\n\n"
                                     "[[package]]\nname = \"m\"\nversion = \"0.1.0\"\n",
                                     &error);
    QVERIFY2(v3, qPrintable(error));
    QCOMPARE(v3->find(QStringLiteral("a"), QStringLiteral("1.0.0"),
                      QStringLiteral("registry+https://example.org/index"))
                 ->checksum,
             QStringLiteral("abc"));
    QVERIFY(v3->find(QStringLiteral("m"), QStringLiteral("0.1.0"), QString())->checksum.isEmpty());
    QVERIFY(!v3->find(QStringLiteral("a"), QStringLiteral("1.0.1"),
                      QStringLiteral("registry+https://example.org/index")));
    // Format 1 keeps checksums in [metadata]; "<none>" means none.
    const auto v1 =
        CargoLock::parse("[[package]]\nname = \"a\"\nversion = \"1.0.0\"\nsource = \"registry+r\"\n\n"
                         "[[package]]\nname = \"b\"\nversion = \"2.0.0\"\nsource = \"registry+r\"\n\n"
                         "[metadata]\n\"checksum a 1.0.0 (registry+r)\" = \"1234\"\n"
                         "\"checksum b 2.0.0 (registry+r)\" = \"<none>\"\n",
                         &error);
    QVERIFY2(v1, qPrintable(error));
    QCOMPARE(v1->packages[0].checksum, QStringLiteral("1234"));
    QVERIFY(v1->packages[1].checksum.isEmpty());
    QVERIFY(!CargoLock::parse("[metadata]\n\"checksum a 1.0.0 (r)\" = 12\n", &error));
    QVERIFY2(error.contains(QStringLiteral("line 2")), qPrintable(error));
}

void TestCargoNixWriter::writerErrors_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("error");
    QTest::newRow("Debian's checksum")
        << QStringLiteral("debian")
        << QStringLiteral("Cargo.lock's checksum of cfg-if 1.0.0 is not a sha256 "
                          "(\"Could not get crate checksum\")");
    QTest::newRow("no checksum") << QStringLiteral("no checksum")
                                 << QStringLiteral("Cargo.lock has no checksum for libc 0.2.139");
    QTest::newRow("not in the lock") << QStringLiteral("other lock")
                                     << QStringLiteral("cfg-if 1.0.0 is not in the Cargo.lock to record");
    QTest::newRow("broken lock") << QStringLiteral("broken lock") << QStringLiteral("Cargo.lock: line 2");
    QTest::newRow("broken manifest") << QStringLiteral("broken manifest")
                                     << QStringLiteral("the workspace's Cargo.toml: line 1");
    QTest::newRow("resolves of two workspaces")
        << QStringLiteral("mixed") << QStringLiteral("is resolved without features but not with all");
    QTest::newRow("bad platform") << QStringLiteral("bad platform")
                                  << QStringLiteral("app's dependency on b:");
}

void TestCargoNixWriter::writerErrors()
{
    QFETCH(QString, scenario);
    QFETCH(QString, error);
    CargoNixInput input = inputOf(shape(QStringLiteral("registry")));
    if (scenario == QLatin1String("debian"))
        input.cargoLock = readFile(kWorkspaces + QStringLiteral("registry/Cargo.lock"));
    else if (scenario == QLatin1String("no checksum"))
        input.cargoLock.replace(
            "checksum = \"201de327520df007757c1f0adce6e827fe8562fbc28bfd9c15571c66ca1f5f79\"\n", "");
    else if (scenario == QLatin1String("other lock"))
        input.cargoLock = readFile(kWorkspaces + QStringLiteral("single-crate/Cargo.lock"));
    else if (scenario == QLatin1String("broken lock"))
        input.cargoLock = "[[package]]\nname = 3\n";
    else if (scenario == QLatin1String("broken manifest"))
        input.rootManifest = "[package\n";
    else if (scenario == QLatin1String("mixed"))
        input.noFeatures = inputOf(shape(QStringLiteral("single-crate"))).noFeatures;
    else if (scenario == QLatin1String("bad platform")) {
        const nlohmann::json packages{package("app", "0.1.0", ""), package("b", "1.0.0", "")};
        const nlohmann::json nodes{{{"id", packages[0]["id"]},
                                    {"features", nlohmann::json::array()},
                                    {"deps",
                                     {{{"name", "b"},
                                       {"pkg", packages[1]["id"]},
                                       {"dep_kinds", {{{"kind", nullptr}, {"target", "cfg(unix"}}}}}}}},
                                   {{"id", packages[1]["id"]},
                                    {"features", nlohmann::json::array()},
                                    {"deps", nlohmann::json::array()}}};
        input.allFeatures =
            parsedMetadata(syntheticMetadata(packages, nodes, nlohmann::json::array({packages[0]["id"]})));
        input.noFeatures = input.allFeatures;
        input.featureRuns.clear();
    }
    const CargoNixResult result = CargoNixWriter::write(input);
    QVERIFY(!result.ok());
    QVERIFY(result.nix.isEmpty());
    QVERIFY2(result.error.contains(error), qPrintable(result.error));
}

// Crates in cargo's order (name, then semver: 1.9 before 1.10, a pre-release before its release),
// a git crate with the template's fetchCrateGit layout, alternative registries fetched by checksum.
void TestCargoNixWriter::gitSourcesAndCrateOrder()
{
    const std::string reg = "registry+https://github.com/rust-lang/crates.io-index";
    const std::string git =
        "git+https://example.org/g.git?branch=main#0123456789abcdef0123456789abcdef01234567";
    const nlohmann::json packages{package("m", "0.1.0", ""),    package("dep", "1.10.0", reg),
                                  package("dep", "1.9.0", reg), package("dep", "1.10.0-beta.2", reg),
                                  package("g", "0.2.0", git),   package("pm", "1.0.0", reg, "proc-macro")};
    nlohmann::json deps = nlohmann::json::array();
    const char *externNames[] = {"", "new", "old", "beta", "g", "pm"};
    for (int i = 1; i < 6; ++i)
        deps.push_back(
            {{"name", externNames[i]},
             {"pkg", packages[i]["id"]},
             {"dep_kinds",
              {{{"kind", i == 1 ? nlohmann::json("dev") : nlohmann::json()}, {"target", nullptr}}}}});
    nlohmann::json nodes{{{"id", packages[0]["id"]}, {"features", nlohmann::json::array()}, {"deps", deps}}};
    for (int i = 1; i < 6; ++i)
        nodes.push_back(
            {{"id", packages[i]["id"]}, {"features", {"std"}}, {"deps", nlohmann::json::array()}});
    const QByteArray json = syntheticMetadata(packages, nodes, nlohmann::json::array({packages[0]["id"]}));
    CargoNixInput input;
    input.allFeatures = parsedMetadata(json);
    input.noFeatures = parsedMetadata(json);
    const QString sum = QStringLiteral("%1").arg(QString(64, QLatin1Char('a')));
    QByteArray lock = "version = 3\n";
    for (const char *v : {"1.10.0", "1.9.0", "1.10.0-beta.2"})
        lock += QStringLiteral(
                    "\n[[package]]\nname = \"dep\"\nversion = \"%1\"\nsource = \"%2\"\nchecksum = \"%3\"\n")
                    .arg(QLatin1String(v), QString::fromStdString(reg), sum)
                    .toUtf8();
    lock += QStringLiteral(
                "\n[[package]]\nname = \"pm\"\nversion = \"1.0.0\"\nsource = \"%1\"\nchecksum = \"%2\"\n")
                .arg(QString::fromStdString(reg), sum)
                .toUtf8();
    input.cargoLock = lock;
    const CargoNixResult result = CargoNixWriter::write(input);
    QVERIFY2(result.ok(), qPrintable(result.error));
    const QString text = QString::fromUtf8(result.nix);
    const qsizetype a = text.indexOf(QStringLiteral("dep.\"1.9.0\" = "));
    const qsizetype b = text.indexOf(QStringLiteral("dep.\"1.10.0-beta.2\" = "));
    const qsizetype c = text.indexOf(QStringLiteral("dep.\"1.10.0\" = "));
    const qsizetype g = text.indexOf(QStringLiteral("\"git+https://example.org/g.git\".g.\"0.2.0\" = "));
    const qsizetype m = text.indexOf(QStringLiteral("\"unknown\".m.\"0.1.0\" = "));
    QVERIFY(a > 0 && a < b && b < c && c < g && g < m);
    QVERIFY(text.contains(
        QStringLiteral("    src = fetchCrateGit {\n      url = \"https://example.org/g.git\";\n      name = "
                       "\"g\";\n      version = \"0.2.0\";\n      rev = "
                       "\"0123456789abcdef0123456789abcdef01234567\";\n      ref = \"main\";};\n"
                       "    features = builtins.concatLists [\n      [ \"std\" ]\n    ];\n")));
    // A dev-dependency, a proc-macro from the build set; dependencies sorted like the crates.
    QVERIFY(text.contains(
        QStringLiteral(
            "    dependencies = {\n      old = (rustPackages.\"%1\".dep.\"1.9.0\" { inherit profileName; "
            "}).out;\n"
            "      beta = (rustPackages.\"%1\".dep.\"1.10.0-beta.2\" { inherit profileName; }).out;\n      "
            "g = (rustPackages.\"git+https://example.org/g.git\".g.\"0.2.0\" { inherit profileName; "
            "}).out;\n      "
            "pm = (buildRustPackages.\"%1\".pm.\"1.0.0\" { profileName = \"__noProfile\"; }).out;\n    };\n"
            "    devDependencies = {\n      new = (rustPackages.\"%1\".dep.\"1.10.0\" { inherit profileName; "
            "}).out;\n")
            .arg(QString::fromStdString(reg))));

    // A git package without its pinned revision cannot be fetched.
    nlohmann::json unpinned = packages;
    unpinned[4]["source"] = "git+https://example.org/g.git?branch=main";
    input.allFeatures =
        parsedMetadata(syntheticMetadata(unpinned, nodes, nlohmann::json::array({packages[0]["id"]})));
    QVERIFY(CargoNixWriter::write(input).error.contains(QStringLiteral("has no pinned revision")));
}

void TestCargoNixWriter::cliErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("error");
    QTest::newRow("no workspace") << QStringList{QStringLiteral("--out"), QStringLiteral("/tmp/x.nix")} << 2
                                  << QStringLiteral("usage: generate-cargo-nix");
    QTest::newRow("no out") << QStringList{QStringLiteral("--workspace"),
                                           kWorkspaces + QStringLiteral("registry")}
                            << 2 << QStringLiteral("usage: generate-cargo-nix");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--bogus")} << 2 << QStringLiteral("bogus");
    QTest::newRow("not a folder") << QStringList{QStringLiteral("--workspace"),
                                                 QStringLiteral("/nonexistent/ws"), QStringLiteral("--out"),
                                                 QStringLiteral("/tmp/x.nix")}
                                  << 1 << QStringLiteral("no such folder: /nonexistent/ws");
    QTest::newRow("no Cargo.toml") << QStringList{QStringLiteral("--workspace"), kData,
                                                  QStringLiteral("--out"), QStringLiteral("/tmp/x.nix")}
                                   << 1 << QStringLiteral("not a Cargo workspace");
    QTest::newRow("no Cargo.lock") << QStringList{QStringLiteral("--workspace"),
                                                  kWorkspaces + QStringLiteral("bin-lib-cdylib/cli"),
                                                  QStringLiteral("--out"), QStringLiteral("/tmp/x.nix")}
                                   << 1 << QStringLiteral("no Cargo.lock in");
    QTest::newRow("lock to record missing")
        << QStringList{QStringLiteral("--workspace"), kWorkspaces + QStringLiteral("registry"),
                       QStringLiteral("--lock"),      QStringLiteral("/nonexistent/Cargo.lock"),
                       QStringLiteral("--out"),       QStringLiteral("/tmp/x.nix")}
        << 1 << QStringLiteral("cannot read /nonexistent/Cargo.lock");
}

void TestCargoNixWriter::cliErrors()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, error);
    const ProcessOutput r = runProcess(kCli, QStringList{QStringLiteral("generate-cargo-nix")} + args);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(r.err.contains(error), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(QStringLiteral("/tmp/x.nix")));
}

// With cargo, the command line on a copy of a workspace writes the golden file: the collector asks
// cargo what the recording holds. A member folder is refused, and so is Debian's lock.
void TestCargoNixWriter::cliMatchesRecording()
{
    if (CargoInvoker::findCargo().isEmpty())
        QSKIP("cargo is not installed");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString ws = dir.filePath(QStringLiteral("ws"));
    const ProcessOutput copy = runProcess(
        QStringLiteral("cp"), {QStringLiteral("-R"), kWorkspaces + QStringLiteral("features-platforms"), ws});
    QVERIFY2(copy.exitCode == 0, qPrintable(copy.err));
    const QString out = dir.filePath(QStringLiteral("Cargo.nix"));
    ProcessOutput r = runProcess(kCli, {QStringLiteral("generate-cargo-nix"), QStringLiteral("--workspace"),
                                        ws, QStringLiteral("--out"), out});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral(
                 "crates: 11, local: 11, conditional dependencies: 5; cargo metadata runs: 7")),
             qPrintable(r.err));
    const QByteArray golden = readFile(goldenPath(QStringLiteral("features-platforms")));
    QVERIFY2(readFile(out) == golden, qPrintable(firstDifference(golden, readFile(out))));

    // A member folder with a lock of its own is still part of the workspace.
    QVERIFY(QFile::copy(ws + QStringLiteral("/Cargo.lock"), ws + QStringLiteral("/app/Cargo.lock")));
    r = runProcess(kCli, {QStringLiteral("generate-cargo-nix"), QStringLiteral("--workspace"),
                          ws + QStringLiteral("/app"), QStringLiteral("--out"), out});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("is part of the workspace at")), qPrintable(r.err));

    // cargo's own failure arrives with its words: a lock that does not match the manifests.
    QVERIFY(writeFile(ws + QStringLiteral("/app/Cargo.toml"),
                      readFile(ws + QStringLiteral("/app/Cargo.toml")) +
                          "\n[dependencies.extra]\npath = \"../libs/gen\"\n"));
    r = runProcess(kCli, {QStringLiteral("generate-cargo-nix"), QStringLiteral("--workspace"), ws,
                          QStringLiteral("--out"), out});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("cargo metadata failed")) &&
                 r.err.contains(QStringLiteral("with all features")),
             qPrintable(r.err));
    QVERIFY(readFile(out) == golden); // the earlier file is left as it was
}

// cargo2nix's own example, generated by its real generator, where that source is at hand
// ($FLAKEOFF_CARGO2NIX_SRC, else the imported input $FLAKEOFF_HOME/inputs/cargo2nix): the same
// bytes apart from the first comment line, which names the generator.
void TestCargoNixWriter::cargo2nixExample()
{
    QString source = qEnvironmentVariable("FLAKEOFF_CARGO2NIX_SRC");
    if (source.isEmpty())
        source = NixEnvironment::flakeoffHome() + QStringLiteral("/inputs/cargo2nix");
    const QString example = source + QStringLiteral("/examples/1-hello-world");
    if (!QFileInfo::exists(example + QStringLiteral("/Cargo.nix")))
        QSKIP("cargo2nix's source is not at hand (FLAKEOFF_CARGO2NIX_SRC or flakeoff-cli inputs import)");
    if (CargoInvoker::findCargo().isEmpty())
        QSKIP("cargo is not installed");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString ws = dir.filePath(QStringLiteral("hello"));
    QVERIFY(runProcess(QStringLiteral("cp"), {QStringLiteral("-R"), example, ws}).exitCode == 0);
    const QString out = dir.filePath(QStringLiteral("Cargo.nix"));
    const ProcessOutput r =
        runProcess(kCli, {QStringLiteral("generate-cargo-nix"), QStringLiteral("--workspace"), ws,
                          QStringLiteral("--out"), out});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QByteArray real = readFile(example + QStringLiteral("/Cargo.nix"));
    QByteArray ours = readFile(out);
    QVERIFY(real.startsWith("# This file was @generated by cargo2nix 0.12.0.\n"));
    QVERIFY(ours.startsWith(
        "# This file was @generated by Flakeoff (flakeoff-cli generate-cargo-nix) in the format of "
        "cargo2nix 0.12.0.\n"));
    real.remove(0, real.indexOf('\n'));
    ours.remove(0, ours.indexOf('\n'));
    QVERIFY2(real == ours, qPrintable(firstDifference(real, ours)));
}

QTEST_GUILESS_MAIN(TestCargoNixWriter)
#include "tst_cargonixwriter.moc"
