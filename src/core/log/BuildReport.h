// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace flakeoff {

using TimeUs = std::optional<std::int64_t>; // µs since the stream's origin; nullopt = unknown

enum class BuildStatus
{
    Running,     // started, not finished (yet)
    Built,       // finished successfully
    Failed,      // its builder failed
    Interrupted, // stopped without finishing: another build failed, or the log ended first
    Waiting,     // waited for a lock or a build slot and never started building
};
const char *buildStatusName(BuildStatus s);

struct Phase
{
    std::string name;
    TimeUs startUs;
    TimeUs endUs;
    TimeUs durationUs() const;
};

// One derivation built in this run.
struct DerivationBuild
{
    std::string drvPath;
    std::string name;    // drv path without store dir, hash and ".drv"
    std::string machine; // "" = local
    int round = 1;
    int rounds = 1;
    BuildStatus status = BuildStatus::Running;
    TimeUs startUs;
    TimeUs endUs;
    TimeUs waitUs; // time spent waiting for a lock/slot before it started
    // Built on a remote machine whose own build activity came through (ssh-ng://): the time its
    // local "building … on …" activity spent around that build — connecting, copying inputs
    // there and outputs back. startUs/endUs are then the builder's build alone.
    TimeUs copyUs;
    // Built "on" an ssh-ng:// machine whose own build never started: the builder already had the
    // outputs (deleted here, kept there) and Nix only copied them back. Nix still counts it built.
    // (ssh:// forwards no activities, so there this cannot be told.)
    bool onlyCopiedBack = false;
    std::vector<Phase> phases;
    std::int64_t logLines = 0;
    std::vector<std::string> lastLines; // the last kTailLines lines, oldest first, ANSI stripped
    std::int64_t firstLine = 0;         // line number of its start event, for tracing
    std::string error;                  // failure message naming it, if any
    std::string firstError;             // its log's first error line (errorLineOf), ANSI stripped

    TimeUs durationUs() const;
    // Its log's first error line: firstError, else the first in its tail (a report read from
    // JSON written before firstError was kept); empty when there is none. What a failure is said with.
    std::string firstErrorLine() const;
    // `line` (ANSI stripped) trimmed when it is a compiler's or tool's error ("error: …",
    // "error[E0433]: …"), else empty.
    static std::string errorLineOf(std::string_view line);
    static constexpr std::size_t kTailLines = 20;
};

// A store path fetched from a binary cache (substitute activity, with its copy/transfer bytes).
struct Substitution
{
    std::string storePath;
    std::string substituter;
    TimeUs startUs;
    TimeUs endUs;
    std::int64_t bytes = 0; // bytes copied (copy-path progress), 0 when not reported
    std::int64_t expectedBytes = 0;
    bool done = false;
    TimeUs durationUs() const;
};

// A file transfer (download) activity.
struct Transfer
{
    std::string uri;
    TimeUs startUs;
    TimeUs endUs;
    std::int64_t bytes = 0;
    std::int64_t expectedBytes = 0;
    bool done = false;
    TimeUs durationUs() const;
};

// Time spent waiting for a lock another Nix process holds on an output (e.g. two builds of the
// same derivation at once): it counts in the wall time although nothing was built here.
struct LockWait
{
    std::string path;
    TimeUs startUs;
    TimeUs endUs;
    TimeUs durationUs() const;
};

struct Progress
{
    std::int64_t done = 0;
    std::int64_t expected = 0;
    std::int64_t running = 0;
    std::int64_t failed = 0;
};

struct LogMessage
{
    int level = 0;
    std::string text; // ANSI stripped; Nix's raw_msg when it gave one (no "error: ", no position)
    // Nix's whole message (its `msg`, ANSI stripped) when it also gave raw_msg: "error: …", the
    // position and the quoted source line. Empty when msg and text are the same.
    std::string fullText;
    std::optional<std::string> file;
    std::optional<int> line;
    std::optional<int> column;
    TimeUs timeUs;
    std::int64_t logLine = 0;
};

// Something wrong with the input itself (not with the build): malformed JSON, cut lines, bad UTF-8.
struct InputProblem
{
    std::int64_t line = 0; // 0 = the stream as a whole
    std::string what;
    bool fatal = false; // the line was dropped (malformed) rather than repaired
};

// Everything a Nix log says about one build run: the value handed to views, exporters and sessions.
struct BuildReport
{
    bool timed = true; // arrival times known (false for plain stderr captures)
    // The derivations Nix announced it would build ("these N derivations will be built:", Nix
    // ≥ 2.19's `nix build` and every nix-build), in its order, before any of them started: what
    // the run is going to do. A planned derivation missing from `builds` never started.
    std::vector<std::string> plannedBuilds;
    std::vector<DerivationBuild> builds;
    std::vector<Substitution> substitutions;
    std::vector<Transfer> transfers;
    std::vector<LockWait> lockWaits;
    Progress buildsProgress;            // last `progress` of the `builds` activity
    Progress copyPathsProgress;         // last `progress` of the `copyPaths` activity
    std::vector<LogMessage> messages;   // level ≤ warning, plus every message with a position
    std::vector<InputProblem> problems; // the first kMaxProblems
    std::int64_t problemCount = 0;
    std::int64_t malformedCount = 0;
    std::int64_t lineCount = 0;
    std::int64_t eventCount = 0;
    std::int64_t outputLineCount = 0; // lines that are not `@nix` events
    std::vector<std::string> lastOutputLines;
    std::int64_t unknownTypeCount = 0; // events with type numbers this version does not know
    TimeUs firstEventUs;
    TimeUs lastEventUs;
    TimeUs endUs; // process end, when known
    std::optional<int> exitCode;
    bool killed = false; // ended by a signal (e.g. cancelled): no exit code

    static constexpr std::size_t kMaxProblems = 1000;

    std::int64_t countWithStatus(BuildStatus s) const;
    std::int64_t substitutedCount() const;
    TimeUs wallUs() const; // origin → process end (or last line when the end is unknown)
    TimeUs evalUs() const; // process start → first build or substitution start
    const DerivationBuild *findBuild(const std::string &drvPath) const;
    // What failed, cause first: "crate-x failed: error[E0433]: …" (the first failed build and its
    // first error line, when its tail has one), then "; also failed: y, z"; empty when none failed.
    std::string failureText() const;
};

std::string derivationName(const std::string &drvPath);

} // namespace flakeoff
