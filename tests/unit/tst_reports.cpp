// SPDX-License-Identifier: MIT
// The text reports of a session: Markdown, CSV and JSON against golden files written from the
// fixture session tests/data/sessions/small.json (a trimmed real run of the sample; see
// tests/data/sessions/README.md), the HTML report parsed as XML and checked against the session's
// numbers, escaping of untrusted strings, and the wording of failed, cancelled and empty sessions.
// The "Predicted rebuilds" section from tests/data/sessions/predicted.json (a real run of
// tests/data/predict/workspace with a real prediction stored in it): Markdown, HTML and JSON
// goldens, its cells against PredictionGrid, a prediction that missed a rebuild, Nix's error
// messages escaped, and a session that only predicted.
//
// Regenerate the goldens after an intended change of a format with
//   FLAKEOFF_UPDATE_GOLDEN=1 build/dev/tests/tst_reports
// and read the diff before committing it.
#include "predict/PredictionGrid.h"
#include "report/CsvReport.h"
#include "report/HtmlReport.h"
#include "report/JsonReport.h"
#include "report/LayoutOutcome.h"
#include "report/MarkdownReport.h"
#include "report/ReportCharts.h"
#include "report/ReportWording.h"
#include "report/ReportWriter.h"
#include "report/RunCostEstimate.h"
#include "report/SessionSummary.h"
#include "report/StrategyColors.h"
#include "session/BuildCount.h"
#include "session/PredictionJson.h"
#include "session/SessionStore.h"
#include "strategy/StrategyCatalog.h"
#include "unit/OutcomeRuns.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <nlohmann/json.hpp>

#include <cmath>

using namespace flakeoff;

namespace {
const QString kData = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/");
const QString kWorkspaceLayout = QStringLiteral("workspace");

Session fixture()
{
    QString error;
    auto s = SessionStore::load(kData + QStringLiteral("sessions/small.json"), &error);
    if (!s)
        qFatal("fixture session: %s", qPrintable(error));
    return *s;
}

// A real run of tests/data/predict/workspace (three offline models, app, the predict scenario)
// with a real prediction stored in it; see tests/data/sessions/README.md.
Session predictedFixture()
{
    QString error;
    auto s = SessionStore::load(kData + QStringLiteral("sessions/predicted.json"), &error);
    if (!s)
        qFatal("fixture session: %s", qPrintable(error));
    return *s;
}

StepPrediction &predictedCell(Session &s, const char *strategy, const char *step)
{
    for (auto &p : s.prediction->steps)
        if (p.strategy == QLatin1String(strategy) && p.step == QLatin1String(step))
            return p;
    qFatal("no predicted cell %s %s", strategy, step);
}

// The HTML golden does not change with the version number in its generator tag and footer.
QByteArray withoutVersion(QByteArray html)
{
    return html.replace(FLAKEOFF_VERSION, "@VERSION@");
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QString firstDifference(const QByteArray &expected, const QByteArray &actual)
{
    const QList<QByteArray> a = expected.split('\n');
    const QList<QByteArray> b = actual.split('\n');
    for (qsizetype i = 0; i < std::max(a.size(), b.size()); ++i) {
        const QByteArray l = i < a.size() ? a[i] : QByteArray("<end>");
        const QByteArray r = i < b.size() ? b[i] : QByteArray("<end>");
        if (l != r)
            return QStringLiteral("line %1:\n  golden:    %2\n  generated: %3")
                .arg(i + 1)
                .arg(QString::fromUtf8(l), QString::fromUtf8(r));
    }
    return {};
}

// RFC 4180, strictly: CRLF records, quoted fields with doubled quotes; nullopt on any violation.
std::optional<QList<QStringList>> parseCsv(const QString &text)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    bool wasQuoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                    field += c;
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
            continue;
        }
        if (c == QLatin1Char('"')) {
            if (!field.isEmpty() || wasQuoted)
                return std::nullopt; // a quote inside an unquoted field
            quoted = wasQuoted = true;
        } else if (c == QLatin1Char(',')) {
            row << field;
            field.clear();
            wasQuoted = false;
        } else if (c == QLatin1Char('\r')) {
            if (i + 1 >= text.size() || text.at(i + 1) != QLatin1Char('\n'))
                return std::nullopt; // a bare CR
            row << field;
            rows << row;
            row.clear();
            field.clear();
            wasQuoted = false;
            ++i;
        } else if (c == QLatin1Char('\n')) {
            return std::nullopt; // a bare LF outside quotes
        } else {
            if (wasQuoted)
                return std::nullopt; // text after a closing quote
            field += c;
        }
    }
    if (quoted || !field.isEmpty() || !row.isEmpty())
        return std::nullopt; // the last record must end with CRLF
    return rows;
}

// A stand-in chart renderer (the real one lives in src/render, which the core does not link): an
// SVG with the prolog and doctype a real generator writes, naming the chart it stands for.
QByteArray fakeSvg(const QString &id, const QString &title)
{
    return QByteArrayLiteral(
               "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
               "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
               "\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\" data-chart=\"") +
           HtmlReport::escape(id).toUtf8() + "\"><title>" + HtmlReport::escape(title).toUtf8() +
           "</title></svg>\n";
}

HtmlReport::Options fakeCharts()
{
    HtmlReport::Options o;
    o.barChart = [](const BarChartData &d) { return fakeSvg(d.id, d.title); };
    o.timeline = [](const TimelineData &t) { return fakeSvg(t.id, t.title); };
    return o;
}

// The HTML as XML: nullopt (with the reader's error) unless well-formed.
struct HtmlFacts
{
    QString error;
    struct Cell
    {
        QString target, step, strategy, cls;
        std::optional<double> median;
        QString text;
    };
    std::vector<Cell> summaryCells;
    std::vector<Cell>
        predictionCells; // target, step, strategy, class and data-verdict (in median's stead: none)
    QStringList predictionVerdicts; // data-verdict of each prediction cell, in order
    QStringList findings;           // the text of each li.finding
    QStringList attributeValues;
    QStringList attributeNames;
    QStringList elementNames;
    QStringList svgCharts; // data-chart of every inlined svg
    QString text;          // all character data
};

HtmlFacts parseHtml(const QByteArray &html)
{
    HtmlFacts f;
    QXmlStreamReader xml(html);
    QString target;
    QString predictionTarget;
    QString step;
    HtmlFacts::Cell *cell = nullptr;
    int cellDepth = 0;
    QString *finding = nullptr;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const QString name = xml.name().toString();
            f.elementNames << name;
            const auto attrs = xml.attributes();
            for (const auto &a : attrs) {
                f.attributeNames << a.qualifiedName().toString();
                f.attributeValues << a.value().toString();
            }
            if (name == QLatin1String("table") &&
                attrs.value(QLatin1String("class")) == QLatin1String("summary"))
                target = attrs.value(QLatin1String("data-target")).toString();
            if (name == QLatin1String("table") &&
                attrs.value(QLatin1String("class")) == QLatin1String("prediction"))
                predictionTarget = attrs.value(QLatin1String("data-target")).toString();
            if (name == QLatin1String("li") &&
                attrs.value(QLatin1String("class")) == QLatin1String("finding")) {
                f.findings << QString();
                finding = &f.findings.back();
            }
            if (name == QLatin1String("tr") && attrs.hasAttribute(QLatin1String("data-step")))
                step = attrs.value(QLatin1String("data-step")).toString();
            if (name == QLatin1String("svg"))
                f.svgCharts << attrs.value(QLatin1String("data-chart")).toString();
            if (name == QLatin1String("td") && !target.isEmpty() &&
                attrs.hasAttribute(QLatin1String("data-strategy"))) {
                HtmlFacts::Cell c{target,
                                  step,
                                  attrs.value(QLatin1String("data-strategy")).toString(),
                                  attrs.value(QLatin1String("class")).toString(),
                                  std::nullopt,
                                  QString()};
                if (attrs.hasAttribute(QLatin1String("data-median")))
                    c.median = attrs.value(QLatin1String("data-median")).toDouble();
                f.summaryCells.push_back(c);
                cell = &f.summaryCells.back();
                cellDepth = 0;
            } else if (name == QLatin1String("td") && !predictionTarget.isEmpty() &&
                       attrs.hasAttribute(QLatin1String("data-strategy"))) {
                f.predictionCells.push_back(
                    {predictionTarget, step, attrs.value(QLatin1String("data-strategy")).toString(),
                     attrs.value(QLatin1String("class")).toString(), std::nullopt, QString()});
                f.predictionVerdicts << attrs.value(QLatin1String("data-verdict")).toString();
                cell = &f.predictionCells.back();
                cellDepth = 0;
            } else if (cell) {
                ++cellDepth;
            }
        } else if (xml.isEndElement()) {
            if (xml.name() == QLatin1String("table")) {
                target.clear();
                predictionTarget.clear();
            }
            if (xml.name() == QLatin1String("li"))
                finding = nullptr;
            if (cell && cellDepth-- == 0)
                cell = nullptr;
        } else if (xml.isCharacters()) {
            f.text += xml.text();
            if (cell)
                cell->text += xml.text();
            if (finding)
                *finding += xml.text();
        }
    }
    if (xml.hasError())
        f.error = QStringLiteral("line %1, column %2: %3")
                      .arg(xml.lineNumber())
                      .arg(xml.columnNumber())
                      .arg(xml.errorString());
    return f;
}

// Every row of every Markdown table has as many cells as its header (no stray '|' from the data);
// the number of tables, or -1 with the first bad row in `bad`.
int countMarkdownTables(const QString &md, QString *bad)
{
    int tables = 0;
    qsizetype columns = -1;
    bool fenced = false;
    for (const QString &line : md.split(QLatin1Char('\n'))) {
        if (line.trimmed().startsWith(QLatin1String("```")))
            fenced = !fenced;
        if (fenced || !line.startsWith(QLatin1Char('|'))) {
            columns = -1;
            continue;
        }
        const qsizetype n = line.count(QRegularExpression(QStringLiteral("(?<!\\\\)\\|"))) - 1;
        if (columns < 0) {
            columns = n;
            ++tables;
        }
        if (n != columns) {
            *bad = line;
            return -1;
        }
    }
    return tables;
}

Measurement succeeded(const char *strategy, const char *step, int rep, double wallS)
{
    Measurement m;
    m.strategy = QString::fromLatin1(strategy);
    m.layout = QStringLiteral("workspace");
    m.target = QStringLiteral("app");
    m.step = QString::fromLatin1(step);
    m.repetition = rep;
    m.wallUs = static_cast<std::int64_t>(wallS * 1e6);
    auto report = std::make_shared<BuildReport>();
    DerivationBuild b;
    b.status = BuildStatus::Built;
    b.name = "app-0.1.0";
    b.drvPath = "/nix/store/aaaa-app-0.1.0.drv";
    b.startUs = 1000;
    b.endUs = m.wallUs;
    report->builds.push_back(b);
    report->endUs = m.wallUs;
    m.report = report;
    return m;
}

// monolithic built cold twice; deps-split's cold runs came to `outcomes` ("cancelled|succeeded";
// empty: it never ran).
Session cellSession(const QString &outcomes)
{
    Session s;
    s.scenario = *Scenario::builtin(QStringLiteral("quick"));
    s.strategies = {QStringLiteral("monolithic"), QStringLiteral("deps-split")};
    s.targets = {QStringLiteral("app")};
    s.repeat = 2;
    s.status = Session::Status::Finished;
    s.measurements = {succeeded("monolithic", "cold", 0, 10), succeeded("monolithic", "cold", 1, 12)};
    test::addOutcomeRuns(s, outcomes, [](int rep) { return succeeded("deps-split", "cold", rep, 5); });
    return s;
}
} // namespace

class TestReports : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fixtureIsTheRealShape();
    void golden_data();
    void golden();
    void markdownTables();
    void markdownEscapes_data();
    void markdownEscapes();
    void csvField_data();
    void csvField();
    void csvParsesBack();
    void jsonHyperfineShape();
    void htmlIsWellFormedAndMatchesTheSession();
    void everyFormatOfRealSessions_data();
    void everyFormatOfRealSessions();
    void htmlIsSelfContained();
    void htmlEscapesUntrustedStrings();
    void htmlCharts();
    void cellsWithoutTime_data();
    void cellsWithoutTime();
    void svgSanitized_data();
    void svgSanitized();
    void statusWording_data();
    void statusWording();
    void emptySession();
    void answer();
    void chartFileNames_data();
    void chartFileNames();
    void writerFormats();
    void writerRefusesUnwritablePath();
    void predictionFixtureIsReal();
    void skipsSaidPerStep();
    void notRunLinesGroupedByCause();
    void buildCountWording_data();
    void buildCountWording();
    void stateLine_data();
    void stateLine();
    void stepsTableSaysWhatChanged();
    void failedCellsKeepTheirExitCodes();
    void strategyColoursInHtml();
    void runCostEstimate();
    void runCostEstimateInALayout_data();
    void runCostEstimateInALayout();
    void predictionOnlyWhenTheSessionHasOne();
    void predictionHtmlMatchesTheGrid();
    void predictionFindings();
    void predictionErrorsEscaped();
    void predictionWithoutRun();
    void predictionJson();
    void layoutOutcomes();
};

void TestReports::fixtureIsTheRealShape()
{
    const Session s = fixture();
    const SessionSummary sum(s);
    QCOMPARE(s.status, Session::Status::Cancelled);
    QCOMPARE(sum.strategies(), (QStringList{QStringLiteral("deps-split"), QStringLiteral("monolithic")}));
    QCOMPARE(sum.targets(), (QStringList{QStringLiteral("app"), QStringLiteral("wasm")}));
    QCOMPARE(sum.steps(QStringLiteral("wasm")), QStringList{QStringLiteral("cold")});
    QCOMPARE(sum.measurementCount(), 16); // the warm-up is not counted
    QCOMPARE(sum.failedCount(), 2);
}

void TestReports::golden_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("generated");
    const Session s = fixture();
    const SessionSummary sum(s);
    QTest::newRow("markdown") << QStringLiteral("small.md") << MarkdownReport::write(sum);
    QTest::newRow("csv, one row per cell")
        << QStringLiteral("small.csv") << CsvReport::write(sum, CsvReport::Shape::Cells);
    QTest::newRow("csv, one row per run")
        << QStringLiteral("small.runs.csv") << CsvReport::write(sum, CsvReport::Shape::Runs);
    QTest::newRow("json") << QStringLiteral("small.json") << JsonReport::write(sum);
    const Session predicted = predictedFixture();
    const SessionSummary predictedSum(predicted);
    QTest::newRow("prediction, markdown")
        << QStringLiteral("predicted.md") << MarkdownReport::write(predictedSum);
    QTest::newRow("prediction, html")
        << QStringLiteral("predicted.html") << withoutVersion(HtmlReport::write(predictedSum));
    QTest::newRow("prediction, json") << QStringLiteral("predicted.json") << JsonReport::write(predictedSum);
}

void TestReports::golden()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, generated);
    const QString path = kData + QStringLiteral("reports/") + file;
    if (qEnvironmentVariableIsSet("FLAKEOFF_UPDATE_GOLDEN"))
        QVERIFY(writeFile(path, generated));
    const QByteArray golden = readFile(path);
    QVERIFY2(!golden.isEmpty(),
             qPrintable(path + QStringLiteral(" is missing (FLAKEOFF_UPDATE_GOLDEN=1 writes it)")));
    QVERIFY2(golden == generated, qPrintable(firstDifference(golden, generated)));
}

void TestReports::markdownTables()
{
    const Session s = fixture();
    const SessionSummary sum(s);
    const QString md = QString::fromUtf8(MarkdownReport::write(sum));
    // Every row of every table has as many cells as its header (no stray '|' from the data).
    int tables = 0;
    qsizetype columns = -1;
    for (const QString &line : md.split(QLatin1Char('\n'))) {
        if (!line.startsWith(QLatin1Char('|'))) {
            columns = -1;
            continue;
        }
        const qsizetype n = line.count(QRegularExpression(QStringLiteral("(?<!\\\\)\\|"))) - 1;
        if (columns < 0) {
            columns = n;
            ++tables;
        }
        QVERIFY2(n == columns, qPrintable(line));
    }
    QCOMPARE(tables, 5); // app and wasm times, their store costs, steps
    // The fastest of a step in bold, with hyperfine's relative 1.00; a cell without a time says why.
    QVERIFY(md.contains(QStringLiteral(
        "| cold | **deps-split** | **33.513** | 33.513 ± 0.714 | 33.009 | 34.018 | **1.00** | 3 | 2 |")));
    // A failed cell says its cause first: the derivation that failed and its builder's first error.
    QVERIFY(md.contains(QStringLiteral("| cold | monolithic | failed | — | — | — | — | — | 0 of 2 (2 "
                                       "failed): failing failed: error: something went wrong |")));
    QVERIFY(md.contains(QStringLiteral("1 of 2 (1 cancelled): cancelled by the user")));
    QVERIFY(md.contains(QStringLiteral("- **crane**: needs a network")));
}

void TestReports::markdownEscapes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("escaped");
    QTest::newRow("plain") << QStringLiteral("edit-leaf") << QStringLiteral("edit-leaf");
    QTest::newRow("table pipe") << QStringLiteral("a|b") << QStringLiteral("a\\|b");
    QTest::newRow("html") << QStringLiteral("<script>") << QStringLiteral("\\<script\\>");
    QTest::newRow("emphasis") << QStringLiteral("*x* _y_") << QStringLiteral("\\*x\\* \\_y\\_");
    QTest::newRow("underscore inside a word")
        << QStringLiteral("x86_64-linux") << QStringLiteral("x86_64-linux");
    QTest::newRow("link") << QStringLiteral("[a](b)") << QStringLiteral("\\[a\\](b)");
    QTest::newRow("line breaks") << QStringLiteral("one\ntwo\r\n") << QStringLiteral("one two  ");
    QTest::newRow("backslash and code") << QStringLiteral("\\`x`") << QStringLiteral("\\\\\\`x\\`");
}

void TestReports::markdownEscapes()
{
    QFETCH(QString, text);
    QTEST(MarkdownReport::escape(text), "escaped");
}

void TestReports::csvField_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("field");
    QTest::newRow("plain") << QStringLiteral("deps-split") << QStringLiteral("deps-split");
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("comma") << QStringLiteral("a,b") << QStringLiteral("\"a,b\"");
    QTest::newRow("quote") << QStringLiteral("say \"hi\"") << QStringLiteral("\"say \"\"hi\"\"\"");
    QTest::newRow("newline") << QStringLiteral("one\ntwo") << QStringLiteral("\"one\ntwo\"");
    QTest::newRow("carriage return") << QStringLiteral("a\rb") << QStringLiteral("\"a\rb\"");
    QTest::newRow("edge space") << QStringLiteral(" x") << QStringLiteral("\" x\"");
    QTest::newRow("semicolons stay") << QStringLiteral("1.0;2.0") << QStringLiteral("1.0;2.0");
}

void TestReports::csvField()
{
    QFETCH(QString, value);
    QTEST(CsvReport::field(value), "field");
}

void TestReports::csvParsesBack()
{
    Session s = fixture();
    // An error with every character CSV must quote (no log: the runner's error is the cause).
    for (auto &m : s.measurements)
        if (m.outcome == Measurement::Outcome::Failed) {
            m.error = QStringLiteral("line one, \"quoted\"\nline two");
            m.report.reset();
        }
    const SessionSummary sum(s);
    for (const auto shape : {CsvReport::Shape::Cells, CsvReport::Shape::Runs}) {
        const auto rows = parseCsv(QString::fromUtf8(CsvReport::write(sum, shape)));
        QVERIFY2(rows, "not RFC 4180");
        const QStringList header =
            shape == CsvReport::Shape::Cells ? CsvReport::cellColumns() : CsvReport::runColumns();
        QCOMPARE(rows->front(), header);
        for (const QStringList &row : *rows)
            QCOMPARE(row.size(), header.size());
        const qsizetype errorColumn = header.indexOf(QStringLiteral("error"));
        bool sawError = false;
        for (const QStringList &row : *rows)
            sawError = sawError || row[errorColumn] == QStringLiteral("line one, \"quoted\"\nline two");
        QVERIFY(sawError);
        if (shape == CsvReport::Shape::Runs) {
            QCOMPARE(rows->size() - 1, static_cast<qsizetype>(s.measurements.size())); // warm-ups included
            continue;
        }
        QCOMPARE(rows->size() - 1, static_cast<qsizetype>(sum.cells().size()));
        // Statistics and raw times against the summary, cell by cell.
        for (qsizetype i = 1; i < rows->size(); ++i) {
            const QStringList &row = rows->at(i);
            auto col = [&](const char *name) { return row[header.indexOf(QString::fromLatin1(name))]; };
            const CellSummary *c = sum.cell(col("strategy"), col("target"), col("step"));
            QVERIFY(c);
            if (!c->hasTime()) {
                QVERIFY(col("median_s").isEmpty()); // no time is not 0
                QVERIFY(col("times_s").isEmpty());
                continue;
            }
            QVERIFY(std::abs(col("median_s").toDouble() - c->wallS.median) < 1e-6);
            QVERIFY(std::abs(col("stddev_s").toDouble() - c->wallS.stddev) < 1e-6);
            const QStringList times = col("times_s").split(QLatin1Char(';'));
            QCOMPARE(times.size(), static_cast<qsizetype>(c->wallTimesS.size()));
            for (qsizetype t = 0; t < times.size(); ++t)
                QCOMPARE(times[t].toDouble(), c->wallTimesS[static_cast<std::size_t>(t)]);
            QCOMPARE(col("fastest") == QLatin1String("true"), c->fastest);
        }
    }
}

void TestReports::jsonHyperfineShape()
{
    const Session s = fixture();
    const SessionSummary sum(s);
    const QByteArray bytes = JsonReport::write(sum);
    const auto j = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
    QVERIFY(!j.is_discarded());
    QVERIFY(j["results"].is_array());
    // hyperfine's fields, with hyperfine's types, for every timed cell.
    std::size_t timed = 0;
    for (const auto &c : sum.cells())
        timed += c.hasTime() ? 1 : 0;
    QCOMPARE(j["results"].size(), timed);
    for (const auto &r : j["results"]) {
        QVERIFY(r["command"].is_string());
        for (const char *key : {"mean", "median", "user", "system", "min", "max"})
            QVERIFY2(r[key].is_number(), key);
        QVERIFY(r["stddev"].is_number() || r["stddev"].is_null());
        QVERIFY(r["times"].is_array() && !r["times"].empty());
        QCOMPARE(r["times"].size(), r["exit_codes"].size());
        const CellSummary *c =
            sum.cell(QString::fromStdString(r["parameters"]["strategy"].get<std::string>()),
                     QString::fromStdString(r["parameters"]["target"].get<std::string>()),
                     QString::fromStdString(r["parameters"]["step"].get<std::string>()));
        QVERIFY(c);
        QCOMPARE(QString::fromStdString(r["command"].get<std::string>()),
                 QString(c->strategy + QLatin1Char(' ') + c->target + QLatin1Char(' ') + c->step));
        QVERIFY(std::abs(r["median"].get<double>() - c->wallS.median) < 1e-6);
        QVERIFY(std::abs(r["mean"].get<double>() - c->wallS.mean) < 1e-6);
        QCOMPARE(r["measurements"].size(), c->runs.size()); // every run, failed ones too
        QCOMPARE(r["fastest"].get<bool>(), c->fastest);
    }
    // The failed cell is kept apart, with its error, and null statistics.
    QCOMPARE(j["results_without_time"].size(), std::size_t(1));
    const auto &failed = j["results_without_time"][0];
    QCOMPARE(failed["command"].get<std::string>(), std::string("monolithic wasm cold"));
    QVERIFY(failed["mean"].is_null());
    QCOMPARE(failed["failed"].get<int>(), 2);
    // The cell's error is its cause; each run keeps Nix's whole message.
    QCOMPARE(failed["error"].get<std::string>(), std::string("failing failed: error: something went wrong"));
    QVERIFY(failed["measurements"][0]["error"].get<std::string>().find("failed with exit code 2") !=
            std::string::npos);
    QCOMPARE(j["session"]["status"].get<std::string>(), std::string("cancelled"));
    QVERIFY(j["session"]["warning"].get<std::string>().find("cancelled") != std::string::npos);
    QCOMPARE(j["session"]["skipped"]["crane"].get<std::string>().substr(0, 15),
             std::string("needs a network"));
    QCOMPARE(j["environment"]["nix_version"].get<std::string>(), std::string("nix (Nix) 2.8.0"));
}

void TestReports::htmlIsWellFormedAndMatchesTheSession()
{
    const Session s = fixture();
    const SessionSummary sum(s);
    const HtmlFacts f = parseHtml(HtmlReport::write(sum, fakeCharts()));
    QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
    // One summary cell per strategy and measured step of each target, each with the cell's median.
    std::size_t expected = 0;
    for (const QString &target : sum.targets())
        expected += static_cast<std::size_t>(sum.steps(target).size() * sum.strategies().size());
    QCOMPARE(f.summaryCells.size(), expected);
    int fastest = 0;
    for (const auto &cell : f.summaryCells) {
        const CellSummary *c = sum.cell(cell.strategy, cell.target, cell.step);
        QVERIFY(c);
        const QString where = cell.strategy + QLatin1Char('/') + cell.target + QLatin1Char('/') + cell.step;
        if (c->hasTime()) {
            QVERIFY2(cell.median && std::abs(*cell.median - c->wallS.median) < 1e-6, qPrintable(where));
            QVERIFY2(cell.text.contains(ChartDataBuilder::formatSeconds(c->wallS.median)),
                     qPrintable(where + cell.text));
        } else {
            QVERIFY(!cell.median);
            QVERIFY2(cell.cls.contains(QLatin1String("failed")) &&
                         cell.text.contains(QLatin1String("failed")),
                     qPrintable(where));
        }
        QCOMPARE(cell.cls.contains(QLatin1String("fastest")), ReportWording::wins(sum, *c));
        QCOMPARE(ReportWording::wins(sum, *c), c->fastest); // every step of the fixture has two contestants
        if (c->fastest) {
            ++fastest;
            QVERIFY(cell.text.contains(QStringLiteral("fastest")));
        } else if (c->relative) {
            QVERIFY2(cell.text.contains(QStringLiteral("×") + ReportWording::relative(*c)),
                     qPrintable(cell.text));
        }
    }
    // Only app's cold build has a winner with evidence: noop is a tie, monolithic's edit-leaf has
    // one run, and wasm's cold build has one strategy with a time.
    QCOMPARE(fastest, 1);
    // Order: the answer first, then charts, numbers, details, environment.
    const qsizetype answer = f.text.indexOf(QStringLiteral("The answer"));
    const qsizetype charts = f.text.indexOf(QStringLiteral("Charts"), answer);
    const qsizetype details = f.text.indexOf(QStringLiteral("Per strategy"), charts);
    const qsizetype environment = f.text.indexOf(QStringLiteral("Environment"), details);
    QVERIFY(answer >= 0 && charts > answer && details > charts && environment > details);
    // Details: the failing derivation's last log lines, the environment's facts.
    QVERIFY(f.text.contains(QStringLiteral("error: something went wrong")));
    QVERIFY(f.text.contains(QStringLiteral("nix (Nix) 2.8.0")));
    QVERIFY(f.text.contains(QStringLiteral("2 measured runs per cell, after 1 warm-up run")));
}

void TestReports::everyFormatOfRealSessions_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("sample, cancelled (small.json)") << QStringLiteral("sessions/small.json");
    // The GUI's fixture: three offline models on a tiny workspace, each with one broken build.
    QTest::newRow("tiny workspace, finished, failures") << QStringLiteral("gui/sessions/tiny-quick.json");
    QTest::newRow("predict workspace, with its prediction") << QStringLiteral("sessions/predicted.json");
}

void TestReports::everyFormatOfRealSessions()
{
    QFETCH(QString, file);
    QString error;
    const auto s = SessionStore::load(kData + file, &error);
    QVERIFY2(s, qPrintable(error));
    const SessionSummary sum(*s);
    QVERIFY(!sum.cells().empty());

    const HtmlFacts f = parseHtml(HtmlReport::write(sum, fakeCharts()));
    QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
    for (const auto &cell : f.summaryCells) {
        const CellSummary *c = sum.cell(cell.strategy, cell.target, cell.step);
        if (!c) { // a step a strategy never ran (per-crate's break-eval in predicted.json)
            QVERIFY2(cell.cls.contains(QLatin1String("none")) &&
                         cell.text.contains(QLatin1String("not measured")),
                     qPrintable(cell.text));
            continue;
        }
        QCOMPARE(cell.median.has_value(), c->hasTime());
        if (c->hasTime())
            QVERIFY(std::abs(*cell.median - c->wallS.median) < 1e-6);
    }
    // Every failed run in the details, with the last lines of what failed.
    for (const auto &m : s->measurements)
        if (m.outcome == Measurement::Outcome::Failed)
            QVERIFY2(f.text.contains(m.error), qPrintable(m.error));

    const auto cells = parseCsv(QString::fromUtf8(CsvReport::write(sum)));
    QVERIFY(cells && cells->size() == static_cast<qsizetype>(sum.cells().size()) + 1);
    const auto runs = parseCsv(QString::fromUtf8(CsvReport::write(sum, CsvReport::Shape::Runs)));
    QVERIFY(runs && runs->size() == static_cast<qsizetype>(s->measurements.size()) + 1);
    const QByteArray json = JsonReport::write(sum);
    const auto j = nlohmann::json::parse(json.begin(), json.end(), nullptr, false);
    QVERIFY(!j.is_discarded());
    QCOMPARE(j["results"].size() + j["results_without_time"].size(), sum.cells().size());
    const QString md = QString::fromUtf8(MarkdownReport::write(sum));
    for (const QString &target : sum.targets())
        QVERIFY(md.contains(QStringLiteral("## ") + target + QLatin1Char('\n')));
}

void TestReports::htmlIsSelfContained()
{
    const Session s = fixture();
    const SessionSummary sum(s);
    const QByteArray html = HtmlReport::write(sum, fakeCharts());
    const HtmlFacts f = parseHtml(html);
    QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
    // Nothing is fetched: no script, no stylesheet link, no image or frame, no URL in any attribute
    // (namespace declarations of inline SVG are names, not fetches, and are not attributes here).
    for (const char *element : {"script", "link", "img", "iframe", "object", "embed", "image", "use"})
        QVERIFY2(!f.elementNames.contains(QString::fromLatin1(element)), element);
    QVERIFY(!f.attributeNames.contains(QStringLiteral("src")));
    for (const QString &name : f.attributeNames)
        QVERIFY2(!name.startsWith(QLatin1String("on")), qPrintable(name));
    for (const QString &v : f.attributeValues)
        QVERIFY2(!v.contains(QLatin1String("://")) && !v.startsWith(QLatin1String("javascript:")),
                 qPrintable(v));
    // The raw text: the only URLs are the inline SVGs' namespace names.
    QString rest = QString::fromUtf8(html);
    rest.remove(QRegularExpression(QStringLiteral("xmlns(:\\w+)?=\"http://www\\.w3\\.org/[^\"]*\"")));
    rest.remove(
        QRegularExpression(QStringLiteral("<!DOCTYPE svg[^>]*>"))); // only in the stand-in renderer's prolog
    QVERIFY2(!rest.contains(QLatin1String("http://")) && !rest.contains(QLatin1String("https://")),
             qPrintable(rest.mid(rest.indexOf(QLatin1String("http")) - 80, 160)));
    QVERIFY(!rest.contains(QLatin1String("url(")) && !rest.contains(QLatin1String("@import")));
    // Light and dark themes and a print stylesheet.
    QVERIFY(rest.contains(QLatin1String("prefers-color-scheme: dark")));
    QVERIFY(rest.contains(QLatin1String("@media print")));
}

void TestReports::htmlEscapesUntrustedStrings()
{
    Session s = fixture();
    const QString evilName = QStringLiteral("<script>alert(1)</script>");
    const QString evilLine = QStringLiteral("</pre><img src=x onerror=alert(2)>");
    for (auto &m : s.measurements) {
        if (!m.report)
            continue;
        auto report = std::make_shared<BuildReport>(*m.report);
        for (auto &b : report->builds) {
            b.name = evilName.toStdString();
            b.lastLines.push_back(evilLine.toStdString());
        }
        m.report = report;
        if (m.outcome == Measurement::Outcome::Failed)
            m.error = QStringLiteral("\"quoted\" & <b>bold</b> \x01 control");
    }
    s.statusText = QStringLiteral("<iframe src=\"https://example.com\">");
    s.skipped[QStringLiteral("crane")] = QStringLiteral("<a href='https://example.com'>x</a>");
    const SessionSummary sum(s);
    const QByteArray html = HtmlReport::write(sum, fakeCharts());
    const HtmlFacts f = parseHtml(html);
    QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
    for (const char *element : {"script", "img", "iframe"})
        QVERIFY2(!f.elementNames.contains(QString::fromLatin1(element)), element);
    for (const QString &v : f.attributeValues)
        QVERIFY2(!v.contains(QLatin1String("example.com")), qPrintable(v));
    QVERIFY(!html.contains("<script>"));
    QVERIFY(!html.contains("<img"));
    QVERIFY(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    QVERIFY(html.contains("&lt;/pre&gt;&lt;img src=x onerror=alert(2)&gt;"));
    QVERIFY(html.contains(
        "&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt; \xef\xbf\xbd control")); // U+0001 → U+FFFD
    // The text a reader sees is the original, character for character.
    QVERIFY(f.text.contains(evilName));
    QVERIFY(f.text.contains(evilLine));
}

void TestReports::htmlCharts()
{
    const Session s = fixture();
    const SessionSummary sum(s);
    const ReportCharts charts = ReportCharts::of(sum);
    // app: rebuild cost, derivations, store; wasm: the same (monolithic's failed bar still counts).
    QCOMPARE(charts.bars.size(), std::size_t(6));
    // Cold builds: deps-split app and wasm, monolithic app and its failed wasm build.
    QCOMPARE(charts.timelines.size(), std::size_t(4));
    for (const auto &t : charts.timelines)
        QVERIFY(t.id.startsWith(QLatin1String("timeline-")));

    // Without a renderer: said plainly, the rest of the report intact.
    const HtmlFacts plain = parseHtml(HtmlReport::write(sum));
    QVERIFY2(plain.error.isEmpty(), qPrintable(plain.error));
    QVERIFY(plain.text.contains(QStringLiteral("Charts not rendered")));
    QVERIFY(plain.svgCharts.isEmpty());
    QVERIFY(!plain.summaryCells.empty());

    // With one: every chart inlined once, in order, its prolog and doctype dropped.
    const QByteArray html = HtmlReport::write(sum, fakeCharts());
    const HtmlFacts drawn = parseHtml(html);
    QVERIFY2(drawn.error.isEmpty(), qPrintable(drawn.error));
    QStringList ids;
    for (const auto &d : charts.bars)
        ids << d.id;
    for (const auto &t : charts.timelines)
        ids << t.id;
    QCOMPARE(drawn.svgCharts, ids);
    QVERIFY(!html.contains("<?xml"));
    QVERIFY(!html.contains("<!DOCTYPE svg"));
    QVERIFY(!drawn.text.contains(QStringLiteral("Charts not rendered")));

    // A renderer that fails for one chart: that chart says so, the others are drawn.
    HtmlReport::Options failing = fakeCharts();
    failing.barChart = [](const BarChartData &d) {
        return d.id.startsWith(QLatin1String("store")) ? QByteArray() : fakeSvg(d.id, d.title);
    };
    const HtmlFacts partial = parseHtml(HtmlReport::write(sum, failing));
    QVERIFY2(partial.error.isEmpty(), qPrintable(partial.error));
    QCOMPARE(partial.svgCharts.size(), ids.size() - 2);
    QVERIFY(partial.text.contains(QStringLiteral("could not be rendered")));
}

void TestReports::cellsWithoutTime_data()
{
    QTest::addColumn<QString>("outcomes");  // deps-split's cold runs
    QTest::addColumn<QString>("mdRow");     // the start of its Markdown row ("": no row)
    QTest::addColumn<QString>("word");      // what stands for its time, in both tables ("": a time)
    QTest::addColumn<QString>("htmlClass"); // its cell in the HTML answer table
    QTest::addColumn<QString>("runs");
    QTest::newRow("every run cancelled") << "cancelled|cancelled"
                                         << "| cold | deps-split | cancelled |"
                                         << "cancelled"
                                         << "cell cancelled"
                                         << "0 of 2 (2 cancelled)";
    // One succeeded run against monolithic's two: quickest, but no winner.
    QTest::newRow("some cancelled, some succeeded") << "succeeded|cancelled"
                                                    << "| cold | deps-split | 5.000 |"
                                                    << ""
                                                    << "cell"
                                                    << "1 of 2 (1 cancelled)";
    QTest::newRow("every run failed") << "failed|failed"
                                      << "| cold | deps-split | failed |"
                                      << "failed"
                                      << "cell failed"
                                      << "0 of 2 (2 failed)";
    QTest::newRow("none run") << ""
                              << ""
                              << ""
                              << "cell none"
                              << "";
}

// A cell without a time is worded the same in the Markdown and HTML tables, and its chart is
// drawn (placeholder) or left out (nothing ran) to match.
void TestReports::cellsWithoutTime()
{
    QFETCH(QString, outcomes);
    QFETCH(QString, mdRow);
    QFETCH(QString, word);
    QFETCH(QString, htmlClass);
    QFETCH(QString, runs);
    const Session s = cellSession(outcomes);
    const SessionSummary sum(s);

    const QString md = QString::fromUtf8(MarkdownReport::write(sum));
    QCOMPARE(md.contains(QStringLiteral("deps-split")), !outcomes.isEmpty());
    if (!mdRow.isEmpty()) {
        QVERIFY2(md.contains(mdRow), qPrintable(md));
        QVERIFY2(md.contains(runs), qPrintable(md));
    }

    const HtmlFacts f = parseHtml(HtmlReport::write(sum, fakeCharts()));
    QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
    const auto cell =
        std::find_if(f.summaryCells.begin(), f.summaryCells.end(),
                     [](const HtmlFacts::Cell &c) { return c.strategy == QLatin1String("deps-split"); });
    QVERIFY(cell != f.summaryCells.end());
    QCOMPARE(cell->cls, htmlClass);
    if (outcomes.isEmpty())
        QVERIFY2(cell->text.contains(QStringLiteral("not measured")), qPrintable(cell->text));
    if (!word.isEmpty()) {
        QVERIFY2(cell->text.contains(word), qPrintable(cell->text));
        QVERIFY2(cell->text.contains(runs), qPrintable(cell->text));
        QVERIFY(!cell->median);
    } else {
        QCOMPARE(cell->median.has_value(), !outcomes.isEmpty());
    }
    // The rebuild-cost chart is drawn in each case (monolithic has a time), the cell a value
    // (bar or placeholder) whenever it ran.
    const ReportCharts charts = ReportCharts::of(sum);
    QVERIFY(!charts.bars.empty());
    QCOMPARE(charts.bars.front().id, QStringLiteral("rebuild-cost-app"));
    const auto &value = charts.bars.front().series.at(1).values.at(0);
    QCOMPARE(value.has_value(), !outcomes.isEmpty());
    if (value)
        QCOMPARE(value->cancelled, word == QLatin1String("cancelled"));
}

void TestReports::svgSanitized_data()
{
    QTest::addColumn<QByteArray>("svg");
    QTest::addColumn<QByteArray>("inlined"); // empty: refused
    QTest::newRow("prolog and tail dropped")
        << QByteArray("<?xml version=\"1.0\"?>\n<!-- c --><svg a=\"1\"><g/></svg>\n<!-- tail -->")
        << QByteArray("<svg a=\"1\"><g/></svg>");
    QTest::newRow("namespaces kept")
        << QByteArray(
               "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"/>")
        << QByteArray(
               "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"/>");
    QTest::newRow("an unescaped title's markup becomes text or goes")
        << QByteArray("<svg><title>a<script>alert(1)</script> &amp; b</title></svg>")
        << QByteArray("<svg><title>a &amp; b</title></svg>");
    QTest::newRow("script and foreignObject dropped")
        << QByteArray("<svg><script>x()</script><foreignObject><div>x</div></foreignObject><rect/></svg>")
        << QByteArray("<svg><rect/></svg>");
    QTest::newRow("event handlers dropped")
        << QByteArray("<svg onload=\"x()\"><rect ONCLICK=\"y()\" width=\"2\"/></svg>")
        << QByteArray("<svg><rect width=\"2\"/></svg>");
    QTest::newRow("internal references kept")
        << QByteArray("<svg xmlns:xlink=\"http://www.w3.org/1999/xlink\"><use xlink:href=\"#a\"/><rect "
                      "fill=\"url(#g)\"/>"
                      "<image href=\"data:image/png;base64,AAAA\"/></svg>")
        << QByteArray("<svg xmlns:xlink=\"http://www.w3.org/1999/xlink\"><use xlink:href=\"#a\"/><rect "
                      "fill=\"url(#g)\"/>"
                      "<image href=\"data:image/png;base64,AAAA\"/></svg>");
    QTest::newRow("external references dropped")
        << QByteArray("<svg xmlns:xlink=\"http://www.w3.org/1999/xlink\"><image "
                      "href=\"https://x.org/a.png\"/><a xlink:href=\"javascript:x()\"/>"
                      "<rect style=\"fill:url(http://x.org/p)\" fill=\"url('x.svg#p')\"/><use "
                      "href=\"other.svg#a\"/></svg>")
        << QByteArray("<svg xmlns:xlink=\"http://www.w3.org/1999/xlink\"><image/><a/><rect/><use/></svg>");
    QTest::newRow("undeclared prefix: refused")
        << QByteArray("<svg><use xlink:href=\"#a\"/></svg>") << QByteArray();
    QTest::newRow("not well-formed: refused")
        << QByteArray("<svg><title><img src=x onerror=alert(2)></title></svg>") << QByteArray();
    QTest::newRow("no svg: refused") << QByteArray("<html></html>") << QByteArray();
}

void TestReports::svgSanitized()
{
    QFETCH(QByteArray, svg);
    QTEST(HtmlReport::inlineSvg(svg), "inlined");
}

void TestReports::statusWording_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("why");
    QTest::addColumn<QString>("sentence"); // empty: no warning at all
    QTest::newRow("finished") << int(Session::Status::Finished) << QString() << QString();
    QTest::newRow("failed") << int(Session::Status::Failed)
                            << QStringLiteral("the scratch copy could not be made")
                            << QStringLiteral("This session failed: the scratch copy could not be made. What "
                                              "follows is what was measured before it stopped (16 builds).");
    QTest::newRow("cancelled") << int(Session::Status::Cancelled) << QString()
                               << QStringLiteral("This session was cancelled. What follows is what was "
                                                 "measured before it stopped (16 builds).");
    QTest::newRow("never finished")
        << int(Session::Status::Running) << QString()
        << QStringLiteral(
               "This session never finished (it was still running when saved, or its run was killed). "
               "What follows is what was measured before it stopped (16 builds).");
}

void TestReports::statusWording()
{
    QFETCH(int, status);
    QFETCH(QString, why);
    QFETCH(QString, sentence);
    Session s = fixture();
    s.status = static_cast<Session::Status>(status);
    s.statusText = why;
    const SessionSummary sum(s);
    QCOMPARE(ReportWording::statusWarning(sum), sentence);
    const QString md = QString::fromUtf8(MarkdownReport::write(sum));
    const QByteArray html = HtmlReport::write(sum);
    const HtmlFacts f = parseHtml(html);
    QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
    if (sentence.isEmpty()) {
        QVERIFY(!md.contains(QStringLiteral("Warning")));
        QVERIFY(!html.contains("id=\"status\""));
        return;
    }
    // Right under the title, before any table.
    const qsizetype warning =
        md.indexOf(QStringLiteral("> **Warning:** ") + MarkdownReport::escape(sentence));
    QVERIFY(warning > 0 && warning < md.indexOf(QLatin1Char('|')));
    const qsizetype banner = html.indexOf("id=\"status\"");
    QVERIFY(banner > 0 && banner < html.indexOf("<table"));
    QVERIFY(f.text.contains(sentence));
    // Still shows what was measured.
    QVERIFY(!f.summaryCells.empty());
}

void TestReports::emptySession()
{
    Session s;
    s.scenario = *Scenario::builtin(QStringLiteral("quick"));
    s.status = Session::Status::Failed;
    s.statusText = QStringLiteral("nix is not installed");
    const SessionSummary sum(s);
    QCOMPARE(ReportWording::statusWarning(sum),
             QStringLiteral(
                 "This session failed: nix is not installed. No build was measured before it stopped."));
    const QString md = QString::fromUtf8(MarkdownReport::write(sum));
    QVERIFY(md.contains(QStringLiteral("No build was measured in this session.")));
    QVERIFY(!md.contains(QLatin1String("| Step | Strategy")));
    const auto csv = parseCsv(QString::fromUtf8(CsvReport::write(sum)));
    QVERIFY(csv && csv->size() == 1); // the header only
    const QByteArray json = JsonReport::write(sum);
    const auto j = nlohmann::json::parse(json.begin(), json.end(), nullptr, false);
    QVERIFY(!j.is_discarded() && j["results"].empty() && j["results_without_time"].empty());
    const HtmlFacts f = parseHtml(HtmlReport::write(sum, fakeCharts()));
    QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
    QVERIFY(f.text.contains(QStringLiteral("No build was measured in this session.")));
    QVERIFY(f.text.contains(QStringLiteral("No chart: nothing was measured.")));
    QVERIFY(f.summaryCells.empty());
}

void TestReports::answer()
{
    const Session s = fixture();
    const SessionSummary sum(s);
    QCOMPARE(
        ReportWording::answer(sum, QStringLiteral("app")),
        QStringLiteral(
            "After edits, deps-split had the lowest total for app: 6.09 s (the medians of 2 incremental "
            "steps summed), "
            "against monolithic 4 min 0.4 s (×39.5); no step's difference is distinguishable from noise, so "
            "none is crowned.\n"
            "The cold build of app was fastest with deps-split (33.5 s); monolithic 4 min 17.6 s (×7.69)."));
    QCOMPARE(
        ReportWording::answer(sum, QStringLiteral("wasm")),
        QStringLiteral("The cold build of wasm succeeded only with deps-split (41.8 s); monolithic failed."));

    // A step every strategy failed cannot tell them apart: left out of the sums, and said so.
    QString error;
    const auto tiny = SessionStore::load(kData + QStringLiteral("gui/sessions/tiny-quick.json"), &error);
    QVERIFY2(tiny, qPrintable(error));
    const QStringList lines =
        ReportWording::answer(SessionSummary(*tiny), QStringLiteral("app")).split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 3);
    QVERIFY2(
        lines[0].startsWith(QStringLiteral(
            "After edits, per-crate had the lowest total for app: 811 ms (the medians of 2 incremental")),
        qPrintable(lines[0]));
    QCOMPARE(lines[1], QStringLiteral("Left out: break-build, where no strategy's build succeeded."));

    // A strategy without a time in some incremental step is not summed, and the answer says why;
    // a strategy alone in a step took it, it did not win it.
    Session t;
    t.scenario = *Scenario::builtin(QStringLiteral("quick"));
    t.measurements = {succeeded("a", "cold", 0, 10), succeeded("a", "noop", 0, 1),
                      succeeded("a", "edit-leaf", 0, 2), succeeded("b", "noop", 0, 0.5)};
    const SessionSummary partial(t);
    QCOMPARE(ReportWording::answer(partial, QStringLiteral("app")),
             QStringLiteral("After edits, a rebuilt app in 3.00 s in total (the medians of 2 incremental "
                            "steps summed); no other "
                            "strategy has a time for every one of them.\nNot comparable over the scenario: b "
                            "(edit-leaf not measured).\n"
                            "The cold build of app took 10.0 s with a, the only strategy measured."));
    // b's one noop run is quicker than a's one run, but one run each is no evidence: no winner.
    const CellSummary *quick =
        partial.cell(QStringLiteral("b"), QStringLiteral("app"), QStringLiteral("noop"));
    QVERIFY(quick->quickest && !quick->fastest && !ReportWording::wins(partial, *quick));
    QCOMPARE(ReportWording::verdict(*quick),
             QStringLiteral("lowest median, not distinguishable (one run each)"));
    const CellSummary *alone =
        partial.cell(QStringLiteral("a"), QStringLiteral("app"), QStringLiteral("edit-leaf"));
    QVERIFY(alone->quickest && !alone->fastest && !ReportWording::wins(partial, *alone));
    QCOMPARE(ReportWording::verdict(*alone), QStringLiteral("only one measured"));
    const HtmlFacts f = parseHtml(HtmlReport::write(partial));
    QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
    for (const auto &cell : f.summaryCells)
        if (cell.step != QLatin1String("noop"))
            QVERIFY2(!cell.cls.contains(QLatin1String("fastest")) &&
                         !cell.text.contains(QLatin1String("fastest")),
                     qPrintable(cell.text));
    t.measurements.pop_back();
    QCOMPARE(
        ReportWording::answer(SessionSummary(t), QStringLiteral("app")),
        QStringLiteral(
            "After edits, a rebuilt app in 3.00 s in total (the medians of 2 incremental steps summed); it "
            "is the only "
            "strategy measured.\nThe cold build of app took 10.0 s with a, the only strategy measured."));
}

void TestReports::chartFileNames_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("name");
    QTest::newRow("plain") << QStringLiteral("rebuild-cost-app") << QStringLiteral("rebuild-cost-app");
    QTest::newRow("a directory") << QStringLiteral("../../etc/x") << QStringLiteral("_._.._etc_x");
    QTest::newRow("hidden") << QStringLiteral(".x") << QStringLiteral("_x");
    QTest::newRow("spaces and unicode")
        << QStringLiteral("store cost — app") << QStringLiteral("store_cost___app");
    QTest::newRow("empty") << QString() << QStringLiteral("chart");
}

void TestReports::chartFileNames()
{
    QFETCH(QString, id);
    QTEST(ReportCharts::fileName(id), "name");
}

void TestReports::writerFormats()
{
    for (const QString &name : ReportWriter::formatNames()) {
        const auto f = ReportWriter::formatFromName(name);
        QVERIFY(f);
        QCOMPARE(ReportWriter::formatName(*f), name);
    }
    QCOMPARE(ReportWriter::formatFromName(QStringLiteral("Markdown")), ReportWriter::Format::Markdown);
    QCOMPARE(ReportWriter::formatFromName(QStringLiteral("HTM")), ReportWriter::Format::Html);
    QVERIFY(!ReportWriter::formatFromName(QStringLiteral("docx")));
    const Session s = fixture();
    const SessionSummary sum(s);
    ReportWriter::Options options;
    QCOMPARE(ReportWriter::text(ReportWriter::Format::Markdown, sum, options), MarkdownReport::write(sum));
    QVERIFY(ReportWriter::text(ReportWriter::Format::Pdf, sum, options).isEmpty());
    options.csvShape = CsvReport::Shape::Runs;
    QCOMPARE(ReportWriter::text(ReportWriter::Format::Csv, sum, options),
             CsvReport::write(sum, CsvReport::Shape::Runs));
}

void TestReports::writerRefusesUnwritablePath()
{
    QTemporaryDir dir;
    QString error;
    QVERIFY(ReportWriter::save(dir.filePath(QStringLiteral("r.md")), "x", &error));
    QVERIFY(!ReportWriter::save(dir.filePath(QStringLiteral("missing/r.md")), "x", &error));
    QVERIFY2(error.startsWith(QStringLiteral("cannot write ") + dir.filePath(QStringLiteral("missing/r.md"))),
             qPrintable(error));
}

void TestReports::predictionFixtureIsReal()
{
    const Session s = predictedFixture();
    QVERIFY(s.prediction);
    const PredictionGrid grid = PredictionGrid::of(s);
    QCOMPARE(grid.strategies(), (QStringList{QStringLiteral("monolithic"), QStringLiteral("deps-split"),
                                             QStringLiteral("per-crate")}));
    QCOMPARE(grid.targets(), QStringList{QStringLiteral("app")});
    QCOMPARE(grid.steps().size(), 8);
    QCOMPARE(s.prediction->steps.size(), std::size_t(24));
    // The run matched every prediction it could build; each model's break-eval step could not be
    // evaluated (monolithic and deps-split: Nix's TOML error; per-crate: its generate step's cargo
    // error), and the run failed there too, except per-crate, whose run skipped it.
    std::map<StepComparison::Verdict, int> verdicts;
    for (const auto &c : grid.comparison().steps)
        ++verdicts[c.verdict];
    QCOMPARE(verdicts[StepComparison::Verdict::Match], 21);
    QCOMPARE(verdicts[StepComparison::Verdict::BothFailed], 2);
    QCOMPARE(verdicts[StepComparison::Verdict::NotRun], 1);
    QCOMPARE(grid.comparison().steps.size(), std::size_t(24));
    QVERIFY(grid.findings().isEmpty());
    QCOMPARE(grid.agreementText(), QStringLiteral("23 of 23 measured cells as predicted"));
    const StepPrediction *broken =
        s.prediction->find(QStringLiteral("monolithic"), QStringLiteral("break-eval"), QStringLiteral("app"));
    QVERIFY(broken && !broken->ok);
    QVERIFY2(broken->error.startsWith(QLatin1String("error: while parsing a TOML string")),
             qPrintable(broken->error));
}

// per-crate ran seven steps, then its generate step failed at break-eval: every format says so per
// step ("per-crate: break-eval not run (generate failed)"), none calls per-crate skipped.
void TestReports::skipsSaidPerStep()
{
    const Session s = predictedFixture();
    const SessionSummary sum(s);
    QCOMPARE(sum.notRun().size(), std::size_t(1));
    const NotRun &n = sum.notRun().front();
    QCOMPARE(n.strategy, QStringLiteral("per-crate"));
    QCOMPARE(n.steps, QStringList{QStringLiteral("break-eval")});
    QVERIFY(!n.whole);
    const QString line = QStringLiteral("per-crate: break-eval not run (generate failed)");
    QCOMPARE(NotRunSteps::sentence(n), line);
    QVERIFY(sum.notRun(QStringLiteral("per-crate"), QStringLiteral("break-eval")));
    QVERIFY(!sum.notRun(QStringLiteral("per-crate"), QStringLiteral("cold")));
    QVERIFY(!sum.notRun(QStringLiteral("monolithic"), QStringLiteral("break-eval")));

    const QString md = QString::fromUtf8(MarkdownReport::write(sum));
    QVERIFY2(md.contains(QStringLiteral("- **per-crate**: break-eval not run (generate failed)")),
             qPrintable(md));
    QVERIFY(md.contains(QStringLiteral("| break-eval | per-crate | not run |")));
    QVERIFY(!md.contains(QStringLiteral("Skipped strategies")));
    const QString html = QString::fromUtf8(HtmlReport::write(sum));
    QVERIFY(html.contains(line));
    QVERIFY(html.contains(QStringLiteral("not measured (generate failed)")));
    QVERIFY(!html.contains(QStringLiteral("Not measured here")));
    const QByteArray jsonText = JsonReport::write(sum);
    const auto j = nlohmann::json::parse(jsonText.begin(), jsonText.end(), nullptr, false);
    QCOMPARE(j["session"]["not_run"].size(), std::size_t(1));
    QCOMPARE(j["session"]["not_run"][0]["text"].get<std::string>(), line.toStdString());
    QCOMPARE(j["session"]["not_run"][0]["cause"].get<std::string>(), std::string("generate failed"));
    QCOMPARE(j["session"]["not_run"][0]["steps"][0].get<std::string>(), std::string("break-eval"));

    // A strategy that ran no step at all is "not run" as a whole, with its reason.
    Session whole = fixture();
    const SessionSummary wsum(whole);
    QCOMPARE(wsum.notRun().size(), std::size_t(1));
    QVERIFY(wsum.notRun().front().whole);
    QVERIFY(NotRunSteps::sentence(wsum.notRun().front())
                .startsWith(QStringLiteral("crane: not run (needs a network")));

    // The short cause of the runner's other failures.
    QCOMPARE(
        NotRunSteps::cause(QStringLiteral("prepare step lock failed: error: no matching package\nexit 101")),
        QStringLiteral("lock failed"));
    // A step run once per project of the separate layout has the project in its name.
    QCOMPARE(
        NotRunSteps::cause(QStringLiteral("prepare step offline-crates (wasm) failed: prepare-offline: x")),
        QStringLiteral("offline-crates (wasm) failed"));
    QCOMPARE(NotRunSteps::cause(QStringLiteral("cannot prepare a scratch copy: disk full")),
             QStringLiteral("cannot prepare a scratch copy"));
    QCOMPARE(NotRunSteps::cause(QString()), QStringLiteral("no reason recorded"));
}

// The app's banner: strategies that missed the same steps for the same cause share a line; a
// strategy that ran some steps keeps its own, per step.
void TestReports::notRunLinesGroupedByCause()
{
    Session s = predictedFixture();
    s.skipped[QStringLiteral("crane")] = QStringLiteral("needs a network to fetch its inputs");
    s.skipped[QStringLiteral("naersk")] = QStringLiteral("needs a network to fetch its inputs\nmore words");
    s.skipped[QStringLiteral("cargo2nix")] = QStringLiteral("its generator is not installed");
    s.strategies << QStringLiteral("crane") << QStringLiteral("cargo2nix") << QStringLiteral("naersk");
    QCOMPARE(NotRunSteps::lines(s).size(), 4); // one a strategy, as the reports list them
    QCOMPARE(NotRunSteps::groupedLines(s),
             (QStringList{QStringLiteral("per-crate: break-eval not run (generate failed)"),
                          QStringLiteral("crane, naersk: not run (needs a network to fetch its inputs)"),
                          QStringLiteral("cargo2nix: not run (its generator is not installed)")}));
    QVERIFY(NotRunSteps::groupedLines(fixture()) == NotRunSteps::lines(fixture()));
    QVERIFY(NotRunSteps::groupedLines(Session{}).isEmpty());
}

void TestReports::buildCountWording_data()
{
    QTest::addColumn<QString>(
        "outcomes"); // a build each: s(ucceeded) f(ailed) c(ancelled) k (skipped); W a warm-up
    QTest::addColumn<QString>("words");
    QTest::newRow("none") << QString() << QStringLiteral("no builds");
    QTest::newRow("one") << QStringLiteral("s") << QStringLiteral("1 build");
    QTest::newRow("measured only") << QStringLiteral("sss") << QStringLiteral("3 builds");
    QTest::newRow("a warm-up") << QStringLiteral("Wss") << QStringLiteral("3 builds (1 warm-up)");
    QTest::newRow("everything") << QStringLiteral("WWsfckf")
                                << QStringLiteral(
                                       "7 builds (2 warm-ups, 2 failed, 1 cancelled, 1 not attempted)");
}

// One count of a session's builds in one wording: every row of the tables, warm-ups said apart.
void TestReports::buildCountWording()
{
    QFETCH(QString, outcomes);
    QFETCH(QString, words);
    std::vector<Measurement> ms;
    for (const QChar c : outcomes) {
        Measurement m = succeeded("monolithic", "cold", 0, 1.0);
        m.warmup = c == QLatin1Char('W');
        if (c == QLatin1Char('f'))
            m.outcome = Measurement::Outcome::Failed;
        else if (c == QLatin1Char('c'))
            m.outcome = Measurement::Outcome::Cancelled;
        else if (c == QLatin1Char('k'))
            m.outcome = Measurement::Outcome::Skipped;
        ms.push_back(m);
    }
    const BuildCount count = BuildCount::of(ms);
    QCOMPARE(count.total, static_cast<int>(outcomes.size()));
    QCOMPARE(count.sentence(), words);
    QCOMPARE(count.shownOf(0), QStringLiteral("0 of %1").arg(
                                   outcomes.size() == 1 ? QStringLiteral("1 build")
                                                        : QStringLiteral("%1 builds").arg(outcomes.size())));
    // The session's count is its measurements' (small.json: 17 with 1 warm-up).
    const Session s = fixture();
    QCOMPARE(BuildCount::of(s).total, static_cast<int>(s.measurements.size()));
    QCOMPARE(BuildCount::of(s).warmups, 1);
}

void TestReports::stateLine_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("why");
    QTest::addColumn<bool>("runningHere");
    QTest::addColumn<QString>("line");
    using St = Session::Status;
    QTest::newRow("finished") << static_cast<int>(St::Finished) << QString() << false << QString();
    QTest::newRow("running here") << static_cast<int>(St::Running) << QString() << true << QString();
    QTest::newRow("saved while running")
        << static_cast<int>(St::Running) << QString() << false
        << QStringLiteral("The run never finished: it was still running when saved, or its run was killed.");
    QTest::newRow("failed") << static_cast<int>(St::Failed) << QStringLiteral(" nix is not installed ")
                            << false << QStringLiteral("The run failed: nix is not installed");
    QTest::newRow("failed, no reason") << static_cast<int>(St::Failed) << QString() << true
                                       << QStringLiteral("The run failed: no reason was recorded.");
    QTest::newRow("cancelled") << static_cast<int>(St::Cancelled) << QStringLiteral("Cancelled") << false
                               << QStringLiteral("The run was cancelled before it finished.");
    QTest::newRow("cancelled, why") << static_cast<int>(St::Cancelled)
                                    << QStringLiteral("stopped by the user") << false
                                    << QStringLiteral("The run was cancelled: stopped by the user");
}

// A session's state in one line, as the app's Run and Compare pages both say it.
void TestReports::stateLine()
{
    QFETCH(int, status);
    QFETCH(QString, why);
    QFETCH(bool, runningHere);
    QFETCH(QString, line);
    Session s;
    s.status = static_cast<Session::Status>(status);
    s.statusText = why;
    QCOMPARE(ReportWording::stateLine(s, runningHere), line);
}

// The Markdown steps table says what each step changed, never the step's name twice ("cold | cold"):
// a step without a description is described by its kind.
void TestReports::stepsTableSaysWhatChanged()
{
    const Session s = predictedFixture();
    const SessionSummary sum(s);
    const QString md = QString::fromUtf8(MarkdownReport::write(sum));
    const qsizetype at = md.indexOf(QStringLiteral("## Steps"));
    QVERIFY(at >= 0);
    const QStringList rows = md.mid(at).section(QStringLiteral("\n\n"), 1, 1).split(QLatin1Char('\n'));
    QVERIFY(rows.size() > 3);
    for (const QString &row : rows.mid(2)) {
        const QStringList cells = row.split(QStringLiteral(" | "));
        QCOMPARE(cells.size(), 2);
        QVERIFY2(cells[0].mid(2) != cells[1].chopped(2), qPrintable(row));
    }
    QVERIFY(md.contains(QStringLiteral("| cold | the project's own derivations deleted, then built |")));
}

// A cell whose build exited 1 says so in hyperfine's exit_codes, as hyperfine does for a failed run;
// times stay the succeeded runs'.
void TestReports::failedCellsKeepTheirExitCodes()
{
    const Session s = predictedFixture();
    const SessionSummary sum(s);
    const QByteArray text = JsonReport::write(sum);
    const auto j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    int failedCells = 0;
    for (const auto &r : j["results_without_time"]) {
        if (r["failed"].get<int>() == 0)
            continue;
        ++failedCells;
        QCOMPARE(r["exit_codes"].size(), std::size_t(1));
        QCOMPARE(r["exit_codes"][0].get<int>(), 1);
        QVERIFY(r["times"].empty());
    }
    QCOMPARE(failedCells, 2);
    for (const auto &r : j["results"])
        for (const auto &code : r["exit_codes"])
            QCOMPARE(code.get<int>(), 0);
}

// The answer table's column heads carry each strategy's own colour (the one its bars have in the
// SVG, PNG and PDF charts and in the app), and say which are layout models.
void TestReports::strategyColoursInHtml()
{
    const Session s = predictedFixture();
    const QString html = QString::fromUtf8(HtmlReport::write(SessionSummary(s)));
    for (const QString &id :
         {QStringLiteral("monolithic"), QStringLiteral("deps-split"), QStringLiteral("per-crate")})
        QVERIFY2(html.contains(
                     QStringLiteral("<span class=\"swatch\" style=\"background:%1\" "
                                    "aria-hidden=\"true\"></span>%2<span class=\"model\"> (model)</span>")
                         .arg(StrategyColors::of(id).hex, id)),
                 qPrintable(id));
}

// Before a run: its cost from the earlier session that measured the same cells, a lower bound where
// some never were, "unknown" without any; cheap steps measured 3 times, the cold build once.
void TestReports::runCostEstimateInALayout_data()
{
    QTest::addColumn<QString>("earlierLayout");
    QTest::addColumn<QString>("runLayout");
    QTest::newRow("workspace history, workspace run") << "workspace"
                                                      << "workspace";
    QTest::newRow("workspace history, separate run") << "workspace"
                                                     << "separate";
    QTest::newRow("separate history, separate run") << "separate"
                                                    << "separate";
    QTest::newRow("separate history, workspace run") << "separate"
                                                     << "workspace";
}

// A run in a layout pays only for the strategies that have it (the models have the workspace
// layout only: the runner skips them in the separate one), and is priced only from earlier
// sessions in the same layout: the four tools fail in seconds laid out separately and build for
// minutes as a workspace.
void TestReports::runCostEstimateInALayout()
{
    QFETCH(QString, earlierLayout);
    QFETCH(QString, runLayout);
    // small.json: crane (skipped there) and two models, app and wasm. Crafted so that crane, a tool
    // with the separate layout, has times: the deps-split model's, as crane's.
    Session history = fixture();
    for (Measurement &m : history.measurements) {
        m.layout = earlierLayout;
        if (m.strategy == QLatin1String("deps-split"))
            m.strategy = QStringLiteral("crane");
    }
    history.skipped.erase(QStringLiteral("crane"));
    QCOMPARE(history.layout(), earlierLayout);
    const auto earlier = std::make_shared<const Session>(history);
    Session plan;
    plan.workspace = history.workspace;
    plan.strategies = history.strategies;
    plan.targets = history.targets;
    plan.scenario = history.scenario;
    plan.repeat = 2;
    plan.warmup = 1;
    QCOMPARE(plan.layout(), kWorkspaceLayout); // nothing measured yet
    const StrategyCatalog catalog = StrategyCatalog::load();
    const SessionSummary summary(history);
    int builds = 0;
    int cells = 0;
    int priced = 0;
    QStringList paid;
    for (const QString &id : plan.strategies) {
        const Strategy *s = catalog.find(id);
        QVERIFY2(s, qPrintable(id));
        if (!s->layout(runLayout))
            continue;
        paid << id;
        for (const QString &target : s->targetIds(plan.targets))
            for (const ScenarioStep &step : plan.scenario.steps) {
                builds += plan.warmup + plan.repeatFor(step);
                ++cells;
                const CellSummary *c = summary.cell(id, target, step.id);
                priced += earlierLayout == runLayout && c && c->hasTime();
            }
    }
    QCOMPARE(paid.size(), runLayout == kWorkspaceLayout ? 3 : 1); // crane alone laid out separately
    QCOMPARE(priced > 0, earlierLayout == runLayout);
    const RunCostEstimate e = RunCostEstimate::of(plan, runLayout, catalog, {earlier});
    QCOMPARE(e.builds, builds);
    QCOMPARE(e.cells, cells);
    QCOMPARE(e.pricedCells, priced);
    QCOMPARE(e.sessionsUsed, priced > 0 ? 1 : 0);
    const QString sentence = e.sentence();
    if (earlierLayout == runLayout) {
        QVERIFY(e.known());
        QVERIFY2(sentence.contains(QStringLiteral("times from 1 earlier session")), qPrintable(sentence));
    } else {
        QVERIFY(!e.known());
        QVERIFY2(sentence.startsWith(QStringLiteral("unknown for %1 builds").arg(builds)),
                 qPrintable(sentence));
    }
    // The layout is named unless it is the workspace's (whose sentences stay as they were).
    QCOMPARE(sentence.contains(QStringLiteral("in the separate layout")), runLayout != kWorkspaceLayout);
    QVERIFY(!sentence.contains(QStringLiteral("workspace layout")));
}

void TestReports::runCostEstimate()
{
    const auto earlier = std::make_shared<const Session>(predictedFixture());
    Session plan;
    plan.workspace = earlier->workspace;
    plan.strategies = earlier->strategies;
    plan.targets = earlier->targets;
    plan.scenario = earlier->scenario;
    plan.repeat = 3;
    plan.coldRepeat = 1;
    QCOMPARE(plan.repeatFor(plan.scenario.steps.front()), 1); // cold
    QCOMPARE(plan.repeatFor(plan.scenario.steps.back()), 3);
    const StrategyCatalog catalog = StrategyCatalog::load();
    const RunCostEstimate none = RunCostEstimate::of(plan, kWorkspaceLayout, catalog, {});
    QVERIFY(!none.known());
    QCOMPARE(none.builds, 3 * (1 + 7 * 3));
    QVERIFY2(none.sentence().startsWith(QStringLiteral("unknown for 66 builds")),
             qPrintable(none.sentence()));

    // No target named and nothing measured before: every target of each strategy's manifest, as
    // the runner counts them (it once said "unknown for 0 builds").
    Session allTargets = plan;
    allTargets.targets.clear();
    int expectedBuilds = 0;
    for (const QString &id : plan.strategies) {
        const Strategy *s = catalog.find(id);
        QVERIFY2(s, qPrintable(id));
        expectedBuilds += int(s->targets.size()) * (1 + 7 * 3);
    }
    QVERIFY(expectedBuilds > 66);
    QCOMPARE(RunCostEstimate::of(allTargets, kWorkspaceLayout, catalog, {}).builds, expectedBuilds);

    const RunCostEstimate e = RunCostEstimate::of(plan, kWorkspaceLayout, catalog, {earlier});
    const SessionSummary sum(*earlier);
    double expected = 0;
    int priced = 0;
    for (const CellSummary &c : sum.cells())
        if (c.hasTime()) {
            expected += c.wallS.median * plan.repeatFor(*plan.scenario.step(c.step));
            ++priced;
        }
    QCOMPARE(e.cells, 24);
    QCOMPARE(e.pricedCells, priced);
    QCOMPARE(priced, 21); // break-eval: two builds failed, per-crate's never ran
    QVERIFY(qAbs(e.knownS - expected) < 1e-9);
    QCOMPARE(e.sessionsUsed, 1);
    QVERIFY2(e.sentence().startsWith(QStringLiteral("at least ")), qPrintable(e.sentence()));
    QVERIFY(e.sentence().contains(QStringLiteral("3 of 24 cells never measured before")));

    // A session saying so: 3 runs per cell, 1 for cold; stored and read back.
    Session s = *earlier;
    s.repeat = 3;
    s.coldRepeat = 1;
    QVERIFY(ReportWording::shape(SessionSummary(s)).contains(QStringLiteral("3 runs per cell (1 for cold)")));
    QString error;
    const auto back = SessionStore::fromJson(SessionStore::toJson(s), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->coldRepeat, 1);
    QVERIFY(!SessionStore::toJson(*earlier).contains("cold_repeat"));
}

void TestReports::predictionOnlyWhenTheSessionHasOne()
{
    // Without a prediction: no section, no style rule, no link, no key (the goldens hold the rest).
    const Session s = fixture();
    QVERIFY(!s.prediction);
    const SessionSummary sum(s);
    QVERIFY(!MarkdownReport::write(sum).contains("Predicted rebuilds"));
    const QByteArray html = HtmlReport::write(sum);
    QVERIFY(!html.contains("Predicted rebuilds"));
    QVERIFY(!html.contains("table.prediction"));
    QVERIFY(!html.contains("#prediction"));
    const QByteArray json = JsonReport::write(sum);
    QVERIFY(!nlohmann::json::parse(json.begin(), json.end(), nullptr, false).contains("prediction"));

    // With one: the section after the numbers and before the details, linked from the contents.
    const Session p = predictedFixture();
    const SessionSummary psum(p);
    const QString md = QString::fromUtf8(MarkdownReport::write(psum));
    const qsizetype section = md.indexOf(QStringLiteral("\n## Predicted rebuilds\n"));
    QVERIFY(section > md.indexOf(QStringLiteral("\n## app\n")) &&
            section < md.indexOf(QStringLiteral("\n## Steps\n")));
    const QByteArray phtml = HtmlReport::write(psum);
    QVERIFY(phtml.contains("<a href=\"#prediction\">Predicted rebuilds</a>"));
    const qsizetype at = phtml.indexOf("<section id=\"prediction\">");
    QVERIFY(at > phtml.indexOf("<section id=\"numbers\">") && at < phtml.indexOf("<section id=\"details\">"));
}

void TestReports::predictionHtmlMatchesTheGrid()
{
    const Session s = predictedFixture();
    const PredictionGrid grid = PredictionGrid::of(s);
    const HtmlFacts f = parseHtml(HtmlReport::write(SessionSummary(s), fakeCharts()));
    QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
    // One cell per step and strategy, each in the grid's words.
    QCOMPARE(f.predictionCells.size(), std::size_t(24));
    for (std::size_t i = 0; i < f.predictionCells.size(); ++i) {
        const auto &td = f.predictionCells[i];
        const PredictionGrid::Cell *c = grid.cell(td.strategy, td.step, td.target);
        QVERIFY(c);
        const QString where = td.strategy + QLatin1Char('/') + td.step;
        QVERIFY2(td.text.startsWith(PredictionGrid::predictedText(*c)), qPrintable(where + td.text));
        QVERIFY2(td.text.endsWith(PredictionGrid::verdictText(*c)), qPrintable(where + td.text));
        QCOMPARE(td.text.contains(QStringLiteral(" → ") + PredictionGrid::builtText(*c)), c->measured());
        QCOMPARE(f.predictionVerdicts[static_cast<qsizetype>(i)],
                 StepComparison::verdictName(c->comparison->verdict));
        QVERIFY2(!td.cls.contains(QLatin1String("differs")) && !td.text.contains(QStringLiteral("✗")),
                 qPrintable(where));
        QCOMPARE(td.cls.contains(QLatin1String("not-run")), !c->measured());
    }
    QVERIFY(f.findings.isEmpty());
    QVERIFY(f.text.contains(QStringLiteral("none: every measured rebuild was predicted")));
    QVERIFY(f.text.contains(QStringLiteral("priced from run.json.")));
    QVERIFY(f.text.contains(
        QStringLiteral("Against this session's builds: 23 of 23 measured cells as predicted.")));
    // Each step's predicted derivations, with why and the time they were priced with.
    QVERIFY(f.text.contains(QStringLiteral("source cargo-manifests changed")));
    QVERIFY(f.text.contains(QStringLiteral("run.json, deps-split bump-dependency app")));
    QVERIFY(f.elementNames.contains(QStringLiteral("details")));
}

void TestReports::predictionFindings()
{
    // Change the real prediction the way a wrong one would look: deps-split's bump forgets its deps
    // derivation (a rebuild missed: a finding), monolithic's edit-leaf lists one the run did not
    // build (a difference, not a finding).
    Session s = predictedFixture();
    auto &bump = predictedCell(s, "deps-split", "bump-dependency").rebuild;
    bump.erase(std::remove_if(
                   bump.begin(), bump.end(),
                   [](const PredictedDerivation &d) { return d.name == QLatin1String("app-deps-0.3.0"); }),
               bump.end());
    PredictedDerivation ghost;
    ghost.name = QStringLiteral("ghost-0.1.0");
    ghost.role = QStringLiteral("deps");
    predictedCell(s, "monolithic", "edit-leaf").rebuild.push_back(ghost);
    const PredictionGrid grid = PredictionGrid::of(s);
    const QStringList expected{
        QStringLiteral("monolithic · edit-leaf · app: predicted but not built: ghost-0.1.0"),
        QStringLiteral("deps-split · bump-dependency · app: built but not predicted: app-deps-0.3.0")};
    QCOMPARE(grid.findings(), expected);

    const SessionSummary sum(s);
    const HtmlFacts f = parseHtml(HtmlReport::write(sum));
    QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
    QCOMPARE(f.findings, expected);
    int differs = 0;
    for (const auto &td : f.predictionCells) {
        const bool missed =
            td.strategy == QLatin1String("deps-split") && td.step == QLatin1String("bump-dependency");
        const bool unexpected =
            td.strategy == QLatin1String("monolithic") && td.step == QLatin1String("edit-leaf");
        // Marked by class (colour) and by a ✗ in the text, so it does not rely on colour.
        QCOMPARE(td.cls.contains(QLatin1String("differs")), missed || unexpected);
        QCOMPARE(td.text.contains(QStringLiteral("✗")), missed || unexpected);
        QCOMPARE(td.cls.contains(QLatin1String("finding")), missed);
        differs += td.cls.contains(QLatin1String("differs")) ? 1 : 0;
        if (missed)
            QCOMPARE(td.text, QStringLiteral("1 · 455 ms → 2 · 1.327 s✗ 1 missed"));
    }
    QCOMPARE(differs, 2);
    QVERIFY(f.text.contains(QStringLiteral("21 of 23 measured cells as predicted; 2 differ.")));

    const QString md = QString::fromUtf8(MarkdownReport::write(sum));
    for (const QString &line : expected)
        QVERIFY2(md.contains(QStringLiteral("\n- ") + MarkdownReport::escape(line) + QLatin1Char('\n')),
                 qPrintable(line));
    QVERIFY(md.contains(QStringLiteral("| 1 · 455 ms → 2 · 1.327 s, ✗ 1 missed |")));
    QVERIFY(!md.contains(QStringLiteral("none: every measured rebuild was predicted")));
    const QByteArray json = JsonReport::write(sum);
    const auto j = nlohmann::json::parse(json.begin(), json.end(), nullptr, false);
    QCOMPARE(j["prediction"]["findings"].size(), std::size_t(2));
    QCOMPARE(j["prediction"]["comparison"]["differing"].get<int>(), 2);
}

void TestReports::predictionErrorsEscaped()
{
    // Nix's message is untrusted text: markup, a Markdown fence, table pipes, a control character.
    Session s = predictedFixture();
    const QString evil = QStringLiteral("error: <script>alert(1)</script> & \"quoted\" | not | a | table\n"
                                        "````` a fence\n"
                                        "   at </pre><img src=x onerror=alert(2)>\x01\n");
    predictedCell(s, "monolithic", "break-eval").error = evil;
    const SessionSummary sum(s);

    const QByteArray html = HtmlReport::write(sum, fakeCharts());
    const HtmlFacts f = parseHtml(html);
    QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
    for (const char *element : {"script", "img"})
        QVERIFY2(!f.elementNames.contains(QString::fromLatin1(element)), element);
    QVERIFY(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;"));
    QVERIFY(
        html.contains("at &lt;/pre&gt;&lt;img src=x onerror=alert(2)&gt;\xef\xbf\xbd")); // U+0001 → U+FFFD
    QVERIFY(
        f.text.contains(QStringLiteral("error: <script>alert(1)</script> & \"quoted\" | not | a | table")));
    // The step with a cell that could not be predicted is open: the message is in view.
    QVERIFY(html.contains("<details class=\"predicted\" id=\"predicted-break-eval\" open=\"open\">"));
    QVERIFY(!html.contains("<details class=\"predicted\" id=\"predicted-cold\" open"));
    // Its table cell only says so.
    for (const auto &td : f.predictionCells)
        if (td.strategy == QLatin1String("monolithic") && td.step == QLatin1String("break-eval"))
            QCOMPARE(td.text, QStringLiteral("cannot predict → failed · 0✓ both failed"));

    // Markdown: the message in a code block whose fence no line of it can close; tables intact.
    const QString md = QString::fromUtf8(MarkdownReport::write(sum));
    QString bad;
    QCOMPARE(countMarkdownTables(md, &bad),
             3); // app's times, its predicted rebuilds, the steps (no store sizes measured)
    const qsizetype open = md.indexOf(QStringLiteral("\n    ``````\n    error: <script>"));
    QVERIFY2(open > 0, qPrintable(md.mid(md.indexOf(QStringLiteral("break-eval**")), 400)));
    const qsizetype close = md.indexOf(QStringLiteral("\n    ``````\n"), open + 1);
    QVERIFY(close > md.indexOf(QStringLiteral("   at </pre><img src=x onerror=alert(2)>"), open));
    QVERIFY(md.indexOf(QStringLiteral("<script>")) ==
            md.indexOf(QStringLiteral("<script>"), open)); // nowhere else
}

void TestReports::predictionWithoutRun()
{
    // A session that only predicted (flakeoff-cli predict --out new.json): the prediction alone.
    Session s = predictedFixture();
    s.measurements.clear();
    s.prediction->history.clear();
    s.prediction->skipped[QStringLiteral("crane")] = QStringLiteral("needs a network");
    const SessionSummary sum(s);
    const QString md = QString::fromUtf8(MarkdownReport::write(sum));
    QVERIFY(md.contains(QStringLiteral("| cold | 2 · 971 ms | 3 · 1.152 s | 3 · 557 ms |")));
    QVERIFY(!md.contains(QStringLiteral(" → ")));
    QVERIFY(md.contains(QStringLiteral(
        "Evaluated without building on 2026-11-25 15:43:54 UTC in 3.123 s, not priced: no earlier run.\n"
        "This session built none of the predicted cells, so nothing is compared.\n"
        "Not predicted: crane (needs a network).\n")));
    QVERIFY(md.contains(QStringLiteral("- none: nothing was built to compare with")));
    const HtmlFacts f = parseHtml(HtmlReport::write(sum));
    QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
    QCOMPARE(f.predictionCells.size(), std::size_t(24));
    for (const auto &td : f.predictionCells) {
        QVERIFY(td.cls.contains(QLatin1String("predicted-only")));
        QVERIFY2(!td.text.contains(QStringLiteral("→")) && !td.text.contains(QStringLiteral("not run")),
                 qPrintable(td.text));
    }
    const QByteArray json = JsonReport::write(sum);
    const auto j = nlohmann::json::parse(json.begin(), json.end(), nullptr, false);
    QCOMPARE(j["prediction"]["agreement"].get<std::string>(), std::string());
}

void TestReports::predictionJson()
{
    const Session s = predictedFixture();
    const QByteArray bytes = JsonReport::write(SessionSummary(s));
    const auto j = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
    QVERIFY(!j.is_discarded());
    const auto &p = j["prediction"];
    // The prediction as the session stores it, key for key, so PredictionJson reads it back…
    const nlohmann::json stored = PredictionJson::toJson(*s.prediction);
    for (const auto &[key, value] : stored.items())
        QVERIFY2(p[key] == value, key.c_str());
    Prediction back;
    QString error;
    QVERIFY2(PredictionJson::fromJson(p, back, error), qPrintable(error));
    QCOMPARE(back.steps.size(), s.prediction->steps.size());
    // …and the comparison exactly as `flakeoff-cli predict --compare --json` prints it.
    QVERIFY(p["comparison"] == PredictionComparison::compare(*s.prediction, s).toJson());
    QCOMPARE(p["comparison"]["steps"].size(), std::size_t(24));
    QCOMPARE(p["agreement"].get<std::string>(), std::string("23 of 23 measured cells as predicted"));
    QVERIFY(p["findings"].is_array() && p["findings"].empty());
    // The hyperfine part is untouched by it.
    QCOMPARE(j["results"].size() + j["results_without_time"].size(), SessionSummary(s).cells().size());
}

// Outside the workspace layout every report first says whether each tool built each target at
// all: built, or its own error (the failed derivation and its builder's first error line, Nix's
// message for an evaluation error), never Nix's exit status first.
void TestReports::layoutOutcomes()
{
    Session s;
    s.scenario = *Scenario::builtin(QStringLiteral("quick"));
    s.strategies = {QStringLiteral("crane"), QStringLiteral("cargo2nix")};
    s.targets = {QStringLiteral("app"), QStringLiteral("wasm")};
    s.status = Session::Status::Finished;
    auto separate = [](const char *strategy, const char *step, const char *target) {
        Measurement m = succeeded(strategy, step, 0, 3);
        m.layout = QStringLiteral("separate");
        m.target = QString::fromLatin1(target);
        return m;
    };
    // crane, app: its deps derivation failed; the error line is cargo's.
    Measurement craneApp = separate("crane", "cold", "app");
    auto failedReport = std::make_shared<BuildReport>();
    DerivationBuild deps;
    deps.status = BuildStatus::Failed;
    deps.name = "app-deps-0.1.0";
    deps.firstError = "error: failed to get `cats` as a dependency of package `app v0.1.0 (/build/source)`";
    failedReport->builds.push_back(deps);
    craneApp.report = failedReport;
    craneApp.outcome = Measurement::Outcome::Failed;
    craneApp.error =
        QStringLiteral("nix: a build failed (exit 1): app-deps-0.1.0 failed: error: failed to get …");
    // crane, wasm: nothing was built, Nix's evaluation failed.
    Measurement craneWasm = separate("crane", "cold", "wasm");
    auto evalReport = std::make_shared<BuildReport>();
    LogMessage message;
    message.level = 0;
    message.text =
        "error: getting status of '/nix/store/x-source/wasm/Cargo.lock': No such file or directory";
    evalReport->messages.push_back(message);
    craneWasm.report = evalReport;
    craneWasm.outcome = Measurement::Outcome::Failed;
    craneWasm.error = QStringLiteral("nix: evaluation failed (exit 1): error: getting status …");
    // cargo2nix built both; a later step's failure does not change whether it builds.
    Measurement laterFailure = separate("cargo2nix", "noop", "app");
    laterFailure.outcome = Measurement::Outcome::Failed;
    laterFailure.error = QStringLiteral("the noop edit could not be made");
    Measurement warm = separate("cargo2nix", "cold", "app");
    warm.warmup = true;
    warm.outcome = Measurement::Outcome::Failed;
    s.measurements = {craneApp,
                      craneWasm,
                      warm,
                      separate("cargo2nix", "cold", "app"),
                      separate("cargo2nix", "cold", "wasm"),
                      laterFailure};

    const auto outcomes = LayoutOutcome::of(s);
    QCOMPARE(int(outcomes.size()), 4);
    QStringList sentences;
    for (const LayoutOutcome &o : outcomes)
        sentences << o.sentence();
    QCOMPARE(sentences,
             (QStringList{
                 QStringLiteral("crane, app: failed — app-deps-0.1.0 failed: error: failed to get `cats` as "
                                "a dependency of package `app v0.1.0 (/build/source)`"),
                 QStringLiteral("crane, wasm: failed — error: getting status of "
                                "'/nix/store/x-source/wasm/Cargo.lock': No such file or directory"),
                 QStringLiteral("cargo2nix, app: built"), QStringLiteral("cargo2nix, wasm: built")}));

    // With the catalog: the manifest's expectation, said where it differs from what happened.
    const auto catalog = StrategyCatalog::load();
    for (const LayoutOutcome &o : LayoutOutcome::of(s, &catalog)) {
        QVERIFY2(o.expected.has_value(), qPrintable(o.strategy));
        QCOMPARE(*o.expected, catalog.find(o.strategy)->layout(QStringLiteral("separate"))->expectBuild);
        QCOMPARE(o.sentence().contains(QStringLiteral("its manifest expects")), *o.expected != o.built);
    }

    // Both reports say it, first; a session of the workspace layout has no such section.
    const SessionSummary sum(s);
    const QString md = QString::fromUtf8(MarkdownReport::write(sum));
    QVERIFY2(md.contains(QStringLiteral(
                 "## Built in the separate layout?\n\n- crane, app: failed — app-deps-0.1.0 failed: "
                 "error: failed to get \\`cats\\`")),
             qPrintable(md));
    QVERIFY(md.indexOf(QStringLiteral("## Built in the separate layout?")) <
            md.indexOf(QStringLiteral("## app")));
    const QString html = QString::fromUtf8(HtmlReport::write(sum));
    QVERIFY(html.contains(QStringLiteral("<li data-strategy=\"cargo2nix\">cargo2nix, wasm: built</li>")));
    for (Measurement &m : s.measurements)
        m.layout = QStringLiteral("workspace");
    QVERIFY(LayoutOutcome::of(s).empty());
    QVERIFY(!QString::fromUtf8(MarkdownReport::write(SessionSummary(s)))
                 .contains(QStringLiteral("Built in the")));
}

QTEST_GUILESS_MAIN(TestReports)
#include "tst_reports.moc"
