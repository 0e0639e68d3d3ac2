// SPDX-License-Identifier: MIT
// LogEventParser: every event shape Nix writes (2.8 through today), the fast path against the
// generic path, and every way a line can be wrong.
#include "log/LogEventParser.h"
#include "log/NixTypes.h"

#include <QTest>

using namespace flakeoff;
Q_DECLARE_METATYPE(LogEvent::Kind)

namespace {
LogEvent parseLine(const QByteArray &text, bool truncated = false, bool unterminated = false)
{
    LogEventParser parser;
    RawLine line;
    line.text = std::string_view(text.constData(), static_cast<std::size_t>(text.size()));
    line.number = 7;
    line.arrivalUs = 1234;
    line.originalBytes = truncated ? static_cast<std::size_t>(text.size()) * 10 : static_cast<std::size_t>(text.size());
    line.truncated = truncated;
    line.unterminated = unterminated;
    LogEvent e;
    parser.parse(line, e);
    return e;
}

QString fieldsText(const LogEvent &e)
{
    QStringList parts;
    for (const auto &f : e.fields) {
        if (const auto *i = std::get_if<std::int64_t>(&f))
            parts << QString::number(*i);
        else
            parts << QLatin1Char('"') + QString::fromStdString(std::get<std::string>(f)) + QLatin1Char('"');
    }
    return parts.join(QLatin1Char(','));
}
} // namespace

class TestLogEventParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void events_data();
    void events();
    void fastPathMatchesGeneric_data();
    void fastPathMatchesGeneric();
    void msgFields();
    void malformed_data();
    void malformed();
    void invalidUtf8IsRepaired();
    void typeNames();
};

void TestLogEventParser::events_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<LogEvent::Kind>("kind");
    QTest::addColumn<quint64>("id");
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("fields");
    QTest::addColumn<QString>("text");

    using K = LogEvent::Kind;
    QTest::newRow("plain output") << QByteArray("these 2 derivations will be built:") << K::Output << quint64(0) << 0
                                  << QString() << QStringLiteral("these 2 derivations will be built:");
    QTest::newRow("start realise, no fields")
        << QByteArray(R"(@nix {"action":"start","id":29721173688320,"level":0,"text":"","type":102})") << K::Start
        << quint64(29721173688320) << 102 << QString() << QString();
    QTest::newRow("start build with fields")
        << QByteArray(R"(@nix {"action":"start","fields":["/nix/store/p8b6sz2cjlfyk85y1y0cxkz6ajc2nfxp-b.drv","",1,1],"id":5,"level":3,"text":"building '/nix/store/p8b6sz2cjlfyk85y1y0cxkz6ajc2nfxp-b.drv'","type":105})")
        << K::Start << quint64(5) << 105 << QStringLiteral("\"/nix/store/p8b6sz2cjlfyk85y1y0cxkz6ajc2nfxp-b.drv\",\"\",1,1")
        << QStringLiteral("building '/nix/store/p8b6sz2cjlfyk85y1y0cxkz6ajc2nfxp-b.drv'");
    QTest::newRow("start with parent (Nix 2.18+)")
        << QByteArray(R"(@nix {"action":"start","id":9,"level":5,"parent":4,"text":"x","type":109})") << K::Start
        << quint64(9) << 109 << QString() << QStringLiteral("x");
    QTest::newRow("stop") << QByteArray(R"(@nix {"action":"stop","id":29721173688323})") << K::Stop
                          << quint64(29721173688323) << 0 << QString() << QString();
    QTest::newRow("build log line") << QByteArray(R"(@nix {"action":"result","fields":["building a"],"id":3,"type":101})")
                                    << K::Result << quint64(3) << 101 << QStringLiteral("\"building a\"") << QString();
    QTest::newRow("log line with escapes")
        << QByteArray(R"(@nix {"action":"result","fields":["\u001b[31mred\u001b[0m \"q\" \\ \/ \t|\u00e9\ud83d\ude00"],"id":3,"type":101})")
        << K::Result << quint64(3) << 101
        << QStringLiteral("\"\x1b[31mred\x1b[0m \"q\" \\ / \t|\u00e9\U0001F600\"") << QString();
    QTest::newRow("progress") << QByteArray(R"(@nix {"action":"result","fields":[0,3,1,0],"id":29721173688321,"type":105})")
                              << K::Result << quint64(29721173688321) << 105 << QStringLiteral("0,3,1,0") << QString();
    QTest::newRow("set expected") << QByteArray(R"(@nix {"action":"result","fields":[101,0],"id":1,"type":106})")
                                  << K::Result << quint64(1) << 106 << QStringLiteral("101,0") << QString();
    QTest::newRow("set phase") << QByteArray(R"(@nix {"action":"result","fields":["buildPhase"],"id":2,"type":104})")
                               << K::Result << quint64(2) << 104 << QStringLiteral("\"buildPhase\"") << QString();
    QTest::newRow("empty field list") << QByteArray(R"(@nix {"action":"result","fields":[],"id":2,"type":100})")
                                      << K::Result << quint64(2) << 100 << QString() << QString();
    QTest::newRow("unknown result type kept")
        << QByteArray(R"(@nix {"action":"result","fields":[1,"x"],"id":2,"type":142})") << K::Result << quint64(2)
        << 142 << QStringLiteral("1,\"x\"") << QString();
    QTest::newRow("unknown activity type kept")
        << QByteArray(R"(@nix {"action":"start","id":8,"level":3,"text":"t","type":150})") << K::Start << quint64(8)
        << 150 << QString() << QStringLiteral("t");
    QTest::newRow("other key order (generic path)")
        << QByteArray(R"(@nix {"type":101,"id":3,"fields":["x"],"action":"result"})") << K::Result << quint64(3) << 101
        << QStringLiteral("\"x\"") << QString();
    QTest::newRow("whitespace (generic path)")
        << QByteArray(R"(@nix { "action" : "stop", "id" : 12 })") << K::Stop << quint64(12) << 0 << QString() << QString();
    QTest::newRow("float and bool fields kept as text")
        << QByteArray(R"(@nix {"action":"result","fields":[1.5,true,null],"id":3,"type":105})") << K::Result
        << quint64(3) << 105 << QStringLiteral("\"1.5\",\"true\",\"null\"") << QString();
    QTest::newRow("ansi stripped from start text")
        << QByteArray(R"(@nix {"action":"start","id":1,"level":3,"text":"\u001b[1mbuilding\u001b[0m","type":105})")
        << K::Start << quint64(1) << 105 << QString() << QStringLiteral("building");
    QTest::newRow("@nix without space is output") << QByteArray("@nixos rocks") << K::Output << quint64(0) << 0
                                                   << QString() << QStringLiteral("@nixos rocks");
}

void TestLogEventParser::events()
{
    QFETCH(QByteArray, line);
    QFETCH(LogEvent::Kind, kind);
    QFETCH(quint64, id);
    QFETCH(int, type);
    QFETCH(QString, fields);
    QFETCH(QString, text);
    const LogEvent e = parseLine(line);
    QCOMPARE(e.kind, kind);
    QVERIFY2(e.problem.empty(), e.problem.c_str());
    QCOMPARE(e.id, id);
    QCOMPARE(e.type, type);
    QCOMPARE(fieldsText(e), fields);
    QCOMPARE(QString::fromStdString(e.text), text);
    QCOMPARE(e.line, std::int64_t{7});
    QCOMPARE(e.timeUs.value_or(-1), std::int64_t{1234});
}

void TestLogEventParser::fastPathMatchesGeneric_data()
{
    QTest::addColumn<QByteArray>("fast");
    QTest::addColumn<QByteArray>("generic");
    // The same event in Nix's key order (fast path) and with spaces (forces nlohmann).
    QTest::newRow("log line") << QByteArray(R"(@nix {"action":"result","fields":["a \"b\" \u00e9 \ud83d\ude00"],"id":3,"type":101})")
                              << QByteArray(R"(@nix { "action":"result", "fields":["a \"b\" \u00e9 \ud83d\ude00"], "id":3, "type":101 })");
    QTest::newRow("progress") << QByteArray(R"(@nix {"action":"result","fields":[1,-2,3,0],"id":18446744073709551615,"type":105})")
                              << QByteArray(R"(@nix {"action":"result", "fields":[1,-2,3,0], "id":18446744073709551615, "type":105})");
    QTest::newRow("stop") << QByteArray(R"(@nix {"action":"stop","id":42})") << QByteArray(R"(@nix {"id":42,"action":"stop"})");
}

void TestLogEventParser::fastPathMatchesGeneric()
{
    QFETCH(QByteArray, fast);
    QFETCH(QByteArray, generic);
    const LogEvent a = parseLine(fast);
    const LogEvent b = parseLine(generic);
    QCOMPARE(a.kind, b.kind);
    QCOMPARE(a.id, b.id);
    QCOMPARE(a.type, b.type);
    QCOMPARE(fieldsText(a), fieldsText(b));
    QVERIFY(a.kind != LogEvent::Kind::Malformed);
}

void TestLogEventParser::msgFields()
{
    const LogEvent e = parseLine(QByteArray(
        R"(@nix {"action":"msg","column":5,"file":"/tmp/x/flake.nix","level":0,"line":12,"msg":"\u001b[31;1merror:\u001b[0m undefined variable 'foo'","raw_msg":"undefined variable '\u001b[35;1mfoo\u001b[0m'"})"));
    QCOMPARE(e.kind, LogEvent::Kind::Msg);
    QCOMPARE(e.level, 0);
    QCOMPARE(QString::fromStdString(e.text), QStringLiteral("error: undefined variable 'foo'"));
    QCOMPARE(QString::fromStdString(e.rawMsg), QStringLiteral("undefined variable 'foo'"));
    QCOMPARE(QString::fromStdString(e.file.value_or("")), QStringLiteral("/tmp/x/flake.nix"));
    QCOMPARE(e.fileLine.value_or(-1), 12);
    QCOMPARE(e.column.value_or(-1), 5);

    const LogEvent n = parseLine(QByteArray(
        R"(@nix {"action":"msg","column":null,"file":null,"level":1,"line":null,"msg":"warning: Git tree is dirty"})"));
    QCOMPARE(n.kind, LogEvent::Kind::Msg);
    QVERIFY(!n.file && !n.fileLine && !n.column);
    QCOMPARE(n.level, 1);
}

void TestLogEventParser::malformed_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<bool>("truncated");
    QTest::addColumn<bool>("unterminated");
    QTest::addColumn<QString>("problemContains");

    QTest::newRow("not JSON") << QByteArray("@nix this is not json") << false << false << QStringLiteral("invalid JSON at column");
    QTest::newRow("cut JSON") << QByteArray(R"(@nix {"action":"result","fields":["abc)") << false << false
                              << QStringLiteral("invalid JSON");
    QTest::newRow("cut last line") << QByteArray(R"(@nix {"action":"stop","id":)") << false << true
                                   << QStringLiteral("last line is cut off");
    QTest::newRow("array, not object") << QByteArray("@nix [1,2,3]") << false << false << QStringLiteral("expected a JSON object");
    QTest::newRow("no action") << QByteArray(R"(@nix {"id":1})") << false << false << QStringLiteral("no \"action\"");
    QTest::newRow("unknown action") << QByteArray(R"(@nix {"action":"explode","id":1})") << false << false
                                    << QStringLiteral("unknown action \"explode\"");
    QTest::newRow("stop without id") << QByteArray(R"(@nix {"action":"stop"})") << false << false
                                     << QStringLiteral("without a numeric \"id\"");
    QTest::newRow("result without type") << QByteArray(R"(@nix {"action":"result","id":3,"fields":[]})") << false << false
                                         << QStringLiteral("without a numeric \"type\"");
    QTest::newRow("id is a string") << QByteArray(R"(@nix {"action":"stop","id":"3"})") << false << false
                                    << QStringLiteral("without a numeric \"id\"");
    QTest::newRow("fields not array") << QByteArray(R"(@nix {"action":"result","id":3,"type":101,"fields":"x"})") << false
                                      << false << QStringLiteral("\"fields\" is not an array");
    QTest::newRow("msg without text") << QByteArray(R"(@nix {"action":"msg","level":0})") << false << false
                                      << QStringLiteral("without a \"msg\" string");
    QTest::newRow("huge line truncated") << QByteArray(R"(@nix {"action":"result","fields":["xxxxxxxx)") << true << false
                                         << QStringLiteral("only the first");
    QTest::newRow("trailing garbage") << QByteArray(R"(@nix {"action":"stop","id":1} trailing)") << false << false
                                      << QStringLiteral("invalid JSON");
    QTest::newRow("empty payload") << QByteArray("@nix ") << false << false << QStringLiteral("invalid JSON");
}

void TestLogEventParser::malformed()
{
    QFETCH(QByteArray, line);
    QFETCH(bool, truncated);
    QFETCH(bool, unterminated);
    QFETCH(QString, problemContains);
    const LogEvent e = parseLine(line, truncated, unterminated);
    QCOMPARE(e.kind, LogEvent::Kind::Malformed);
    QVERIFY2(QString::fromStdString(e.problem).contains(problemContains), e.problem.c_str());
    QCOMPARE(e.line, std::int64_t{7});
}

void TestLogEventParser::invalidUtf8IsRepaired()
{
    // A build log line with a Latin-1 byte: kept as an event, the byte replaced, the problem noted.
    const LogEvent e = parseLine(QByteArray("@nix {\"action\":\"result\",\"fields\":[\"caf\xe9\"],\"id\":3,\"type\":101}"));
    QCOMPARE(e.kind, LogEvent::Kind::Result);
    QVERIFY(e.repairedUtf8);
    QVERIFY2(QString::fromStdString(e.problem).contains(QStringLiteral("invalid UTF-8 at byte 39")), e.problem.c_str());
    QCOMPARE(QString::fromStdString(e.stringField(0)), QStringLiteral("caf\uFFFD"));

    const LogEvent plain = parseLine(QByteArray("plain \xff\xfe output"));
    QCOMPARE(plain.kind, LogEvent::Kind::Output);
    QVERIFY(plain.repairedUtf8);
}

void TestLogEventParser::typeNames()
{
    QCOMPARE(QString::fromLatin1(activityTypeName(105).data()), QStringLiteral("build"));
    QCOMPARE(QString::fromLatin1(activityTypeName(112).data()), QStringLiteral("fetch-tree"));
    QCOMPARE(QString::fromLatin1(activityTypeName(999).data()), QStringLiteral("unrecognised"));
    QCOMPARE(QString::fromLatin1(resultTypeName(101).data()), QStringLiteral("build-log-line"));
    QCOMPARE(QString::fromLatin1(verbosityName(1).data()), QStringLiteral("warning"));
}

QTEST_GUILESS_MAIN(TestLogEventParser)
#include "tst_logeventparser.moc"
