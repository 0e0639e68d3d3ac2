// SPDX-License-Identifier: MIT
#include "BuildReportText.h"

#include "NixTypes.h"

#include <algorithm>
#include <cstdio>

namespace flakeoff::BuildReportText {

std::string phaseName(std::string_view phase)
{
    constexpr std::string_view suffix = "Phase";
    if (phase.size() > suffix.size() && phase.substr(phase.size() - suffix.size()) == suffix)
        phase.remove_suffix(suffix.size());
    return std::string(phase);
}

std::string duration(const TimeUs &us)
{
    if (!us)
        return "?";
    char buf[64];
    const double ms = static_cast<double>(*us) / 1000.0;
    if (ms < 1000.0)
        std::snprintf(buf, sizeof buf, "%.0f ms", ms);
    else if (ms < 60000.0)
        std::snprintf(buf, sizeof buf, "%.3f s", ms / 1000.0);
    else
        std::snprintf(buf, sizeof buf, "%d min %.1f s", static_cast<int>(ms / 60000.0),
                      (ms - 60000.0 * static_cast<int>(ms / 60000.0)) / 1000.0);
    return buf;
}

namespace {
std::string pad(std::string s, std::size_t width, bool right = false)
{
    if (s.size() >= width)
        return s;
    return right ? std::string(width - s.size(), ' ') + s : s + std::string(width - s.size(), ' ');
}
} // namespace

std::string format(const BuildReport &r, bool color)
{
    const char *bold = color ? "\x1b[1m" : "";
    const char *red = color ? "\x1b[31m" : "";
    const char *reset = color ? "\x1b[0m" : "";
    std::string out;
    out += bold;
    out += "wall " + duration(r.wallUs()) + " · eval " + duration(r.evalUs()) + " · " +
           std::to_string(r.countWithStatus(BuildStatus::Built)) + " built · " +
           std::to_string(r.countWithStatus(BuildStatus::Failed)) + " failed · " +
           std::to_string(r.substitutedCount()) + " substituted";
    if (const auto n = r.countWithStatus(BuildStatus::Interrupted))
        out += " · " + std::to_string(n) + " interrupted";
    if (r.exitCode)
        out += " · exit " + std::to_string(*r.exitCode);
    if (r.killed)
        out += " · killed";
    out += reset;
    out += '\n';
    if (!r.timed)
        out += "(plain capture without arrival times: durations unknown)\n";

    if (!r.plannedBuilds.empty()) {
        // What Nix said it would build, before it started: a run's plan, and which of it never ran.
        constexpr std::size_t kShown = 20;
        const std::size_t n = r.plannedBuilds.size();
        out += "\nplanned: Nix announced " + std::to_string(n) + (n == 1 ? " derivation" : " derivations") +
               " to build\n";
        for (std::size_t i = 0; i < n && i < kShown; ++i)
            out += "  " + derivationName(r.plannedBuilds[i]) +
                   (r.findBuild(r.plannedBuilds[i]) ? "" : "  (not started)") + '\n';
        if (n > kShown)
            out += "  … " + std::to_string(n - kShown) + " more\n";
    }
    if (!r.builds.empty()) {
        out += '\n' + pad("STATUS", 12) + pad("DURATION", 12, true) + "  " + pad("LINES", 7, true) + "  " +
               "DERIVATION / PHASES\n";
        for (const auto &b : r.builds) {
            const bool bad = b.status == BuildStatus::Failed;
            out += (bad ? red : "") + pad(buildStatusName(b.status), 12) + (bad ? reset : "") +
                   pad(duration(b.durationUs()), 12, true) + "  " + pad(std::to_string(b.logLines), 7, true) +
                   "  " + b.name + '\n';
            if (!b.machine.empty()) // built elsewhere (--builders): where, and the copying around it
                out += std::string(33, ' ') + "on " + b.machine +
                       (b.copyUs ? ", copying " + duration(b.copyUs) + " besides" : std::string()) +
                       (b.onlyCopiedBack ? ": not built there, the builder already had it; only copied back"
                                         : std::string()) +
                       '\n';
            if (!b.phases.empty()) {
                std::string phases;
                for (const auto &p : b.phases)
                    phases += (phases.empty() ? "" : ", ") + p.name + " " + duration(p.durationUs());
                out += std::string(33, ' ') + phases + '\n';
            }
        }
    }
    for (const auto &b : r.builds) {
        if (b.status != BuildStatus::Failed)
            continue;
        out += std::string("\n") + red + "failed: " + reset + b.drvPath + '\n';
        if (!b.error.empty())
            out += "  " + b.error + '\n';
        for (const auto &l : b.lastLines)
            out += "  | " + l + '\n';
    }
    for (const auto &w : r.lockWaits)
        out += "\nwaited " + duration(w.durationUs()) + " for a lock another Nix process held on " + w.path +
               '\n';
    if (!r.substitutions.empty()) {
        out += "\nsubstituted:\n";
        for (const auto &s : r.substitutions)
            out += "  " + pad(duration(s.durationUs()), 12, true) + "  " + std::to_string(s.bytes) + " B  " +
                   s.storePath + '\n';
    }
    const auto shown =
        std::count_if(r.messages.begin(), r.messages.end(), [](const LogMessage &m) { return m.level <= 1; });
    if (shown > 0) {
        out += "\nmessages:\n";
        for (const auto &m : r.messages) {
            if (m.level > 1)
                continue;
            out += "  " + std::string(verbosityName(m.level)) + ": " + m.text;
            if (m.file)
                out += " (" + *m.file + (m.line ? ":" + std::to_string(*m.line) : "") +
                       (m.column ? ":" + std::to_string(*m.column) : "") + ")";
            out += '\n';
        }
    }
    if (r.problemCount > 0) {
        out += "\ninput problems (" + std::to_string(r.problemCount) + ", " +
               std::to_string(r.malformedCount) + " lines dropped):\n";
        std::size_t n = 0;
        for (const auto &p : r.problems) {
            if (++n > 20) {
                out += "  … " + std::to_string(r.problemCount - 20) + " more\n";
                break;
            }
            out += "  line " + std::to_string(p.line) + ": " + p.what + '\n';
        }
    }
    return out;
}

} // namespace flakeoff::BuildReportText
