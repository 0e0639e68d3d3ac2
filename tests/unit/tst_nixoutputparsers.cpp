// SPDX-License-Identifier: MIT
// Parsing what nix prints on stdout, in the shapes of Nix 2.8 (seen here) and newer versions.
#include "nix/NixOutputParsers.h"

#include <QFile>
#include <QTest>

using namespace flakeoff;

class TestNixOutputParsers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pathInfo_data();
    void pathInfo();
    void buildResult_data();
    void buildResult();
    void storePaths();
    void storeUrl_data();
    void storeUrl();
    void recordedOutput_data();
    void recordedOutput();
};

void TestNixOutputParsers::pathInfo_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<int>("count");
    QTest::addColumn<qint64>("firstClosure");
    QTest::newRow("nix 2.8 array")
        << QByteArray(
               R"([{"path":"/nix/store/zav1hcdxc5xfq1bpyds54ajxs5vy3qvk-b","narHash":"sha256-x","narSize":96,"references":[],"closureSize":96,"deriver":"/nix/store/0j0mcrsf0gjn2b2wvjpcy292islipqgy-b.drv","registrationTime":1795601349,"ultimate":true}])")
        << true << 1 << qint64(96);
    QTest::newRow("nix 2.19+ object")
        << QByteArray(
               R"({"/nix/store/aaaa-x":{"narSize":10,"closureSize":30,"references":["/nix/store/bbbb-y"]},"/nix/store/cccc-missing":null})")
        << true << 1 << qint64(30);
    QTest::newRow("nix 2.8: a path not in the store")
        << QByteArray(
               R"([{"path":"/nix/store/00000000000000000000000000000000-flakeoff-missing","valid":false}])")
        << true << 0 << qint64(0);
    QTest::newRow("empty array") << QByteArray("[]") << true << 0 << qint64(0);
    QTest::newRow("garbage") << QByteArray("error: path is not valid") << false << 0 << qint64(0);
}

void TestNixOutputParsers::pathInfo()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, ok);
    QFETCH(int, count);
    QFETCH(qint64, firstClosure);
    QString error;
    const auto infos = NixOutputParsers::pathInfo(json, &error);
    QCOMPARE(infos.has_value(), ok);
    if (!ok) {
        QVERIFY(error.contains(QStringLiteral("unexpected output")));
        return;
    }
    QCOMPARE(static_cast<int>(infos->size()), count);
    if (count > 0)
        QCOMPARE(static_cast<qint64>(infos->front().closureSize), firstClosure);
}

void TestNixOutputParsers::buildResult_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<int>("count");
    QTest::newRow("one output")
        << QByteArray(R"([{"drvPath":"/nix/store/0j0m-b.drv","outputs":{"out":"/nix/store/zav1-b"}}])")
        << true << 1;
    QTest::newRow("failed build prints nothing") << QByteArray("") << true << 0;
    QTest::newRow("not json") << QByteArray("{oops") << false << 0;
}

void TestNixOutputParsers::buildResult()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, ok);
    QFETCH(int, count);
    QString error;
    const auto built = NixOutputParsers::buildResult(json, &error);
    QCOMPARE(built.has_value(), ok);
    if (ok) {
        QCOMPARE(static_cast<int>(built->size()), count);
        if (count)
            QCOMPARE(built->front().outputs.at(QStringLiteral("out")), QStringLiteral("/nix/store/zav1-b"));
    }
}

void TestNixOutputParsers::storePaths()
{
    const QByteArray text =
        "warning: you did not specify '--add-root'\n/nix/store/a-x.drv\n\n  /nix/store/b-y\n";
    QCOMPARE(NixOutputParsers::storePaths(text),
             (QStringList{QStringLiteral("/nix/store/a-x.drv"), QStringLiteral("/nix/store/b-y")}));
}

void TestNixOutputParsers::storeUrl_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("url");
    // As Nix 2.8 printed them here (local as root; a daemon through NIX_REMOTE), and 2.26's
    // `nix store info` lines.
    QTest::newRow("2.8 local") << QByteArray("Store URL: local\nVersion: 2.8.0\n") << QStringLiteral("local");
    QTest::newRow("2.26 daemon") << QByteArray("Store URL: unix:///x/var/nix/daemon-socket/socket\nVersion: "
                                               "2.26.3\nTrusted: 0\n")
                                 << QStringLiteral("unix:///x/var/nix/daemon-socket/socket");
    QTest::newRow("a warning first")
        << QByteArray("warning: 'nix store ping' is a deprecated alias\nStore URL: daemon\n")
        << QStringLiteral("daemon");
    QTest::newRow("an error") << QByteArray("error: cannot connect to socket\n") << QString();
    QTest::newRow("nothing") << QByteArray() << QString();
}

void TestNixOutputParsers::storeUrl()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, url);
    QCOMPARE(NixOutputParsers::storeUrl(text), url);
}

// What Nix 2.8 and Nix 2.26 really printed (tests/data/nix-output, scripts/record-fixtures.sh):
// `nix path-info --json -S` of chain-3's output and of a path not in the store, and
// `nix build --json` of chain-3 (2.26 adds startTime/stopTime).
void TestNixOutputParsers::recordedOutput_data()
{
    QTest::addColumn<QString>("suffix");
    QTest::newRow("nix 2.8") << QString();
    QTest::newRow("nix 2.26") << QStringLiteral("-nix2.26");
}

void TestNixOutputParsers::recordedOutput()
{
    QFETCH(QString, suffix);
    const auto read = [&suffix](const char *name) {
        QFile f(QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/nix-output/") + QLatin1String(name) + suffix +
                QStringLiteral(".json"));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    QString error;
    const auto built = NixOutputParsers::buildResult(read("build-json"), &error);
    QVERIFY2(built, qPrintable(error));
    QCOMPARE(built->size(), std::size_t{1});
    const NixOutputParsers::BuiltOutput &b = built->front();
    QVERIFY(b.drvPath.startsWith(QLatin1String("/nix/store/")) &&
            b.drvPath.endsWith(QLatin1String("-chain-3.drv")));
    QCOMPARE(b.outputs.size(), std::size_t{1});
    const QString out = b.outputs.at(QStringLiteral("out"));
    QVERIFY(out.endsWith(QLatin1String("-chain-3")));

    const auto infos = NixOutputParsers::pathInfo(read("path-info"), &error);
    QVERIFY2(infos, qPrintable(error));
    QCOMPARE(infos->size(), std::size_t{1}); // the missing path is left out
    const NixOutputParsers::PathInfo &p = infos->front();
    QCOMPARE(p.path, out);
    QCOMPARE(p.deriver, b.drvPath);
    QCOMPARE(p.narSize, std::int64_t{96}); // an empty directory's NAR
    QCOMPARE(p.closureSize, std::int64_t{96});
    QVERIFY(p.references.isEmpty());
}

QTEST_GUILESS_MAIN(TestNixOutputParsers)
#include "tst_nixoutputparsers.moc"
