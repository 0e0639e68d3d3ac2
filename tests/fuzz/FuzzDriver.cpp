// SPDX-License-Identifier: MIT
#include "FuzzDriver.h"

#include "log/BuildReport.h"
#include "log/BuildReportJson.h"
#include "log/BuildReportText.h"
#include "log/LogStream.h"
#include "log/SavedLogWriter.h"

#include <QBuffer>
#include <QByteArray>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace flakeoff::fuzz {

namespace {

using json = nlohmann::json;
using Timing = LogStream::Timing;

// splitmix64: chunk sizes and stamps must depend on the input only, so a crash replays exactly.
struct Rng
{
    std::uint64_t state;
    std::uint64_t next()
    {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
};

std::uint64_t fnv1a(std::string_view s)
{
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (const char c : s)
        h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
    return h;
}

// Mostly tiny chunks (a line split many times, the partial-tail path), sometimes large ones.
std::size_t chunkSize(Rng &rng, std::size_t remaining)
{
    static constexpr std::size_t kLimits[] = {4, 32, 300, 4096};
    const std::uint64_t r = rng.next();
    const std::size_t limit = kLimits[r % 4];
    return std::min<std::size_t>(remaining, 1 + (r >> 8) % limit);
}

struct LineCounts
{
    std::int64_t lines = 0;         // as LineReader splits them (a final unterminated line counts)
    std::int64_t metadataLines = 0; // lines starting with '#': saved-log metadata, not output
};

LineCounts countLines(std::string_view s)
{
    LineCounts c;
    bool atStart = true;
    for (const char ch : s) {
        if (atStart && ch == '#')
            ++c.metadataLines;
        atStart = ch == '\n';
        if (ch == '\n')
            ++c.lines;
    }
    if (!s.empty() && s.back() != '\n')
        ++c.lines;
    return c;
}

template <typename... Parts> std::string cat(const Parts &...parts)
{
    std::string s;
    ((s += parts), ...);
    return s;
}

std::string str(std::int64_t v)
{
    return std::to_string(v);
}
std::string str(const TimeUs &t)
{
    return t ? std::to_string(*t) : std::string("null");
}

class Checker
{
public:
    explicit Checker(PassOutcome &out) : m_out(out) {}
    void expect(bool ok, const std::string &what)
    {
        if (!ok)
            m_out.violations.push_back(what);
    }
    void equal(std::int64_t a, std::int64_t b, const char *what)
    {
        if (a != b)
            m_out.violations.push_back(cat(what, ": ", str(a), " != ", str(b)));
    }

private:
    PassOutcome &m_out;
};

bool noTime(const TimeUs &t)
{
    return !t.has_value();
}
bool ordered(const TimeUs &a, const TimeUs &b)
{
    return !a || !b || *a <= *b;
}

// Invariants of a finished report, whatever the input.
void checkReport(const BuildReport &r, Timing timing, Checker &c)
{
    c.equal(r.lineCount, r.eventCount + r.outputLineCount + r.malformedCount,
            "lines != events + output lines + malformed lines");
    c.expect(r.malformedCount >= 0 && r.malformedCount <= r.lineCount,
             "malformedCount outside [0, lineCount]");
    c.expect(r.malformedCount <= r.problemCount, "more malformed lines than problems");
    c.expect(r.problems.size() <= BuildReport::kMaxProblems, "problems exceed kMaxProblems");
    c.equal(static_cast<std::int64_t>(r.problems.size()),
            std::min<std::int64_t>(r.problemCount, BuildReport::kMaxProblems), "problems kept");
    c.expect(r.lastOutputLines.size() <= DerivationBuild::kTailLines, "lastOutputLines exceed kTailLines");
    c.expect(r.messages.size() <= 10000, "more than 10000 messages kept");
    c.expect(r.timed == (timing != Timing::Untimed), "report.timed does not match the stream's timing");

    for (const auto &b : r.builds) {
        const std::string who = " (build '" + b.drvPath + "')";
        c.expect(b.status == BuildStatus::Built || b.status == BuildStatus::Failed ||
                     b.status == BuildStatus::Interrupted || b.status == BuildStatus::Waiting,
                 cat("status after finish() is ", buildStatusName(b.status), who));
        if (const auto d = b.durationUs())
            c.expect(*d >= 0, cat("negative duration", who));
        for (const auto &p : b.phases)
            if (const auto d = p.durationUs())
                c.expect(*d >= 0, cat("negative phase duration", who));
        c.expect(b.logLines >= 0, cat("negative logLines", who));
        c.expect(b.lastLines.size() <= DerivationBuild::kTailLines, cat("lastLines exceed kTailLines", who));
        if (timing == Timing::Untimed) {
            c.expect(noTime(b.startUs) && noTime(b.endUs) && noTime(b.waitUs),
                     cat("a time in an untimed report", who));
            for (const auto &p : b.phases)
                c.expect(noTime(p.startUs) && noTime(p.endUs), cat("a phase time in an untimed report", who));
        }
        if (timing == Timing::Live) { // stamps only rise, so no span may run backwards
            c.expect(ordered(b.startUs, b.endUs),
                     cat("build ends (", str(b.endUs), ") before it starts (", str(b.startUs), ")", who));
            c.expect(!b.waitUs || *b.waitUs >= 0, cat("negative wait ", str(b.waitUs), who));
            for (const auto &p : b.phases)
                c.expect(ordered(p.startUs, p.endUs), cat("phase '", p.name, "' ends before it starts", who));
        }
    }
    for (const auto &s : r.substitutions)
        c.expect(!s.durationUs() || *s.durationUs() >= 0, "negative substitution duration");
    for (const auto &t : r.transfers)
        c.expect(!t.durationUs() || *t.durationUs() >= 0, "negative transfer duration");
    if (timing == Timing::Untimed)
        c.expect(noTime(r.firstEventUs) && noTime(r.lastEventUs) && noTime(r.endUs) && noTime(r.wallUs()) &&
                     noTime(r.evalUs()),
                 "a run time in an untimed report");
    if (timing == Timing::Live) {
        c.expect(ordered(r.firstEventUs, r.lastEventUs) && ordered(r.lastEventUs, r.endUs),
                 "first event, last event and end are out of order");
        c.expect(!r.evalUs() || *r.evalUs() >= 0, "negative eval time");
    }
}

// The report as JSON text. Every string in a report must be valid UTF-8 (input is repaired on the
// way in), so even a strict dump, which throws on bad UTF-8, must succeed.
std::string dumpReport(const BuildReport &r, Checker &c)
{
    const json j = BuildReportJson::toJson(r);
    try {
        (void)j.dump();
    } catch (const json::exception &e) {
        c.expect(false, std::string("report holds invalid UTF-8: ") + e.what());
    }
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

// toJson → dump → parse → fromJson must accept its own output and keep every count.
std::string roundTrip(const BuildReport &r, Checker &c)
{
    const std::string dumped = dumpReport(r, c);
    (void)BuildReportText::format(r, false);
    (void)BuildReportText::format(r, true);

    const json back = json::parse(dumped, nullptr, false);
    if (back.is_discarded()) {
        c.expect(false, "the dumped report is not valid JSON");
        return dumped;
    }
    BuildReport again;
    std::string error;
    if (!BuildReportJson::fromJson(back, again, error)) {
        c.expect(false, "fromJson refused toJson's output: " + error);
        return dumped;
    }
    c.equal(again.lineCount, r.lineCount, "round trip: lineCount");
    c.equal(again.eventCount, r.eventCount, "round trip: eventCount");
    c.equal(again.outputLineCount, r.outputLineCount, "round trip: outputLineCount");
    c.equal(again.malformedCount, r.malformedCount, "round trip: malformedCount");
    c.equal(again.problemCount, r.problemCount, "round trip: problemCount");
    c.equal(again.unknownTypeCount, r.unknownTypeCount, "round trip: unknownTypeCount");
    c.equal(static_cast<std::int64_t>(again.problems.size()), static_cast<std::int64_t>(r.problems.size()),
            "round trip: problems");
    c.equal(static_cast<std::int64_t>(again.messages.size()), static_cast<std::int64_t>(r.messages.size()),
            "round trip: messages");
    c.equal(static_cast<std::int64_t>(again.substitutions.size()),
            static_cast<std::int64_t>(r.substitutions.size()), "round trip: substitutions");
    c.equal(static_cast<std::int64_t>(again.transfers.size()), static_cast<std::int64_t>(r.transfers.size()),
            "round trip: transfers");
    c.equal(static_cast<std::int64_t>(again.builds.size()), static_cast<std::int64_t>(r.builds.size()),
            "round trip: builds");
    c.expect(again.timed == r.timed, "round trip: timed");
    c.expect(again.exitCode == r.exitCode, "round trip: exitCode");
    for (std::size_t i = 0; i < std::min(again.builds.size(), r.builds.size()); ++i) {
        c.expect(again.builds[i].status == r.builds[i].status,
                 "round trip: status of build " + std::to_string(i));
        c.equal(again.builds[i].logLines, r.builds[i].logLines, "round trip: logLines");
    }
    // The reloaded report must export again (sessions are re-exported after loading).
    (void)BuildReportJson::toJson(again).dump(-1, ' ', false, json::error_handler_t::replace);
    (void)BuildReportText::format(again, false);
    return dumped;
}

struct Pass
{
    const char *name;
    Timing timing;
    bool chunked; // false: the whole input in one feed
};

struct PassResult
{
    PassOutcome outcome;
    std::string dumped;
    BuildReport report;
    QByteArray recording; // Live only: what the recorder wrote
    TimeUs endUs;
    std::optional<int> exitCode;
};

PassResult runPass(const Pass &pass, std::string_view input, const LineCounts &counts)
{
    PassResult res;
    PassOutcome &out = res.outcome;
    out.name = pass.name;
    Checker c(out);
    Rng rng{fnv1a(input) ^ static_cast<std::uint64_t>(pass.timing)};

    LogStream stream(pass.timing, kFuzzMaxLineBytes);
    QBuffer recordBuffer(&res.recording);
    recordBuffer.open(QIODevice::WriteOnly);
    SavedLogWriter recorder(recordBuffer);
    if (pass.timing == Timing::Live)
        stream.setRecorder(&recorder);

    std::int64_t clock = static_cast<std::int64_t>(rng.next() % 1000);
    std::size_t pos = 0;
    while (pos < input.size()) {
        const std::size_t n = pass.chunked ? chunkSize(rng, input.size() - pos) : input.size();
        clock += static_cast<std::int64_t>(rng.next() % 5000); // rising, sometimes equal
        stream.feed(input.substr(pos, n), pass.timing == Timing::Live ? TimeUs(clock) : std::nullopt);
        pos += n;
        if (pass.timing == Timing::Live && rng.next() % 8 == 0) {
            // The app shows snapshots of a running build: they must export like final reports.
            const BuildReport snap = stream.snapshot();
            c.equal(snap.lineCount, stream.lineCount(), "snapshot lineCount vs lines so far");
            c.expect(snap.problems.size() <= BuildReport::kMaxProblems,
                     "snapshot: problems exceed kMaxProblems");
            (void)dumpReport(snap, c);
            (void)BuildReportText::format(snap, false);
        }
    }
    if (pass.timing == Timing::Live) {
        res.endUs = clock + 1;
        res.exitCode = static_cast<int>(rng.next() % 3);
        stream.finish(res.endUs, res.exitCode);
        recorder.writeEnd(res.endUs, res.exitCode);
    } else {
        stream.finish();
    }

    res.report = stream.takeReport();
    const BuildReport &r = res.report;
    out.expectedLines = counts.lines - (pass.timing == Timing::Saved ? counts.metadataLines : 0);
    out.reportLines = r.lineCount;
    out.events = r.eventCount;
    out.malformed = r.malformedCount;
    out.builds = static_cast<std::int64_t>(r.builds.size());

    c.equal(stream.lineCount(), counts.lines, "stream lineCount vs lines in the input");
    c.equal(static_cast<std::int64_t>(stream.byteCount()), static_cast<std::int64_t>(input.size()),
            "byteCount");
    c.equal(r.lineCount, out.expectedLines, "report lineCount vs lines fed");
    c.expect(stream.fastPathHits() <= static_cast<std::uint64_t>(r.eventCount),
             "more fast-path hits than events");
    checkReport(r, pass.timing, c);
    // A whole-feed report must equal its chunked twin, whose round trip covers both.
    res.dumped = pass.chunked ? roundTrip(r, c) : dumpReport(r, c);
    return res;
}

// A Live stream's recording is a saved log: read back, it must give the same lines and times.
void checkRecording(const PassResult &live, Checker &c)
{
    LogStream saved(Timing::Saved);
    saved.feed(std::string_view(live.recording.constData(), static_cast<std::size_t>(live.recording.size())));
    saved.finish();
    const BuildReport r = saved.takeReport();
    c.equal(r.lineCount, live.report.lineCount, "recording: lineCount");
    c.expect(r.endUs == live.endUs, cat("recording: end ", str(r.endUs), " != ", str(live.endUs)));
    c.expect(r.exitCode == live.exitCode, "recording: exit code");
    c.expect(r.firstEventUs == live.report.firstEventUs, "recording: first event time");
    c.expect(r.lastEventUs == live.report.lastEventUs, "recording: last event time");
}

// Session files are reports as JSON: whatever JSON the input holds must be refused or loaded.
void checkAsSession(std::string_view input, Checker &c)
{
    const json j = json::parse(input.begin(), input.end(), nullptr, false);
    if (j.is_discarded())
        return;
    BuildReport r;
    std::string error;
    if (BuildReportJson::fromJson(j, r, error)) {
        (void)BuildReportJson::toJson(r).dump(-1, ' ', false, json::error_handler_t::replace);
        (void)BuildReportText::format(r, false);
    } else {
        c.expect(!error.empty(), "fromJson refused a document without saying why");
    }
}

} // namespace

bool DriveOutcome::ok() const
{
    if (!violations.empty())
        return false;
    for (const auto &p : passes)
        if (!p.violations.empty())
            return false;
    return true;
}

std::string DriveOutcome::describe() const
{
    std::string s;
    for (const auto &p : passes)
        for (const auto &v : p.violations)
            s += p.name + ": " + v + '\n';
    for (const auto &v : violations)
        s += v + '\n';
    return s;
}

DriveOutcome runLogEngine(const std::uint8_t *data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    const LineCounts counts = countLines(input);
    static constexpr Pass kPasses[] = {
        {"live", Timing::Live, true},
        {"saved", Timing::Saved, true},
        {"saved-whole", Timing::Saved, false},
        {"untimed", Timing::Untimed, true},
        {"untimed-whole", Timing::Untimed, false},
    };
    DriveOutcome outcome;
    std::vector<PassResult> results;
    for (const auto &pass : kPasses)
        results.push_back(runPass(pass, input, counts));

    PassOutcome cross;
    cross.name = "cross-check";
    Checker c(cross);
    checkRecording(results[0], c);
    // Without stamps nothing may depend on where the chunks were cut.
    c.expect(results[1].dumped == results[2].dumped, "saved: chunked and whole feeds give different reports");
    c.expect(results[3].dumped == results[4].dumped,
             "untimed: chunked and whole feeds give different reports");
    checkAsSession(input, c);

    for (auto &r : results)
        outcome.passes.push_back(std::move(r.outcome));
    for (auto &v : cross.violations)
        outcome.violations.push_back("cross-check: " + v);
    return outcome;
}

} // namespace flakeoff::fuzz

void driveLogEngine(const std::uint8_t *data, std::size_t size)
{
    const auto outcome = flakeoff::fuzz::runLogEngine(data, size);
    if (!outcome.ok()) {
        std::fprintf(stderr, "flakeoff fuzz: invariant broken:\n%s", outcome.describe().c_str());
        std::abort();
    }
}
