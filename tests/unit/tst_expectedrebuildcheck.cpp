// SPDX-License-Identifier: MIT
// The manifests' expectedRebuilds held against real builds: the bundled comparison's session
// (docs/bundled-comparison/standard-app.json: the four real tools and the three models, every
// step of the standard scenario, three builds each) agrees cell by cell, and each way a build can
// differ from its manifest (a role kept that must rebuild, a role rebuilt that must be kept, a
// derivation no expectation allows, in one build of three) is found and said; cells that cannot
// be checked say why.
#include "predict/ExpectedRebuildCheck.h"
#include "session/SessionStore.h"
#include "strategy/StrategyCatalog.h"
#include "strategy/WorkspaceInfo.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace flakeoff;

namespace {
const QString kBundled = QStringLiteral(FLAKEOFF_SOURCE_DIR "/docs/bundled-comparison/standard-app.json");
const QString kSample = QStringLiteral(FLAKEOFF_SOURCE_DIR "/variants/sample");

// The bundled sample's members as `cargo metadata --no-deps` gives them (no lock: offline the
// lock is made in the scratch copy only).
WorkspaceInfo sampleWorkspace()
{
    WorkspaceInfo w;
    for (const char *name : {"app", "cats", "wasm"})
        w.members.push_back({QString::fromLatin1(name),
                             QStringLiteral("0.1.0"),
                             QString::fromLatin1(name),
                             {},
                             {},
                             false,
                             {}});
    return w;
}

// Adds `add` to, and removes `remove` from, what the measured builds of a cell built (`only`:
// that repetition alone, else every one).
void rebuild(Session &s, const QString &strategy, const QString &step, const QStringList &add,
             const QStringList &remove, int only = -1)
{
    for (auto &m : s.measurements) {
        if (m.strategy != strategy || m.step != step || m.warmup || (only >= 0 && m.repetition != only))
            continue;
        auto report = std::make_shared<BuildReport>(*m.report);
        auto &builds = report->builds;
        builds.erase(
            std::remove_if(builds.begin(), builds.end(),
                           [&](const auto &b) { return remove.contains(QString::fromStdString(b.name)); }),
            builds.end());
        for (const QString &name : add) {
            DerivationBuild b;
            b.name = name.toStdString();
            b.drvPath = "/nix/store/00000000000000000000000000000000-" + b.name + ".drv";
            b.status = BuildStatus::Built;
            builds.push_back(b);
        }
        m.report = report;
    }
}

const ExpectationCell *cell(const ExpectedRebuildCheck &check, const QString &strategy, const QString &step)
{
    for (const auto &c : check.cells)
        if (c.strategy == strategy && c.step == step)
            return &c;
    return nullptr;
}
} // namespace

class TestExpectedRebuildCheck : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void bundledComparisonAgrees_data();
    void bundledComparisonAgrees();
    void differences_data();
    void differences();
    void notChecked_data();
    void notChecked();
    void json();
    void commandLine_data();
    void commandLine();

private:
    std::optional<Session> m_session;
    StrategyCatalog m_catalog = StrategyCatalog::load();
    WorkspaceInfo m_workspace = sampleWorkspace();
};

void TestExpectedRebuildCheck::initTestCase()
{
    QString error;
    m_session = SessionStore::load(kBundled, &error);
    QVERIFY2(m_session, qPrintable(error));
    QVERIFY2(m_catalog.errors().isEmpty(), qPrintable(m_catalog.errors().join(QLatin1Char('\n'))));
}

void TestExpectedRebuildCheck::bundledComparisonAgrees_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("cells");
    // Seven strategies × six steps after the cold one; the per-crate model has no wasm target.
    QTest::newRow("target app") << kBundled << 7 * 6;
    QTest::newRow("target wasm") << QStringLiteral(FLAKEOFF_SOURCE_DIR
                                                   "/docs/bundled-comparison/standard-wasm.json")
                                 << 6 * 6;
}

void TestExpectedRebuildCheck::bundledComparisonAgrees()
{
    QFETCH(QString, file);
    QFETCH(int, cells);
    QString error;
    const auto session = SessionStore::load(file, &error);
    QVERIFY2(session, qPrintable(error));
    const auto check = ExpectedRebuildCheck::check(*session, m_catalog, m_workspace);
    QCOMPARE(int(check.cells.size()), cells);
    for (const auto &c : check.cells) {
        const QString where =
            QStringLiteral("%1 %2 %3: %4 %5")
                .arg(c.strategy, c.step, c.target, c.findings.join(QStringLiteral("; ")), c.note);
        QVERIFY2(c.verdict == ExpectationCell::Verdict::Agrees, qPrintable(where));
        QCOMPARE(c.builds, 3);
        QVERIFY2(c.note.isEmpty(), qPrintable(where));
    }
    QCOMPARE(check.agreeing(), cells);
    QCOMPARE(check.differing(), 0);
    QCOMPARE(check.unchecked(), 0);
}

void TestExpectedRebuildCheck::differences_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("step");
    QTest::addColumn<QStringList>("add");
    QTest::addColumn<QStringList>("remove");
    QTest::addColumn<int>("only");
    QTest::addColumn<QString>("finding");
    const auto row = [](const char *name, const char *strategy, const char *step, const char *add,
                        const char *remove, int only, const char *finding) {
        const auto list = [](const char *names) {
            return QString::fromUtf8(names).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        };
        QTest::newRow(name) << QString::fromUtf8(strategy) << QString::fromUtf8(step) << list(add)
                            << list(remove) << only << QString::fromUtf8(finding);
    };
    row("crane: the final kept", "crane", "edit-leaf", "", "app-0.1.0", -1,
        "kept, expected to rebuild (final:app): app-0.1.0");
    row("crane: the deps rebuilt on an edit", "crane", "edit-leaf", "app-deps-0.1.0", "", -1,
        "rebuilt, expected kept: app-deps-0.1.0");
    row("naersk: the vendored registry rebuilt on a docs touch", "naersk", "touch-docs",
        "crates-io-dependencies", "", -1, "rebuilt, expected kept: crates-io-dependencies");
    row("buildRustPackage: a derivation of no role", "build-rust-package", "noop", "mystery", "", -1,
        "rebuilt, not expected: mystery (no role in the manifest)");
    row("buildRustPackage: a download on a no-op", "build-rust-package", "noop", "crate-serde-1.0.152.tar.gz",
        "", -1, "rebuilt, expected kept: crate-serde-1.0.152.tar.gz");
    row("cargo2nix: a member kept (member:{crate} per member)", "cargo2nix", "edit-leaf", "",
        "crate-cats-0.1.0", -1, "kept, expected to rebuild (member:cats): crate-cats-0.1.0");
    row("cargo2nix: a registry crate on a no-op (crate:*, not a member)", "cargo2nix", "noop",
        "crate-serde-1.0.152", "", -1, "rebuilt, expected kept: crate-serde-1.0.152");
    row("per-crate: the bumped crate kept ({bumped} is tokio)", "per-crate", "bump-dependency", "",
        "crate-tokio-1.24.2", -1, "kept, expected to rebuild (crate:tokio): crate-tokio-1.24.2");
    row("deps-split: the deps kept on an edit of the Nix expression", "deps-split", "edit-nix", "",
        "app-deps-0.1.0", -1, "kept, expected to rebuild (deps:app): app-deps-0.1.0");
    row("monolithic: one build of three differs", "monolithic", "touch-docs", "", "app-0.1.0", 1,
        "kept, expected to rebuild (final:app): app-0.1.0 (build 2 of 3)");
}

void TestExpectedRebuildCheck::differences()
{
    QFETCH(QString, strategy);
    QFETCH(QString, step);
    QFETCH(QStringList, add);
    QFETCH(QStringList, remove);
    QFETCH(int, only);
    QFETCH(QString, finding);
    Session s = *m_session;
    rebuild(s, strategy, step, add, remove, only);
    const auto check = ExpectedRebuildCheck::check(s, m_catalog, m_workspace);
    const ExpectationCell *c = cell(check, strategy, step);
    QVERIFY(c);
    QCOMPARE(ExpectationCell::verdictName(c->verdict), QStringLiteral("differs"));
    QCOMPARE(c->findings, QStringList{finding});
    QCOMPARE(check.differing(), 1); // no other cell moved
    QCOMPARE(check.agreeing(), 41);
}

void TestExpectedRebuildCheck::notChecked_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("step");
    QTest::addColumn<QString>("note");
    const auto row = [](const char *name, const char *change, const char *strategy, const char *step,
                        const char *note) {
        QTest::newRow(name) << QString::fromUtf8(change) << QString::fromUtf8(strategy)
                            << QString::fromUtf8(step) << QString::fromUtf8(note);
    };
    row("no cold build", "no-cold", "crane", "noop",
        "no successful cold build of crane for app in the session: it tells which derivations the target "
        "has");
    row("every build failed", "failed", "crane", "edit-leaf", "3 failed build(s) not checked");
    row("separate layout", "separate", "naersk", "noop",
        "the manifest's expectations are for the workspace layout, not separate");
    row("unknown strategy", "unknown", "mystery", "noop", "no strategy mystery in this Flakeoff's variants/");
    row("a step the manifests know nothing of", "edit-file", "crane", "touch-docs",
        "the manifest expects nothing of a step of kind edit-file");
}

void TestExpectedRebuildCheck::notChecked()
{
    QFETCH(QString, change);
    QFETCH(QString, strategy);
    QFETCH(QString, step);
    QFETCH(QString, note);
    Session s = *m_session;
    if (change == QLatin1String("no-cold")) {
        s.measurements.erase(std::remove_if(s.measurements.begin(), s.measurements.end(),
                                            [](const auto &m) {
                                                return m.strategy == QLatin1String("crane") &&
                                                       m.step == QLatin1String("cold");
                                            }),
                             s.measurements.end());
    } else if (change == QLatin1String("failed")) {
        for (auto &m : s.measurements)
            if (m.strategy == strategy && m.step == step)
                m.outcome = Measurement::Outcome::Failed;
    } else if (change == QLatin1String("separate")) {
        for (auto &m : s.measurements)
            if (m.strategy == strategy)
                m.layout = QStringLiteral("separate");
    } else if (change == QLatin1String("unknown")) {
        for (auto &m : s.measurements)
            if (m.strategy == QLatin1String("crane"))
                m.strategy = strategy;
        s.strategies.replace(s.strategies.indexOf(QStringLiteral("crane")), strategy);
    } else if (change == QLatin1String("edit-file")) {
        for (auto &st : s.scenario.steps)
            if (st.id == step)
                st.kind = ScenarioStep::Kind::EditFile;
    }
    const auto check = ExpectedRebuildCheck::check(s, m_catalog, m_workspace);
    const ExpectationCell *c = cell(check, strategy, step);
    QVERIFY(c);
    QCOMPARE(ExpectationCell::verdictName(c->verdict), QStringLiteral("not checked"));
    QCOMPARE(c->note, note);
    QVERIFY(c->findings.isEmpty());
    QCOMPARE(check.differing(), 0);
}

void TestExpectedRebuildCheck::json()
{
    Session s = *m_session;
    rebuild(s, QStringLiteral("crane"), QStringLiteral("edit-leaf"), {QStringLiteral("app-deps-0.1.0")}, {});
    const auto j = ExpectedRebuildCheck::check(s, m_catalog, m_workspace).toJson();
    QCOMPARE(j.at("agreeing").get<int>(), 41);
    QCOMPARE(j.at("differing").get<int>(), 1);
    QCOMPARE(j.at("unchecked").get<int>(), 0);
    QCOMPARE(j.at("cells").size(), std::size_t(42));
    for (const auto &c : j.at("cells")) {
        if (c.at("strategy") != "crane" || c.at("step") != "edit-leaf")
            continue;
        QCOMPARE(c.at("verdict").get<std::string>(), std::string("differs"));
        QCOMPARE(c.at("target").get<std::string>(), std::string("app"));
        QCOMPARE(c.at("builds").get<int>(), 3);
        QCOMPARE(c.at("findings").at(0).get<std::string>(),
                 std::string("rebuilt, expected kept: app-deps-0.1.0"));
    }
}

// `flakeoff-cli expectations` as a user runs it: the sample's members read by cargo metadata.
void TestExpectedRebuildCheck::commandLine_data()
{
    QTest::addColumn<QString>("session"); // bundled, differs, moved (workspace gone), corrupt, none
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("out");
    QTest::addColumn<QString>("err");
    const QStringList sample{QStringLiteral("--workspace"), kSample};
    const auto row = [](const char *name, const char *session, const QStringList &options, int exitCode,
                        const char *out, const char *err) {
        QTest::newRow(name) << QString::fromUtf8(session) << options << exitCode << QString::fromUtf8(out)
                            << QString::fromUtf8(err);
    };
    row("agrees", "bundled", sample, 0, "42 of 42 cells agree, 0 differ, 0 not checked", "");
    row("differs", "differs", sample, 3,
        "crane                edit-leaf        app     differs      3\n"
        "    rebuilt, expected kept: app-deps-0.1.0\n",
        "");
    row("json", "differs", sample + QStringList{QStringLiteral("--json")}, 3, "\"differing\": 1", "");
    row("workspace given, missing", "bundled",
        {QStringLiteral("--workspace"), QStringLiteral("/nonexistent/ws")}, 1, "",
        "flakeoff-cli expectations: cannot read the session's workspace /nonexistent/ws: ");
    row("the session's workspace moved", "moved", {}, 1, "", "(give --workspace DIR): ");
    row("corrupt session", "corrupt", sample, 1, "", "flakeoff-cli expectations: ");
    row("no session", "none", sample, 2, "", "flakeoff-cli expectations: give one session file");
}

void TestExpectedRebuildCheck::commandLine()
{
    QFETCH(QString, session);
    QFETCH(QStringList, options);
    QFETCH(int, exitCode);
    QFETCH(QString, out);
    QFETCH(QString, err);
    QTemporaryDir dir;
    QStringList args{QStringLiteral("expectations")};
    QString error;
    if (session == QLatin1String("bundled")) {
        args << kBundled;
    } else if (session == QLatin1String("differs") || session == QLatin1String("moved")) {
        Session s = *m_session;
        if (session == QLatin1String("differs"))
            rebuild(s, QStringLiteral("crane"), QStringLiteral("edit-leaf"),
                    {QStringLiteral("app-deps-0.1.0")}, {});
        else
            s.workspace = dir.filePath(QStringLiteral("gone"));
        const QString path = dir.filePath(QStringLiteral("s.json"));
        QVERIFY2(SessionStore::save(s, path, &error), qPrintable(error));
        args << path;
    } else if (session == QLatin1String("corrupt")) {
        QFile f(dir.filePath(QStringLiteral("s.json")));
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write("{\"schema\": ") > 0);
        f.close();
        args << f.fileName();
    }
    args << options;
    QProcess p;
    p.start(QStringLiteral(FLAKEOFF_CLI_PATH), args);
    QVERIFY(p.waitForFinished(60000));
    const QString stdOut = QString::fromUtf8(p.readAllStandardOutput());
    const QString stdErr = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(p.exitCode() == exitCode,
             qPrintable(QStringLiteral("exit %1\n%2%3").arg(p.exitCode()).arg(stdOut, stdErr)));
    QVERIFY2(stdOut.contains(out), qPrintable(stdOut));
    QVERIFY2(stdErr.contains(err), qPrintable(stdErr));
    if (options.contains(QStringLiteral("--json"))) {
        const auto j = nlohmann::json::parse(stdOut.toStdString());
        QCOMPARE(j.at("agreeing").get<int>(), 41);
    }
}

QTEST_GUILESS_MAIN(TestExpectedRebuildCheck)
#include "tst_expectedrebuildcheck.moc"
