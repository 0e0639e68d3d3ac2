// SPDX-License-Identifier: MIT
// NixErrorText on what Nix 2.8 and Nix 2.26 really printed (recorded here, offline): internal-json
// message sequences as the runner reads them, and plain stderr as the predictor reads it.
#include "log/BuildReportJson.h"
#include "log/LogFileReader.h"
#include "log/LogStream.h"
#include "nix/NixCommand.h"
#include "nix/NixErrorText.h"

#include <QFile>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace flakeoff;

namespace {
// The "(use '--show-trace' …)" hint exactly as Nix 2.8 sends it after an evaluation error.
const QByteArray kHintLine =
    R"j(@nix {"action":"msg","level":0,"msg":"(use '--show-trace' to show detailed location information)"})j"
    "\n";

BuildReport reportOf(const QByteArray &log)
{
    LogStream stream(LogStream::Timing::Untimed);
    stream.feed(std::string_view(log.constData(), static_cast<std::size_t>(log.size())));
    stream.finish();
    return stream.takeReport();
}
} // namespace

class TestNixErrorText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fromMessages_data();
    void fromMessages();
    void fromMessagesOfARecordedReport_data();
    void fromMessagesOfARecordedReport();
    void fromStderr_data();
    void fromStderr();
    void fromCommand_data();
    void fromCommand();
    void isHint_data();
    void isHint();
    void recordedErrors_data();
    void recordedErrors();
    void runnerAndPredictorAgree_data();
    void runnerAndPredictorAgree();
    void traceFirstExactly();
};

void TestNixErrorText::fromMessages_data()
{
    QTest::addColumn<QByteArray>("log");   // internal-json lines, as Nix 2.8 sent them
    QTest::addColumn<QString>("expected"); // empty: no reason in the messages

    QTest::newRow("throw, then the hint")
        << QByteArray(
               R"j(@nix {"action":"msg","column":null,"file":null,"level":0,"line":null,"msg":"\u001b[31;1merror:\u001b[0m flakeoff-thrown-message","raw_msg":"flakeoff-thrown-message"})j"
               "\n") +
               kHintLine
        << QStringLiteral("error: flakeoff-thrown-message");
    QTest::newRow("abort, then the hint")
        << QByteArray(
               R"j(@nix {"action":"msg","column":null,"file":null,"level":0,"line":null,"msg":"\u001b[31;1merror:\u001b[0m evaluation aborted with the following error message: '\u001b[35;1mflakeoff-aborted-message\u001b[0m'","raw_msg":"evaluation aborted with the following error message: '\u001b[35;1mflakeoff-aborted-message\u001b[0m'"})j"
               "\n") +
               kHintLine
        << QStringLiteral(
               "error: evaluation aborted with the following error message: 'flakeoff-aborted-message'");
    QTest::newRow("type error, then the hint")
        << QByteArray(
               R"j(@nix {"action":"msg","column":11,"file":"/tmp/t/type.nix","level":0,"line":1,"msg":"\u001b[31;1merror:\u001b[0m cannot add \u001b[35;1ma string\u001b[0m to an integer\n\n       \u001b[34;1mat \u001b[35;1m/tmp/t/type.nix:1:11\u001b[0m:\n\n            1| { x = 1 + \"flakeoff\"; }.x\n             |           \u001b[31;1m^\u001b[0m","raw_msg":"cannot add \u001b[35;1ma string\u001b[0m to an integer"})j"
               "\n") +
               kHintLine
        << QStringLiteral("error: cannot add a string to an integer\n\n       at /tmp/t/type.nix:1:11:\n\n"
                          "            1| { x = 1 + \"flakeoff\"; }.x\n             |           ^");
    QTest::newRow("TOML parse error with its excerpt, then the hint")
        << QByteArray(
               R"j(@nix {"action":"msg","column":1,"file":"/tmp/t/toml.nix","level":0,"line":1,"msg":"\u001b[31;1merror:\u001b[0m while parsing a TOML string: \u001b[35;1m[error] toml::parse_key_value_pair: missing value after key-value separator '='\n        --> fromTOML\n          |\n        1 | a =\n          |     ^--- expected value, but got nothing\u001b[0m\n\n       \u001b[34;1mat \u001b[35;1m/tmp/t/toml.nix:1:1\u001b[0m:\n\n            1| builtins.fromTOML \"a = \"\n             | \u001b[31;1m^\u001b[0m","raw_msg":"while parsing a TOML string: \u001b[35;1m[error] toml::parse_key_value_pair: missing value after key-value separator '='\n --> fromTOML\n   |\n 1 | a = \n   |     ^--- expected value, but got nothing\u001b[0m"})j"
               "\n") +
               kHintLine
        << QStringLiteral("error: while parsing a TOML string: [error] toml::parse_key_value_pair: missing "
                          "value after key-value separator '='\n"
                          "        --> fromTOML\n          |\n        1 | a =\n          |     ^--- expected "
                          "value, but got nothing\n\n"
                          "       at /tmp/t/toml.nix:1:1:\n\n            1| builtins.fromTOML \"a = \"\n     "
                          "        | ^");
    QTest::newRow("undefined variable: a parse error, no hint")
        << QByteArray(
               R"j(@nix {"action":"msg","column":1,"file":"/tmp/t/undef.nix","level":0,"line":1,"msg":"\u001b[31;1merror:\u001b[0m undefined variable '\u001b[35;1mflakeoffUndefinedVariable\u001b[0m'\n\n       \u001b[34;1mat \u001b[35;1m/tmp/t/undef.nix:1:1\u001b[0m:\n\n            1| flakeoffUndefinedVariable\n             | \u001b[31;1m^\u001b[0m","raw_msg":"undefined variable '\u001b[35;1mflakeoffUndefinedVariable\u001b[0m'"})j"
               "\n")
        << QStringLiteral(
               "error: undefined variable 'flakeoffUndefinedVariable'\n\n       at /tmp/t/undef.nix:1:1:\n\n"
               "            1| flakeoffUndefinedVariable\n             | ^");
    QTest::newRow("trace output before the error, hint after")
        << QByteArray(
               R"j(@nix {"action":"msg","level":0,"msg":"trace: tracing"})j"
               "\n"
               R"j(@nix {"action":"msg","column":null,"file":null,"level":0,"line":null,"msg":"\u001b[31;1merror:\u001b[0m x","raw_msg":"x"})j"
               "\n") +
               kHintLine
        << QStringLiteral("error: x");
    QTest::newRow("a failed builder (no hint)")
        << QByteArray(
               R"j(@nix {"action":"msg","column":null,"file":null,"level":0,"line":null,"msg":"\u001b[31;1merror:\u001b[0m \u001b[35;1m\u001b[0mbuilder for '\u001b[35;1m/nix/store/nnlj7rm46ssvackhvd43nvd1rwn3fmfd-flakeoff-failing.drv\u001b[0m' failed with exit code 3\u001b[0m","raw_msg":"\u001b[35;1m\u001b[0mbuilder for '\u001b[35;1m/nix/store/nnlj7rm46ssvackhvd43nvd1rwn3fmfd-flakeoff-failing.drv\u001b[0m' failed with exit code 3\u001b[0m"})j"
               "\n")
        << QStringLiteral(
               "error: builder for '/nix/store/nnlj7rm46ssvackhvd43nvd1rwn3fmfd-flakeoff-failing.drv' failed "
               "with exit code 3");
    QTest::newRow("a message without raw_msg keeps its own prefix")
        << QByteArray(R"j(@nix {"action":"msg","level":0,"msg":"error: first"})j"
                      "\n")
        << QStringLiteral("error: first");
    QTest::newRow("the last of two errors")
        << QByteArray(R"j(@nix {"action":"msg","level":0,"msg":"error: first"})j"
                      "\n"
                      R"j(@nix {"action":"msg","level":0,"msg":"error: second"})j"
                      "\n") +
               kHintLine
        << QStringLiteral("error: second");
    QTest::newRow("warnings are no reason")
        << QByteArray(R"j(@nix {"action":"msg","level":1,"msg":"warning: Git tree '/tmp/x' is dirty"})j"
                      "\n")
        << QString();
    QTest::newRow("Nix 2.26's summary is no reason when one came before")
        << QByteArray(
               R"j(@nix {"action":"msg","column":null,"file":null,"level":0,"line":null,"msg":"\u001b[31;1merror:\u001b[0m \u001b[0mbuilder for '\u001b[35;1m/nix/store/rfkmsz02a11gpjqzv6xp7w7yxagvq852-quick-fail.drv\u001b[0m' failed with exit code 3","raw_msg":"\u001b[0mbuilder for '\u001b[35;1m/nix/store/rfkmsz02a11gpjqzv6xp7w7yxagvq852-quick-fail.drv\u001b[0m' failed with exit code 3"})j"
               "\n"
               R"j(@nix {"action":"msg","column":null,"file":null,"level":0,"line":null,"msg":"\u001b[31;1merror:\u001b[0m build of \u001b[35;1m'/nix/store/lz982bxgca18kmmpzkjyxcgqkyah9ys0-slow.drv^out', '/nix/store/rfkmsz02a11gpjqzv6xp7w7yxagvq852-quick-fail.drv^out'\u001b[0m failed","raw_msg":"build of \u001b[35;1m'/nix/store/lz982bxgca18kmmpzkjyxcgqkyah9ys0-slow.drv^out', '/nix/store/rfkmsz02a11gpjqzv6xp7w7yxagvq852-quick-fail.drv^out'\u001b[0m failed"})j"
               "\n")
        << QStringLiteral("error: builder for '/nix/store/rfkmsz02a11gpjqzv6xp7w7yxagvq852-quick-fail.drv' "
                          "failed with exit code 3");
    QTest::newRow("only the summary: better than nothing")
        << QByteArray(
               R"j(@nix {"action":"msg","column":null,"file":null,"level":0,"line":null,"msg":"\u001b[31;1merror:\u001b[0m build of \u001b[35;1m'/nix/store/lz982bxgca18kmmpzkjyxcgqkyah9ys0-slow.drv^out'\u001b[0m failed","raw_msg":"build of \u001b[35;1m'/nix/store/lz982bxgca18kmmpzkjyxcgqkyah9ys0-slow.drv^out'\u001b[0m failed"})j"
               "\n")
        << QStringLiteral(
               "error: build of '/nix/store/lz982bxgca18kmmpzkjyxcgqkyah9ys0-slow.drv^out' failed");
    QTest::newRow("only the hint") << kHintLine << QString();
    QTest::newRow("only trace output")
        << QByteArray(R"j(@nix {"action":"msg","level":0,"msg":"trace: tracing"})j"
                      "\n")
        << QString();
    QTest::newRow("no messages") << QByteArray() << QString();
}

void TestNixErrorText::fromMessages()
{
    QFETCH(QByteArray, log);
    QFETCH(QString, expected);
    const BuildReport report = reportOf(log);
    QCOMPARE(report.malformedCount, std::int64_t{0}); // the recorded lines are read as Nix's
    QCOMPARE(NixErrorText::fromMessages(report.messages), expected);
}

// Reports go to disk as JSON: the full text comes back from it, and a report written before it
// was kept (no "full_text") still gives the short message with its position.
void TestNixErrorText::fromMessagesOfARecordedReport_data()
{
    QTest::addColumn<bool>("dropFullText"); // as an old session's report has it
    QTest::addColumn<QString>("expected");
    QTest::newRow("with the full text")
        << false
        << QStringLiteral("error: cannot add a string to an integer\n\n       at /tmp/t/type.nix:1:11:\n\n"
                          "            1| { x = 1 + \"flakeoff\"; }.x\n             |           ^");
    QTest::newRow("an old report: raw_msg and the position")
        << true
        << QStringLiteral("error: cannot add a string to an integer\n\n       at /tmp/t/type.nix:1:11");
}

void TestNixErrorText::fromMessagesOfARecordedReport()
{
    QFETCH(bool, dropFullText);
    QFETCH(QString, expected);
    const BuildReport live = reportOf(
        QByteArray(
            R"j(@nix {"action":"msg","column":11,"file":"/tmp/t/type.nix","level":0,"line":1,"msg":"\u001b[31;1merror:\u001b[0m cannot add \u001b[35;1ma string\u001b[0m to an integer\n\n       \u001b[34;1mat \u001b[35;1m/tmp/t/type.nix:1:11\u001b[0m:\n\n            1| { x = 1 + \"flakeoff\"; }.x\n             |           \u001b[31;1m^\u001b[0m","raw_msg":"cannot add \u001b[35;1ma string\u001b[0m to an integer"})j"
            "\n") +
        kHintLine);
    nlohmann::json j = BuildReportJson::toJson(live);
    QVERIFY(j["messages"][0].contains("full_text"));
    QVERIFY(!j["messages"][1].contains("full_text")); // the hint: msg only, nothing more to keep
    if (dropFullText)
        for (auto &m : j["messages"])
            m.erase("full_text");
    BuildReport loaded;
    std::string error;
    QVERIFY2(BuildReportJson::fromJson(j, loaded, error), error.c_str());
    QCOMPARE(NixErrorText::fromMessages(loaded.messages), expected);
}

void TestNixErrorText::fromStderr_data()
{
    QTest::addColumn<QByteArray>("standardError");
    QTest::addColumn<QString>("expected");
    const QByteArray typeError =
        "error: cannot add a string to an integer\n\n       at /tmp/t/type.nix:1:11:\n\n"
        "            1| { x = 1 + \"flakeoff\"; }.x\n             |           ^\n";
    QTest::newRow("nix-instantiate: type error and hint")
        << typeError + "(use '--show-trace' to show detailed location information)\n"
        << QString::fromUtf8(typeError).trimmed();
    QTest::newRow("nix show-derivation: throw and hint")
        << QByteArray(
               "error: flakeoff-thrown-message\n(use '--show-trace' to show detailed location information)\n")
        << QStringLiteral("error: flakeoff-thrown-message");
    QTest::newRow("trace output and warnings before, colours inside")
        << QByteArray(
               "trace: tracing\nwarning: Git tree '/tmp/x' is dirty\n\x1b[31;1merror:\x1b[0m x\n"
               "warning: something after\n(use '--show-trace' to show detailed location information)\n")
        << QStringLiteral("error: x");
    QTest::newRow("no error: line: the text as it is")
        << QByteArray("cannot connect to daemon\n") << QStringLiteral("cannot connect to daemon");
    QTest::newRow("only the hint") << QByteArray(
                                          "(use '--show-trace' to show detailed location information)\n")
                                   << QString();
    QTest::newRow("empty") << QByteArray() << QString();
    QTest::newRow("very long: cut") << QByteArray("error: ") + QByteArray(5000, 'x')
                                    << QStringLiteral("error: ") + QString(3993, QLatin1Char('x')) +
                                           QStringLiteral("…");
}

void TestNixErrorText::fromStderr()
{
    QFETCH(QByteArray, standardError);
    QFETCH(QString, expected);
    QCOMPARE(NixErrorText::fromStderr(standardError), expected);
}

void TestNixErrorText::fromCommand_data()
{
    QTest::addColumn<bool>("started");
    QTest::addColumn<bool>("crashed");
    QTest::addColumn<QByteArray>("standardError");
    QTest::addColumn<QString>("expected");
    QTest::newRow("Nix's message")
        << true << false
        << QByteArray("error: x\n(use '--show-trace' to show detailed location information)\n")
        << QStringLiteral("error: x");
    QTest::newRow("said nothing: the exit code")
        << true << false << QByteArray() << QStringLiteral("nix-instantiate a.nix: exit 1");
    QTest::newRow("killed") << true << true << QByteArray("error: x\n")
                            << QStringLiteral("nix-instantiate a.nix: killed");
    QTest::newRow("did not start")
        << false << false << QByteArray("No such file or directory")
        << QStringLiteral("nix-instantiate a.nix: could not start: No such file or directory");
}

void TestNixErrorText::fromCommand()
{
    QFETCH(bool, started);
    QFETCH(bool, crashed);
    QFETCH(QByteArray, standardError);
    QFETCH(QString, expected);
    CommandResult r;
    r.program = QStringLiteral("/usr/bin/nix-instantiate");
    r.arguments = {QStringLiteral("a.nix")};
    r.started = started;
    r.crashed = crashed;
    r.exitCode = started ? 1 : -1;
    r.standardError = standardError;
    QCOMPARE(NixErrorText::fromCommand(r), expected);
}

void TestNixErrorText::isHint_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<bool>("hint");
    QTest::newRow("Nix 2.8's hint") << QStringLiteral(
                                           "(use '--show-trace' to show detailed location information)")
                                    << true;
    QTest::newRow("with spaces around")
        << QStringLiteral("  (use '--show-trace' to show detailed location information)\n") << true;
    QTest::newRow("an error mentioning the flag")
        << QStringLiteral("error: unrecognised flag '--show-trace'") << false;
    QTest::newRow("Nix 2.26's hint")
        << QStringLiteral("(stack trace truncated; use '--show-trace' to show the full, detailed trace)")
        << true;
    QTest::newRow("an error") << QStringLiteral("error: x") << false;
    QTest::newRow("empty") << QString() << false;
}

void TestNixErrorText::isHint()
{
    QFETCH(QString, line);
    QFETCH(bool, hint);
    QCOMPARE(NixErrorText::isHint(line), hint);
}

namespace {
const QString kData = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/");

// A recorded log's reason (as the runner reads it) or a recorded stderr's (as the predictor does).
QString errorOf(const QString &file)
{
    if (file.endsWith(QLatin1String(".txt"))) {
        QFile f(kData + file);
        return f.open(QIODevice::ReadOnly) ? NixErrorText::fromStderr(f.readAll())
                                           : QStringLiteral("unreadable");
    }
    const auto read = LogFileReader::read(kData + file);
    return read.ok ? NixErrorText::fromMessages(read.report.messages) : QStringLiteral("unreadable");
}
} // namespace

// What Nix 2.8 and Nix 2.26 printed for the same errors (tests/data/logs/eval-*.flog,
// tests/data/nix-output/instantiate-*.txt): the message first whichever version printed it, with
// where it happened; Nix 2.26's trace after it.
void TestNixErrorText::recordedErrors_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("message");  // the first line
    QTest::addColumn<QString>("position"); // in the text after the message, or empty
    QTest::addColumn<QString>("trace");    // after the message (and its position), or empty: none
    const QString type = QStringLiteral("error: cannot add a string to an integer");
    const QString typeAt = QStringLiteral("       at /tmp/flakeoff-fixtures/errors.nix:7:20:");
    const QString tomlAt = QStringLiteral("       at /tmp/flakeoff-fixtures/errors.nix:8:10:");
    const QString toml28 = QStringLiteral(
        "error: while parsing a TOML string: [error] toml::parse_key_value_pair: missing value after "
        "key-value separator '='");
    const QString toml226 =
        QStringLiteral("error: while parsing TOML: [error] bad format: unknown value appeared");
    const QString thrown = QStringLiteral("error: flakeoff-thrown-message");
    QTest::newRow("nix 2.8 log: type error") << "logs/eval-type.flog" << type << typeAt << QString();
    QTest::newRow("nix 2.26 log: type error")
        << "logs/eval-type-nix2.26.flog" << type << typeAt
        << QStringLiteral("       … while evaluating the attribute 'x'");
    QTest::newRow("nix 2.8 log: TOML") << "logs/eval-toml.flog" << toml28 << tomlAt << QString();
    QTest::newRow("nix 2.26 log: TOML (no position of its own)")
        << "logs/eval-toml-nix2.26.flog" << toml226 << QString()
        << QStringLiteral("       … while calling the 'fromTOML' builtin\n"
                          "         at /tmp/flakeoff-fixtures/errors.nix:8:10:");
    QTest::newRow("nix 2.8 log: throw") << "logs/eval-throw.flog" << thrown << QString() << QString();
    QTest::newRow("nix 2.26 log: throw") << "logs/eval-throw-nix2.26.flog" << thrown << QString()
                                         << QStringLiteral("       … while calling the 'throw' builtin");
    QTest::newRow("nix 2.8 stderr: type error")
        << "nix-output/instantiate-type.txt" << type << typeAt << QString();
    QTest::newRow("nix 2.26 stderr: type error")
        << "nix-output/instantiate-type-nix2.26.txt" << type << typeAt
        << QStringLiteral("       … while evaluating the attribute 'x'");
    QTest::newRow("nix 2.8 stderr: TOML")
        << "nix-output/instantiate-toml.txt" << toml28 << tomlAt << QString();
    QTest::newRow("nix 2.26 stderr: TOML")
        << "nix-output/instantiate-toml-nix2.26.txt" << toml226 << QString()
        << QStringLiteral("       … while calling the 'fromTOML' builtin");
    QTest::newRow("nix 2.26 log: the failed builder, not the summary after it")
        << "logs/fail-fast-nix2.26.flog"
        << QStringLiteral("error: builder for '/nix/store/rfkmsz02a11gpjqzv6xp7w7yxagvq852-quick-fail.drv' "
                          "failed with exit code 3")
        << QString() << QString();
    QTest::newRow("nix 2.26 log: a failed builder")
        << "logs/failing-nix2.26.flog"
        << QStringLiteral("error: builder for '/nix/store/cqvcq4ipxpz3797dc42263v1xizbblc6-failing.drv' "
                          "failed with exit code 2")
        << QString() << QString();
}

void TestNixErrorText::recordedErrors()
{
    QFETCH(QString, file);
    QFETCH(QString, message);
    QFETCH(QString, position);
    QFETCH(QString, trace);
    const QString text = errorOf(file);
    const QStringList lines = text.split(QLatin1Char('\n'));
    QCOMPARE(lines.front(), message);
    QVERIFY2(!text.contains(QLatin1Char('\x1b')), qPrintable(text));
    // One "error:" line: Nix 2.26's bare "error:" heading is gone, the message is not repeated.
    int errorLines = 0;
    for (const QString &l : lines)
        errorLines += l.trimmed().startsWith(QLatin1String("error:")) ? 1 : 0;
    QCOMPARE(errorLines, 1);
    qsizetype at = 0;
    if (!position.isEmpty()) {
        at = text.indexOf(position);
        QVERIFY2(at > 0, qPrintable(text));
    }
    if (trace.isEmpty()) {
        QVERIFY2(!text.contains(QStringLiteral("… while")), qPrintable(text));
    } else {
        const qsizetype frames = text.indexOf(trace);
        QVERIFY2(frames > at && text.at(frames - 2) == QLatin1Char('\n') &&
                     text.at(frames - 1) == QLatin1Char('\n'),
                 qPrintable(text)); // after the message, past a blank line
    }
}

void TestNixErrorText::runnerAndPredictorAgree_data()
{
    QTest::addColumn<QString>("log");
    QTest::addColumn<QString>("standardError");
    for (const char *version : {"", "-nix2.26"})
        for (const char *error : {"type", "toml"})
            QTest::newRow(
                qPrintable(QStringLiteral("%1%2").arg(QLatin1String(error), QLatin1String(version))))
                << QStringLiteral("logs/eval-%1%2.flog").arg(QLatin1String(error), QLatin1String(version))
                << QStringLiteral("nix-output/instantiate-%1%2.txt")
                       .arg(QLatin1String(error), QLatin1String(version));
}

void TestNixErrorText::runnerAndPredictorAgree()
{
    // `nix build` (the runner's internal-json log) and nix-instantiate (the predictor's stderr)
    // failing on the same attribute give the same text.
    QFETCH(QString, log);
    QFETCH(QString, standardError);
    QCOMPARE(errorOf(log), errorOf(standardError));
}

void TestNixErrorText::traceFirstExactly()
{
    // Nix 2.26's trace-first error, whole: the message and its position, a blank line, the frames.
    QCOMPARE(errorOf(QStringLiteral("nix-output/instantiate-type-nix2.26.txt")),
             QStringLiteral("error: cannot add a string to an integer\n"
                            "       at /tmp/flakeoff-fixtures/errors.nix:7:20:\n"
                            "            6| {\n"
                            "            7|   type = { x = 1 + \"flakeoff\"; }.x;\n"
                            "             |                    ^\n"
                            "            8|   toml = builtins.fromTOML \"a = \";\n"
                            "\n"
                            "       … while evaluating the attribute 'x'\n"
                            "         at /tmp/flakeoff-fixtures/errors.nix:7:12:\n"
                            "            6| {\n"
                            "            7|   type = { x = 1 + \"flakeoff\"; }.x;\n"
                            "             |            ^\n"
                            "            8|   toml = builtins.fromTOML \"a = \";"));
}

QTEST_GUILESS_MAIN(TestNixErrorText)
#include "tst_nixerrortext.moc"
