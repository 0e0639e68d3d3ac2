// SPDX-License-Identifier: MIT
// SessionFiles: new session paths never clash; "save as" moves a session with its logs, so the
// copy can still be replayed and traced.
#include "session/SessionFiles.h"
#include "session/SessionStore.h"

#include <QDirIterator>
#include <QTemporaryDir>
#include <QTest>

using namespace flakeoff;

namespace {
QStringList filesUnder(const QString &root)
{
    QStringList out;
    QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        out << QDir(root).relativeFilePath(it.next());
    out.sort();
    return out;
}
} // namespace

class TestSessionFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void newPathsAreFreshAndSafe_data();
    void newPathsAreFreshAndSafe();
    void saveAsCopiesLogs();
    void saveAsWithoutLogs();
    void saveAsFailsReadably();
};

void TestSessionFiles::newPathsAreFreshAndSafe_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("suffix");
    QTest::newRow("built-in") << "quick"
                              << "-quick.json";
    QTest::newRow("spaces and slashes") << "my / odd name"
                                        << "-my-odd-name.json";
    QTest::newRow("empty") << ""
                           << "-session.json";
}

void TestSessionFiles::newPathsAreFreshAndSafe()
{
    QFETCH(QString, scenario);
    QFETCH(QString, suffix);
    QTemporaryDir dir;
    const QDateTime when(QDate(2026, 11, 25), QTime(9, 44, 52));
    const QString first = SessionFiles::newSessionPath(dir.path(), scenario, when);
    QCOMPARE(QFileInfo(first).absolutePath(), QFileInfo(dir.path()).absoluteFilePath());
    QCOMPARE(QFileInfo(first).fileName(), QStringLiteral("2026-11-25_094452") + suffix);
    // Taken (by the file or by its logs folder): the next one differs.
    QVERIFY(QDir().mkpath(SessionStore::logFolder(first)));
    const QString second = SessionFiles::newSessionPath(dir.path(), scenario, when);
    QVERIFY(second != first);
    QVERIFY(!QFileInfo::exists(second));
}

void TestSessionFiles::saveAsCopiesLogs()
{
    const QString source =
        QFileInfo(QFINDTESTDATA("../data/gui/sessions/tiny-quick.json")).absoluteFilePath();
    QString error;
    const auto session = SessionStore::load(source, &error);
    QVERIFY2(session, qPrintable(error));
    QTemporaryDir dir;
    const QString target = dir.filePath(QStringLiteral("deeper/copy.json"));
    QVERIFY2(SessionFiles::saveAs(*session, source, target, &error), qPrintable(error));
    QCOMPARE(filesUnder(SessionStore::logFolder(target)), filesUnder(SessionStore::logFolder(source)));
    QVERIFY(!filesUnder(SessionStore::logFolder(target)).isEmpty());
    const auto copy = SessionStore::load(target, &error);
    QVERIFY2(copy, qPrintable(error));
    QCOMPARE(copy->measurements.size(), session->measurements.size());
    // Every measurement's log is found beside the copy.
    for (const auto &m : copy->measurements)
        QVERIFY2(QFileInfo::exists(SessionStore::logFolder(target) + QLatin1Char('/') + m.logFile),
                 qPrintable(m.logFile));
    // Saving onto itself keeps the logs (nothing is copied over itself).
    QVERIFY2(SessionFiles::saveAs(*copy, target, target, &error), qPrintable(error));
    QCOMPARE(filesUnder(SessionStore::logFolder(target)), filesUnder(SessionStore::logFolder(source)));
}

void TestSessionFiles::saveAsWithoutLogs()
{
    Session s;
    s.scenario.name = QStringLiteral("none");
    QTemporaryDir dir;
    QString error;
    QVERIFY2(SessionFiles::saveAs(s, {}, dir.filePath(QStringLiteral("s.json")), &error), qPrintable(error));
    QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("s.json"))));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("s.logs"))));
}

void TestSessionFiles::saveAsFailsReadably()
{
    QTemporaryDir dir;
    QFile blocker(dir.filePath(QStringLiteral("file")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    Session s;
    QString error;
    // A folder cannot be made inside a file.
    QVERIFY(!SessionFiles::saveAs(s, {}, dir.filePath(QStringLiteral("file/s.json")), &error));
    QVERIFY2(error.contains(QStringLiteral("cannot create the folder")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestSessionFiles)
#include "tst_sessionfiles.moc"
