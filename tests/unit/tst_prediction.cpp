// SPDX-License-Identifier: MIT
// Rebuild prediction without Nix: closures read from recorded `nix show-derivation -r` output of
// the three offline models (tests/data/predict/closures, see record.sh there; Nix 2.26's
// `nix derivation show -r` of the base state too), classified with
// the real manifests, diffed step after step; pricing from a session's measured builds; the
// comparison with what a run built; the JSON a session stores.
#include "predict/BuildHistory.h"
#include "predict/DerivationClosure.h"
#include "predict/PredictionComparison.h"
#include "predict/PredictionText.h"
#include "predict/SimulatedStore.h"
#include "predict/StrategyPredictionJob.h"
#include "session/PredictionJson.h"
#include "session/Session.h"
#include "strategy/DerivationClassifier.h"
#include "strategy/StrategyCatalog.h"
#include "strategy/WorkspaceInfo.h"

#include <QFile>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace flakeoff;

namespace {
const QString kClosures = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/predict/closures/");

DerivationClosure load(const QString &model, const QString &state)
{
    QFile f(kClosures + model + QLatin1Char('-') + state + QStringLiteral(".json"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(f.fileName()));
    QString error;
    auto c = DerivationClosure::fromShowDerivation(f.readAll(), &error);
    if (!c)
        qFatal("%s: %s", qPrintable(f.fileName()), qPrintable(error));
    return *c;
}

QStringList list(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *i : items)
        out << QString::fromUtf8(i);
    return out;
}

QString rootOf(const DerivationClosure &c)
{
    return c.roots().value(0);
}

QStringList names(const DerivationClosure &c, const QStringList &paths)
{
    QStringList out;
    for (const QString &p : paths)
        out << c.find(p)->name;
    out.sort();
    return out;
}

const Strategy &strategy(const QString &id)
{
    static const StrategyCatalog catalog =
        StrategyCatalog::load(QStringLiteral(FLAKEOFF_SOURCE_DIR "/variants"));
    const Strategy *s = catalog.find(id);
    if (!s)
        qFatal("no strategy %s", qPrintable(id));
    return *s;
}

DerivationBuild built(const QString &name, std::int64_t ms, BuildStatus status = BuildStatus::Built)
{
    DerivationBuild b;
    b.name = name.toStdString();
    b.drvPath = "/nix/store/" + std::string(32, 'a') + "-" + b.name + ".drv";
    b.status = status;
    b.startUs = 1000;
    b.endUs = 1000 + ms * 1000;
    return b;
}

Measurement measured(const QString &strategy, const QString &step, const QDateTime &when,
                     std::vector<DerivationBuild> builds,
                     Measurement::Outcome outcome = Measurement::Outcome::Succeeded)
{
    Measurement m;
    m.strategy = strategy;
    m.target = QStringLiteral("app");
    m.step = step;
    m.startedAt = when;
    m.outcome = outcome;
    m.wallUs = 5000000;
    auto r = std::make_shared<BuildReport>();
    r->builds = std::move(builds);
    m.report = r;
    return m;
}

PredictedDerivation predicted(const QString &name)
{
    PredictedDerivation d;
    d.name = name;
    d.drvPath = QStringLiteral("/nix/store/") + QString(32, QLatin1Char('b')) + QLatin1Char('-') + name +
                QStringLiteral(".drv");
    d.role = QStringLiteral("target");
    return d;
}
} // namespace

class TestPrediction : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsRecordedClosures_data();
    void readsRecordedClosures();
    void newerNixClosureIsTheSame_data();
    void newerNixClosureIsTheSame();
    void showDerivationCommandByVersion_data();
    void showDerivationCommandByVersion();
    void refusesMalformedOutput_data();
    void refusesMalformedOutput();
    void rebuildSetsFromClosureDiffs_data();
    void rebuildSetsFromClosureDiffs();
    void coldRebuildsOnlyTheProjectsOwn();
    void coldKeepsWhatTheRunnerKeeps_data();
    void coldKeepsWhatTheRunnerKeeps();
    void differencesNameWhatChanged();
    void classifiesRealStrategiesNames_data();
    void classifiesRealStrategiesNames();
    void pricesFromTheNewestMeasuredBuild();
    void comparesPredictedWithBuilt();
    void jsonRoundTrip();
    void jsonRefusesMalformed_data();
    void jsonRefusesMalformed();
    void textSaysWhatRebuildsSideBySide();
};

void TestPrediction::readsRecordedClosures_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("rootName");
    QTest::addColumn<QStringList>("all");
    QTest::addColumn<QString>("roles"); // own derivations by role, as the manifest names them
    QTest::newRow("monolithic") << "monolithic"
                                << "app-0.3.0" << list({"app-0.3.0", "vendor-debian-crates"})
                                << "target 1, vendor 1";
    QTest::newRow("deps-split") << "deps-split"
                                << "app-0.3.0"
                                << list({"app-0.3.0", "app-deps-0.3.0", "vendor-debian-crates"})
                                << "deps 1, target 1, vendor 1";
    QTest::newRow("per-crate") << "per-crate"
                               << "crate-app-0.3.0"
                               << list({"crate-app-0.3.0", "crate-shared-0.3.0", "crate-smallvec-1.9.0"})
                               << "crate 2, target 1";
}

void TestPrediction::readsRecordedClosures()
{
    QFETCH(QString, model);
    QFETCH(QString, rootName);
    QFETCH(QStringList, all);
    QFETCH(QString, roles);
    const DerivationClosure c = load(model, QStringLiteral("base"));
    QCOMPARE(c.roots().size(), 1);
    const QString root = rootOf(c);
    QCOMPARE(c.find(root)->name, rootName);
    QCOMPARE(DerivationClosure::storeName(root), rootName);
    QCOMPARE(names(c, c.closureOf(root)), all);
    QCOMPARE(c.size(), static_cast<int>(all.size()));
    // Every input of the root is a derivation of the set; its outputs are store paths.
    for (const QString &in : c.find(root)->inputDrvs)
        QVERIFY(c.contains(in));
    QVERIFY(c.find(root)->outputs.at(QStringLiteral("out")).startsWith(QLatin1String("/nix/store/")));
    // Classified with the shipped manifest: all of an offline model's derivations are its own.
    const DerivationClassifier classifier(strategy(model));
    std::map<QString, int> byRole;
    for (const QString &p : c.closureOf(root)) {
        const auto role = classifier.classify(c.find(p)->name, p == root);
        QVERIFY(role.own);
        ++byRole[role.kind];
    }
    QStringList counted;
    for (const auto &[role, n] : byRole)
        counted << QStringLiteral("%1 %2").arg(role).arg(n);
    QCOMPARE(counted.join(QStringLiteral(", ")), roles);
}

// The same expressions evaluated by Nix 2.26 (`nix derivation show -r`; record.sh --nix and
// scripts/record-fixtures.sh --nix): the same derivations, although 2.26 writes each input as
// {"dynamicOutputs":{},"outputs":["out"]} where 2.8 wrote ["out"].
void TestPrediction::newerNixClosureIsTheSame_data()
{
    QTest::addColumn<QString>("older"); // Nix 2.8's `nix show-derivation -r`
    QTest::addColumn<QString>("newer"); // Nix 2.26's `nix derivation show -r`
    for (const char *model : {"monolithic", "deps-split", "per-crate"}) {
        const QString base = kClosures + QString::fromUtf8(model) + QStringLiteral("-base");
        QTest::newRow(qPrintable(QStringLiteral("%1 model, base").arg(QLatin1String(model))))
            << base + QStringLiteral(".json") << base + QStringLiteral("-nix2.26.json");
    }
    const QString chain = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/nix-output/derivation-show-chain");
    QTest::newRow("scenarios.nix chain")
        << chain + QStringLiteral(".json") << chain + QStringLiteral("-nix2.26.json");
}

void TestPrediction::newerNixClosureIsTheSame()
{
    QFETCH(QString, older);
    QFETCH(QString, newer);
    const auto read = [](const QString &path, QByteArray &bytes) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return std::optional<DerivationClosure>();
        bytes = f.readAll();
        QString error;
        auto c = DerivationClosure::fromShowDerivation(bytes, &error);
        if (!c)
            qWarning("%s: %s", qPrintable(path), qPrintable(error));
        return c;
    };
    QByteArray olderBytes, newerBytes;
    const auto o = read(older, olderBytes);
    const auto n = read(newer, newerBytes);
    QVERIFY2(o && n, "both recorded closures read");
    // The newer file really is in the newer shape (and the older in the older), or this proves nothing.
    const auto inputShapes = [](const QByteArray &bytes, bool newShape) {
        int count = 0;
        const auto closure = nlohmann::json::parse(bytes.toStdString());
        for (const auto &[path, drv] : closure.items())
            for (const auto &[input, outputs] : drv["inputDrvs"].items())
                count += (newShape ? outputs.is_object() && outputs.contains("dynamicOutputs")
                                   : outputs.is_array())
                             ? 1
                             : 0;
        return count;
    };
    QVERIFY(inputShapes(newerBytes, true) > 0);
    QCOMPARE(inputShapes(newerBytes, true), inputShapes(olderBytes, false));

    QCOMPARE(n->size(), o->size());
    QCOMPARE(n->roots(), o->roots());
    for (const auto &d : o->derivations()) {
        const Derivation *same = n->find(d.path);
        QVERIFY2(same, qPrintable(d.path));
        QCOMPARE(same->name, d.name);
        QCOMPARE(same->inputDrvs, d.inputDrvs);
        QCOMPARE(same->inputSrcs, d.inputSrcs);
        QVERIFY(same->outputs == d.outputs);
        QVERIFY(same->env == d.env);
        QCOMPARE(same->builder, d.builder);
        QCOMPARE(same->args, d.args);
        QCOMPARE(same->system, d.system);
    }
    QCOMPARE(n->closureOf(rootOf(*n)), o->closureOf(rootOf(*o)));
}

void TestPrediction::showDerivationCommandByVersion_data()
{
    QTest::addColumn<QString>("nixVersion");
    QTest::addColumn<QStringList>("arguments");
    const QStringList old{QStringLiteral("show-derivation")};
    const QStringList current{QStringLiteral("derivation"), QStringLiteral("show")};
    QTest::newRow("Debian 12's 2.8.0") << QStringLiteral("2.8.0") << old;
    QTest::newRow("2.14.1, before `derivation show`") << QStringLiteral("2.14.1") << old;
    QTest::newRow("2.15.0, where it came") << QStringLiteral("2.15.0") << current;
    QTest::newRow("trixie's 2.26.3") << QStringLiteral("2.26.3") << current;
    QTest::newRow("a pre-release") << QStringLiteral("2.30.0pre20250101_abcdef") << current;
    QTest::newRow("`nix --version` output") << QStringLiteral("nix (Nix) 2.26.3") << current;
    QTest::newRow("unknown: the command every version has") << QString() << old;
    QTest::newRow("garbage") << QStringLiteral("not a version") << old;
}

void TestPrediction::showDerivationCommandByVersion()
{
    QFETCH(QString, nixVersion);
    QFETCH(QStringList, arguments);
    QCOMPARE(StrategyPredictionJob::showDerivationArguments(nixVersion), arguments);
}

void TestPrediction::refusesMalformedOutput_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("empty") << QByteArray() << "not the JSON object";
    QTest::newRow("not JSON") << QByteArray("error: path '/nix/store/x.drv' is not valid")
                              << "not the JSON object";
    QTest::newRow("an array") << QByteArray("[]") << "not the JSON object";
    QTest::newRow("cut off") << QByteArray(R"({"/nix/store/aaaa-x.drv":{"outputs":{)")
                             << "not the JSON object";
    QTest::newRow("key is no .drv") << QByteArray(R"({"/nix/store/aaaa-x":{"outputs":{},"env":{}}})")
                                    << "is not a .drv path";
    QTest::newRow("relative key") << QByteArray(R"({"x.drv":{"outputs":{},"env":{}}})")
                                  << "is not a .drv path";
    QTest::newRow("no env") << QByteArray(R"({"/nix/store/aaaa-x.drv":{"outputs":{}}})")
                            << "has no outputs or env";
    QTest::newRow("not an object") << QByteArray(R"({"/nix/store/aaaa-x.drv":3})") << "has no outputs or env";
}

void TestPrediction::refusesMalformedOutput()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    QString why;
    QVERIFY(!DerivationClosure::fromShowDerivation(json, &why));
    QVERIFY2(why.contains(error), qPrintable(why));
}

// Each row: a cold build of the first state, then the second state evaluated: what must build.
void TestPrediction::rebuildSetsFromClosureDiffs_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("after");
    QTest::addColumn<QStringList>("rebuilt");
    QTest::addColumn<QString>("who");    // one rebuilt derivation…
    QTest::addColumn<QString>("reason"); // …and the reason it must give
    for (const char *m : {"monolithic", "deps-split", "per-crate"})
        QTest::addRow("%s noop", m) << m << "base"
                                    << "base" << QStringList() << ""
                                    << "";
    QTest::newRow("monolithic edit-shared") << "monolithic"
                                            << "base"
                                            << "edit-shared" << list({"app-0.3.0"}) << "app-0.3.0"
                                            << "source source changed";
    QTest::newRow("monolithic bump") << "monolithic"
                                     << "edit-shared"
                                     << "bump-dependency" << list({"app-0.3.0"}) << "app-0.3.0"
                                     << "source source changed";
    QTest::newRow("monolithic edit-nix") << "monolithic"
                                         << "bump-dependency"
                                         << "edit-nix" << list({"app-0.3.0"}) << "app-0.3.0"
                                         << "environment FLAKEOFF_EDIT added";
    QTest::newRow("monolithic touch-docs") << "monolithic"
                                           << "edit-nix"
                                           << "touch-docs" << list({"app-0.3.0"}) << "app-0.3.0"
                                           << "source source changed";
    QTest::newRow("deps-split edit-shared") << "deps-split"
                                            << "base"
                                            << "edit-shared" << list({"app-0.3.0"}) << "app-0.3.0"
                                            << "source cargo-source changed";
    QTest::newRow("deps-split bump, deps")
        << "deps-split"
        << "edit-shared"
        << "bump-dependency" << list({"app-0.3.0", "app-deps-0.3.0"}) << "app-deps-0.3.0"
        << "source cargo-manifests changed";
    QTest::newRow("deps-split bump, final")
        << "deps-split"
        << "edit-shared"
        << "bump-dependency" << list({"app-0.3.0", "app-deps-0.3.0"}) << "app-0.3.0"
        << "input app-deps-0.3.0 changed";
    QTest::newRow("deps-split edit-nix")
        << "deps-split"
        << "bump-dependency"
        << "edit-nix" << list({"app-0.3.0", "app-deps-0.3.0"}) << "app-deps-0.3.0"
        << "environment FLAKEOFF_EDIT added";
    QTest::newRow("deps-split touch-docs") << "deps-split"
                                           << "edit-nix"
                                           << "touch-docs" << QStringList() << ""
                                           << "";
    QTest::newRow("per-crate edit-shared")
        << "per-crate"
        << "base"
        << "edit-shared" << list({"crate-app-0.3.0", "crate-shared-0.3.0"}) << "crate-app-0.3.0"
        << "input crate-shared-0.3.0 changed";
    QTest::newRow("per-crate bump") << "per-crate"
                                    << "edit-shared"
                                    << "bump-dependency"
                                    << list({"crate-app-0.3.0", "crate-shared-0.3.0", "crate-smallvec-1.9.0"})
                                    << "crate-smallvec-1.9.0"
                                    << "environment features, libMetadata changed";
    QTest::newRow("per-crate edit-nix")
        << "per-crate"
        << "bump-dependency"
        << "edit-nix" << list({"crate-app-0.3.0", "crate-shared-0.3.0", "crate-smallvec-1.9.0"})
        << "crate-smallvec-1.9.0"
        << "environment FLAKEOFF_EDIT added";
    QTest::newRow("per-crate touch-docs") << "per-crate"
                                          << "edit-nix"
                                          << "touch-docs" << QStringList() << ""
                                          << "";
}

void TestPrediction::rebuildSetsFromClosureDiffs()
{
    QFETCH(QString, model);
    QFETCH(QString, before);
    QFETCH(QString, after);
    QFETCH(QStringList, rebuilt);
    QFETCH(QString, who);
    QFETCH(QString, reason);
    const DerivationClosure first = load(model, before);
    const DerivationClosure second = load(model, after);
    const DerivationClassifier classifier(strategy(model));
    auto own = [&](const Derivation &d) { return classifier.isOwn(d.name); };
    auto nothingInStore = [](const Derivation &) { return false; };
    SimulatedStore store;
    QCOMPARE(store.build(first, rootOf(first), true, own, nothingInStore).built.size(), first.size());
    const QStringList built = store.build(second, rootOf(second), false, own, nothingInStore).built;
    QCOMPARE(names(second, built), rebuilt);
    // The same sets as the plain closure difference.
    QStringList fresh;
    for (const QString &p : second.closureOf(rootOf(second)))
        if (!first.contains(p))
            fresh << p;
    QCOMPARE(built, fresh);
    for (const QString &p : built) {
        const QStringList why = DerivationClosure::explain(*second.find(p), first, rootOf(first));
        QVERIFY2(!why.isEmpty(), qPrintable(p));
        if (second.find(p)->name == who)
            QVERIFY2(why.contains(reason), qPrintable(why.join(QStringLiteral("; "))));
    }
    // Evaluating again changes nothing.
    QVERIFY(store.build(second, rootOf(second), false, own, nothingInStore).built.isEmpty());
}

void TestPrediction::coldRebuildsOnlyTheProjectsOwn()
{
    // deps-split's vendor derivation treated as a toolchain derivation: present in the store, it
    // is never rebuilt; missing, it is built once.
    const DerivationClosure c = load(QStringLiteral("deps-split"), QStringLiteral("base"));
    auto ownButVendor = [](const Derivation &d) { return d.name != QLatin1String("vendor-debian-crates"); };
    int checks = 0;
    auto present = [&checks](const Derivation &) {
        ++checks;
        return true;
    };
    SimulatedStore store;
    QCOMPARE(names(c, store.build(c, rootOf(c), true, ownButVendor, present).built),
             (list({"app-0.3.0", "app-deps-0.3.0"})));
    QCOMPARE(names(c, store.build(c, rootOf(c), true, ownButVendor, present).built),
             (list({"app-0.3.0", "app-deps-0.3.0"})));
    QCOMPARE(checks, 1); // asked once
    SimulatedStore empty;
    auto absent = [](const Derivation &) { return false; };
    QCOMPARE(empty.build(c, rootOf(c), false, ownButVendor, absent).built.size(), 3);
    QVERIFY(empty.build(c, rootOf(c), false, ownButVendor, absent).built.isEmpty());
    QCOMPARE(names(c, empty.build(c, rootOf(c), true, ownButVendor, absent).built),
             (list({"app-0.3.0", "app-deps-0.3.0"})));
    QVERIFY(empty.isBuilt(rootOf(c)));
}

void TestPrediction::coldKeepsWhatTheRunnerKeeps_data()
{
    // Real closures of the cold step of tests/data/sessions/real-tools-small-sample.json, whose
    // runner built exactly `app` then `wasm` (its offline purge kept the seeded downloads). Before
    // that session the store held the toolchain and the seeded downloads, not the project's
    // derivations (its Cargo.toml and Cargo.lock files included), nor nixpkgs' mirrors-list (only
    // fetching a download needs it) and make-binary-wrapper-hook (only building the toolchain's
    // auditable-rust wrapper, which is present, needs it): Nix does not look below what is present.
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<bool>("offline");
    QTest::addColumn<QStringList>("app");
    QTest::addColumn<QStringList>("wasm");
    const QStringList naerskApp = list({"Cargo.lock", "Cargo.toml", "Cargo.toml", "Cargo.toml", "Cargo.toml",
                                        "app-0.1.0", "app-deps-0.1.0", "config", "crates-io-dependencies",
                                        "dummy-src", "unpack-cfg-if-1.0.0", "unpack-libc-0.2.139"});
    // naersk's dummy-source pieces (Cargo.toml, Cargo.lock, config) are its own: purged for each
    // target's cold build, as tests/live/tst_realtools.cpp measures.
    const QStringList naerskWasm =
        list({"Cargo.lock", "Cargo.toml", "Cargo.toml", "Cargo.toml", "Cargo.toml", "config",
              "crates-io-dependencies", "dummy-src", "unpack-cfg-if-1.0.0", "unpack-libc-0.2.139",
              "wasm-0.1.0", "wasm-deps-0.1.0"});
    QTest::newRow("naersk offline") << "naersk" << true << naerskApp << naerskWasm;
    QTest::newRow("naersk online: downloads purged too")
        << "naersk" << false
        << naerskApp + list({"download-cfg-if-1.0.0", "download-libc-0.2.139", "mirrors-list"})
        << naerskWasm + list({"download-cfg-if-1.0.0", "download-libc-0.2.139"});
    const QStringList brpApp = list({"app-0.1.0", "cargo-vendor-dir", "cfg-if-1.0.0", "libc-0.2.139"});
    const QStringList brpWasm = list({"cargo-vendor-dir", "cfg-if-1.0.0", "libc-0.2.139", "wasm-0.1.0"});
    QTest::newRow("buildRustPackage offline") << "build-rust-package" << true << brpApp << brpWasm;
    QTest::newRow("buildRustPackage online")
        << "build-rust-package" << false
        << brpApp + list({"crate-cfg-if-1.0.0.tar.gz", "crate-libc-0.2.139.tar.gz", "mirrors-list"})
        << brpWasm + list({"crate-cfg-if-1.0.0.tar.gz", "crate-libc-0.2.139.tar.gz"});
}

void TestPrediction::coldKeepsWhatTheRunnerKeeps()
{
    QFETCH(QString, strategy);
    QFETCH(bool, offline);
    QFETCH(QStringList, app);
    QFETCH(QStringList, wasm);
    app.sort();
    wasm.sort();
    // tests/data/workspaces/small-sample as the predictor reads it (cargo metadata, then the lock
    // the offline prepare step wrote): the manifest's placeholders name its members and crates.
    WorkspaceInfo workspace;
    for (const char *member : {"app", "cats", "wasm"}) {
        WorkspaceMember m;
        m.name = QString::fromUtf8(member);
        m.version = QStringLiteral("0.1.0");
        m.dir = m.name;
        m.cdylib = m.name == QLatin1String("wasm");
        workspace.members.push_back(m);
    }
    workspace.lockedDependencies = list({"cfg-if-1.0.0", "libc-0.2.139"});
    const DerivationClassifier classifier(::strategy(strategy), &workspace);
    const QSet<QString> absent{QStringLiteral("Cargo.lock"), QStringLiteral("Cargo.toml"),
                               QStringLiteral("mirrors-list"), QStringLiteral("make-binary-wrapper-hook")};
    // Asked of what the purge leaves only: the toolchain, and offline the seeded downloads.
    auto present = [&](const Derivation &d) { return !absent.contains(d.name); };
    SimulatedStore store;
    for (const auto &[target, expected] :
         {std::pair{QStringLiteral("app"), app}, {QStringLiteral("wasm"), wasm}}) {
        const DerivationClosure c =
            load(QStringLiteral("real-") + strategy, QStringLiteral("cold-") + target);
        const QString root = rootOf(c);
        auto purged = [&](const Derivation &d) {
            return SimulatedStore::runnerPurges(classifier, d, root, offline);
        };
        const SimulatedStore::Build b = store.build(c, root, true, purged, present);
        QCOMPARE(names(c, b.built), expected);
        for (const QString &p : b.built)
            QVERIFY2(c.closureOf(root).contains(p), qPrintable(p));
        // Kept offline, purged online; what needs a purged derivation is purged with it.
        for (const QString &p : c.closureOf(root)) {
            const Derivation &d = *c.find(p);
            if (classifier.classify(d.name, false).kind == QLatin1String("download"))
                QCOMPARE(b.purged.contains(p), !offline);
            if (d.name == QLatin1String("config"))
                QVERIFY(b.purged.contains(p));
            if (d.name == QLatin1String("Cargo.toml"))
                QCOMPARE(b.purged.contains(p), classifier.isOwn(d.name));
            if (d.name == QLatin1String("mirrors-list"))
                QVERIFY(!b.purged.contains(p));
        }
    }
}

void TestPrediction::differencesNameWhatChanged()
{
    const DerivationClosure c = load(QStringLiteral("monolithic"), QStringLiteral("base"));
    const Derivation &root = *c.find(rootOf(c));
    QVERIFY(DerivationClosure::differences(root, root).isEmpty());
    Derivation other = root;
    other.path =
        QStringLiteral("/nix/store/") + QString(32, QLatin1Char('z')) + QStringLiteral("-app-0.3.0.drv");
    QCOMPARE(DerivationClosure::differences(other, root),
             QStringList{QStringLiteral("its derivation changed")});
    other.builder = QStringLiteral("/bin/bash");
    other.system = QStringLiteral("aarch64-linux");
    other.env.erase(QStringLiteral("cargoFlags"));
    other.env[QStringLiteral("out")] =
        QStringLiteral("/nix/store/") + QString(32, QLatin1Char('y')) + QStringLiteral("-app-0.3.0");
    const QStringList diff = DerivationClosure::differences(other, root);
    QVERIFY2(diff.contains(QStringLiteral("environment cargoFlags removed")),
             qPrintable(diff.join(QLatin1Char(';'))));
    QVERIFY(diff.contains(QStringLiteral("builder or its arguments changed")));
    QVERIFY(diff.contains(QStringLiteral("system aarch64-linux instead of x86_64-linux")));
    for (const QString &d : diff) // only the hash of the output differs: not a reason
        QVERIFY2(!d.contains(QLatin1String("out")), qPrintable(d));
    QCOMPARE(DerivationClosure::explain(root, load(QStringLiteral("per-crate"), QStringLiteral("base")),
                                        rootOf(load(QStringLiteral("per-crate"), QStringLiteral("base")))),
             QStringList{QStringLiteral("new: no derivation of this name before")});
    QCOMPARE(DerivationClosure::storeName(
                 QStringLiteral("/nix/store/0k86pzsl7d0izniv5wv8qaiz51x0shdp-vendor-debian-crates.drv")),
             QStringLiteral("vendor-debian-crates"));
    QCOMPARE(DerivationClosure::storeName(QStringLiteral("/nix/store/short-name")),
             QStringLiteral("short-name"));
    QCOMPARE(DerivationClosure::withoutStoreHashes(
                 QStringLiteral("x=/nix/store/0k86pzsl7d0izniv5wv8qaiz51x0shdp-v/lib")),
             QStringLiteral("x=/nix/store/…-v/lib"));
}

void TestPrediction::classifiesRealStrategiesNames_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("root");
    QTest::addColumn<QString>("kind");
    QTest::newRow("crane deps") << "crane"
                                << "app-deps-0.1.0" << false << "deps";
    QTest::newRow("crane vendor") << "crane"
                                  << "vendor-cargo-deps" << false << "vendor";
    QTest::newRow("crane root") << "crane"
                                << "app-0.1.0" << true << "target";
    QTest::newRow("crane no pattern") << "crane"
                                      << "bash" << false << "toolchain";
    QTest::newRow("naersk source") << "naersk"
                                   << "dummy-src" << false << "source";
    QTest::newRow("cargo2nix crate") << "cargo2nix"
                                     << "crate-tokio-1.24.2" << false << "crate";
    QTest::newRow("cargo2nix download") << "cargo2nix"
                                        << "tokio-1.24.2.tar.gz" << false << "download";
    QTest::newRow("buildRustPackage vendor") << "build-rust-package"
                                             << "cargo-vendor-dir" << false << "vendor";
    QTest::newRow("per-crate model: all own") << "per-crate"
                                              << "anything" << false << "project";
}

void TestPrediction::classifiesRealStrategiesNames()
{
    QFETCH(QString, strategy);
    QFETCH(QString, name);
    QFETCH(bool, root);
    QFETCH(QString, kind);
    const DerivationClassifier c(::strategy(strategy));
    const auto role = c.classify(name, root);
    QCOMPARE(role.kind, kind);
    QCOMPARE(role.own, kind != QLatin1String("toolchain"));
    QCOMPARE(c.isOwn(name), role.own || root);
    QVERIFY(!role.description.isEmpty());
}

void TestPrediction::pricesFromTheNewestMeasuredBuild()
{
    const QDateTime t0 = QDateTime::fromString(QStringLiteral("2026-11-25T10:00:00.000Z"), Qt::ISODateWithMs);
    Session older;
    older.measurements.push_back(
        measured(QStringLiteral("deps-split"), QStringLiteral("cold"), t0,
                 {built(QStringLiteral("app-0.3.0"), 900), built(QStringLiteral("app-deps-0.3.0"), 4000)}));
    Session newer;
    newer.measurements.push_back(measured(
        QStringLiteral("deps-split"), QStringLiteral("edit-leaf"), t0.addSecs(60),
        {built(QStringLiteral("app-0.3.0"), 1200), built(QStringLiteral("x"), 5, BuildStatus::Failed)}));
    newer.measurements.push_back(measured(QStringLiteral("monolithic"), QStringLiteral("cold"),
                                          t0.addSecs(30), {built(QStringLiteral("app-0.3.0"), 20000)}));
    BuildHistory history;
    history.add(newer, QStringLiteral("new.json")); // order of adding does not matter: dates do
    history.add(older, QStringLiteral("old.json"));

    StepPrediction step;
    step.strategy = QStringLiteral("deps-split");
    step.rebuild = {predicted(QStringLiteral("app-0.3.0")), predicted(QStringLiteral("app-deps-0.3.0")),
                    predicted(QStringLiteral("never-built")), predicted(QStringLiteral("x"))};
    history.price(step);
    QCOMPARE(step.rebuild[0].measuredUs, std::optional<std::int64_t>(1200000)); // newest, same strategy
    QCOMPARE(step.rebuild[0].measuredIn, QStringLiteral("new.json, deps-split edit-leaf app"));
    QCOMPARE(step.rebuild[1].measuredUs, std::optional<std::int64_t>(4000000));
    QVERIFY(!step.rebuild[2].measuredUs); // never measured
    QVERIFY(!step.rebuild[3].measuredUs); // only a failed build: no duration to go by
    QCOMPARE(step.knownCostUs(), std::int64_t{5200000});
    QCOMPARE(step.unknownCount(), 2);
    QCOMPARE(PredictionText::cost(step), QStringLiteral("≥ 5.200 s (2 never measured)"));
    // Monolithic's app-0.3.0 compiles everything: its time is its own.
    step.strategy = QStringLiteral("monolithic");
    history.price(step);
    QCOMPARE(step.rebuild[0].measuredUs, std::optional<std::int64_t>(20000000));
    // The very same derivation matches in any strategy.
    step.strategy = QStringLiteral("per-crate");
    step.rebuild = {predicted(QStringLiteral("vendor"))};
    step.rebuild[0].drvPath = QString::fromStdString(built(QStringLiteral("app-deps-0.3.0"), 1).drvPath);
    history.price(step);
    QCOMPARE(step.rebuild[0].measuredUs, std::optional<std::int64_t>(4000000));
    QVERIFY(BuildHistory().lookup(QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")) ==
            std::nullopt);
}

void TestPrediction::comparesPredictedWithBuilt()
{
    const QDateTime t0 = QDateTime::currentDateTimeUtc();
    Session run;
    run.measurements.push_back(measured(
        QStringLiteral("per-crate"), QStringLiteral("edit-shared"), t0,
        {built(QStringLiteral("crate-shared-0.3.0"), 400), built(QStringLiteral("crate-app-0.3.0"), 300)}));
    run.measurements.push_back(
        measured(QStringLiteral("monolithic"), QStringLiteral("edit-shared"), t0,
                 {built(QStringLiteral("app-0.3.0"), 2000), built(QStringLiteral("surprise"), 10)}));
    run.measurements.push_back(measured(QStringLiteral("monolithic"), QStringLiteral("break-eval"), t0, {},
                                        Measurement::Outcome::Failed));
    run.measurements.push_back(measured(QStringLiteral("deps-split"), QStringLiteral("noop"), t0, {}));
    Measurement warm =
        measured(QStringLiteral("deps-split"), QStringLiteral("cold"), t0, {built(QStringLiteral("w"), 1)});
    warm.warmup = true; // warm-ups never count
    run.measurements.push_back(warm);

    Prediction p;
    auto cell = [&p](const char *strategy, const char *step, std::vector<PredictedDerivation> rebuild,
                     bool ok = true) {
        StepPrediction s;
        s.strategy = QString::fromLatin1(strategy);
        s.step = QString::fromLatin1(step);
        s.target = QStringLiteral("app");
        s.rebuild = std::move(rebuild);
        s.ok = ok;
        s.error = ok ? QString() : QStringLiteral("error: while parsing a TOML string");
        p.steps.push_back(s);
    };
    cell("per-crate", "edit-shared",
         {predicted(QStringLiteral("crate-app-0.3.0")), predicted(QStringLiteral("crate-shared-0.3.0"))});
    cell("monolithic", "edit-shared",
         {predicted(QStringLiteral("app-0.3.0")), predicted(QStringLiteral("vendor"))});
    cell("monolithic", "break-eval", {}, false);
    cell("per-crate", "touch-docs", {});
    const auto c = PredictionComparison::compare(p, run);
    QCOMPARE(c.steps.size(), std::size_t{5});
    QCOMPARE(c.steps[0].verdict, StepComparison::Verdict::Match);
    QCOMPARE(c.steps[0].builtUs, std::optional<std::int64_t>(700000));
    QCOMPARE(c.steps[1].verdict, StepComparison::Verdict::Differs);
    QCOMPARE(c.steps[1].missed, QStringList{QStringLiteral("surprise")});
    QCOMPARE(c.steps[1].unexpected, QStringList{QStringLiteral("vendor")});
    QCOMPARE(c.steps[2].verdict, StepComparison::Verdict::BothFailed);
    QVERIFY(c.steps[2].note.contains(QLatin1String("TOML")));
    QCOMPARE(c.steps[3].verdict, StepComparison::Verdict::NotRun);
    QCOMPARE(c.steps[4].verdict, StepComparison::Verdict::NotPredicted);
    QCOMPARE(c.steps[4].step, QStringLiteral("noop"));
    QCOMPARE(c.agreeing(), 2);
    QCOMPARE(c.differing(), 2);
    const QString text = PredictionText::comparison(c);
    QVERIFY2(text.contains(
                 QLatin1String("monolithic edit-shared app: built but not predicted (a finding): surprise")),
             qPrintable(text));
    QVERIFY(text.contains(QLatin1String("2 of 5 cells agree; 2 differ")));
}

void TestPrediction::jsonRoundTrip()
{
    Prediction p;
    p.date = QDateTime::fromString(QStringLiteral("2026-11-25T10:00:00.000Z"), Qt::ISODateWithMs);
    p.history = {QStringLiteral("/tmp/run.json")};
    p.elapsedUs = 1234;
    p.skipped[QStringLiteral("crane")] = QStringLiteral("needs a network");
    StepPrediction s;
    s.strategy = QStringLiteral("deps-split");
    s.target = QStringLiteral("app");
    s.step = QStringLiteral("bump-dependency");
    s.rootDrv = QStringLiteral("/nix/store/x-app.drv");
    s.evalUs = 300000;
    s.closure.derivations = 3;
    s.closure.own = 3;
    s.closure.roles = {
        {QStringLiteral("deps"), 1}, {QStringLiteral("target"), 1}, {QStringLiteral("vendor"), 1}};
    s.closure.sourcePaths = 4;
    s.rebuild = {predicted(QStringLiteral("app-0.3.0")), predicted(QStringLiteral("app-deps-0.3.0"))};
    s.rebuild[0].measuredUs = 0; // measured as instant: kept apart from unknown
    s.rebuild[0].reasons = {QStringLiteral("input app-deps-0.3.0 changed")};
    s.rebuild[1].sources = {QStringLiteral("cargo-manifests")};
    p.steps.push_back(s);
    StepPrediction failed = s;
    failed.ok = false;
    failed.error = QStringLiteral("error: undefined variable");
    failed.rebuild.clear();
    p.steps.push_back(failed);
    const auto j = PredictionJson::toJson(p);
    Prediction back;
    QString error;
    QVERIFY2(PredictionJson::fromJson(j, back, error), qPrintable(error));
    QCOMPARE(PredictionJson::toJson(back).dump(), j.dump());
    QCOMPARE(back.steps[0].rebuild[0].measuredUs, std::optional<std::int64_t>(0));
    QVERIFY(!back.steps[0].rebuild[1].measuredUs);
    QVERIFY(!back.steps[1].ok);
    QVERIFY(!back.allOk());
    QCOMPARE(back.find(QStringLiteral("deps-split"), QStringLiteral("bump-dependency"), QStringLiteral("app"))
                 ->evalUs,
             300000);
}

void TestPrediction::jsonRefusesMalformed_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("not an object") << QByteArray("[]") << "not an object";
    QTest::newRow("no steps") << QByteArray("{}") << "no step list";
    QTest::newRow("step not an object")
        << QByteArray(R"({"steps":[1]})") << "predicted step 1 is not an object";
    QTest::newRow("step without cell")
        << QByteArray(R"({"steps":[{"strategy":"a"}]})") << "lacks strategy, target or step";
    QTest::newRow("rebuild entry")
        << QByteArray(R"({"steps":[{"strategy":"a","target":"b","step":"c","rebuild":[{}]}]})")
        << "without a name";
}

void TestPrediction::jsonRefusesMalformed()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    Prediction p;
    QString why;
    QVERIFY(!PredictionJson::fromJson(nlohmann::json::parse(json.toStdString()), p, why));
    QVERIFY2(why.contains(error), qPrintable(why));
}

void TestPrediction::textSaysWhatRebuildsSideBySide()
{
    Scenario scenario;
    ScenarioStep step;
    step.id = QStringLiteral("edit-shared");
    step.description = QStringLiteral("the shared crate's source edited");
    scenario.steps.push_back(step);
    Prediction p;
    auto cell = [&p](const char *strategy, int n) {
        StepPrediction s;
        s.strategy = QString::fromLatin1(strategy);
        s.step = QStringLiteral("edit-shared");
        s.target = QStringLiteral("app");
        for (int i = 0; i < n; ++i) {
            s.rebuild.push_back(predicted(QStringLiteral("d%1").arg(i)));
            s.rebuild.back().measuredUs = 1000000;
        }
        p.steps.push_back(s);
    };
    cell("monolithic", 1);
    cell("deps-split", 1);
    cell("per-crate", 2);
    const QString text = PredictionText::sideBySide(p, scenario);
    QVERIFY2(text.contains(QLatin1String(
                 "edit-shared (the shared crate's source edited): per-crate rebuilds 2 derivations "
                 "(2.000 s), monolithic 1 (1.000 s), deps-split 1 (1.000 s)")),
             qPrintable(text));
    QVERIFY(PredictionText::details(p, scenario).contains(QLatin1String("d1")));
}

QTEST_GUILESS_MAIN(TestPrediction)
#include "tst_prediction.moc"
