// SPDX-License-Identifier: MIT
// The log engine against the real `nix` (Debian's nix-bin, offline, Flakeoff's own config):
// small derivations from tests/data/nix/scenarios.nix, built with fresh hashes every run.
#include "../common/ReportChecks.h"
#include "../common/Scenarios.h"
#include "NixRequired.h"
#include "log/BuildReportJson.h"
#include "log/LogFileReader.h"
#include "nix/NixEnvironment.h"
#include "nix/NixProcess.h"
#include "strategy/StrategyAvailability.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <map>

using namespace flakeoff;

namespace {
const QString kNixFile = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/nix/scenarios.nix");

struct Run
{
    bool ok = false;
    NixRunResult result;
    QString failure;
};

Run runNix(const QStringList &args, const QString &savedLog = {}, int timeoutMs = 120000)
{
    NixProcess process;
    process.setEnvironment(test::nixEnvironment());
    process.setSavedLogPath(savedLog);
    QSignalSpy finished(&process, &NixProcess::finished);
    QSignalSpy failed(&process, &NixProcess::failedToStart);
    process.start(NixEnvironment::findProgram(QStringLiteral("nix")), args);
    Run run;
    if (!finished.wait(timeoutMs) && failed.isEmpty()) {
        run.failure = QStringLiteral("nix did not finish in time");
        return run;
    }
    if (!failed.isEmpty()) {
        run.failure = failed.front().front().toString();
        return run;
    }
    run.result = finished.front().front().value<NixRunResult>();
    run.ok = true;
    return run;
}

// The machine's processes, any user's, by PID: their command lines (arguments joined by spaces).
// /proc, not signals: an unprivileged test may not signal a build user's process.
std::map<int, QByteArray> processes()
{
    std::map<int, QByteArray> out;
    const QDir proc(QStringLiteral("/proc"));
    for (const QString &entry : proc.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool isPid = false;
        const int pid = entry.toInt(&isPid);
        QFile cmdline(proc.filePath(entry + QStringLiteral("/cmdline")));
        if (isPid && cmdline.open(QIODevice::ReadOnly))
            out[pid] = cmdline.readAll().replace('\0', ' ');
    }
    return out;
}

// The parent of `pid` (/proc/PID/stat: "PID (name) state PPID …"; the name may hold spaces).
int parentOf(int pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray text = stat.readAll();
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    return fields.size() > 1 ? fields[1].toInt() : 0;
}

// The builders whose command line holds `marker` and their children, by PID.
std::map<int, QByteArray> builderAndChildren(const QByteArray &marker)
{
    const auto all = processes();
    std::map<int, QByteArray> builders;
    for (const auto &[pid, cmdline] : all)
        if (cmdline.contains(marker))
            builders[pid] = cmdline;
    std::map<int, QByteArray> out = builders;
    for (const auto &[pid, cmdline] : all)
        if (builders.count(parentOf(pid)))
            out[pid] = cmdline;
    return out;
}

// How many of `seen` still run (the same PID with the same command line).
int stillRunning(const std::map<int, QByteArray> &seen)
{
    const auto all = processes();
    int n = 0;
    for (const auto &[pid, cmdline] : seen)
        if (const auto it = all.find(pid); it != all.end() && it->second == cmdline)
            ++n;
    return n;
}

QStringList buildArgs(const QString &nonce, const QStringList &rest)
{
    return QStringList{QStringLiteral("build"),
                       QStringLiteral("-f"),
                       kNixFile,
                       QStringLiteral("--argstr"),
                       QStringLiteral("nonce"),
                       nonce,
                       QStringLiteral("--log-format"),
                       QStringLiteral("internal-json"),
                       QStringLiteral("--no-link")} +
           rest;
}
} // namespace

class TestLiveNix : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void scenarios_data();
    void scenarios();
    void buildLogsFlagOrder();
    void cancelKillsTheWholeProcessGroup();
    void missingProgramFailsToStart();
    void evaluationErrorIsReported();
    void evaluationErrorTextIsNixsMessage_data();
    void evaluationErrorTextIsNixsMessage();

private:
    // Nix 2.20 and newer print an evaluation error's trace first and no --show-trace hint after
    // it: the rows say what each version sends (this runs with the nix on PATH: 2.8 here, 2.26 in
    // /opt/flakeoff/nix-2.26/with-nix-2.26).
    bool traceFirst() const
    {
        return StrategyAvailability::compareVersions(m_nixVersion, QStringLiteral("2.20")) >= 0;
    }

    QString m_nonce;
    QString m_nixVersion;
    QTemporaryDir m_dir;
};

void TestLiveNix::initTestCase()
{
    FLAKEOFF_SKIP_WITHOUT_NIX();
    QVERIFY(m_dir.isValid());
    QProcess nix;
    nix.setProcessEnvironment(test::nixEnvironment());
    nix.start(NixEnvironment::findProgram(QStringLiteral("nix")), {QStringLiteral("--version")});
    QVERIFY(nix.waitForFinished(30000)); // a test may block; the app never does
    m_nixVersion = StrategyAvailability::parseNixVersion(QString::fromUtf8(nix.readAllStandardOutput()));
    QVERIFY2(!m_nixVersion.isEmpty(), "nix --version names its version");
    qInfo("testing with Nix %s", qPrintable(m_nixVersion));
    m_nonce = QStringLiteral("live-%1-%2")
                  .arg(QDateTime::currentMSecsSinceEpoch())
                  .arg(QRandomGenerator::global()->generate());
}

void TestLiveNix::scenarios_data()
{
    QTest::addColumn<int>("index");
    const auto all = test::scenarios();
    for (int i = 0; i < static_cast<int>(all.size()); ++i)
        QTest::newRow(qPrintable(all[static_cast<std::size_t>(i)].name)) << i;
}

void TestLiveNix::scenarios()
{
    QFETCH(int, index);
    const auto scenario = test::scenarios()[static_cast<std::size_t>(index)];
    // "noop" rebuilds what "chain" built: same nonce, so the same derivations.
    const QString nonce =
        m_nonce + QLatin1Char('-') + (scenario.needsPriorBuild ? QStringLiteral("chain") : scenario.name);
    if (scenario.needsPriorBuild) {
        const Run prior = runNix(buildArgs(nonce, scenario.nixArgs));
        QVERIFY2(prior.ok && prior.result.succeeded(), qPrintable(prior.failure + prior.result.errorText));
    }
    const QString saved = m_dir.filePath(scenario.name + QStringLiteral(".flog"));
    const Run run = runNix(buildArgs(nonce, scenario.nixArgs), saved);
    QVERIFY2(run.ok, qPrintable(run.failure));
    const auto &result = run.result;
    QCOMPARE(result.exitCode, scenario.exitCode);
    QVERIFY(!result.crashed);
    QCOMPARE(result.succeeded(), scenario.exitCode == 0);
    QVERIFY(!result.succeeded() == !result.errorText.isEmpty());
    const BuildReport &report = *result.report;
    FLAKEOFF_CHECK_REPORT(report, scenario);
    QCOMPARE(*report.wallUs(), result.wallUs);
    QVERIFY(result.cpuUserUs >= 0 && result.cpuSystemUs >= 0);
    if (!scenario.builds.empty())
        QVERIFY2(result.cpuUserUs + result.cpuSystemUs > 0, "builders ran, so the process tree used CPU");

    // The saved log gives back exactly the report seen live.
    const auto reread = LogFileReader::read(saved);
    QVERIFY2(reread.ok, qPrintable(reread.error));
    const auto patch =
        nlohmann::json::diff(BuildReportJson::toJson(report), BuildReportJson::toJson(reread.report));
    QVERIFY2(patch.empty(), patch.dump().c_str());

    if (scenario.name == QLatin1String("keep-going")) {
        const auto *fail = test::findByName(report, QStringLiteral("quick-fail"));
        const auto *slow = test::findByName(report, QStringLiteral("slow"));
        QVERIFY(*fail->endUs + 500000 < *slow->endUs);
    }
    if (scenario.name == QLatin1String("parallel")) {
        const auto &a = report.builds[0];
        const auto &b = report.builds[1];
        QVERIFY(*a.startUs < *b.endUs && *b.startUs < *a.endUs);
    }
    if (scenario.exitCode != 0)
        QVERIFY2(result.errorText.contains(QStringLiteral("failed")), qPrintable(result.errorText));
}

void TestLiveNix::buildLogsFlagOrder()
{
    // Nix 2.8 quirk the runner depends on: `-L` after `--log-format internal-json` switches the
    // format back to the progress bar; before it, the log stays JSON.
    const QString nonce = m_nonce + QStringLiteral("-flag-order");
    const Run before = runNix(QStringList{QStringLiteral("build"), QStringLiteral("-L")} +
                              buildArgs(nonce, {QStringLiteral("sleeper")}).mid(1));
    QVERIFY(before.ok);
    QCOMPARE(before.result.report->builds.size(), std::size_t{1});
    QCOMPARE(before.result.report->malformedCount, std::int64_t{0});
}

void TestLiveNix::cancelKillsTheWholeProcessGroup()
{
    // The builder runs as the user's Nix runs it (here as root with build users, or through a
    // daemon as its child; in the sandbox): the test finds it among the machine's processes by
    // its command line, which names this test's nonce.
    const QString nonce = m_nonce + QStringLiteral("-cancel");
    const QByteArray marker = "flakeoff-forever " + nonce.toUtf8();
    NixProcess process;
    process.setEnvironment(test::nixEnvironment());
    QSignalSpy finished(&process, &NixProcess::finished);
    process.start(NixEnvironment::findProgram(QStringLiteral("nix")),
                  buildArgs(nonce, {QStringLiteral("forever")}));
    // Wait until the builder and its sleeping child run and the report shows it building.
    std::map<int, QByteArray> builder;
    QTRY_VERIFY_WITH_TIMEOUT((builder = builderAndChildren(marker)).size() >= 2, 60000);
    QTRY_VERIFY_WITH_TIMEOUT(!process.currentReport()->builds.empty(), 10000);

    process.cancel();
    QVERIFY(finished.wait(10000));
    const auto result = finished.front().front().value<NixRunResult>();
    QVERIFY(result.cancelled);
    QVERIFY(!result.succeeded());
    QCOMPARE(result.errorText, QStringLiteral("cancelled"));
    QCOMPARE(result.report->builds.size(), std::size_t{1});
    QCOMPARE(result.report->builds[0].status, BuildStatus::Interrupted);
    // The builder and its child (the nix process's grandchildren, or the daemon's) are gone
    // too, not left sleeping.
    QTRY_COMPARE_WITH_TIMEOUT(stillRunning(builder), 0, 5000);
}

void TestLiveNix::missingProgramFailsToStart()
{
    NixProcess process;
    QSignalSpy failed(&process, &NixProcess::failedToStart);
    QSignalSpy finished(&process, &NixProcess::finished);
    process.start(QStringLiteral("/nonexistent/nix"), {QStringLiteral("build")});
    QVERIFY(failed.wait(5000));
    QVERIFY(failed.front().front().toString().contains(QStringLiteral("cannot start /nonexistent/nix")));
    QCOMPARE(finished.count(), 0);
}

void TestLiveNix::evaluationErrorIsReported()
{
    const Run run = runNix(buildArgs(m_nonce, {QStringLiteral("no-such-attribute")}));
    QVERIFY(run.ok);
    QCOMPARE(run.result.exitCode, 1);
    QVERIFY(run.result.report->builds.empty());
    bool found = false;
    for (const auto &m : run.result.report->messages)
        found = found || (m.level == 0 &&
                          QString::fromStdString(m.text).contains(QStringLiteral("no-such-attribute")));
    QVERIFY2(found, "the evaluation error is in the report's messages");
    QVERIFY2(run.result.errorText.contains(QStringLiteral("no-such-attribute")),
             qPrintable(run.result.errorText));
}

void TestLiveNix::evaluationErrorTextIsNixsMessage_data()
{
    QTest::addColumn<QByteArray>("expression");
    QTest::addColumn<QString>("message"); // what errorText must contain
    QTest::addColumn<bool>("hinted");     // Nix 2.8 sends "(use '--show-trace' …)" after it; 2.26 does not
    // The source line Nix quotes below its message (only in the full `msg`, not in raw_msg);
    // empty where Nix 2.8 gives no position (throw, abort).
    QTest::addColumn<QString>("sourceLine");
    const bool hint = !traceFirst();
    QTest::newRow("throw") << QByteArray("throw \"flakeoff-thrown-message\"\n")
                           << QStringLiteral("error: flakeoff-thrown-message") << hint << QString();
    QTest::newRow("abort")
        << QByteArray("abort \"flakeoff-aborted-message\"\n")
        << QStringLiteral("evaluation aborted with the following error message: 'flakeoff-aborted-message'")
        << hint << QString();
    QTest::newRow("type error") << QByteArray("{ x = 1 + \"flakeoff\"; }.x\n")
                                << QStringLiteral("error: cannot add a string to an integer") << hint
                                << QStringLiteral("1| { x = 1 + \"flakeoff\"; }.x");
    QTest::newRow("TOML parse error") << QByteArray("builtins.fromTOML \"a = \"\n")
                                      << (traceFirst() ? QStringLiteral("error: while parsing TOML: [error]")
                                                       : QStringLiteral("error: while parsing a TOML string"))
                                      << hint << QStringLiteral("1| builtins.fromTOML \"a = \"");
    QTest::newRow("undefined variable")
        << QByteArray("flakeoffUndefinedVariable\n")
        << QStringLiteral("error: undefined variable 'flakeoffUndefinedVariable'") << false
        << QStringLiteral("1| flakeoffUndefinedVariable");
}

void TestLiveNix::evaluationErrorTextIsNixsMessage()
{
    QFETCH(QByteArray, expression);
    QFETCH(QString, message);
    QFETCH(bool, hinted);
    QFETCH(QString, sourceLine);
    const QString file = m_dir.filePath(
        QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-')) +
        QStringLiteral(".nix"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly) && f.write(expression) == expression.size());
    f.close();
    const Run run =
        runNix({QStringLiteral("build"), QStringLiteral("-f"), file, QStringLiteral("--log-format"),
                QStringLiteral("internal-json"), QStringLiteral("--no-link")});
    QVERIFY2(run.ok, qPrintable(run.failure));
    QCOMPARE(run.result.exitCode, 1);
    QVERIFY(run.result.report->builds.empty());
    // The case this is about: the hint is Nix's last error-level message, after the real one.
    const auto &messages = run.result.report->messages;
    QVERIFY(!messages.empty());
    QCOMPARE(QString::fromStdString(messages.back().text).contains(QStringLiteral("--show-trace")), hinted);
    const QString &error = run.result.errorText;
    QVERIFY2(error.startsWith(QStringLiteral("nix: the build or its evaluation failed (exit 1): error: ")),
             qPrintable(error));
    // Nix's message on the first line, whichever version (2.26 prints its trace first).
    QVERIFY2(error.section(QLatin1Char('\n'), 0, 0).contains(message), qPrintable(error));
    QVERIFY2(!error.contains(QStringLiteral("show-trace")), qPrintable(error));
    if (QTest::currentDataTag() != QByteArrayLiteral("throw") &&
        QTest::currentDataTag() != QByteArrayLiteral("abort"))
        QVERIFY2(error.contains(file), qPrintable(error)); // the excerpt's location stays with the message
    if (!sourceLine.isEmpty())
        QVERIFY2(error.contains(sourceLine), qPrintable(error)); // and the line Nix quotes from it
}

QTEST_GUILESS_MAIN(TestLiveNix)
#include "tst_livenix.moc"
