// SPDX-License-Identifier: MIT
// flakeoff-bench-parse: throughput and peak memory of the log engine on large, real-shaped Nix
// logs — one made mostly of build-log lines, one mostly of substitutions and their progress
// results — each against a baseline that only reads the same file and splits it into lines.
#include "LogGenerator.h"

#include "log/BuildReport.h"
#include "log/LineReader.h"
#include "log/LogFileReader.h"
#include "log/LogStream.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#ifndef FLAKEOFF_BENCH_BUILD_TYPE
#define FLAKEOFF_BENCH_BUILD_TYPE "unknown"
#endif

using namespace flakeoff;
using json = nlohmann::json;

namespace {

constexpr double kRatioGoal = 0.25; // full parse at ≥ 1/4 of the speed of just splitting lines
constexpr double kMemoryGoal = 2.0; // peak RSS growth < 2× the log's size

// The baseline's sink: touches every line so the split cannot be optimised away.
class CountingSink final : public LineSink
{
public:
    void onLine(const RawLine &line) override
    {
        ++lines;
        bytes += line.text.size();
        if (!line.text.empty() && line.text.front() == '#')
            ++hashLines;
    }
    std::int64_t lines = 0;
    std::int64_t hashLines = 0;
    std::uint64_t bytes = 0;
};

struct Samples
{
    std::vector<double> seconds;
    double median() const
    {
        std::vector<double> s = seconds;
        std::sort(s.begin(), s.end());
        const std::size_t n = s.size();
        return n == 0 ? 0 : (n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2);
    }
    double best() const { return seconds.empty() ? 0 : *std::min_element(seconds.begin(), seconds.end()); }
};

double timeIt(const std::function<void()> &fn)
{
    const auto start = std::chrono::steady_clock::now();
    fn();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Reads `path` in LogFileReader's chunk size and hands every chunk to `feed`.
bool readChunks(const QString &path, const std::function<void(std::string_view)> &feed)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    std::vector<char> buffer(LogFileReader::kChunkBytes);
    for (;;) {
        const qint64 n = file.read(buffer.data(), static_cast<qint64>(buffer.size()));
        if (n < 0)
            return false;
        if (n == 0)
            return true;
        feed(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    }
}

// VmRSS / VmHWM of this process in bytes, from /proc/self/status (-1 when unavailable).
std::int64_t procStatusBytes(const std::string &key)
{
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key + ":", 0) == 0)
            return std::stoll(line.substr(key.size() + 1)) * 1024;
    return -1;
}

// Resets VmHWM to the current RSS (Linux ≥ 4.0), so each run's peak is its own.
bool resetPeakRss()
{
    std::ofstream out("/proc/self/clear_refs");
    out << "5";
    out.flush();
    return out.good();
}

// Peak RSS growth of one LogFileReader::read in this process: VmHWM after minus VmRSS before.
json memoryProbe(const QString &path)
{
    const bool reset = resetPeakRss();
    const std::int64_t before = procStatusBytes("VmRSS");
    const auto result = LogFileReader::read(path);
    const std::int64_t peak = procStatusBytes("VmHWM");
    return {{"ok", result.ok && before >= 0 && peak >= 0},
            {"rss_before", before},
            {"hwm_after", peak},
            {"reset", reset},
            {"lines", result.report.lineCount}};
}

// The same in a fresh process (this program with --memory-probe), so memory freed by earlier
// runs but still held by malloc cannot hide the parse's real peak.
json memoryProbeInChild(const QString &path)
{
    QProcess child;
    child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--memory-probe"), path});
    if (!child.waitForFinished(-1) || child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0)
        return {{"ok", false}};
    const json j = json::parse(child.readAllStandardOutput().toStdString(), nullptr, false);
    return j.is_object() ? j : json{{"ok", false}};
}

struct Measurement
{
    std::string shape;  // "builds" / "substitutions" (generated), "given" (--log)
    std::string format; // "saved" / "plain"
    QString path;
    std::uint64_t bytes = 0;
    std::int64_t lines = 0; // as split by the baseline (metadata lines included)
    std::int64_t hashLines = 0;
    Samples split, parse, stream;
    std::int64_t peakGrowth = -1;      // bytes, fresh process (see memoryProbeInChild)
    std::int64_t inProcessGrowth = -1; // bytes, the largest over the timed runs in this process
    std::int64_t childRssBefore = -1;
    bool peakReset = false;
    std::uint64_t fastPathHits = 0;
    BuildReport report; // of the last LogStream run
    bool savedFormat = false;
    std::vector<std::string> mismatches;

    double mbps(const Samples &s) const { return static_cast<double>(bytes) / 1e6 / s.median(); }
    double lps(const Samples &s) const { return static_cast<double>(lines) / s.median(); }
    double ratio() const { return split.median() / parse.median(); }
};

Measurement measure(const QString &path, const std::string &format, int runs)
{
    Measurement m;
    m.format = format;
    m.path = path;
    // Warm the page cache so every variant reads from memory alike.
    readChunks(path, [&](std::string_view c) { m.bytes += c.size(); });
    m.bytes = 0;

    // Baseline and parse alternate, run by run: a change of load or clock during the measurement
    // then slows both alike instead of one of them (the medians' ratio is what counts).
    for (int i = 0; i < runs; ++i) {
        CountingSink sink;
        LineReader reader(sink);
        std::uint64_t bytes = 0;
        m.split.seconds.push_back(timeIt([&] {
            readChunks(path, [&](std::string_view c) {
                bytes += c.size();
                reader.feed(c);
            });
            reader.finish();
        }));
        m.bytes = bytes;
        m.lines = sink.lines;
        m.hashLines = sink.hashLines;

        // The parse as the app does it, with its peak memory growth (VmHWM reset before each run).
        m.peakReset = resetPeakRss();
        const std::int64_t before = procStatusBytes("VmRSS");
        LogFileReader::Result result;
        m.parse.seconds.push_back(timeIt([&] { result = LogFileReader::read(path); }));
        const std::int64_t peak = procStatusBytes("VmHWM");
        if (before >= 0 && peak >= 0)
            m.inProcessGrowth = std::max(m.inProcessGrowth, peak - before);
        m.savedFormat = result.format == LogStream::Timing::Saved;
        if (!result.ok)
            m.mismatches.push_back("LogFileReader::read failed: " + result.error.toStdString());
    }
    const json probe = memoryProbeInChild(path);
    if (probe.value("ok", false)) {
        m.childRssBefore = probe.value("rss_before", std::int64_t{-1});
        m.peakGrowth = probe.value("hwm_after", std::int64_t{0}) - m.childRssBefore;
    }
    // The same pipeline through LogStream directly, for the parser's fast-path counter.
    for (int i = 0; i < runs; ++i) {
        LogStream stream(m.savedFormat ? LogStream::Timing::Saved : LogStream::Timing::Untimed);
        m.stream.seconds.push_back(timeIt([&] {
            readChunks(path, [&](std::string_view c) { stream.feed(c); });
            stream.finish();
        }));
        m.fastPathHits = stream.fastPathHits();
        m.report = stream.takeReport();
    }
    return m;
}

template <typename T> void expectEqual(Measurement &m, const char *what, T got, T want)
{
    if (got != want)
        m.mismatches.push_back(std::string(what) + ": report has " + std::to_string(got) + ", expected " +
                               std::to_string(want));
}

// The report must reproduce what was generated (or, for --log, what the line split saw).
void check(Measurement &m, const bench::GeneratedCounts *g)
{
    const BuildReport &r = m.report;
    expectEqual(m, "lines", r.lineCount, m.lines - (m.savedFormat ? m.hashLines : 0));
    if (!g)
        return;
    expectEqual(m, "lines (generated)", r.lineCount, g->lines);
    expectEqual(m, "events", r.eventCount, g->events);
    expectEqual(m, "output lines", r.outputLineCount, g->outputLines);
    expectEqual(m, "malformed lines", r.malformedCount, std::int64_t{0});
    expectEqual(m, "input problems", r.problemCount, std::int64_t{0});
    expectEqual(m, "messages", static_cast<std::int64_t>(r.messages.size()), g->keptMessages);
    expectEqual(m, "planned builds", static_cast<std::int64_t>(r.plannedBuilds.size()), g->plannedBuilds);
    expectEqual(m, "substitutions", static_cast<std::int64_t>(r.substitutions.size()),
                static_cast<std::int64_t>(g->substitutions));
    expectEqual(m, "substituted", r.substitutedCount(), static_cast<std::int64_t>(g->substitutions));
    expectEqual(m, "downloads", static_cast<std::int64_t>(r.transfers.size()),
                static_cast<std::int64_t>(g->substitutions));
    std::int64_t copied = 0, downloaded = 0;
    for (const auto &s : r.substitutions)
        copied += s.bytes;
    for (const auto &t : r.transfers)
        downloaded += t.done ? t.bytes : 0;
    expectEqual(m, "substituted bytes", copied, g->substitutedBytes);
    expectEqual(m, "downloaded bytes", downloaded, g->downloadedBytes);
    expectEqual(m, "copy-paths progress done", r.copyPathsProgress.done,
                static_cast<std::int64_t>(g->substitutions));
    expectEqual(m, "builds", static_cast<std::int64_t>(r.builds.size()),
                static_cast<std::int64_t>(g->builds));
    expectEqual(m, "built", r.countWithStatus(BuildStatus::Built),
                static_cast<std::int64_t>(g->builds - g->failed));
    expectEqual(m, "failed", r.countWithStatus(BuildStatus::Failed), static_cast<std::int64_t>(g->failed));
    expectEqual(m, "fast-path hits", static_cast<std::int64_t>(m.fastPathHits), g->fastPathEvents);
    std::int64_t wrong = 0;
    std::int64_t logLines = 0;
    for (std::size_t i = 0; i < r.builds.size() && i < g->logLinesPerBuild.size(); ++i) {
        logLines += r.builds[i].logLines;
        const bool failed = r.builds[i].status == BuildStatus::Failed;
        if (r.builds[i].logLines != g->logLinesPerBuild[i] || failed != g->failedBuild[i])
            ++wrong;
    }
    expectEqual(m, "build log lines", logLines, g->buildLogLines);
    expectEqual(m, "builds with wrong log lines or status", wrong, std::int64_t{0});
}

json samplesJson(const Measurement &m, const Samples &s)
{
    return {{"median_s", s.median()},
            {"best_s", s.best()},
            {"runs_s", s.seconds},
            {"mb_per_s", m.mbps(s)},
            {"lines_per_s", m.lps(s)}};
}

json toJson(const Measurement &m)
{
    const double growthRatio = static_cast<double>(m.peakGrowth) / static_cast<double>(m.bytes);
    return {{"shape", m.shape},
            {"format", m.format},
            {"file", m.path.toStdString()},
            {"bytes", m.bytes},
            {"lines", m.lines},
            {"builds", m.report.builds.size()},
            {"events", m.report.eventCount},
            {"baseline_split", samplesJson(m, m.split)},
            {"parse_log_file_reader", samplesJson(m, m.parse)},
            {"parse_log_stream", samplesJson(m, m.stream)},
            {"ratio", m.ratio()},
            {"ratio_goal", kRatioGoal},
            {"ratio_ok", m.ratio() >= kRatioGoal},
            {"peak_rss_growth_bytes", m.peakGrowth},
            {"peak_rss_growth_ratio", growthRatio},
            {"peak_rss_measured_in", "fresh process (VmHWM after - VmRSS before)"},
            {"process_rss_before_bytes", m.childRssBefore},
            {"in_process_peak_growth_bytes", m.inProcessGrowth},
            {"in_process_hwm_reset", m.peakReset},
            {"memory_goal_ratio", kMemoryGoal},
            {"memory_ok", m.peakGrowth >= 0 && growthRatio < kMemoryGoal},
            {"fast_path_hits", m.fastPathHits},
            {"fast_path_rate", static_cast<double>(m.fastPathHits) /
                                   static_cast<double>(std::max<std::int64_t>(1, m.report.eventCount))},
            {"report_ok", m.mismatches.empty()},
            {"mismatches", m.mismatches}};
}

void printHuman(const Measurement &m, int runs)
{
    const double growthRatio = static_cast<double>(m.peakGrowth) / static_cast<double>(m.bytes);
    std::printf("\n%s shape, %s log: %s\n  %.1f MB, %lld lines, %zu builds, %zu substitutions, %lld events\n",
                m.shape.c_str(), m.format.c_str(), qPrintable(m.path), static_cast<double>(m.bytes) / 1e6,
                static_cast<long long>(m.lines), m.report.builds.size(), m.report.substitutions.size(),
                static_cast<long long>(m.report.eventCount));
    std::printf("  %-36s %9s %9s %9s %12s\n", ("runs: " + std::to_string(runs)).c_str(), "median s", "best s",
                "MB/s", "lines/s");
    const auto row = [&](const char *name, const Samples &s) {
        std::printf("  %-36s %9.3f %9.3f %9.1f %12.0f\n", name, s.median(), s.best(), m.mbps(s), m.lps(s));
    };
    row("(a) baseline: read + split lines", m.split);
    row("(b) full parse: LogFileReader::read", m.parse);
    row("    same via LogStream (1 MiB chunks)", m.stream);
    std::printf("  %-36s %9.3f   (goal >= %.2f)  %s\n", "ratio parse/baseline (medians)", m.ratio(),
                kRatioGoal, m.ratio() >= kRatioGoal ? "met" : "MISSED");
    if (m.peakGrowth >= 0)
        std::printf("  %-36s %9.1f MB = %.3fx the log (goal < %.0fx)  %s\n"
                    "  %-36s (fresh process: VmHWM after - VmRSS %.1f MB before)\n",
                    "peak RSS growth during parse", static_cast<double>(m.peakGrowth) / 1e6, growthRatio,
                    kMemoryGoal, growthRatio < kMemoryGoal ? "met" : "MISSED", "",
                    static_cast<double>(m.childRssBefore) / 1e6);
    else
        std::printf("  %-36s unavailable (probe process failed)\n", "peak RSS growth during parse");
    std::printf("  %-36s %.2f%% of events (%llu of %lld)\n", "parser fast path",
                100.0 * static_cast<double>(m.fastPathHits) /
                    static_cast<double>(std::max<std::int64_t>(1, m.report.eventCount)),
                static_cast<unsigned long long>(m.fastPathHits), static_cast<long long>(m.report.eventCount));
    if (m.mismatches.empty()) {
        std::printf("  %-36s OK\n", "report counts check");
    } else {
        std::printf("  %-36s MISMATCH\n", "report counts check");
        for (const auto &s : m.mismatches)
            std::printf("    - %s\n", s.c_str());
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Measures the log engine on a large generated (or given) Nix internal-json log: throughput of a "
        "full parse against just splitting lines, peak memory, fast-path rate, and checks the report's "
        "counts."));
    parser.addHelpOption();
    const QCommandLineOption shapeOpt(
        QStringLiteral("shape"),
        QStringLiteral(
            "What the generated log is made of: builds (96% build-log lines), substitutions (paths fetched "
            "from a binary cache: mostly progress results, few build-log lines) or both (default)."),
        QStringLiteral("S"), QStringLiteral("both"));
    const QCommandLineOption linesOpt(QStringLiteral("lines"),
                                      QStringLiteral("Lines to generate (default 1000000)."),
                                      QStringLiteral("N"), QStringLiteral("1000000"));
    const QCommandLineOption buildsOpt(
        QStringLiteral("builds"),
        QStringLiteral("Builds to generate (default 2000; 20 for the substitutions shape)."),
        QStringLiteral("N"));
    const QCommandLineOption substitutionsOpt(
        QStringLiteral("substitutions"),
        QStringLiteral("Paths fetched in the substitutions shape (default 600)."), QStringLiteral("N"),
        QStringLiteral("600"));
    const QCommandLineOption jobsOpt(QStringLiteral("jobs"),
                                     QStringLiteral("Parallel builds, lines interleave (default 4)."),
                                     QStringLiteral("N"), QStringLiteral("4"));
    const QCommandLineOption failOpt(QStringLiteral("failures"),
                                     QStringLiteral("Failing builds (--keep-going; default 0)."),
                                     QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption runsOpt(QStringLiteral("runs"),
                                     QStringLiteral("Runs of each measurement (default 5, min 3)."),
                                     QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption formatOpt(QStringLiteral("format"),
                                       QStringLiteral("saved, plain or both (default both)."),
                                       QStringLiteral("F"), QStringLiteral("both"));
    const QCommandLineOption logOpt(QStringLiteral("log"),
                                    QStringLiteral("Measure this log instead of generating one."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption dirOpt(QStringLiteral("dir"),
                                    QStringLiteral("Folder for the generated logs (default: temp)."),
                                    QStringLiteral("DIR"), QDir::tempPath());
    const QCommandLineOption keepOpt(QStringLiteral("keep"), QStringLiteral("Keep the generated logs."));
    const QCommandLineOption seedOpt(QStringLiteral("seed"), QStringLiteral("Generator seed (default 42)."),
                                     QStringLiteral("N"), QStringLiteral("42"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"),
                                     QStringLiteral("Print one JSON object instead of tables."));
    QCommandLineOption probeOpt(QStringLiteral("memory-probe"),
                                QStringLiteral("Internal: parse FILE once, print memory figures as JSON."),
                                QStringLiteral("FILE"));
    probeOpt.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({shapeOpt, linesOpt, buildsOpt, substitutionsOpt, jobsOpt, failOpt, runsOpt, formatOpt,
                       logOpt, dirOpt, keepOpt, seedOpt, jsonOpt, probeOpt});
    parser.process(app);
    if (parser.isSet(probeOpt)) {
        const json j = memoryProbe(parser.value(probeOpt));
        std::printf("%s\n", j.dump().c_str());
        return j.value("ok", false) ? 0 : 1;
    }

    const bool asJson = parser.isSet(jsonOpt);
    const int runs = std::max(3, parser.value(runsOpt).toInt());
    const QString format = parser.value(formatOpt);
    if (format != QLatin1String("saved") && format != QLatin1String("plain") &&
        format != QLatin1String("both")) {
        std::fprintf(stderr, "flakeoff-bench-parse: --format must be saved, plain or both\n");
        return 2;
    }
    const QString shapeName = parser.value(shapeOpt);
    std::vector<bench::LogShape> shapes;
    if (shapeName == QLatin1String("builds") || shapeName == QLatin1String("both"))
        shapes.push_back(bench::LogShape::Builds);
    if (shapeName == QLatin1String("substitutions") || shapeName == QLatin1String("both"))
        shapes.push_back(bench::LogShape::Substitutions);
    if (shapes.empty()) {
        std::fprintf(stderr, "flakeoff-bench-parse: --shape must be builds, substitutions or both\n");
        return 2;
    }
    auto say = [&](const char *fmt, auto... args) {
        if (!asJson) {
            std::printf(fmt, args...);
            std::fflush(stdout);
        }
    };

    say("flakeoff-bench-parse (%s build); timings: median of %d runs [best], page cache warm\n",
        FLAKEOFF_BENCH_BUILD_TYPE, runs);

    std::vector<Measurement> results;
    json generated = json::object();
    std::unique_ptr<QTemporaryDir> tmp;
    if (parser.isSet(logOpt)) {
        results.push_back(measure(parser.value(logOpt), "given", runs));
        results.back().shape = "given";
        check(results.back(), nullptr);
    } else {
        tmp =
            std::make_unique<QTemporaryDir>(parser.value(dirOpt) + QStringLiteral("/flakeoff-bench-XXXXXX"));
        if (!tmp->isValid()) {
            std::fprintf(stderr, "flakeoff-bench-parse: cannot create a folder in %s\n",
                         qPrintable(parser.value(dirOpt)));
            return 2;
        }
        tmp->setAutoRemove(!parser.isSet(keepOpt));
        // Each shape measured in the same run, against its own split-only baseline.
        for (const bench::LogShape shape : shapes) {
            const bool subst = shape == bench::LogShape::Substitutions;
            const std::string name = subst ? "substitutions" : "builds";
            bench::GeneratorOptions opt;
            opt.shape = shape;
            opt.lines = parser.value(linesOpt).toLongLong();
            opt.builds =
                std::max(1, parser.isSet(buildsOpt) ? parser.value(buildsOpt).toInt() : (subst ? 20 : 2000));
            opt.substitutions = std::max(0, parser.value(substitutionsOpt).toInt());
            opt.jobs = std::max(1, parser.value(jobsOpt).toInt());
            opt.failures = std::max(0, parser.value(failOpt).toInt());
            opt.seed = parser.value(seedOpt).toULongLong();
            const QString base = QStringLiteral("generated-") + QString::fromStdString(name);
            const QString savedPath = tmp->filePath(base + QStringLiteral(".flog"));
            const QString plainPath = tmp->filePath(base + QStringLiteral("-plain.log"));
            bench::LogGenerator gen(opt);
            std::string error;
            bool written = false;
            const double genSeconds =
                timeIt([&] { written = gen.write(savedPath.toStdString(), plainPath.toStdString(), error); });
            if (!written) {
                std::fprintf(stderr, "flakeoff-bench-parse: %s\n", error.c_str());
                return 2;
            }
            const bench::GeneratedCounts &counts = gen.counts();
            const auto share = [&counts](std::int64_t n) {
                return 100.0 * static_cast<double>(n) /
                       static_cast<double>(std::max<std::int64_t>(1, counts.lines));
            };
            say("%s shape: generated %lld lines (%.1f%% build-log lines, %.1f%% progress results; %d builds, "
                "-j%d, %d "
                "failing; %d substitutions) in %.1f s%s\n",
                name.c_str(), static_cast<long long>(counts.lines), share(counts.buildLogLines),
                share(counts.progressResults), counts.builds, opt.jobs, counts.failed, counts.substitutions,
                genSeconds, parser.isSet(keepOpt) ? " (kept)" : "");
            generated[name] = {{"lines", counts.lines},
                               {"build_log_lines", counts.buildLogLines},
                               {"progress_results", counts.progressResults},
                               {"builds", counts.builds},
                               {"substitutions", counts.substitutions},
                               {"jobs", opt.jobs},
                               {"failed", counts.failed},
                               {"saved_bytes", counts.savedBytes},
                               {"plain_bytes", counts.plainBytes},
                               {"seed", opt.seed}};
            if (format != QLatin1String("plain")) {
                results.push_back(measure(savedPath, "saved", runs));
                results.back().shape = name;
                check(results.back(), &counts);
            }
            if (format != QLatin1String("saved")) {
                results.push_back(measure(plainPath, "plain", runs));
                results.back().shape = name;
                check(results.back(), &counts);
            }
        }
    }

    bool ok = true;
    for (const auto &m : results)
        ok = ok && m.mismatches.empty();
    if (asJson) {
        json out = {{"tool", "flakeoff-bench-parse"},
                    {"build_type", FLAKEOFF_BENCH_BUILD_TYPE},
                    {"runs", runs},
                    {"statistic", "median"},
                    {"generated", generated},
                    {"ok", ok}};
        out["results"] = json::array();
        for (const auto &m : results)
            out["results"].push_back(toJson(m));
        std::printf("%s\n", out.dump(2).c_str());
    } else {
        for (const auto &m : results)
            printHuman(m, runs);
        std::printf("\nratio parse/baseline (goal >= %.2f):", kRatioGoal);
        for (const auto &m : results)
            std::printf("  %s/%s %.3f", m.shape.c_str(), m.format.c_str(), m.ratio());
        std::printf("\n%s\n", ok ? "all report checks passed" : "REPORT CHECK FAILED");
    }
    return ok ? 0 : 1;
}
