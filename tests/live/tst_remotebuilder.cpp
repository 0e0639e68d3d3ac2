// SPDX-License-Identifier: MIT
// The runner through a real remote builder (scripts/remote-builder-2.26.sh: sshd on 127.0.0.1
// serving a second Nix 2.26 store over ssh-ng://; the runner in the local 2.26 store with the
// builder in Nix's configuration and --max-jobs 0). A layout model runs cold, no-op and cold
// again: every derivation is built on the builder, its copying apart from its build time, and the
// second cold step builds there again because the outputs were deleted in the builder's store
// too (before, the builder only sent them back). A builder that cannot be reached, or a machines
// file that cannot be read, stops the run before anything builds.
//
// The builder needs root and Nix 2.26 (scripts/setup.sh --with-remote-builder); without them the
// test is skipped, or fails under FLAKEOFF_REQUIRE_NIX=1 (scripts/test.sh).
#include "NixRequired.h"
#include "SessionLookup.h"
#include "session/SessionStore.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <optional>

#include <unistd.h>

using namespace flakeoff;
using flakeoff::testing::builtNames;
using flakeoff::testing::findMeasurement;

namespace {
const QString kScript = QStringLiteral(FLAKEOFF_SOURCE_DIR "/scripts/remote-builder-2.26.sh");
const QString kWorkspace = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/workspaces/small-sample");
// The machine Nix names in the log and the machines file (remote-builder-2.26.sh).
const QString kBuilder = QStringLiteral("ssh-ng://root@localhost");

QString remotePrefix()
{
    const QString given = qEnvironmentVariable("FLAKEOFF_REMOTE_PREFIX");
    return given.isEmpty() ? QStringLiteral("/opt/flakeoff/nix-2.26-remote") : given;
}

struct CliRun
{
    int exitCode = -1;
    QString output;
    std::optional<Session> session;
    QString error; // why the session could not be read
};

// flakeoff-cli `args` (optionally inside `wrapper`), with `environment`; its session from `out`.
CliRun runCli(const QString &wrapper, const QStringList &args, const QString &out,
              const QProcessEnvironment &environment)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.setProcessEnvironment(environment);
    QStringList command{QStringLiteral(FLAKEOFF_CLI_PATH)};
    command << args << QStringLiteral("--out") << out;
    if (wrapper.isEmpty())
        p.start(command.takeFirst(), command);
    else
        p.start(wrapper, command);
    CliRun r;
    if (!p.waitForFinished(600000)) {
        p.kill();
        p.waitForFinished();
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.output = QString::fromUtf8(p.readAll());
    r.session = SessionStore::load(out, &r.error);
    return r;
}

bool writeFile(const QString &path, const QByteArray &text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}
} // namespace

class TestRemoteBuilder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void refusedBeforeBuilding_data();
    void refusedBeforeBuilding();
    void coldNoopColdOnTheBuilder();

private:
    QTemporaryDir m_dir;
    bool m_stopBuilder = false; // this test started the builder's sshd
};

void TestRemoteBuilder::initTestCase()
{
    FLAKEOFF_SKIP_WITHOUT_NIX();
    QVERIFY(m_dir.isValid());
}

void TestRemoteBuilder::cleanupTestCase()
{
    if (m_stopBuilder)
        QProcess::execute(QStringLiteral("bash"), {kScript, QStringLiteral("stop")});
}

void TestRemoteBuilder::refusedBeforeBuilding_data()
{
    QTest::addColumn<QString>("builders"); // the run's --builders ("@loop": a file naming itself)
    QTest::addColumn<QString>("why");      // what the session's status says
    // Nothing listens on 127.0.0.2's port 1 (NIX_SSHOPTS below): ssh is refused at once.
    QTest::newRow("unreachable") << "ssh://root@127.0.0.2 x86_64-linux"
                                 << "the remote builder ssh://root@127.0.0.2 cannot be reached";
    QTest::newRow("machines file naming itself") << "@loop"
                                                 << "machines files nest more than";
}

// With the system's Nix, no builder needed: the run stops before its first build, says why,
// and every strategy is recorded as not run.
void TestRemoteBuilder::refusedBeforeBuilding()
{
    QFETCH(QString, builders);
    QFETCH(QString, why);
    const QString tag =
        QString::fromUtf8(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'));
    if (builders == QLatin1String("@loop")) {
        const QString loop = m_dir.filePath(QStringLiteral("loop-machines"));
        QVERIFY(writeFile(loop, QStringLiteral("@%1\n").arg(loop).toUtf8()));
        builders = QLatin1Char('@') + loop;
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("NIX_SSHOPTS"), QStringLiteral("-p 1 -o BatchMode=yes -o ConnectTimeout=10"));
    const QString out = m_dir.filePath(tag + QStringLiteral(".json"));
    const CliRun r =
        runCli({},
               {QStringLiteral("run"), QStringLiteral("--workspace"), kWorkspace,
                QStringLiteral("--strategies"), QStringLiteral("monolithic"), QStringLiteral("--targets"),
                QStringLiteral("app"), QStringLiteral("--scenario"), QStringLiteral("quick"),
                QStringLiteral("--nix-option=--builders"), QStringLiteral("--nix-option=") + builders},
               out, env);
    QVERIFY2(r.exitCode != 0, qPrintable(r.output));
    QVERIFY2(r.output.contains(why), qPrintable(r.output));
    QVERIFY2(r.session, qPrintable(r.error + QLatin1Char('\n') + r.output));
    QCOMPARE(r.session->status, Session::Status::Failed);
    QVERIFY2(r.session->statusText.contains(why), qPrintable(r.session->statusText));
    QVERIFY(r.session->measurements.empty());
    QVERIFY2(r.session->skipped.count(QStringLiteral("monolithic")) &&
                 r.session->skipped.at(QStringLiteral("monolithic")).contains(why),
             qPrintable(r.output));
}

void TestRemoteBuilder::coldNoopColdOnTheBuilder()
{
    const bool required = qEnvironmentVariableIntValue("FLAKEOFF_REQUIRE_NIX") != 0;
    auto cannot = [required](const QString &why) {
        if (required)
            QFAIL(qPrintable(QStringLiteral("the remote builder cannot be made: ") + why));
        QSKIP(qPrintable(QStringLiteral("the remote builder cannot be made: ") + why));
    };
    if (geteuid() != 0)
        return cannot(QStringLiteral("it needs root (sshd, mount namespaces)"));

    // The builder: its sshd, two Nix 2.26 stores, the machines file (idempotent).
    QProcess status;
    status.start(QStringLiteral("bash"), {kScript, QStringLiteral("status")});
    status.waitForFinished(60000);
    const bool wasRunning = QString::fromUtf8(status.readAll()).contains(QLatin1String("sshd running"));
    QProcess start;
    start.setProcessChannelMode(QProcess::MergedChannels);
    start.start(QStringLiteral("bash"), {kScript, QStringLiteral("start")});
    const bool finished = start.waitForFinished(900000);
    const QString startOutput = QString::fromUtf8(start.readAll());
    if (!finished || start.exitStatus() != QProcess::NormalExit || start.exitCode() != 0)
        return cannot(QStringLiteral("%1 start failed:\n%2").arg(kScript, startOutput.right(3000)));
    m_stopBuilder = !wasRunning;
    const QString prefix = remotePrefix();
    const QString wrapper = prefix + QStringLiteral("/with-remote-builder");
    const QString machines = prefix + QStringLiteral("/machines");
    QVERIFY2(QFile::exists(wrapper) && QFile::exists(machines), qPrintable(startOutput));

    // cold, no-op, cold again: the second cold step finds the outputs the first built here and
    // on the builder.
    const QString scenario = m_dir.filePath(QStringLiteral("cold-noop-cold.json"));
    QVERIFY(writeFile(scenario, R"({"schema": 1, "name": "cold-noop-cold", "steps": [
        {"id": "cold", "kind": "cold"}, {"id": "noop", "kind": "noop"},
        {"id": "cold-again", "kind": "cold"}]})"));
    // The builder comes from Nix's configuration, as a user sets it (`nix config show`), and
    // every build goes there.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QString userConfig = env.value(QStringLiteral("NIX_CONFIG"));
    env.insert(QStringLiteral("NIX_CONFIG"),
               (userConfig.isEmpty() ? QString() : userConfig + QLatin1Char('\n')) +
                   QStringLiteral("builders = @%1\nmax-jobs = 0").arg(machines));
    const QString out = m_dir.filePath(QStringLiteral("remote.json"));
    const CliRun r =
        runCli(wrapper,
               {QStringLiteral("run"), QStringLiteral("--workspace"), kWorkspace,
                QStringLiteral("--strategies"), QStringLiteral("monolithic"), QStringLiteral("--targets"),
                QStringLiteral("app"), QStringLiteral("--scenario"), scenario},
               out, env);
    QVERIFY2(r.exitCode == 0, qPrintable(r.output));
    QVERIFY2(r.session, qPrintable(r.error + QLatin1Char('\n') + r.output));
    const Session &s = *r.session;
    QCOMPARE(s.status, Session::Status::Finished);
    QVERIFY2(s.environment.nixVersion.contains(QLatin1String("2.26")), qPrintable(s.environment.nixVersion));
    QCOMPARE(s.environment.remoteBuilders, QStringList{kBuilder});

    const Measurement *noop = findMeasurement(s, QStringLiteral("monolithic"), QStringLiteral("noop"));
    QVERIFY(noop);
    QCOMPARE(noop->outcome, Measurement::Outcome::Succeeded);
    QCOMPARE(noop->builtCount(), std::int64_t{0});

    QStringList firstBuilt;
    for (const QString &step : {QStringLiteral("cold"), QStringLiteral("cold-again")}) {
        const Measurement *m = findMeasurement(s, QStringLiteral("monolithic"), step);
        QVERIFY2(m, qPrintable(step));
        QVERIFY2(m->outcome == Measurement::Outcome::Succeeded,
                 qPrintable(step + QStringLiteral(": ") + m->error));
        QVERIFY(m->report);
        const QStringList built = builtNames(*m);
        QVERIFY2(!built.isEmpty(), qPrintable(step));
        for (const QString &note : m->notes)
            QVERIFY2(!note.startsWith(QLatin1String("kept ")) &&
                         !note.contains(QLatin1String("could not delete")) &&
                         !note.contains(QLatin1String("only sent them back")),
                     qPrintable(step + QStringLiteral(": ") + note));
        for (const DerivationBuild &b : m->report->builds) {
            if (b.status != BuildStatus::Built)
                continue;
            const QString what = step + QStringLiteral(": ") + QString::fromStdString(b.name);
            // Built on the builder, by the builder: its own build activity came through (a
            // builder that still had the output would only send it back).
            QVERIFY2(QString::fromStdString(b.machine) == kBuilder, qPrintable(what));
            QVERIFY2(!b.onlyCopiedBack, qPrintable(what + QStringLiteral(": only copied back")));
            // The copying (connecting, inputs there, outputs back) is apart from the build time,
            // and the two together fit in the step's wall time.
            const TimeUs duration = b.durationUs();
            QVERIFY2(b.copyUs.value_or(0) > 0, qPrintable(what));
            QVERIFY2(duration.value_or(0) > 0, qPrintable(what));
            QVERIFY2(*duration + *b.copyUs <= m->wallUs, qPrintable(what));
        }
        if (step == QLatin1String("cold")) {
            firstBuilt = built;
            continue;
        }
        // The second cold step rebuilt on the builder what the first built: those outputs were
        // deleted there, and the notes say so.
        QCOMPARE(built, firstBuilt);
        const QString deletedThere =
            QStringLiteral("deleted before building on the remote builder %1: ").arg(kBuilder);
        const auto note = std::find_if(m->notes.begin(), m->notes.end(),
                                       [&](const QString &n) { return n.startsWith(deletedThere); });
        QVERIFY2(note != m->notes.end(), qPrintable(m->notes.join(QLatin1Char('\n'))));
        for (const QString &name : built)
            QVERIFY2(note->contains(name), qPrintable(*note + QStringLiteral(" lacks ") + name));
    }
}

QTEST_GUILESS_MAIN(TestRemoteBuilder)
#include "tst_remotebuilder.moc"
