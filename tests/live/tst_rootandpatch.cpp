// SPDX-License-Identifier: MIT
// The shapes public workspaces have and small-sample lacks, through the four real tools on real
// Nix, offline: tests/data/workspaces/root-and-patch is a root package (`tool`, the app target)
// with members (`cats`, `wasm`) and a `[patch.crates-io]` of cfg-if by a local folder that is not a
// member. Measured here: buildRustPackage, crane and naersk build it (the patched cfg-if is the one
// compiled in); cargo2nix 0.12 cannot — every local crate gets the whole workspace as its source,
// so the patched crate's derivation compiles the root package and fails — and Flakeoff says so
// cause first. Also the rebuild sets where a root package changes what a tool rebuilds (naersk's
// dummy source takes the root's files, so an edit of the root package rebuilds its dependencies).
//
// Needs the inputs imported, as tst_realtools (scripts/test.sh imports ../shared/inputs).
#include "NixRequired.h"
#include "RealTools.h"
#include "SessionLookup.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace flakeoff;

namespace {
const QString kWorkspace = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/workspaces/root-and-patch");
const QStringList kTargets = {QStringLiteral("app"), QStringLiteral("wasm")};
const QStringList kBuilding = {QStringLiteral("build-rust-package"), QStringLiteral("crane"),
                               QStringLiteral("naersk")};
constexpr int kRunTimeoutMs = 20 * 60 * 1000;
} // namespace

class TestRootAndPatch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void threeToolsBuildIt();
    void rebuildSets_data();
    void rebuildSets();
    void thePatchedCrateIsCompiledIn();
    void cargo2nixFailsCauseFirst();

private:
    QTemporaryDir m_dir;
    std::optional<Session> m_session;
};

void TestRootAndPatch::initTestCase()
{
    FLAKEOFF_SKIP_WITHOUT_NIX();
    qputenv("FLAKEOFF_CLI", FLAKEOFF_CLI_PATH);
    FLAKEOFF_SKIP_WITHOUT_REAL_TOOLS();
    const auto quick = Scenario::builtin(QStringLiteral("quick")); // cold, noop, edit-leaf
    QVERIFY(quick);
    // A cold pass first, so the scenario's cold step counts only the project's own derivations
    // whatever this store held before (the stand-ins are built once per store).
    Scenario coldOnly = *quick;
    coldOnly.steps.resize(1);
    testing::runRealTools(kWorkspace, coldOnly, kTargets, m_dir.filePath(QStringLiteral("warm.json")),
                          kRunTimeoutMs);
    m_session = testing::runRealTools(kWorkspace, *quick, kTargets,
                                      m_dir.filePath(QStringLiteral("rap.json")), kRunTimeoutMs);
    QVERIFY2(m_session->status == Session::Status::Finished, qPrintable(m_session->statusText));
    QVERIFY2(m_session->skipped.empty(), "no tool may be skipped");
    QCOMPARE(int(m_session->measurements.size()), 4 * 3 * 2);
}

void TestRootAndPatch::threeToolsBuildIt()
{
    QVERIFY(m_session);
    for (const auto &m : m_session->measurements)
        if (kBuilding.contains(m.strategy))
            QVERIFY2(m.outcome == Measurement::Outcome::Succeeded,
                     qPrintable(QStringLiteral("%1 %2 %3: %4").arg(m.strategy, m.step, m.target, m.error)));
}

void TestRootAndPatch::rebuildSets_data()
{
    testing::addRebuildColumns();
    const auto row = testing::addRebuildRow;
    // No registry crate is left (cfg-if comes from the patch), so nothing is downloaded or unpacked.
    row("build-rust-package", "cold", "app", "cargo-vendor-dir tool-0.2.0");
    row("build-rust-package", "cold", "wasm", "cargo-vendor-dir wasm-0.2.0");
    row("build-rust-package", "edit-leaf", "app", "tool-0.2.0");
    row("build-rust-package", "edit-leaf", "wasm", "wasm-0.2.0");
    row("crane", "cold", "app",
        "Cargo.toml Cargo.toml Cargo.toml Cargo.toml dummy.rs dummyBuild.rs source tool-0.2.0 "
        "tool-deps-0.2.0 "
        "vendor-cargo-deps");
    row("crane", "cold", "wasm",
        "Cargo.toml Cargo.toml Cargo.toml Cargo.toml dummy.rs dummyBuild.rs source vendor-cargo-deps "
        "wasm-0.2.0 "
        "wasm-deps-0.2.0");
    row("crane", "edit-leaf", "app", "tool-0.2.0");
    row("crane", "edit-leaf", "wasm", "wasm-0.2.0");
    row("naersk", "cold", "app",
        "Cargo.lock Cargo.toml Cargo.toml Cargo.toml Cargo.toml config crates-io-dependencies dummy-src "
        "tool-0.2.0 tool-deps-0.2.0");
    row("naersk", "cold", "wasm",
        "Cargo.lock Cargo.toml Cargo.toml Cargo.toml Cargo.toml config crates-io-dependencies dummy-src "
        "wasm-0.2.0 wasm-deps-0.2.0");
    // The leaf here is the root package: naersk's dummy source keeps the root's files, so its
    // edit makes a new dummy source and rebuilds the dependencies of both targets.
    row("naersk", "edit-leaf", "app", "dummy-src tool-0.2.0 tool-deps-0.2.0");
    row("naersk", "edit-leaf", "wasm", "wasm-0.2.0 wasm-deps-0.2.0");
    for (const char *tool : {"build-rust-package", "crane", "naersk"})
        for (const char *target : {"app", "wasm"})
            row(tool, "noop", target, "");
}

void TestRootAndPatch::rebuildSets()
{
    QVERIFY(m_session);
    QFETCH(QString, strategy);
    QFETCH(QString, step);
    QFETCH(QString, target);
    QFETCH(QString, built);
    const Measurement *m = testing::findMeasurement(*m_session, strategy, step, target);
    QVERIFY(m);
    QCOMPARE(testing::builtNames(*m).join(QLatin1Char(' ')), built);
}

void TestRootAndPatch::thePatchedCrateIsCompiledIn()
{
    QVERIFY(m_session);
    // The root package prints cfg_if::SOURCE, which only the patched copy has: a tool that ignored
    // the [patch] would not have compiled it.
    for (const QString &tool : kBuilding) {
        const Measurement *m =
            testing::findMeasurement(*m_session, tool, QStringLiteral("edit-leaf"), QStringLiteral("app"));
        QVERIFY(m && !m->outputPaths.isEmpty());
        QProcess bin;
        bin.start(m->outputPaths.first() + QStringLiteral("/bin/tool"), {});
        QVERIFY2(bin.waitForFinished(10000), qPrintable(tool + QStringLiteral(": ") + bin.errorString()));
        const QByteArray out = bin.readAllStandardOutput();
        QVERIFY2(out.contains("(cfg-if: patched)"),
                 qPrintable(tool + QStringLiteral(": ") + QString::fromUtf8(out)));
    }
}

void TestRootAndPatch::cargo2nixFailsCauseFirst()
{
    QVERIFY(m_session);
    // cargo2nix 0.12's template gives every local crate `fetchCrateLocal workspaceSrc`: the patched
    // cfg-if's derivation is built from the workspace root and compiles `tool`, which cannot find
    // its own dependencies. Every step of both targets fails the same way, said cause first.
    for (const auto &m : m_session->measurements) {
        if (m.strategy != QLatin1String("cargo2nix"))
            continue;
        QVERIFY2(m.outcome == Measurement::Outcome::Failed, qPrintable(m.step + QLatin1Char(' ') + m.target));
        QVERIFY2(
            m.error.contains(QStringLiteral("crate-cfg-if-1.0.1 failed: error[E0433]: failed to resolve: "
                                            "use of undeclared crate or module `cfg_if`")),
            qPrintable(m.error));
    }
}

QTEST_GUILESS_MAIN(TestRootAndPatch)
#include "tst_rootandpatch.moc"
