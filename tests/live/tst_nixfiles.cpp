// SPDX-License-Identifier: MIT
// Every Nix file Flakeoff ships parses with the real Nix (`nix-instantiate --parse`): the real
// strategy flakes cannot be built offline, so this is the check that works everywhere.
#include "NixRequired.h"
#include "nix/NixEnvironment.h"

#include <QDirIterator>
#include <QProcess>
#include <QTest>

using namespace flakeoff;

class TestNixFiles : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void parses_data();
    void parses();
    void syntaxErrorIsCaught();
};

void TestNixFiles::initTestCase()
{
    if (NixEnvironment::findProgram(QStringLiteral("nix-instantiate")).isEmpty()) {
        if (qEnvironmentVariableIntValue("FLAKEOFF_REQUIRE_NIX"))
            QFAIL("nix-instantiate not found: run scripts/setup.sh");
        QSKIP("nix-instantiate not found");
    }
}

void TestNixFiles::parses_data()
{
    QTest::addColumn<QString>("file");
    int count = 0;
    for (const QString &root : {QStringLiteral(FLAKEOFF_SOURCE_DIR "/variants"),
                                QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data")}) {
        QDirIterator it(root, {QStringLiteral("*.nix")}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QTest::newRow(qPrintable(path.mid(static_cast<qsizetype>(sizeof(FLAKEOFF_SOURCE_DIR))))) << path;
            ++count;
        }
    }
    QVERIFY(count >= 16); // 4 strategies × 2 layouts × (flake.nix + default.nix) at least
}

void TestNixFiles::parses()
{
    QFETCH(QString, file);
    QProcess p;
    p.setProcessEnvironment(test::nixEnvironment());
    p.start(NixEnvironment::findProgram(QStringLiteral("nix-instantiate")),
            {QStringLiteral("--parse"), file});
    QVERIFY(p.waitForFinished(30000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
}

void TestNixFiles::syntaxErrorIsCaught()
{
    // The check itself can fail: a broken file is rejected.
    QProcess p;
    p.setProcessEnvironment(test::nixEnvironment());
    p.start(NixEnvironment::findProgram(QStringLiteral("nix-instantiate")),
            {QStringLiteral("--parse"), QStringLiteral("-E"), QStringLiteral("{ a = ; }")});
    QVERIFY(p.waitForFinished(30000));
    QVERIFY(p.exitCode() != 0);
    QVERIFY(p.readAllStandardError().contains("syntax error"));
}

QTEST_GUILESS_MAIN(TestNixFiles)
#include "tst_nixfiles.moc"
