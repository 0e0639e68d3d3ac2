// SPDX-License-Identifier: MIT
// Dependencies for some platforms only, through the four real tools on real Nix, offline (the
// quick scenario: cold, noop, edit-leaf).
// - tests/data/workspaces/platform-deps: every local crate a member; app depends on a path crate
//   and libc under cfg(unix), on a path crate and winapi under cfg(windows), on a path crate for
//   the triple x86_64-unknown-linux-gnu and one under cfg(not(target_arch = "wasm32")). All four
//   build it and the binary names the unix, native and linux crates; cargo2nix, one derivation per
//   crate, builds exactly those (its Cargo.nix kept the conditions) and never the Windows ones,
//   which the other tools vendor (they are in the lock) but do not compile.
// - tests/data/workspaces/features-platforms: member features, optional and renamed dependencies,
//   build and proc-macro dependencies and the same kinds of conditions, with path crates outside
//   the members (libs/). buildRustPackage, crane and naersk build it with the features cargo
//   resolves (the binary prints "hello 44": the default feature turned util's on); cargo2nix 0.12
//   cannot — it builds a path crate that is not a member from the workspace root, whose virtual
//   manifest its builder gives a [features] section — and Flakeoff says so cause first. The
//   workspace has no wasm32 member, so no tool is asked for that target.
//
// Needs the inputs imported, as tst_realtools (scripts/test.sh imports ../shared/inputs).
#include "NixRequired.h"
#include "RealTools.h"
#include "SessionLookup.h"
#include "nix/NixCommandSlot.h"
#include "nix/NixStore.h"

#include <QDir>
#include <QEventLoop>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace flakeoff;

namespace {
const QString kWorkspaces = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/workspaces/");
constexpr int kRunTimeoutMs = 20 * 60 * 1000;

// What the built binary prints.
QString runApp(const Measurement &m, QString *error)
{
    if (m.outputPaths.isEmpty()) {
        *error = QStringLiteral("no output");
        return {};
    }
    QProcess app;
    app.start(m.outputPaths.first() + QStringLiteral("/bin/app"), {});
    if (!app.waitForFinished(10000)) {
        *error = app.errorString();
        return {};
    }
    return QString::fromUtf8(app.readAllStandardOutput()).trimmed();
}
// The valid store path named `name` (no .drv), if the store holds one.
QString validStorePath(const QString &name)
{
    for (const QString &entry :
         QDir(QStringLiteral("/nix/store")).entryList({QStringLiteral("*-") + name}, QDir::Dirs))
        return QStringLiteral("/nix/store/") + entry;
    return {};
}

// What the runner's cold step does to a path: deleted through Nix with what refers to it. The
// Deletion's error when Nix refused, else empty.
QString deleteWithReferrers(QObject *owner, const QString &path)
{
    NixCommandSlot slot(owner, [] { return false; });
    slot.setEnvironment(test::nixEnvironment());
    NixStore store(slot);
    QEventLoop loop;
    std::optional<NixStore::Deletion> deletion;
    store.deleteWithReferrers({path}, [&](const NixStore::Deletion &d) {
        deletion = d;
        loop.quit();
    });
    if (!deletion)
        loop.exec();
    return deletion->error + deletion->kept.join(QStringLiteral(", "));
}
} // namespace

class TestPlatformDeps : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void everyToolBuildsPlatformDeps();
    void whatIsNotTheProjectsIsBuiltBeforeTheColdBuild();
    void rebuildSets_data();
    void rebuildSets();
    void cargo2nixBuildsOnlyThisPlatformsCrates();
    void theOthersVendorTheWindowsCrates();
    void featuresResolvedByThreeTools();
    void cargo2nixFailsOnPathCratesOutsideTheMembers();
    void aTargetTheWorkspaceLacksIsNeverAttempted();

private:
    QTemporaryDir m_dir;
    std::optional<Session> m_platform;
    std::optional<Session> m_features;
};

void TestPlatformDeps::initTestCase()
{
    FLAKEOFF_SKIP_WITHOUT_NIX();
    qputenv("FLAKEOFF_CLI", FLAKEOFF_CLI_PATH);
    FLAKEOFF_SKIP_WITHOUT_REAL_TOOLS();
    const auto quick = Scenario::builtin(QStringLiteral("quick"));
    QVERIFY(quick);
    // What a fresh machine lacks: the stand-in toolchain (deleted with what refers to it), which
    // the runner must build before the first cold build, not in it.
    const QString toolchain = validStorePath(QStringLiteral("auditable-rust-debian-1.63.0"));
    if (!toolchain.isEmpty())
        if (const QString refused = deleteWithReferrers(this, toolchain); !refused.isEmpty())
            QFAIL(qPrintable(toolchain + QStringLiteral(": ") + refused));
    m_platform =
        testing::runRealTools(kWorkspaces + QStringLiteral("platform-deps"), *quick, {QStringLiteral("app")},
                              m_dir.filePath(QStringLiteral("pd.json")), kRunTimeoutMs);
    QVERIFY2(m_platform->status == Session::Status::Finished, qPrintable(m_platform->statusText));
    QCOMPARE(int(m_platform->measurements.size()), 4 * 3);
    m_features = testing::runRealTools(kWorkspaces + QStringLiteral("features-platforms"), *quick,
                                       {QStringLiteral("app"), QStringLiteral("wasm")},
                                       m_dir.filePath(QStringLiteral("fp.json")), kRunTimeoutMs);
    QVERIFY(m_features->status != Session::Status::Running);
    QCOMPARE(int(m_features->measurements.size()), 4 * 3 * 2);
}

void TestPlatformDeps::everyToolBuildsPlatformDeps()
{
    QVERIFY(m_platform);
    for (const auto &m : m_platform->measurements) {
        QVERIFY2(m.outcome == Measurement::Outcome::Succeeded,
                 qPrintable(QStringLiteral("%1 %2: %3").arg(m.strategy, m.step, m.error)));
        QString error;
        QCOMPARE(runApp(m, &error), QStringLiteral("[unix native linux] pid known"));
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
}

void TestPlatformDeps::whatIsNotTheProjectsIsBuiltBeforeTheColdBuild()
{
    QVERIFY(m_platform);
    // The first tool's cold build found the toolchain missing: built before, unmeasured, said.
    const Measurement *first =
        testing::findMeasurement(*m_platform, QStringLiteral("build-rust-package"), QStringLiteral("cold"));
    QVERIFY(first);
    QVERIFY2(first->notes.filter(QStringLiteral("before the cold build, not measured: built ")).size() == 1,
             qPrintable(first->notes.join(QLatin1Char('\n'))));
    for (const auto &m : m_platform->measurements)
        for (const QString &name : testing::builtNames(m))
            QVERIFY2(!name.contains(QLatin1String("rust-debian")),
                     qPrintable(m.strategy + QLatin1Char(' ') + name));
}

void TestPlatformDeps::rebuildSets_data()
{
    testing::addRebuildColumns();
    const auto row = testing::addRebuildRow;
    for (const char *tool : {"build-rust-package", "crane", "naersk", "cargo2nix"})
        row(tool, "noop", "app", "");
    row("build-rust-package", "edit-leaf", "app", "app-0.1.0");
    row("crane", "edit-leaf", "app", "app-0.1.0");
    row("naersk", "edit-leaf", "app", "app-0.1.0");
    // cargo2nix 0.12 gives every member the whole workspace as its source: an edit of the app
    // rebuilds every local crate the app uses (never winonly, which it does not use here).
    row("cargo2nix", "edit-leaf", "app",
        "crate-app-0.1.0 crate-linuxonly-0.1.0 crate-native-0.1.0 crate-unixonly-0.1.0");
}

void TestPlatformDeps::rebuildSets()
{
    QVERIFY(m_platform);
    QFETCH(QString, strategy);
    QFETCH(QString, step);
    QFETCH(QString, target);
    QFETCH(QString, built);
    const Measurement *m = testing::findMeasurement(*m_platform, strategy, step, target);
    QVERIFY(m);
    QCOMPARE(testing::builtNames(*m).join(QLatin1Char(' ')), built);
}

void TestPlatformDeps::cargo2nixBuildsOnlyThisPlatformsCrates()
{
    QVERIFY(m_platform);
    const Measurement *cold =
        testing::findMeasurement(*m_platform, QStringLiteral("cargo2nix"), QStringLiteral("cold"));
    QVERIFY(cold);
    const QStringList built = testing::builtNames(*cold);
    for (const char *crate : {"crate-app-0.1.0", "crate-libc-0.2.139", "crate-linuxonly-0.1.0",
                              "crate-native-0.1.0", "crate-unixonly-0.1.0"})
        QVERIFY2(built.contains(QString::fromLatin1(crate)), qPrintable(built.join(QLatin1Char(' '))));
    for (const QString &name : built)
        QVERIFY2(!name.startsWith(QLatin1String("crate-win")), qPrintable(name));
}

void TestPlatformDeps::theOthersVendorTheWindowsCrates()
{
    QVERIFY(m_platform);
    // Cargo.lock pins every platform's crates; a tool that vendors the lock unpacks winapi too.
    const std::pair<const char *, const char *> unpacked[] = {{"build-rust-package", "winapi-0.3.9"},
                                                              {"crane", "cargo-package-winapi-0.3.9"},
                                                              {"naersk", "unpack-winapi-0.3.9"}};
    for (const auto &[tool, name] : unpacked) {
        const Measurement *cold =
            testing::findMeasurement(*m_platform, QString::fromLatin1(tool), QStringLiteral("cold"));
        QVERIFY(cold);
        QVERIFY2(testing::builtNames(*cold).contains(QString::fromLatin1(name)),
                 qPrintable(testing::builtNames(*cold).join(QLatin1Char(' '))));
    }
}

void TestPlatformDeps::featuresResolvedByThreeTools()
{
    QVERIFY(m_features);
    for (const char *tool : {"build-rust-package", "crane", "naersk"}) {
        for (const char *step : {"cold", "noop", "edit-leaf"}) {
            const Measurement *m = testing::findMeasurement(*m_features, QString::fromLatin1(tool),
                                                            QString::fromLatin1(step), QStringLiteral("app"));
            QVERIFY(m);
            QVERIFY2(m->outcome == Measurement::Outcome::Succeeded, qPrintable(m->error));
            // util::speed() is 2 only with util's "speed", which app's default feature turns on.
            QString error;
            QCOMPARE(runApp(*m, &error), QStringLiteral("hello 44 [unix native linux]"));
        }
        const Measurement *edit = testing::findMeasurement(
            *m_features, QString::fromLatin1(tool), QStringLiteral("edit-leaf"), QStringLiteral("app"));
        QCOMPARE(testing::builtNames(*edit), QStringList{QStringLiteral("app-0.0.0")});
    }
}

void TestPlatformDeps::cargo2nixFailsOnPathCratesOutsideTheMembers()
{
    QVERIFY(m_features);
    for (const char *step : {"cold", "noop", "edit-leaf"}) {
        const Measurement *m = testing::findMeasurement(*m_features, QStringLiteral("cargo2nix"),
                                                        QString::fromLatin1(step), QStringLiteral("app"));
        QVERIFY(m);
        QCOMPARE(m->outcome, Measurement::Outcome::Failed);
        QVERIFY2(m->failureCause().startsWith(
                     QStringLiteral("crate-gen-0.1.0 failed: error: failed to parse manifest at")),
                 qPrintable(m->failureCause()));
        // Why, in the builder's own words (its log's tail).
        QVERIFY(m->report);
        bool said = false;
        for (const auto &b : m->report->builds)
            for (const auto &line : b.lastLines)
                said = said ||
                       line.find("this virtual manifest specifies a [features] section") != std::string::npos;
        QVERIFY(said);
    }
}

void TestPlatformDeps::aTargetTheWorkspaceLacksIsNeverAttempted()
{
    QVERIFY(m_features);
    for (const auto &m : m_features->measurements) {
        if (m.target != QLatin1String("wasm"))
            continue;
        QCOMPARE(m.outcome, Measurement::Outcome::Skipped);
        QVERIFY(!m.report);
        QCOMPARE(
            m.error,
            QStringLiteral("the workspace has no wasm32 target (no member's [lib] crate-type lists cdylib)"));
    }
}

QTEST_GUILESS_MAIN(TestPlatformDeps)
#include "tst_platformdeps.moc"
