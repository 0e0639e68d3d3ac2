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
} // namespace

class TestSessionStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip();
    void refused_data();
    void refused();
    void cellSelectsRecordedRuns();
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
    QCOMPARE(QString::fromStdString(SessionStore::toJson(*back).dump()), QString::fromStdString(SessionStore::toJson(s).dump()));
    QCOMPARE(back->measurements.size(), std::size_t{3});
    QCOMPARE(back->measurements[1].wallUs, std::int64_t{1234568});
    QCOMPARE(back->measurements[2].outcome, Measurement::Outcome::Failed);
    QCOMPARE(back->measurements[0].builtCount(), std::int64_t{3});
    QCOMPARE(SessionStore::logFolder(path), dir.filePath(QStringLiteral("s.logs")));
}

void TestSessionStore::refused_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("error");
    const QByteArray whole = QByteArray::fromStdString(SessionStore::toJson(sampleSession()).dump());
    QTest::newRow("cut off") << whole.left(whole.size() / 2) << QStringLiteral("not a complete JSON document");
    QTest::newRow("not a session") << QByteArray(R"({"format":"something-else"})") << QStringLiteral("not a Flakeoff session");
    QByteArray newer = whole;
    newer.replace("\"schema\":1,\"skipped\"", "\"schema\":7,\"skipped\"");
    QTest::newRow("newer schema") << newer << QStringLiteral("written by a newer Flakeoff (schema 7");
    QByteArray badType = whole;
    badType.replace("\"repeat\":3", "\"repeat\":\"three\"");
    QTest::newRow("wrong type") << badType << QStringLiteral("malformed session");
    QByteArray badOutcome = whole;
    badOutcome.replace("\"outcome\":\"failed\"", "\"outcome\":\"exploded\"");
    QTest::newRow("unknown outcome") << badOutcome << QStringLiteral("measurement 3 has an unknown outcome");
    QTest::newRow("empty file") << QByteArray() << QStringLiteral("not a complete JSON document");
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
    QCOMPARE(s.cell(QStringLiteral("deps-split"), QStringLiteral("app"), QStringLiteral("cold")).size(), std::size_t{1});
}

QTEST_GUILESS_MAIN(TestSessionStore)
#include "tst_sessionstore.moc"
