// SPDX-License-Identifier: MIT
// The four real tools (nixpkgs' buildRustPackage, crane, naersk, cargo2nix) through the scenario
// runner on real Nix, offline: each tool's own Nix code from the imported inputs, against the
// stand-ins (variants/standins). tests/data/workspaces/small-sample has the bundled sample's shape
// (app, wasm, the shared cats) with two small registry crates, so a whole scenario of all four
// tools and both targets takes minutes. The rebuild sets are the ones measured (README, "The real
// tools on small-sample"); a change in any tool's behaviour, or in the runner's cold step, shows here.
//
// Needs the inputs imported (scripts/test.sh does it from ../shared/inputs): without them the
// suite is skipped with the reason, or fails when FLAKEOFF_REQUIRE_REAL_TOOLS is set (CI).
#include "NixRequired.h"
#include "RealTools.h"
#include "SessionLookup.h"
#include "nix/HomelessShelter.h"
#include "nix/NixEnvironment.h"
#include "predict/ExpectedRebuildCheck.h"
#include "strategy/LocalInputStore.h"
#include "strategy/WorkspaceInfo.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace flakeoff;

namespace {
const QString kWorkspace = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/workspaces/small-sample");
const QString kScenario = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/scenarios/real-tools.json");
const QStringList kTools = testing::kRealTools;
const QStringList kTargets = {QStringLiteral("app"), QStringLiteral("wasm")};
constexpr int kRunTimeoutMs = 40 * 60 * 1000;

QString builtNames(const Measurement &m)
{
    return testing::builtNames(m).join(QLatin1Char(' '));
}

const Measurement *find(const Session &s, const QString &strategy, const QString &step, const QString &target)
{
    return testing::findMeasurement(s, strategy, step, target);
}
} // namespace

class TestRealTools : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void everyBuildSucceeded();
    void rebuildSets_data();
    void rebuildSets();
    void outputsWork();
    void sessionNamesTheInputs();
    void predictionMatchesWhatWasBuilt();
    void manifestsExpectWhatWasBuilt();
    void noHomelessShelterLeftBehind();

private:
    Session run(const Scenario &scenario, const QString &name);
    QTemporaryDir m_dir;
    std::optional<Session> m_session;
};

Session TestRealTools::run(const Scenario &scenario, const QString &name)
{
    return testing::runRealTools(kWorkspace, scenario, kTargets,
                                 m_dir.filePath(name + QStringLiteral(".json")), kRunTimeoutMs);
}

void TestRealTools::initTestCase()
{
    FLAKEOFF_SKIP_WITHOUT_NIX();
    qputenv("FLAKEOFF_CLI", FLAKEOFF_CLI_PATH);
    FLAKEOFF_SKIP_WITHOUT_REAL_TOOLS();
    // A first cold pass builds what is not the project's (the stand-in stdenv, the toolchains'
    // store copies, helper tools) on a fresh store, so the scenario's cold step below counts
    // only what a cold build of the project rebuilds, on any machine.
    QString error;
    auto scenario = Scenario::load(kScenario, &error);
    QVERIFY2(scenario, qPrintable(error));
    Scenario coldOnly = *scenario;
    coldOnly.steps.resize(1);
    const Session warm = run(coldOnly, QStringLiteral("warm"));
    QCOMPARE(warm.status, Session::Status::Finished);
    m_session = run(*scenario, QStringLiteral("real-tools"));
    QVERIFY2(m_session->status == Session::Status::Finished, qPrintable(m_session->statusText));
    QVERIFY2(m_session->skipped.empty(), "no tool may be skipped");
}

void TestRealTools::everyBuildSucceeded()
{
    QVERIFY(m_session);
    QCOMPARE(int(m_session->measurements.size()), 4 * 7 * 2);
    for (const auto &m : m_session->measurements)
        QVERIFY2(m.outcome == Measurement::Outcome::Succeeded,
                 qPrintable(QStringLiteral("%1 %2 %3: %4").arg(m.strategy, m.step, m.target, m.error)));
}

void TestRealTools::rebuildSets_data()
{
    testing::addRebuildColumns();
    const auto row = testing::addRebuildRow;
    // buildRustPackage: one derivation compiles the whole workspace from the whole tree, so every
    // change (the README too) rebuilds each target from scratch. Offline, cold keeps the seeded
    // crate tarballs; the vendor directory and the unpacked crates are rebuilt. A new feature of a
    // dependency leaves Cargo.lock as it was, so the vendor directory stays.
    row("build-rust-package", "cold", "app", "app-0.1.0 cargo-vendor-dir cfg-if-1.0.0 libc-0.2.139");
    row("build-rust-package", "cold", "wasm", "cargo-vendor-dir cfg-if-1.0.0 libc-0.2.139 wasm-0.1.0");
    for (const char *step : {"edit-leaf", "edit-shared", "bump-dependency", "edit-nix", "touch-docs"}) {
        row("build-rust-package", step, "app", "app-0.1.0");
        row("build-rust-package", step, "wasm", "wasm-0.1.0");
    }
    // crane: dependencies apart (buildDepsOnly on a dummified source, made by import from
    // derivation: Cargo.toml, source, the stubs); cleanCargoSource drops README and *.nix. Cold,
    // per target, rebuilds every derivation of the tool's own (the source pieces, the unpacked
    // crates cargo-package-*), keeping only the seeded downloads.
    row("crane", "cold", "app",
        "Cargo.toml Cargo.toml Cargo.toml Cargo.toml app-0.1.0 app-deps-0.1.0 cargo-package-cfg-if-1.0.0 "
        "cargo-package-libc-0.2.139 dummy.rs dummyBuild.rs source vendor-cargo-deps vendor-registry");
    row("crane", "cold", "wasm",
        "Cargo.toml Cargo.toml Cargo.toml Cargo.toml cargo-package-cfg-if-1.0.0 cargo-package-libc-0.2.139 "
        "dummy.rs dummyBuild.rs source vendor-cargo-deps vendor-registry wasm-0.1.0 wasm-deps-0.1.0");
    for (const char *step : {"edit-leaf", "edit-shared", "edit-nix"}) {
        row("crane", step, "app", "app-0.1.0");
        row("crane", step, "wasm", "wasm-0.1.0");
    }
    row("crane", "bump-dependency", "app", "Cargo.toml app-0.1.0 app-deps-0.1.0 source");
    row("crane", "bump-dependency", "wasm", "wasm-0.1.0 wasm-deps-0.1.0");
    row("crane", "touch-docs", "app", "");
    row("crane", "touch-docs", "wasm", "");
    // naersk: dependencies apart too, but its final build takes the whole tree (README included)
    // and the Nix edit reaches both derivations.
    row("naersk", "cold", "app",
        "Cargo.lock Cargo.toml Cargo.toml Cargo.toml Cargo.toml app-0.1.0 app-deps-0.1.0 config "
        "crates-io-dependencies dummy-src unpack-cfg-if-1.0.0 unpack-libc-0.2.139");
    row("naersk", "cold", "wasm",
        "Cargo.lock Cargo.toml Cargo.toml Cargo.toml Cargo.toml config crates-io-dependencies dummy-src "
        "unpack-cfg-if-1.0.0 unpack-libc-0.2.139 wasm-0.1.0 wasm-deps-0.1.0");
    for (const char *step : {"edit-leaf", "edit-shared", "touch-docs"}) {
        row("naersk", step, "app", "app-0.1.0");
        row("naersk", step, "wasm", "wasm-0.1.0");
    }
    row("naersk", "bump-dependency", "app", "Cargo.toml app-0.1.0 app-deps-0.1.0 dummy-src");
    row("naersk", "bump-dependency", "wasm", "wasm-0.1.0 wasm-deps-0.1.0");
    row("naersk", "edit-nix", "app", "app-0.1.0 app-deps-0.1.0");
    row("naersk", "edit-nix", "wasm", "wasm-0.1.0 wasm-deps-0.1.0");
    // cargo2nix 0.12: one derivation per crate, but every local crate's source is the whole
    // workspace, so any change (README, Nix) rebuilds every local crate of the target; registry
    // crates stay, except the one whose features changed (libc: native targets only).
    row("cargo2nix", "cold", "app", "crate-app-0.1.0 crate-cats-0.1.0 crate-cfg-if-1.0.0 crate-libc-0.2.139");
    row("cargo2nix", "cold", "wasm", "crate-cats-0.1.0 crate-cfg-if-1.0.0 crate-wasm-0.1.0");
    for (const char *step : {"edit-leaf", "edit-shared", "edit-nix", "touch-docs"}) {
        row("cargo2nix", step, "app", "crate-app-0.1.0 crate-cats-0.1.0");
        row("cargo2nix", step, "wasm", "crate-cats-0.1.0 crate-wasm-0.1.0");
    }
    row("cargo2nix", "bump-dependency", "app", "crate-app-0.1.0 crate-cats-0.1.0 crate-libc-0.2.139");
    row("cargo2nix", "bump-dependency", "wasm", "crate-cats-0.1.0 crate-wasm-0.1.0");
    for (const QString &tool : kTools)
        for (const QString &target : kTargets)
            row(qPrintable(tool), "noop", qPrintable(target), "");
}

void TestRealTools::rebuildSets()
{
    QVERIFY(m_session);
    QFETCH(QString, strategy);
    QFETCH(QString, step);
    QFETCH(QString, target);
    QFETCH(QString, built);
    const Measurement *m = find(*m_session, strategy, step, target);
    QVERIFY(m);
    // The notes say what a cold step could not delete (a path kept alive), when that is why.
    QVERIFY2(builtNames(*m) == built,
             qPrintable(QStringLiteral("built: %1\nexpected: %2\nnotes: %3")
                            .arg(builtNames(*m), built, m->notes.join(QStringLiteral("; ")))));
}

void TestRealTools::outputsWork()
{
    QVERIFY(m_session);
    for (const QString &tool : kTools) {
        const Measurement *app = find(*m_session, tool, QStringLiteral("touch-docs"), QStringLiteral("app"));
        const Measurement *wasm =
            find(*m_session, tool, QStringLiteral("touch-docs"), QStringLiteral("wasm"));
        QVERIFY(app && wasm && !app->outputPaths.isEmpty() && !wasm->outputPaths.isEmpty());
        QProcess bin;
        bin.start(app->outputPaths.first() + QStringLiteral("/bin/app"), {});
        QVERIFY2(bin.waitForFinished(10000), qPrintable(tool));
        QVERIFY2(bin.readAllStandardOutput().startsWith("meow from native"), qPrintable(tool));
        QFile module(wasm->outputPaths.first() + QStringLiteral("/lib/wasm.wasm"));
        QVERIFY2(module.open(QIODevice::ReadOnly), qPrintable(module.fileName()));
        QCOMPARE(module.read(4), QByteArray("\0asm", 4));
    }
}

void TestRealTools::sessionNamesTheInputs()
{
    QVERIFY(m_session);
    // Each tool's input as imported, with its revision; every stand-in said as one.
    const LocalInputStore store;
    for (const QString &tool : kTools) {
        const auto used = m_session->environment.inputsUsed.find(tool);
        QVERIFY2(used != m_session->environment.inputsUsed.end(), qPrintable(tool));
        bool nixpkgsStandin = false;
        for (const auto &u : used->second) {
            if (u.name == QLatin1String("nixpkgs"))
                nixpkgsStandin = u.origin == QLatin1String("stand-in");
            if (u.origin == QLatin1String("local")) {
                const auto record = store.input(u.from.section(QLatin1Char(':'), 1));
                QVERIFY2(record, qPrintable(u.from));
                QCOMPARE(u.revision, record->revision);
                QVERIFY2(u.words.contains(record->revision.left(7)), qPrintable(u.words));
            }
        }
        QVERIFY2(nixpkgsStandin, qPrintable(tool));
        if (tool != QLatin1String("build-rust-package")) {
            const QString own = tool == QLatin1String("cargo2nix") ? QStringLiteral("input:cargo2nix")
                                                                   : QStringLiteral("input:") + tool;
            QVERIFY2(std::any_of(used->second.begin(), used->second.end(),
                                 [&](const UsedInput &u) {
                                     return u.from == own && u.origin == QLatin1String("local");
                                 }),
                     qPrintable(tool));
        }
    }
}

void TestRealTools::predictionMatchesWhatWasBuilt()
{
    QVERIFY(m_session);
    // The prediction, by evaluation alone from the store as the run left it, names the set each
    // step rebuilt: `predict --compare` exits 0 only when every cell agrees (3 when one differs).
    QProcess cli;
    cli.setProcessChannelMode(QProcess::MergedChannels);
    cli.start(QStringLiteral(FLAKEOFF_CLI_PATH),
              {QStringLiteral("predict"), QStringLiteral("--workspace"), kWorkspace,
               QStringLiteral("--strategies"), kTools.join(QLatin1Char(',')), QStringLiteral("--scenario"),
               kScenario, QStringLiteral("--compare"), m_dir.filePath(QStringLiteral("real-tools.json")),
               QStringLiteral("--parallel"), QStringLiteral("1")});
    QVERIFY(cli.waitForFinished(kRunTimeoutMs));
    const QString out = QString::fromUtf8(cli.readAll());
    QVERIFY2(cli.exitCode() == 0, qPrintable(out.right(4000)));
    QVERIFY2(out.contains(QStringLiteral("56 of 56 cells agree; 0 differ")), qPrintable(out.right(2000)));
}

void TestRealTools::manifestsExpectWhatWasBuilt()
{
    QVERIFY(m_session);
    // The manifests' expectedRebuilds (roles, not names) against every build: small-sample has
    // the bundled sample's members, so every cell is checked (flakeoff-cli expectations).
    WorkspaceInfo workspace;
    for (const char *name : {"app", "cats", "wasm"})
        workspace.members.push_back({QString::fromLatin1(name),
                                     QStringLiteral("0.1.0"),
                                     QString::fromLatin1(name),
                                     {},
                                     {},
                                     false,
                                     {}});
    const auto check = ExpectedRebuildCheck::check(*m_session, StrategyCatalog::load(), workspace);
    for (const auto &c : check.cells)
        QVERIFY2(c.verdict == ExpectationCell::Verdict::Agrees,
                 qPrintable(
                     QStringLiteral("%1 %2 %3: %4 %5")
                         .arg(c.strategy, c.step, c.target, c.findings.join(QStringLiteral("; ")), c.note)));
    QCOMPARE(check.agreeing(), 4 * 6 * 2);
}

void TestRealTools::noHomelessShelterLeftBehind()
{
    QVERIFY(m_session);
    QCOMPARE(HomelessShelter().problem(), QString());
}

QTEST_GUILESS_MAIN(TestRealTools)
#include "tst_realtools.moc"
