// SPDX-License-Identifier: MIT
// The scenario runner on real Nix: each offline layout model rebuilds exactly what its layout
// implies after each kind of change; repetitions rebuild the same set; a broken build is a result;
// cancelling kills the build and leaves the user's workspace and the store's other users alone.
#include "NixRequired.h"
#include "SessionLookup.h"
#include "nix/NixEnvironment.h"
#include "scenario/ScenarioRunner.h"
#include "session/SessionStore.h"
#include "strategy/StrategyAvailability.h"
#include "strategy/StrategyCatalog.h"

#include <QCryptographicHash>

#include <QDirIterator>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

#include <csignal>

using namespace flakeoff;
using flakeoff::testing::builtNames;

namespace {
const QString kTiny = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/workspaces/bin-lib-cdylib");

QByteArray treeDigest(const QString &root)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    QStringList paths;
    while (it.hasNext())
        paths << it.next();
    paths.sort();
    for (const QString &p : paths) {
        QFile f(p);
        h.addData(p.toUtf8());
        if (f.open(QIODevice::ReadOnly))
            h.addData(f.readAll());
    }
    return h.result();
}

// find(session, strategy, step, repetition): these sessions build one target.
const Measurement *find(const Session &s, const QString &strategy, const QString &step, int repetition = 0)
{
    return testing::findMeasurement(s, strategy, step, {}, repetition);
}
} // namespace

class TestRunner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void rebuildSets_data();
    void rebuildSets();
    void repetitionsRebuildTheSameSet();
    void bumpDependency_data();
    void bumpDependency();
    void missingTargetNeverAttempted();
    void cancelMidBuild();
    void ctrlCInTheCli();

private:
    Session runTiny(const QStringList &strategies, const QString &scenarioFile, int repeat, int warmup,
                    const QString &workspace = kTiny);
    QTemporaryDir m_dir;
    std::optional<Session> m_bumped;  // the registry workspace, cold then a dependency bump
    std::optional<Session> m_session; // the tiny scenario on all three models, shared by the rows
};

void TestRunner::initTestCase()
{
    FLAKEOFF_SKIP_WITHOUT_NIX();
    qputenv("FLAKEOFF_CLI", FLAKEOFF_CLI_PATH);
}

Session TestRunner::runTiny(const QStringList &strategies, const QString &scenarioFile, int repeat,
                            int warmup, const QString &workspace)
{
    RunRequest request;
    request.workspace = workspace;
    request.strategies = strategies;
    request.targets = {QStringLiteral("app")};
    QString error;
    request.scenario = *Scenario::load(scenarioFile, &error);
    request.repeat = repeat;
    request.warmup = warmup;
    request.sessionPath = m_dir.filePath(strategies.join(QLatin1Char('-')) + QStringLiteral(".json"));
    ScenarioRunner runner;
    QSignalSpy finished(&runner, &ScenarioRunner::finished);
    runner.start(request);
    if (!finished.wait(300000))
        return {};
    return runner.session();
}

void TestRunner::rebuildSets_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("step");
    QTest::addColumn<int>("built");
    QTest::addColumn<QString>("mustContain");    // a derivation the step must rebuild ("" = none)
    QTest::addColumn<QString>("mustNotContain"); // a name part no rebuilt derivation may have
    // monolithic: one derivation compiles everything, from a source that includes README.md.
    QTest::newRow("monolithic cold") << "monolithic"
                                     << "cold" << 2 << "cli-0.0.0"
                                     << "";
    QTest::newRow("monolithic noop") << "monolithic"
                                     << "noop" << 0 << ""
                                     << "";
    QTest::newRow("monolithic edit-leaf") << "monolithic"
                                          << "edit-leaf" << 1 << "cli-0.0.0"
                                          << "";
    QTest::newRow("monolithic edit-shared") << "monolithic"
                                            << "edit-shared" << 1 << "cli-0.0.0"
                                            << "";
    QTest::newRow("monolithic edit-nix") << "monolithic"
                                         << "edit-nix" << 1 << "cli-0.0.0"
                                         << "";
    QTest::newRow("monolithic touch-docs") << "monolithic"
                                           << "touch-docs" << 1 << "cli-0.0.0"
                                           << "";
    // deps-split: the deps derivation sees manifests only.
    QTest::newRow("deps-split cold") << "deps-split"
                                     << "cold" << 3 << "cli-deps-0.0.0"
                                     << "";
    QTest::newRow("deps-split noop") << "deps-split"
                                     << "noop" << 0 << ""
                                     << "";
    QTest::newRow("deps-split edit-leaf") << "deps-split"
                                          << "edit-leaf" << 1 << "cli-0.0.0"
                                          << "-deps-";
    QTest::newRow("deps-split edit-shared") << "deps-split"
                                            << "edit-shared" << 1 << "cli-0.0.0"
                                            << "-deps-";
    QTest::newRow("deps-split edit-nix") << "deps-split"
                                         << "edit-nix" << 2 << "cli-deps-0.0.0"
                                         << "";
    QTest::newRow("deps-split touch-docs") << "deps-split"
                                           << "touch-docs" << 0 << ""
                                           << "";
    // per-crate: one derivation per crate (derive-helper, core-lib, cli).
    QTest::newRow("per-crate cold") << "per-crate"
                                    << "cold" << 3 << "crate-derive-helper-0.1.0"
                                    << "";
    QTest::newRow("per-crate noop") << "per-crate"
                                    << "noop" << 0 << ""
                                    << "";
    QTest::newRow("per-crate edit-leaf") << "per-crate"
                                         << "edit-leaf" << 1 << "crate-cli-1.0.0"
                                         << "core-lib";
    QTest::newRow("per-crate edit-shared") << "per-crate"
                                           << "edit-shared" << 2 << "crate-core-lib-0.2.0"
                                           << "derive-helper";
    QTest::newRow("per-crate edit-nix") << "per-crate"
                                        << "edit-nix" << 3 << "crate-derive-helper-0.1.0"
                                        << "";
    QTest::newRow("per-crate touch-docs") << "per-crate"
                                          << "touch-docs" << 0 << ""
                                          << "";
}

void TestRunner::rebuildSets()
{
    QFETCH(QString, strategy);
    QFETCH(QString, step);
    QFETCH(int, built);
    QFETCH(QString, mustContain);
    QFETCH(QString, mustNotContain);
    if (!m_session) {
        const QByteArray before = treeDigest(kTiny);
        m_session = runTiny({QStringLiteral("monolithic"), QStringLiteral("deps-split"),
                             QStringLiteral("per-crate"), QStringLiteral("no-such-strategy")},
                            QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/scenarios/tiny.json"), 1, 0);
        QCOMPARE(treeDigest(kTiny), before); // the user's workspace is byte-identical afterwards
        QCOMPARE(m_session->status, Session::Status::Finished);
        QVERIFY(m_session->skipped.count(QStringLiteral("no-such-strategy")));
        QCOMPARE(m_session->skipped.size(), std::size_t{1});
        // The broken build is a recorded failure for every model, with the compiler's error in its report.
        for (const char *s : {"monolithic", "deps-split", "per-crate"}) {
            const Measurement *m = find(*m_session, QString::fromLatin1(s), QStringLiteral("break-build"));
            QVERIFY2(m && m->outcome == Measurement::Outcome::Failed, s);
            QVERIFY(!m->error.isEmpty());
            QCOMPARE(m->report->countWithStatus(BuildStatus::Failed), std::int64_t{1});
        }
        // The session on disk is the session in memory, and every log is there.
        QString error;
        const auto loaded = SessionStore::load(
            m_dir.filePath(QStringLiteral("monolithic-deps-split-per-crate-no-such-strategy.json")), &error);
        QVERIFY2(loaded, qPrintable(error));
        QCOMPARE(loaded->measurements.size(), m_session->measurements.size());
        for (const auto &m : loaded->measurements)
            QVERIFY2(QFile::exists(SessionStore::logFolder(m_dir.filePath(QStringLiteral(
                                       "monolithic-deps-split-per-crate-no-such-strategy.json"))) +
                                   QLatin1Char('/') + m.logFile),
                     qPrintable(m.logFile));
        QVERIFY(!m_session->environment.nixVersion.isEmpty());
        QCOMPARE(m_session->environment.system, QStringLiteral("x86_64-linux"));
        // Which store Nix used, as Nix names it, and exactly what Flakeoff added to the user's
        // configuration for these layout models (builders with host tools), with the reasons.
        QVERIFY(!m_session->environment.nixStore.isEmpty());
        QCOMPARE(loaded->environment.nixStore, m_session->environment.nixStore);
        const bool networkless = !StrategyAvailability::networkReachable();
        std::vector<NixSetting> expected = NixSettings::added({networkless, false});
        NixSettings::addMissing(expected, NixSettings::added({networkless, true}));
        QCOMPARE(loaded->environment.nixSettingsAdded.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(loaded->environment.nixSettingsAdded[i].line(), expected[i].line());
            QCOMPARE(loaded->environment.nixSettingsAdded[i].why, expected[i].why);
        }
    }
    const Measurement *m = find(*m_session, strategy, step);
    QVERIFY2(m, qPrintable(strategy + QLatin1Char(' ') + step));
    QVERIFY2(m->outcome == Measurement::Outcome::Succeeded, qPrintable(m->error));
    const QStringList names = builtNames(*m);
    QVERIFY2(names.size() == built, qPrintable(names.join(QStringLiteral(", "))));
    if (!mustContain.isEmpty())
        QVERIFY2(names.contains(mustContain), qPrintable(names.join(QStringLiteral(", "))));
    if (!mustNotContain.isEmpty())
        for (const QString &n : names)
            QVERIFY2(!n.contains(mustNotContain), qPrintable(n));
    QVERIFY(m->wallUs > 0);
    QVERIFY(!m->outputPaths.isEmpty());
    QVERIFY(m->outputBytes > 0 && m->closureBytes >= m->outputBytes);
    QVERIFY(m->storeGrowthBytes >= 0 && m->intermediateBytes >= 0);
    if (built == 0)
        QCOMPARE(m->storeGrowthBytes, std::int64_t{0});
    if (strategy == QLatin1String("deps-split"))
        QVERIFY2(m->intermediateBytes > 0, "the deps derivation's target/ is an intermediate artifact");
}

void TestRunner::repetitionsRebuildTheSameSet()
{
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("s.json")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"schema":1,"name":"reps","steps":[{"kind":"cold"},{"kind":"noop"},{"kind":"edit-leaf"}]})");
    f.close();
    const Session s = runTiny({QStringLiteral("deps-split")}, f.fileName(), 2, 1);
    QCOMPARE(s.status, Session::Status::Finished);
    // warm-up + 2 measured runs per step, 3 steps
    QCOMPARE(s.measurements.size(), std::size_t{9});
    for (int r = 0; r < 2; ++r) {
        QCOMPARE(builtNames(*find(s, QStringLiteral("deps-split"), QStringLiteral("cold"), r)).size(), 3);
        QCOMPARE(builtNames(*find(s, QStringLiteral("deps-split"), QStringLiteral("noop"), r)).size(), 0);
        QCOMPARE(builtNames(*find(s, QStringLiteral("deps-split"), QStringLiteral("edit-leaf"), r)),
                 QStringList{QStringLiteral("cli-0.0.0")});
    }
    QCOMPARE(s.cell(QStringLiteral("deps-split"), QStringLiteral("app"), QStringLiteral("edit-leaf")).size(),
             std::size_t{2});
}

void TestRunner::bumpDependency_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QStringList>("rebuilt");
    // Deps-split: the deps derivation is keyed on the manifests, so a feature change rebuilds it.
    // Per-crate: only libc's units and the crates above them; cfg-if is untouched.
    QTest::newRow("monolithic") << "monolithic" << QStringList{QStringLiteral("reg-0.1.0")};
    QTest::newRow("deps-split") << "deps-split"
                                << QStringList{QStringLiteral("reg-0.1.0"), QStringLiteral("reg-deps-0.1.0")};
    QTest::newRow("per-crate") << "per-crate" << QStringList{};
}

void TestRunner::bumpDependency()
{
    QFETCH(QString, strategy);
    QFETCH(QStringList, rebuilt);
    const QString workspace = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/workspaces/registry");
    if (!m_bumped) {
        const QByteArray before = treeDigest(workspace);
        m_bumped =
            runTiny({QStringLiteral("monolithic"), QStringLiteral("deps-split"), QStringLiteral("per-crate")},
                    QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/scenarios/bump.json"), 1, 0, workspace);
        QCOMPARE(treeDigest(workspace), before);
        QCOMPARE(m_bumped->status, Session::Status::Finished);
        // Every strategy's inputs are on record (models: a digest of their Nix files).
        for (const char *s : {"monolithic", "deps-split", "per-crate"})
            QVERIFY2(m_bumped->environment.inputRevisions.count(QString::fromLatin1(s)) &&
                         m_bumped->environment.inputRevisions.at(QString::fromLatin1(s))
                             .startsWith(QStringLiteral("offline model")),
                     s);
    }
    const Measurement *m = find(*m_bumped, strategy, QStringLiteral("bump-dependency"));
    QVERIFY(m);
    QVERIFY2(m->outcome == Measurement::Outcome::Succeeded, qPrintable(m->error));
    const QStringList names = builtNames(*m);
    if (strategy == QLatin1String("per-crate")) {
        QVERIFY2(names.contains(QStringLiteral("crate-reg-0.1.0")),
                 qPrintable(names.join(QStringLiteral(", "))));
        QVERIFY2(std::any_of(names.cbegin(), names.cend(),
                             [](const QString &n) { return n.startsWith(QStringLiteral("crate-libc-")); }),
                 qPrintable(names.join(QStringLiteral(", "))));
        for (const QString &n : names)
            QVERIFY2(!n.contains(QStringLiteral("cfg-if")), qPrintable(n));
    } else {
        QCOMPARE(names, rebuilt);
    }
}

void TestRunner::cancelMidBuild()
{
    // The sample's cold build takes a minute: cancel it while the deps derivation compiles.
    const QByteArray before = treeDigest(QStringLiteral(FLAKEOFF_SOURCE_DIR "/variants/sample"));
    RunRequest request;
    request.workspace = QStringLiteral(FLAKEOFF_SOURCE_DIR "/variants/sample");
    request.strategies = {QStringLiteral("deps-split")};
    request.targets = {QStringLiteral("app")};
    request.scenario = *Scenario::builtin(QStringLiteral("quick"));
    request.sessionPath = m_dir.filePath(QStringLiteral("cancel.json"));
    ScenarioRunner runner;
    QSignalSpy finished(&runner, &ScenarioRunner::finished);
    bool building = false;
    connect(&runner, &ScenarioRunner::buildUpdated, this, [&](std::shared_ptr<const BuildReport> r) {
        if (r && r->countWithStatus(BuildStatus::Running) > 0)
            building = true;
    });
    runner.start(request);
    QTRY_VERIFY_WITH_TIMEOUT(building, 120000);
    QTest::qWait(1500);
    runner.cancel();
    QVERIFY(finished.wait(20000));
    const Session s = runner.session();
    QCOMPARE(s.status, Session::Status::Cancelled);
    QVERIFY(!s.measurements.empty());
    QCOMPARE(s.measurements.back().outcome, Measurement::Outcome::Cancelled);
    QVERIFY(s.measurements.back().report->countWithStatus(BuildStatus::Interrupted) >= 1);
    // No scratch copy left, no builder left, the sample untouched.
    QDir scratch(NixEnvironment::flakeoffHome() + QStringLiteral("/scratch"));
    for (const QString &entry : scratch.entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        QVERIFY2(!QFileInfo(scratch.filePath(entry) + QStringLiteral("/.flakeoff-scratch")).exists() ||
                     !entry.startsWith(QStringLiteral("sample-")) ||
                     QFileInfo(scratch.filePath(entry)).lastModified().secsTo(QDateTime::currentDateTime()) >
                         600,
                 qPrintable(entry));
    QProcess pgrep;
    pgrep.start(QStringLiteral("pgrep"), {QStringLiteral("-f"), QStringLiteral("rustc.*sample-deps")});
    pgrep.waitForFinished();
    QVERIFY2(pgrep.readAllStandardOutput().trimmed().isEmpty(), "a builder survived the cancel");
    QCOMPARE(treeDigest(QStringLiteral(FLAKEOFF_SOURCE_DIR "/variants/sample")), before);
    const auto loaded = SessionStore::load(request.sessionPath, nullptr);
    QVERIFY(loaded && loaded->status == Session::Status::Cancelled);
}

void TestRunner::ctrlCInTheCli()
{
    // What a user does at the terminal: Ctrl-C while the deps derivation compiles.
    const QString sample = QStringLiteral(FLAKEOFF_SOURCE_DIR "/variants/sample");
    const QByteArray before = treeDigest(sample);
    const QString sessionPath = m_dir.filePath(QStringLiteral("ctrl-c.json"));
    QProcess cli;
    cli.setProcessChannelMode(QProcess::MergedChannels);
    cli.start(QStringLiteral(FLAKEOFF_CLI_PATH),
              {QStringLiteral("run"), QStringLiteral("--strategies"), QStringLiteral("deps-split"),
               QStringLiteral("--targets"), QStringLiteral("app"), QStringLiteral("--scenario"),
               QStringLiteral("quick"), QStringLiteral("--out"), sessionPath});
    QVERIFY(cli.waitForStarted());
    QByteArray output;
    QTRY_VERIFY_WITH_TIMEOUT((output += cli.readAll()).contains("cold app #1: building"), 120000);
    QTest::qWait(2000);
    ::kill(static_cast<pid_t>(cli.processId()), SIGINT);
    QVERIFY(cli.waitForFinished(30000));
    output += cli.readAll();
    QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
    QVERIFY2(cli.exitCode() == 130, output.constData());
    QVERIFY2(output.contains("cancelling"), output.constData());
    QString error;
    const auto loaded = SessionStore::load(sessionPath, &error);
    QVERIFY2(loaded, qPrintable(error));
    QCOMPARE(loaded->status, Session::Status::Cancelled);
    QVERIFY(!loaded->measurements.empty());
    QCOMPARE(loaded->measurements.back().outcome, Measurement::Outcome::Cancelled);
    QProcess pgrep;
    pgrep.start(QStringLiteral("pgrep"), {QStringLiteral("-f"), QStringLiteral("rustc.*sample-deps")});
    pgrep.waitForFinished();
    QVERIFY2(pgrep.readAllStandardOutput().trimmed().isEmpty(), "a builder survived Ctrl-C");
    QCOMPARE(treeDigest(sample), before);
}

void TestRunner::missingTargetNeverAttempted()
{
    // The registry workspace has a binary and no cdylib: asked for every target, no strategy
    // attempts wasm (per-crate, monolithic and deps-split alike); it is recorded as skipped, why said.
    RunRequest request;
    request.workspace = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/workspaces/registry");
    request.strategies = {QStringLiteral("monolithic"), QStringLiteral("deps-split"),
                          QStringLiteral("per-crate")};
    QString error;
    auto scenario =
        Scenario::load(QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/scenarios/bump.json"), &error);
    QVERIFY2(scenario, qPrintable(error));
    scenario->steps.resize(1); // cold
    request.scenario = *scenario;
    request.sessionPath = m_dir.filePath(QStringLiteral("missing-target.json"));
    ScenarioRunner runner;
    QSignalSpy finished(&runner, &ScenarioRunner::finished);
    runner.start(request);
    QVERIFY(finished.wait(600000));
    const Session s = runner.session();
    QCOMPARE(s.status, Session::Status::Finished);
    const auto catalog = StrategyCatalog::load();
    for (const QString &strategy : request.strategies) {
        int wasm = 0;
        for (const auto &m : s.measurements) {
            if (m.strategy != strategy)
                continue;
            if (m.target == QLatin1String("wasm")) {
                ++wasm;
                QCOMPARE(int(m.outcome), int(Measurement::Outcome::Skipped));
                QCOMPARE(
                    m.error,
                    QStringLiteral(
                        "the workspace has no wasm32 target (no member's [lib] crate-type lists cdylib)"));
                QVERIFY2(!m.report || m.report->builds.empty(), qPrintable(strategy)); // never attempted
                QVERIFY(!QFileInfo::exists(SessionStore::logFolder(request.sessionPath) + QLatin1Char('/') +
                                           m.logFile));
            } else {
                QVERIFY2(m.outcome == Measurement::Outcome::Succeeded,
                         qPrintable(strategy + QStringLiteral(": ") + m.error));
            }
        }
        // per-crate's manifest has no wasm target at all: nothing to skip there.
        const Strategy *manifest = catalog.find(strategy);
        QVERIFY(manifest);
        const bool hasWasm =
            std::any_of(manifest->targets.begin(), manifest->targets.end(),
                        [](const StrategyTarget &t) { return t.id == QLatin1String("wasm"); });
        QCOMPARE(wasm, hasWasm ? 1 : 0);
    }
}

QTEST_GUILESS_MAIN(TestRunner)
#include "tst_runner.moc"
