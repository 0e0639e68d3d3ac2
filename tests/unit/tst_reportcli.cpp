// SPDX-License-Identifier: MIT
// flakeoff-cli report as a user runs it: every format from the fixture session, where each one
// goes without --out, the chart files (a folder of every chart, or one chart's file), and the
// exit code and message of every refusal (missing, corrupt or newer session; unknown format or
// theme; unwritable output; a chart file named after no chart).
#include "report/CsvReport.h"
#include "report/JsonReport.h"
#include "report/MarkdownReport.h"
#include "report/ReportCharts.h"
#include "report/SessionSummary.h"
#include "session/SessionStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace flakeoff;

namespace {
const QString kCli = QStringLiteral(FLAKEOFF_CLI_PATH);
const QString kFixture = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/sessions/small.json");

struct Output
{
    int exitCode = -1;
    QByteArray out;
    QString err;
};

Output runCli(const QStringList &args, const QString &workingDir = {})
{
    QProcess p;
    if (!workingDir.isEmpty())
        p.setWorkingDirectory(workingDir);
    p.start(kCli, QStringList{QStringLiteral("report")} + args);
    p.waitForFinished(60000); // a test may block; the app never does
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            QString::fromUtf8(p.readAllStandardError())};
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    QFile f(dir.filePath(name));
    if (f.open(QIODevice::WriteOnly))
        f.write(bytes);
    return f.fileName();
}

Session fixture()
{
    QString error;
    auto s = SessionStore::load(kFixture, &error);
    if (!s)
        qFatal("fixture session: %s", qPrintable(error));
    return *s;
}

// The fixture copied into a temporary folder, so default outputs land next to it.
QString copyFixture(const QTemporaryDir &dir)
{
    const QString path = dir.filePath(QStringLiteral("run.json"));
    QFile::copy(kFixture, path);
    return path;
}
} // namespace

class TestReportCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void textFormatsToStdout_data();
    void textFormatsToStdout();
    void formatFromOutExtension();
    void html();
    void htmlChartsEscapeUntrustedStrings();
    void pdfSvgPng_data();
    void pdfSvgPng();
    void oneChartFile_data();
    void oneChartFile();
    void refusals_data();
    void refusals();
};

void TestReportCli::textFormatsToStdout_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("expected");
    const Session s = fixture();
    const SessionSummary sum(s);
    QTest::newRow("md") << QStringList{QStringLiteral("--format"), QStringLiteral("md")}
                        << MarkdownReport::write(sum);
    QTest::newRow("markdown, any case")
        << QStringList{QStringLiteral("--format=Markdown")} << MarkdownReport::write(sum);
    QTest::newRow("csv") << QStringList{QStringLiteral("--format"), QStringLiteral("csv")}
                         << CsvReport::write(sum);
    QTest::newRow("csv --runs") << QStringList{QStringLiteral("--format"), QStringLiteral("csv"),
                                               QStringLiteral("--runs")}
                                << CsvReport::write(sum, CsvReport::Shape::Runs);
    QTest::newRow("json to '-'") << QStringList{QStringLiteral("--format"), QStringLiteral("json"),
                                                QStringLiteral("--out"), QStringLiteral("-")}
                                 << JsonReport::write(sum);
    // A subset is compared among itself: ranks and factors from its strategies alone.
    const Session subset = s.onlyStrategies({QStringLiteral("deps-split"), QStringLiteral("monolithic")});
    const SessionSummary models(subset); // it keeps a reference to its session
    QTest::newRow("md --strategies") << QStringList{QStringLiteral("--format"), QStringLiteral("md"),
                                                    QStringLiteral("--strategies"),
                                                    QStringLiteral("monolithic,deps-split")}
                                     << MarkdownReport::write(models);
}

void TestReportCli::textFormatsToStdout()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, expected);
    const Output o = runCli(QStringList{kFixture} + args);
    QVERIFY2(o.exitCode == 0, qPrintable(o.err));
    QCOMPARE(o.out, expected); // byte for byte what the core writes
}

void TestReportCli::formatFromOutExtension()
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("r.md"));
    const Output o = runCli({kFixture, QStringLiteral("--out"), out});
    QVERIFY2(o.exitCode == 0, qPrintable(o.err));
    QVERIFY(o.out.isEmpty());
    QVERIFY(o.err.contains(QStringLiteral("wrote ") + out));
    const Session s = fixture();
    QCOMPARE(readFile(out), MarkdownReport::write(SessionSummary(s)));
}

void TestReportCli::html()
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("r.html"));
    const Output o =
        runCli({kFixture, QStringLiteral("--format"), QStringLiteral("html"), QStringLiteral("--out"), out,
                QStringLiteral("--theme"), QStringLiteral("dark")});
    QVERIFY2(o.exitCode == 0, qPrintable(o.err));
    const QByteArray html = readFile(out);
    QVERIFY(html.startsWith("<!DOCTYPE html>"));
    QVERIFY(html.contains("data-theme=\"dark\""));
    QVERIFY(html.contains("Which strategy rebuilds app and wasm fastest?"));
    // The render library's charts, inlined: one <svg> per chart the report lists.
    const ReportCharts charts = ReportCharts::of(SessionSummary(fixture()));
    QCOMPARE(html.count("<svg"), static_cast<qsizetype>(charts.bars.size() + charts.timelines.size()));
    QVERIFY(!html.contains("Charts not rendered"));
    QVERIFY(!html.contains("<?xml"));
    // Without --out, HTML is text: it goes to stdout.
    const Output toStdout = runCli({kFixture, QStringLiteral("--format"), QStringLiteral("html")});
    QVERIFY2(toStdout.exitCode == 0, qPrintable(toStdout.err));
    QVERIFY(toStdout.out.startsWith("<!DOCTYPE html>"));
}

// The charts come from the renderer and are inlined as they are: derivation and strategy names in
// them must be escaped by the SVG writer as well.
void TestReportCli::htmlChartsEscapeUntrustedStrings()
{
    Session s = fixture();
    for (auto &m : s.measurements) {
        m.strategy = m.strategy + QStringLiteral("<script>alert(1)</script>");
        if (!m.report)
            continue;
        auto report = std::make_shared<BuildReport>(*m.report);
        for (auto &b : report->builds)
            b.name = "<img src=x onerror=alert(2)>" + b.name;
        m.report = report;
    }
    QTemporaryDir dir;
    QString error;
    const QString session = dir.filePath(QStringLiteral("evil.json"));
    QVERIFY2(SessionStore::save(s, session, &error), qPrintable(error));
    const QString out = dir.filePath(QStringLiteral("evil.html"));
    const Output o = runCli({session, QStringLiteral("--out"), out});
    QVERIFY2(o.exitCode == 0, qPrintable(o.err));
    const QByteArray html = readFile(out);
    QVERIFY(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    QVERIFY(!html.contains("<script"));
    QVERIFY(!html.contains("<img"));
    QVERIFY(html.contains("<svg")); // the names went through the charts too
}

void TestReportCli::pdfSvgPng_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("pdf") << QStringLiteral("pdf");
    QTest::newRow("svg") << QStringLiteral("svg");
    QTest::newRow("png") << QStringLiteral("png");
}

void TestReportCli::pdfSvgPng()
{
    QFETCH(QString, format);
    QTemporaryDir dir;
    const QString session = copyFixture(dir);
    const Output o = runCli({session, QStringLiteral("--format"), format});
    QVERIFY2(o.exitCode == 0, qPrintable(o.err));
    if (format == QLatin1String("pdf")) {
        const QByteArray pdf = readFile(dir.filePath(QStringLiteral("run.pdf"))); // next to the session
        QVERIFY(pdf.startsWith("%PDF-"));
        QVERIFY(pdf.size() > 10000);
        return;
    }
    // One file per chart, named after the chart, in <session>-charts/.
    const ReportCharts charts = ReportCharts::of(SessionSummary(fixture()));
    QStringList expected;
    for (const auto &d : charts.bars)
        expected << ReportCharts::fileName(d.id) + QLatin1Char('.') + format;
    for (const auto &t : charts.timelines)
        expected << ReportCharts::fileName(t.id) + QLatin1Char('.') + format;
    expected.sort();
    const QDir out(dir.filePath(QStringLiteral("run-charts")));
    QCOMPARE(out.entryList(QDir::Files, QDir::Name), expected);
    for (const QString &name : expected) {
        const QByteArray bytes = readFile(out.filePath(name));
        if (format == QLatin1String("svg"))
            QVERIFY2(bytes.contains("<svg") && bytes.contains("</svg>"), qPrintable(name));
        else
            QVERIFY2(bytes.startsWith("\x89PNG\r\n\x1a\n"), qPrintable(name));
    }
    // --out names the folder.
    const QString folder = dir.filePath(QStringLiteral("elsewhere"));
    const Output again =
        runCli({session, QStringLiteral("--format"), format, QStringLiteral("--out"), folder});
    QVERIFY2(again.exitCode == 0, qPrintable(again.err));
    QCOMPARE(QDir(folder).entryList(QDir::Files, QDir::Name), expected);
}

void TestReportCli::oneChartFile_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<bool>("formatFromOut"); // no --format: the file name's extension says it
    QTest::newRow("svg") << QStringLiteral("svg") << false;
    QTest::newRow("png") << QStringLiteral("png") << false;
    QTest::newRow("png from --out") << QStringLiteral("png") << true;
}

// --out naming one chart's file writes that chart alone, the same bytes as in the chart folder;
// a file name that names no chart is refused and creates nothing (not a folder called x.png).
void TestReportCli::oneChartFile()
{
    QFETCH(QString, format);
    QFETCH(bool, formatFromOut);
    QTemporaryDir dir;
    const QString session = copyFixture(dir);
    const ReportCharts charts = ReportCharts::of(SessionSummary(fixture()));
    QVERIFY(charts.bars.size() >= 2);
    const QString name = ReportCharts::fileName(charts.bars[1].id) + QLatin1Char('.') + format;
    const QString single = dir.filePath(QStringLiteral("one"));
    QVERIFY(QDir().mkpath(single));
    const QStringList formatArgs =
        formatFromOut ? QStringList() : QStringList{QStringLiteral("--format"), format};
    const Output o = runCli(QStringList{session} + formatArgs +
                            QStringList{QStringLiteral("--out"), QDir(single).filePath(name)});
    QVERIFY2(o.exitCode == 0, qPrintable(o.err));
    QVERIFY2(o.err.contains(QStringLiteral("wrote ") + QDir(single).filePath(name)), qPrintable(o.err));
    QCOMPARE(QDir(single).entryList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot), QStringList{name});
    // The same chart as the folder of every chart holds.
    const QString all = dir.filePath(QStringLiteral("all"));
    const Output everything =
        runCli({session, QStringLiteral("--format"), format, QStringLiteral("--out"), all});
    QVERIFY2(everything.exitCode == 0, qPrintable(everything.err));
    QCOMPARE(readFile(QDir(single).filePath(name)), readFile(QDir(all).filePath(name)));

    // x.png names no chart: refused with the names that would do, and nothing is made.
    const QString stray = dir.filePath(QStringLiteral("x.") + format);
    const Output refused =
        runCli(QStringList{session} + formatArgs + QStringList{QStringLiteral("--out"), stray});
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains(QStringLiteral("names no chart of this session")), qPrintable(refused.err));
    QVERIFY2(refused.err.contains(ReportCharts::fileName(charts.bars[0].id)), qPrintable(refused.err));
    QVERIFY(!QFileInfo::exists(stray));
}

void TestReportCli::refusals_data()
{
    QTest::addColumn<QString>("session"); // a file name in the temp dir, written from `content` unless empty
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    const QByteArray good = readFile(kFixture);
    nlohmann::json doc = nlohmann::json::parse(good.begin(), good.end(), nullptr, false);
    doc["schema"] = 99;
    const QByteArray newer = QByteArray::fromStdString(doc.dump());
    QTest::newRow("missing session") << QStringLiteral("/nonexistent/s.json") << QByteArray() << QStringList()
                                     << 1 << QStringLiteral("cannot open /nonexistent/s.json");
    QTest::newRow("cut-off session") << QStringLiteral("cut.json") << good.left(good.size() / 2)
                                     << QStringList() << 1
                                     << QStringLiteral("is not a complete JSON document");
    QTest::newRow("not a session") << QStringLiteral("other.json") << QByteArray("{\"results\": []}")
                                   << QStringList() << 1 << QStringLiteral("not a Flakeoff session");
    QTest::newRow("newer schema") << QStringLiteral("newer.json") << newer << QStringList() << 1
                                  << QStringLiteral("written by a newer Flakeoff (schema 99");
    QTest::newRow("unknown format")
        << QStringLiteral("ok.json") << good
        << QStringList{QStringLiteral("--format"), QStringLiteral("docx")} << 2
        << QStringLiteral("unknown format \"docx\" (expected one of html, md, csv, json, pdf, svg, png)");
    QTest::newRow("unknown theme") << QStringLiteral("ok.json") << good
                                   << QStringList{QStringLiteral("--theme"), QStringLiteral("pink")} << 2
                                   << QStringLiteral("unknown theme \"pink\"");
    QTest::newRow("strategy not in the session")
        << QStringLiteral("ok.json") << good
        << QStringList{QStringLiteral("--format"), QStringLiteral("md"), QStringLiteral("--strategies"),
                       QStringLiteral("monolithic,naersk")}
        << 2
        << QStringLiteral(
               "--strategies: the session has no strategy \"naersk\" (it has crane, deps-split, monolithic)");
    QTest::newRow("no session") << QString() << QByteArray()
                                << QStringList{QStringLiteral("--format"), QStringLiteral("md")} << 2
                                << QStringLiteral("expected exactly one SESSION");
    QTest::newRow("pdf to stdout") << QStringLiteral("ok.json") << good
                                   << QStringList{QStringLiteral("--format"), QStringLiteral("pdf"),
                                                  QStringLiteral("--out"), QStringLiteral("-")}
                                   << 2 << QStringLiteral("pdf cannot go to stdout");
    QTest::newRow("unwritable output")
        << QStringLiteral("ok.json") << good
        << QStringList{QStringLiteral("--format"), QStringLiteral("md"), QStringLiteral("--out"),
                       QStringLiteral("/nonexistent/dir/r.md")}
        << 4 << QStringLiteral("cannot write /nonexistent/dir/r.md");
    QTest::newRow("chart folder is a file")
        << QStringLiteral("ok.json") << good
        << QStringList{QStringLiteral("--format"), QStringLiteral("svg"), QStringLiteral("--out"),
                       QStringLiteral("@ok.json")}
        << 4 << QStringLiteral("exists and is not a folder");
    QTest::newRow("png into an svg file name")
        << QStringLiteral("ok.json") << good
        << QStringList{QStringLiteral("--format"), QStringLiteral("png"), QStringLiteral("--out"),
                       QStringLiteral("@charts.svg")}
        << 2 << QStringLiteral("charts.svg ends in .svg: png charts go into a folder");
}

void TestReportCli::refusals()
{
    QFETCH(QString, session);
    QFETCH(QByteArray, content);
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    QTemporaryDir dir;
    if (!content.isEmpty())
        session = writeFile(dir, session, content);
    for (QString &a : args)
        if (a.startsWith(QLatin1Char('@')))
            a = dir.filePath(a.mid(1));
    const Output o = runCli(session.isEmpty() ? args : QStringList{session} + args);
    QCOMPARE(o.exitCode, exitCode);
    QVERIFY2(o.err.contains(message), qPrintable(o.err));
    QVERIFY2(o.err.startsWith(QStringLiteral("flakeoff-cli report: ")) ||
                 o.err.contains(QStringLiteral("\nflakeoff-cli report: ")),
             qPrintable(o.err));
    QVERIFY(o.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestReportCli)
#include "tst_reportcli.moc"
