// SPDX-License-Identifier: MIT
// Replays every input of tests/data/fuzz-corpus through the fuzz driver in the ordinary (gcc)
// builds, so crashes and broken invariants found by fuzzing stay fixed without clang/libFuzzer.
#include "FuzzDriver.h"

#include "log/BuildReport.h"
#include "log/LogFileReader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>

#include <algorithm>
#include <exception>

#include <sys/resource.h>

#if defined(__SANITIZE_ADDRESS__)
#define FLAKEOFF_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FLAKEOFF_ASAN 1
#endif
#endif

#ifdef FLAKEOFF_ASAN
// Corpus inputs are hostile: one that makes the engine allocate without bound must fail this
// test, not push the machine into swap. ASan cannot run under RLIMIT_AS, so it gets an RSS cap.
extern "C" const char *__asan_default_options()
{
    return "hard_rss_limit_mb=3072";
}
#endif

using namespace flakeoff;

class TestFuzzCorpus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void replay_data();
    void replay();

private:
    QDir m_corpus{QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/fuzz-corpus")};
};

void TestFuzzCorpus::initTestCase()
{
#ifndef FLAKEOFF_ASAN
    const rlim_t cap = rlim_t{3} << 30; // see __asan_default_options above
    rlimit limit{cap, cap};
    QCOMPARE(setrlimit(RLIMIT_AS, &limit), 0);
#endif
    // An empty or missing folder would pass vacuously.
    QVERIFY2(m_corpus.exists(), qPrintable(m_corpus.path()));
    QVERIFY(m_corpus.entryList(QDir::Files).size() >= 10);
}

void TestFuzzCorpus::replay_data()
{
    QTest::addColumn<QString>("path");
    const auto files = m_corpus.entryInfoList(QDir::Files, QDir::Name);
    for (const QFileInfo &info : files)
        QTest::newRow(qPrintable(info.fileName())) << info.filePath();
}

void TestFuzzCorpus::replay()
{
    QFETCH(QString, path);
    QFile file(path);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.errorString()));
    const QByteArray bytes = file.readAll();
    QVERIFY2(bytes.size() < 8192, "corpus inputs stay small: the fuzzer's max_len is 8000");

    fuzz::DriveOutcome outcome;
    try { // an escaping exception is a crash under libFuzzer; here it fails this row only
        outcome = fuzz::runLogEngine(reinterpret_cast<const std::uint8_t *>(bytes.constData()),
                                     static_cast<std::size_t>(bytes.size()));
    } catch (const std::exception &e) {
        QFAIL(qPrintable(
            QStringLiteral("exception escaped the log engine: %1").arg(QString::fromUtf8(e.what()))));
    }
    QVERIFY2(outcome.ok(), outcome.describe().c_str());
    QCOMPARE(outcome.passes.size(), std::size_t{5});
    for (const auto &pass : outcome.passes) {
        // Restated here so the test says what it guards even if the driver's checks change.
        const QByteArray where = QByteArray::fromStdString(pass.name);
        QVERIFY2(pass.reportLines == pass.expectedLines, where.constData());
        QVERIFY2(pass.malformed >= 0 && pass.malformed <= pass.reportLines, where.constData());
        QVERIFY2(pass.events <= pass.reportLines, where.constData());
    }

    // The file reader (1 MiB chunks, format detection, default line limit) on the same bytes.
    LogFileReader::Result result;
    try {
        result = LogFileReader::read(path);
    } catch (const std::exception &e) {
        QFAIL(qPrintable(
            QStringLiteral("exception escaped LogFileReader: %1").arg(QString::fromUtf8(e.what()))));
    }
    QVERIFY2(result.ok, qPrintable(result.error));
    const char *expectedPass = result.format == LogStream::Timing::Saved ? "saved-whole" : "untimed-whole";
    const auto it = std::find_if(outcome.passes.begin(), outcome.passes.end(),
                                 [&](const fuzz::PassOutcome &p) { return p.name == expectedPass; });
    QVERIFY(it != outcome.passes.end());
    QCOMPARE(result.report.lineCount, it->expectedLines);
    QCOMPARE(result.bytes, static_cast<std::uint64_t>(bytes.size()));
    QVERIFY(result.report.malformedCount <= result.report.lineCount);
    QVERIFY(result.report.problems.size() <= BuildReport::kMaxProblems);
    for (const auto &b : result.report.builds) {
        QVERIFY2(b.status != BuildStatus::Running, b.drvPath.c_str());
        QVERIFY(!b.durationUs() || *b.durationUs() >= 0);
    }
}

QTEST_GUILESS_MAIN(TestFuzzCorpus)
#include "tst_fuzzcorpus.moc"
