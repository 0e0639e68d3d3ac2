// SPDX-License-Identifier: MIT
// Which remote builders a run's builds can go to (NixBuilders), read as Nix reads its `builders`
// setting: the run's options first, else Nix's own configuration (asked of the real nix when it
// is installed); machines-file lines, "@FILE" entries (nested, missing, looping) and the store
// URL that opens a builder with its ssh key and host key.
#include "nix/NixBuilders.h"
#include "nix/NixEnvironment.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <initializer_list>

using namespace flakeoff;

namespace {
// The host key line scripts/remote-builder-2.26.sh writes: base64 of an ssh-ed25519 public key.
const QString kHostKey = QStringLiteral(
    "c3NoLWVkMjU1MTkgQUFBQUMzTnphQzFsWkRJMU5URTVBQUFBSU5EYlc5IGZsYWtlb2ZmLXJlbW90ZS1ob3N0Cg==");

QStringList strings(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *s : items)
        out << QString::fromUtf8(s);
    return out;
}

bool writeFile(const QString &path, const QByteArray &text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}
} // namespace

class TestNixBuilders : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fromOptions_data();
    void fromOptions();
    void parseLine_data();
    void parseLine();
    void storeUrl_data();
    void storeUrl();
    void expandInline_data();
    void expandInline();
    void expandFiles();
    void expandRefusesALoop();
    void fromConfigJsonRefuses_data();
    void fromConfigJsonRefuses();
    void nixConfigurationNamesTheBuilders();
};

void TestNixBuilders::fromOptions_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<bool>("set");
    QTest::addColumn<QString>("value");
    QTest::newRow("none") << QStringList{} << false << QString();
    QTest::newRow("other options only")
        << strings({"--max-jobs", "0", "--option", "cores", "2"}) << false << QString();
    QTest::newRow("--builders") << strings({"--builders", "@/etc/m", "--max-jobs", "0"}) << true << "@/etc/m";
    QTest::newRow("--builders=") << strings({"--builders=ssh://b x86_64-linux"}) << true
                                 << "ssh://b x86_64-linux";
    QTest::newRow("--option builders")
        << strings({"--option", "builders", "ssh-ng://b"}) << true << "ssh-ng://b";
    QTest::newRow("the last one wins")
        << strings({"--builders", "ssh://a", "--option", "builders", "ssh://b"}) << true << "ssh://b";
    QTest::newRow("empty: no builders")
        << strings({"--builders", "ssh://a", "--builders", ""}) << true << QString();
    // An option's value is never read as an option name.
    QTest::newRow("a value that looks like it")
        << strings({"--option", "builders-use-substitutes", "--builders"}) << false << QString();
    QTest::newRow("--builders without a value") << strings({"--builders"}) << false << QString();
}

void TestNixBuilders::fromOptions()
{
    QFETCH(QStringList, options);
    QFETCH(bool, set);
    QFETCH(QString, value);
    const auto got = NixBuilders::fromOptions(options);
    QCOMPARE(got.has_value(), set);
    if (set)
        QCOMPARE(*got, value);
}

void TestNixBuilders::parseLine_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("uri");
    QTest::addColumn<QStringList>("systems");
    QTest::addColumn<QString>("sshKey");
    QTest::addColumn<QString>("hostKey");
    QTest::newRow("the remote-builder script's line")
        << QStringLiteral("ssh-ng://root@localhost x86_64-linux /opt/k/client_ed25519 1 1 - - %1")
               .arg(kHostKey)
        << "ssh-ng://root@localhost" << strings({"x86_64-linux"}) << "/opt/k/client_ed25519" << kHostKey;
    QTest::newRow("a bare host is ssh://") << "builder"
                                           << "ssh://builder" << QStringList{} << ""
                                           << "";
    QTest::newRow("user@host too") << "nix@b.example x86_64-linux,aarch64-linux"
                                   << "ssh://nix@b.example" << strings({"x86_64-linux", "aarch64-linux"})
                                   << ""
                                   << "";
    QTest::newRow("dashes are defaults") << "ssh://b - - 4 2 kvm - -"
                                         << "ssh://b" << QStringList{} << ""
                                         << "";
    QTest::newRow("a store's own name stays") << "local?root=/tmp/r"
                                              << "local?root=/tmp/r" << QStringList{} << ""
                                              << "";
    QTest::newRow("tabs and runs of blanks") << "ssh://b\t x86_64-linux   /k"
                                             << "ssh://b" << strings({"x86_64-linux"}) << "/k"
                                             << "";
}

void TestNixBuilders::parseLine()
{
    QFETCH(QString, line);
    QFETCH(QString, uri);
    QFETCH(QStringList, systems);
    QFETCH(QString, sshKey);
    QFETCH(QString, hostKey);
    const auto b = NixBuilders::parseLine(line);
    QVERIFY(b);
    QCOMPARE(b->uri, uri);
    QCOMPARE(b->systems, systems);
    QCOMPARE(b->sshKey, sshKey);
    QCOMPARE(b->publicHostKey, hostKey);
    QVERIFY(!NixBuilders::parseLine(QStringLiteral("  \t ")));
}

void TestNixBuilders::storeUrl_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("url");
    QTest::newRow("key and host key")
        << QStringLiteral("ssh-ng://root@localhost x86_64-linux /opt/k/c 1 1 - - %1").arg(kHostKey)
        << QStringLiteral("ssh-ng://root@localhost?ssh-key=/opt/k/c&base64-ssh-public-host-key=%1")
               .arg(kHostKey);
    QTest::newRow("ssh:// with a key only") << "ssh://b x86_64-linux /k"
                                            << "ssh://b?ssh-key=/k";
    QTest::newRow("neither") << "ssh://b"
                             << "ssh://b";
    QTest::newRow("parameters already there") << "ssh-ng://b?remote-program=/x/nix-daemon - /k"
                                              << "ssh-ng://b?remote-program=/x/nix-daemon&ssh-key=/k";
    QTest::newRow("a key path with '&' and '%'") << "ssh://b - /k&x%y"
                                                 << "ssh://b?ssh-key=/k%26x%25y";
    QTest::newRow("not ssh: as it is") << "local?root=/tmp/r - /k"
                                       << "local?root=/tmp/r";
}

void TestNixBuilders::storeUrl()
{
    QFETCH(QString, line);
    QFETCH(QString, url);
    const auto b = NixBuilders::parseLine(line);
    QVERIFY(b);
    QCOMPARE(b->storeUrl(), url);
}

void TestNixBuilders::expandInline_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QStringList>("uris");
    QTest::newRow("empty") << "" << QStringList{};
    QTest::newRow("one") << "ssh-ng://a x86_64-linux" << strings({"ssh-ng://a"});
    QTest::newRow("';' between entries")
        << "ssh://a ; ssh://b x86_64-linux;" << strings({"ssh://a", "ssh://b"});
    QTest::newRow("lines, comments, blank lines")
        << "# builders\nssh://a x86_64-linux # the fast one\n\n   \nssh://b\n#ssh://c"
        << strings({"ssh://a", "ssh://b"});
    QTest::newRow("a missing file names none, as in Nix")
        << "@/nonexistent/flakeoff/machines; ssh://a" << strings({"ssh://a"});
}

void TestNixBuilders::expandInline()
{
    QFETCH(QString, value);
    QFETCH(QStringList, uris);
    QString error;
    const auto builders = NixBuilders::expand(value, &error);
    QVERIFY2(builders, qPrintable(error));
    QStringList got;
    for (const auto &b : *builders)
        got << b.uri;
    QCOMPARE(got, uris);
}

// "@FILE" entries: a machines file, one it names in turn, entries around them in order.
void TestNixBuilders::expandFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString machines = dir.filePath(QStringLiteral("machines"));
    const QString more = dir.filePath(QStringLiteral("more"));
    QVERIFY(writeFile(machines, QStringLiteral("ssh-ng://root@localhost x86_64-linux %1/key 1 1 - - %2\n"
                                               "# ssh://commented-out\n@%3\n")
                                    .arg(dir.path(), kHostKey, more)
                                    .toUtf8()));
    QVERIFY(writeFile(more, "ssh://second x86_64-linux\n"));
    QString error;
    const auto builders = NixBuilders::expand(QStringLiteral("ssh://first;@%1").arg(machines), &error);
    QVERIFY2(builders, qPrintable(error));
    QCOMPARE(builders->size(), std::size_t{3});
    QCOMPARE((*builders)[0].uri, QStringLiteral("ssh://first"));
    QCOMPARE((*builders)[1].uri, QStringLiteral("ssh-ng://root@localhost"));
    QCOMPARE((*builders)[1].sshKey, dir.filePath(QStringLiteral("key")));
    QCOMPARE((*builders)[1].publicHostKey, kHostKey);
    QCOMPARE((*builders)[2].uri, QStringLiteral("ssh://second"));
}

// A file that names itself never ends in Nix; here it is an error that names the file.
void TestNixBuilders::expandRefusesALoop()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString machines = dir.filePath(QStringLiteral("machines"));
    QVERIFY(writeFile(machines, QStringLiteral("ssh://a\n@%1\n").arg(machines).toUtf8()));
    QString error;
    QVERIFY(!NixBuilders::expand(QStringLiteral("@") + machines, &error));
    QVERIFY2(error.contains(machines) && error.contains(QLatin1String("nest")), qPrintable(error));
}

void TestNixBuilders::fromConfigJsonRefuses_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("why");
    QTest::newRow("not JSON") << QByteArray("builders = @/etc/nix/machines") << "not a JSON object";
    QTest::newRow("an array") << QByteArray("[]") << "not a JSON object";
    QTest::newRow("no builders") << QByteArray(R"({"cores":{"value":0}})") << "no \"builders\"";
    QTest::newRow("builders not an object") << QByteArray(R"({"builders":"x"})") << "no \"builders\"";
    QTest::newRow("a value that is not text") << QByteArray(R"({"builders":{"value":3}})") << "no text value";
}

void TestNixBuilders::fromConfigJsonRefuses()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, why);
    QString error;
    QVERIFY(!NixBuilders::fromConfigJson(json, &error));
    QVERIFY2(error.contains(why), qPrintable(error));
}

// The real nix's configuration: the user's NIX_CONFIG line comes back as the setting's value, as
// `nix show-config --json` (Nix 2.8) prints it; without one, Nix's default machines file.
void TestNixBuilders::nixConfigurationNamesTheBuilders()
{
    const QString nix = NixEnvironment::findProgram(QStringLiteral("nix"));
    if (nix.isEmpty())
        QSKIP("nix is not installed");
    for (const QString &line :
         {QStringLiteral("builders = ssh-ng://b x86_64-linux - 2; @/x/machines"), QString()}) {
        QProcessEnvironment user = QProcessEnvironment::systemEnvironment();
        user.insert(QStringLiteral("NIX_CONFIG"), line);
        QProcess p;
        p.setProcessEnvironment(NixEnvironment::processEnvironment({true, false}, user));
        p.start(nix, {QStringLiteral("show-config"), QStringLiteral("--json")});
        QVERIFY(p.waitForFinished(30000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        QString error;
        const auto value = NixBuilders::fromConfigJson(p.readAllStandardOutput(), &error);
        QVERIFY2(value, qPrintable(error));
        if (line.isEmpty())
            QVERIFY2(value->startsWith(QLatin1Char('@')) && value->endsWith(QLatin1String("/machines")),
                     qPrintable(*value));
        else
            QCOMPARE(*value, QStringLiteral("ssh-ng://b x86_64-linux - 2; @/x/machines"));
    }
}

QTEST_GUILESS_MAIN(TestNixBuilders)
#include "tst_nixbuilders.moc"
