// SPDX-License-Identifier: MIT
// The per-crate offline model end to end with real cargo and real Nix: generate the sample's
// flakeoff-crates.nix in a scratch copy, build the native app with one derivation per crate, run
// it, then check what each edit rebuilds. Each run uses a fresh nonce in every crate's
// environment, so the first build is cold; the outputs are deleted again at the end.
#include "NixRequired.h"
#include "log/BuildReport.h"
#include "nix/NixCommandSlot.h"
#include "nix/NixEnvironment.h"
#include "nix/NixOutputParsers.h"
#include "nix/NixProcess.h"
#include "nix/NixStore.h"
#include "strategy/CargoInvoker.h"
#include "strategy/CargoUnitGraph.h"
#include "strategy/PerCrateGenerator.h"

#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace flakeoff;

namespace {
const QString kSource = QStringLiteral(FLAKEOFF_SOURCE_DIR);
const QString kModel = kSource + QStringLiteral("/variants/offline/per-crate/default.nix");

struct Build
{
    bool ok = false;
    QString failure;
    NixRunResult result;
    QStringList built; // names of the derivations built, sorted
    QString appPath;   // the app derivation's output
};

bool appendTo(const QString &path, const QByteArray &text)
{
    QFile f(path);
    return f.open(QIODevice::Append) && f.write(text) == text.size();
}

QString run(const QString &program, const QStringList &args, int *exitCode = nullptr, const QString &cwd = {})
{
    QProcess p;
    p.setProcessEnvironment(test::nixEnvironment());
    if (!cwd.isEmpty())
        p.setWorkingDirectory(cwd);
    p.start(program, args);
    p.waitForFinished(120000); // a test may block; the app never does
    if (exitCode)
        *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
}
} // namespace

class TestPerCrate : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void generate();
    void coldBuild();
    void appRuns();
    void noChangeBuildsNothing();
    void editAppRebuildsApp();
    void editCatsRebuildsCatsAndApp();
    void featureRebuildsDependents();
    void cleanupTestCase();

private:
    Build nixBuild(int timeoutMs = 300000);
    bool regenerate(QString *error);

    QTemporaryDir m_dir;
    QString m_workspace;
    QString m_nonce;
    int m_expectedCrates = 0;
    QString m_appPath;
    QSet<QString> m_drvs; // every derivation built here, for the clean-up
};

void TestPerCrate::initTestCase()
{
    FLAKEOFF_SKIP_WITHOUT_NIX();
    if (CargoInvoker::findCargo().isEmpty())
        QSKIP("no cargo here (rustup's toolchain is needed for the unit graph)");
    QVERIFY(m_dir.isValid());
    m_workspace = m_dir.filePath(QStringLiteral("ws"));
    int code = -1;
    const QString out = run(QStringLiteral("/bin/sh"),
                            {kSource + QStringLiteral("/variants/offline/prepare-scratch.sh"),
                             kSource + QStringLiteral("/variants/sample"), m_workspace},
                            &code);
    if (code != 0)
        QSKIP(qPrintable(
            QStringLiteral("cannot prepare the scratch copy (Debian crate sources installed?): ") + out));
    m_nonce = QStringLiteral("percrate-%1-%2")
                  .arg(QDateTime::currentMSecsSinceEpoch())
                  .arg(QRandomGenerator::global()->generate());
}

bool TestPerCrate::regenerate(QString *error)
{
    CargoInvoker invoker;
    QSignalSpy finished(&invoker, &CargoInvoker::finished);
    QSignalSpy failed(&invoker, &CargoInvoker::failed);
    CargoRequest request;
    request.workspace = m_workspace;
    request.packages = {QStringLiteral("app")};
    invoker.start(request);
    if (!finished.wait(120000) || !failed.isEmpty()) {
        *error =
            failed.isEmpty() ? QStringLiteral("cargo did not finish") : failed.front().front().toString();
        return false;
    }
    const auto outputs = finished.front().front().value<CargoOutputs>();

    // Expected: one derivation per crate among the unit graph's libraries, proc-macros and binaries.
    QString parseError;
    const auto graph = CargoUnitGraph::parse(outputs.unitGraphJson, parseError);
    if (!graph) {
        *error = parseError;
        return false;
    }
    QSet<QString> crates;
    for (const Unit &u : graph->units())
        if (u.mode == QLatin1String("build") && !u.isBuildScriptCompile() && (u.isLibrary() || u.isBin()))
            crates.insert(u.pkgId);
    m_expectedCrates = static_cast<int>(crates.size());

    const PerCrateResult result =
        PerCrateGenerator::generate(outputs.metadataJson, outputs.unitGraphJson, outputs.rustcVerbose);
    if (!result.ok()) {
        *error = result.error;
        return false;
    }
    if (result.crateCount != m_expectedCrates) {
        *error = QStringLiteral("%1 crate steps for %2 crates").arg(result.crateCount).arg(m_expectedCrates);
        return false;
    }
    QFile f(QDir(m_workspace).filePath(QStringLiteral("flakeoff-crates.nix")));
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(result.nix) != result.nix.size()) {
        *error = QStringLiteral("cannot write ") + f.fileName();
        return false;
    }
    qInfo("generated %d crates (%d build scripts, %d proc-macros); cargo took %lld ms", result.crateCount,
          result.buildScriptCount, result.procMacroCount, static_cast<long long>(outputs.elapsedMs));
    return true;
}

Build TestPerCrate::nixBuild(int timeoutMs)
{
    NixProcess process;
    process.setEnvironment(test::nixEnvironment());
    QSignalSpy finished(&process, &NixProcess::finished);
    QSignalSpy failed(&process, &NixProcess::failedToStart);
    process.start(NixEnvironment::findProgram(QStringLiteral("nix")),
                  {QStringLiteral("build"), QStringLiteral("-f"), kModel, QStringLiteral("app"),
                   QStringLiteral("--arg"), QStringLiteral("workspace"), m_workspace, QStringLiteral("--arg"),
                   QStringLiteral("extraEnv"), QStringLiteral("{ FLAKEOFF_NONCE = \"%1\"; }").arg(m_nonce),
                   QStringLiteral("-j"), QStringLiteral("auto"), QStringLiteral("--log-format"),
                   QStringLiteral("internal-json"), QStringLiteral("--no-link"), QStringLiteral("--json")});
    Build build;
    if (!finished.wait(timeoutMs)) {
        build.failure = failed.isEmpty() ? QStringLiteral("nix build did not finish in time")
                                         : failed.front().front().toString();
        process.cancel();
        return build;
    }
    build.result = finished.front().front().value<NixRunResult>();
    if (!build.result.succeeded()) {
        build.failure = build.result.errorText;
        for (const auto &b : build.result.report->builds)
            if (b.status == BuildStatus::Failed)
                for (const auto &line : b.lastLines)
                    build.failure += QStringLiteral("\n  ") + QString::fromStdString(line);
        return build;
    }
    for (const auto &b : build.result.report->builds) {
        m_drvs.insert(QString::fromStdString(b.drvPath));
        if (b.status == BuildStatus::Built)
            build.built << QString::fromStdString(b.name);
    }
    build.built.sort();
    QString error;
    const auto outputs = NixOutputParsers::buildResult(build.result.standardOutput, &error);
    if (!outputs || outputs->size() != 1 || !outputs->front().outputs.count(QStringLiteral("out"))) {
        build.failure = QStringLiteral("unexpected `nix build --json` output: ") + error;
        return build;
    }
    build.appPath = outputs->front().outputs.at(QStringLiteral("out"));
    m_drvs.insert(outputs->front().drvPath);
    build.ok = true;
    qInfo("built %lld derivations in %.1f s", static_cast<long long>(build.built.size()),
          static_cast<double>(build.result.wallUs) / 1e6);
    return build;
}

void TestPerCrate::generate()
{
    QString error;
    QVERIFY2(regenerate(&error), qPrintable(error));
    QVERIFY(m_expectedCrates > 1);
}

void TestPerCrate::coldBuild()
{
    const Build build = nixBuild();
    QVERIFY2(build.ok, qPrintable(build.failure));
    // One real derivation per crate, each named like cargo2nix's, each showing its phases.
    QCOMPARE(static_cast<int>(build.built.size()), m_expectedCrates);
    for (const QString &name : build.built)
        QVERIFY2(name.startsWith(QStringLiteral("crate-")), qPrintable(name));
    QVERIFY(build.built.contains(QStringLiteral("crate-app-0.1.0")));
    QVERIFY(build.built.contains(QStringLiteral("crate-cats-0.1.0")));
    QCOMPARE(build.result.report->countWithStatus(BuildStatus::Failed), 0);
    for (const auto &b : build.result.report->builds) {
        QStringList phases;
        for (const auto &p : b.phases)
            phases << QString::fromStdString(p.name);
        QCOMPARE(phases, (QStringList{QStringLiteral("configurePhase"), QStringLiteral("buildPhase"),
                                      QStringLiteral("installPhase")}));
    }
    m_appPath = build.appPath;
}

void TestPerCrate::appRuns()
{
    if (m_appPath.isEmpty())
        QSKIP("no app was built");
    const QString app = m_appPath + QStringLiteral("/bin/app");
    QVERIFY(QFileInfo(app).isExecutable());
    QProcess p;
    p.start(app, {});
    QVERIFY(p.waitForFinished(60000));
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QVERIFY2(!err.contains(QStringLiteral("panicked")) &&
                 !err.contains(QStringLiteral("error while loading shared libraries")),
             qPrintable(err));
    // Offline the request fails with the app's own message; with a network it prints a URL.
    if (p.exitCode() == 0)
        QVERIFY2(out.startsWith(QStringLiteral("http")), qPrintable(out));
    else
        QVERIFY2(p.exitCode() == 1 && err.startsWith(QStringLiteral("app: could not fetch a cat: ")),
                 qPrintable(err));

    // The binary does not keep its dependencies' store paths alive.
    int code = -1;
    const QString refs = run(NixEnvironment::findProgram(QStringLiteral("nix-store")),
                             {QStringLiteral("-q"), QStringLiteral("--references"), m_appPath}, &code);
    QCOMPARE(code, 0);
    QVERIFY2(!refs.contains(QStringLiteral("crate-")), qPrintable(refs));
}

void TestPerCrate::noChangeBuildsNothing()
{
    const Build build = nixBuild();
    QVERIFY2(build.ok, qPrintable(build.failure));
    QCOMPARE(build.built, QStringList());
    QVERIFY(build.result.report->builds.empty());
}

void TestPerCrate::editAppRebuildsApp()
{
    QVERIFY(
        appendTo(QDir(m_workspace).filePath(QStringLiteral("app/src/main.rs")), "\n// flakeoff: edit app\n"));
    const Build build = nixBuild();
    QVERIFY2(build.ok, qPrintable(build.failure));
    QCOMPARE(build.built, QStringList{QStringLiteral("crate-app-0.1.0")});
}

void TestPerCrate::editCatsRebuildsCatsAndApp()
{
    QVERIFY(appendTo(QDir(m_workspace).filePath(QStringLiteral("cats/src/lib.rs")),
                     "\n// flakeoff: edit cats\n"));
    const Build build = nixBuild();
    QVERIFY2(build.ok, qPrintable(build.failure));
    QCOMPARE(build.built,
             (QStringList{QStringLiteral("crate-app-0.1.0"), QStringLiteral("crate-cats-0.1.0")}));
}

void TestPerCrate::featureRebuildsDependents()
{
    // tokio gains `fs`: tokio and what depends on it get new identities, nothing else. app's own
    // manifest is edited, so app's source changes too (it would rebuild anyway).
    const QString manifest = QDir(m_workspace).filePath(QStringLiteral("app/Cargo.toml"));
    QFile f(manifest);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QByteArray text = f.readAll();
    f.close();
    QVERIFY(text.contains("tokio.workspace = true"));
    text.replace("tokio.workspace = true", "tokio = { workspace = true, features = [\"fs\"] }");
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text);
    f.close();
    QString error;
    QVERIFY2(regenerate(&error), qPrintable(error));

    const Build build = nixBuild();
    QVERIFY2(build.ok, qPrintable(build.failure));
    const QStringList expected{
        QStringLiteral("crate-app-0.1.0"),       QStringLiteral("crate-cats-0.1.0"),
        QStringLiteral("crate-h2-0.3.13"),       QStringLiteral("crate-hyper-0.14.19"),
        QStringLiteral("crate-hyper-tls-0.5.0"), QStringLiteral("crate-reqwest-0.11.13"),
        QStringLiteral("crate-tokio-1.24.2"),    QStringLiteral("crate-tokio-native-tls-0.3.0"),
        QStringLiteral("crate-tokio-util-0.7.3")};
    QCOMPARE(build.built, expected);
}

void TestPerCrate::cleanupTestCase()
{
    // Frees the store of this run's crates (their nonce makes them useless to anyone else) as the
    // runner's cold step does: through Nix, whichever store it is (a daemon's too).
    if (m_drvs.isEmpty())
        return;
    NixCommandSlot slot(this, [] { return false; });
    slot.setEnvironment(test::nixEnvironment());
    NixStore store(slot);
    QEventLoop loop;
    std::optional<NixStore::Deletion> deletion;
    store.existingOutputs(m_drvs.values(), [&](const QStringList &outputs) {
        store.deleteWithReferrers(outputs, [&](const NixStore::Deletion &d) {
            deletion = d;
            loop.quit();
        });
    });
    if (!deletion) // nothing to delete is answered at once
        loop.exec();
    if (!deletion->error.isEmpty())
        qWarning("could not delete this run's outputs: %s", qPrintable(deletion->error.left(500)));
}

QTEST_GUILESS_MAIN(TestPerCrate)
#include "tst_percrate.moc"
