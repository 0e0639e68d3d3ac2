// SPDX-License-Identifier: MIT
// BatchedPipeReader: a child's stderr read in batches — every byte, in order, with far fewer
// wake-ups than writes; end of file; a stray grandchild holding the pipe does not hold up the
// result; running out of descriptors is a clear error, not a hang.
#include "nix/BatchedPipeReader.h"
#include "nix/NixProcess.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#include <sys/resource.h>
#include <unistd.h>

using namespace flakeoff;

namespace {
// Runs `script` under sh with its stderr on the reader's pipe, as NixProcess does.
struct Child
{
    QProcess process;
    BatchedPipeReader reader;
    QByteArray received;
    int batches = 0;

    bool start(const QString &script, int batchMs)
    {
        QString error;
        if (!reader.open(&error))
            return false;
        process.setStandardErrorFile(QProcess::nullDevice());
        const int fd = reader.writeEnd();
        process.setChildProcessModifier([fd] { ::dup2(fd, STDERR_FILENO); });
        process.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), script});
        reader.start(
            [this](std::string_view bytes) {
                received.append(bytes.data(), static_cast<qsizetype>(bytes.size()));
                ++batches;
            },
            batchMs);
        return process.waitForStarted(5000);
    }
};

QByteArray expectedLines(int count)
{
    QByteArray out;
    for (int i = 1; i <= count; ++i)
        out += "line " + QByteArray::number(i) + '\n';
    return out;
}
} // namespace

class TestBatchedPipeReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyByteInOrder_data();
    void everyByteInOrder();
    void strayGrandchildDoesNotHoldTheResult();
    void outOfDescriptorsIsAnError();
};

void TestBatchedPipeReader::everyByteInOrder_data()
{
    QTest::addColumn<int>("lines");
    QTest::addColumn<int>("batchMs");
    QTest::addColumn<QString>("pause"); // between bursts of 100 lines
    QTest::newRow("unbatched, steady") << 2000 << 0 << QString();
    QTest::newRow("2 ms batches, steady") << 20000 << 2 << QString();
    QTest::newRow("2 ms batches, bursts") << 3000 << 2 << QStringLiteral("sleep 0.01");
    QTest::newRow("20 ms batches, more than the default pipe holds") << 50000 << 20 << QString();
    QTest::newRow("nothing written") << 0 << 2 << QString();
}

void TestBatchedPipeReader::everyByteInOrder()
{
    QFETCH(int, lines);
    QFETCH(int, batchMs);
    QFETCH(QString, pause);
    // One write() per line, as Nix writes its log.
    const QString script = QStringLiteral("i=1; while [ $i -le %1 ]; do echo \"line $i\" >&2; "
                                          "if [ $((i % 100)) -eq 0 ]; then %2 :; fi; i=$((i+1)); done")
                               .arg(lines)
                               .arg(pause.isEmpty() ? QString() : pause + QStringLiteral(";"));
    Child child;
    QVERIFY(child.start(script, batchMs));
    QVERIFY(child.process.waitForFinished(60000));
    QTRY_VERIFY_WITH_TIMEOUT(child.reader.atEnd() || !child.reader.isOpen(), 10000);
    QCOMPARE(child.received, expectedLines(lines));
    if (batchMs > 0 && lines >= 20000)
        QVERIFY2(child.batches < lines / 10,
                 qPrintable(QStringLiteral("%1 reads for %2 writes").arg(child.batches).arg(lines)));
}

void TestBatchedPipeReader::strayGrandchildDoesNotHoldTheResult()
{
    // The grandchild keeps the pipe's write end open for 5 s after its parent exited.
    NixProcess process;
    QSignalSpy finished(&process, &NixProcess::finished);
    QElapsedTimer clock;
    clock.start();
    process.start(QStringLiteral("/bin/sh"),
                  {QStringLiteral("-c"),
                   QStringLiteral("echo '@nix {\"action\":\"msg\",\"level\":0,\"msg\":\"before exit\"}' >&2; "
                                  "(sleep 5 &) ; exit 3")});
    QVERIFY(finished.wait(4000));
    QVERIFY2(clock.elapsed() < 4000, "finished waited for the grandchild");
    const auto result = finished.first().first().value<NixRunResult>();
    QCOMPARE(result.exitCode, 3);
    QVERIFY(result.report);
    QCOMPARE(result.report->messages.size(), std::size_t{1});
    QCOMPARE(QString::fromStdString(result.report->messages.front().text), QStringLiteral("before exit"));
    QVERIFY2(result.errorText.contains(QStringLiteral("before exit")), qPrintable(result.errorText));
}

void TestBatchedPipeReader::outOfDescriptorsIsAnError()
{
    rlimit saved{};
    QCOMPARE(::getrlimit(RLIMIT_NOFILE, &saved), 0);
    // Use up the descriptors below a small limit, so the pipe cannot be made.
    rlimit tight = saved;
    tight.rlim_cur = 64;
    std::vector<int> held;
    QCOMPARE(::setrlimit(RLIMIT_NOFILE, &tight), 0);
    for (int fd; (fd = ::dup(STDIN_FILENO)) >= 0;)
        held.push_back(fd);

    BatchedPipeReader reader;
    QString error;
    const bool opened = reader.open(&error);

    NixProcess process;
    QSignalSpy failed(&process, &NixProcess::failedToStart);
    QSignalSpy finished(&process, &NixProcess::finished);
    process.start(QStringLiteral("/bin/true"), {});

    for (int fd : held)
        ::close(fd);
    ::setrlimit(RLIMIT_NOFILE, &saved);

    QVERIFY(!opened);
    QVERIFY2(error.startsWith(QStringLiteral("cannot create a pipe for the log: ")), qPrintable(error));
    QVERIFY(failed.wait(2000));
    QVERIFY2(failed.first().first().toString().contains(QStringLiteral("pipe")),
             qPrintable(failed.first().first().toString()));
    QVERIFY(!process.isRunning());
    QCOMPARE(finished.size(), 0);
}

QTEST_GUILESS_MAIN(TestBatchedPipeReader)
#include "tst_batchedpipereader.moc"
