// SPDX-License-Identifier: MIT
// Rebuild prediction on real Nix: the three offline layout models on a small workspace
// (tests/data/predict/workspace: app → shared → smallvec from Debian's sources), predicted by
// evaluation only, then really run by the scenario runner: the predicted set of every step is the
// set the run built, and a second prediction priced with the run's times takes each derivation's
// time from the newest build of it. Evaluation errors come with Nix's message.
#include "NixRequired.h"
#include "predict/PredictionComparison.h"
#include "predict/RebuildPredictor.h"
#include "scenario/ScenarioRunner.h"
#include "session/SessionStore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <functional>

using namespace flakeoff;

namespace {
const QString kWorkspace = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/predict/workspace");
const QString kScenario = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/predict/scenario.json");

QStringList list(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *i : items)
        out << QString::fromUtf8(i);
    return out;
}

PredictRequest request()
{
    PredictRequest r;
    r.workspace = kWorkspace;
    r.strategies = list({"monolithic", "deps-split", "per-crate"});
    r.targets = list({"app"});
    QString error;
    r.scenario = *Scenario::load(kScenario, &error);
    return r;
}

std::optional<Prediction> predict(const PredictRequest &r, const BuildHistory &history = {},
                                  qint64 *ms = nullptr)
{
    RebuildPredictor predictor;
    QSignalSpy finished(&predictor, &RebuildPredictor::finished);
    QElapsedTimer clock;
    clock.start();
    predictor.start(r, history);
    if (!finished.wait(120000))
        return std::nullopt;
    if (ms)
        *ms = clock.elapsed();
    return predictor.prediction();
}

// The newest measured build of the same .drv (in any strategy: vendor-debian-crates is shared),
// else of `name` in `strategy`, as BuildHistory documents.
std::optional<std::int64_t> newestDuration(const Session &run, const QString &strategy,
                                           const QString &drvPath, const QString &name)
{
    auto newest = [&run](const std::function<bool(const Measurement &, const DerivationBuild &)> &matches) {
        std::optional<std::int64_t> out;
        QDateTime when;
        for (const auto &m : run.measurements)
            if (m.report)
                for (const auto &b : m.report->builds)
                    if (b.status == BuildStatus::Built && matches(m, b) && (!out || !(m.startedAt < when))) {
                        out = b.durationUs();
                        when = m.startedAt;
                    }
        return out;
    };
    if (const auto byPath = newest([&](const Measurement &, const DerivationBuild &b) {
            return QString::fromStdString(b.drvPath) == drvPath;
        }))
        return byPath;
    return newest([&](const Measurement &m, const DerivationBuild &b) {
        return m.strategy == strategy && QString::fromStdString(b.name) == name;
    });
}
} // namespace

class TestPredict : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void predictedSetsAreBuiltSets_data();
    void predictedSetsAreBuiltSets();
    void evaluationErrorsCarryNixsMessage();
    void brokenStrategyIsAnErrorNotAnEmptyPrediction();
    void ctrlCInTheCli();

private:
    void predictAndRun();
    QTemporaryDir m_dir;
    std::optional<Prediction> m_prediction; // before the run, unpriced
    std::optional<Session> m_run;
    std::optional<Prediction> m_priced; // after the run, priced with it
    std::optional<PredictionComparison> m_comparison;
};

void TestPredict::initTestCase()
{
    FLAKEOFF_SKIP_WITHOUT_NIX();
    qputenv("FLAKEOFF_CLI", FLAKEOFF_CLI_PATH);
}

void TestPredict::predictAndRun()
{
    qint64 predictMs = 0;
    m_prediction = predict(request(), {}, &predictMs);
    QVERIFY(m_prediction);
    QCOMPARE(m_prediction->steps.size(), std::size_t{3 * 8});
    QVERIFY(m_prediction->skipped.empty());

    RunRequest run;
    run.workspace = kWorkspace;
    run.strategies = request().strategies;
    run.targets = request().targets;
    run.scenario = request().scenario;
    run.sessionPath = m_dir.filePath(QStringLiteral("run.json"));
    ScenarioRunner runner;
    QSignalSpy finished(&runner, &ScenarioRunner::finished);
    QElapsedTimer clock;
    clock.start();
    runner.start(run);
    QVERIFY(finished.wait(300000));
    const qint64 runMs = clock.elapsed();
    m_run = runner.session();
    qInfo("predicted in %lld ms, built in %lld ms: %.1f%%", predictMs, runMs,
          100.0 * static_cast<double>(predictMs) / static_cast<double>(runMs));
    m_comparison = PredictionComparison::compare(*m_prediction, *m_run);

    BuildHistory history;
    history.add(*m_run, QStringLiteral("run.json"));
    m_priced = predict(request(), history);
    QVERIFY(m_priced);
    // The session keeps the prediction.
    Session stored = *m_run;
    stored.prediction = m_priced;
    QString error;
    QVERIFY2(SessionStore::save(stored, m_dir.filePath(QStringLiteral("both.json")), &error),
             qPrintable(error));
    const auto back = SessionStore::load(m_dir.filePath(QStringLiteral("both.json")), &error);
    QVERIFY2(back && back->prediction, qPrintable(error));
    QCOMPARE(back->prediction->steps.size(), m_priced->steps.size());
}

void TestPredict::predictedSetsAreBuiltSets_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("step");
    QTest::addColumn<QStringList>("rebuilt"); // what the layout implies (variants/offline/README.md)
    const QStringList none;
    const QStringList mono = list({"app-0.3.0"});
    QTest::newRow("monolithic cold") << "monolithic"
                                     << "cold" << list({"app-0.3.0", "vendor-debian-crates"});
    QTest::newRow("monolithic noop") << "monolithic"
                                     << "noop" << none;
    QTest::newRow("monolithic edit-leaf") << "monolithic"
                                          << "edit-leaf" << mono;
    QTest::newRow("monolithic edit-shared") << "monolithic"
                                            << "edit-shared" << mono;
    QTest::newRow("monolithic bump-dependency") << "monolithic"
                                                << "bump-dependency" << mono;
    QTest::newRow("monolithic edit-nix") << "monolithic"
                                         << "edit-nix" << mono;
    QTest::newRow("monolithic touch-docs") << "monolithic"
                                           << "touch-docs" << mono; // README.md is in its source
    const QStringList split = list({"app-0.3.0", "app-deps-0.3.0"});
    QTest::newRow("deps-split cold") << "deps-split"
                                     << "cold"
                                     << list({"app-0.3.0", "app-deps-0.3.0", "vendor-debian-crates"});
    QTest::newRow("deps-split noop") << "deps-split"
                                     << "noop" << none;
    QTest::newRow("deps-split edit-leaf") << "deps-split"
                                          << "edit-leaf" << mono;
    QTest::newRow("deps-split edit-shared") << "deps-split"
                                            << "edit-shared" << mono;
    QTest::newRow("deps-split bump-dependency") << "deps-split"
                                                << "bump-dependency" << split;
    QTest::newRow("deps-split edit-nix") << "deps-split"
                                         << "edit-nix" << split;
    QTest::newRow("deps-split touch-docs") << "deps-split"
                                           << "touch-docs" << none;
    const QStringList crates = list({"crate-app-0.3.0", "crate-shared-0.3.0", "crate-smallvec-1.9.0"});
    QTest::newRow("per-crate cold") << "per-crate"
                                    << "cold" << crates;
    QTest::newRow("per-crate noop") << "per-crate"
                                    << "noop" << none;
    QTest::newRow("per-crate edit-leaf") << "per-crate"
                                         << "edit-leaf" << list({"crate-app-0.3.0"});
    QTest::newRow("per-crate edit-shared")
        << "per-crate"
        << "edit-shared" << list({"crate-app-0.3.0", "crate-shared-0.3.0"});
    QTest::newRow("per-crate bump-dependency") << "per-crate"
                                               << "bump-dependency" << crates;
    QTest::newRow("per-crate edit-nix") << "per-crate"
                                        << "edit-nix" << crates;
    QTest::newRow("per-crate touch-docs") << "per-crate"
                                          << "touch-docs" << none;
}

void TestPredict::predictedSetsAreBuiltSets()
{
    QFETCH(QString, strategy);
    QFETCH(QString, step);
    QFETCH(QStringList, rebuilt);
    if (!m_run)
        predictAndRun();
    QVERIFY(m_prediction && m_run && m_priced && m_comparison);
    const QString app = QStringLiteral("app");

    const StepPrediction *p = m_prediction->find(strategy, step, app);
    QVERIFY(p);
    QVERIFY2(p->ok, qPrintable(p->error));
    QCOMPARE(p->rebuildNames(), rebuilt);
    QCOMPARE(p->closure.own, p->closure.derivations); // an offline model has no nixpkgs
    QVERIFY(p->closure.derivations >= static_cast<int>(rebuilt.size()));
    for (const auto &d : p->rebuild)
        QVERIFY2(!d.reasons.isEmpty() && !d.role.isEmpty(), qPrintable(d.name));

    // What the run built (the derivations it started), by name.
    const auto cell = m_run->cell(strategy, app, step);
    QCOMPARE(cell.size(), std::size_t{1});
    QVERIFY2(cell.front()->outcome == Measurement::Outcome::Succeeded, qPrintable(cell.front()->error));
    QStringList built;
    for (const auto &b : cell.front()->report->builds)
        built << QString::fromStdString(b.name);
    built.sort();
    QCOMPARE(built, rebuilt);
    const StepComparison *c = nullptr;
    for (const auto &s : m_comparison->steps)
        if (s.strategy == strategy && s.step == step)
            c = &s;
    QVERIFY(c);
    QCOMPARE(StepComparison::verdictName(c->verdict), QStringLiteral("match"));

    // Priced with the run: each derivation's newest measured time, so the cost is known.
    const StepPrediction *priced = m_priced->find(strategy, step, app);
    QVERIFY(priced && priced->ok);
    QCOMPARE(priced->rebuildNames(), rebuilt);
    QCOMPARE(priced->unknownCount(), 0);
    std::int64_t sum = 0;
    for (const auto &d : priced->rebuild) {
        const auto expected = newestDuration(*m_run, strategy, d.drvPath, d.name);
        QVERIFY2(expected && d.measuredUs == expected, qPrintable(d.name));
        QVERIFY2(d.measuredIn.startsWith(QLatin1String("run.json, ")), qPrintable(d.measuredIn));
        sum += *expected;
    }
    QCOMPARE(priced->knownCostUs(), sum);
}

void TestPredict::evaluationErrorsCarryNixsMessage()
{
    if (!m_run)
        predictAndRun();
    QVERIFY(m_prediction && m_comparison);
    for (const char *s : {"monolithic", "deps-split"}) {
        const StepPrediction *p =
            m_prediction->find(QString::fromLatin1(s), QStringLiteral("break-eval"), QStringLiteral("app"));
        QVERIFY(p);
        QVERIFY(!p->ok);
        QVERIFY(p->rebuild.empty());
        // Nix's message first: Nix 2.8 words it "while parsing a TOML string", Nix 2.26 (which prints
        // its trace first, after it here) "while parsing TOML: [error]".
        QVERIFY2(p->error.startsWith(QLatin1String("error: while parsing a TOML string")) ||
                     p->error.startsWith(QLatin1String("error: while parsing TOML: [error]")),
                 qPrintable(p->error));
        QVERIFY2(p->error.contains(QLatin1String("[broken")), qPrintable(p->error)); // Nix's own excerpt
        QVERIFY2(!p->error.contains(QLatin1String("show-trace")),
                 qPrintable(p->error)); // not Nix's hint after it
        for (const auto &c : m_comparison->steps)
            if (c.strategy == QLatin1String(s) && c.step == QLatin1String("break-eval"))
                QCOMPARE(c.verdict, StepComparison::Verdict::BothFailed); // the run's build failed too
    }
    // per-crate regenerates its file after a manifest edit: cargo refuses the manifest first.
    const StepPrediction *p =
        m_prediction->find(QStringLiteral("per-crate"), QStringLiteral("break-eval"), QStringLiteral("app"));
    QVERIFY(p && !p->ok);
    QVERIFY2(p->error.contains(QLatin1String("prepare step generate failed")) &&
                 p->error.contains(QLatin1String("Cargo.toml")),
             qPrintable(p->error));
    QVERIFY(m_run->skipped.count(QStringLiteral("per-crate"))); // the runner stopped that strategy there
    QCOMPARE(m_comparison->differing(), 0);
    QCOMPARE(m_comparison->agreeing(), 3 * 7 + 2);
}

void TestPredict::brokenStrategyIsAnErrorNotAnEmptyPrediction()
{
    // A strategy whose Nix file does not evaluate: every cell says why, in Nix's words.
    QTemporaryDir variants;
    QDir().mkpath(variants.filePath(QStringLiteral("offline/broken")));
    QFile manifest(variants.filePath(QStringLiteral("offline/broken/manifest.json")));
    QVERIFY(manifest.open(QIODevice::WriteOnly));
    manifest.write(R"({"schema":1,"id":"broken","name":"broken","family":"monolithic","model":true,
      "layouts":{"workspace":{"build":{"kind":"file","file":"default.nix","args":{"workspace":"{scratch}"},"attribute":"{target}"}}},
      "targets":[{"id":"app","kind":"native"}],"needs":[{"id":"nix","why":"evaluation"}],"ownDerivations":[".*"]})");
    manifest.close();
    QFile nix(variants.filePath(QStringLiteral("offline/broken/default.nix")));
    QVERIFY(nix.open(QIODevice::WriteOnly));
    nix.write("{ workspace }: { app = derivation { name = \"x\"; system = noSuchSystem; builder = "
              "\"/bin/sh\"; }; }\n");
    nix.close();
    qputenv("FLAKEOFF_VARIANTS", variants.path().toUtf8());
    PredictRequest r = request();
    r.strategies = list({"broken", "nope"});
    r.scenario = *Scenario::builtin(QStringLiteral("quick"));
    const auto p = predict(r);
    qunsetenv("FLAKEOFF_VARIANTS");
    QVERIFY(p);
    QCOMPARE(p->steps.size(), std::size_t{3});
    for (const auto &s : p->steps) {
        QVERIFY(!s.ok);
        QVERIFY(s.rebuild.empty());
        QVERIFY2(s.error.startsWith(QLatin1String("error: undefined variable 'noSuchSystem'")),
                 qPrintable(s.error));
    }
    QVERIFY(!p->allOk());
    QVERIFY(p->skipped.at(QStringLiteral("nope")).contains(QLatin1String("no strategy with this id")));
}

void TestPredict::ctrlCInTheCli()
{
    // Ctrl-C while the predictor evaluates: it stops, says so, and exits 130 (not 1 or a crash).
    QProcess cli;
    cli.setProcessChannelMode(QProcess::MergedChannels);
    cli.start(QStringLiteral(FLAKEOFF_CLI_PATH),
              {QStringLiteral("predict"), QStringLiteral("--workspace"), kWorkspace,
               QStringLiteral("--strategies"), QStringLiteral("monolithic,deps-split,per-crate"),
               QStringLiteral("--targets"), QStringLiteral("app"), QStringLiteral("--scenario"), kScenario});
    QVERIFY(cli.waitForStarted());
    QByteArray output;
    QTRY_VERIFY_WITH_TIMEOUT((output += cli.readAll()).contains("preparing a scratch copy"), 60000);
    ::kill(static_cast<pid_t>(cli.processId()), SIGINT);
    QVERIFY(cli.waitForFinished(30000));
    output += cli.readAll();
    QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
    QVERIFY2(cli.exitCode() == 130, output.constData());
    QVERIFY2(output.contains("flakeoff-cli predict: cancelling…"), output.constData());
}

QTEST_GUILESS_MAIN(TestPredict)
#include "tst_predict.moc"
