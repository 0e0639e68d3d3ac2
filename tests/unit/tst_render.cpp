// SPDX-License-Identifier: MIT
// flakeoff_render: bar charts and timelines as SVG/PNG (valid XML, one element per bar, sizes,
// determinism, empty and untimed data, thousands of rows), the axis ticks, and the PDF report
// (page 1 holds the summary, failure paths). FLAKEOFF_RENDER_OUT=<dir> keeps every rendered file
// there for a look.
#include "AxisScale.h"
#include "BarChartPainter.h"
#include "ChartPalette.h"
#include "ChartRenderer.h"
#include "ChartStyle.h"
#include "PdfReport.h"
#include "TimelinePainter.h"
#include "log/LogFileReader.h"
#include "report/ChartData.h"
#include "report/ReportWording.h"
#include "report/SessionSummary.h"
#include "report/StrategyColors.h"
#include "session/SessionStore.h"
#include "unit/OutcomeRuns.h"

#include <QDir>
#include <QFile>
#include <QPainter>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <algorithm>
#include <map>

using namespace flakeoff;

namespace {
// "a|b|c" → {"a", "b", "c"}
QStringList words(const char *list)
{
    return QString::fromUtf8(list).split(QLatin1Char('|'));
}

QString fixture(const QString &name)
{
    return QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/logs/") + name;
}

void keep(const QString &name, const QByteArray &bytes)
{
    QVERIFY2(!bytes.isEmpty(), qPrintable(name));
    const QString dir = qEnvironmentVariable("FLAKEOFF_RENDER_OUT");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QFile f(dir + QLatin1Char('/') + name);
    if (f.open(QIODevice::WriteOnly))
        f.write(bytes);
}

BarValue bar(double value, double low = -1, double high = -1)
{
    BarValue v;
    v.value = value;
    if (low >= 0) {
        v.low = low;
        v.high = high;
    }
    v.label = ChartDataBuilder::formatSeconds(value);
    return v;
}

// The standard scenario's steps × four strategies, with whiskers, a gap, a failed cell, a cell
// whose runs were all cancelled and a cell where one run of several failed.
BarChartData rebuildBars()
{
    BarChartData d;
    d.id = QStringLiteral("rebuild-cost-app");
    d.title = QStringLiteral("Rebuild cost per step — app");
    d.subtitle = QStringLiteral("median wall time; whiskers: min–max of the runs");
    d.valueAxis = QStringLiteral("wall time (s)");
    d.unit = ChartUnit::Seconds;
    d.categories = {QStringLiteral("cold"),
                    QStringLiteral("noop"),
                    QStringLiteral("edit-leaf"),
                    QStringLiteral("edit-shared"),
                    QStringLiteral("bump-dependency"),
                    QStringLiteral("edit-nix"),
                    QStringLiteral("touch-docs")};
    d.categoryLabels = d.categories;
    const std::vector<std::pair<QString, std::vector<double>>> rows = {
        {QStringLiteral("monolithic"), {118.2, 1.9, 61.4, 63.0, 120.5, 64.2, 60.8}},
        {QStringLiteral("deps-split"), {142.7, 1.8, 9.6, 12.3, 50.5, 11.8, 9.1}},
        {QStringLiteral("per-crate"), {131.0, 2.4, 4.1, 7.9, 18.2, 133.9, 0.9}},
        {QStringLiteral("crane"), {150.3, 2.1, 10.2, 13.4, 55.0, -1, 9.9}},
    };
    for (const auto &[name, values] : rows) {
        BarSeries s;
        s.name = name;
        s.color = StrategyColors::of(name).hex;
        s.model = StrategyColors::of(name).model;
        for (const double v : values)
            s.values.push_back(v < 0 ? std::nullopt : std::optional<BarValue>(bar(v, v * 0.94, v * 1.07)));
        d.series.push_back(std::move(s));
    }
    for (int c = 0; c < d.categories.size(); ++c) {
        BarValue *best = nullptr;
        for (auto &s : d.series)
            if (auto &v = s.values[static_cast<std::size_t>(c)]; v && (!best || v->value < best->value))
                best = &*v;
        best->fastest = true;
    }
    d.series[3].values[1]->failed = true; // one run of several failed: hatched
    d.series[1].values[5] = BarValue{};   // failed without a time: a labelled placeholder
    d.series[1].values[5]->failed = true;
    d.series[0].values[2] = BarValue{}; // every run cancelled: a placeholder of its own
    d.series[0].values[2]->cancelled = true;
    return d;
}

BarChartData storeBars()
{
    BarChartData d;
    d.id = QStringLiteral("store-cost-app");
    d.title = QStringLiteral("Store cost per strategy — app");
    d.subtitle = QStringLiteral("closure of the output, and the intermediate artifacts the strategy keeps");
    d.valueAxis = QStringLiteral("size");
    d.unit = ChartUnit::Bytes;
    d.categories = {QStringLiteral("monolithic"), QStringLiteral("deps-split"), QStringLiteral("per-crate"),
                    QStringLiteral("crane")};
    d.categoryLabels = d.categories;
    BarSeries closure{QStringLiteral("output closure"), StrategyColors::closureHex(), false, {}};
    BarSeries inter{QStringLiteral("intermediate artifacts"), StrategyColors::intermediateHex(), false, {}};
    const double mib = 1024.0 * 1024.0;
    for (const double v : {34.1, 34.1, 34.3, 34.2})
        closure.values.push_back(bar(v * mib));
    for (const double v : {-1.0, 812.0, 1310.5, 905.0})
        inter.values.push_back(v < 0 ? std::nullopt : std::optional<BarValue>(bar(v * mib)));
    d.series = {closure, inter};
    return d;
}

// `n` derivations in waves, with unpack/build/install phases and a chain on the critical path.
TimelineData manyRows(int n)
{
    TimelineData t;
    t.title = QStringLiteral("per-crate, cold");
    t.evalS = 3.2;
    for (int i = 0; i < n; ++i) {
        TimelineBar b;
        b.name = QStringLiteral("rust_crate-%1-0.%2.%3").arg(i).arg(i % 17).arg(i % 5);
        b.drvPath = QStringLiteral("/nix/store/%1-%2.drv").arg(i, 32, 10, QLatin1Char('0')).arg(b.name);
        b.status = (i % 97 == 13) ? BuildStatus::Failed : BuildStatus::Built;
        b.startS = t.evalS + (i % 40) * 0.9 + i * 0.01;
        b.endS = b.startS + 0.4 + (i % 7) * 0.35;
        const double d = b.endS - b.startS;
        b.phases = {{QStringLiteral("unpackPhase"), b.startS, b.startS + d * 0.1},
                    {QStringLiteral("buildPhase"), b.startS + d * 0.1, b.startS + d * 0.85},
                    {QStringLiteral("installPhase"), b.startS + d * 0.85, b.endS}};
        b.onCriticalPath = i % 40 == 0;
        t.totalS = std::max(t.totalS, b.endS);
        t.bars.push_back(b);
    }
    t.subtitle = QStringLiteral("%1 derivations, %2").arg(n).arg(ChartDataBuilder::formatSeconds(t.totalS));
    return t;
}

TimelineData chainTimeline()
{
    const auto read = LogFileReader::read(fixture(QStringLiteral("chain.flog")));
    return ChartDataBuilder::timeline(read.report, QStringLiteral("chain"));
}

// SVG elements that paint a fill of `color` (fill inherited from enclosing groups, as QSvgGenerator
// writes it), and every <text>'s content.
struct SvgFacts
{
    bool valid = false;
    QString error;
    std::map<QString, int> fills; // "#0072b2" → shapes filled with it
    QStringList texts;
};

SvgFacts readSvg(const QByteArray &svg)
{
    SvgFacts facts;
    QXmlStreamReader xml(svg);
    std::vector<QString> fillStack{QStringLiteral("black")};
    bool sawSvg = false;
    while (!xml.atEnd()) {
        const auto token = xml.readNext();
        if (token == QXmlStreamReader::StartElement) {
            const QString name = xml.name().toString();
            sawSvg = sawSvg || name == QLatin1String("svg");
            const auto attrs = xml.attributes();
            QString fill = attrs.hasAttribute(QStringLiteral("fill"))
                               ? attrs.value(QStringLiteral("fill")).toString().toLower()
                               : fillStack.back();
            if (attrs.value(QStringLiteral("fill-opacity")) == QLatin1String("0"))
                fill = QStringLiteral("none");
            fillStack.push_back(fill);
            if (name == QLatin1String("rect") || name == QLatin1String("path") ||
                name == QLatin1String("polygon"))
                ++facts.fills[fill];
            if (name == QLatin1String("text"))
                facts.texts.append(xml.readElementText(QXmlStreamReader::IncludeChildElements));
        } else if (token == QXmlStreamReader::EndElement) {
            fillStack.pop_back();
        }
    }
    facts.valid = sawSvg && !xml.hasError();
    facts.error = xml.errorString();
    return facts;
}

// Values drawn as bars (placeholders false) or as placeholders: no time, failed or cancelled.
int presentValues(const BarSeries &s, bool placeholders)
{
    int n = 0;
    for (const auto &v : s.values)
        if (v && (((v->failed || v->cancelled) && v->value <= 0) == placeholders))
            ++n;
    return n;
}

// A session over the standard scenario: strategies × steps × `reps` runs, each with a small
// build report, sizes on the cold step. Deterministic numbers (no clock, no random).
Measurement run(const QString &strategy, const QString &step, int stepIndex, int strategyIndex, int rep)
{
    Measurement m;
    m.strategy = strategy;
    m.layout = QStringLiteral("workspace");
    m.target = QStringLiteral("app");
    m.step = step;
    m.repetition = rep;
    m.startedAt = QDateTime(QDate(2024, 11, 25), QTime(12, 0), Qt::UTC);
    const double base = (stepIndex == 0 ? 100.0 : 10.0 + 7.0 * stepIndex) * (1.0 + 0.35 * strategyIndex);
    const double wallS = base + rep * 1.25;
    m.wallUs = static_cast<std::int64_t>(wallS * 1e6);
    m.cpuUserUs = m.wallUs;
    auto report = std::make_shared<BuildReport>();
    const int built = stepIndex == 1 ? 0 : 1 + strategyIndex + stepIndex;
    for (int i = 0; i < built; ++i) {
        DerivationBuild b;
        b.name = QStringLiteral("%1-crate%2-0.1.0").arg(strategy).arg(i).toStdString();
        b.drvPath = "/nix/store/" + std::string(32, static_cast<char>('a' + i % 26)) + "-" + b.name + ".drv";
        b.status = BuildStatus::Built;
        b.startUs = static_cast<std::int64_t>(1e6 + i * wallS * 1e6 / (built + 1));
        b.endUs = *b.startUs + static_cast<std::int64_t>(wallS * 1e6 / (built + 1));
        b.phases = {Phase{"buildPhase", b.startUs, b.endUs}};
        report->builds.push_back(b);
    }
    report->firstEventUs = 0;
    report->endUs = m.wallUs;
    m.report = report;
    if (stepIndex == 0) {
        m.closureBytes = 30'000'000 + strategyIndex * 1'000'000;
        m.intermediateBytes = strategyIndex == 0 ? -1 : 600'000'000 + strategyIndex * 100'000'000;
    }
    return m;
}

// monolithic built cold twice; deps-split's cold runs came to `outcomes` ("cancelled|succeeded";
// empty: it never ran).
Session cellSession(const QString &outcomes)
{
    Session s;
    s.workspace = QStringLiteral("/home/dev/sample");
    s.scenario = Scenario::standard();
    s.strategies = {QStringLiteral("monolithic"), QStringLiteral("deps-split")};
    s.targets = {QStringLiteral("app")};
    s.repeat = 2;
    s.status = Session::Status::Finished;
    s.environment.date = QDateTime(QDate(2024, 11, 25), QTime(12, 0), Qt::UTC);
    for (int rep = 0; rep < s.repeat; ++rep)
        s.measurements.push_back(run(QStringLiteral("monolithic"), QStringLiteral("cold"), 0, 0, rep));
    test::addOutcomeRuns(s, outcomes, [](int rep) {
        return run(QStringLiteral("deps-split"), QStringLiteral("cold"), 0, 1, rep);
    });
    return s;
}

Session sampleSession(Session::Status status = Session::Status::Finished)
{
    Session s;
    s.workspace = QStringLiteral("/home/dev/sample");
    s.scenario = Scenario::standard();
    s.strategies = {QStringLiteral("monolithic"), QStringLiteral("deps-split"), QStringLiteral("per-crate")};
    s.skipped[QStringLiteral("crane")] = QStringLiteral("needs network access to fetch its inputs");
    s.targets = {QStringLiteral("app")};
    s.repeat = 3;
    s.status = status;
    if (status == Session::Status::Failed)
        s.statusText = QStringLiteral("nix daemon went away");
    s.environment.nixVersion = QStringLiteral("nix (Nix) 2.18.1");
    s.environment.system = QStringLiteral("x86_64-linux");
    s.environment.cpuModel = QStringLiteral("Test CPU @ 3.0GHz");
    s.environment.cpuCores = 2;
    s.environment.flakeoffVersion = QStringLiteral("0.1.0");
    s.environment.hostName = QStringLiteral("builder");
    s.environment.date = QDateTime(QDate(2024, 11, 25), QTime(12, 0), Qt::UTC);
    for (int si = 0; si < s.strategies.size(); ++si)
        for (int k = 0; k < static_cast<int>(s.scenario.steps.size()); ++k)
            for (int rep = 0; rep < s.repeat; ++rep)
                s.measurements.push_back(
                    run(s.strategies[si], s.scenario.steps[static_cast<std::size_t>(k)].id, k, si, rep));
    return s;
}

QString pdfToText(const QString &pdf, int firstPage, int lastPage, QString *why)
{
    const QString tool = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
    if (tool.isEmpty()) {
        *why = QStringLiteral("pdftotext (poppler-utils) is not installed");
        return {};
    }
    QProcess p;
    p.start(tool, {QStringLiteral("-layout"), QStringLiteral("-f"), QString::number(firstPage),
                   QStringLiteral("-l"), QString::number(lastPage), pdf, QStringLiteral("-")});
    if (!p.waitForFinished(60000) || p.exitCode() != 0) {
        *why = QStringLiteral("pdftotext failed: ") + QString::fromUtf8(p.readAllStandardError());
        return {};
    }
    return QString::fromUtf8(p.readAllStandardOutput());
}
} // namespace

class TestRender : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void styles_data();
    void styles();
    void axisTicks_data();
    void axisTicks();
    void svgIsValidXml_data();
    void svgIsValidXml();
    void oneElementPerBar_data();
    void oneElementPerBar();
    void emptyChartSaysNoMeasurements();
    void cellsWithoutTime_data();
    void cellsWithoutTime();
    void failedCellIsAMarkerNotABar();
    void strategyColoursFixedAcrossSessions();
    void imageHasRequestedSize_data();
    void imageHasRequestedSize();
    void outputIsDeterministic();
    void chainTimelineHasThreeRows();
    void timelinePhasesInTheirColours_data();
    void timelinePhasesInTheirColours();
    void textOnFills_data();
    void textOnFills();
    void untimedLogHasNoTimeline();
    void thousandsOfDerivationsRender();
    void timelineSizeGrowsWithRows();
    void pdfFirstPageHoldsSummary();
    void pdfAnswerFirstAndNoNearlyEmptyPage();
    void pdfHasThePredictionPage_data();
    void pdfHasThePredictionPage();
    void pdfSaysWhenSessionFailed_data();
    void pdfSaysWhenSessionFailed();
    void pdfOfEmptySession();
    void pdfUnwritablePath();
    void everyChartInEveryStyle();
};

void TestRender::styles_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("exists");
    QTest::addColumn<QSize>("size");
    QTest::addColumn<bool>("dark");
    QTest::newRow("report") << "report" << true << QSize(1000, 560) << false;
    QTest::newRow("dark") << "dark" << true << QSize(1000, 560) << true;
    QTest::newRow("slides 16:9") << "slides" << true << QSize(1920, 1080) << false;
    QTest::newRow("unknown") << "poster" << false << QSize() << false;
}

void TestRender::styles()
{
    QFETCH(QString, name);
    QFETCH(bool, exists);
    const auto style = ChartStyle::fromName(name);
    QCOMPARE(style.has_value(), exists);
    QCOMPARE(ChartStyle::presetNames().contains(name), exists);
    if (!exists)
        return;
    QCOMPARE(style->name, name);
    QTEST(style->defaultSize, "size");
    QTEST(style->isDark(), "dark");
    // Every series colour stands apart from the background (the palette's black is lifted on dark).
    for (const StrategyColors::Entry &e : StrategyColors::known()) {
        BarSeries series;
        series.name = e.id;
        series.color = e.hex;
        QVERIFY2(qAbs(style->seriesColor(series).lightness() - style->background.lightness()) > 60,
                 qPrintable(e.id));
    }
}

void TestRender::axisTicks_data()
{
    QTest::addColumn<double>("max");
    QTest::addColumn<int>("unit");
    QTest::addColumn<int>("target");
    QTest::addColumn<QStringList>("labels");
    const auto s = static_cast<int>(ChartUnit::Seconds);
    const auto c = static_cast<int>(ChartUnit::Count);
    const auto b = static_cast<int>(ChartUnit::Bytes);
    QTest::newRow("seconds") << 13.0 << s << 5 << words("0 s|5 s|10 s|15 s");
    QTest::newRow("seconds, quarter steps") << 1.9 << s << 4 << words("0.0 s|0.5 s|1.0 s|1.5 s|2.0 s");
    QTest::newRow("below a second: ms") << 0.42 << s << 4 << words("0 ms|200 ms|400 ms|600 ms");
    QTest::newRow("long: minutes") << 400.0 << s << 4 << words("0 s|2 min|4 min|6 min|8 min");
    QTest::newRow("minutes and seconds, as values are written")
        << 150.0 << s << 5 << words("0 s|30 s|1 min|1 min 30 s|2 min|2 min 30 s");
    QTest::newRow("just over a minute") << 61.0 << s << 4 << words("0 s|20 s|40 s|1 min|1 min 20 s");
    QTest::newRow("counts stay whole") << 3.0 << c << 8 << words("0|1|2|3");
    QTest::newRow("counts") << 130.0 << c << 4 << words("0|50|100|150");
    QTest::newRow("GiB in halves") << 1.3e9 << b << 4 << words("0|0.5 GiB|1.0 GiB|1.5 GiB");
    QTest::newRow("bytes") << 700.0 << b << 3 << words("0|250 B|500 B|750 B");
    QTest::newRow("zero still has an axis") << 0.0 << c << 4 << words("0|1|2|3|4");
    QTest::newRow("counts never tick in tenths") << 1.0 << c << 12 << words("0|1");
    QTest::newRow("counts skip 2.5") << 12.0 << c << 5 << words("0|5|10|15");
}

void TestRender::axisTicks()
{
    QFETCH(double, max);
    QFETCH(int, unit);
    QFETCH(int, target);
    QFETCH(QStringList, labels);
    const AxisScale scale(max, static_cast<ChartUnit>(unit), target);
    QStringList got;
    for (const double t : scale.ticks())
        got.append(scale.label(t));
    QCOMPARE(got, labels);
    QVERIFY(scale.max() >= max);
    QCOMPARE(scale.fraction(scale.max()), 1.0);
}

void TestRender::svgIsValidXml_data()
{
    QTest::addColumn<QString>("what");
    QTest::addColumn<QString>("style");
    for (const QString &style : ChartStyle::presetNames())
        for (const char *what : {"rebuild", "store", "empty", "chain", "untimed", "no-bars", "hostile title"})
            QTest::newRow(qPrintable(QStringLiteral("%1 %2").arg(QLatin1String(what), style)))
                << QString::fromLatin1(what) << style;
}

void TestRender::svgIsValidXml()
{
    QFETCH(QString, what);
    QFETCH(QString, style);
    const ChartStyle st = *ChartStyle::fromName(style);
    QByteArray svg;
    if (what == QLatin1String("rebuild"))
        svg = ChartRenderer::toSvg(rebuildBars(), {}, st);
    else if (what == QLatin1String("store"))
        svg = ChartRenderer::toSvg(storeBars(), {}, st);
    else if (what == QLatin1String("empty"))
        svg = ChartRenderer::toSvg(BarChartData{}, {}, st);
    else if (what == QLatin1String("chain"))
        svg = ChartRenderer::toSvg(chainTimeline(), {}, st);
    else if (what == QLatin1String("untimed"))
        svg = ChartRenderer::toSvg(TimelineData{.timed = false}, {}, st);
    else if (what == QLatin1String("hostile title")) {
        // Names come from users' workspaces: markup in a title must stay text.
        BarChartData d = rebuildBars();
        d.title = QStringLiteral("x<script>alert(1)</script> & <b");
        d.subtitle = QStringLiteral("a \"quoted\" <subtitle>");
        svg = ChartRenderer::toSvg(d, {}, st);
        QVERIFY(!svg.contains("<script"));
    } else
        svg = ChartRenderer::toSvg(TimelineData{.title = QStringLiteral("noop")}, {}, st);
    const SvgFacts facts = readSvg(svg);
    QVERIFY2(facts.valid, qPrintable(facts.error));
    // The background is one shape in the style's colour.
    QVERIFY(facts.fills.count(st.background.name()) > 0);
}

void TestRender::oneElementPerBar_data()
{
    QTest::addColumn<QString>("which");
    QTest::addColumn<QString>("style");
    for (const QString &style : ChartStyle::presetNames()) {
        QTest::newRow(qPrintable(QStringLiteral("rebuild cost (gaps, failures, whiskers) ") + style))
            << "rebuild" << style;
        QTest::newRow(qPrintable(QStringLiteral("store cost (bytes, a gap) ") + style)) << "store" << style;
        QTest::newRow(qPrintable(QStringLiteral("one series, one category ") + style)) << "single" << style;
    }
}

void TestRender::oneElementPerBar()
{
    QFETCH(QString, which);
    QFETCH(QString, style);
    BarChartData d = which == QLatin1String("rebuild") ? rebuildBars() : storeBars();
    if (which == QLatin1String("single")) {
        d.categories = d.categories.mid(0, 1);
        d.series.resize(1);
        d.series[0].values.resize(1);
    }
    const ChartStyle st = *ChartStyle::fromName(style);
    const SvgFacts facts = readSvg(ChartRenderer::toSvg(d, {}, st));
    QVERIFY2(facts.valid, qPrintable(facts.error));
    int placeholders = 0;
    for (const auto &s : d.series) {
        const QString color = st.seriesColor(s).name();
        // One shape per present bar, plus the series' one legend swatch.
        QCOMPARE(facts.fills.count(color) ? facts.fills.at(color) : 0, presentValues(s, false) + 1);
        placeholders += presentValues(s, true);
    }
    if (placeholders) {
        // Failed cells without a time are shapes too, in neither a series colour nor the background.
        int other = 0;
        for (const auto &[fill, count] : facts.fills) {
            bool known =
                fill == QLatin1String("none") || fill == st.background.name() || fill == st.text.name();
            for (const auto &s : d.series)
                known = known || fill == st.seriesColor(s).name();
            if (!known)
                other += count;
        }
        QCOMPARE(other, placeholders);
        QVERIFY(facts.texts.contains(QStringLiteral("failed")));
        QVERIFY(facts.texts.contains(QStringLiteral("cancelled")));
        QVERIFY(facts.texts.contains(QStringLiteral("runs cancelled"))); // the legend
    }
    // Every gap is labelled.
    int gaps = 0;
    for (const auto &s : d.series)
        for (const auto &v : s.values)
            gaps += v ? 0 : 1;
    QCOMPARE(static_cast<int>(facts.texts.count(QStringLiteral("—"))), gaps);
    for (const QString &category : d.categories)
        QVERIFY2(facts.texts.join(QLatin1Char(' ')).contains(category.left(4)), qPrintable(category));
}

void TestRender::emptyChartSaysNoMeasurements()
{
    BarChartData d;
    d.title = QStringLiteral("Rebuild cost per step — app");
    const SvgFacts facts = readSvg(ChartRenderer::toSvg(d, QSize(600, 400)));
    QVERIFY(facts.valid);
    QVERIFY(facts.texts.contains(QStringLiteral("no measurements")));
    QVERIFY(facts.texts.contains(d.title));
    // Categories and series without a single value are empty too.
    d.categories = {QStringLiteral("cold")};
    d.series.push_back(BarSeries{QStringLiteral("monolithic"),
                                 StrategyColors::of(QStringLiteral("monolithic")).hex,
                                 true,
                                 {std::nullopt}});
    QVERIFY(
        readSvg(ChartRenderer::toSvg(d, QSize(600, 400))).texts.contains(QStringLiteral("no measurements")));
    const QImage image = ChartRenderer::toImage(d, QSize(600, 400));
    QCOMPARE(image.size(), QSize(600, 400));
    // A zero-sized request falls back to the style's size instead of an empty image.
    QCOMPARE(ChartRenderer::toImage(d, QSize(0, 0)).size(), ChartStyle::report().defaultSize);
}

void TestRender::cellsWithoutTime_data()
{
    QTest::addColumn<QString>("outcomes"); // deps-split's cold runs
    QTest::addColumn<QString>("drawn");    // its cell in the chart: time, failed, cancelled, gap
    QTest::newRow("every run cancelled") << "cancelled|cancelled"
                                         << "cancelled";
    QTest::newRow("some cancelled, some succeeded") << "succeeded|cancelled"
                                                    << "time";
    QTest::newRow("every run failed") << "failed|failed"
                                      << "failed";
    QTest::newRow("none run") << ""
                              << "gap";
}

// A cell's runs as the rebuild-cost chart draws them, in SVG and in the PDF (the same painter draws
// PNGs): a cancelled cell says "cancelled" (and the legend explains its dashed box), not "—".
void TestRender::cellsWithoutTime()
{
    QFETCH(QString, outcomes);
    QFETCH(QString, drawn);
    const Session session = cellSession(outcomes);
    const SessionSummary summary(session);
    const BarChartData d = ChartDataBuilder::rebuildCost(summary, QStringLiteral("app"));
    for (const ChartStyle &st : {ChartStyle::report(), ChartStyle::dark()}) {
        const SvgFacts facts = readSvg(ChartRenderer::toSvg(d, {}, st));
        QVERIFY2(facts.valid, qPrintable(facts.error));
        QCOMPARE(facts.texts.count(QStringLiteral("cancelled")), drawn == QLatin1String("cancelled") ? 1 : 0);
        QCOMPARE(facts.texts.contains(QStringLiteral("runs cancelled")), drawn == QLatin1String("cancelled"));
        QCOMPARE(facts.texts.count(QStringLiteral("failed")), drawn == QLatin1String("failed") ? 1 : 0);
        QCOMPARE(facts.texts.contains(QStringLiteral("a run failed")), drawn == QLatin1String("failed"));
        QCOMPARE(facts.texts.count(QStringLiteral("—")), drawn == QLatin1String("gap") ? 1 : 0);
        QCOMPARE(facts.texts.contains(QStringLiteral("no measurement")), drawn == QLatin1String("gap"));
        // deps-split's colour: its legend swatch, plus its bar when it has a time.
        const QString color = st.seriesColor(d.series[1]).name();
        QCOMPARE(facts.fills.count(color) ? facts.fills.at(color) : 0,
                 drawn == QLatin1String("time") ? 2 : 1);
        // A placeholder is one shape in neither a series colour, the text's nor the background.
        int other = 0;
        for (const auto &[fill, count] : facts.fills)
            if (fill != QLatin1String("none") && fill != st.background.name() && fill != st.text.name() &&
                fill != color && fill != st.seriesColor(d.series[0]).name())
                other += count;
        QCOMPARE(other, drawn == QLatin1String("cancelled") || drawn == QLatin1String("failed") ? 1 : 0);
    }

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cells.pdf"));
    QString error;
    QVERIFY2(PdfReport::write(session, path, &error), qPrintable(error));
    QString why;
    const QString page1 = pdfToText(path, 1, 1, &why);
    if (!why.isEmpty())
        QSKIP(qPrintable(why));
    const QString all = pdfToText(path, 1, 99, &why);
    // The summary table words the cell as the HTML and Markdown tables do; the chart's legend too.
    QCOMPARE(page1.contains(QStringLiteral("cancelled")), outcomes.contains(QLatin1String("cancelled")));
    QCOMPARE(all.contains(QStringLiteral("runs cancelled")), drawn == QLatin1String("cancelled"));
}

// A cell whose every run failed has no time: its mark must not grow with the plot as a bar would
// (a hatched bar a fifth of the plot high read as a time). Counted in pixels of the failure's fill.
void TestRender::failedCellIsAMarkerNotABar()
{
    const Session session = cellSession(QStringLiteral("failed|failed"));
    const SessionSummary summary(session);
    const BarChartData d = ChartDataBuilder::rebuildCost(summary, QStringLiteral("app"));
    const ChartStyle st = ChartStyle::report();
    const QColor fill = ChartPalette::blend(st.failed, st.background, 0.14);
    auto failedPixels = [&](int height) {
        const QImage image = ChartRenderer::toImage(d, QSize(700, height), 1.0, st);
        int n = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                n += QColor(image.pixel(x, y)).name() == fill.name() ? 1 : 0;
        return n;
    };
    const int small = failedPixels(400);
    const int tall = failedPixels(1200);
    QVERIFY2(small > 0, "the failed marker is drawn");
    QVERIFY2(tall <= small * 1.1,
             qPrintable(QStringLiteral("%1 pixels at 400 px, %2 at 1200 px").arg(small).arg(tall)));
    const SvgFacts facts = readSvg(ChartRenderer::toSvg(d, {}, st));
    QVERIFY(facts.texts.contains(QStringLiteral("failed")));
}

// A strategy's colour is its own, not its place in a session: monolithic is the same blue whether
// it ran first or last, in the chart data, the renderer's styles and the legend (which says
// "(model)" for a layout model).
void TestRender::strategyColoursFixedAcrossSessions()
{
    Session a = sampleSession();
    Session b = sampleSession();
    b.strategies = {QStringLiteral("per-crate"), QStringLiteral("monolithic"), QStringLiteral("deps-split")};
    std::stable_sort(b.measurements.begin(), b.measurements.end(),
                     [&](const Measurement &x, const Measurement &y) {
                         return b.strategies.indexOf(x.strategy) < b.strategies.indexOf(y.strategy);
                     });
    const SessionSummary sa(a), sb(b);
    QCOMPARE_NE(sa.strategies(), sb.strategies());
    const BarChartData da = ChartDataBuilder::rebuildCost(sa, QStringLiteral("app"));
    const BarChartData db = ChartDataBuilder::rebuildCost(sb, QStringLiteral("app"));
    QSet<QString> colours;
    for (const BarSeries &x : da.series) {
        const auto y = std::find_if(db.series.begin(), db.series.end(),
                                    [&](const BarSeries &s) { return s.name == x.name; });
        QVERIFY(y != db.series.end());
        QCOMPARE(y->color, x.color);
        QCOMPARE(x.color, StrategyColors::of(x.name).hex);
        QVERIFY(x.model); // the three offline layout models
        for (const ChartStyle &st : {ChartStyle::report(), ChartStyle::dark()})
            QCOMPARE(st.seriesColor(*y), st.seriesColor(x));
        colours.insert(x.color);
    }
    QCOMPARE(colours.size(), 3);
    // Both SVGs carry the same swatch for the same strategy, under a legend naming it a model.
    const SvgFacts fa = readSvg(ChartRenderer::toSvg(da));
    const SvgFacts fb = readSvg(ChartRenderer::toSvg(db));
    for (const QString &id : sa.strategies()) {
        const QString hex = ChartPalette::strategyColor(id).name();
        QVERIFY2(fa.fills.count(hex) && fb.fills.count(hex), qPrintable(id));
        QCOMPARE(fa.fills.at(hex), fb.fills.at(hex));
        QVERIFY2(fa.texts.contains(id + QStringLiteral(" (model)")), qPrintable(id));
    }
    // The tools and their models: one hue family, never the same colour; unknown ids get a colour
    // of their own, the same every time.
    QStringList seen;
    for (const auto &e : StrategyColors::known()) {
        QVERIFY2(!seen.contains(e.hex), qPrintable(e.id));
        seen << e.hex;
    }
    QCOMPARE(StrategyColors::known().size(), std::size_t(7));
    QVERIFY(!StrategyColors::of(QStringLiteral("crane")).model);
    QVERIFY(StrategyColors::of(QStringLiteral("deps-split")).model);
    const QString custom = StrategyColors::of(QStringLiteral("my-own-flake")).hex;
    QCOMPARE(StrategyColors::of(QStringLiteral("my-own-flake")).hex, custom);
    QVERIFY(QColor(custom).isValid());
    QVERIFY(!seen.contains(custom));
    QVERIFY(StrategyColors::of(QStringLiteral("another-flake")).hex != custom);
}

void TestRender::imageHasRequestedSize_data()
{
    QTest::addColumn<QString>("style");
    QTest::addColumn<QSize>("size");
    QTest::addColumn<qreal>("ratio");
    QTest::addColumn<QSize>("pixels");
    QTest::newRow("report default") << "report" << QSize() << 1.0 << QSize(1000, 560);
    QTest::newRow("slides default: 1920x1080") << "slides" << QSize() << 1.0 << QSize(1920, 1080);
    QTest::newRow("dark, asked size") << "dark" << QSize(640, 360) << 1.0 << QSize(640, 360);
    QTest::newRow("report at 2x") << "report" << QSize(800, 450) << 2.0 << QSize(1600, 900);
    QTest::newRow("tiny") << "report" << QSize(60, 40) << 1.0 << QSize(60, 40);
}

void TestRender::imageHasRequestedSize()
{
    QFETCH(QString, style);
    QFETCH(QSize, size);
    QFETCH(qreal, ratio);
    QFETCH(QSize, pixels);
    const ChartStyle st = *ChartStyle::fromName(style);
    for (const QImage &image :
         {ChartRenderer::toImage(rebuildBars(), size, ratio, st),
          ChartRenderer::toImage(chainTimeline(), size.isEmpty() ? st.defaultSize : size, ratio, st)}) {
        QCOMPARE(image.size(), pixels);
        QCOMPARE(image.devicePixelRatio(), ratio);
        QImage decoded;
        QVERIFY(decoded.loadFromData(ChartRenderer::toPng(image), "PNG"));
        QCOMPARE(decoded.size(), pixels);
        // The style's background, and something drawn on it.
        QCOMPARE(decoded.pixelColor(0, 0).rgb(), st.background.rgb());
        bool drawn = false;
        for (int y = 0; y < decoded.height() && !drawn; y += 3)
            for (int x = 0; x < decoded.width() && !drawn; x += 3)
                drawn = decoded.pixel(x, y) != decoded.pixel(0, 0);
        QVERIFY(drawn);
    }
}

void TestRender::outputIsDeterministic()
{
    const BarChartData bars = rebuildBars();
    const TimelineData timeline = chainTimeline();
    for (const ChartStyle &st : {ChartStyle::report(), ChartStyle::dark(), ChartStyle::slides()}) {
        QCOMPARE(ChartRenderer::toSvg(bars, {}, st), ChartRenderer::toSvg(bars, {}, st));
        QCOMPARE(ChartRenderer::toSvg(timeline, {}, st), ChartRenderer::toSvg(timeline, {}, st));
        QCOMPARE(ChartRenderer::toPng(ChartRenderer::toImage(bars, {}, 1, st)),
                 ChartRenderer::toPng(ChartRenderer::toImage(bars, {}, 1, st)));
    }
    // And the output depends on the data: a different value, a different chart.
    BarChartData other = bars;
    other.series[0].values[0]->value += 10;
    QVERIFY(ChartRenderer::toSvg(other) != ChartRenderer::toSvg(bars));
}

void TestRender::chainTimelineHasThreeRows()
{
    const TimelineData t = chainTimeline();
    QVERIFY(t.timed);
    QCOMPARE(t.bars.size(), std::size_t(3));
    const SvgFacts facts = readSvg(ChartRenderer::toSvg(t));
    QVERIFY2(facts.valid, qPrintable(facts.error));
    // One row per derivation: its name, its bar in the status colour (plus the legend swatch).
    for (const auto &b : t.bars)
        QCOMPARE(facts.texts.count(b.name), 1);
    QCOMPARE(facts.fills.at(ChartPalette::statusColor(BuildStatus::Built).name()), 3 + 1);
    QVERIFY(facts.texts.contains(QStringLiteral("critical path")));
}

void TestRender::timelinePhasesInTheirColours_data()
{
    QTest::addColumn<QString>("style");
    for (const QString &style : ChartStyle::presetNames())
        QTest::newRow(qPrintable(style)) << style;
}

// Phases are drawn in their own colours (the app's timeline uses the same ones), each named in
// the legend in stdenv's order; the bars keep their status colour.
void TestRender::timelinePhasesInTheirColours()
{
    QFETCH(QString, style);
    const ChartStyle st = *ChartStyle::fromName(style);
    const TimelineData t = manyRows(3);
    const SvgFacts facts = readSvg(ChartRenderer::toSvg(t, {}, st));
    QVERIFY2(facts.valid, qPrintable(facts.error));
    const QStringList legend = facts.texts.filter(QStringLiteral(" phase"));
    QCOMPARE(legend, (QStringList{QStringLiteral("unpack phase"), QStringLiteral("build phase"),
                                  QStringLiteral("install phase")}));
    for (const char *phase : {"unpackPhase", "buildPhase", "installPhase"}) {
        const QString color = ChartPalette::phaseColor(QString::fromLatin1(phase)).name();
        QVERIFY2(facts.fills.count(color) && facts.fills.at(color) == 3 + 1,
                 qPrintable(color)); // a strip per bar, a swatch
    }
    QCOMPARE(facts.fills.at(st.statusColor(BuildStatus::Built).name()), 3 + 1);
    // Phases stdenv does not know share one colour, apart from the known ones and the statuses.
    const QColor other = ChartPalette::phaseColor(QStringLiteral("distPhase"));
    QCOMPARE(ChartPalette::phaseColor(QStringLiteral("myOwnPhase")), other);
    QVERIFY(ChartPalette::phaseRank(QStringLiteral("unpackPhase")) <
            ChartPalette::phaseRank(QStringLiteral("installPhase")));
    QVERIFY(ChartPalette::phaseRank(QStringLiteral("installPhase")) <
            ChartPalette::phaseRank(QStringLiteral("myOwnPhase")));
    for (const BuildStatus s :
         {BuildStatus::Built, BuildStatus::Failed, BuildStatus::Interrupted, BuildStatus::Running})
        for (const char *phase : {"unpackPhase", "buildPhase", "installPhase", "other"})
            QVERIFY(ChartPalette::phaseColor(QString::fromLatin1(phase)) != st.statusColor(s));
}

void TestRender::textOnFills_data()
{
    QTest::addColumn<QColor>("fill");
    QTest::addColumn<QColor>("text");
    const QColor dark(0x111111), white(Qt::white);
    QTest::newRow("white") << QColor(Qt::white) << dark;
    QTest::newRow("black") << QColor(Qt::black) << white;
    QTest::newRow("built green") << ChartPalette::statusColor(BuildStatus::Built) << white;
    QTest::newRow("series orange") << ChartPalette::strategyColor(QStringLiteral("naersk")) << dark;
    QTest::newRow("series green") << ChartPalette::strategyColor(QStringLiteral("crane")) << white;
    // Encoded luminance 0.53: black and white contrast alike near 0.46, so dark text here.
    QTest::newRow("mid grey") << QColor(0x878787) << dark;
    QTest::newRow("darker grey") << QColor(0x707070) << white;
}

void TestRender::textOnFills()
{
    QFETCH(QColor, fill);
    QFETCH(QColor, text);
    QCOMPARE(ChartPalette::textOn(fill), text);
    // A blend's ends are its colours; halfway is between them.
    QCOMPARE(ChartPalette::blend(fill, Qt::white, 1).name(), fill.name());
    QCOMPARE(ChartPalette::blend(fill, Qt::white, 0).name(), QColor(Qt::white).name());
    const QColor half = ChartPalette::blend(QColor(Qt::black), QColor(Qt::white), 0.5);
    QCOMPARE(half.name(), QStringLiteral("#808080"));
}

void TestRender::untimedLogHasNoTimeline()
{
    const auto read = LogFileReader::read(fixture(QStringLiteral("chain-plain.log")));
    QVERIFY(read.ok);
    const TimelineData t = ChartDataBuilder::timeline(read.report, QStringLiteral("chain (plain stderr)"));
    QVERIFY(!t.timed);
    const SvgFacts facts = readSvg(ChartRenderer::toSvg(t));
    QVERIFY(facts.valid);
    QVERIFY(facts.texts.contains(QStringLiteral("no timeline: untimed log")));
    QCOMPARE(ChartRenderer::toImage(t, QSize(500, 300)).size(), QSize(500, 300));
}

void TestRender::thousandsOfDerivationsRender()
{
    const TimelineData t = manyRows(5000);
    for (const ChartStyle &st : {ChartStyle::report(), ChartStyle::slides()}) {
        const QImage image = ChartRenderer::toImage(t, {}, 1, st);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), ChartRenderer::sizeFor(t, st));
    }
    const SvgFacts facts = readSvg(ChartRenderer::toSvg(t, QSize(1000, 800)));
    QVERIFY2(facts.valid, qPrintable(facts.error));
    // Every derivation still has its bar; rows too thin for names say so.
    QCOMPARE(facts.fills.at(ChartPalette::statusColor(BuildStatus::Failed).name()), 5000 / 97 + 1 + 1);
    QVERIFY(facts.texts.filter(QStringLiteral("too many rows for names")).size() == 1);
}

void TestRender::timelineSizeGrowsWithRows()
{
    const ChartStyle st = ChartStyle::report();
    const QSize small = ChartRenderer::sizeFor(chainTimeline(), st);
    const QSize large = ChartRenderer::sizeFor(manyRows(200), st);
    QCOMPARE(small.width(), st.defaultSize.width());
    QVERIFY(large.height() > small.height());
    QVERIFY(ChartRenderer::sizeFor(manyRows(5000), st).height() <= 6000);
    QCOMPARE(ChartRenderer::sizeFor(manyRows(200), ChartStyle::slides()), ChartStyle::slides().defaultSize);
}

void TestRender::pdfFirstPageHoldsSummary()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("report.pdf"));
    const Session session = sampleSession();
    QString error;
    QVERIFY2(PdfReport::write(session, path, &error), qPrintable(error));
    QVERIFY(error.isEmpty());
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QVERIFY(bytes.startsWith("%PDF-"));
    keep(QStringLiteral("report.pdf"), bytes);
    QString why;
    const QString page1 = pdfToText(path, 1, 1, &why);
    if (!why.isEmpty())
        QSKIP(qPrintable(why));
    // The summary table's numbers: each cell's median, built count and factor, and the winner.
    const SessionSummary summary(session);
    for (const auto &c : summary.cells()) {
        const QString median = ChartDataBuilder::formatSeconds(c.wallS.median);
        QVERIFY2(page1.contains(median),
                 qPrintable(c.strategy + QLatin1Char(' ') + c.step + QStringLiteral(": ") + median));
        if (c.relative && !c.fastest)
            QVERIFY2(page1.contains(QStringLiteral("×%1").arg(*c.relative, 0, 'f', 2)),
                     qPrintable(c.strategy + QLatin1Char(' ') + c.step));
    }
    for (const QString &step : summary.steps())
        QVERIFY2(page1.contains(step), qPrintable(step));
    QVERIFY(page1.contains(QStringLiteral("monolithic")));
    // Searchable as written: no ligature glyphs standing for "ff" or "fl".
    QVERIFY2(page1.contains(QStringLiteral("Flakeoff report")), qPrintable(page1.left(200)));
    QVERIFY(!page1.contains(QStringLiteral("failed"), Qt::CaseInsensitive));
    // Later pages: derivation tables and the environment.
    const QString rest = pdfToText(path, 2, 99, &why);
    QVERIFY(rest.contains(QStringLiteral("deps-split-crate0-0.1.0")));
    QVERIFY(rest.contains(session.environment.nixVersion));
    QVERIFY(rest.contains(QStringLiteral("needs network access")));
}

// Page 1 gives the answer (who is quickest, by how much, whether it is real) and each factor with its
// interval; no page but the last ends in its top two fifths (a section's last lines alone on a
// page, as the prediction's error and the environment's steps were).
void TestRender::pdfAnswerFirstAndNoNearlyEmptyPage()
{
    QString error;
    const auto session =
        SessionStore::load(QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/sessions/predicted.json"), &error);
    QVERIFY2(session, qPrintable(error));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("predicted.pdf"));
    QVERIFY2(PdfReport::write(*session, path, &error), qPrintable(error));
    QString why;
    const QString page1 = pdfToText(path, 1, 1, &why);
    if (!why.isEmpty())
        QSKIP(qPrintable(why));
    const QString simplified = page1.simplified();
    const QString answer = ReportWording::answer(SessionSummary(*session), QStringLiteral("app"))
                               .split(QLatin1Char('\n'))
                               .front()
                               .simplified();
    QVERIFY2(simplified.contains(answer.left(60)), qPrintable(answer));
    QVERIFY(simplified.contains(QStringLiteral("per-crate: break-eval not run (generate failed)")));
    const SessionSummary summary(*session);
    for (const auto &c : summary.cells())
        if (c.comparison && c.comparison->low && !c.quickest)
            QVERIFY2(simplified.contains(ReportWording::relative(c)), qPrintable(ReportWording::relative(c)));

    const QString tool = QStandardPaths::findExecutable(QStringLiteral("pdftoppm"));
    if (tool.isEmpty())
        QSKIP("pdftoppm (poppler-utils) is not installed");
    QProcess p;
    p.start(tool, {QStringLiteral("-r"), QStringLiteral("20"), QStringLiteral("-png"), path,
                   dir.filePath(QStringLiteral("page"))});
    QVERIFY(p.waitForFinished(60000) && p.exitCode() == 0);
    QStringList pages = QDir(dir.path()).entryList({QStringLiteral("page-*.png")}, QDir::Files, QDir::Name);
    QVERIFY(pages.size() >= 3);
    pages.removeLast();
    for (const QString &name : pages) {
        const QImage image(dir.filePath(name));
        QVERIFY(!image.isNull());
        // The lowest inked row above the footer (its last 8% of the page).
        int lowest = 0;
        for (int y = 0; y < image.height() * 92 / 100; ++y)
            for (int x = 0; x < image.width(); ++x)
                if (QColor(image.pixel(x, y)).lightness() < 200) {
                    lowest = y;
                    break;
                }
        QVERIFY2(
            lowest > image.height() * 2 / 5,
            qPrintable(QStringLiteral("%1 ends at %2 of %3 px").arg(name).arg(lowest).arg(image.height())));
    }
}

void TestRender::pdfHasThePredictionPage_data()
{
    QTest::addColumn<QString>("change");
    QTest::newRow("as recorded") << QString();
    QTest::newRow("a missed rebuild") << QStringLiteral("drop");
    QTest::newRow("no prediction") << QStringLiteral("none");
}

void TestRender::pdfHasThePredictionPage()
{
    // A real run of the offline models with its real prediction (tests/data/sessions/README.md).
    QFETCH(QString, change);
    QString error;
    auto session =
        SessionStore::load(QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/sessions/predicted.json"), &error);
    QVERIFY2(session && session->prediction, qPrintable(error));
    QString dropped;
    if (change == QLatin1String("none")) {
        session->prediction.reset();
    } else if (change == QLatin1String("drop")) {
        for (auto &p : session->prediction->steps)
            if (p.strategy == QLatin1String("per-crate") && p.step == QLatin1String("edit-shared")) {
                dropped = p.rebuild.front().name;
                p.rebuild.erase(p.rebuild.begin());
            }
        QVERIFY(!dropped.isEmpty());
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("predicted.pdf"));
    QVERIFY2(PdfReport::write(*session, path, &error), qPrintable(error));
    QString why;
    const QString text = pdfToText(path, 1, 99, &why);
    if (!why.isEmpty())
        QSKIP(qPrintable(why));
    if (change == QLatin1String("none")) {
        QVERIFY(!text.contains(QStringLiteral("Predicted rebuilds")));
        return;
    }
    QVERIFY2(text.contains(QStringLiteral("Predicted rebuilds")), qPrintable(text.right(2000)));
    for (const auto &step : session->scenario.steps)
        QVERIFY2(text.contains(step.id), qPrintable(step.id));
    // Nix's own message where a step could not be evaluated.
    const StepPrediction *broken = session->prediction->find(
        QStringLiteral("monolithic"), QStringLiteral("break-eval"), QStringLiteral("app"));
    QVERIFY(broken && !broken->ok);
    QVERIFY2(text.contains(broken->error.section(QLatin1Char('\n'), 0, 0).left(40)),
             qPrintable(broken->error));
    if (change == QLatin1String("drop")) {
        QVERIFY2(text.contains(dropped), qPrintable(dropped));
        QVERIFY2(text.contains(QStringLiteral("built but not predicted")), qPrintable(text.right(2000)));
    } else {
        QVERIFY2(text.contains(QStringLiteral("23 of 23 measured cells as predicted")),
                 qPrintable(text.right(3000)));
    }
}

void TestRender::pdfSaysWhenSessionFailed_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("says");
    QTest::newRow("failed") << static_cast<int>(Session::Status::Failed) << "nix daemon went away";
    QTest::newRow("cancelled") << static_cast<int>(Session::Status::Cancelled) << "cancelled";
    QTest::newRow("still running") << static_cast<int>(Session::Status::Running) << "incomplete";
}

void TestRender::pdfSaysWhenSessionFailed()
{
    QFETCH(int, status);
    QFETCH(QString, says);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("report.pdf"));
    QString error;
    QVERIFY2(PdfReport::write(sampleSession(static_cast<Session::Status>(status)), path, &error),
             qPrintable(error));
    QString why;
    const QString page1 = pdfToText(path, 1, 1, &why);
    if (!why.isEmpty())
        QSKIP(qPrintable(why));
    QVERIFY2(page1.contains(says, Qt::CaseInsensitive), qPrintable(page1.left(600)));
}

void TestRender::pdfOfEmptySession()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("empty.pdf"));
    Session s;
    s.status = Session::Status::Cancelled;
    QString error;
    QVERIFY2(PdfReport::write(s, path, &error), qPrintable(error));
    QString why;
    const QString page1 = pdfToText(path, 1, 1, &why);
    if (!why.isEmpty())
        QSKIP(qPrintable(why));
    QVERIFY(page1.contains(QStringLiteral("no measurements"), Qt::CaseInsensitive));
}

void TestRender::pdfUnwritablePath()
{
    QTemporaryDir dir;
    QString error;
    // A directory where the file should be, and a folder that does not exist.
    QVERIFY(!PdfReport::write(sampleSession(), dir.path(), &error));
    QVERIFY2(error.contains(dir.path()), qPrintable(error));
    error.clear();
    const QString missing = dir.filePath(QStringLiteral("no/such/folder/report.pdf"));
    QVERIFY(!PdfReport::write(sampleSession(), missing, &error));
    QVERIFY2(error.contains(missing), qPrintable(error));
    QVERIFY(!QFile::exists(missing));
    // A null error pointer is allowed.
    QVERIFY(!PdfReport::write(sampleSession(), missing, nullptr));
}

// Every chart kind in every style renders to a non-empty PNG/SVG (kept under FLAKEOFF_RENDER_OUT).
void TestRender::everyChartInEveryStyle()
{
    const auto chain = chainTimeline();
    const auto many = manyRows(120);
    const auto huge = manyRows(5000);
    const auto parallel = ChartDataBuilder::timeline(
        LogFileReader::read(fixture(QStringLiteral("keep-going.flog"))).report, QStringLiteral("keep-going"));
    for (const ChartStyle &st : {ChartStyle::report(), ChartStyle::dark(), ChartStyle::slides()}) {
        const QString s = st.name;
        keep(QStringLiteral("rebuild-%1.png").arg(s),
             ChartRenderer::toPng(ChartRenderer::toImage(rebuildBars(), {}, 1, st)));
        keep(QStringLiteral("rebuild-%1.svg").arg(s), ChartRenderer::toSvg(rebuildBars(), {}, st));
        keep(QStringLiteral("store-%1.png").arg(s),
             ChartRenderer::toPng(ChartRenderer::toImage(storeBars(), {}, 1, st)));
        keep(QStringLiteral("empty-%1.png").arg(s),
             ChartRenderer::toPng(ChartRenderer::toImage(BarChartData{}, {}, 1, st)));
        keep(QStringLiteral("chain-%1.png").arg(s),
             ChartRenderer::toPng(ChartRenderer::toImage(chain, {}, 1, st)));
        keep(QStringLiteral("keepgoing-%1.png").arg(s),
             ChartRenderer::toPng(ChartRenderer::toImage(parallel, {}, 1, st)));
        keep(QStringLiteral("many-%1.png").arg(s),
             ChartRenderer::toPng(ChartRenderer::toImage(many, {}, 1, st)));
        keep(QStringLiteral("huge-%1.png").arg(s),
             ChartRenderer::toPng(ChartRenderer::toImage(huge, {}, 1, st)));
    }
}

QTEST_MAIN(TestRender)
#include "tst_render.moc"
