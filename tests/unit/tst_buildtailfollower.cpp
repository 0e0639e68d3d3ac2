// SPDX-License-Identifier: MIT
// BuildTailFollower: snapshots of one derivation (its line count and last lines) become a
// continuous tail; lines no snapshot kept are counted, never silently lost.
#include "log/BuildTailFollower.h"
#include "log/LogFileReader.h"
#include "log/LogStream.h"

#include <QFile>
#include <QTest>

using namespace flakeoff;

Q_DECLARE_METATYPE(std::vector<int>)

namespace {
// A build that printed lines 1..count, keeping the last kTailLines.
DerivationBuild printed(const std::string &drv, int count)
{
    DerivationBuild b;
    b.drvPath = drv;
    b.logLines = count;
    for (int i = std::max(1, count - static_cast<int>(DerivationBuild::kTailLines) + 1); i <= count; ++i)
        b.lastLines.push_back("line " + std::to_string(i));
    return b;
}
} // namespace

class TestBuildTailFollower : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followsCounts_data();
    void followsCounts();
    void anotherDerivationRestarts();
    void realLogInChunks();
};

void TestBuildTailFollower::followsCounts_data()
{
    // Line counts of successive snapshots → lines shown in total and lines counted as skipped.
    QTest::addColumn<std::vector<int>>("counts");
    QTest::addColumn<int>("shown");
    QTest::addColumn<int>("skipped");
    QTest::newRow("slow: every line shown") << std::vector<int>{1, 3, 7, 12} << 12 << 0;
    QTest::newRow("nothing new") << std::vector<int>{5, 5, 5} << 5 << 0;
    QTest::newRow("burst beyond the tail") << std::vector<int>{5, 100} << 25 << 75;
    QTest::newRow("starts late") << std::vector<int>{50} << 20 << 30;
    QTest::newRow("no lines yet") << std::vector<int>{0, 0, 2} << 2 << 0;
}

void TestBuildTailFollower::followsCounts()
{
    QFETCH(std::vector<int>, counts);
    QFETCH(int, shown);
    QFETCH(int, skipped);
    BuildTailFollower f;
    std::vector<std::string> all;
    std::int64_t gaps = 0;
    for (int c : counts) {
        const auto u = f.next(printed("/nix/store/a.drv", c));
        gaps += u.skippedBefore;
        all.insert(all.end(), u.lines.begin(), u.lines.end());
    }
    QCOMPARE(static_cast<int>(all.size()), shown);
    QCOMPARE(static_cast<int>(gaps), skipped);
    // What is shown is in order and ends with the newest line.
    if (!all.empty())
        QCOMPARE(all.back(), "line " + std::to_string(counts.back()));
    for (std::size_t i = 1; i < all.size(); ++i)
        QVERIFY(std::stoi(all[i].substr(5)) > std::stoi(all[i - 1].substr(5)));
}

void TestBuildTailFollower::anotherDerivationRestarts()
{
    BuildTailFollower f;
    QVERIFY(f.next(printed("/nix/store/a.drv", 3)).restart);
    QVERIFY(!f.next(printed("/nix/store/a.drv", 4)).restart);
    const auto other = f.next(printed("/nix/store/b.drv", 2));
    QVERIFY(other.restart);
    QCOMPARE(other.lines.size(), std::size_t{2});
    QCOMPARE(f.drvPath(), std::string("/nix/store/b.drv"));
    // The same path in a new build starts counting again: a restart too.
    QVERIFY(f.next(printed("/nix/store/b.drv", 1)).restart);
    f.reset();
    QVERIFY(f.next(printed("/nix/store/b.drv", 1)).restart);
    QVERIFY(f.next(printed("/nix/store/b.drv", 1)).empty());
}

void TestBuildTailFollower::realLogInChunks()
{
    // A real log fed a few lines at a time, followed like the live view does: every line of the
    // noisiest build arrives, in order, once.
    QFile file(QFINDTESTDATA("../data/gui/mixed.flog"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    LogStream stream(LogStream::Timing::Saved);
    const auto read = LogFileReader::read(QFINDTESTDATA("../data/gui/mixed.flog"));
    QVERIFY(read.ok);
    const BuildReport &whole = read.report;
    const auto noisiest =
        std::max_element(whole.builds.begin(), whole.builds.end(),
                         [](const auto &a, const auto &b) { return a.logLines < b.logLines; });
    QVERIFY(noisiest != whole.builds.end() && noisiest->logLines > 0);
    QVERIFY(noisiest->logLines <= static_cast<std::int64_t>(DerivationBuild::kTailLines) * 3);

    BuildTailFollower f;
    std::vector<std::string> seen;
    std::int64_t skipped = 0;
    for (const QByteArray &l : lines) {
        stream.feed(std::string_view(l.constData(), static_cast<std::size_t>(l.size())));
        stream.feed("\n");
        const BuildReport snap = stream.snapshot(); // a snapshot per line: nothing to skip
        if (const auto *b = snap.findBuild(noisiest->drvPath)) {
            const auto u = f.next(*b);
            skipped += u.skippedBefore;
            seen.insert(seen.end(), u.lines.begin(), u.lines.end());
        }
    }
    QCOMPARE(skipped, std::int64_t{0});
    QCOMPARE(static_cast<std::int64_t>(seen.size()), noisiest->logLines);
    const std::vector<std::string> tail(seen.end() - static_cast<std::ptrdiff_t>(noisiest->lastLines.size()),
                                        seen.end());
    QCOMPARE(tail, noisiest->lastLines);
}

QTEST_GUILESS_MAIN(TestBuildTailFollower)
#include "tst_buildtailfollower.moc"
