// SPDX-License-Identifier: MIT
#include "BuildReportBuilder.h"

#include "LogEventParser.h"
#include "NixTypes.h"
#include "TextCleaner.h"

#include <algorithm>
#include <regex>

namespace flakeoff {

namespace {

bool knownActivity(int t)
{
    return (t >= 100 && t <= 112) || t == 0;
}
bool knownResult(int t)
{
    return t >= 100 && t <= 108;
}

// First "/nix/store/…drv" (any store dir) in a text.
std::string findDrvPath(const std::string &text)
{
    static const std::regex re(R"((/[^\s'"]+/[0-9a-z]{32}-[^\s'"]+\.drv))");
    std::smatch m;
    if (std::regex_search(text, m, re))
        return m[1].str();
    return {};
}

// A log line as the report shows it: ANSI codes removed.
std::string cleanLogLine(std::string_view line)
{
    return TextCleaner::containsEscape(line) ? TextCleaner::stripAnsi(line) : std::string(line);
}

// Whether a raw log line may be an error line: it starts with "e" or an escape (a colour code,
// as compilers write their errors). Checked for every build-log line, so one byte.
bool mayStartWithError(std::string_view line)
{
    return !line.empty() && (line[0] == 'e' || line[0] == '\\' || line[0] == '\x1b');
}
} // namespace

void BuildReportBuilder::BuildState::noteError(std::string_view line, bool escaped)
{
    if (line.find("error") == std::string_view::npos)
        return;
    TailLine probe;
    probe.borrowed = line;
    probe.isBorrowed = true;
    probe.escaped = escaped;
    firstError = DerivationBuild::errorLineOf(shownText(probe));
}

void BuildReportBuilder::BuildState::pushTail(std::string_view line, bool escaped, bool borrow)
{
    // The first error line is the cause a failure is said with; it may be long gone from the tail
    // when the build ends.
    if (mayStartWithError(line) && firstError.empty()) [[unlikely]]
        noteError(line, escaped);
    TailLine *slot = nullptr;
    if (tail.size() < DerivationBuild::kTailLines) {
        if (tail.empty())
            tail.reserve(DerivationBuild::kTailLines);
        slot = &tail.emplace_back();
    } else {
        slot = &tail[tailNext];
        if (++tailNext == tail.size()) // not %: a division per log line shows in profiles
            tailNext = 0;
    }
    slot->escaped = escaped;
    slot->isBorrowed = borrow;
    if (borrow) {
        slot->borrowed = line;
        hasBorrowed = true;
    } else {
        slot->text.assign(line.data(), line.size());
    }
}

void BuildReportBuilder::BuildState::adoptBorrowed()
{
    for (TailLine &line : tail) {
        if (line.isBorrowed) {
            line.text.assign(line.borrowed.data(), line.borrowed.size());
            line.borrowed = {};
            line.isBorrowed = false;
        }
    }
    hasBorrowed = false;
}

std::vector<std::string> BuildReportBuilder::BuildState::tailInOrder() const
{
    std::vector<std::string> out;
    out.reserve(tail.size());
    for (std::size_t k = 0; k < tail.size(); ++k)
        out.push_back(shownText(tail[(tailNext + k) % tail.size()]));
    return out;
}

std::vector<std::string> BuildReportBuilder::BuildState::takeTailInOrder()
{
    std::vector<std::string> out;
    out.reserve(tail.size());
    for (std::size_t k = 0; k < tail.size(); ++k) {
        TailLine &line = tail[(tailNext + k) % tail.size()];
        // Most lines are final text already (no escape in them): moved instead of copied.
        if (!line.isBorrowed && (!line.escaped || line.text.find('\\') == std::string::npos))
            out.push_back(std::move(line.text));
        else
            out.push_back(shownText(line));
    }
    tail.clear();
    tailNext = 0;
    hasBorrowed = false;
    return out;
}

std::string BuildReportBuilder::BuildState::shownText(const TailLine &line)
{
    const std::string_view text = line.content();
    // Without a backslash a JSON body is the text, and it cannot hold a raw ESC (the parser
    // refuses control characters in strings), so there is nothing to strip.
    if (!line.escaped || text.find('\\') == std::string_view::npos)
        return std::string(text);
    // The parser checked the body when it deferred it, so decoding cannot fail.
    std::string decoded;
    LogEventParser::decodeEscapedText(text, decoded);
    return cleanLogLine(decoded);
}

BuildReportBuilder::BuildReportBuilder(bool timed)
{
    m_report.timed = timed;
}

void BuildReportBuilder::addProblem(std::int64_t line, std::string what, bool fatal)
{
    ++m_report.problemCount;
    if (fatal)
        ++m_report.malformedCount;
    if (m_report.problems.size() < BuildReport::kMaxProblems) {
        // Parser messages quote the input, which may be broken UTF-8; reports must stay valid text.
        if (TextCleaner::firstInvalidUtf8(what) != std::string::npos)
            what = TextCleaner::repairUtf8(what);
        m_report.problems.push_back({line, std::move(what), fatal});
    }
}

void BuildReportBuilder::add(const LogEvent &e)
{
    addEvent(e, false);
}

void BuildReportBuilder::addBorrowingText(const LogEvent &e)
{
    addEvent(e, true);
}

void BuildReportBuilder::adoptBorrowedText()
{
    for (const std::size_t i : m_borrowing)
        m_state[i].adoptBorrowed();
    m_borrowing.clear();
}

void BuildReportBuilder::addEvent(const LogEvent &e, bool borrowText)
{
    ++m_report.lineCount;
    if (e.timeUs) {
        // By value, not by copying the optional: the parser has just written it in parts, and
        // a whole 16-byte read of it would stall store forwarding.
        const std::int64_t t = *e.timeUs;
        if (!m_report.firstEventUs)
            m_report.firstEventUs = t;
        m_report.lastEventUs = t;
    }
    if (!e.problem.empty() && e.kind != LogEvent::Kind::Malformed)
        addProblem(e.line, e.problem, false);

    switch (e.kind) {
    case LogEvent::Kind::Output:
        ++m_report.outputLineCount;
        m_report.lastOutputLines.push_back(TextCleaner::stripAnsi(e.text));
        if (m_report.lastOutputLines.size() > DerivationBuild::kTailLines)
            m_report.lastOutputLines.erase(m_report.lastOutputLines.begin());
        return;
    case LogEvent::Kind::Malformed:
        addProblem(e.line, e.problem, true);
        return;
    case LogEvent::Kind::Start:
        ++m_report.eventCount;
        onStart(e);
        return;
    case LogEvent::Kind::Stop:
        ++m_report.eventCount;
        onStop(e);
        return;
    case LogEvent::Kind::Result:
        ++m_report.eventCount;
        onResult(e, borrowText);
        return;
    case LogEvent::Kind::Msg:
        ++m_report.eventCount;
        onMsg(e);
        return;
    }
}

std::size_t BuildReportBuilder::buildFor(const std::string &drvPath)
{
    if (const auto it = m_buildByDrv.find(drvPath); it != m_buildByDrv.end())
        return it->second;
    DerivationBuild b;
    b.drvPath = drvPath;
    b.name = derivationName(drvPath);
    m_report.builds.push_back(std::move(b));
    m_state.emplace_back();
    const std::size_t index = m_report.builds.size() - 1;
    m_buildByDrv.emplace(drvPath, index);
    return index;
}

void BuildReportBuilder::onStart(const LogEvent &e)
{
    if (!knownActivity(e.type))
        ++m_report.unknownTypeCount;
    Activity act;
    switch (static_cast<ActivityType>(e.type)) {
    case ActivityType::Build: {
        std::string drv = e.stringField(0);
        if (drv.empty())
            drv = findDrvPath(e.text);
        const bool known = m_buildByDrv.count(drv) > 0;
        const std::size_t i = buildFor(drv);
        auto &b = m_report.builds[i];
        auto &st = m_state[i];
        if (known && !b.machine.empty() && b.status == BuildStatus::Running && !st.ended && !st.stopped) {
            // The builder's own build of it (machine ""), forwarded by the build hook inside the
            // local "building … on <machine>" activity, which still runs: not a new round. Its
            // span is the build proper; the rest of the local one is connecting and copying.
            st.remoteStartUs = e.timeUs;
            st.lastActivityLine = e.line;
            act = {Kind::RemoteBuild, i};
            break;
        }
        if (known && b.status != BuildStatus::Waiting) {
            // Built again in the same run (a later round with --check or --rounds): start over.
            b.phases.clear();
            b.logLines = 0;
            st = BuildState{};
        }
        if (b.status == BuildStatus::Waiting && b.startUs && e.timeUs)
            b.waitUs = *e.timeUs - *b.startUs;
        b.status = BuildStatus::Running;
        b.machine = e.stringField(1);
        b.round = static_cast<int>(e.intField(2, 1));
        b.rounds = static_cast<int>(e.intField(3, 1));
        b.startUs = e.timeUs;
        b.endUs.reset();
        b.firstLine = e.line;
        st.lastActivityLine = e.line;
        if (std::find(m_running.begin(), m_running.end(), i) == m_running.end())
            m_running.push_back(i);
        act = {Kind::Build, i};
        break;
    }
    case ActivityType::BuildWaiting: {
        const std::string drv = e.fields.empty() ? findDrvPath(e.text) : e.stringField(0);
        if (!drv.empty() && m_buildByDrv.count(drv) == 0) {
            const std::size_t i = buildFor(drv);
            m_report.builds[i].status = BuildStatus::Waiting;
            m_report.builds[i].startUs = e.timeUs;
            m_report.builds[i].firstLine = e.line;
            act = {Kind::Waiting, i};
        } else if (drv.empty()) {
            // "waiting for lock on '<output path>'": another Nix process builds the same thing.
            static const std::regex pathRe(R"((/[^\s'"]+/[0-9a-z]{32}-[^\s'"]+))");
            std::smatch m;
            LockWait w;
            w.path = std::regex_search(e.text, m, pathRe) ? m[1].str() : e.text;
            w.startUs = e.timeUs;
            m_report.lockWaits.push_back(std::move(w));
            act = {Kind::LockWait, m_report.lockWaits.size() - 1};
        }
        break;
    }
    // Only the run's own counters: a remote build's hook forwards the builder's, nested in the
    // run's (parent set), which count that one build alone.
    case ActivityType::Builds:
        if (!e.parent || *e.parent == 0)
            act.kind = Kind::Builds;
        break;
    case ActivityType::CopyPaths:
        if (!e.parent || *e.parent == 0)
            act.kind = Kind::CopyPaths;
        break;
    case ActivityType::Substitute: {
        Substitution s;
        s.storePath = e.stringField(0);
        s.substituter = e.stringField(1);
        s.startUs = e.timeUs;
        m_report.substitutions.push_back(std::move(s));
        act = {Kind::Substitute, m_report.substitutions.size() - 1};
        m_substitutionByPath[m_report.substitutions.back().storePath] = act.index;
        break;
    }
    case ActivityType::CopyPath: {
        // Bytes of a substitution arrive on its copy-path activity: its child (Nix ≥ 2.18 says so
        // with `parent`), else the substitution of the same store path.
        if (const auto p = e.parent ? m_activities.find(*e.parent) : m_activities.end();
            p != m_activities.end() && p->second.kind == Kind::Substitute)
            act = {Kind::CopyPath, p->second.index};
        else if (const auto it = m_substitutionByPath.find(e.stringField(0));
                 it != m_substitutionByPath.end())
            act = {Kind::CopyPath, it->second};
        break;
    }
    case ActivityType::FileTransfer: {
        Transfer t;
        t.uri = e.stringField(0);
        if (t.uri.empty())
            t.uri = e.text;
        t.startUs = e.timeUs;
        m_report.transfers.push_back(std::move(t));
        act = {Kind::FileTransfer, m_report.transfers.size() - 1};
        break;
    }
    default:
        break;
    }
    m_activities[e.id] = act;
    forgetRecent(e.id); // ids are unique, but a corrupt log may reuse one
}

void BuildReportBuilder::forgetRecent(std::uint64_t id)
{
    RecentActivity &slot = m_recent[id % kRecentActivities];
    if (slot.id == id)
        slot.valid = false;
}

void BuildReportBuilder::onStop(const LogEvent &e)
{
    const auto it = m_activities.find(e.id);
    if (it == m_activities.end())
        return;
    const Activity act = it->second;
    m_activities.erase(it);
    forgetRecent(e.id);
    switch (act.kind) {
    case Kind::Build: {
        auto &st = m_state[act.index];
        if (!st.ended) {
            st.stopped = true;
            st.stoppedUs = e.timeUs;
            resolveTokens(false);
        }
        break;
    }
    case Kind::RemoteBuild:
        m_state[act.index].remoteStopUs = e.timeUs;
        break;
    case Kind::Substitute: {
        auto &s = m_report.substitutions[act.index];
        s.endUs = e.timeUs;
        s.done = true;
        break;
    }
    case Kind::FileTransfer: {
        auto &t = m_report.transfers[act.index];
        t.endUs = e.timeUs;
        t.done = true;
        break;
    }
    case Kind::LockWait:
        m_report.lockWaits[act.index].endUs = e.timeUs;
        break;
    default:
        break;
    }
}

void BuildReportBuilder::onResult(const LogEvent &e, bool borrowText)
{
    if (!knownResult(e.type))
        ++m_report.unknownTypeCount;
    Activity act;
    RecentActivity &recent = m_recent[e.id % kRecentActivities];
    if (recent.valid && recent.id == e.id) {
        act = recent.activity;
    } else {
        const auto it = m_activities.find(e.id);
        if (it == m_activities.end())
            return;
        act = it->second;
        recent = {e.id, act, true};
    }
    const auto type = static_cast<ResultType>(e.type);

    if (act.kind == Kind::Build || act.kind == Kind::RemoteBuild) {
        auto &b = m_report.builds[act.index];
        auto &st = m_state[act.index];
        if (type == ResultType::BuildLogLine || type == ResultType::PostBuildLogLine) {
            ++b.logLines;
            if (e.escapedLogText) {
                if (borrowText && !st.hasBorrowed)
                    m_borrowing.push_back(act.index);
                st.pushTail(*e.escapedLogText, true, borrowText);
            } else {
                const auto *field = e.fields.empty() ? nullptr : std::get_if<std::string>(&e.fields[0]);
                const std::string_view line =
                    field ? std::string_view(*field) : std::string_view(); // non-string: empty
                if (TextCleaner::containsEscape(line))
                    st.pushTail(TextCleaner::stripAnsi(line), false, false);
                else
                    st.pushTail(line, false, false);
            }
        } else if (type == ResultType::SetPhase) {
            if (!b.phases.empty() && !b.phases.back().endUs)
                b.phases.back().endUs = e.timeUs;
            b.phases.push_back({e.stringField(0), e.timeUs, std::nullopt});
        }
        if (!st.ended) {
            st.lastActivityLine = e.line;
            if (!m_tokens.empty())
                resolveTokens(false);
        }
        return;
    }
    if (type != ResultType::Progress)
        return;
    const Progress p{e.intField(0), e.intField(1), e.intField(2), e.intField(3)};
    switch (act.kind) {
    case Kind::Builds:
        onBuildsProgress(p, e);
        break;
    case Kind::CopyPaths:
        m_report.copyPathsProgress = p;
        break;
    case Kind::CopyPath:
        m_report.substitutions[act.index].bytes = p.done;
        m_report.substitutions[act.index].expectedBytes = p.expected;
        break;
    case Kind::FileTransfer:
        m_report.transfers[act.index].bytes = p.done;
        m_report.transfers[act.index].expectedBytes = p.expected;
        break;
    default:
        break;
    }
}

void BuildReportBuilder::onBuildsProgress(const Progress &p, const LogEvent &e)
{
    const Progress prev = m_report.buildsProgress;
    // One bump per finished build; a counter that jumps further than builds could (corrupt input)
    // must not flood memory, so the pending bumps are bounded.
    static constexpr std::int64_t kMaxPending = 4096;
    auto bumps = [](std::int64_t from, std::int64_t to) {
        if (to <= from || from < 0)
            return std::int64_t{0};
        return std::min<std::int64_t>(to - from, kMaxPending);
    };
    for (std::int64_t k = bumps(prev.done, p.done);
         k > 0 && static_cast<std::int64_t>(m_tokens.size()) < kMaxPending; --k)
        m_tokens.push_back({false, e.timeUs, e.line});
    for (std::int64_t k = bumps(prev.failed, p.failed);
         k > 0 && static_cast<std::int64_t>(m_tokens.size()) < kMaxPending; --k)
        m_tokens.push_back({true, e.timeUs, e.line});
    if (p.failed > 0)
        m_failureSeen = true;
    m_report.buildsProgress = p;
    if (!m_tokens.empty())
        resolveTokens(false);
}

// Matches finish tokens (a `done` or `failed` bump at time T) to running builds. A build is a
// candidate for T when it has not ended and its last sign of life was not after T. Among several,
// the one that logged most recently is taken; non-final passes wait when the choice is ambiguous.
void BuildReportBuilder::resolveTokens(bool final)
{
    bool progress = true;
    while (progress && !m_tokens.empty()) {
        progress = false;
        for (auto tok = m_tokens.begin(); tok != m_tokens.end(); ++tok) {
            std::vector<std::size_t> candidates;
            std::vector<std::size_t> named;   // candidates an error message names as failed
            std::vector<std::size_t> stopped; // candidates whose `stop` already came
            for (const std::size_t i : m_running) {
                const auto &st = m_state[i];
                if (st.ended || m_report.builds[i].status != BuildStatus::Running)
                    continue;
                if (st.lastActivityLine > tok->line)
                    continue;
                const bool isNamed = m_namedFailures.count(m_report.builds[i].drvPath) > 0;
                if (isNamed)
                    named.push_back(i);
                if (tok->failed || !isNamed) { // a build named as failed never takes a `done`
                    candidates.push_back(i);
                    if (st.stopped)
                        stopped.push_back(i);
                }
            }
            if (candidates.empty()) {
                if (final) { // a bump no build can take (e.g. a failure before any build started)
                    m_tokens.erase(tok);
                    progress = true;
                    break;
                }
                continue;
            }
            // A `done` bump: the build that stops right after it (normal runs) or the only one.
            // A `failed` bump: the build an error message names, or the only one. After a failure
            // Nix stops every build it kills too, so stops say nothing about which one failed.
            const std::vector<std::size_t> *pool = &candidates;
            if (tok->failed && !named.empty())
                pool = &named;
            else if (!tok->failed && !stopped.empty())
                pool = &stopped;
            else if (candidates.size() > 1 && !final)
                continue;
            // Among equals, the one that logged most recently.
            std::size_t chosen = pool->front();
            for (const std::size_t i : *pool)
                if (m_state[i].lastActivityLine > m_state[chosen].lastActivityLine)
                    chosen = i;
            endBuild(chosen, tok->failed ? BuildStatus::Failed : BuildStatus::Built, tok->timeUs);
            m_tokens.erase(tok);
            progress = true;
            break;
        }
    }
}

void BuildReportBuilder::endBuild(std::size_t index, BuildStatus status, const TimeUs &t)
{
    auto &b = m_report.builds[index];
    auto &st = m_state[index];
    st.ended = true;
    m_running.erase(std::remove(m_running.begin(), m_running.end(), index), m_running.end());
    b.status = status;
    b.endUs = t;
    if (status == BuildStatus::Built && !st.remoteStartUs && b.machine.rfind("ssh-ng://", 0) == 0)
        b.onlyCopiedBack = true; // the builder's build of it would have come through
    if (st.remoteStartUs && st.remoteStopUs && b.startUs && t) {
        // Built remotely: the builder's span is the build; the rest of the local one, copying.
        b.copyUs = (*t - *b.startUs) - (*st.remoteStopUs - *st.remoteStartUs);
        b.startUs = st.remoteStartUs;
        b.endUs = st.remoteStopUs;
    }
    if (!b.phases.empty() && !b.phases.back().endUs)
        b.phases.back().endUs = b.endUs;
    if (status == BuildStatus::Failed)
        m_failureSeen = true;
    if (const auto it = m_namedFailures.find(b.drvPath); it != m_namedFailures.end()) {
        b.status = BuildStatus::Failed;
        b.error = it->second;
    }
}

void BuildReportBuilder::noteFailureMessage(const std::string &text)
{
    // Nix 2.8–2.19: "builder for '/nix/store/…drv' failed with exit code 1";
    // Nix 2.20+: "Cannot build '/nix/store/…drv'." followed by the reason.
    // "build of '…drv^out', '…drv^out' failed" closes a failed run: it lists the targets asked
    // for, not the derivation that failed; of several, the others may only have been interrupted
    // (or never started), so it names none of them.
    const bool names =
        text.find("builder for '") != std::string::npos || text.find("Cannot build '") != std::string::npos;
    const bool summary = text.find("build of '") != std::string::npos;
    if (!names && !summary)
        return;
    m_failureSeen = true;
    if (!names && std::count(text.begin(), text.end(), '\'') > 2)
        return;
    const std::string drv = findDrvPath(text);
    if (drv.empty())
        return;
    m_namedFailures[drv] = text;
    if (const auto it = m_buildByDrv.find(drv); it != m_buildByDrv.end()) {
        auto &b = m_report.builds[it->second];
        b.error = text;
        if (m_state[it->second].ended || m_finished)
            b.status = BuildStatus::Failed;
    }
    if (!m_tokens.empty()) // the name may settle a pending `failed` bump
        resolveTokens(false);
}

// Nix announces what it will build before it starts (`nix build` since 2.19, nix-build always):
// "these 3 derivations will be built:" (one: "this derivation will be built:"), then one message
// per derivation, "  /nix/store/…drv". True for such a derivation line, which is taken into
// BuildReport::plannedBuilds instead of the messages.
bool BuildReportBuilder::notePlannedBuild(const LogEvent &e)
{
    const std::string &text = e.text;
    if (m_plannedLeft > 0) {
        const auto first = text.find_first_not_of(' ');
        if (first != std::string::npos && first > 0 && text.compare(first, 1, "/") == 0 && text.size() > 4 &&
            text.compare(text.size() - 4, 4, ".drv") == 0) {
            m_report.plannedBuilds.push_back(text.substr(first));
            --m_plannedLeft;
            return true;
        }
        m_plannedLeft = 0;
    }
    static const std::regex header(R"(^(?:this derivation|these (\d{1,9}) derivations) will be built:$)");
    std::smatch m;
    if (e.level <= static_cast<int>(Verbosity::Info) && text.size() < 64 &&
        std::regex_match(text, m, header)) {
        const std::int64_t n = m[1].matched ? std::stoll(m[1].str()) : 1; // at most 9 digits: no overflow
        m_plannedLeft = std::clamp<std::int64_t>(
            n, 0, kMaxPlanned - static_cast<std::int64_t>(m_report.plannedBuilds.size()));
    }
    return false;
}

void BuildReportBuilder::onMsg(const LogEvent &e)
{
    if (notePlannedBuild(e))
        return;
    if (e.level <= static_cast<int>(Verbosity::Error))
        noteFailureMessage(e.rawMsg.empty() ? e.text : e.rawMsg);
    if (e.level > static_cast<int>(Verbosity::Info) && !e.file)
        return;
    if (m_report.messages.size() >= 10000)
        return;
    LogMessage m;
    m.level = e.level;
    m.text = e.rawMsg.empty() ? e.text : e.rawMsg; // raw_msg lacks the "error: " prefix
    if (!e.rawMsg.empty() && e.text != e.rawMsg)
        m.fullText = e.text; // with the quoted source line, which only msg has
    m.file = e.file;
    m.line = e.fileLine;
    m.column = e.column;
    m.timeUs = e.timeUs;
    m.logLine = e.line;
    m_report.messages.push_back(std::move(m));
}

void BuildReportBuilder::syncTails(BuildReport &report) const
{
    for (std::size_t i = 0; i < m_state.size(); ++i) {
        report.builds[i].lastLines = m_state[i].tailInOrder();
        report.builds[i].firstError = m_state[i].firstError;
    }
}

BuildReport BuildReportBuilder::snapshot() const
{
    BuildReport copy = m_report;
    syncTails(copy);
    return copy;
}

BuildReport BuildReportBuilder::takeReport()
{
    for (std::size_t i = 0; i < m_state.size(); ++i) {
        m_report.builds[i].lastLines = m_state[i].takeTailInOrder();
        m_report.builds[i].firstError = std::move(m_state[i].firstError);
    }
    return std::move(m_report);
}

void BuildReportBuilder::finish(TimeUs endUs, std::optional<int> exitCode, bool killed)
{
    if (m_finished)
        return;
    m_finished = true;
    m_report.endUs = m_report.timed ? (endUs ? endUs : m_report.lastEventUs) : std::nullopt;
    m_report.exitCode = exitCode;
    m_report.killed = killed;
    resolveTokens(true);
    // A build that stopped without Nix counting it done did not finish, unless the run as a whole
    // succeeded (some Nix versions may not report progress at all).
    const bool cleanRun = !killed && (exitCode ? *exitCode == 0 : !m_failureSeen);
    for (std::size_t i = 0; i < m_state.size(); ++i) {
        auto &b = m_report.builds[i];
        auto &st = m_state[i];
        if (b.status == BuildStatus::Running && !st.ended) {
            if (st.stopped) {
                const bool named = m_namedFailures.count(b.drvPath) > 0;
                endBuild(i,
                         named ? BuildStatus::Failed
                               : (cleanRun ? BuildStatus::Built : BuildStatus::Interrupted),
                         st.stoppedUs);
            } else {
                endBuild(i, BuildStatus::Interrupted, m_report.endUs);
            }
        }
        if (const auto it = m_namedFailures.find(b.drvPath); it != m_namedFailures.end()) {
            b.status = BuildStatus::Failed;
            b.error = it->second;
        }
    }
}

} // namespace flakeoff
