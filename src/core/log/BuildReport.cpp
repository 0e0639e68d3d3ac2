// SPDX-License-Identifier: MIT
#include "BuildReport.h"

#include <algorithm>

namespace flakeoff {

namespace {
TimeUs span(const TimeUs &a, const TimeUs &b)
{
    if (!a || !b)
        return std::nullopt;
    return std::max<std::int64_t>(0, *b - *a);
}
} // namespace

const char *buildStatusName(BuildStatus s)
{
    switch (s) {
    case BuildStatus::Running:
        return "running";
    case BuildStatus::Built:
        return "built";
    case BuildStatus::Failed:
        return "failed";
    case BuildStatus::Interrupted:
        return "interrupted";
    case BuildStatus::Waiting:
        return "waiting";
    }
    return "unknown";
}

TimeUs Phase::durationUs() const
{
    return span(startUs, endUs);
}
TimeUs DerivationBuild::durationUs() const
{
    return span(startUs, endUs);
}

std::string BuildReport::failureText() const
{
    std::string text;
    std::string others;
    for (const DerivationBuild &b : builds) {
        if (b.status != BuildStatus::Failed)
            continue;
        if (text.empty()) {
            text = b.name + " failed";
            if (const std::string cause = b.firstErrorLine(); !cause.empty()) {
                text += ": " + cause;
            } else if (const auto code = b.error.find("with exit code "); code != std::string::npos) {
                // A builder that printed no error line: Nix's "builder for '…' failed with exit code N".
                text += ' ' + b.error.substr(code, b.error.find_first_not_of("0123456789", code + 15) - code);
            }
        } else {
            others += (others.empty() ? "; also failed: " : ", ") + b.name;
        }
    }
    return text + others;
}

std::string DerivationBuild::errorLineOf(std::string_view line)
{
    const auto start = line.find_first_not_of(" \t");
    if (start == std::string_view::npos || line.compare(start, 5, "error") != 0)
        return {};
    const char next = start + 5 < line.size() ? line[start + 5] : '\0';
    if (next != ':' && next != '[')
        return {};
    return std::string(line.substr(start, line.find_last_not_of(" \t\r") + 1 - start));
}

std::string DerivationBuild::firstErrorLine() const
{
    if (!firstError.empty())
        return firstError;
    for (const std::string &line : lastLines)
        if (std::string found = errorLineOf(line); !found.empty())
            return found;
    return {};
}
TimeUs Substitution::durationUs() const
{
    return span(startUs, endUs);
}
TimeUs Transfer::durationUs() const
{
    return span(startUs, endUs);
}
TimeUs LockWait::durationUs() const
{
    return span(startUs, endUs);
}

std::int64_t BuildReport::countWithStatus(BuildStatus s) const
{
    return std::count_if(builds.begin(), builds.end(),
                         [s](const DerivationBuild &b) { return b.status == s; });
}

std::int64_t BuildReport::substitutedCount() const
{
    return std::count_if(substitutions.begin(), substitutions.end(),
                         [](const Substitution &s) { return s.done; });
}

TimeUs BuildReport::wallUs() const
{
    if (!timed)
        return std::nullopt;
    if (endUs)
        return endUs;
    return lastEventUs;
}

TimeUs BuildReport::evalUs() const
{
    // Times count from the process start, and Nix 2.8 prints its first event only after
    // evaluating, so "eval" runs from the origin (evaluation, instantiation, missing-path queries).
    if (!timed)
        return std::nullopt;
    TimeUs first;
    auto consider = [&first](const TimeUs &t) {
        if (t && (!first || *t < *first))
            first = t;
    };
    for (const auto &b : builds)
        consider(b.startUs);
    for (const auto &s : substitutions)
        consider(s.startUs);
    if (!first) // nothing was built or fetched: the whole run was evaluation and checking
        first = endUs ? endUs : lastEventUs;
    return span(std::int64_t{0}, first);
}

const DerivationBuild *BuildReport::findBuild(const std::string &drvPath) const
{
    const auto it = std::find_if(builds.begin(), builds.end(),
                                 [&](const DerivationBuild &b) { return b.drvPath == drvPath; });
    return it == builds.end() ? nullptr : &*it;
}

std::string derivationName(const std::string &drvPath)
{
    std::string name = drvPath;
    if (const auto slash = name.rfind('/'); slash != std::string::npos)
        name = name.substr(slash + 1);
    // Store path base names are "<32-char hash>-<name>".
    if (name.size() > 33 && name[32] == '-')
        name = name.substr(33);
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".drv") == 0)
        name.resize(name.size() - 4);
    return name;
}

} // namespace flakeoff
