// SPDX-License-Identifier: MIT
// LogEventParser: every event shape Nix writes (2.8 through today), the fast path against the
// generic path, and every way a line can be wrong.
#include "log/LogEventParser.h"
#include "log/NixTypes.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>

#include <set>

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
    line.originalBytes =
        truncated ? static_cast<std::size_t>(text.size()) * 10 : static_cast<std::size_t>(text.size());
    line.truncated = truncated;
    line.unterminated = unterminated;
    LogEvent e;
    parser.parse(line, e);
    return e;
}

// Every field of an event as text, so two parses can be compared whole. A deferred log line
// shows as the string field it stands for.
QString eventText(const LogEvent &e)
{
    QString fields;
    if (e.escapedLogText) {
        std::string decoded;
        if (!LogEventParser::decodeEscapedText(*e.escapedLogText, decoded))
            return QStringLiteral("undecodable deferred text");
        fields = QLatin1Char('"') + QString::fromStdString(decoded) + QStringLiteral("\",");
    }
    for (const auto &f : e.fields) {
        if (const auto *i = std::get_if<std::int64_t>(&f))
            fields += QString::number(*i) + QLatin1Char(',');
        else
            fields +=
                QLatin1Char('"') + QString::fromStdString(std::get<std::string>(f)) + QStringLiteral("\",");
    }
    return QStringLiteral(
               "kind %1 id %2 type %3 level %4 parent %5 text [%6] fields [%7] raw [%8] problem [%9] %10")
        .arg(static_cast<int>(e.kind))
        .arg(e.id)
        .arg(e.type)
        .arg(e.level)
        .arg(e.parent ? QString::number(*e.parent) : QStringLiteral("-"))
        .arg(QString::fromStdString(e.text), fields, QString::fromStdString(e.rawMsg),
             QString::fromStdString(e.problem))
        .arg(e.repairedUtf8 ? QStringLiteral("repaired") : QString());
}

RawLine rawLine(const QByteArray &text, std::int64_t number = 7)
{
    RawLine line;
    line.text = std::string_view(text.constData(), static_cast<std::size_t>(text.size()));
    line.number = number;
    line.originalBytes = line.text.size();
    return line;
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
    void msgPosition_data();
    void msgPosition();
    void recordedLogs_data();
    void recordedLogs();
    void malformed_data();
    void malformed();
    void invalidUtf8IsRepaired();
    void typeNames();
    void deferredTextMatchesEager_data();
    void deferredTextMatchesEager();
    void notDeferred_data();
    void notDeferred();
    void repeatedEndingMatchesFreshParse_data();
    void repeatedEndingMatchesFreshParse();
    void startAndMsgShapes_data();
    void startAndMsgShapes();
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
    QTest::newRow("plain output") << QByteArray("these 2 derivations will be built:") << K::Output
                                  << quint64(0) << 0 << QString()
                                  << QStringLiteral("these 2 derivations will be built:");
    QTest::newRow("start realise, no fields")
        << QByteArray(R"(@nix {"action":"start","id":29721173688320,"level":0,"text":"","type":102})")
        << K::Start << quint64(29721173688320) << 102 << QString() << QString();
    QTest::newRow("start build with fields")
        << QByteArray(
               R"(@nix {"action":"start","fields":["/nix/store/p8b6sz2cjlfyk85y1y0cxkz6ajc2nfxp-b.drv","",1,1],"id":5,"level":3,"text":"building '/nix/store/p8b6sz2cjlfyk85y1y0cxkz6ajc2nfxp-b.drv'","type":105})")
        << K::Start << quint64(5) << 105
        << QStringLiteral("\"/nix/store/p8b6sz2cjlfyk85y1y0cxkz6ajc2nfxp-b.drv\",\"\",1,1")
        << QStringLiteral("building '/nix/store/p8b6sz2cjlfyk85y1y0cxkz6ajc2nfxp-b.drv'");
    QTest::newRow("start with parent (Nix 2.18+)")
        << QByteArray(R"(@nix {"action":"start","id":9,"level":5,"parent":4,"text":"x","type":109})")
        << K::Start << quint64(9) << 109 << QString() << QStringLiteral("x");
    QTest::newRow("stop") << QByteArray(R"(@nix {"action":"stop","id":29721173688323})") << K::Stop
                          << quint64(29721173688323) << 0 << QString() << QString();
    QTest::newRow("build log line")
        << QByteArray(R"(@nix {"action":"result","fields":["building a"],"id":3,"type":101})") << K::Result
        << quint64(3) << 101 << QStringLiteral("\"building a\"") << QString();
    QTest::newRow("log line with escapes")
        << QByteArray(
               R"(@nix {"action":"result","fields":["\u001b[31mred\u001b[0m \"q\" \\ \/ \t|\u00e9\ud83d\ude00"],"id":3,"type":101})")
        << K::Result << quint64(3) << 101
        << QStringLiteral("\"\x1b[31mred\x1b[0m \"q\" \\ / \t|\u00e9\U0001F600\"") << QString();
    QTest::newRow("progress")
        << QByteArray(R"(@nix {"action":"result","fields":[0,3,1,0],"id":29721173688321,"type":105})")
        << K::Result << quint64(29721173688321) << 105 << QStringLiteral("0,3,1,0") << QString();
    QTest::newRow("set expected") << QByteArray(
                                         R"(@nix {"action":"result","fields":[101,0],"id":1,"type":106})")
                                  << K::Result << quint64(1) << 106 << QStringLiteral("101,0") << QString();
    QTest::newRow("set phase") << QByteArray(
                                      R"(@nix {"action":"result","fields":["buildPhase"],"id":2,"type":104})")
                               << K::Result << quint64(2) << 104 << QStringLiteral("\"buildPhase\"")
                               << QString();
    QTest::newRow("empty field list")
        << QByteArray(R"(@nix {"action":"result","fields":[],"id":2,"type":100})") << K::Result << quint64(2)
        << 100 << QString() << QString();
    QTest::newRow("unknown result type kept")
        << QByteArray(R"(@nix {"action":"result","fields":[1,"x"],"id":2,"type":142})") << K::Result
        << quint64(2) << 142 << QStringLiteral("1,\"x\"") << QString();
    QTest::newRow("unknown activity type kept")
        << QByteArray(R"(@nix {"action":"start","id":8,"level":3,"text":"t","type":150})") << K::Start
        << quint64(8) << 150 << QString() << QStringLiteral("t");
    QTest::newRow("other key order (generic path)")
        << QByteArray(R"(@nix {"type":101,"id":3,"fields":["x"],"action":"result"})") << K::Result
        << quint64(3) << 101 << QStringLiteral("\"x\"") << QString();
    QTest::newRow("whitespace (generic path)") << QByteArray(R"(@nix { "action" : "stop", "id" : 12 })")
                                               << K::Stop << quint64(12) << 0 << QString() << QString();
    QTest::newRow("float and bool fields kept as text")
        << QByteArray(R"(@nix {"action":"result","fields":[1.5,true,null],"id":3,"type":105})") << K::Result
        << quint64(3) << 105 << QStringLiteral("\"1.5\",\"true\",\"null\"") << QString();
    QTest::newRow("ansi stripped from start text")
        << QByteArray(
               R"(@nix {"action":"start","id":1,"level":3,"text":"\u001b[1mbuilding\u001b[0m","type":105})")
        << K::Start << quint64(1) << 105 << QString() << QStringLiteral("building");
    QTest::newRow("@nix without space is output") << QByteArray("@nixos rocks") << K::Output << quint64(0)
                                                  << 0 << QString() << QStringLiteral("@nixos rocks");
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
    QTest::newRow("log line")
        << QByteArray(
               R"(@nix {"action":"result","fields":["a \"b\" \u00e9 \ud83d\ude00"],"id":3,"type":101})")
        << QByteArray(
               R"(@nix { "action":"result", "fields":["a \"b\" \u00e9 \ud83d\ude00"], "id":3, "type":101 })");
    QTest::newRow("progress")
        << QByteArray(R"(@nix {"action":"result","fields":[1,-2,3,0],"id":18446744073709551615,"type":105})")
        << QByteArray(
               R"(@nix {"action":"result", "fields":[1,-2,3,0], "id":18446744073709551615, "type":105})");
    QTest::newRow("stop") << QByteArray(R"(@nix {"action":"stop","id":42})")
                          << QByteArray(R"(@nix {"id":42,"action":"stop"})");
    // Numbers of every length around the word-at-a-time reading (8 digits a word, at most 15,
    // longer ones as std::from_chars reads them), negative, zero, and at the end of the line.
    const QList<QByteArray> numbers{"0",
                                    "7",
                                    "-7",
                                    "1234567",
                                    "12345678",
                                    "-12345678",
                                    "123456789",
                                    "1234567890",
                                    "999999999999999",
                                    "1000000000000000",
                                    "9223372036854775807",
                                    "-9223372036854775808",
                                    "4194584"};
    for (const QByteArray &n : numbers) {
        QTest::newRow(qPrintable(QStringLiteral("progress field ") + QString::fromLatin1(n)))
            << QByteArray(R"(@nix {"action":"result","fields":[)" + n + "," + n +
                          R"(,0,0],"id":55061480734727,"type":105})")
            << QByteArray(R"(@nix {"action":"result", "fields":[)" + n + "," + n +
                          R"(,0,0], "id":55061480734727, "type":105})");
        if (!n.startsWith('-'))
            QTest::newRow(qPrintable(QStringLiteral("stop id ") + QString::fromLatin1(n)))
                << QByteArray(R"(@nix {"action":"stop","id":)" + n + "}")
                << QByteArray(R"(@nix {"id":)" + n + R"(,"action":"stop"})");
    }
    QTest::newRow("id of 16 digits")
        << QByteArray(R"(@nix {"action":"result","fields":[1],"id":1234567890123456,"type":105})")
        << QByteArray(R"(@nix {"action":"result", "fields":[1], "id":1234567890123456, "type":105})");
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

void TestLogEventParser::msgPosition_data()
{
    // Where a message points: Nix 2.8 gives file, line and column apart; Nix 2.26 also appends
    // the position to `file`, or writes "«none»:0" when there is none (lines from the recorded
    // eval-*-nix2.26.flog fixtures).
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("file"); // empty: none
    QTest::addColumn<int>("fileLine"); // -1: none
    QTest::addColumn<int>("column");
    QTest::newRow("nix 2.26: position in file too")
        << QByteArray(
               R"j(@nix {"action":"msg","column":20,"file":"/tmp/flakeoff-fixtures/errors.nix:7:20","level":0,"line":7,"msg":"\u001b[31;1merror:\u001b[0m cannot add","raw_msg":"cannot add"})j")
        << QStringLiteral("/tmp/flakeoff-fixtures/errors.nix") << 7 << 20;
    QTest::newRow("nix 2.26: no position")
        << QByteArray(
               R"j(@nix {"action":"msg","column":0,"file":"«none»:0","level":0,"line":0,"msg":"\u001b[31;1merror:\u001b[0m\n       … while calling the 'fromTOML' builtin","raw_msg":"while parsing TOML"})j")
        << QString() << -1 << -1;
    QTest::newRow("nix 2.26: no position, nulls")
        << QByteArray(
               R"j(@nix {"action":"msg","column":null,"file":null,"level":0,"line":null,"msg":"error: x","raw_msg":"x"})j")
        << QString() << -1 << -1;
    QTest::newRow("nix 2.8: file alone")
        << QByteArray(
               R"j(@nix {"action":"msg","column":11,"file":"/tmp/t/type.nix","level":0,"line":1,"msg":"error: x","raw_msg":"x"})j")
        << QStringLiteral("/tmp/t/type.nix") << 1 << 11;
    QTest::newRow("position only in file")
        << QByteArray(
               R"j(@nix {"action":"msg","file":"/x/a.nix:3:4","level":0,"msg":"error: x","raw_msg":"x"})j")
        << QStringLiteral("/x/a.nix") << 3 << 4;
    QTest::newRow("line only in file")
        << QByteArray(
               R"j(@nix {"action":"msg","column":0,"file":"/x/a.nix:3","level":0,"line":3,"msg":"error: x","raw_msg":"x"})j")
        << QStringLiteral("/x/a.nix") << 3 << 0;
    QTest::newRow("a suffix that disagrees is part of the name")
        << QByteArray(
               R"j(@nix {"action":"msg","column":4,"file":"/x/a.nix:3:4","level":0,"line":5,"msg":"error: x","raw_msg":"x"})j")
        << QStringLiteral("/x/a.nix:3:4") << 5 << 4;
    QTest::newRow("no name before the position")
        << QByteArray(
               R"j(@nix {"action":"msg","column":4,"file":":3:4","level":0,"line":3,"msg":"error: x","raw_msg":"x"})j")
        << QStringLiteral(":3:4") << 3 << 4;
    QTest::newRow("numbers too long to be a position")
        << QByteArray(
               R"j(@nix {"action":"msg","file":"/x/a.nix:12345678901:99999999999","level":0,"msg":"error: x","raw_msg":"x"})j")
        << QStringLiteral("/x/a.nix:12345678901:99999999999") << -1 << -1;
}

void TestLogEventParser::msgPosition()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, file);
    QFETCH(int, fileLine);
    QFETCH(int, column);
    const LogEvent e = parseLine(line);
    QCOMPARE(e.kind, LogEvent::Kind::Msg);
    QCOMPARE(QString::fromStdString(e.file.value_or(std::string())), file);
    QCOMPARE(e.file.has_value(), !file.isEmpty());
    QCOMPARE(e.fileLine.value_or(-1), fileLine);
    QCOMPARE(e.column.value_or(-1), column);
}

void TestLogEventParser::recordedLogs_data()
{
    QTest::addColumn<QString>("file");
    const QDir dir(QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/logs"));
    const QStringList files =
        dir.entryList({QStringLiteral("*.flog"), QStringLiteral("*.log")}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 20);
    for (const QString &f : files)
        QTest::newRow(qPrintable(f)) << dir.filePath(f);
}

void TestLogEventParser::recordedLogs()
{
    // Every line of every recorded log: no malformed event, every `start` of Nix 2.26 with a parent
    // (0 or an activity started before it), none of Nix 2.8 with one; all but messages with a
    // position on the fast path.
    QFETCH(QString, file);
    // What the fixture is comes from its name, never from the folder it was checked out in.
    const QString name = QFileInfo(file).fileName();
    const bool newer = name.contains(QLatin1String("-nix2.26"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    LogEventParser parser;
    LogEvent e;
    std::set<std::uint64_t> started;
    std::int64_t starts = 0, childStarts = 0, events = 0, slow = 0, number = 0;
    for (QByteArray line : f.readAll().split('\n')) {
        ++number;
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        if (file.endsWith(QLatin1String(".flog")))
            line = line.mid(line.indexOf('\t') + 1); // the arrival time
        const auto before = parser.fastPathHits();
        parser.parse(rawLine(line, number), e);
        QVERIFY2(
            e.kind != LogEvent::Kind::Malformed,
            qPrintable(QString::number(number) + QStringLiteral(": ") + QString::fromStdString(e.problem)));
        if (e.kind == LogEvent::Kind::Output)
            continue;
        ++events;
        if (parser.fastPathHits() == before) {
            QVERIFY2(e.kind == LogEvent::Kind::Msg && line.contains("\"raw_msg\""), line.constData());
            ++slow;
        }
        if (e.kind != LogEvent::Kind::Start)
            continue;
        ++starts;
        QCOMPARE(e.parent.has_value(), newer);
        if (e.parent && *e.parent != 0) {
            QVERIFY2(started.count(*e.parent), line.constData());
            ++childStarts;
        }
        started.insert(e.id);
    }
    QVERIFY(events > 0);
    QVERIFY(starts > 0 || name.contains(QLatin1String("eval-")));
    QVERIFY(slow < events || name.contains(QLatin1String("eval-")));
    // Child activities: a substitution's copy, and what a remote build's hook forwards (the
    // connection, the copies, the builder's own build and counters); none in the other runs.
    QCOMPARE(childStarts > 0, newer && (name.contains(QLatin1String("substitute")) ||
                                        name.contains(QLatin1String("remote-"))));
}

void TestLogEventParser::malformed_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<bool>("truncated");
    QTest::addColumn<bool>("unterminated");
    QTest::addColumn<QString>("problemContains");

    QTest::newRow("not JSON") << QByteArray("@nix this is not json") << false << false
                              << QStringLiteral("invalid JSON at column");
    QTest::newRow("cut JSON") << QByteArray(R"(@nix {"action":"result","fields":["abc)") << false << false
                              << QStringLiteral("invalid JSON");
    QTest::newRow("cut last line") << QByteArray(R"(@nix {"action":"stop","id":)") << false << true
                                   << QStringLiteral("last line is cut off");
    QTest::newRow("array, not object")
        << QByteArray("@nix [1,2,3]") << false << false << QStringLiteral("expected a JSON object");
    QTest::newRow("no action") << QByteArray(R"(@nix {"id":1})") << false << false
                               << QStringLiteral("no \"action\"");
    QTest::newRow("unknown action") << QByteArray(R"(@nix {"action":"explode","id":1})") << false << false
                                    << QStringLiteral("unknown action \"explode\"");
    QTest::newRow("stop without id") << QByteArray(R"(@nix {"action":"stop"})") << false << false
                                     << QStringLiteral("without a numeric \"id\"");
    QTest::newRow("result without type") << QByteArray(R"(@nix {"action":"result","id":3,"fields":[]})")
                                         << false << false << QStringLiteral("without a numeric \"type\"");
    QTest::newRow("id is a string") << QByteArray(R"(@nix {"action":"stop","id":"3"})") << false << false
                                    << QStringLiteral("without a numeric \"id\"");
    QTest::newRow("fields not array")
        << QByteArray(R"(@nix {"action":"result","id":3,"type":101,"fields":"x"})") << false << false
        << QStringLiteral("\"fields\" is not an array");
    QTest::newRow("msg without text") << QByteArray(R"(@nix {"action":"msg","level":0})") << false << false
                                      << QStringLiteral("without a \"msg\" string");
    QTest::newRow("huge line truncated") << QByteArray(R"(@nix {"action":"result","fields":["xxxxxxxx)")
                                         << true << false << QStringLiteral("only the first");
    QTest::newRow("trailing garbage") << QByteArray(R"(@nix {"action":"stop","id":1} trailing)") << false
                                      << false << QStringLiteral("invalid JSON");
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
    const LogEvent e =
        parseLine(QByteArray("@nix {\"action\":\"result\",\"fields\":[\"caf\xe9\"],\"id\":3,\"type\":101}"));
    QCOMPARE(e.kind, LogEvent::Kind::Result);
    QVERIFY(e.repairedUtf8);
    QVERIFY2(QString::fromStdString(e.problem).contains(QStringLiteral("invalid UTF-8 at byte 39")),
             e.problem.c_str());
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

void TestLogEventParser::deferredTextMatchesEager_data()
{
    QTest::addColumn<QByteArray>("text"); // the JSON string body of a build log line
    QTest::addColumn<QString>("decoded");
    QTest::newRow("plain") << QByteArray("gcc -O2 -c foo.c") << QStringLiteral("gcc -O2 -c foo.c");
    QTest::newRow("empty") << QByteArray("") << QString();
    QTest::newRow("colour codes") << QByteArray(R"(\u001b[31mred\u001b[0m)")
                                  << QStringLiteral("\x1b[31mred\x1b[0m");
    QTest::newRow("ESC in capitals") << QByteArray(R"(\u001B[1mbold)") << QStringLiteral("\x1b[1mbold");
    QTest::newRow("CSI split across escapes")
        << QByteArray(R"(\u001b\u005b31mred)") << QStringLiteral("\x1b[31mred");
    QTest::newRow("short escapes") << QByteArray(R"(a\"b\\c\/d\te\nf\rg\bh\fi)")
                                   << QStringLiteral("a\"b\\c/d\te\nf\rg\bh\fi");
    QTest::newRow("escaped non-ASCII") << QByteArray(R"(caf\u00e9 \u2018x\u2019 \ud83d\ude00)")
                                       << QStringLiteral("caf\u00e9 \u2018x\u2019 \U0001F600");
    QTest::newRow("raw UTF-8") << QByteArray("caf\xc3\xa9 \xe2\x80\x98x\xe2\x80\x99 \xf0\x9f\x98\x80")
                               << QStringLiteral("caf\u00e9 \u2018x\u2019 \U0001F600");
    QTest::newRow("NUL escape") << QByteArray(R"(a\u0000b)") << QString::fromUtf8("a\0b", 3);
    QTest::newRow("long line, escape at the end")
        << QByteArray(200, 'x') + R"(\u001b)" << QString(200, QLatin1Char('x')) + QLatin1Char('\x1b');
}

void TestLogEventParser::deferredTextMatchesEager()
{
    // With deferral the text stays a JSON body (nothing decoded), and decoding it later gives
    // exactly the field the eager parse gives: for the first line of a build (the general fast
    // path) and for the next ones (which share its ending, so they take repeatsLogLine()).
    QFETCH(QByteArray, text);
    QFETCH(QString, decoded);
    for (const int type : {101, 107}) {
        const QByteArray line = R"(@nix {"action":"result","fields":[")" + text + R"("],"id":12,"type":)" +
                                QByteArray::number(type) + "}";
        LogEventParser eager;
        LogEventParser deferring;
        deferring.setDeferLogText(true);
        LogEvent e;
        LogEvent d;
        for (int pass = 0; pass < 2; ++pass) {
            eager.parse(rawLine(line), e);
            deferring.parse(rawLine(line), d);
            QCOMPARE(e.kind, LogEvent::Kind::Result);
            QVERIFY(!e.escapedLogText);
            QCOMPARE(QString::fromStdString(e.stringField(0)), decoded);
            QVERIFY(d.escapedLogText.has_value());
            QVERIFY(d.fields.empty());
            QCOMPARE(QByteArray(d.escapedLogText->data(), static_cast<qsizetype>(d.escapedLogText->size())),
                     text);
            QCOMPARE(eventText(d), eventText(e));
        }
        QCOMPARE(deferring.fastPathHits(), std::uint64_t{2});
    }
}

void TestLogEventParser::notDeferred_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("fields");
    QTest::newRow("set phase") << QByteArray(
                                      R"(@nix {"action":"result","fields":["buildPhase"],"id":2,"type":104})")
                               << QStringLiteral("\"buildPhase\"");
    QTest::newRow("log line with two fields")
        << QByteArray(R"(@nix {"action":"result","fields":["a\u001b","b"],"id":2,"type":101})")
        << QStringLiteral("\"a\x1b\",\"b\"");
    QTest::newRow("log line with a number")
        << QByteArray(R"(@nix {"action":"result","fields":[42],"id":2,"type":101})") << QStringLiteral("42");
    QTest::newRow("log line, other key order")
        << QByteArray(R"(@nix {"type":101,"id":3,"fields":["x"],"action":"result"})")
        << QStringLiteral("\"x\"");
    QTest::newRow("log line with invalid UTF-8 (repaired)")
        << QByteArray("@nix {\"action\":\"result\",\"fields\":[\"caf\xe9\"],\"id\":3,\"type\":101}")
        << QStringLiteral("\"caf\uFFFD\"");
}

void TestLogEventParser::notDeferred()
{
    // Only a fast-path log line with one string field is deferred; otherwise the fields are
    // decoded as without deferral. A repaired line is deferred too: its text then points into the
    // parser's repaired copy, which must outlive the call (ASan checks that).
    QFETCH(QByteArray, line);
    QFETCH(QString, fields);
    LogEventParser deferring;
    deferring.setDeferLogText(true);
    LogEvent d;
    deferring.parse(rawLine(line), d);
    QCOMPARE(d.kind, LogEvent::Kind::Result);
    const LogEvent e = parseLine(line);
    QCOMPARE(eventText(d), eventText(e));
    if (d.escapedLogText) {
        std::string text;
        QVERIFY(LogEventParser::decodeEscapedText(*d.escapedLogText, text));
        QCOMPARE(QLatin1Char('"') + QString::fromStdString(text) + QLatin1Char('"'), fields);
    } else {
        QCOMPARE(fieldsText(d), fields);
    }
}

void TestLogEventParser::repeatedEndingMatchesFreshParse_data()
{
    // A first line sets the ending `"],"id":…,"type":…}`; a second with the same ending may take
    // the shortcut, and must read exactly as a fresh parser reads it.
    QTest::addColumn<QByteArray>("first");
    QTest::addColumn<QByteArray>("second");
    const QByteArray head = R"(@nix {"action":"result","fields":[")";
    const QByteArray ending = R"("],"id":60559038873604,"type":101})";
    const QByteArray first = head + "first" + ending;
    QTest::newRow("plain") << first << head + "second line" + ending;
    QTest::newRow("empty text") << first << head + ending;
    QTest::newRow("escapes") << first << head + R"(\u001b[1ma\"b\\\u00e9)" + ending;
    QTest::newRow("quote inside: two fields") << first << head + R"(a","b)" + ending;
    QTest::newRow("escaped quote before the ending") << first << head + R"(abc\)" + ending;
    QTest::newRow("even backslashes before the ending") << first << head + R"(abc\\)" + ending;
    QTest::newRow("bad escape") << first << head + R"(a\x)" + ending;
    QTest::newRow("lone surrogate") << first << head + R"(a\ud83d)" + ending;
    QTest::newRow("raw control character") << first << head + "a\tb" + ending;
    QTest::newRow("invalid UTF-8") << first << head + "caf\xe9" + ending;
    QTest::newRow("ending inside the text") << first << head + R"(x"],"id":1,"type":101},["y)" + ending;
    QTest::newRow("longer id") << first << head + "x" + R"("],"id":160559038873604,"type":101})";
    QTest::newRow("other type") << first << head + "x" + R"("],"id":60559038873604,"type":104})";
    QTest::newRow("set phase twice") << head + "buildPhase" + R"("],"id":5,"type":104})"
                                     << head + "checkPhase" + R"("],"id":5,"type":104})";
    QTest::newRow("after a two-field line") << head + R"(a","b)" + ending << head + "c" + ending;
    QTest::newRow("after a malformed line") << head + "a\\x" + ending << head + "c" + ending;
    QTest::newRow("trailing garbage") << first << head + "c" + ending + " ";
}

void TestLogEventParser::repeatedEndingMatchesFreshParse()
{
    QFETCH(QByteArray, first);
    QFETCH(QByteArray, second);
    for (const bool defer : {false, true}) {
        LogEventParser primed;
        LogEventParser fresh;
        primed.setDeferLogText(defer);
        fresh.setDeferLogText(defer);
        LogEvent a;
        LogEvent b;
        primed.parse(rawLine(first, 1), a);
        primed.parse(rawLine(second), a);
        fresh.parse(rawLine(second), b);
        QCOMPARE(eventText(a), eventText(b));
    }
}

void TestLogEventParser::startAndMsgShapes_data()
{
    // Starts and msgs as Nix writes them take the fast path; the same event with spaces (which
    // only nlohmann reads) must come out the same. Numbers nlohmann refuses stay refused.
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<bool>("fast");
    QTest::addColumn<bool>("malformed");
    QTest::newRow("build start")
        << QByteArray(
               R"(@nix {"action":"start","fields":["/nix/store/p8b6sz2cjlfyk85y1y0cxkz6ajc2nfxp-b.drv","",1,1],"id":5,"level":3,"text":"building '\u001b[1m/nix/store/p8b6sz2cjlfyk85y1y0cxkz6ajc2nfxp-b.drv\u001b[0m'","type":105})")
        << true << false;
    QTest::newRow("start without fields")
        << QByteArray(R"(@nix {"action":"start","id":29721173688320,"level":0,"text":"","type":102})") << true
        << false;
    QTest::newRow("start with empty fields")
        << QByteArray(R"(@nix {"action":"start","fields":[],"id":2,"level":0,"text":"x","type":102})") << true
        << false;
    QTest::newRow("start with parent")
        << QByteArray(R"(@nix {"action":"start","id":9,"level":5,"parent":4,"text":"caf\u00e9","type":109})")
        << true << false;
    QTest::newRow("start, negative level")
        << QByteArray(R"(@nix {"action":"start","id":9,"level":-1,"text":"t","type":0})") << true << false;
    QTest::newRow("start, huge field")
        << QByteArray(
               R"(@nix {"action":"start","fields":[18446744073709551615],"id":9,"level":1,"text":"t","type":0})")
        << false << false;
    QTest::newRow("start, float level")
        << QByteArray(R"(@nix {"action":"start","id":9,"level":1.5,"text":"t","type":0})") << false << false;
    QTest::newRow("start, null parent")
        << QByteArray(R"(@nix {"action":"start","id":9,"level":1,"parent":null,"text":"t","type":0})")
        << false << false;
    QTest::newRow("start, leading zero id")
        << QByteArray(R"(@nix {"action":"start","id":09,"level":1,"text":"t","type":0})") << false << true;
    QTest::newRow("start, leading zero field")
        << QByteArray(R"(@nix {"action":"start","fields":[-01],"id":9,"level":1,"text":"t","type":0})")
        << false << true;
    QTest::newRow("start without text")
        << QByteArray(R"(@nix {"action":"start","id":9,"level":1,"type":0})") << false << false;
    QTest::newRow("msg")
        << QByteArray(R"(@nix {"action":"msg","level":1,"msg":"\u001b[35;1mwarning:\u001b[0m dirty"})")
        << true << false;
    QTest::newRow("msg with a position")
        << QByteArray(
               R"(@nix {"action":"msg","column":null,"file":null,"level":0,"line":null,"msg":"\u001b[31;1merror:\u001b[0m x","raw_msg":"x"})")
        << false << false;
    QTest::newRow("msg, leading zero level")
        << QByteArray(R"(@nix {"action":"msg","level":00,"msg":"x"})") << false << true;
    QTest::newRow("msg, text not a string")
        << QByteArray(R"(@nix {"action":"msg","level":0,"msg":5})") << false << true;
}

void TestLogEventParser::startAndMsgShapes()
{
    QFETCH(QByteArray, line);
    QFETCH(bool, fast);
    QFETCH(bool, malformed);
    LogEventParser parser;
    LogEvent e;
    parser.parse(rawLine(line), e);
    QCOMPARE(parser.fastPathHits(), std::uint64_t{fast ? 1u : 0u});
    QCOMPARE(e.kind == LogEvent::Kind::Malformed, malformed);
    // The generic reading of the same event: spaces after the colons keep every fast path away.
    QByteArray spaced = line;
    spaced.replace("\":", "\": ");
    LogEventParser generic;
    LogEvent g;
    generic.parse(rawLine(spaced), g);
    QCOMPARE(generic.fastPathHits(), std::uint64_t{0});
    // Problems quote columns, which the spaces shift: compare everything before them.
    QCOMPARE(eventText(e).section(QStringLiteral(" problem ["), 0, 0),
             eventText(g).section(QStringLiteral(" problem ["), 0, 0));
}

QTEST_GUILESS_MAIN(TestLogEventParser)
#include "tst_logeventparser.moc"
