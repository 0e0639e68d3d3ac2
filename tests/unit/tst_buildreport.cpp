// SPDX-License-Identifier: MIT
// Build reports from recorded real Nix logs (tests/data/logs, made by scripts/record-fixtures.sh
// with Nix 2.8 and Nix 2.26) and from every kind of bad input.
#include "../common/ReportChecks.h"
#include "../common/Scenarios.h"
#include "log/BuildReportBuilder.h"
#include "log/BuildReportJson.h"
#include "log/LineReader.h"
#include "log/LogEventParser.h"
#include "log/LogFileReader.h"
#include "log/LogStream.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <algorithm>

using namespace flakeoff;

namespace {
QString fixture(const QString &name)
{
    return QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/logs/") + name;
}

LogFileReader::Result readBytes(const QTemporaryDir &dir, const QByteArray &bytes)
{
    const QString path = dir.filePath(QStringLiteral("input.log"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(bytes);
    f.close();
    return LogFileReader::read(path);
}

bool hasProblem(const BuildReport &r, std::int64_t line, const QString &text)
{
    for (const auto &p : r.problems)
        if (p.line == line && QString::fromStdString(p.what).contains(text))
            return true;
    return false;
}

QString problemsText(const BuildReport &r)
{
    QString s;
    for (const auto &p : r.problems)
        s += QString::number(p.line) + QStringLiteral(": ") + QString::fromStdString(p.what) +
             QLatin1Char('\n');
    return s;
}

const QByteArray kStart =
    R"(@nix {"action":"start","fields":["/nix/store/p8b6sz2cjlfyk85y1y0cxkz6ajc2nfxp-hello.drv","",1,1],"id":5,"level":3,"text":"building","type":105})";
const QByteArray kLine = R"(@nix {"action":"result","fields":["compiling"],"id":5,"type":101})";
const QByteArray kStop = R"(@nix {"action":"stop","id":5})";

// Parses every line without deferring log text, into its own builder: the reference for tails.
class EagerPipeline final : public LineSink
{
public:
    void onLine(const RawLine &line) override
    {
        parser.parse(line, event);
        builder.add(event);
    }
    LogEventParser parser;
    LogEvent event;
    BuildReportBuilder builder{false};
};

QStringList lastLines(const BuildReport &r)
{
    QStringList lines;
    for (const auto &l : r.builds.at(0).lastLines)
        lines << QString::fromStdString(l);
    return lines;
}
} // namespace

class TestBuildReport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fixtures_data();
    void fixtures();
    void jsonRoundTrip_data();
    void jsonRoundTrip();
    void keepGoingFailureEndsAtItsProgress();
    void keepGoingWithEarlyFailureMessage();
    void parallelBuildsOverlap();
    void badInput_data();
    void badInput();
    void fiftyMegabyteLine();
    void unreadable_data();
    void unreadable();
    void substitutionsAndDownloads();
    void newerNixFailureMessage();
    void failureSummaryNamesNoFailure();
    void failureTextCauseFirst_data();
    void failureTextCauseFirst();
    void firstErrorLine_data();
    void firstErrorLine();
    void plannedBuilds_data();
    void plannedBuilds();
    void recordedSubstitution_data();
    void recordedSubstitution();
    void copyLinkedToItsSubstitution_data();
    void copyLinkedToItsSubstitution();
    void savedLineTimes_data();
    void savedLineTimes();
    void waitingBuild();
    void recordedRemoteBuild_data();
    void recordedRemoteBuild();
    void recordedRemoteFailure();
    void remoteBuildSpan_data();
    void remoteBuildSpan();
    void snapshotWhileRunning();
    void deferredTailMatchesEager_data();
    void deferredTailMatchesEager();
    void tailOutlivesItsChunk_data();
    void tailOutlivesItsChunk();
    void fromJsonRefusesGarbage_data();
    void fromJsonRefusesGarbage();
};

void TestBuildReport::fixtures_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("index");
    const auto all = test::scenarios();
    // The same runs recorded with Nix 2.8 (no suffix) and Nix 2.26: the same facts from both.
    for (const QString &version : {QString(), QStringLiteral("-nix2.26")}) {
        for (int i = 0; i < static_cast<int>(all.size()); ++i) {
            const QString name = all[static_cast<std::size_t>(i)].name;
            const QString timed = name + version + QStringLiteral(".flog");
            const QString plain = name + QStringLiteral("-plain") + version + QStringLiteral(".log");
            QTest::newRow(qPrintable(timed)) << timed << i;
            if (QFile::exists(fixture(plain)))
                QTest::newRow(qPrintable(plain)) << plain << i;
        }
    }
}

void TestBuildReport::fixtures()
{
    QFETCH(QString, file);
    QFETCH(int, index);
    const auto scenario = test::scenarios()[static_cast<std::size_t>(index)];
    const auto result = LogFileReader::read(fixture(file));
    QVERIFY2(result.ok, qPrintable(result.error));
    const bool timed = file.endsWith(QLatin1String(".flog"));
    QCOMPARE(result.report.timed, timed);
    QCOMPARE(result.format, timed ? LogStream::Timing::Saved : LogStream::Timing::Untimed);
    QVERIFY2(result.report.problemCount == 0, qPrintable(problemsText(result.report)));
    FLAKEOFF_CHECK_REPORT(result.report, scenario);
    if (timed) {
        QVERIFY(result.report.wallUs().has_value());
        QVERIFY(result.report.evalUs().has_value());
        QVERIFY(*result.report.evalUs() <= *result.report.wallUs());
        QCOMPARE(QString::fromStdString(result.metadata.at("command")).left(10),
                 QStringLiteral("nix build "));
    } else {
        QVERIFY(!result.report.wallUs().has_value());
        QVERIFY(!result.report.evalUs().has_value());
    }
}

void TestBuildReport::jsonRoundTrip_data()
{
    fixtures_data();
}

void TestBuildReport::jsonRoundTrip()
{
    QFETCH(QString, file);
    const auto result = LogFileReader::read(fixture(file));
    QVERIFY(result.ok);
    const nlohmann::json j = BuildReportJson::toJson(result.report);
    BuildReport back;
    std::string error;
    QVERIFY2(BuildReportJson::fromJson(nlohmann::json::parse(j.dump()), back, error), error.c_str());
    QCOMPARE(QString::fromStdString(BuildReportJson::toJson(back).dump()), QString::fromStdString(j.dump()));
}

void TestBuildReport::keepGoingFailureEndsAtItsProgress()
{
    // Under --keep-going every stop is held back to the end of the run; the failure still ends
    // when Nix counted it, long before the slow build finished.
    const auto r = LogFileReader::read(fixture(QStringLiteral("keep-going.flog"))).report;
    const auto *fail = test::findByName(r, QStringLiteral("quick-fail"));
    const auto *slow = test::findByName(r, QStringLiteral("slow"));
    QVERIFY(fail && slow);
    QVERIFY(*fail->endUs + 500000 < *slow->endUs);
    QVERIFY(*fail->durationUs() < 600000);
    QVERIFY(*slow->durationUs() >= 1200000);
}

void TestBuildReport::keepGoingWithEarlyFailureMessage()
{
    // -j3 --keep-going where Nix names the failed build at once: the next `done` belongs to the
    // build that finished then (serde_json), not to the named failure; tokio, still running, built.
    const auto r =
        LogFileReader::read(QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/gui/keep-going.flog")).report;
    QCOMPARE(r.builds.size(), std::size_t{7});
    for (const auto &b : r.builds) {
        const bool wasm = b.name == "rust-wasm-0.1.0";
        QVERIFY2(b.status == (wasm ? BuildStatus::Failed : BuildStatus::Built), b.name.c_str());
    }
    const auto *serdeJson = test::findByName(r, QStringLiteral("rust-serde_json-1.0.107"));
    const auto *wasm = test::findByName(r, QStringLiteral("rust-wasm-0.1.0"));
    QVERIFY(*wasm->endUs < *serdeJson->endUs);
    QCOMPARE(*serdeJson->endUs, std::int64_t{1714081});
}

void TestBuildReport::parallelBuildsOverlap()
{
    const auto r = LogFileReader::read(fixture(QStringLiteral("parallel.flog"))).report;
    QCOMPARE(r.builds.size(), std::size_t{2});
    const auto &a = r.builds[0];
    const auto &b = r.builds[1];
    QVERIFY(*a.startUs < *b.endUs && *b.startUs < *a.endUs); // -j2: both ran at once
    QVERIFY(*r.wallUs() < *a.durationUs() + *b.durationUs());
}

void TestBuildReport::badInput_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("problemLine");
    QTest::addColumn<QString>("problem");
    QTest::addColumn<int>("builtAfter"); // builds still read around the bad line
    QTest::addColumn<int>("malformed");

    const QByteArray nl("\n");
    QTest::newRow("malformed JSON in the middle")
        << kStart + nl + R"(@nix {"action":"result","fields":["x"],"id":5,"ty)" + nl + kLine + nl + kStop + nl
        << 2 << QStringLiteral("invalid JSON") << 1 << 1;
    QTest::newRow("truncated last line")
        << kStart + nl + kLine + nl + kStop + nl + R"(@nix {"action":"msg","lev)" << 4
        << QStringLiteral("last line is cut off") << 1 << 1;
    QTest::newRow("invalid UTF-8")
        << kStart + nl + "@nix {\"action\":\"result\",\"fields\":[\"caf\xe9\"],\"id\":5,\"type\":101}\n" +
               kStop + nl
        << 2 << QStringLiteral("invalid UTF-8") << 1 << 0;
    QTest::newRow("empty file") << QByteArray() << 0 << QStringLiteral("the file is empty") << 0 << 0;
    static const char elf[] = "\x7f"
                              "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0\xff\xfe\n\x10";
    QTest::newRow("binary file") << QByteArray(elf, sizeof elf - 1) << 0
                                 << QStringLiteral("binary data (a NUL byte at offset 7)") << 0 << 0;
    QTest::newRow("saved log line without time")
        << QByteArray("#flakeoff-log 1\n1.000\t") + kStart + nl + "garbage-without-tab\n" +
               QByteArray("3.5\t") + kStop + nl
        << 3 << QStringLiteral("no arrival time") << 1 << 0;
    QTest::newRow("unknown action") << kStart + nl + R"(@nix {"action":"teleport","id":5})" + nl + kStop + nl
                                    << 2 << QStringLiteral("unknown action \"teleport\"") << 1 << 1;
}

void TestBuildReport::badInput()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, problemLine);
    QFETCH(QString, problem);
    QFETCH(int, builtAfter);
    QFETCH(int, malformed);
    QTemporaryDir dir;
    const auto result = readBytes(dir, bytes);
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY2(hasProblem(result.report, problemLine, problem), qPrintable(problemsText(result.report)));
    QCOMPARE(static_cast<int>(result.report.countWithStatus(BuildStatus::Built)), builtAfter);
    QCOMPARE(result.report.malformedCount, std::int64_t{malformed});
}

void TestBuildReport::fiftyMegabyteLine()
{
    // A 50 MB line between two good events: cut to 1 MiB, reported, and the log goes on.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("huge.log"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(kStart + "\n" + R"(@nix {"action":"result","fields":[")");
    const QByteArray block(1 << 20, 'y');
    for (int i = 0; i < 50; ++i)
        f.write(block);
    f.write(QByteArray(R"("],"id":5,"type":101})") + "\n" + kLine + "\n" + kStop + "\n");
    f.close();
    const auto result = LogFileReader::read(path);
    QVERIFY(result.ok);
    QVERIFY2(hasProblem(result.report, 2, QStringLiteral("only the first 1048576 were kept")),
             qPrintable(problemsText(result.report)));
    QCOMPARE(result.report.malformedCount, std::int64_t{1});
    QCOMPARE(result.report.builds.size(), std::size_t{1});
    QCOMPARE(result.report.builds[0].status, BuildStatus::Built);
    QCOMPARE(result.report.builds[0].logLines, std::int64_t{1});
    QCOMPARE(result.report.lineCount, std::int64_t{4});
}

void TestBuildReport::unreadable_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("error");
    QTest::newRow("missing") << QStringLiteral("/nonexistent/flakeoff.log")
                             << QStringLiteral("cannot open /nonexistent/flakeoff.log");
    QTest::newRow("folder") << QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests") << QStringLiteral("is a folder");
}

void TestBuildReport::unreadable()
{
    QFETCH(QString, path);
    QFETCH(QString, error);
    const auto result = LogFileReader::read(path);
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(error), qPrintable(result.error));
}

void TestBuildReport::substitutionsAndDownloads()
{
    // The event shapes of a substitution from a binary cache (copy-path bytes on the child).
    LogStream s(LogStream::Timing::Saved);
    s.feed(
        "#flakeoff-log 1\n"
        "1.0\t@nix {\"action\":\"start\",\"id\":1,\"level\":0,\"text\":\"\",\"type\":103}\n"
        "2.0\t@nix "
        "{\"action\":\"start\",\"fields\":[\"/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-zlib-1.3\",\"https:/"
        "/cache.nixos.org\"],\"id\":2,\"level\":4,\"text\":\"copying\",\"type\":108}\n"
        "3.0\t@nix "
        "{\"action\":\"start\",\"fields\":[\"/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-zlib-1.3\",\"https:/"
        "/cache.nixos.org\",\"local\"],\"id\":3,\"level\":3,\"text\":\"copying\",\"type\":100}\n"
        "4.0\t@nix "
        "{\"action\":\"start\",\"fields\":[\"https://cache.nixos.org/nar/"
        "x.nar.xz\"],\"id\":4,\"level\":4,\"text\":\"downloading\",\"type\":101}\n"
        "5.0\t@nix {\"action\":\"result\",\"fields\":[4096,8192],\"id\":4,\"type\":105}\n"
        "6.0\t@nix {\"action\":\"result\",\"fields\":[8192,8192,0,0],\"id\":3,\"type\":105}\n"
        "7.0\t@nix {\"action\":\"stop\",\"id\":4}\n"
        "8.0\t@nix {\"action\":\"stop\",\"id\":3}\n"
        "9.5\t@nix {\"action\":\"stop\",\"id\":2}\n"
        "9.6\t@nix {\"action\":\"result\",\"fields\":[1,1,0,0],\"id\":1,\"type\":105}\n"
        "#end 10.0 exit=0\n");
    s.finish();
    const BuildReport r = s.takeReport();
    QCOMPARE(r.substitutions.size(), std::size_t{1});
    QCOMPARE(QString::fromStdString(r.substitutions[0].substituter),
             QStringLiteral("https://cache.nixos.org"));
    QCOMPARE(r.substitutions[0].bytes, std::int64_t{8192});
    QCOMPARE(*r.substitutions[0].durationUs(), std::int64_t{7500});
    QCOMPARE(r.substitutedCount(), std::int64_t{1});
    QCOMPARE(r.transfers.size(), std::size_t{1});
    QCOMPARE(r.transfers[0].bytes, std::int64_t{4096});
    QCOMPARE(r.copyPathsProgress.done, std::int64_t{1});
    QCOMPARE(*r.evalUs(), std::int64_t{2000});
    QCOMPARE(*r.wallUs(), std::int64_t{10000});
    QCOMPARE(r.exitCode.value_or(-1), 0);
}

void TestBuildReport::newerNixFailureMessage()
{
    // Nix 2.20+ names a failed build "Cannot build '…drv'." and has parent ids.
    LogStream s(LogStream::Timing::Untimed);
    s.feed(R"(@nix {"action":"start","id":1,"level":0,"text":"","type":104}
@nix {"action":"start","fields":["/nix/store/p8b6sz2cjlfyk85y1y0cxkz6ajc2nfxp-hello.drv","",1,1],"id":5,"level":3,"parent":1,"text":"building","type":105}
@nix {"action":"result","fields":["oops"],"id":5,"type":101}
@nix {"action":"result","fields":[0,1,0,1],"id":1,"type":105}
@nix {"action":"stop","id":5}
@nix {"action":"msg","level":0,"msg":"error: Cannot build '/nix/store/p8b6sz2cjlfyk85y1y0cxkz6ajc2nfxp-hello.drv'.\n       Reason: builder failed with exit code 1."}
)");
    s.finish();
    const BuildReport r = s.takeReport();
    QCOMPARE(r.builds.size(), std::size_t{1});
    QCOMPARE(r.builds[0].status, BuildStatus::Failed);
    QVERIFY(QString::fromStdString(r.builds[0].error).contains(QStringLiteral("Cannot build")));
    QVERIFY(!r.builds[0].durationUs());
}

void TestBuildReport::failureSummaryNamesNoFailure()
{
    // Nix 2.26 ends a failed run of several targets with "build of 'a.drv^out', 'b.drv^out'
    // failed", sorted by path. Recorded so that the build only interrupted (slow) comes first.
    const auto r = LogFileReader::read(fixture(QStringLiteral("fail-fast-nix2.26.flog"))).report;
    const auto *slow = test::findByName(r, QStringLiteral("slow"));
    const auto *fail = test::findByName(r, QStringLiteral("quick-fail"));
    QVERIFY(slow && fail);
    const auto summary = std::find_if(r.messages.begin(), r.messages.end(),
                                      [](const LogMessage &m) { return m.text.rfind("build of '", 0) == 0; });
    QVERIFY2(summary != r.messages.end(), "the fixture ends with Nix 2.26's summary");
    QVERIFY2(summary->text.find(slow->drvPath) < summary->text.find(fail->drvPath), summary->text.c_str());
    QCOMPARE(slow->status, BuildStatus::Interrupted);
    QVERIFY(slow->error.empty());
    QCOMPARE(fail->status, BuildStatus::Failed);
    QVERIFY2(fail->error.rfind("builder for '", 0) == 0, fail->error.c_str());
    QCOMPARE(r.countWithStatus(BuildStatus::Failed), std::int64_t{1});
}

// What a failed build is said with, cause first: the failed derivation, then its builder's first
// error line; further failures named after it.
void TestBuildReport::failureTextCauseFirst_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expected");
    QTest::newRow("cargo2nix compiles the root package for a patched crate")
        << "cargo2nix-patch-outside-members.flog"
        << "crate-cfg-if-1.0.1 failed: error[E0433]: failed to resolve: use of undeclared crate or module "
           "`cfg_if`";
    // A builder that printed no error line: Nix's exit code says what little is known.
    QTest::newRow("no error line (2.8)") << "fail-fast.flog"
                                         << "quick-fail failed with exit code 3";
    QTest::newRow("no error line (2.26)") << "fail-fast-nix2.26.flog"
                                          << "quick-fail failed with exit code 3";
    QTest::newRow("nothing failed") << "chain.flog"
                                    << "";
    QTest::newRow("nothing failed (2.26)") << "noop-nix2.26.flog"
                                           << "";
}

void TestBuildReport::failureTextCauseFirst()
{
    QFETCH(QString, file);
    QFETCH(QString, expected);
    const auto r = LogFileReader::read(fixture(file)).report;
    QCOMPARE(QString::fromStdString(r.failureText()), expected);
    // A session keeps it: the same from the report read back from its JSON.
    BuildReport back;
    std::string error;
    QVERIFY2(BuildReportJson::fromJson(BuildReportJson::toJson(r), back, error), error.c_str());
    QCOMPARE(QString::fromStdString(back.failureText()), expected);
}

void TestBuildReport::firstErrorLine_data()
{
    QTest::addColumn<QStringList>("tail");
    QTest::addColumn<QString>("expected");
    const auto lines = [](std::initializer_list<const char *> texts) {
        QStringList out;
        for (const char *t : texts)
            out << QString::fromUtf8(t);
        return out;
    };
    QTest::newRow("rustc with a code")
        << lines({"   Compiling x v0.1.0", "error[E0425]: cannot find `os`", "error: aborting"})
        << "error[E0425]: cannot find `os`";
    QTest::newRow("plain, indented, trailing blanks")
        << lines({"warning: unused", "  error: linker `cc` not found  "}) << "error: linker `cc` not found";
    QTest::newRow("words that only start with error")
        << lines({"errors: 0", "error_count=3", "errored"}) << "";
    QTest::newRow("no error line") << lines({"make: *** [all] Error 2"}) << "";
    QTest::newRow("empty tail") << lines({}) << "";
}

void TestBuildReport::firstErrorLine()
{
    QFETCH(QStringList, tail);
    QFETCH(QString, expected);
    DerivationBuild b;
    b.name = "x";
    b.status = BuildStatus::Failed;
    for (const QString &line : tail)
        b.lastLines.push_back(line.toStdString());
    QCOMPARE(QString::fromStdString(b.firstErrorLine()), expected);
    BuildReport r;
    r.builds.push_back(b);
    b.name = "y";
    r.builds.push_back(b);
    QCOMPARE(QString::fromStdString(r.failureText()),
             QStringLiteral("x failed") + (expected.isEmpty() ? QString() : QStringLiteral(": ") + expected) +
                 QStringLiteral("; also failed: y"));
}

void TestBuildReport::plannedBuilds_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("planned"); // names, in Nix's order
    QTest::addColumn<int>("notStarted");
    const QStringList chain{QStringLiteral("chain-1"), QStringLiteral("chain-2"), QStringLiteral("chain-3")};
    // Nix 2.8's `nix build` does not announce its plan.
    QTest::newRow("nix 2.8: chain") << "chain.flog" << QStringList() << 0;
    QTest::newRow("nix 2.8: fail-fast") << "fail-fast.flog" << QStringList() << 0;
    QTest::newRow("nix 2.26: chain") << "chain-nix2.26.flog" << chain << 0;
    QTest::newRow("nix 2.26: chain, plain capture") << "chain-plain-nix2.26.log" << chain << 0;
    QTest::newRow("nix 2.26: one derivation")
        << "failing-nix2.26.flog" << QStringList{QStringLiteral("failing")} << 0;
    QTest::newRow("nix 2.26: nothing to build") << "noop-nix2.26.flog" << QStringList() << 0;
    QTest::newRow("nix 2.26: only a path to fetch") << "substitute-nix2.26.flog" << QStringList() << 0;
    QTest::newRow("nix 2.26: evaluation failed first") << "eval-type-nix2.26.flog" << QStringList() << 0;
}

void TestBuildReport::plannedBuilds()
{
    QFETCH(QString, file);
    QFETCH(QStringList, planned);
    QFETCH(int, notStarted);
    const auto result = LogFileReader::read(fixture(file));
    QVERIFY2(result.ok, qPrintable(result.error));
    const BuildReport &r = result.report;
    QStringList names;
    int missing = 0;
    for (const auto &p : r.plannedBuilds) {
        QVERIFY2(p.rfind("/nix/store/", 0) == 0 && p.size() > 4 && p.substr(p.size() - 4) == ".drv",
                 p.c_str());
        names << QString::fromStdString(derivationName(p));
        missing += r.findBuild(p) ? 0 : 1;
    }
    // Sorted: Nix orders them by dependency, which the names do not show.
    names.sort();
    QCOMPARE(names, planned);
    QCOMPARE(missing, notStarted);
    // The announcement lines are taken into the plan, not kept as messages as well.
    for (const auto &m : r.messages)
        QVERIFY2(m.text.find(".drv") == std::string::npos || m.level < 3, m.text.c_str());
    // …and the report keeps its plan through JSON.
    BuildReport back;
    std::string error;
    QVERIFY2(BuildReportJson::fromJson(BuildReportJson::toJson(r), back, error), error.c_str());
    QCOMPARE(back.plannedBuilds, r.plannedBuilds);
}

void TestBuildReport::recordedSubstitution_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("nix 2.8") << "substitute.flog";
    QTest::newRow("nix 2.26 (activities with parent ids)") << "substitute-nix2.26.flog";
}

void TestBuildReport::recordedSubstitution()
{
    // A path built, copied into a local binary cache, deleted, then fetched back by `nix build`.
    QFETCH(QString, file);
    const auto result = LogFileReader::read(fixture(file));
    QVERIFY2(result.ok, qPrintable(result.error));
    const BuildReport &r = result.report;
    QCOMPARE(r.problemCount, std::int64_t{0});
    QVERIFY(r.builds.empty());
    QCOMPARE(r.substitutions.size(), std::size_t{1});
    const Substitution &s = r.substitutions[0];
    QVERIFY2(QString::fromStdString(s.storePath).endsWith(QLatin1String("-payload")), s.storePath.c_str());
    QCOMPARE(QString::fromStdString(s.substituter), QStringLiteral("file:///tmp/flakeoff-fixtures/cache"));
    QVERIFY(s.done);
    // A NAR of 4 MiB of data and its framing, copied in 64 KiB steps as Nix reports them (the
    // last few hundred bytes go unreported).
    QVERIFY2(s.expectedBytes > 4 * 1024 * 1024, qPrintable(QString::number(s.expectedBytes)));
    QVERIFY2(s.bytes >= 4 * 1024 * 1024 && s.bytes <= s.expectedBytes, qPrintable(QString::number(s.bytes)));
    QVERIFY(s.durationUs().has_value() && *s.durationUs() >= 0);
    QCOMPARE(r.substitutedCount(), std::int64_t{1});
    QCOMPARE(r.copyPathsProgress.done, std::int64_t{1});
    QVERIFY(*r.evalUs() <= *s.startUs);
    QCOMPARE(r.exitCode.value_or(-1), 0);
}

void TestBuildReport::copyLinkedToItsSubstitution_data()
{
    // A copy-path activity carries a substitution's bytes: found by `parent` (Nix 2.26, as in
    // substitute-nix2.26.flog) or, without one (Nix 2.8), by its store path.
    QTest::addColumn<QByteArray>("copyStart");
    QTest::addColumn<qint64>("bytes");
    const QByteArray path = R"("/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-zlib-1.3")";
    QTest::newRow("by parent")
        << QByteArray(R"({"action":"start","fields":[)" + path +
                      R"(,"file:///c","local"],"id":3,"level":3,"parent":2,"text":"copying","type":100})")
        << qint64(8192);
    QTest::newRow("by parent, another path named")
        << QByteArray(
               R"({"action":"start","fields":["/nix/store/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-x","file:///c","local"],"id":3,"level":3,"parent":2,"text":"copying","type":100})")
        << qint64(8192);
    QTest::newRow("by path (no parent)")
        << QByteArray(R"({"action":"start","fields":[)" + path +
                      R"(,"file:///c","local"],"id":3,"level":3,"text":"copying","type":100})")
        << qint64(8192);
    QTest::newRow("parent is no substitution, path unknown")
        << QByteArray(
               R"({"action":"start","fields":["/nix/store/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-x","file:///c","local"],"id":3,"level":3,"parent":1,"text":"copying","type":100})")
        << qint64(0);
}

void TestBuildReport::copyLinkedToItsSubstitution()
{
    QFETCH(QByteArray, copyStart);
    QFETCH(qint64, bytes);
    LogStream s(LogStream::Timing::Untimed);
    const QByteArray log =
        QByteArray(R"(@nix {"action":"start","id":1,"level":0,"parent":0,"text":"","type":103})") + "\n" +
        R"(@nix {"action":"start","fields":["/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-zlib-1.3","file:///c"],"id":2,"level":0,"parent":0,"text":"","type":108})" +
        "\n@nix " + copyStart + "\n" +
        R"(@nix {"action":"result","fields":[8192,8192,0,0],"id":3,"type":105})" + "\n" +
        R"(@nix {"action":"stop","id":3})" + "\n" + R"(@nix {"action":"stop","id":2})" + "\n";
    s.feed(std::string_view(log.constData(), static_cast<std::size_t>(log.size())));
    s.finish();
    const BuildReport r = s.takeReport();
    QCOMPARE(r.problemCount, std::int64_t{0});
    QCOMPARE(r.substitutions.size(), std::size_t{1});
    QCOMPARE(static_cast<qint64>(r.substitutions[0].bytes), bytes);
}

void TestBuildReport::savedLineTimes_data()
{
    // A saved line's "<ms>[.<fraction>]\t" prefix, read by words on a long line and byte by byte
    // on a short one: the same time, or the same refusal, either way.
    QTest::addColumn<QByteArray>("prefix");
    QTest::addColumn<qint64>("us"); // -1: refused ("no arrival time")
    QTest::newRow("ms and µs") << QByteArray("12.345\t") << qint64(12345);
    QTest::newRow("no fraction") << QByteArray("7\t") << qint64(7000);
    QTest::newRow("one fraction digit") << QByteArray("1.5\t") << qint64(1500);
    QTest::newRow("nine fraction digits, cut to µs") << QByteArray("3.123456789\t") << qint64(3123);
    QTest::newRow("leading zeros") << QByteArray("007.010\t") << qint64(7010);
    QTest::newRow("eight digits") << QByteArray("12345678.9\t") << qint64(12345678900);
    QTest::newRow("thirteen digits, the most")
        << QByteArray("1000000000000.999\t") << qint64(1000000000000999);
    QTest::newRow("past the most") << QByteArray("1000000000001\t") << qint64(-1);
    QTest::newRow("fourteen digits") << QByteArray("12345678901234\t") << qint64(-1);
    QTest::newRow("sixteen digits") << QByteArray("1234567890123456\t") << qint64(-1);
    QTest::newRow("ten fraction digits") << QByteArray("1.1234567890\t") << qint64(-1);
    QTest::newRow("empty fraction") << QByteArray("1.\t") << qint64(-1);
    QTest::newRow("no whole part") << QByteArray(".5\t") << qint64(-1);
    QTest::newRow("a letter") << QByteArray("12a\t") << qint64(-1);
}

void TestBuildReport::savedLineTimes()
{
    QFETCH(QByteArray, prefix);
    QFETCH(qint64, us);
    for (const QByteArray &text :
         {QByteArray("x"),
          QByteArray(R"(@nix {"action":"msg","level":3,"msg":"a line long enough to read by words"})")}) {
        LogStream s(LogStream::Timing::Saved);
        const QByteArray log = "#flakeoff-log 1\n" + prefix + text + "\n";
        s.feed(std::string_view(log.constData(), static_cast<std::size_t>(log.size())));
        s.finish();
        const BuildReport r = s.takeReport();
        if (us < 0) {
            QVERIFY2(hasProblem(r, 2, QStringLiteral("no arrival time")), qPrintable(problemsText(r)));
        } else {
            QCOMPARE(r.problemCount, std::int64_t{0});
            QCOMPARE(static_cast<qint64>(r.firstEventUs.value_or(-1)), us);
        }
    }
}

void TestBuildReport::waitingBuild()
{
    LogStream s(LogStream::Timing::Saved);
    s.feed("#flakeoff-log 1\n"
           "1.0\t@nix {\"action\":\"start\",\"id\":1,\"level\":0,\"text\":\"\",\"type\":104}\n"
           "2.0\t@nix {\"action\":\"start\",\"id\":7,\"level\":1,\"text\":\"waiting for a free build user ID "
           "for '/nix/store/p8b6sz2cjlfyk85y1y0cxkz6ajc2nfxp-hello.drv'\",\"type\":111}\n"
           "5.0\t@nix {\"action\":\"stop\",\"id\":7}\n"
           "6.0\t@nix "
           "{\"action\":\"start\",\"fields\":[\"/nix/store/"
           "p8b6sz2cjlfyk85y1y0cxkz6ajc2nfxp-hello.drv\",\"\",1,1],\"id\":5,\"level\":3,\"text\":"
           "\"building\",\"type\":105}\n"
           "9.0\t@nix {\"action\":\"result\",\"fields\":[1,1,0,0],\"id\":1,\"type\":105}\n"
           "9.1\t@nix {\"action\":\"stop\",\"id\":5}\n");
    const BuildReport during = s.snapshot();
    QCOMPARE(during.builds.size(), std::size_t{1});
    s.finish();
    const BuildReport r = s.takeReport();
    QCOMPARE(r.builds[0].status, BuildStatus::Built);
    QCOMPARE(r.builds[0].waitUs.value_or(-1), std::int64_t{4000});
    QCOMPARE(r.builds[0].durationUs().value_or(-1), std::int64_t{3000});
}

void TestBuildReport::recordedRemoteBuild_data()
{
    // Built through a real remote builder (scripts/remote-builder-2.26.sh: a second Nix 2.26
    // store on this machine behind sshd, --max-jobs 0): every derivation on the builder, its
    // output copied back. Over ssh-ng:// the hook forwards the builder's own activities (its
    // build, its build counters); over ssh:// (nix-store --serve) only its log lines.
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("machine");
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<qint64>("minBuildUs"); // each build's own sleep or work
    QTest::addColumn<bool>("builtThere");   // false: the builder still had it and only sent it back
    QTest::addColumn<bool>("split");        // the builder's span known: copying kept apart
    const QString ng = QStringLiteral("ssh-ng://root@localhost");
    const QStringList chain{QStringLiteral("chain-1"), QStringLiteral("chain-2"), QStringLiteral("chain-3")};
    QTest::newRow("chain") << "remote-chain-nix2.26.flog" << ng << chain << qint64(200000) << true << true;
    QTest::newRow("payload (4 MiB copied back)")
        << "remote-payload-nix2.26.flog" << ng << QStringList{QStringLiteral("payload")} << qint64(0) << true
        << true;
    // A cold step's case: deleted here, still in the builder's store. Nix counts it built, but
    // the builder's build never starts: no log, no phases, no span to set copying apart from.
    QTest::newRow("deleted here, kept on the builder")
        << "remote-recopy-nix2.26.flog" << ng << QStringList{QStringLiteral("chain-3")} << qint64(0) << false
        << false;
    QTest::newRow("ssh://: the machine, the log, copying counted in")
        << "remote-ssh-chain-nix2.26.flog" << QStringLiteral("ssh://root@localhost") << chain
        << qint64(200000) << true << false;
}

void TestBuildReport::recordedRemoteBuild()
{
    QFETCH(QString, file);
    QFETCH(QString, machine);
    QFETCH(QStringList, names);
    QFETCH(qint64, minBuildUs);
    QFETCH(bool, builtThere);
    QFETCH(bool, split);
    const auto result = LogFileReader::read(fixture(file));
    QVERIFY2(result.ok, qPrintable(result.error));
    const BuildReport &r = result.report;
    QVERIFY2(r.problemCount == 0, qPrintable(problemsText(r)));
    QCOMPARE(r.exitCode.value_or(-1), 0);
    // One report entry per derivation (the builder's build of it is no second round), and the
    // run's counters, not the builder's per-build ones.
    QCOMPARE(static_cast<int>(r.builds.size()), names.size());
    QCOMPARE(static_cast<int>(r.buildsProgress.done), names.size());
    QCOMPARE(static_cast<int>(r.buildsProgress.expected), names.size());
    for (const QString &name : names) {
        const auto *b = test::findByName(r, name);
        QVERIFY2(b, qPrintable(name));
        QCOMPARE(QString::fromStdString(b->machine), machine);
        QCOMPARE(b->status, BuildStatus::Built);
        QCOMPARE(b->round, 1);
        QCOMPARE(b->onlyCopiedBack, !builtThere);
        QCOMPARE(b->copyUs.has_value(), split);
        if (!builtThere) {
            QVERIFY(b->phases.empty());
            QCOMPARE(b->logLines, std::int64_t{0});
            continue;
        }
        QVERIFY2(b->logLines >= 1, qPrintable(name)); // the builder's log came through
        QVERIFY2(*b->durationUs() >= minBuildUs, qPrintable(QString::number(*b->durationUs())));
        // The build's span lies within the run's, after evaluation.
        QVERIFY(*r.evalUs() <= *b->startUs);
        QVERIFY(*b->endUs <= *r.endUs);
        if (!split)
            continue;
        QVERIFY(!b->phases.empty());
        QCOMPARE(QString::fromStdString(b->phases[0].name), QStringLiteral("buildPhase"));
        // Copying (connecting, inputs there, the output back) is kept apart from the build.
        QVERIFY2(*b->copyUs > 0, qPrintable(name));
    }
    // In JSON and back, copy time and "only copied back" included.
    BuildReport back;
    std::string error;
    QVERIFY2(BuildReportJson::fromJson(BuildReportJson::toJson(r), back, error), error.c_str());
    QCOMPARE(back.builds[0].onlyCopiedBack, r.builds[0].onlyCopiedBack);
    QCOMPARE(back.builds[0].machine, r.builds[0].machine);
    QCOMPARE(back.builds[0].copyUs.value_or(-1) / 1000, r.builds[0].copyUs.value_or(-1) / 1000);
}

void TestBuildReport::recordedRemoteFailure()
{
    // The builder's build fails: the failure is the derivation's, said cause first, with where
    // it ran and the copying (here the connection) still kept apart from the build.
    const auto result = LogFileReader::read(fixture(QStringLiteral("remote-failing-nix2.26.flog")));
    QVERIFY2(result.ok, qPrintable(result.error));
    const BuildReport &r = result.report;
    QVERIFY2(r.problemCount == 0, qPrintable(problemsText(r)));
    QCOMPARE(r.exitCode.value_or(-1), 1);
    QCOMPARE(r.builds.size(), std::size_t{1});
    const DerivationBuild &b = r.builds[0];
    QCOMPARE(b.status, BuildStatus::Failed);
    QCOMPARE(QString::fromStdString(b.machine), QStringLiteral("ssh-ng://root@localhost"));
    QVERIFY(!b.onlyCopiedBack);
    QVERIFY(b.copyUs && *b.copyUs > 0);
    QVERIFY2(*b.durationUs() >= 200000, qPrintable(QString::number(*b.durationUs()))); // its sleep
    QCOMPARE(QString::fromStdString(b.firstErrorLine()), QStringLiteral("error: something went wrong"));
    QVERIFY2(QString::fromStdString(b.error).contains(QLatin1String("failing.drv")), b.error.c_str());
    QCOMPARE(r.buildsProgress.failed, std::int64_t{1});
}

void TestBuildReport::remoteBuildSpan_data()
{
    // A "building … on <machine>" activity (id 5) and what may come inside it: the builder's own
    // build of the same derivation (id 6, machine ""), with its own counters (id 3, parent 2).
    QTest::addColumn<QByteArray>("inside"); // saved-log lines between 10 ms and 500 ms
    QTest::addColumn<QString>("machine");
    QTest::addColumn<qint64>("startUs");
    QTest::addColumn<qint64>("endUs");
    QTest::addColumn<qint64>("copyUs"); // -1: none
    QTest::addColumn<int>("round");
    QTest::addColumn<int>("logLines");
    QTest::addColumn<bool>("onlyCopiedBack");
    const QByteArray inner =
        "100.0\t@nix {\"action\":\"start\",\"id\":3,\"level\":0,\"parent\":2,\"text\":\"\",\"type\":104}\n"
        "110.0\t@nix {\"action\":\"start\",\"fields\":[\"/nix/store/"
        "p8b6sz2cjlfyk85y1y0cxkz6ajc2nfxp-hello.drv\",\"\",1,1],\"id\":6,\"level\":3,\"parent\":2,"
        "\"text\":\"building\",\"type\":105}\n"
        "150.0\t@nix {\"action\":\"result\",\"fields\":[\"compiling\"],\"id\":6,\"type\":101}\n"
        "400.0\t@nix {\"action\":\"result\",\"fields\":[1,1,0,0],\"id\":3,\"type\":105}\n"
        "400.0\t@nix {\"action\":\"stop\",\"id\":6}\n"
        "401.0\t@nix {\"action\":\"stop\",\"id\":3}\n";
    QTest::newRow("ssh-ng: the builder's span is the build, the rest copying")
        << inner << "ssh-ng://builder" << qint64(110000) << qint64(400000) << qint64(200000) << 1 << 1
        << false;
    QTest::newRow("ssh (no builder's activity): the whole span, no copy time known")
        << QByteArray(
               "150.0\t@nix {\"action\":\"result\",\"fields\":[\"compiling\"],\"id\":5,\"type\":101}\n")
        << "ssh://builder" << qint64(10000) << qint64(500000) << qint64(-1) << 1 << 1 << false;
    QTest::newRow("builder's build never stopped: the whole span")
        << QByteArray(inner).replace("400.0\t@nix {\"action\":\"stop\",\"id\":6}\n", "") << "ssh-ng://builder"
        << qint64(10000) << qint64(500000) << qint64(-1) << 1 << 1 << false;
    // A local build (machine "") built again after it stopped is a later round, as before.
    QTest::newRow("local: a second start after the stop is round 2")
        << QByteArray("100.0\t@nix {\"action\":\"stop\",\"id\":5}\n"
                      "110.0\t@nix {\"action\":\"start\",\"fields\":[\"/nix/store/"
                      "p8b6sz2cjlfyk85y1y0cxkz6ajc2nfxp-hello.drv\",\"\",2,2],\"id\":6,\"level\":3,"
                      "\"text\":\"building\",\"type\":105}\n"
                      "400.0\t@nix {\"action\":\"stop\",\"id\":6}\n")
        << "" << qint64(110000) << qint64(500000) << qint64(-1) << 2 << 0 << false;
    // The builder had the output: its build never starts, Nix only copies the output back.
    QTest::newRow("ssh-ng, no builder's build: only copied back")
        << QByteArray() << "ssh-ng://builder" << qint64(10000) << qint64(500000) << qint64(-1) << 1 << 0
        << true;
}

void TestBuildReport::remoteBuildSpan()
{
    QFETCH(QByteArray, inside);
    QFETCH(QString, machine);
    QFETCH(qint64, startUs);
    QFETCH(qint64, endUs);
    QFETCH(qint64, copyUs);
    QFETCH(int, round);
    QFETCH(int, logLines);
    QFETCH(bool, onlyCopiedBack);
    const QByteArray log =
        "#flakeoff-log 1\n"
        "1.0\t@nix {\"action\":\"start\",\"id\":2,\"level\":0,\"parent\":0,\"text\":\"\",\"type\":104}\n"
        "10.0\t@nix "
        "{\"action\":\"start\",\"fields\":[\"/nix/store/p8b6sz2cjlfyk85y1y0cxkz6ajc2nfxp-hello.drv\",\"" +
        machine.toUtf8() + "\",1,1],\"id\":5,\"level\":3,\"parent\":0,\"text\":\"building\",\"type\":105}\n" +
        inside + "500.0\t@nix {\"action\":\"result\",\"fields\":[1,1,0,0],\"id\":2,\"type\":105}\n" +
        "500.0\t@nix {\"action\":\"stop\",\"id\":5}\n" + "501.0\t@nix {\"action\":\"stop\",\"id\":2}\n";
    LogStream s(LogStream::Timing::Saved);
    s.feed(std::string_view(log.constData(), static_cast<std::size_t>(log.size())));
    s.finish(std::nullopt, 0);
    const BuildReport r = s.takeReport();
    QVERIFY2(r.problemCount == 0, qPrintable(problemsText(r)));
    QCOMPARE(r.builds.size(), std::size_t{1});
    const DerivationBuild &b = r.builds[0];
    QCOMPARE(b.status, BuildStatus::Built);
    QCOMPARE(QString::fromStdString(b.machine), machine);
    QCOMPARE(b.round, round);
    QCOMPARE(static_cast<qint64>(b.startUs.value_or(-1)), startUs);
    QCOMPARE(static_cast<qint64>(b.endUs.value_or(-1)), endUs);
    QCOMPARE(static_cast<qint64>(b.copyUs.value_or(-1)), copyUs);
    QCOMPARE(b.logLines, std::int64_t{logLines});
    QCOMPARE(b.onlyCopiedBack, onlyCopiedBack);
    // The builder's own counters (one build of one) are not the run's.
    QCOMPARE(r.buildsProgress.done, std::int64_t{1});
    QCOMPARE(r.buildsProgress.expected, std::int64_t{1});
}

void TestBuildReport::snapshotWhileRunning()
{
    LogStream s(LogStream::Timing::Live);
    s.feed(kStart.toStdString() + "\n" + kLine.toStdString() + "\n", 1000);
    const BuildReport mid = s.snapshot();
    QCOMPARE(mid.builds.size(), std::size_t{1});
    QCOMPARE(mid.builds[0].status, BuildStatus::Running);
    QCOMPARE(mid.builds[0].lastLines.size(), std::size_t{1});
    s.finish(5000, 130);
    const BuildReport r = s.takeReport();
    // The process ended (killed) before the build stopped.
    QCOMPARE(r.builds[0].status, BuildStatus::Interrupted);
    QCOMPARE(r.builds[0].endUs.value_or(-1), std::int64_t{5000});
}

void TestBuildReport::deferredTailMatchesEager_data()
{
    // Build log text as JSON writes it, and as the report shows it (decoded, ANSI stripped).
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("shown");
    QTest::newRow("plain") << QByteArray("make all") << QStringLiteral("make all");
    QTest::newRow("colour codes") << QByteArray(R"(\u001b[31mred\u001b[0m)") << QStringLiteral("red");
    QTest::newRow("CSI split across escapes")
        << QByteArray(R"(\u001b\u005b31mred\u001b\u005b0m)") << QStringLiteral("red");
    QTest::newRow("OSC link") << QByteArray(R"(\u001b]8;;http://x\u0007link\u001b]8;;\u0007)")
                              << QStringLiteral("link");
    QTest::newRow("OSC ended by ESC \\") << QByteArray(R"(\u001b]0;title\u001b\\ok)") << QStringLiteral("ok");
    QTest::newRow("ESC before a multi-byte character")
        << QByteArray(R"(\u001b\u00e9x)") << QStringLiteral("\u00e9x");
    QTest::newRow("CSI cut by a non-ASCII character")
        << QByteArray(R"(\u001b[3\u00e9m)") << QStringLiteral("\u00e9m");
    QTest::newRow("escapes without colour")
        << QByteArray(R"(a\"b\\c\td\/e)") << QStringLiteral("a\"b\\c\td/e");
    QTest::newRow("raw UTF-8 in colour")
        << QByteArray("\\u001b[1mcaf\xc3\xa9\\u001b[0m") << QStringLiteral("caf\u00e9");
    QTest::newRow("invalid UTF-8 (repaired)") << QByteArray("caf\xe9") << QStringLiteral("caf\uFFFD");
    // rustc's coloured error: the first line is the build's first error, eager or deferred.
    QTest::newRow("coloured error")
        << QByteArray(R"(\u001b[0m\u001b[1m\u001b[38;5;9merror[E0433]\u001b[0m: no `cfg_if`)")
        << QStringLiteral("error[E0433]: no `cfg_if`");
}

void TestBuildReport::deferredTailMatchesEager()
{
    // 25 lines (the ring of 20 wraps), every third in another key order so it is read generically
    // and decoded at once: the tail then mixes deferred and decoded slots. The last line ends in a
    // lone ESC. The report's tail, mid-way (snapshot) and at the end (takeReport), must be what an
    // eager parse gives, and what `shown` says.
    QFETCH(QByteArray, text);
    QFETCH(QString, shown);
    QByteArray log = kStart + "\n";
    QByteArray firstHalf;
    for (int k = 1; k <= 25; ++k) {
        const QByteArray body = text + " " + QByteArray::number(k) + (k == 25 ? R"(\u001b)" : "");
        if (k % 3 == 0)
            log += R"(@nix {"type":101,"id":5,"fields":[")" + body + R"("],"action":"result"})" + "\n";
        else
            log += R"(@nix {"action":"result","fields":[")" + body + R"("],"id":5,"type":101})" + "\n";
        if (k == 12)
            firstHalf = log;
    }
    log += kStop + "\n";

    LogStream stream(LogStream::Timing::Untimed);
    stream.feed(firstHalf.toStdString());
    const BuildReport streamMid = stream.snapshot();
    stream.feed(log.mid(firstHalf.size()).toStdString());
    stream.finish();
    const BuildReport streamEnd = stream.takeReport();

    EagerPipeline eager;
    LineReader reader(eager);
    reader.feed(firstHalf.toStdString());
    const BuildReport eagerMid = eager.builder.snapshot();
    reader.feed(log.mid(firstHalf.size()).toStdString());
    reader.finish();
    eager.builder.finish();
    const BuildReport eagerEnd = eager.builder.takeReport();

    QCOMPARE(lastLines(streamMid), lastLines(eagerMid));
    QCOMPARE(lastLines(streamEnd), lastLines(eagerEnd));
    QCOMPARE(lastLines(streamMid).size(), 12);
    QCOMPARE(lastLines(streamMid).constLast(), shown + QStringLiteral(" 12"));
    const QStringList tail = lastLines(streamEnd);
    QCOMPARE(tail.size(), 20);
    QCOMPARE(tail.constFirst(), shown + QStringLiteral(" 6"));
    QCOMPARE(tail.at(18), shown + QStringLiteral(" 24")); // read generically (24 = 3 × 8)
    QCOMPARE(tail.constLast(), shown + QStringLiteral(" 25"));
    QCOMPARE(streamEnd.builds[0].logLines, std::int64_t{25});
    // The first error line survives the ring, the same from both paths.
    QCOMPARE(streamEnd.builds[0].firstError, eagerEnd.builds[0].firstError);
    QCOMPARE(streamMid.builds[0].firstError, eagerMid.builds[0].firstError);
    if (shown.startsWith(QStringLiteral("error")))
        QCOMPARE(QString::fromStdString(streamEnd.builds[0].firstError), shown + QStringLiteral(" 1"));
    else
        QCOMPARE(streamEnd.builds[0].firstError, std::string());
}

void TestBuildReport::tailOutlivesItsChunk_data()
{
    QTest::addColumn<int>("chunkBytes");
    QTest::newRow("1 byte") << 1; // every line split across chunks: copied at once
    QTest::newRow("37 bytes") << 37;
    QTest::newRow("150 bytes") << 150;       // about a line: some whole in a chunk, some split
    QTest::newRow("whole log") << (1 << 20); // one chunk: every line borrowed until feed() ends
}

void TestBuildReport::tailOutlivesItsChunk()
{
    // A log line's text may stay in the caller's chunk until feed() returns; after that, the
    // caller reuses its buffer. Here it overwrites it after every feed: a tail still pointing
    // into it would show the overwritten bytes (and ASan would see the read).
    QFETCH(int, chunkBytes);
    QByteArray log = kStart + "\n";
    for (int k = 1; k <= 30; ++k)
        log += R"(@nix {"action":"result","fields":["\u001b[1mline\u001b[0m )" + QByteArray::number(k) +
               R"("],"id":5,"type":101})" + "\n";
    log += kStop + "\n";
    LogStream stream(LogStream::Timing::Untimed);
    std::string buffer;
    BuildReport mid;
    for (qsizetype at = 0; at < log.size(); at += chunkBytes) {
        buffer.assign(log.constData() + at,
                      static_cast<std::size_t>(std::min<qsizetype>(chunkBytes, log.size() - at)));
        stream.feed(buffer);
        std::fill(buffer.begin(), buffer.end(), 'Z');
        if (at < log.size() / 2 && at + chunkBytes >= log.size() / 2)
            mid = stream.snapshot();
    }
    stream.finish();
    const BuildReport r = stream.takeReport();
    const QStringList tail = lastLines(r);
    QCOMPARE(tail.size(), 20);
    for (int i = 0; i < 20; ++i)
        QCOMPARE(tail.at(i), QStringLiteral("line %1").arg(11 + i));
    for (const auto &line : mid.builds.at(0).lastLines)
        QVERIFY2(QString::fromStdString(line).startsWith(QStringLiteral("line ")), line.c_str());
}

void TestBuildReport::fromJsonRefusesGarbage_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("not a report") << QByteArray(R"({"hello":1})")
                                  << QStringLiteral("not a Flakeoff build report");
    QTest::newRow("future version") << QByteArray(R"({"format":"flakeoff-build-report","version":9})")
                                    << QStringLiteral("unsupported build report version 9");
    QTest::newRow("wrong types")
        << QByteArray(R"({"format":"flakeoff-build-report","version":1,"builds":[{"round":"x"}]})")
        << QStringLiteral("malformed build report");
}

void TestBuildReport::fromJsonRefusesGarbage()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    BuildReport r;
    std::string message;
    QVERIFY(!BuildReportJson::fromJson(nlohmann::json::parse(json.toStdString()), r, message));
    QVERIFY2(QString::fromStdString(message).contains(error), message.c_str());
}

QTEST_GUILESS_MAIN(TestBuildReport)
#include "tst_buildreport.moc"
