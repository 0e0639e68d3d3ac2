// SPDX-License-Identifier: MIT
#pragma once

#include "BuildReport.h"
#include "LogEvent.h"

#include <array>
#include <deque>
#include <unordered_map>

namespace flakeoff {

// Accumulates LogEvents into a BuildReport, one event at a time, so a report can be shown while
// the build is still running (snapshot()) and completed when the stream ends (finish()).
//
// Build end times come from the `builds` progress counters, not from `stop`: under --keep-going
// Nix holds every build's `stop` back until the whole run ends, but it bumps `done`/`failed` the
// moment a build finishes. Each bump is matched to the one running build it can belong to (a
// build that logged after the bump cannot have finished at it); ambiguity waits for more events.
class BuildReportBuilder
{
public:
    explicit BuildReportBuilder(bool timed = true);

    void add(const LogEvent &event);
    // Like add(), but a deferred build log line's text (LogEvent::escapedLogText) is kept by
    // reference, not copied: the caller promises its bytes stay valid until adoptBorrowedText().
    // Most lines of a chunk of input leave their build's tail before the chunk ends, so most are
    // never copied at all.
    void addBorrowingText(const LogEvent &event);
    // Copies every borrowed text still in a tail: call before the bytes it points into go.
    void adoptBorrowedText();
    // `killed`: the process ended by a signal (cancelled), so unfinished builds were interrupted.
    void finish(TimeUs endUs = std::nullopt, std::optional<int> exitCode = std::nullopt, bool killed = false);

    // The report so far (build tails included); after finish() it is the final report.
    BuildReport snapshot() const;
    BuildReport takeReport();
    bool finished() const { return m_finished; }

    // Problems about the stream as a whole (e.g. binary data) rather than one event.
    void addProblem(std::int64_t line, std::string what, bool fatal);

private:
    enum class Kind
    {
        Other,
        Build,
        RemoteBuild, // the builder's own build activity inside a local "building … on …" one
        Builds,
        CopyPaths,
        Substitute,
        CopyPath,
        FileTransfer,
        Waiting,
        LockWait
    };
    struct Activity
    {
        Kind kind = Kind::Other;
        std::size_t index = 0; // into builds / substitutions / transfers
    };
    // Ordering uses line numbers (a logical clock): lines of one chunk share an arrival time, and
    // plain captures have none.
    struct BuildState
    {
        std::int64_t lastActivityLine = 0;
        bool stopped = false;
        TimeUs stoppedUs;
        bool ended = false;
        TimeUs remoteStartUs; // its RemoteBuild activity's start and stop
        TimeUs remoteStopUs;
        // The last kTailLines log lines as a ring: slots keep their capacity, so a long build
        // log costs no allocation per line. A slot holds either the finished text or, for a
        // deferred line, its JSON string body: decoded and ANSI-stripped only when shown. Until
        // adoptBorrowedText(), a slot may only point at that body (`borrowed`).
        struct TailLine
        {
            std::string text;
            std::string_view borrowed;
            bool isBorrowed = false;
            bool escaped = false;
            std::string_view content() const { return isBorrowed ? borrowed : std::string_view(text); }
        };
        std::vector<TailLine> tail;
        std::size_t tailNext = 0;
        bool hasBorrowed = false;
        std::string firstError; // DerivationBuild::firstError, once a line is one
        void pushTail(std::string_view line, bool escaped, bool borrow);
        // Keeps `line` as firstError when it is an error line (out of pushTail's way: rare).
        [[gnu::noinline]] void noteError(std::string_view line, bool escaped);
        void adoptBorrowed();
        // The lines oldest first, as the report shows them (deferred ones decoded, ANSI stripped).
        std::vector<std::string> tailInOrder() const;
        std::vector<std::string> takeTailInOrder(); // the same, emptying the ring
        static std::string shownText(const TailLine &line);
    };
    struct Token
    {
        bool failed = false;
        TimeUs timeUs;
        std::int64_t line = 0;
    };

    void onStart(const LogEvent &e);
    void onStop(const LogEvent &e);
    void addEvent(const LogEvent &e, bool borrowText);
    void onResult(const LogEvent &e, bool borrowText);
    void onMsg(const LogEvent &e);
    void onBuildsProgress(const Progress &p, const LogEvent &e);
    void resolveTokens(bool final);
    void endBuild(std::size_t index, BuildStatus status, const TimeUs &t);
    std::size_t buildFor(const std::string &drvPath);
    void noteFailureMessage(const std::string &text);
    bool notePlannedBuild(const LogEvent &e);
    void syncTails(BuildReport &report) const;

    BuildReport m_report;
    std::unordered_map<std::uint64_t, Activity> m_activities;
    // The activities results were last seen for, by the low bits of their id (Nix numbers
    // activities in order, so the ones running at once fall into different slots): most results
    // skip the hash look-up, also when a substitution's download and copy and a dozen others
    // report in turn.
    struct RecentActivity
    {
        std::uint64_t id = 0;
        Activity activity;
        bool valid = false;
    };
    static constexpr std::size_t kRecentActivities = 64;
    std::array<RecentActivity, kRecentActivities> m_recent{};
    void forgetRecent(std::uint64_t id);
    std::unordered_map<std::string, std::size_t> m_buildByDrv;
    std::unordered_map<std::string, std::size_t> m_substitutionByPath;
    std::vector<BuildState> m_state;      // parallel to m_report.builds
    std::vector<std::size_t> m_borrowing; // builds whose tails hold borrowed text
    std::deque<Token> m_tokens;
    std::vector<std::size_t> m_running; // builds started and not ended: the only token candidates
    std::unordered_map<std::string, std::string> m_namedFailures; // drv → message
    bool m_failureSeen = false;
    std::int64_t m_plannedLeft = 0; // derivation lines still expected after "these N derivations…"
    static constexpr std::int64_t kMaxPlanned = 1'000'000;
    bool m_finished = false;
};

} // namespace flakeoff
