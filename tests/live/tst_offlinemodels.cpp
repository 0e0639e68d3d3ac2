// SPDX-License-Identifier: MIT
// The monolithic and deps-split offline models build the sample's app with real Nix: one
// derivation compiles everything (monolithic), or a deps derivation plus a final one that reuses
// its target/ (deps-split); the app runs. (The per-crate model has its own test, tst_percrate.)
#include "NixRequired.h"
#include "log/BuildReport.h"
#include "nix/NixEnvironment.h"
#include "nix/NixOutputParsers.h"
#include "nix/NixProcess.h"

#include <QDateTime>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace flakeoff;

namespace {
const QString kSource = QStringLiteral(FLAKEOFF_SOURCE_DIR);

QStringList builtNames(const BuildReport &r)
{
    QStringList names;
    for (const auto &b : r.builds)
        if (b.status == BuildStatus::Built)
            names << QString::fromStdString(b.name);
    names.sort();
    return names;
}
} // namespace

class TestOfflineModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void buildsAndRuns_data();
    void buildsAndRuns();

private:
    NixRunResult build(const QString &model, const QString &nonce);
    QTemporaryDir m_dir;
    QString m_scratch;
};

void TestOfflineModels::initTestCase()
{
    FLAKEOFF_SKIP_WITHOUT_NIX();
    m_scratch = m_dir.filePath(QStringLiteral("scratch"));
    QProcess p;
    p.start(QStringLiteral("sh"), {kSource + QStringLiteral("/variants/offline/prepare-scratch.sh"),
                                   kSource + QStringLiteral("/variants/sample"), m_scratch});
    QVERIFY(p.waitForFinished(120000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
}

NixRunResult TestOfflineModels::build(const QString &model, const QString &nonce)
{
    NixProcess process;
    process.setEnvironment(test::nixEnvironment());
    QSignalSpy finished(&process, &NixProcess::finished);
    // The dev profile keeps the test short; the nonce makes every project derivation fresh.
    process.start(NixEnvironment::findProgram(QStringLiteral("nix")),
                  {QStringLiteral("build"), QStringLiteral("-f"),
                   kSource + QStringLiteral("/variants/offline/") + model, QStringLiteral("--arg"),
                   QStringLiteral("workspace"), m_scratch, QStringLiteral("--argstr"),
                   QStringLiteral("profile"), QStringLiteral("dev"), QStringLiteral("--arg"),
                   QStringLiteral("extraEnv"), QStringLiteral("{ FLAKEOFF_TEST = \"%1\"; }").arg(nonce),
                   QStringLiteral("app"), QStringLiteral("--json"), QStringLiteral("--no-link"),
                   QStringLiteral("-L"), QStringLiteral("--log-format"), QStringLiteral("internal-json")});
    if (!finished.wait(600000))
        return {};
    return finished.front().front().value<NixRunResult>();
}

void TestOfflineModels::buildsAndRuns_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QStringList>("coldBuilds"); // project derivations a cold build must build
    QTest::addColumn<QStringList>("afterEdit");  // what an edit of app/src/main.rs rebuilds
    QTest::newRow("monolithic") << QStringLiteral("monolithic") << QStringList{QStringLiteral("app-0.1.0")}
                                << QStringList{QStringLiteral("app-0.1.0")};
    QTest::newRow("deps-split") << QStringLiteral("deps-split")
                                << QStringList{QStringLiteral("app-0.1.0"), QStringLiteral("app-deps-0.1.0")}
                                << QStringList{QStringLiteral("app-0.1.0")};
}

void TestOfflineModels::buildsAndRuns()
{
    QFETCH(QString, model);
    QFETCH(QStringList, coldBuilds);
    QFETCH(QStringList, afterEdit);
    const QString nonce = QStringLiteral("%1-%2").arg(model).arg(QDateTime::currentMSecsSinceEpoch());
    const NixRunResult cold = build(model, nonce);
    QVERIFY2(cold.succeeded(), qPrintable(cold.errorText));
    QStringList built = builtNames(*cold.report);
    built.removeAll(QStringLiteral("vendor-debian-crates")); // shared by the models, may exist already
    QCOMPARE(built, coldBuilds);
    // Phases come from the builder's own setPhase events.
    for (const auto &b : cold.report->builds)
        if (b.name == "app-0.1.0")
            QVERIFY2(b.phases.size() >= 3, "unpack/configure/build/install phases reported");

    // The app runs; offline it must fail cleanly on the network, not on linking.
    QString why;
    const auto outputs = NixOutputParsers::buildResult(cold.standardOutput, &why);
    QVERIFY2(outputs && outputs->size() == 1, qPrintable(why));
    QProcess app;
    app.start(outputs->front().outputs.at(QStringLiteral("out")) + QStringLiteral("/bin/app"), QStringList());
    QVERIFY(app.waitForFinished(60000));
    QCOMPARE(app.exitStatus(), QProcess::NormalExit);
    QCOMPARE(app.exitCode(), 1);
    QVERIFY2(app.readAllStandardError().contains("could not fetch a cat"), "the app's own error message");

    // An edit of the app's source: deps-split reuses its deps derivation.
    QFile main(m_scratch + QStringLiteral("/app/src/main.rs"));
    QVERIFY(main.open(QIODevice::Append));
    main.write(QStringLiteral("\n#[allow(dead_code)]\nconst FLAKEOFF_TEST_%1: u32 = 1;\n")
                   .arg(model == QLatin1String("monolithic") ? 1 : 2)
                   .toUtf8());
    main.close();
    const NixRunResult edited = build(model, nonce);
    QVERIFY2(edited.succeeded(), qPrintable(edited.errorText));
    QCOMPARE(builtNames(*edited.report), afterEdit);
    QVERIFY2(*edited.report->wallUs() > 0, "timed");
}

QTEST_GUILESS_MAIN(TestOfflineModels)
#include "tst_offlinemodels.moc"
