// SPDX-License-Identifier: MIT
// LineReader: lines are the same however the bytes are chunked; long lines stay bounded.
#include "log/LineReader.h"

#include <QTest>

#include <string>
#include <vector>

using namespace flakeoff;

namespace {
struct Collected
{
    std::string text;
    std::int64_t number;
    std::int64_t time;
    std::size_t original;
    bool truncated;
    bool unterminated;
};

class Collector : public LineSink
{
public:
    void onLine(const RawLine &l) override
    {
        lines.push_back({std::string(l.text), l.number, l.arrivalUs.value_or(-1), l.originalBytes,
                         l.truncated, l.unterminated});
    }
    std::vector<Collected> lines;
};

QStringList texts(const Collector &c)
{
    QStringList out;
    for (const auto &l : c.lines)
        out << QString::fromStdString(l.text);
    return out;
}
} // namespace

class TestLineReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void splits_data();
    void splits();
    void everyChunkingGivesTheSameLines();
    void stampsWithArrivalOfCompletingChunk();
    void longLineIsTruncatedAndBounded();
    void finishFlushesOnlyATail();
};

void TestLineReader::splits_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("lines");
    QTest::addColumn<bool>("lastUnterminated");
    QTest::newRow("empty") << QByteArray() << QStringList() << false;
    QTest::newRow("one line") << QByteArray("abc\n") << QStringList{QStringLiteral("abc")} << false;
    QTest::newRow("no final newline")
        << QByteArray("abc\ndef") << QStringList{QStringLiteral("abc"), QStringLiteral("def")} << true;
    QTest::newRow("empty lines") << QByteArray("\n\nx\n")
                                 << QStringList{QString(), QString(), QStringLiteral("x")} << false;
    QTest::newRow("crlf") << QByteArray("a\r\nb\r\n") << QStringList{QStringLiteral("a"), QStringLiteral("b")}
                          << false;
    QTest::newRow("lone cr kept inside")
        << QByteArray("a\rb\n") << QStringList{QStringLiteral("a\rb")} << false;
    QTest::newRow("nul bytes") << QByteArray("a\0b\n", 4) << QStringList{QString::fromLatin1("a\0b", 3)}
                               << false;
}

void TestLineReader::splits()
{
    QFETCH(QByteArray, input);
    QFETCH(QStringList, lines);
    QFETCH(bool, lastUnterminated);
    Collector c;
    LineReader reader(c);
    reader.feed(std::string_view(input.constData(), static_cast<std::size_t>(input.size())), 5);
    reader.finish(6);
    QCOMPARE(texts(c), lines);
    if (!c.lines.empty())
        QCOMPARE(c.lines.back().unterminated, lastUnterminated);
    for (std::size_t i = 0; i < c.lines.size(); ++i)
        QCOMPARE(c.lines[i].number, static_cast<std::int64_t>(i + 1));
    QCOMPARE(reader.bytesConsumed(), static_cast<std::uint64_t>(input.size()));
}

void TestLineReader::everyChunkingGivesTheSameLines()
{
    const std::string input = "@nix {\"action\":\"stop\",\"id\":1}\nplain\n\nlast line without newline";
    Collector whole;
    {
        LineReader r(whole);
        r.feed(input);
        r.finish();
    }
    for (std::size_t a = 0; a <= input.size(); ++a) {
        for (std::size_t b = a; b <= input.size(); b += 3) {
            Collector c;
            LineReader r(c);
            r.feed(std::string_view(input).substr(0, a));
            r.feed(std::string_view(input).substr(a, b - a));
            r.feed(std::string_view(input).substr(b));
            r.finish();
            QCOMPARE(texts(c), texts(whole));
        }
    }
}

void TestLineReader::stampsWithArrivalOfCompletingChunk()
{
    Collector c;
    LineReader r(c);
    r.feed("first\nsec", 100);
    r.feed("ond\nthird", 200);
    r.finish(300);
    QCOMPARE(c.lines.size(), std::size_t{3});
    QCOMPARE(c.lines[0].time, std::int64_t{100});
    QCOMPARE(c.lines[1].time, std::int64_t{200}); // complete only when its newline arrived
    QCOMPARE(c.lines[2].time, std::int64_t{300});
    QVERIFY(c.lines[2].unterminated);
}

void TestLineReader::longLineIsTruncatedAndBounded()
{
    // 50 MB in one line, fed in 64 KiB chunks: only the first 1 KiB is kept; the next line is intact.
    Collector c;
    LineReader r(c, 1024);
    const std::string chunk(64 * 1024, 'x');
    std::size_t fed = 0;
    while (fed < 50u * 1000 * 1000) {
        r.feed(chunk);
        fed += chunk.size();
    }
    r.feed("\nnext\n");
    r.finish();
    QCOMPARE(c.lines.size(), std::size_t{2});
    QCOMPARE(c.lines[0].text.size(), std::size_t{1024});
    QVERIFY(c.lines[0].truncated);
    QCOMPARE(c.lines[0].original, fed);
    QCOMPARE(QString::fromStdString(c.lines[1].text), QStringLiteral("next"));
    QVERIFY(!c.lines[1].truncated);

    // A long line that arrives whole in one chunk takes the same path.
    Collector d;
    LineReader r2(d, 8);
    r2.feed("0123456789abcdef\nok\n");
    QCOMPARE(d.lines.size(), std::size_t{2});
    QCOMPARE(QString::fromStdString(d.lines[0].text), QStringLiteral("01234567"));
    QCOMPARE(d.lines[0].original, std::size_t{16});
    QVERIFY(d.lines[0].truncated);
}

void TestLineReader::finishFlushesOnlyATail()
{
    Collector c;
    LineReader r(c);
    r.feed("a\n");
    r.finish();
    r.finish();
    QCOMPARE(c.lines.size(), std::size_t{1});
    QVERIFY(!c.lines[0].unterminated);
}

QTEST_GUILESS_MAIN(TestLineReader)
#include "tst_linereader.moc"
