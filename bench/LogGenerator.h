// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace flakeoff::bench {

// What dominates the generated log.
enum class LogShape
{
    Builds,        // a build of many derivations: 96% build-log lines
    Substitutions, // a first build or `nix develop` of a large closure: mostly paths fetched from a
                   // binary cache and their download/copy progress results, a few small builds
};

struct GeneratorOptions
{
    std::int64_t lines = 1'000'000; // lines of build output (the saved log adds its metadata lines)
    int builds = 2000;
    int jobs = 4;     // builds running at once (-j): their lines interleave
    int failures = 0; // builds that fail (as with --keep-going: stops held to the end)
    std::uint64_t seed = 42;
    LogShape shape = LogShape::Builds;
    int substitutions = 600;   // Substitutions: store paths fetched
    int substitutionJobs = 16; // …at once (Nix's max-substitution-jobs): their results interleave
};

// What the generated run contains: the numbers a correct BuildReport must reproduce.
struct GeneratedCounts
{
    std::int64_t lines = 0;           // output lines, the same in both files
    std::int64_t metadataLines = 0;   // saved log only ('#' lines)
    std::int64_t events = 0;          // `@nix` lines
    std::int64_t outputLines = 0;     // lines that are not `@nix` events
    std::int64_t buildLogLines = 0;   // results of type 101
    std::int64_t fastPathEvents = 0;  // the parser's fast path: results with a field list, stops, and
                                      // starts and msgs in Nix's plain shape (not a msg with a position)
    std::int64_t keptMessages = 0;    // msg events at level ≤ info (the report keeps those)
    std::int64_t plannedBuilds = 0;   // derivations announced ("these N derivations will be built:")
    std::int64_t progressResults = 0; // results of type 105 (progress), all shapes
    int builds = 0;
    int failed = 0;
    int substitutions = 0;                      // each with one download and one copy, all finished
    std::int64_t substitutedBytes = 0;          // the copies' final `done` bytes, summed (NAR sizes)
    std::int64_t downloadedBytes = 0;           // the downloads' final `done` bytes, summed
    std::vector<std::int64_t> logLinesPerBuild; // in start order, as BuildReport::builds
    std::vector<bool> failedBuild;              // idem
    std::uint64_t savedBytes = 0;
    std::uint64_t plainBytes = 0;
};

// Writes a synthetic `nix build -j<jobs> --log-format internal-json` run shaped like real captures
// (same event order, field lists, ids, escapes), twice at once: as Flakeoff's saved log ("<ms>\t"
// prefixes, metadata) and as a plain stderr capture. Streams to disk: memory stays small.
class LogGenerator
{
public:
    explicit LogGenerator(const GeneratorOptions &options);

    bool write(const std::string &savedPath, const std::string &plainPath, std::string &error);
    const GeneratedCounts &counts() const { return m_counts; }

private:
    struct Build
    {
        std::string drv;
        std::uint64_t id = 0;
        std::int64_t logLines = 0; // planned result-101 lines
        std::int64_t emitted = 0;  // of those, written so far
        std::size_t phase = 0;     // next phase to announce
        bool fails = false;
    };

    // A store path fetched from a binary cache: a substitute activity holding a download and a
    // copy, whose progress results stream in while both run.
    struct Fetch
    {
        std::string path;
        std::string url;
        std::uint64_t id = 0; // substitute; id + 1: file transfer; id + 2: copy path
        std::int64_t narSize = 0;
        std::int64_t fileSize = 0;
        std::int64_t transferLines = 0, copyLines = 0;     // planned progress results
        std::int64_t transferEmitted = 0, copyEmitted = 0; // of those, written so far
    };

    std::uint64_t next();
    std::uint64_t below(std::uint64_t n) { return next() % n; }
    void plan();
    std::int64_t planFetches(std::int64_t budget);
    double heavyTailed();
    void runBuilds();
    void announceFetches();
    void runSubstitutions();
    void startFetch(const Fetch &f);
    bool stepFetch(Fetch &f); // one progress result of a running fetch; false when it has none left
    void finishFetch(const Fetch &f);
    void emitEvent(std::string_view json, bool fastPath);
    void emitPlain(std::string_view text);
    void emitLine(std::string_view line);
    void progress();
    bool stepBuild(Build &b); // one line of a running build; false when it has nothing left
    void buildLogLine(const Build &b);
    std::string storeHash();
    void flush();

    GeneratorOptions m_opt;
    GeneratedCounts m_counts;
    std::uint64_t m_rng;
    std::vector<Build> m_builds;
    std::vector<Fetch> m_fetches;
    std::int64_t m_fetched = 0, m_fetching = 0;
    std::uint64_t m_baseId = 0;
    std::int64_t m_clockUs = 0;
    std::int64_t m_done = 0, m_running = 0, m_failed = 0;
    std::string m_saved, m_plain, m_text, m_json;
    std::FILE *m_savedFile = nullptr;
    std::FILE *m_plainFile = nullptr;
    bool m_ioError = false;
};

} // namespace flakeoff::bench
