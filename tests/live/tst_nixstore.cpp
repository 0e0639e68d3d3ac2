// SPDX-License-Identifier: MIT
// NixStore asks Nix, not the disk: an output is "there" when Nix holds it valid, so a folder under
// the store directory that Nix does not know is not an output, and a deleted one is gone. Asked
// of another store (onStore, as of a remote builder's), it answers and deletes there, never here.
#include "NixRequired.h"
#include "nix/NixCommandSlot.h"
#include "nix/NixEnvironment.h"
#include "nix/NixStore.h"

#include <QDir>
#include <QEventLoop>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <optional>

using namespace flakeoff;

namespace {
// Runs a nix command with Flakeoff's environment; its trimmed standard output.
QString nixOutput(const QString &program, const QStringList &args)
{
    QProcess p;
    p.setProcessEnvironment(test::nixEnvironment());
    p.start(NixEnvironment::findProgram(program), args);
    if (!p.waitForFinished(120000) || p.exitCode() != 0)
        return {};
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}
} // namespace

class TestNixStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void validOutputsComeFromNix();
    void anotherStoreAnswersForItself();
    void unreachableStoreIsSaid();
    void deletedOutputIsGone();
    void urlNamesTheStoreNixUses();

private:
    QStringList existing(const QStringList &drvs);
    QStringList valid(const QStringList &paths);
    NixCommandSlot m_slot{this, [] { return false; }};
    NixStore m_store{m_slot};
    QString m_drv;
    QString m_out;
};

namespace {
// The answer of a NixStore question that calls back once.
template <typename Result, typename Ask> Result answer(Ask ask)
{
    QEventLoop loop;
    std::optional<Result> result;
    ask([&](const Result &r) {
        result = r;
        loop.quit();
    });
    if (!result) // an empty question is answered at once
        loop.exec();
    return *result;
}
} // namespace

QStringList TestNixStore::existing(const QStringList &drvs)
{
    QEventLoop loop;
    std::optional<QStringList> result;
    m_store.existingOutputs(drvs, [&](const QStringList &paths) {
        result = paths;
        loop.quit();
    });
    if (!result) // an empty question is answered at once
        loop.exec();
    return *result;
}

QStringList TestNixStore::valid(const QStringList &paths)
{
    QEventLoop loop;
    std::optional<QStringList> result;
    m_store.validPaths(paths, [&](const QStringList &v) {
        result = v;
        loop.quit();
    });
    if (!result) // an empty question is answered at once
        loop.exec();
    return *result;
}

void TestNixStore::initTestCase()
{
    FLAKEOFF_SKIP_WITHOUT_NIX();
    // A derivation of its own (a fresh nonce: never built before), realised.
    const QString nonce = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString expr =
        QStringLiteral("derivation { name = \"flakeoff-store-test\"; system = builtins.currentSystem; "
                       "builder = \"/bin/sh\"; args = [ \"-c\" \"echo %1 > $out\" ]; }")
            .arg(nonce);
    m_drv = nixOutput(QStringLiteral("nix-instantiate"), {QStringLiteral("--expr"), expr});
    QVERIFY2(m_drv.endsWith(QStringLiteral(".drv")), qPrintable(m_drv));
    m_out = nixOutput(QStringLiteral("nix-store"), {QStringLiteral("--realise"), m_drv});
    QVERIFY2(QFileInfo::exists(m_out), qPrintable(m_out));
}

void TestNixStore::validOutputsComeFromNix()
{
    QCOMPARE(existing({m_drv}), QStringList{m_out});
    // A folder in the store directory with a store path's name that Nix never registered: on
    // disk, but not in the store.
    const QString storeDir = QFileInfo(m_out).absolutePath();
    const QString stray = storeDir + QStringLiteral("/") + QString(32, QLatin1Char('a')) +
                          QStringLiteral("-flakeoff-not-registered-") +
                          QUuid::createUuid().toString(QUuid::Id128).left(8);
    if (!QDir().mkpath(stray))
        QSKIP("cannot write to the store directory (not its owner): the stray folder case needs it");
    const auto cleanup = qScopeGuard([&] { QDir(stray).removeRecursively(); });
    QVERIFY(QFileInfo::exists(stray));
    QCOMPARE(valid({stray, m_out}), QStringList{m_out});
    QCOMPARE(valid({}), QStringList{});
}

// A second store on this machine (a local store rooted in a folder, as `--store` names a remote
// builder's): it holds a copy of the output; asked there, Nix says so and deletes it there, and
// this machine's store keeps its own.
void TestNixStore::anotherStoreAnswersForItself()
{
    QTemporaryDir root;
    QVERIFY(root.isValid());
    const QString url = QStringLiteral("local?root=") + root.path();
    QProcess copy;
    copy.setProcessEnvironment(test::nixEnvironment());
    copy.start(
        NixEnvironment::findProgram(QStringLiteral("nix")),
        {QStringLiteral("copy"), QStringLiteral("--no-check-sigs"), QStringLiteral("--to"), url, m_out});
    QVERIFY(copy.waitForFinished(120000));
    QVERIFY2(copy.exitCode() == 0, copy.readAllStandardError().constData());

    NixStore other = m_store.onStore(url);
    QCOMPARE(other.storeUrl(), url);
    QCOMPARE(answer<QString>([&](auto then) { other.reach(then); }), QString());
    QCOMPARE(answer<QStringList>([&](auto then) { other.validPaths({m_out}, then); }), QStringList{m_out});
    const auto deletion =
        answer<NixStore::Deletion>([&](auto then) { other.deleteWithReferrers({m_out}, then); });
    QVERIFY2(deletion.error.isEmpty(), qPrintable(deletion.error));
    QCOMPARE(deletion.deleted, QStringList{m_out});
    QCOMPARE(answer<QStringList>([&](auto then) { other.validPaths({m_out}, then); }), QStringList{});
    QCOMPARE(valid({m_out}), QStringList{m_out}); // this machine's copy stays
    QVERIFY(QFileInfo::exists(m_out));
}

// A store Nix cannot open: reach() gives Nix's words, which name it.
void TestNixStore::unreachableStoreIsSaid()
{
    const QString url = QStringLiteral("unix:///nonexistent/flakeoff/daemon-socket");
    const QString problem = answer<QString>([&](auto then) { m_store.onStore(url).reach(then); });
    QVERIFY2(problem.contains(QLatin1String("--store ")) && problem.contains(url), qPrintable(problem));
}

void TestNixStore::deletedOutputIsGone()
{
    QEventLoop loop;
    NixStore::Deletion deletion;
    m_store.deleteWithReferrers({m_out}, [&](const NixStore::Deletion &d) {
        deletion = d;
        loop.quit();
    });
    loop.exec();
    QVERIFY2(deletion.error.isEmpty(), qPrintable(deletion.error));
    QVERIFY(deletion.deleted.contains(m_out));
    QCOMPARE(existing({m_drv}), QStringList{});
}

void TestNixStore::urlNamesTheStoreNixUses()
{
    const auto url = [this](const QString &storeUrl) {
        QEventLoop loop;
        std::optional<QString> result;
        m_store.onStore(storeUrl).url([&](const QString &u) {
            result = u;
            loop.quit();
        });
        loop.exec();
        return *result;
    };
    const QString used = url(QString());
    QVERIFY(!used.isEmpty());
    // Through the user's daemon, Nix names its socket.
    const QString remote = qEnvironmentVariable("NIX_REMOTE");
    if (remote.startsWith(QStringLiteral("unix://")))
        QCOMPARE(used, remote);
    // A store Nix cannot reach has no URL.
    QCOMPARE(url(QStringLiteral("unix:///nonexistent/flakeoff-no-socket")), QString());
}

QTEST_GUILESS_MAIN(TestNixStore)
#include "tst_nixstore.moc"
