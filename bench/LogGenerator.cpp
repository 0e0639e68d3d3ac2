// SPDX-License-Identifier: MIT
#include "LogGenerator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <numbers>

namespace flakeoff::bench {

namespace {

constexpr std::size_t kFlushBytes = 1u << 20;

// stdenv's phases and the share of a build's log each one typically has.
struct PhaseShare
{
    const char *name;
    double share;
};
constexpr std::array<PhaseShare, 7> kPhases{{{"unpackPhase", 0.01},
                                             {"patchPhase", 0.01},
                                             {"configurePhase", 0.12},
                                             {"buildPhase", 0.68},
                                             {"checkPhase", 0.12},
                                             {"installPhase", 0.04},
                                             {"fixupPhase", 0.02}}};
constexpr std::size_t kFailingPhases = 4; // a failing build dies in its buildPhase

constexpr const char *kNames[] = {"zlib",    "openssl",   "libxml2", "python3.11-requests",
                                  "curl",    "sqlite",    "boost",   "icu4c",
                                  "glib",    "gtk+3",     "qtbase",  "rustc-wrapper",
                                  "ripgrep", "serde",     "libpng",  "harfbuzz",
                                  "pango",   "cairo",     "ffmpeg",  "gnutls",
                                  "nettle",  "libuv",     "nodejs",  "perl5.36-JSON",
                                  "bash",    "coreutils", "gettext", "flakeoff-core",
                                  "libffi",  "expat",     "pcre2",   "readline"};

constexpr const char *kWords[] = {"parser",  "buffer", "config", "stream", "report", "table",
                                  "hash",    "queue",  "socket", "thread", "decode", "encode",
                                  "archive", "widget", "store",  "graph"};

void appendJsonString(std::string &out, std::string_view s)
{
    out += '"';
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += ch;
            }
        }
    }
    out += '"';
}

void appendMs(std::string &out, std::int64_t us)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld.%03lld", static_cast<long long>(us / 1000),
                  static_cast<long long>(us % 1000));
    out += buf;
}

} // namespace

LogGenerator::LogGenerator(const GeneratorOptions &options) : m_opt(options), m_rng(options.seed) {}

std::uint64_t LogGenerator::next()
{
    // splitmix64: fast and good enough for test data; the same seed gives the same log.
    std::uint64_t z = (m_rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

std::string LogGenerator::storeHash()
{
    static constexpr char kNixBase32[] = "0123456789abcdfghijklmnpqrsvwxyz";
    std::string h(32, '0');
    for (auto &c : h)
        c = kNixBase32[below(32)];
    return h;
}

// Fixes every build's line count so the whole log has exactly m_opt.lines lines.
void LogGenerator::plan()
{
    const int n = m_opt.builds;
    const int failures = std::clamp(m_opt.failures, 0, n);
    m_baseId = 60559038873600ull; // Nix ids: (pid << 32) + counter
    m_builds.resize(static_cast<std::size_t>(n));
    int failed = 0;
    std::int64_t overhead = 2 + 1 + n + 3 + 4 + 2 + 4 + 3; // preamble and final stops, see runBuilds()
    for (int i = 0; i < n; ++i) {
        Build &b = m_builds[static_cast<std::size_t>(i)];
        char version[32];
        std::snprintf(version, sizeof version, "%d.%d.%d", static_cast<int>(below(5)),
                      static_cast<int>(below(40)), static_cast<int>(below(12)));
        b.drv = "/nix/store/" + storeHash() + "-" + kNames[below(std::size(kNames))] + "-" + version + ".drv";
        b.id = m_baseId + 4 + static_cast<std::uint64_t>(i);
        // Spread failures over the run rather than bunching them at the start.
        b.fails = failed < failures && (i + 1) % std::max(1, n / std::max(1, failures)) == 0;
        failed += b.fails ? 1 : 0;
        // start + 2 progress groups + phases + stop (+ the error msg of a failure); 1 in 50 warns.
        overhead += 1 + 4 + 4 + 1 + (b.fails ? static_cast<std::int64_t>(kFailingPhases) + 1 : 7);
        if (i % 50 == 49)
            ++overhead;
    }
    std::int64_t budget = std::max<std::int64_t>(0, m_opt.lines - overhead);
    m_fetches.clear();
    if (m_opt.shape == LogShape::Substitutions)
        budget = planFetches(budget);

    // Build logs are heavy-tailed: most derivations print little, a few (compilers) print a lot.
    std::vector<double> weight(m_builds.size());
    double total = 0;
    for (auto &w : weight) {
        w = heavyTailed();
        total += w;
    }
    std::int64_t assigned = 0;
    for (std::size_t i = 0; i < m_builds.size(); ++i) {
        m_builds[i].logLines = static_cast<std::int64_t>(static_cast<double>(budget) * weight[i] / total);
        assigned += m_builds[i].logLines;
    }
    for (std::int64_t left = budget - assigned; left > 0 && !m_builds.empty(); --left)
        ++m_builds[below(m_builds.size())].logLines;
}

double LogGenerator::heavyTailed()
{
    // exp(1.6 · a standard normal, Box–Muller): most values small, a few very large.
    const double u1 = (static_cast<double>(next() >> 11) + 1.0) / 9007199254740993.0;
    const double u2 = static_cast<double>(next() >> 11) / 9007199254740992.0;
    const double gauss = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
    return std::exp(1.6 * gauss);
}

// The substitution shape: which paths are fetched, their sizes, and how many progress results
// each download and copy reports (in proportion to its size, as Nix reports every chunk).
// Returns the lines left for build logs: a hundredth of the rest.
std::int64_t LogGenerator::planFetches(std::int64_t budget)
{
    const int n = std::max(0, m_opt.substitutions);
    // The announcement (a line per path), then per fetch 3 starts, 3 stops and 2 progress groups.
    const std::int64_t overhead = 1 + n + static_cast<std::int64_t>(n) * 14;
    const std::int64_t results = std::max<std::int64_t>(2 * n, (budget - overhead) * 99 / 100);
    m_fetches.resize(static_cast<std::size_t>(n));
    std::vector<double> weight(m_fetches.size());
    double total = 0;
    for (auto &w : weight) {
        w = heavyTailed();
        total += w;
    }
    const std::uint64_t firstId = m_baseId + 4 + static_cast<std::uint64_t>(m_builds.size());
    for (std::size_t i = 0; i < m_fetches.size(); ++i) {
        Fetch &f = m_fetches[i];
        char version[32];
        std::snprintf(version, sizeof version, "%d.%d.%d", static_cast<int>(below(5)),
                      static_cast<int>(below(40)), static_cast<int>(below(12)));
        f.path = "/nix/store/" + storeHash() + "-" + kNames[below(std::size(kNames))] + "-" + version;
        f.url = "https://cache.nixos.org/nar/" + storeHash() + storeHash().substr(0, 20) + ".nar.xz";
        f.id = firstId + 3 * i;
        f.narSize = 4096 + static_cast<std::int64_t>(weight[i] * 2'000'000.0);
        f.fileSize = f.narSize / 3 + 1;
        const auto lines = std::max<std::int64_t>(
            2, static_cast<std::int64_t>(static_cast<double>(results) * weight[i] / total));
        f.transferLines = std::max<std::int64_t>(1, lines * 2 / 5);
        f.copyLines = std::max<std::int64_t>(1, lines - f.transferLines);
    }
    return std::max<std::int64_t>(0, budget - overhead - results);
}

void LogGenerator::emitLine(std::string_view line)
{
    ++m_counts.lines;
    // Bursts of lines arrive together, with pauses between them.
    m_clockUs +=
        below(8) == 0 ? static_cast<std::int64_t>(200 + below(20000)) : static_cast<std::int64_t>(below(60));
    appendMs(m_saved, m_clockUs);
    m_saved += '\t';
    m_saved += line;
    m_saved += '\n';
    m_plain += line;
    m_plain += '\n';
    if (m_saved.size() >= kFlushBytes)
        flush();
}

void LogGenerator::emitEvent(std::string_view json, bool fastPath)
{
    ++m_counts.events;
    if (fastPath)
        ++m_counts.fastPathEvents;
    m_text.assign("@nix ");
    m_text += json;
    emitLine(m_text);
}

void LogGenerator::emitPlain(std::string_view text)
{
    ++m_counts.outputLines;
    emitLine(text);
}

// The group Nix prints whenever the build counters change (builds, copyPaths, setExpected ×2).
void LogGenerator::progress()
{
    char buf[160];
    std::snprintf(buf, sizeof buf, R"({"action":"result","fields":[%lld,%d,%lld,%lld],"id":%llu,"type":105})",
                  static_cast<long long>(m_done), m_opt.builds, static_cast<long long>(m_running),
                  static_cast<long long>(m_failed), static_cast<unsigned long long>(m_baseId + 1));
    emitEvent(buf, true);
    std::snprintf(buf, sizeof buf, R"({"action":"result","fields":[%lld,%zu,%lld,0],"id":%llu,"type":105})",
                  static_cast<long long>(m_fetched), m_fetches.size(), static_cast<long long>(m_fetching),
                  static_cast<unsigned long long>(m_baseId + 2));
    emitEvent(buf, true);
    m_counts.progressResults += 2;
    std::snprintf(buf, sizeof buf, R"({"action":"result","fields":[101,0],"id":%llu,"type":106})",
                  static_cast<unsigned long long>(m_baseId));
    emitEvent(buf, true);
    std::snprintf(buf, sizeof buf, R"({"action":"result","fields":[100,0],"id":%llu,"type":106})",
                  static_cast<unsigned long long>(m_baseId));
    emitEvent(buf, true);
}

// One line of compiler/tool output typical for the build's current phase.
void LogGenerator::buildLogLine(const Build &b)
{
    const char *w1 = kWords[below(std::size(kWords))];
    const char *w2 = kWords[below(std::size(kWords))];
    const std::size_t phase = b.phase == 0 ? 0 : b.phase - 1;
    char raw[512];
    const auto r = below(100);
    if (phase <= 2) { // unpack, patch, configure
        if (r < 70)
            std::snprintf(raw, sizeof raw, "checking for %s_%s in -l%s... %s", w1, w2, w2,
                          r % 3 ? "yes" : "no");
        else if (r < 85)
            std::snprintf(raw, sizeof raw, "-- Looking for include file %s/%s.h - found", w1, w2);
        else
            std::snprintf(raw, sizeof raw, "config.status: creating src/%s/Makefile", w1);
    } else if (phase == 3) { // build
        if (r < 35)
            std::snprintf(raw, sizeof raw,
                          "gcc -DHAVE_CONFIG_H -I. -I.. -I../include -O2 -g -pipe -Wall -Wformat "
                          "-Werror=format-security -fstack-protector-strong -c -o %s_%s.o %s_%s.c",
                          w1, w2, w1, w2);
        else if (r < 55)
            std::snprintf(raw, sizeof raw, "[ %2d%%] Building CXX object src/CMakeFiles/%s.dir/%s_%s.cpp.o",
                          static_cast<int>(below(100)), w1, w1, w2);
        else if (r < 65)
            std::snprintf(raw, sizeof raw,
                          "src/%s.c:%d:%d: \x1b[01;35m\x1b[Kwarning: \x1b[m\x1b[Kunused variable "
                          "\xe2\x80\x98%s\xe2\x80\x99 [\x1b[01;35m\x1b[K-Wunused-variable\x1b[m\x1b[K]",
                          w1, static_cast<int>(below(2000)), static_cast<int>(below(80)), w2);
        else if (r < 72)
            std::snprintf(raw, sizeof raw, "  %4d |     fprintf(stderr, \"%s: %%s\\n\", %s->name);",
                          static_cast<int>(below(2000)), w1, w2);
        else if (r < 82)
            std::snprintf(raw, sizeof raw, "  CC       lib/lib%s_la-%s.lo", w1, w2);
        else if (r < 90)
            std::snprintf(raw, sizeof raw, "   Compiling %s-%s v%d.%d.%d", w1, w2, static_cast<int>(below(3)),
                          static_cast<int>(below(30)), static_cast<int>(below(10)));
        else if (r < 97)
            std::snprintf(raw, sizeof raw, "make[%d]: Entering directory '/build/source/src/%s'",
                          static_cast<int>(1 + below(3)), w1);
        else
            std::snprintf(raw, sizeof raw, "\tcp -r lib/lib%s.so* \"$out/lib/\"", w1);
    } else if (phase == 4) { // check
        if (r < 60)
            std::snprintf(raw, sizeof raw, "PASS: tests/test-%s-%s", w1, w2);
        else if (r < 90)
            std::snprintf(raw, sizeof raw, "test %s::%s_%s ... \x1b[32mok\x1b[0m", w1, w2, w1);
        else
            std::snprintf(raw, sizeof raw,
                          "============================================================================");
    } else if (phase == 5) { // install
        std::snprintf(raw, sizeof raw, "install -c -m 644 %s.h '/nix/store/%.32s-%s/include/%s'", w2,
                      b.drv.c_str() + 11, w1, w2);
    } else { // fixup
        std::snprintf(raw, sizeof raw,
                      "shrinking RPATHs of ELF executables and libraries in /nix/store/%.32s-%s",
                      b.drv.c_str() + 11, w1);
    }
    std::string_view text(raw);
    std::string longLine;
    if (below(4000) == 0) { // a libtool/linker command line listing every object file
        longLine = "libtool: link: g++ -shared -fPIC -DPIC";
        for (int i = 0; i < 120; ++i)
            longLine += std::string(" .libs/") + kWords[static_cast<std::size_t>(i) % std::size(kWords)] +
                        "_" + std::to_string(i) + ".o";
        text = longLine;
    }
    m_json.assign(R"({"action":"result","fields":[)");
    appendJsonString(m_json, text);
    m_json += R"(],"id":)";
    m_json += std::to_string(b.id);
    m_json += R"(,"type":101})";
    ++m_counts.buildLogLines;
    emitEvent(m_json, true);
}

bool LogGenerator::stepBuild(Build &b)
{
    const std::size_t phases = b.fails ? kFailingPhases : kPhases.size();
    if (b.phase < phases) {
        double before = 0, all = 0;
        for (std::size_t k = 0; k < phases; ++k) {
            if (k < b.phase)
                before += kPhases[k].share;
            all += kPhases[k].share;
        }
        const auto startsAt =
            static_cast<std::int64_t>(std::llround(static_cast<double>(b.logLines) * before / all));
        if (b.emitted >= startsAt) {
            char buf[160];
            std::snprintf(buf, sizeof buf, R"({"action":"result","fields":["%s"],"id":%llu,"type":104})",
                          kPhases[b.phase].name, static_cast<unsigned long long>(b.id));
            emitEvent(buf, true);
            ++b.phase;
            return true;
        }
    }
    if (b.emitted >= b.logLines)
        return false;
    buildLogLine(b);
    ++b.emitted;
    return true;
}

void LogGenerator::runBuilds()
{
    char buf[512];
    const auto id = [this](std::uint64_t k) { return static_cast<unsigned long long>(m_baseId + k); };
    // Settings warnings are printed before Nix switches to its JSON logger.
    emitPlain("warning: unknown setting 'experimental-feature'");
    emitPlain("warning: ignoring untrusted substituter 'https://cache.example.org'");
    std::snprintf(buf, sizeof buf,
                  R"({"action":"msg","level":3,"msg":"these %d derivations will be built:"})", m_opt.builds);
    emitEvent(buf, true);
    for (const auto &b : m_builds) {
        std::snprintf(buf, sizeof buf, R"({"action":"msg","level":3,"msg":"  %s"})", b.drv.c_str());
        emitEvent(buf, true);
    }
    m_counts.keptMessages += 1; // the derivation lines go to BuildReport::plannedBuilds
    m_counts.plannedBuilds = m_opt.builds;
    if (m_opt.shape == LogShape::Substitutions)
        announceFetches();
    std::snprintf(buf, sizeof buf, R"({"action":"start","id":%llu,"level":0,"text":"","type":102})", id(0));
    emitEvent(buf, true);
    std::snprintf(buf, sizeof buf, R"({"action":"start","id":%llu,"level":0,"text":"","type":104})", id(1));
    emitEvent(buf, true);
    std::snprintf(buf, sizeof buf, R"({"action":"start","id":%llu,"level":0,"text":"","type":103})", id(2));
    emitEvent(buf, true);
    progress();
    std::snprintf(
        buf, sizeof buf,
        R"({"action":"start","id":%llu,"level":6,"text":"querying info about missing paths","type":0})",
        id(3));
    emitEvent(buf, true);
    std::snprintf(buf, sizeof buf, R"({"action":"stop","id":%llu})", id(3));
    emitEvent(buf, true);
    progress();

    if (m_opt.shape == LogShape::Substitutions)
        runSubstitutions();

    std::vector<std::size_t> running;
    std::size_t nextBuild = 0;
    std::vector<std::size_t> heldStops; // --keep-going: a failed build's stop waits for the end
    while (nextBuild < m_builds.size() || !running.empty()) {
        while (running.size() < static_cast<std::size_t>(std::max(1, m_opt.jobs)) &&
               nextBuild < m_builds.size()) {
            const Build &b = m_builds[nextBuild];
            std::snprintf(
                buf, sizeof buf,
                R"({"action":"start","fields":["%s","",1,1],"id":%llu,"level":3,"text":"building '%s'","type":105})",
                b.drv.c_str(), static_cast<unsigned long long>(b.id), b.drv.c_str());
            emitEvent(buf, true);
            ++m_running;
            progress();
            if (nextBuild % 50 == 49) {
                std::snprintf(
                    buf, sizeof buf,
                    R"({"action":"msg","level":1,"msg":"\u001b[35;1mwarning:\u001b[0m output of '%s' is not deterministic"})",
                    b.drv.c_str());
                emitEvent(buf, true);
                ++m_counts.keptMessages;
            }
            running.push_back(nextBuild++);
        }
        // Builders write in bursts: several lines of one build, then another's.
        const std::size_t slot = below(running.size());
        Build &b = m_builds[running[slot]];
        bool more = true;
        for (auto burst = 1 + below(24); burst > 0 && more; --burst)
            more = stepBuild(b);
        if (more)
            continue;
        --m_running;
        if (b.fails) {
            ++m_failed;
            progress();
            heldStops.push_back(running[slot]);
        } else {
            ++m_done;
            progress();
            std::snprintf(buf, sizeof buf, R"({"action":"stop","id":%llu})",
                          static_cast<unsigned long long>(b.id));
            emitEvent(buf, true);
        }
        running.erase(running.begin() + static_cast<std::ptrdiff_t>(slot));
    }
    for (const std::size_t i : heldStops) {
        std::snprintf(buf, sizeof buf, R"({"action":"stop","id":%llu})",
                      static_cast<unsigned long long>(m_builds[i].id));
        emitEvent(buf, true);
    }
    for (const std::uint64_t k : {2, 1, 0}) {
        std::snprintf(buf, sizeof buf, R"({"action":"stop","id":%llu})", id(k));
        emitEvent(buf, true);
    }
    for (const std::size_t i : heldStops) {
        std::snprintf(
            buf, sizeof buf,
            R"({"action":"msg","column":null,"file":null,"level":0,"line":null,"msg":"\u001b[31;1merror:\u001b[0m builder for '\u001b[35;1m%s\u001b[0m' failed with exit code 2","raw_msg":"builder for '\u001b[35;1m%s\u001b[0m' failed with exit code 2"})",
            m_builds[i].drv.c_str(), m_builds[i].drv.c_str());
        emitEvent(buf, false);
        ++m_counts.keptMessages;
    }
}

// Paths fetched from a binary cache, Nix ≥ 2.19's way: announced before anything starts
// ("these N paths will be fetched (…):" and a line per path, kept as messages), then up to
// substitutionJobs at once, each a substitute activity (a child of the realise activity) holding a
// download and a copy (its children) whose progress results interleave with the others'.
void LogGenerator::announceFetches()
{
    char buf[256];
    std::int64_t download = 0, unpacked = 0;
    for (const auto &f : m_fetches) {
        download += f.fileSize;
        unpacked += f.narSize;
    }
    std::snprintf(
        buf, sizeof buf,
        R"({"action":"msg","level":3,"msg":"these %zu paths will be fetched (%.2f MiB download, %.2f MiB unpacked):"})",
        m_fetches.size(), static_cast<double>(download) / 1048576.0,
        static_cast<double>(unpacked) / 1048576.0);
    emitEvent(buf, true);
    for (const auto &f : m_fetches) {
        std::snprintf(buf, sizeof buf, R"({"action":"msg","level":3,"msg":"  %s"})", f.path.c_str());
        emitEvent(buf, true);
    }
    m_counts.keptMessages += 1 + static_cast<std::int64_t>(m_fetches.size());
}

void LogGenerator::runSubstitutions()
{
    std::vector<std::size_t> running;
    std::size_t nextFetch = 0;
    while (nextFetch < m_fetches.size() || !running.empty()) {
        while (running.size() < static_cast<std::size_t>(std::max(1, m_opt.substitutionJobs)) &&
               nextFetch < m_fetches.size()) {
            startFetch(m_fetches[nextFetch]);
            running.push_back(nextFetch++);
        }
        // Chunks arrive a few at a time per connection.
        const std::size_t slot = below(running.size());
        Fetch &f = m_fetches[running[slot]];
        bool more = true;
        for (auto burst = 1 + below(6); burst > 0 && more; --burst)
            more = stepFetch(f);
        if (more)
            continue;
        finishFetch(f);
        running.erase(running.begin() + static_cast<std::ptrdiff_t>(slot));
    }
}

void LogGenerator::startFetch(const Fetch &f)
{
    char buf[640];
    const auto id = [&f](std::uint64_t k) { return static_cast<unsigned long long>(f.id + k); };
    std::snprintf(
        buf, sizeof buf,
        R"({"action":"start","fields":["%s","https://cache.nixos.org"],"id":%llu,"level":4,"parent":%llu,"text":"copying path '%s' from 'https://cache.nixos.org'","type":108})",
        f.path.c_str(), id(0), static_cast<unsigned long long>(m_baseId), f.path.c_str());
    emitEvent(buf, true);
    ++m_fetching;
    progress();
    std::snprintf(
        buf, sizeof buf,
        R"({"action":"start","fields":["%s","https://cache.nixos.org","local"],"id":%llu,"level":3,"parent":%llu,"text":"copying path '%s' from 'https://cache.nixos.org'","type":100})",
        f.path.c_str(), id(2), id(0), f.path.c_str());
    emitEvent(buf, true);
    std::snprintf(
        buf, sizeof buf,
        R"({"action":"start","fields":["%s"],"id":%llu,"level":4,"parent":%llu,"text":"downloading '%s'","type":101})",
        f.url.c_str(), id(1), id(0), f.url.c_str());
    emitEvent(buf, true);
}

bool LogGenerator::stepFetch(Fetch &f)
{
    const bool transferLeft = f.transferEmitted < f.transferLines;
    const bool copyLeft = f.copyEmitted < f.copyLines;
    if (!transferLeft && !copyLeft)
        return false;
    // Downloading and unpacking stream together: whichever is further behind reports next.
    const bool transfer =
        transferLeft && (!copyLeft || f.transferEmitted * f.copyLines <= f.copyEmitted * f.transferLines);
    std::int64_t &emitted = transfer ? f.transferEmitted : f.copyEmitted;
    const std::int64_t lines = transfer ? f.transferLines : f.copyLines;
    const std::int64_t size = transfer ? f.fileSize : f.narSize;
    ++emitted;
    char buf[160];
    std::snprintf(buf, sizeof buf, R"({"action":"result","fields":[%lld,%lld,0,0],"id":%llu,"type":105})",
                  static_cast<long long>(size * emitted / lines), static_cast<long long>(size),
                  static_cast<unsigned long long>(f.id + (transfer ? 1 : 2)));
    emitEvent(buf, true);
    ++m_counts.progressResults;
    return true;
}

void LogGenerator::finishFetch(const Fetch &f)
{
    char buf[96];
    for (const std::uint64_t k : {1, 2, 0}) { // download, copy, then the substitution
        std::snprintf(buf, sizeof buf, R"({"action":"stop","id":%llu})",
                      static_cast<unsigned long long>(f.id + k));
        emitEvent(buf, true);
    }
    --m_fetching;
    ++m_fetched;
    progress();
    ++m_counts.substitutions;
    m_counts.substitutedBytes += f.narSize;
    m_counts.downloadedBytes += f.fileSize;
}

void LogGenerator::flush()
{
    if (!m_saved.empty() && std::fwrite(m_saved.data(), 1, m_saved.size(), m_savedFile) != m_saved.size())
        m_ioError = true;
    if (!m_plain.empty() && std::fwrite(m_plain.data(), 1, m_plain.size(), m_plainFile) != m_plain.size())
        m_ioError = true;
    m_counts.savedBytes += m_saved.size();
    m_counts.plainBytes += m_plain.size();
    m_saved.clear();
    m_plain.clear();
}

bool LogGenerator::write(const std::string &savedPath, const std::string &plainPath, std::string &error)
{
    m_counts = GeneratedCounts{};
    m_rng = m_opt.seed;
    m_clockUs = 0;
    m_done = m_running = m_failed = 0;
    m_fetched = m_fetching = 0;
    plan();
    m_savedFile = std::fopen(savedPath.c_str(), "wb");
    m_plainFile = std::fopen(plainPath.c_str(), "wb");
    if (!m_savedFile || !m_plainFile) {
        error = "cannot create " + (m_savedFile ? plainPath : savedPath) + ": " + std::strerror(errno);
        if (m_savedFile)
            std::fclose(m_savedFile);
        if (m_plainFile)
            std::fclose(m_plainFile);
        return false;
    }
    m_saved = "#flakeoff-log 1\n#command nix build -j" + std::to_string(m_opt.jobs) +
              " --keep-going -f default.nix all --log-format internal-json --no-link\n"
              "#cwd /home/dev/project\n#started 2026-01-01T00:00:00.000Z\n";
    m_counts.metadataLines = 4;
    m_clockUs = 20'000; // evaluation before the first line

    runBuilds();

    m_saved += "#end ";
    appendMs(m_saved, m_clockUs + 1500);
    m_saved += m_failed > 0 ? " exit=1\n" : " exit=0\n";
    ++m_counts.metadataLines;
    flush();
    const bool savedClosed = std::fclose(m_savedFile) == 0;
    const bool plainClosed = std::fclose(m_plainFile) == 0;
    const bool closed = savedClosed && plainClosed;
    m_savedFile = m_plainFile = nullptr;
    if (m_ioError || !closed) {
        error = "writing the generated logs failed: " + std::string(std::strerror(errno));
        return false;
    }
    m_counts.builds = m_opt.builds;
    m_counts.failed = static_cast<int>(m_failed);
    for (const auto &b : m_builds) {
        m_counts.logLinesPerBuild.push_back(b.logLines);
        m_counts.failedBuild.push_back(b.fails);
    }
    return true;
}

} // namespace flakeoff::bench
