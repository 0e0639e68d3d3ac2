// SPDX-License-Identifier: MIT
// What Flakeoff adds to the user's Nix configuration (NixSettings) and how a nix child's
// environment is built from the user's (NixEnvironment): the user's lines first and kept, nothing
// replaced, the offline settings only offline; --nix / Settings › nix putting a folder first on PATH.
#include "nix/NixEnvironment.h"
#include "nix/NixSettings.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace flakeoff;

class TestNixEnvironment : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void addedSettings_data();
    void addedSettings();
    void userConfigurationComesFirstAndStays();
    void nixReadsTheAddedLines_data();
    void nixReadsTheAddedLines();
    void addMissingKeepsOrderAndDropsRepeats();
    void useNixPutsItsFolderFirst_data();
    void useNixPutsItsFolderFirst();
    void useNixRefusesAFolderWithoutNix();
    void defaultStore_data();
    void defaultStore();
};

void TestNixEnvironment::addedSettings_data()
{
    QTest::addColumn<bool>("offline");
    QTest::addColumn<bool>("hostTools");
    QTest::addColumn<QStringList>("names");
    const QString features = QStringLiteral("extra-experimental-features");
    QTest::newRow("online, tools' own builders") << false << false << QStringList{features};
    QTest::newRow("offline") << true << false << QStringList{features, QStringLiteral("substituters")};
    QTest::newRow("online, host tools")
        << false << true << QStringList{features, QStringLiteral("sandbox-paths")};
    QTest::newRow("offline, host tools")
        << true << true
        << QStringList{features, QStringLiteral("substituters"), QStringLiteral("sandbox-paths")};
}

void TestNixEnvironment::addedSettings()
{
    QFETCH(bool, offline);
    QFETCH(bool, hostTools);
    QFETCH(QStringList, names);
    const auto added = NixSettings::added({offline, hostTools});
    QStringList got;
    for (const NixSetting &s : added) {
        got << s.name;
        QVERIFY2(!s.why.isEmpty(), qPrintable(s.name + QStringLiteral(" has no reason")));
        // Nothing else of the user's is replaced: extra-* adds; substituters only offline, the
        // sandbox's paths only for builders with host tools; never the sandbox or the build users.
        QVERIFY2(s.name.startsWith(QLatin1String("extra-")) ||
                     (offline && s.name == QLatin1String("substituters")) ||
                     (hostTools && s.name == QLatin1String("sandbox-paths")),
                 qPrintable(s.name));
    }
    QCOMPARE(got, names);
    QCOMPARE(added.front().value, QStringLiteral("nix-command flakes"));
    for (const NixSetting &s : added) {
        if (s.name == QLatin1String("substituters"))
            QCOMPARE(s.value, QString()); // none: offline, no cache can answer
        if (s.name == QLatin1String("sandbox-paths")) {
            const QStringList paths = s.value.split(QLatin1Char(' '));
            QCOMPARE(paths, NixSettings::hostToolPaths());
            QVERIFY(paths.contains(QStringLiteral("/usr"))); // the host's sh, cargo and rustc
            for (const QString &p : paths)
                QVERIFY2(QFile::exists(p), qPrintable(p + QStringLiteral(" listed but missing")));
        }
    }
}

void TestNixEnvironment::userConfigurationComesFirstAndStays()
{
    QProcessEnvironment user;
    user.insert(QStringLiteral("NIX_CONFIG"),
                QStringLiteral("max-jobs = 7\naccess-tokens = github.com=secret"));
    user.insert(QStringLiteral("NIX_CONF_DIR"), QStringLiteral("/home/u/nix-conf"));
    user.insert(QStringLiteral("NIX_REMOTE"), QStringLiteral("daemon"));
    user.insert(QStringLiteral("XDG_CACHE_HOME"), QStringLiteral("/home/u/.cache"));
    const QProcessEnvironment env = NixEnvironment::processEnvironment({true, true}, user);
    // The user's configuration, daemon and cache stay; nothing of Flakeoff's own replaces them.
    QCOMPARE(env.value(QStringLiteral("NIX_CONF_DIR")), QStringLiteral("/home/u/nix-conf"));
    QCOMPARE(env.value(QStringLiteral("NIX_REMOTE")), QStringLiteral("daemon"));
    QCOMPARE(env.value(QStringLiteral("XDG_CACHE_HOME")), QStringLiteral("/home/u/.cache"));
    const QStringList lines = env.value(QStringLiteral("NIX_CONFIG")).split(QLatin1Char('\n'));
    QCOMPARE(lines.mid(0, 2), (QStringList{QStringLiteral("max-jobs = 7"),
                                           QStringLiteral("access-tokens = github.com=secret")}));
    QStringList expected;
    for (const NixSetting &s : NixSettings::added({true, true}))
        expected << s.line();
    QCOMPARE(lines.mid(2), expected);

    // Without a NIX_CONFIG of the user's, only Flakeoff's lines; none of NIX_CONF_DIR's either.
    const QProcessEnvironment bare = NixEnvironment::processEnvironment({}, QProcessEnvironment());
    QCOMPARE(bare.value(QStringLiteral("NIX_CONFIG")),
             QStringLiteral("extra-experimental-features = nix-command flakes"));
    QVERIFY(!bare.contains(QStringLiteral("NIX_CONF_DIR")));
    QVERIFY(!bare.contains(QStringLiteral("XDG_CACHE_HOME")));
}

void TestNixEnvironment::nixReadsTheAddedLines_data()
{
    QTest::addColumn<bool>("offline");
    QTest::addColumn<QString>("substituters"); // as `nix show-config` prints it
    QTest::newRow("online: the user's caches") << false << QStringLiteral("https://example.invalid/");
    QTest::newRow("offline: none") << true << QString();
}

// Nix itself reads the lines: the user's own substituter and max-jobs survive online, the
// offline line empties the substituters, and flakes are on either way.
void TestNixEnvironment::nixReadsTheAddedLines()
{
    QFETCH(bool, offline);
    QFETCH(QString, substituters);
    const QString nix = NixEnvironment::findProgram(QStringLiteral("nix"));
    if (nix.isEmpty())
        QSKIP("nix is not installed");
    QProcessEnvironment user = QProcessEnvironment::systemEnvironment();
    user.insert(QStringLiteral("NIX_CONFIG"),
                QStringLiteral("substituters = https://example.invalid/\nmax-jobs = 7"));
    QProcess p;
    p.setProcessEnvironment(NixEnvironment::processEnvironment({offline, true}, user));
    p.start(nix, {QStringLiteral("show-config")});
    QVERIFY(p.waitForFinished(30000));
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(p.exitCode() == 0, qPrintable(err));
    QVERIFY2(!err.contains(QLatin1String("unknown setting")), qPrintable(err));
    QMap<QString, QString> config;
    for (const QString &line : QString::fromUtf8(p.readAllStandardOutput()).split(QLatin1Char('\n'))) {
        const qsizetype eq = line.indexOf(QStringLiteral(" = "));
        if (eq > 0)
            config[line.left(eq)] = line.mid(eq + 3).trimmed();
        else if (line.endsWith(QLatin1String(" =")))
            config[line.chopped(2)] = QString();
    }
    QCOMPARE(config.value(QStringLiteral("max-jobs")), QStringLiteral("7"));
    QCOMPARE(config.value(QStringLiteral("substituters")), substituters);
    const QStringList features =
        config.value(QStringLiteral("experimental-features")).split(QLatin1Char(' '));
    QVERIFY2(features.contains(QStringLiteral("flakes")) && features.contains(QStringLiteral("nix-command")),
             qPrintable(features.join(QLatin1Char(' '))));
    QStringList sandboxPaths = config.value(QStringLiteral("sandbox-paths")).split(QLatin1Char(' '));
    QStringList expected = NixSettings::hostToolPaths();
    sandboxPaths.sort(); // Nix prints them sorted
    expected.sort();
    QCOMPARE(sandboxPaths, expected);
}

void TestNixEnvironment::addMissingKeepsOrderAndDropsRepeats()
{
    std::vector<NixSetting> all = NixSettings::added({});
    NixSettings::addMissing(all, NixSettings::added({true, false}));
    NixSettings::addMissing(all, NixSettings::added({true, true}));
    NixSettings::addMissing(all, NixSettings::added({false, true}));
    QStringList names;
    for (const NixSetting &s : all)
        names << s.name;
    QCOMPARE(names, (QStringList{QStringLiteral("extra-experimental-features"),
                                 QStringLiteral("substituters"), QStringLiteral("sandbox-paths")}));
}

void TestNixEnvironment::useNixPutsItsFolderFirst_data()
{
    QTest::addColumn<bool>("giveFolder"); // --nix DIR, or --nix DIR/nix as the app's setting
    QTest::newRow("the nix executable") << false;
    QTest::newRow("its folder") << true;
}

void TestNixEnvironment::useNixPutsItsFolderFirst()
{
    QFETCH(bool, giveFolder);
    const QByteArray before = qgetenv("PATH");
    QTemporaryDir dir;
    for (const char *tool : {"nix", "nix-store"}) {
        QFile f(dir.filePath(QString::fromLatin1(tool)));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("#!/bin/sh\nexit 0\n");
        f.close();
        QVERIFY(f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    }
    QString error;
    QVERIFY(NixEnvironment::useNix(giveFolder ? dir.path() : dir.filePath(QStringLiteral("nix")), &error));
    QVERIFY(error.isEmpty());
    QVERIFY(qgetenv("PATH").startsWith(QByteArray(QFile::encodeName(dir.path()) + ':')));
    // Every nix tool from that installation, not only nix.
    QCOMPARE(NixEnvironment::findProgram(QStringLiteral("nix")), dir.filePath(QStringLiteral("nix")));
    QCOMPARE(NixEnvironment::findProgram(QStringLiteral("nix-store")),
             dir.filePath(QStringLiteral("nix-store")));
    // Empty: PATH as the process started.
    QVERIFY(NixEnvironment::useNix(QString()));
    QCOMPARE(qgetenv("PATH"), before);
}

void TestNixEnvironment::useNixRefusesAFolderWithoutNix()
{
    const QByteArray before = qgetenv("PATH");
    QTemporaryDir dir;
    QString error;
    QVERIFY(!NixEnvironment::useNix(dir.filePath(QStringLiteral("nix")), &error));
    QCOMPARE(error, QStringLiteral("no executable nix in %1").arg(dir.path()));
    QCOMPARE(qgetenv("PATH"), before);
    // A file named nix that cannot run is no Nix either.
    QFile f(dir.filePath(QStringLiteral("nix")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();
    QVERIFY(!NixEnvironment::useNix(dir.path(), &error));
    QCOMPARE(qgetenv("PATH"), before);
}

void TestNixEnvironment::defaultStore_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("isDefault");
    QTest::newRow("local") << QStringLiteral("local") << true;
    QTest::newRow("the system's daemon") << QStringLiteral("daemon") << true;
    QTest::newRow("its socket") << QStringLiteral("unix:///nix/var/nix/daemon-socket/socket") << true;
    QTest::newRow("another daemon") << QStringLiteral("unix:///opt/x/var/nix/daemon-socket/socket") << false;
    QTest::newRow("a chroot store") << QStringLiteral("local?root=/tmp/store") << false;
    QTest::newRow("ssh") << QStringLiteral("ssh-ng://builder") << false;
    QTest::newRow("unknown") << QString() << false;
}

void TestNixEnvironment::defaultStore()
{
    QFETCH(QString, url);
    QFETCH(bool, isDefault);
    QCOMPARE(NixEnvironment::isDefaultStore(url), isDefault);
}

QTEST_GUILESS_MAIN(TestNixEnvironment)
#include "tst_nixenvironment.moc"
