// SPDX-License-Identifier: MIT
// The four real tools (nixpkgs' buildRustPackage, crane, naersk, cargo2nix) on the separate-crates
// layout, through the scenario runner on real Nix, offline: tests/data/workspaces/small-sample laid
// out as app/, cats/, wasm/ side by side with no workspace (the separate-crates prepare step), app
// and wasm each with its own Cargo.lock (and, for cargo2nix, its own Cargo.nix), each tool's
// separate flake (variants/strategies/<tool>/separate/) built cold for both targets. What each
// tool does there is asserted as measured (README, "The separate-crates layout"): built, or its
// own error; and every manifest's "expect" for the layout must say the same.
//
// Needs the inputs imported (scripts/test.sh does it): without them the suite is skipped with the
// reason, or fails when FLAKEOFF_REQUIRE_REAL_TOOLS is set (CI).
#include "NixRequired.h"
#include "RealTools.h"
#include "SessionLookup.h"
#include "report/LayoutOutcome.h"
#include "session/SessionStore.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace flakeoff;

namespace {
const QString kWorkspace = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/workspaces/small-sample");
const QStringList kTargets = {QStringLiteral("app"), QStringLiteral("wasm")};
constexpr int kRunTimeoutMs = 20 * 60 * 1000;
} // namespace

class TestSeparateLayout : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void everyToolRanEveryTarget();
    void outcomes_data();
    void outcomes();
    void manifestsSayWhatWasMeasured();

private:
    QTemporaryDir m_dir;
    QString m_sessionPath;
    std::optional<Session> m_session;
};

void TestSeparateLayout::initTestCase()
{
    FLAKEOFF_SKIP_WITHOUT_NIX();
    qputenv("FLAKEOFF_CLI", FLAKEOFF_CLI_PATH);
    FLAKEOFF_SKIP_WITHOUT_REAL_TOOLS();
    // Cold only: whether a tool builds this layout at all is the question (the original
    // comparison's), and a cold build answers it.
    Scenario cold = *Scenario::builtin(QStringLiteral("quick"));
    cold.steps.resize(1);
    m_sessionPath = m_dir.filePath(QStringLiteral("separate.json"));
    m_session = testing::runRealTools(kWorkspace, cold, kTargets, m_sessionPath, kRunTimeoutMs,
                                      QStringLiteral("separate"));
    QVERIFY2(m_session->status == Session::Status::Finished, qPrintable(m_session->statusText));
    QVERIFY2(m_session->skipped.empty(), "no tool may be skipped");
}

// Every tool got through its prepare steps (no "not run") and tried both targets, in the
// separate layout, as the session records.
void TestSeparateLayout::everyToolRanEveryTarget()
{
    QVERIFY(m_session);
    QCOMPARE(int(m_session->measurements.size()), 4 * 2);
    for (const auto &m : m_session->measurements) {
        QCOMPARE(m.layout, QStringLiteral("separate"));
        QVERIFY2(m.outcome == Measurement::Outcome::Succeeded || m.outcome == Measurement::Outcome::Failed,
                 qPrintable(m.strategy + QLatin1Char(' ') + m.target + QStringLiteral(": ") + m.error));
        // A failure is a build's (a derivation failed), never a prepare step or an evaluation.
        if (m.outcome == Measurement::Outcome::Failed)
            QVERIFY2(m.report && m.report->countWithStatus(BuildStatus::Failed) == 1,
                     qPrintable(m.strategy + QLatin1Char(' ') + m.target + QStringLiteral(": ") + m.error));
    }
}

void TestSeparateLayout::outcomes_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("target");
    QTest::addColumn<bool>("built");
    // How LayoutOutcome's cause starts: the failed derivation, then its builder's first error line.
    QTest::addColumn<QString>("cause");
    // buildRustPackage, crane, naersk: each copies only the project's folder into the build, so
    // cargo cannot read the path dependency ../cats; cargo's first error line says so.
    for (const char *target : {"app", "wasm"}) {
        const QString t = QString::fromLatin1(target);
        const QString lost =
            QStringLiteral("error: failed to get `cats` as a dependency of package `%1 v0.1.0").arg(t);
        QTest::addRow("buildRustPackage %s", target) << QStringLiteral("build-rust-package") << t << false
                                                     << QStringLiteral("%1-0.1.0 failed: ").arg(t) + lost;
        QTest::addRow("crane %s", target) << QStringLiteral("crane") << t << false
                                          << QStringLiteral("%1-deps-0.1.0 failed: ").arg(t) + lost;
        QTest::addRow("naersk %s", target) << QStringLiteral("naersk") << t << false
                                           << QStringLiteral("%1-deps-0.1.0 failed: ").arg(t) + lost;
    }
    // cargo2nix 0.12: every local crate's source is workspaceSrc, the project's folder (app/ or
    // wasm/), so crate-cats compiles the project's sources under cats' name, whose `use cats::…`
    // cannot resolve.
    for (const char *target : {"app", "wasm"})
        QTest::addRow("cargo2nix %s", target)
            << QStringLiteral("cargo2nix") << QString::fromLatin1(target) << false
            << QStringLiteral(
                   "crate-cats-0.1.0 failed: error[E0433]: failed to resolve: use of undeclared crate or "
                   "module `cats`");
}

void TestSeparateLayout::outcomes()
{
    QVERIFY(m_session);
    QFETCH(QString, strategy);
    QFETCH(QString, target);
    QFETCH(bool, built);
    QFETCH(QString, cause);
    const auto all = LayoutOutcome::of(*m_session);
    const auto it = std::find_if(all.begin(), all.end(), [&](const LayoutOutcome &o) {
        return o.strategy == strategy && o.target == target;
    });
    QVERIFY(it != all.end());
    QVERIFY2(it->built == built, qPrintable(it->sentence()));
    QVERIFY2(it->cause.startsWith(cause), qPrintable(it->sentence()));
    if (built) {
        // What it built works: the binary greets, the module is WebAssembly.
        const Measurement *m = testing::findMeasurement(*m_session, strategy, QStringLiteral("cold"), target);
        QVERIFY(m && !m->outputPaths.isEmpty());
        const QString file =
            target == QLatin1String("app") ? QStringLiteral("/bin/app") : QStringLiteral("/lib/wasm.wasm");
        QVERIFY2(QFile::exists(m->outputPaths.first() + file), qPrintable(m->outputPaths.first()));
    }
}

// Each manifest's "expect" for the separate layout is what the builds showed, and an expected
// failure's message is in the failed build's log.
void TestSeparateLayout::manifestsSayWhatWasMeasured()
{
    QVERIFY(m_session);
    const auto catalog = StrategyCatalog::load();
    for (const LayoutOutcome &o : LayoutOutcome::of(*m_session, &catalog)) {
        QVERIFY2(o.expected && *o.expected == o.built, qPrintable(o.sentence()));
        if (o.built)
            continue;
        const StrategyLayout *layout = catalog.find(o.strategy)->layout(QStringLiteral("separate"));
        const Measurement *m =
            testing::findMeasurement(*m_session, o.strategy, QStringLiteral("cold"), o.target);
        QVERIFY(m);
        QFile log(SessionStore::logFolder(m_sessionPath) + QLatin1Char('/') + m->logFile);
        QVERIFY2(log.open(QIODevice::ReadOnly), qPrintable(log.fileName()));
        const QRegularExpression message(layout->failureMessage);
        QVERIFY2(message.isValid(), qPrintable(layout->failureMessage));
        QVERIFY2(message.match(QString::fromUtf8(log.readAll())).hasMatch(),
                 qPrintable(o.strategy + QStringLiteral(": no match for ") + layout->failureMessage));
    }
}

QTEST_GUILESS_MAIN(TestSeparateLayout)
#include "tst_separatelayout.moc"
