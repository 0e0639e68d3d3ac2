// SPDX-License-Identifier: MIT
// NixErrorText on what Nix 2.8 really printed (recorded here, offline): internal-json message
// sequences as the runner reads them, and plain stderr as the predictor reads it.
#include "log/BuildReportJson.h"
#include "log/LogStream.h"
#include "nix/NixCommand.h"
#include "nix/NixErrorText.h"

#include <QTest>

#include <nlohmann/json.hpp>

using namespace flakeoff;

namespace {
// The "(use '--show-trace' …)" hint exactly as Nix 2.8 sends it after an evaluation error.
const QByteArray kHintLine =
    R"j(@nix {"action":"msg","level":0,"msg":"(use '--show-trace' to show detailed location information)"})j" "\n";

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
};

void TestNixErrorText::fromMessages_data()
{
    QTest::addColumn<QByteArray>("log");   // internal-json lines, as Nix 2.8 sent them
    QTest::addColumn<QString>("expected"); // empty: no reason in the messages

    QTest::newRow("throw, then the hint")
        << QByteArray(R"j(@nix {"action":"msg","column":null,"file":null,"level":0,"line":null,"msg":"\u001b[31;1merror:\u001b[0m flakeoff-thrown-message","raw_msg":"flakeoff-thrown-message"})j" "\n") + kHintLine
        << QStringLiteral("error: flakeoff-thrown-message");
    QTest::newRow("abort, then the hint")
        << QByteArray(R"j(@nix {"action":"msg","column":null,"file":null,"level":0,"line":null,"msg":"\u001b[31;1merror:\u001b[0m evaluation aborted with the following error message: '\u001b[35;1mflakeoff-aborted-message\u001b[0m'","raw_msg":"evaluation aborted with the following error message: '\u001b[35;1mflakeoff-aborted-message\u001b[0m'"})j" "\n") + kHintLine
        << QStringLiteral("error: evaluation aborted with the following error message: 'flakeoff-aborted-message'");
    QTest::newRow("type error, then the hint")
        << QByteArray(R"j(@nix {"action":"msg","column":11,"file":"/tmp/t/type.nix","level":0,"line":1,"msg":"\u001b[31;1merror:\u001b[0m cannot add \u001b[35;1ma string\u001b[0m to an integer\n\n       \u001b[34;1mat \u001b[35;1m/tmp/t/type.nix:1:11\u001b[0m:\n\n            1| { x = 1 + \"flakeoff\"; }.x\n             |           \u001b[31;1m^\u001b[0m","raw_msg":"cannot add \u001b[35;1ma string\u001b[0m to an integer"})j" "\n") + kHintLine
        << QStringLiteral("error: cannot add a string to an integer\n\n       at /tmp/t/type.nix:1:11:\n\n"
                          "            1| { x = 1 + \"flakeoff\"; }.x\n             |           ^");
    QTest::newRow("TOML parse error with its excerpt, then the hint")
        << QByteArray(R"j(@nix {"action":"msg","column":1,"file":"/tmp/t/toml.nix","level":0,"line":1,"msg":"\u001b[31;1merror:\u001b[0m while parsing a TOML string: \u001b[35;1m[error] toml::parse_key_value_pair: missing value after key-value separator '='\n        --> fromTOML\n          |\n        1 | a =\n          |     ^--- expected value, but got nothing\u001b[0m\n\n       \u001b[34;1mat \u001b[35;1m/tmp/t/toml.nix:1:1\u001b[0m:\n\n            1| builtins.fromTOML \"a = \"\n             | \u001b[31;1m^\u001b[0m","raw_msg":"while parsing a TOML string: \u001b[35;1m[error] toml::parse_key_value_pair: missing value after key-value separator '='\n --> fromTOML\n   |\n 1 | a = \n   |     ^--- expected value, but got nothing\u001b[0m"})j" "\n") + kHintLine
        << QStringLiteral("error: while parsing a TOML string: [error] toml::parse_key_value_pair: missing value after key-value separator '='\n"
                          "        --> fromTOML\n          |\n        1 | a =\n          |     ^--- expected value, but got nothing\n\n"
                          "       at /tmp/t/toml.nix:1:1:\n\n            1| builtins.fromTOML \"a = \"\n             | ^");
    QTest::newRow("undefined variable: a parse error, no hint")
        << QByteArray(R"j(@nix {"action":"msg","column":1,"file":"/tmp/t/undef.nix","level":0,"line":1,"msg":"\u001b[31;1merror:\u001b[0m undefined variable '\u001b[35;1mflakeoffUndefinedVariable\u001b[0m'\n\n       \u001b[34;1mat \u001b[35;1m/tmp/t/undef.nix:1:1\u001b[0m:\n\n            1| flakeoffUndefinedVariable\n             | \u001b[31;1m^\u001b[0m","raw_msg":"undefined variable '\u001b[35;1mflakeoffUndefinedVariable\u001b[0m'"})j" "\n")
        << QStringLiteral("error: undefined variable 'flakeoffUndefinedVariable'\n\n       at /tmp/t/undef.nix:1:1:\n\n"
                          "            1| flakeoffUndefinedVariable\n             | ^");
    QTest::newRow("trace output before the error, hint after")
        << QByteArray(R"j(@nix {"action":"msg","level":0,"msg":"trace: tracing"})j" "\n"
                      R"j(@nix {"action":"msg","column":null,"file":null,"level":0,"line":null,"msg":"\u001b[31;1merror:\u001b[0m x","raw_msg":"x"})j" "\n") + kHintLine
        << QStringLiteral("error: x");
    QTest::newRow("a failed builder (no hint)")
        << QByteArray(R"j(@nix {"action":"msg","column":null,"file":null,"level":0,"line":null,"msg":"\u001b[31;1merror:\u001b[0m \u001b[35;1m\u001b[0mbuilder for '\u001b[35;1m/nix/store/nnlj7rm46ssvackhvd43nvd1rwn3fmfd-flakeoff-failing.drv\u001b[0m' failed with exit code 3\u001b[0m","raw_msg":"\u001b[35;1m\u001b[0mbuilder for '\u001b[35;1m/nix/store/nnlj7rm46ssvackhvd43nvd1rwn3fmfd-flakeoff-failing.drv\u001b[0m' failed with exit code 3\u001b[0m"})j" "\n")
        << QStringLiteral("error: builder for '/nix/store/nnlj7rm46ssvackhvd43nvd1rwn3fmfd-flakeoff-failing.drv' failed with exit code 3");
    QTest::newRow("a message without raw_msg keeps its own prefix")
        << QByteArray(R"j(@nix {"action":"msg","level":0,"msg":"error: first"})j" "\n") << QStringLiteral("error: first");
    QTest::newRow("the last of two errors")
        << QByteArray(R"j(@nix {"action":"msg","level":0,"msg":"error: first"})j" "\n"
                      R"j(@nix {"action":"msg","level":0,"msg":"error: second"})j" "\n") + kHintLine
        << QStringLiteral("error: second");
    QTest::newRow("warnings are no reason")
        << QByteArray(R"j(@nix {"action":"msg","level":1,"msg":"warning: Git tree '/tmp/x' is dirty"})j" "\n") << QString();
    QTest::newRow("only the hint") << kHintLine << QString();
    QTest::newRow("only trace output") << QByteArray(R"j(@nix {"action":"msg","level":0,"msg":"trace: tracing"})j" "\n") << QString();
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
    QTest::newRow("with the full text") << false
                                        << QStringLiteral("error: cannot add a string to an integer\n\n       at /tmp/t/type.nix:1:11:\n\n"
                                                          "            1| { x = 1 + \"flakeoff\"; }.x\n             |           ^");
    QTest::newRow("an old report: raw_msg and the position")
        << true << QStringLiteral("error: cannot add a string to an integer\n\n       at /tmp/t/type.nix:1:11");
}

void TestNixErrorText::fromMessagesOfARecordedReport()
{
    QFETCH(bool, dropFullText);
    QFETCH(QString, expected);
    const BuildReport live = reportOf(
        QByteArray(R"j(@nix {"action":"msg","column":11,"file":"/tmp/t/type.nix","level":0,"line":1,"msg":"\u001b[31;1merror:\u001b[0m cannot add \u001b[35;1ma string\u001b[0m to an integer\n\n       \u001b[34;1mat \u001b[35;1m/tmp/t/type.nix:1:11\u001b[0m:\n\n            1| { x = 1 + \"flakeoff\"; }.x\n             |           \u001b[31;1m^\u001b[0m","raw_msg":"cannot add \u001b[35;1ma string\u001b[0m to an integer"})j" "\n") +
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
    const QByteArray typeError = "error: cannot add a string to an integer\n\n       at /tmp/t/type.nix:1:11:\n\n"
                                 "            1| { x = 1 + \"flakeoff\"; }.x\n             |           ^\n";
    QTest::newRow("nix-instantiate: type error and hint")
        << typeError + "(use '--show-trace' to show detailed location information)\n" << QString::fromUtf8(typeError).trimmed();
    QTest::newRow("nix show-derivation: throw and hint")
        << QByteArray("error: flakeoff-thrown-message\n(use '--show-trace' to show detailed location information)\n")
        << QStringLiteral("error: flakeoff-thrown-message");
    QTest::newRow("trace output and warnings before, colours inside")
        << QByteArray("trace: tracing\nwarning: Git tree '/tmp/x' is dirty\n\x1b[31;1merror:\x1b[0m x\n"
                      "warning: something after\n(use '--show-trace' to show detailed location information)\n")
        << QStringLiteral("error: x");
    QTest::newRow("no error: line: the text as it is") << QByteArray("cannot connect to daemon\n") << QStringLiteral("cannot connect to daemon");
    QTest::newRow("only the hint") << QByteArray("(use '--show-trace' to show detailed location information)\n") << QString();
    QTest::newRow("empty") << QByteArray() << QString();
    QTest::newRow("very long: cut") << QByteArray("error: ") + QByteArray(5000, 'x') << QStringLiteral("error: ") + QString(3993, QLatin1Char('x')) + QStringLiteral("…");
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
    QTest::newRow("Nix's message") << true << false << QByteArray("error: x\n(use '--show-trace' to show detailed location information)\n")
                                   << QStringLiteral("error: x");
    QTest::newRow("said nothing: the exit code") << true << false << QByteArray() << QStringLiteral("nix-instantiate a.nix: exit 1");
    QTest::newRow("killed") << true << true << QByteArray("error: x\n") << QStringLiteral("nix-instantiate a.nix: killed");
    QTest::newRow("did not start") << false << false << QByteArray("No such file or directory")
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
    QTest::newRow("Nix 2.8's hint") << QStringLiteral("(use '--show-trace' to show detailed location information)") << true;
    QTest::newRow("with spaces around") << QStringLiteral("  (use '--show-trace' to show detailed location information)\n") << true;
    QTest::newRow("an error mentioning the flag") << QStringLiteral("error: unrecognised flag '--show-trace'") << false;
    QTest::newRow("an error") << QStringLiteral("error: x") << false;
    QTest::newRow("empty") << QString() << false;
}

void TestNixErrorText::isHint()
{
    QFETCH(QString, line);
    QFETCH(bool, hint);
    QCOMPARE(NixErrorText::isHint(line), hint);
}

QTEST_GUILESS_MAIN(TestNixErrorText)
#include "tst_nixerrortext.moc"
