// SPDX-License-Identifier: MIT
// flakeoff-cli parse-log as a user runs it: exit codes, messages, and the --json document.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

namespace {
const QString kCli = QStringLiteral(FLAKEOFF_CLI_PATH);
QString fixture(const QString &name)
{
    return QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/logs/") + name;
}

struct Output
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Output runCli(const QStringList &args)
{
    QProcess p;
    p.start(kCli, args);
    p.waitForFinished(30000); // a test may block; the app never does
    return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    QFile f(dir.filePath(name));
    if (f.open(QIODevice::WriteOnly))
        f.write(bytes);
    return f.fileName();
}
} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void exitCodes_data();
    void exitCodes();
    void jsonDocument();
    void textReport();
    void textReportOfNewerNix_data();
    void textReportOfNewerNix();
    void usageErrors_data();
    void usageErrors();
};

void TestCli::exitCodes_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("content"); // written to a temp file when file is empty
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stderrContains");
    QTest::newRow("successful build")
        << fixture(QStringLiteral("chain.flog")) << QByteArray() << 0 << QString();
    QTest::newRow("failed build is still a parsed log")
        << fixture(QStringLiteral("failing.flog")) << QByteArray() << 0 << QString();
    QTest::newRow("plain capture") << fixture(QStringLiteral("chain-plain.log")) << QByteArray() << 0
                                   << QString();
    QTest::newRow("missing file") << QStringLiteral("/nonexistent/x.log") << QByteArray() << 1
                                  << QStringLiteral(
                                         "cannot open /nonexistent/x.log: No such file or directory");
    QTest::newRow("empty file") << QString() << QByteArray() << 3 << QStringLiteral("the file is empty");
    QTest::newRow("binary file") << QString()
                                 << QByteArray("\x7f"
                                               "ELF\0\0\0\x01\x02",
                                               9)
                                 << 3 << QStringLiteral("binary data");
    QTest::newRow("not internal-json") << QString() << QByteArray("building '/nix/store/x.drv'...\n") << 3
                                       << QStringLiteral("--log-format internal-json");
    QTest::newRow("malformed line reported with file and line")
        << QString() << QByteArray("@nix {\"action\":\"stop\",\"id\":1}\n@nix {oops\n") << 0
        << QStringLiteral("input.log:2: invalid JSON");
}

void TestCli::exitCodes()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, content);
    QFETCH(int, exitCode);
    QFETCH(QString, stderrContains);
    QTemporaryDir dir;
    if (file.isEmpty())
        file = writeFile(dir, QStringLiteral("input.log"), content);
    const Output o = runCli({QStringLiteral("parse-log"), file});
    QCOMPARE(o.exitCode, exitCode);
    QVERIFY2(QString::fromUtf8(o.err).contains(stderrContains), o.err.constData());
}

void TestCli::jsonDocument()
{
    const Output o = runCli(
        {QStringLiteral("parse-log"), fixture(QStringLiteral("keep-going.flog")), QStringLiteral("--json")});
    QCOMPARE(o.exitCode, 0);
    const auto j = nlohmann::json::parse(o.out.toStdString(), nullptr, false);
    QVERIFY(!j.is_discarded());
    for (const char *key : {"builds", "substitutions", "counts", "messages", "malformed_lines", "wall_ms"})
        QVERIFY2(j.contains(key), key);
    QCOMPARE(j["counts"]["built"].get<int>(), 1);
    QCOMPARE(j["counts"]["failed"].get<int>(), 1);
    QCOMPARE(j["counts"]["substituted"].get<int>(), 0);
    QCOMPARE(j["malformed_lines"].get<int>(), 0);
    QVERIFY(j["wall_ms"].get<double>() > 1200.0);
    for (const auto &b : j["builds"]) {
        for (const char *key : {"drv", "name", "status", "duration_ms", "phases", "log_lines"})
            QVERIFY2(b.contains(key), key);
        QVERIFY(b["duration_ms"].is_number());
    }
    // A plain capture has no times: null, not 0.
    const Output plain = runCli(
        {QStringLiteral("parse-log"), fixture(QStringLiteral("chain-plain.log")), QStringLiteral("--json")});
    const auto p = nlohmann::json::parse(plain.out.toStdString(), nullptr, false);
    QVERIFY(p["wall_ms"].is_null());
    QVERIFY(p["builds"][0]["duration_ms"].is_null());
}

void TestCli::textReport()
{
    const Output o = runCli({QStringLiteral("parse-log"), fixture(QStringLiteral("failing.flog"))});
    QCOMPARE(o.exitCode, 0);
    const QString text = QString::fromUtf8(o.out);
    QVERIFY(text.contains(QStringLiteral("0 built · 1 failed")));
    QVERIFY(text.contains(QStringLiteral("| error: something went wrong")));
    QVERIFY(!text.contains(QLatin1Char('\x1b'))); // no colour codes when not a terminal
}

void TestCli::textReportOfNewerNix_data()
{
    // Nix 2.26 announces what it will build before it starts: parse-log shows that plan.
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("contains");
    QTest::addColumn<QStringList>("lacks");
    QTest::addColumn<int>("planned"); // in the --json document
    QTest::newRow("three builds announced")
        << "chain-nix2.26.flog"
        << QStringList{QStringLiteral("planned: Nix announced 3 derivations to build\n"),
                       QStringLiteral("\n  chain-1\n"), QStringLiteral("\n  chain-2\n"),
                       QStringLiteral("\n  chain-3\n"), QStringLiteral("3 built · 0 failed")}
        << QStringList{QStringLiteral("not started")} << 3;
    QTest::newRow("one announced")
        << "failing-nix2.26.flog"
        << QStringList{QStringLiteral("planned: Nix announced 1 derivation to build\n  failing\n"),
                       QStringLiteral("0 built · 1 failed")}
        << QStringList{QStringLiteral("not started")} << 1;
    QTest::newRow("a failure interrupts the other target")
        << "fail-fast-nix2.26.flog"
        << QStringList{QStringLiteral("planned: Nix announced 2 derivations to build"),
                       QStringLiteral("0 built · 1 failed"), QStringLiteral("1 interrupted"),
                       QStringLiteral("failed: /nix/store/rfkmsz02a11gpjqzv6xp7w7yxagvq852-quick-fail.drv")}
        << QStringList{QStringLiteral("failed: /nix/store/lz982bxgca18kmmpzkjyxcgqkyah9ys0-slow.drv")} << 2;
    QTest::newRow("nothing announced, nothing shown")
        << "noop-nix2.26.flog" << QStringList{QStringLiteral("0 built")}
        << QStringList{QStringLiteral("planned:")} << 0;
    QTest::newRow("nix 2.8 announces nothing") << "chain.flog" << QStringList{QStringLiteral("3 built")}
                                               << QStringList{QStringLiteral("planned:")} << 0;
}

void TestCli::textReportOfNewerNix()
{
    QFETCH(QString, file);
    QFETCH(QStringList, contains);
    QFETCH(QStringList, lacks);
    QFETCH(int, planned);
    const Output o = runCli({QStringLiteral("parse-log"), fixture(file)});
    QCOMPARE(o.exitCode, 0);
    const QString text = QString::fromUtf8(o.out);
    for (const QString &c : contains)
        QVERIFY2(text.contains(c), qPrintable(c + QStringLiteral(" in:\n") + text));
    for (const QString &l : lacks)
        QVERIFY2(!text.contains(l), qPrintable(l + QStringLiteral(" in:\n") + text));
    // The same plan in the JSON document.
    const Output j = runCli({QStringLiteral("parse-log"), fixture(file), QStringLiteral("--json")});
    const auto doc = nlohmann::json::parse(j.out.toStdString(), nullptr, false);
    QVERIFY(doc.is_object());
    QCOMPARE(static_cast<int>(doc.value("planned_builds", nlohmann::json::array()).size()), planned);
}

void TestCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("stderrContains");
    QTest::newRow("no command") << QStringList() << QStringLiteral("usage: flakeoff-cli");
    QTest::newRow("unknown command") << QStringList{QStringLiteral("explode")}
                                     << QStringLiteral("unknown command 'explode'");
    QTest::newRow("parse-log without file")
        << QStringList{QStringLiteral("parse-log")} << QStringLiteral("expected exactly one FILE");
    QTest::newRow("capture without command")
        << QStringList{QStringLiteral("capture"), QStringLiteral("--out"), QStringLiteral("x")}
        << QStringLiteral("usage: capture");
    // run and predict share the --scenario reading (and its message).
    for (const char *command : {"run", "predict"})
        QTest::addRow("%s with an unreadable scenario", command)
            << QStringList{QString::fromLatin1(command), QStringLiteral("--scenario"),
                           QStringLiteral("/nonexistent/s.json")}
            << QStringLiteral("flakeoff-cli %1: /nonexistent/s.json is neither a built-in scenario "
                              "(standard, quick) nor a "
                              "readable scenario file: ")
                   .arg(QString::fromLatin1(command));
    // ... and --layout: workspace or separate, nothing else.
    for (const char *command : {"run", "predict"})
        QTest::addRow("%s with an unknown layout", command)
            << QStringList{QString::fromLatin1(command), QStringLiteral("--layout"), QStringLiteral("flat")}
            << QStringLiteral("flakeoff-cli %1: --layout flat: the layouts are workspace and separate")
                   .arg(QString::fromLatin1(command));
    // Every command that runs Nix takes --nix the same way, and refuses a folder without nix
    // before doing anything.
    for (const char *command : {"run", "predict", "strategies", "capture", "inputs fetch"}) {
        QStringList args = QString::fromLatin1(command).split(QLatin1Char(' '));
        args << QStringLiteral("--nix") << QStringLiteral("/nonexistent/bin/nix");
        QTest::addRow("%s --nix without nix there", command)
            << args
            << QStringLiteral("flakeoff-cli %1: --nix: no executable nix in /nonexistent/bin")
                   .arg(QString::fromLatin1(command));
    }
}

void TestCli::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, stderrContains);
    const Output o = runCli(args);
    QCOMPARE(o.exitCode, 2);
    QVERIFY2(QString::fromUtf8(o.err).contains(stderrContains), o.err.constData());
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
