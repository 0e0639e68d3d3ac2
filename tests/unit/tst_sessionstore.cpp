// SPDX-License-Identifier: MIT
// Session files: a round trip keeps every number; a cut-off, corrupt or newer file is refused.
#include "log/LogFileReader.h"
#include "session/SessionStore.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace flakeoff;

namespace {
Session sampleSession()
{
    Session s;
    s.workspace = QStringLiteral("/home/me/project");
    s.scenario = Scenario::standard();
    s.strategies = {QStringLiteral("deps-split"), QStringLiteral("monolithic")};
    s.targets = {QStringLiteral("app")};
    s.repeat = 3;
    s.warmup = 1;
    s.status = Session::Status::Finished;
    s.skipped[QStringLiteral("crane")] = QStringLiteral("needs network");
    s.environment.nixVersion = QStringLiteral("nix (Nix) 2.8.0");
    s.environment.system = QStringLiteral("x86_64-linux");
    s.environment.cpuCores = 2;
    s.environment.date = QDateTime::fromString(QStringLiteral("2026-11-25T10:00:00.000Z"), Qt::ISODateWithMs);
    s.environment.nixOptions = {QStringLiteral("--max-jobs"), QStringLiteral("2")};
    s.environment.inputRevisions[QStringLiteral("deps-split")] = QStringLiteral("none");
    const auto log = LogFileReader::read(QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/logs/chain.flog"));
    for (int r = 0; r < 2; ++r) {
        Measurement m;
        m.strategy = QStringLiteral("deps-split");
        m.layout = QStringLiteral("workspace");
        m.target = QStringLiteral("app");
        m.step = QStringLiteral("cold");
        m.repetition = r;
        m.startedAt = s.environment.date;
        m.wallUs = 1234567 + r;
        m.cpuUserUs = 900000;
        m.cpuSystemUs = 100000;
        m.report = std::make_shared<const BuildReport>(log.report);
        m.outputPaths = {QStringLiteral("/nix/store/aaaa-app")};
        m.outputBytes = 4096;
        m.closureBytes = 8192;
        m.intermediateBytes = 300000000;
        m.storeGrowthBytes = 300004096;
        m.logFile = QStringLiteral("deps-split/cold-app-%1.flog").arg(r);
        s.measurements.push_back(m);
    }
    Measurement failed = s.measurements.front();
    failed.step = QStringLiteral("edit-leaf");
    failed.outcome = Measurement::Outcome::Failed;
    failed.error = QStringLiteral("nix: the build or its evaluation failed (exit 1): app failed");
    failed.exitCode = 1;
    s.measurements.push_back(failed);
    return s;
}

// A session that also holds a prediction: one priced cell and one evaluation error.
Session sessionWithPrediction()
{
    Session s = sampleSession();
    Prediction p;
    p.date = s.environment.date;
    p.history = {QStringLiteral("/home/me/earlier.json")};
    p.elapsedUs = 5400000;
    StepPrediction cell;
    cell.strategy = QStringLiteral("deps-split");
    cell.target = QStringLiteral("app");
    cell.step = QStringLiteral("edit-leaf");
    cell.rootDrv = QStringLiteral("/nix/store/aaaa-app-0.1.0.drv");
    cell.evalUs = 310000;
    cell.closure.derivations = 3;
    cell.closure.own = 3;
    cell.closure.roles[QStringLiteral("deps")] = 1;
    cell.closure.sourcePaths = 98;
    PredictedDerivation d;
    d.drvPath = cell.rootDrv;
    d.name = QStringLiteral("app-0.1.0");
    d.role = QStringLiteral("target");
    d.reasons = {QStringLiteral("source cargo-source changed")};
    d.measuredUs = 2300000;
    d.measuredIn = QStringLiteral("earlier.json, deps-split edit-leaf app");
    cell.rebuild.push_back(d);
    p.steps.push_back(cell);
    cell.step = QStringLiteral("bump-dependency");
    cell.ok = false;
    cell.error = QStringLiteral("error: while parsing a TOML string");
    cell.rebuild.clear();
    p.steps.push_back(cell);
    s.prediction = p;
    return s;
}
} // namespace

class TestSessionStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip();
    void roundTripWithPrediction();
    void schema1LoadsWithoutPrediction();
    void refused_data();
    void refused();
    void sessionOrLog_data();
    void sessionOrLog();
    void cellSelectsRecordedRuns();
    void nixSetupRecordedOnlyWhenKnown();
    void onlyStrategiesKeepsTheirPartsAlone();
};

void TestSessionStore::roundTrip()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.json"));
    const Session s = sampleSession();
    QString error;
    QVERIFY2(SessionStore::save(s, path, &error), qPrintable(error));
    const auto back = SessionStore::load(path, &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(QString::fromStdString(SessionStore::toJson(*back).dump()),
             QString::fromStdString(SessionStore::toJson(s).dump()));
    QCOMPARE(back->measurements.size(), std::size_t{3});
    QCOMPARE(back->measurements[1].wallUs, std::int64_t{1234568});
    QCOMPARE(back->measurements[2].outcome, Measurement::Outcome::Failed);
    QCOMPARE(back->measurements[0].builtCount(), std::int64_t{3});
    QCOMPARE(SessionStore::logFolder(path), dir.filePath(QStringLiteral("s.logs")));
}

void TestSessionStore::roundTripWithPrediction()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("p.json"));
    const Session s = sessionWithPrediction();
    QString error;
    QVERIFY2(SessionStore::save(s, path, &error), qPrintable(error));
    const auto back = SessionStore::load(path, &error);
    QVERIFY2(back && back->prediction, qPrintable(error));
    QCOMPARE(QString::fromStdString(SessionStore::toJson(*back).dump()),
             QString::fromStdString(SessionStore::toJson(s).dump()));
    const StepPrediction *cell = back->prediction->find(QStringLiteral("deps-split"),
                                                        QStringLiteral("edit-leaf"), QStringLiteral("app"));
    QVERIFY(cell && cell->ok);
    QCOMPARE(cell->knownCostUs(), std::int64_t{2300000});
    QCOMPARE(cell->rebuild.front().reasons, QStringList{QStringLiteral("source cargo-source changed")});
    QVERIFY(!back->prediction->allOk());
    QCOMPARE(back->measurements.size(), std::size_t{3}); // measurements untouched beside it
}

void TestSessionStore::schema1LoadsWithoutPrediction()
{
    // A file as Flakeoff wrote it before predictions existed: schema 1, no "prediction" key.
    nlohmann::json old = SessionStore::toJson(sampleSession());
    old["schema"] = 1;
    old.erase("prediction");
    QString error;
    const auto loaded = SessionStore::fromJson(old, &error);
    QVERIFY2(loaded, qPrintable(error));
    QVERIFY(!loaded->prediction);
    QCOMPARE(loaded->measurements.size(), std::size_t{3});
    QCOMPARE(loaded->measurements[1].wallUs, std::int64_t{1234568});
    // Saved again, it is a current file.
    const nlohmann::json again = SessionStore::toJson(*loaded);
    QCOMPARE(again["schema"].get<int>(), Session::kSchemaVersion);
    QVERIFY(again["prediction"].is_null());
    QCOMPARE(Session::kSchemaVersion, 2);
    // A schema that never existed is refused with the reason.
    old["schema"] = 0;
    QVERIFY(!SessionStore::fromJson(old, &error));
    QVERIFY2(error.contains(QLatin1String("no migration from session schema 0")), qPrintable(error));
}

void TestSessionStore::refused_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("error");
    const QByteArray whole = QByteArray::fromStdString(SessionStore::toJson(sampleSession()).dump());
    QTest::newRow("cut off") << whole.left(whole.size() / 2)
                             << QStringLiteral("not a complete JSON document");
    QTest::newRow("not a session") << QByteArray(R"({"format":"something-else"})")
                                   << QStringLiteral("not a Flakeoff session");
    QByteArray newer = whole;
    const QByteArray current = "\"schema\":" + QByteArray::number(Session::kSchemaVersion) + ",\"skipped\"";
    newer.replace(current, QByteArray("\"schema\":7,\"skipped\""));
    QTest::newRow("newer schema") << newer << QStringLiteral("written by a newer Flakeoff (schema 7");
    QByteArray badType = whole;
    badType.replace("\"repeat\":3", "\"repeat\":\"three\"");
    QTest::newRow("wrong type") << badType << QStringLiteral("malformed session");
    QByteArray badOutcome = whole;
    badOutcome.replace("\"outcome\":\"failed\"", "\"outcome\":\"exploded\"");
    QTest::newRow("unknown outcome") << badOutcome << QStringLiteral("measurement 3 has an unknown outcome");
    QTest::newRow("empty file") << QByteArray() << QStringLiteral("not a complete JSON document");
    QByteArray badPrediction =
        QByteArray::fromStdString(SessionStore::toJson(sessionWithPrediction()).dump());
    badPrediction.replace("\"rebuild\":[]", "\"rebuild\":[{\"role\":\"target\"}]");
    QTest::newRow("invalid prediction")
        << badPrediction
        << QStringLiteral(
               "its prediction is invalid: predicted step 2 has a rebuilt derivation without a name");
}

void TestSessionStore::sessionOrLog_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<bool>("session");
    QTest::newRow("broken json") << "broken.json" << QByteArray("[1, 2") << true;
    QTest::newRow("empty json") << "empty.json" << QByteArray() << true;
    QTest::newRow("JSON upper-case suffix") << "S.JSON" << QByteArray("garbage") << true;
    QTest::newRow("session without suffix") << "session" << QByteArray("  {\"format\": 1}") << true;
    QTest::newRow("saved log") << "build.flog" << QByteArray("#flakeoff-log 1\n") << false;
    QTest::newRow("plain capture") << "build.log" << QByteArray("@nix {\"action\":\"msg\"}\n") << false;
    QTest::newRow("empty log") << "empty.flog" << QByteArray() << false;
}

// A `.json` file is opened as a session whatever it holds, so a broken one is refused as a session
// with the reason ("is not a session: …"), never read as a log with nothing in it.
void TestSessionStore::sessionOrLog()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(bool, session);
    QTemporaryDir dir;
    const QString path = dir.filePath(name);
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
    f.close();
    QCOMPARE(SessionStore::isSessionFile(path), session);
    if (session && !content.trimmed().startsWith('{')) {
        QString error;
        QVERIFY(!SessionStore::load(path, &error));
        QVERIFY2(error.startsWith(path + QStringLiteral(" is not a session: ")), qPrintable(error));
    }
}

void TestSessionStore::refused()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, error);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
    f.close();
    QString message;
    QVERIFY(!SessionStore::load(path, &message));
    QVERIFY2(message.contains(error), qPrintable(message));
    QVERIFY(message.startsWith(path));
}

void TestSessionStore::cellSelectsRecordedRuns()
{
    Session s = sampleSession();
    s.measurements[0].warmup = true;
    QCOMPARE(s.cell(QStringLiteral("deps-split"), QStringLiteral("app"), QStringLiteral("cold")).size(),
             std::size_t{1});
}

// The store, the remote builders and Flakeoff's additions to the user's Nix configuration
// round-trip; a session from before they were recorded loads without them and is written back
// without the keys.
void TestSessionStore::nixSetupRecordedOnlyWhenKnown()
{
    Session s = sampleSession();
    const nlohmann::json before = SessionStore::toJson(s)["environment"];
    QVERIFY(!before.contains("nix_store"));
    QVERIFY(!before.contains("nix_settings_added"));
    QVERIFY(!before.contains("remote_builders"));
    s.environment.nixStore = QStringLiteral("unix:///opt/x/var/nix/daemon-socket/socket");
    s.environment.remoteBuilders = {QStringLiteral("ssh-ng://root@localhost"), QStringLiteral("ssh://b2")};
    s.environment.nixSettingsAdded = NixSettings::added({true, false});
    const nlohmann::json j = SessionStore::toJson(s);
    QCOMPARE(j["environment"]["nix_store"]["url"].get<std::string>(),
             std::string("unix:///opt/x/var/nix/daemon-socket/socket"));
    QCOMPARE(j["environment"]["nix_store"]["default"].get<bool>(), false);
    QCOMPARE(j["environment"]["nix_settings_added"].size(), std::size_t{2});
    QCOMPARE(j["environment"]["nix_settings_added"][1]["setting"].get<std::string>(),
             std::string("substituters"));
    QCOMPARE(j["environment"]["nix_settings_added"][1]["value"].get<std::string>(), std::string(""));
    QString error;
    const auto back = SessionStore::fromJson(j, &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->environment.nixStore, s.environment.nixStore);
    QCOMPARE(j["environment"]["remote_builders"].size(), std::size_t{2});
    QCOMPARE(back->environment.remoteBuilders, s.environment.remoteBuilders);
    QCOMPARE(back->environment.nixSettingsAdded.size(), std::size_t{2});
    QCOMPARE(back->environment.nixSettingsAdded[1].why, s.environment.nixSettingsAdded[1].why);
    QCOMPARE(QString::fromStdString(SessionStore::toJson(*back).dump()), QString::fromStdString(j.dump()));
    // Entries without a setting name are dropped, not read as empty settings.
    nlohmann::json broken = j;
    broken["environment"]["nix_settings_added"].push_back({{"value", "x"}});
    broken["environment"]["nix_store"] = "local";               // not an object: unknown
    broken["environment"]["remote_builders"] = {"ssh://b1", 7}; // a non-text entry is dropped
    const auto loaded = SessionStore::fromJson(broken, &error);
    QVERIFY2(loaded, qPrintable(error));
    QCOMPARE(loaded->environment.nixSettingsAdded.size(), std::size_t{2});
    QVERIFY(loaded->environment.nixStore.isEmpty());
    QCOMPARE(loaded->environment.remoteBuilders, QStringList{QStringLiteral("ssh://b1")});
}

// A subset keeps the chosen strategies' measurements, skips, inputs and predicted cells, in the
// session's order, and nothing of the others; the rest of the session is untouched.
void TestSessionStore::onlyStrategiesKeepsTheirPartsAlone()
{
    Session s = sessionWithPrediction();
    s.environment.inputRevisions[QStringLiteral("monolithic")] = QStringLiteral("none");
    Measurement mono = s.measurements.front();
    mono.strategy = QStringLiteral("monolithic");
    s.measurements.push_back(mono);
    StepPrediction predicted = s.prediction->steps.front();
    predicted.strategy = QStringLiteral("monolithic");
    s.prediction->steps.push_back(predicted);
    s.prediction->skipped[QStringLiteral("crane")] = QStringLiteral("needs network");

    const Session mono_ = s.onlyStrategies({QStringLiteral("monolithic"), QStringLiteral("crane")});
    QCOMPARE(mono_.strategies, QStringList{QStringLiteral("monolithic")});
    QCOMPARE(mono_.measurements.size(), std::size_t{1});
    QCOMPARE(mono_.measurements.front().strategy, QStringLiteral("monolithic"));
    QCOMPARE(mono_.skipped.size(), std::size_t{1}); // crane's skip stays: it was asked for
    QCOMPARE(mono_.environment.inputRevisions.size(), std::size_t{1});
    QVERIFY(mono_.environment.inputRevisions.count(QStringLiteral("monolithic")));
    QCOMPARE(mono_.prediction->steps.size(), std::size_t{1});
    QCOMPARE(mono_.prediction->steps.front().strategy, QStringLiteral("monolithic"));
    QCOMPARE(mono_.prediction->skipped.size(), std::size_t{1});
    QCOMPARE(mono_.scenario.steps.size(), s.scenario.steps.size());
    QCOMPARE(mono_.environment.nixVersion, s.environment.nixVersion);

    const Session deps = s.onlyStrategies({QStringLiteral("deps-split")});
    QCOMPARE(deps.strategies, QStringList{QStringLiteral("deps-split")});
    QCOMPARE(deps.measurements.size(), std::size_t{3});
    QVERIFY(deps.skipped.empty());
    QCOMPARE(deps.prediction->steps.size(), std::size_t{2});
    QVERIFY(deps.prediction->skipped.empty());

    QVERIFY(s.onlyStrategies({}).measurements.empty());
    QCOMPARE(s.measurements.size(), std::size_t{4}); // the original is not changed
}

QTEST_GUILESS_MAIN(TestSessionStore)
#include "tst_sessionstore.moc"
