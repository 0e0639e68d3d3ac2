// SPDX-License-Identifier: MIT
// ReplayDriver: a saved run played back gives the same reports as reading its logs, at the pace
// its stamps say (scaled), throttled, cancellable; missing or untimed logs are said, not hidden.
#include "log/BuildReportJson.h"
#include "log/LogFileReader.h"
#include "scenario/ReplayDriver.h"
#include "session/SessionStore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

#include <nlohmann/json.hpp>

using namespace flakeoff;

namespace {
QString fixture(const QString &relative)
{
    return QFileInfo(QFINDTESTDATA(QStringLiteral("../data/") + relative)).absoluteFilePath();
}

std::string reportJson(const BuildReport &r)
{
    return BuildReportJson::toJson(r).dump();
}

// Wall time of a saved log: its `#end` stamp.
double endSeconds(const QString &path)
{
    const auto r = LogFileReader::read(path);
    return r.report.endUs ? static_cast<double>(*r.report.endUs) / 1e6 : 0;
}

Measurement measurementFor(const QString &strategy, const QString &step, const QString &logFile)
{
    Measurement m;
    m.strategy = strategy;
    m.step = step;
    m.target = QStringLiteral("app");
    m.logFile = logFile;
    return m;
}
} // namespace

class TestReplayDriver : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameReportAsReadingTheLog_data();
    void sameReportAsReadingTheLog();
    void pacedByStampsAndSpeed_data();
    void pacedByStampsAndSpeed();
    void snapshotsThrottled();
    void speedChangeAppliesAtOnce();
    void replaysSessionInOrder();
    void endsInTheRecordedState_data();
    void endsInTheRecordedState();
    void missingLogShownAsRecorded();
    void singleLogOutcome_data();
    void singleLogOutcome();
    void untimedLogNotReplayed();
    void emptyLogIsNoBuild_data();
    void emptyLogIsNoBuild();
    void cancelStops();
    void destroyedWhileLoading();
};

void TestReplayDriver::sameReportAsReadingTheLog_data()
{
    QTest::addColumn<QString>("log");
    QTest::newRow("built, failed, interrupted") << fixture(QStringLiteral("gui/mixed.flog"));
    QTest::newRow("keep going") << fixture(QStringLiteral("gui/keep-going.flog"));
    QTest::newRow("malformed lines") << fixture(QStringLiteral("gui/malformed.flog"));
    QTest::newRow("evaluation error") << fixture(QStringLiteral("gui/eval-error.flog"));
    QTest::newRow("parallel builds") << fixture(QStringLiteral("logs/parallel.flog"));
    QTest::newRow("noisy build") << fixture(QStringLiteral("logs/noisy.flog"));
    QTest::newRow("session build log")
        << fixture(QStringLiteral("gui/sessions/tiny-quick.logs/per-crate/cold-app-run1.flog"));
}

void TestReplayDriver::sameReportAsReadingTheLog()
{
    QFETCH(QString, log);
    const auto expected = LogFileReader::read(log);
    QVERIFY2(expected.ok, qPrintable(expected.error));

    ReplayDriver driver;
    driver.setSpeed(1000);
    driver.setPauseBetweenBuilds(0);
    QSignalSpy finished(&driver, &ReplayDriver::finished);
    QSignalSpy added(&driver, &ReplayDriver::measurementAdded);
    std::vector<std::shared_ptr<const BuildReport>> snapshots;
    connect(&driver, &ReplayDriver::buildUpdated, this,
            [&snapshots](std::shared_ptr<const BuildReport> r) { snapshots.push_back(std::move(r)); });
    driver.startLog(log);
    QVERIFY(finished.wait(10000));

    QVERIFY(!snapshots.empty());
    // Snapshots only grow, and the last one is the report a reader of the whole file gets.
    for (std::size_t i = 1; i < snapshots.size(); ++i)
        QVERIFY(snapshots[i]->lineCount >= snapshots[i - 1]->lineCount);
    QCOMPARE(reportJson(*snapshots.back()), reportJson(expected.report));
    QCOMPARE(added.count(), 1);
    const auto m = added.front().front().value<Measurement>();
    QVERIFY(m.report);
    QCOMPARE(reportJson(*m.report), reportJson(expected.report));
    QCOMPARE(finished.front().front().value<Session>().status, Session::Status::Finished);
}

void TestReplayDriver::pacedByStampsAndSpeed_data()
{
    QTest::addColumn<QString>("log");
    QTest::addColumn<double>("speed");
    QTest::newRow("mixed at 2×") << fixture(QStringLiteral("gui/mixed.flog")) << 2.0;
    QTest::newRow("keep going at 4×") << fixture(QStringLiteral("gui/keep-going.flog")) << 4.0;
    QTest::newRow("mixed at real time") << fixture(QStringLiteral("gui/mixed.flog")) << 1.0;
}

void TestReplayDriver::pacedByStampsAndSpeed()
{
    QFETCH(QString, log);
    QFETCH(double, speed);
    const double expected = endSeconds(log) / speed;
    QVERIFY(expected > 0.3); // long enough for the pace to be measurable

    ReplayDriver driver;
    driver.setSpeed(speed);
    driver.setPauseBetweenBuilds(0);
    QSignalSpy finished(&driver, &ReplayDriver::finished);
    QElapsedTimer clock;
    clock.start();
    driver.startLog(log);
    QVERIFY(finished.wait(20000));
    const double took = static_cast<double>(clock.elapsed()) / 1000.0;
    // Never faster than asked (the stamps are honoured); slower only by scheduling on a busy machine.
    QVERIFY2(took >= expected * 0.95,
             qPrintable(QStringLiteral("took %1 s, expected %2 s").arg(took).arg(expected)));
    QVERIFY2(took <= expected * 1.5 + 0.5,
             qPrintable(QStringLiteral("took %1 s, expected %2 s").arg(took).arg(expected)));
}

void TestReplayDriver::snapshotsThrottled()
{
    const QString log = fixture(QStringLiteral("gui/keep-going.flog"));
    ReplayDriver driver;
    driver.setSpeed(2);
    driver.setPublishInterval(100);
    QSignalSpy updates(&driver, &ReplayDriver::buildUpdated);
    QSignalSpy finished(&driver, &ReplayDriver::finished);
    driver.startLog(log);
    QVERIFY(finished.wait(20000));
    const double seconds = endSeconds(log) / 2;
    // About ten a second while lines arrive (plus the final report), however many lines there are.
    QVERIFY2(updates.count() <= static_cast<int>(seconds * 10) + 3,
             qPrintable(QString::number(updates.count())));
    QVERIFY2(updates.count() >= 3, qPrintable(QString::number(updates.count())));
}

void TestReplayDriver::speedChangeAppliesAtOnce()
{
    const QString log = fixture(QStringLiteral("gui/keep-going.flog")); // 2.6 s long
    ReplayDriver driver;
    driver.setSpeed(0.25); // would take 10 s
    QSignalSpy finished(&driver, &ReplayDriver::finished);
    QElapsedTimer clock;
    clock.start();
    driver.startLog(log);
    QTest::qWait(200);
    const std::int64_t before = driver.streamNowUs();
    driver.setSpeed(100);
    QCOMPARE(driver.speed(), 100.0);
    QVERIFY(finished.wait(5000));
    QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(before < 200 * 1000); // 200 ms at a quarter speed is 50 ms of the log
    driver.setSpeed(-1);          // refused: speeds are positive
    driver.setSpeed(0);
    QCOMPARE(driver.speed(), 100.0);
}

void TestReplayDriver::replaysSessionInOrder()
{
    const QString path = fixture(QStringLiteral("gui/sessions/tiny-quick.json"));
    QString error;
    const auto session = SessionStore::load(path, &error);
    QVERIFY2(session, qPrintable(error));

    ReplayDriver driver;
    driver.setSpeed(200);
    driver.setPauseBetweenBuilds(0);
    QSignalSpy finished(&driver, &ReplayDriver::finished);
    QSignalSpy progress(&driver, &ReplayDriver::progress);
    QSignalSpy messages(&driver, &ReplayDriver::message);
    QList<Measurement> added;
    connect(&driver, &ReplayDriver::measurementAdded, this, [&added](const Measurement &m) { added << m; });
    driver.start(*session, path);
    QVERIFY(driver.isRunning());
    QVERIFY(finished.wait(30000));
    QVERIFY(!driver.isRunning());

    QCOMPARE(added.size(), static_cast<int>(session->measurements.size()));
    for (int i = 0; i < added.size(); ++i) {
        const Measurement &recorded = session->measurements[static_cast<std::size_t>(i)];
        QCOMPARE(added[i].strategy, recorded.strategy);
        QCOMPARE(added[i].step, recorded.step);
        QCOMPARE(added[i].outcome, recorded.outcome);
        QVERIFY(added[i].report && recorded.report);
        // Replayed from the saved log, the report is the one the run recorded.
        QCOMPARE(added[i].report->countWithStatus(BuildStatus::Built),
                 recorded.report->countWithStatus(BuildStatus::Built));
        QCOMPARE(added[i].report->countWithStatus(BuildStatus::Failed),
                 recorded.report->countWithStatus(BuildStatus::Failed));
        QCOMPARE(added[i].report->builds.size(), recorded.report->builds.size());
    }
    const Session played = finished.front().front().value<Session>();
    QCOMPARE(played.measurements.size(), session->measurements.size());
    QCOMPARE(played.status, Session::Status::Finished);
    // Progress names each build and counts to the total.
    const auto last = progress.back().front().value<RunProgress>();
    QCOMPARE(last.buildsDone, static_cast<int>(session->measurements.size()));
    QCOMPARE(last.buildsTotal, static_cast<int>(session->measurements.size()));
    bool sawPerCrate = false;
    for (const auto &args : progress)
        sawPerCrate = sawPerCrate || args.front().value<RunProgress>().strategy == QLatin1String("per-crate");
    QVERIFY(sawPerCrate);
    QCOMPARE(messages.count(), static_cast<int>(session->skipped.size()));
}

void TestReplayDriver::endsInTheRecordedState_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("why");
    QTest::newRow("finished") << static_cast<int>(Session::Status::Finished) << QString();
    // Saved while running, or its run killed: it never finished, and its replay does not either.
    QTest::newRow("never finished") << static_cast<int>(Session::Status::Running) << QString();
    QTest::newRow("failed") << static_cast<int>(Session::Status::Failed) << QStringLiteral("nix is gone");
    QTest::newRow("cancelled") << static_cast<int>(Session::Status::Cancelled)
                               << QStringLiteral("stopped by the user");
}

// Played to its end, a replay finishes as the recording did, never "finished" in its place.
void TestReplayDriver::endsInTheRecordedState()
{
    QFETCH(int, status);
    QFETCH(QString, why);
    const QString path = fixture(QStringLiteral("gui/sessions/tiny-quick.json"));
    QString error;
    auto session = SessionStore::load(path, &error);
    QVERIFY2(session, qPrintable(error));
    session->status = static_cast<Session::Status>(status);
    session->statusText = why;
    ReplayDriver driver;
    driver.setSpeed(200);
    driver.setPauseBetweenBuilds(0);
    QSignalSpy finished(&driver, &ReplayDriver::finished);
    driver.start(*session, path);
    QCOMPARE(driver.session().status, Session::Status::Running); // while it plays
    QVERIFY(finished.wait(30000));
    const Session played = finished.front().front().value<Session>();
    QCOMPARE(played.measurements.size(), session->measurements.size());
    QCOMPARE(static_cast<int>(played.status), status);
    QCOMPARE(played.statusText, why);
}

void TestReplayDriver::missingLogShownAsRecorded()
{
    QTemporaryDir dir;
    const QString sessionPath = dir.filePath(QStringLiteral("s.json"));
    const QString logs = SessionStore::logFolder(sessionPath);
    QVERIFY(QDir().mkpath(logs + QStringLiteral("/m")));
    QVERIFY(QFile::copy(fixture(QStringLiteral("gui/mixed.flog")), logs + QStringLiteral("/m/a.flog")));
    Session session;
    session.measurements.push_back(
        measurementFor(QStringLiteral("m"), QStringLiteral("cold"), QStringLiteral("m/a.flog")));
    Measurement gone =
        measurementFor(QStringLiteral("m"), QStringLiteral("noop"), QStringLiteral("m/gone.flog"));
    gone.report = std::make_shared<const BuildReport>();
    session.measurements.push_back(gone);
    session.measurements.push_back(
        measurementFor(QStringLiteral("m"), QStringLiteral("edit"), QStringLiteral("m/a.flog")));

    ReplayDriver driver;
    driver.setSpeed(1000);
    driver.setPauseBetweenBuilds(0);
    QSignalSpy finished(&driver, &ReplayDriver::finished);
    QSignalSpy messages(&driver, &ReplayDriver::message);
    QSignalSpy added(&driver, &ReplayDriver::measurementAdded);
    driver.start(session, sessionPath);
    QVERIFY(finished.wait(10000));
    QCOMPARE(added.count(), 3); // the run goes on past the missing log
    QCOMPARE(messages.count(), 1);
    const QString text = messages.front().front().toString();
    QVERIFY2(text.contains(QStringLiteral("gone.flog")) && text.contains(QStringLiteral("shown as recorded")),
             qPrintable(text));
    QCOMPARE(added.at(1).front().value<Measurement>().report, gone.report);
}

void TestReplayDriver::singleLogOutcome_data()
{
    QTest::addColumn<QString>("log");
    QTest::addColumn<bool>("succeeded");
    QTest::addColumn<QString>("error");
    QTest::newRow("a failed build")
        << fixture(QStringLiteral("gui/mixed.flog")) << false
        << "nix exited with code 1: rust-wasm-0.1.0 failed: error[E0308]: mismatched types";
    QTest::newRow("an evaluation error")
        << fixture(QStringLiteral("gui/eval-error.flog")) << false << "nix exited with code 1";
    QTest::newRow("success") << fixture(QStringLiteral("gui/malformed.flog")) << true << "";
}

void TestReplayDriver::singleLogOutcome()
{
    QFETCH(QString, log);
    QFETCH(bool, succeeded);
    QFETCH(QString, error);
    ReplayDriver driver;
    driver.setSpeed(1000);
    QSignalSpy added(&driver, &ReplayDriver::measurementAdded);
    QSignalSpy finished(&driver, &ReplayDriver::finished);
    driver.startLog(log);
    QVERIFY(finished.wait(10000));
    QCOMPARE(added.count(), 1);
    const auto m = added.front().front().value<Measurement>();
    QCOMPARE(m.outcome == Measurement::Outcome::Succeeded, succeeded);
    QCOMPARE(m.error, error);
    QCOMPARE(m.wallUs, *LogFileReader::read(log).report.endUs);
}

void TestReplayDriver::untimedLogNotReplayed()
{
    ReplayDriver driver;
    QSignalSpy finished(&driver, &ReplayDriver::finished);
    QSignalSpy messages(&driver, &ReplayDriver::message);
    driver.startLog(fixture(QStringLiteral("gui/plain.log")));
    QVERIFY(finished.wait(5000));
    QCOMPARE(messages.count(), 1);
    QVERIFY2(messages.front().front().toString().contains(QStringLiteral("no arrival times")),
             qPrintable(messages.front().front().toString()));
}

void TestReplayDriver::emptyLogIsNoBuild_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("why");
    QTest::newRow("empty") << QByteArray() << "is empty";
    QTest::newRow("blank lines") << QByteArray("\n\n  \n") << "is empty";
    QTest::newRow("plain capture") << QByteArray("@nix {\"action\":\"msg\",\"level\":3,\"msg\":\"hi\"}\n")
                                   << "no arrival times";
}

// A lone log that holds no build is not replayed as one: no measurement is invented (it used to
// arrive as a succeeded build of 0 ms), and the replay ends failed with the reason.
void TestReplayDriver::emptyLogIsNoBuild()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, why);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("empty.flog"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
    f.close();
    ReplayDriver driver;
    QSignalSpy finished(&driver, &ReplayDriver::finished);
    QSignalSpy added(&driver, &ReplayDriver::measurementAdded);
    QSignalSpy messages(&driver, &ReplayDriver::message);
    driver.startLog(path);
    QVERIFY(finished.wait(5000));
    QCOMPARE(added.count(), 0);
    const Session played = finished.front().front().value<Session>();
    QCOMPARE(played.status, Session::Status::Failed);
    QVERIFY2(played.statusText.contains(why), qPrintable(played.statusText));
    QVERIFY(played.measurements.empty());
    QCOMPARE(messages.count(), 1);
}

void TestReplayDriver::cancelStops()
{
    const QString path = fixture(QStringLiteral("gui/sessions/tiny-quick.json"));
    QString error;
    const auto session = SessionStore::load(path, &error);
    QVERIFY2(session, qPrintable(error));
    ReplayDriver driver;
    driver.setSpeed(1);
    QSignalSpy finished(&driver, &ReplayDriver::finished);
    QSignalSpy updates(&driver, &ReplayDriver::buildUpdated);
    QSignalSpy added(&driver, &ReplayDriver::measurementAdded);
    driver.start(*session, path);
    QVERIFY(updates.wait(5000));
    driver.cancel();
    QCOMPARE(finished.count(), 1);
    const Session played = finished.front().front().value<Session>();
    QCOMPARE(played.status, Session::Status::Cancelled);
    QCOMPARE(played.statusText, QStringLiteral("replay stopped"));
    const int updatesAtCancel = updates.count();
    QTest::qWait(300);
    QCOMPARE(updates.count(), updatesAtCancel); // nothing after a cancel
    QCOMPARE(finished.count(), 1);
    QVERIFY(added.count() < static_cast<int>(session->measurements.size()));
    driver.cancel(); // twice is harmless
    QCOMPARE(finished.count(), 1);
}

void TestReplayDriver::destroyedWhileLoading()
{
    // A log still being read when the driver goes away: its result must go nowhere (AddressSanitizer
    // watches this in the asan build).
    const QString path = fixture(QStringLiteral("gui/sessions/tiny-quick.json"));
    QString error;
    const auto session = SessionStore::load(path, &error);
    QVERIFY2(session, qPrintable(error));
    for (int i = 0; i < 20; ++i) {
        auto driver = std::make_unique<ReplayDriver>();
        driver->start(*session, path);
        QCoreApplication::processEvents(); // the first load starts on the pool
        driver.reset();
    }
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
}

QTEST_GUILESS_MAIN(TestReplayDriver)
#include "tst_replaydriver.moc"
