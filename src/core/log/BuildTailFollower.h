// SPDX-License-Identifier: MIT
#pragma once

#include "BuildReport.h"

#include <string>
#include <vector>

namespace flakeoff {

// Turns successive report snapshots of one derivation into a continuous log tail: each snapshot
// carries the build's line count and its last DerivationBuild::kTailLines lines, so the lines new
// since the previous snapshot are the last (count − seen) of them. When more lines arrived between
// two snapshots than a snapshot keeps, the gap is counted, not hidden (the saved log has them all).
class BuildTailFollower
{
public:
    struct Update
    {
        bool restart = false;           // a different derivation (or the first): clear, then append
        std::int64_t skippedBefore = 0; // lines not in any snapshot, before `lines`
        std::vector<std::string> lines; // new lines, oldest first
        bool empty() const { return !restart && lines.empty() && skippedBefore == 0; }
    };

    // `build` is the followed derivation in the newest snapshot; following another one restarts.
    Update next(const DerivationBuild &build);
    void reset();
    const std::string &drvPath() const { return m_drvPath; }
    std::int64_t seen() const { return m_seen; }

private:
    std::string m_drvPath;
    std::int64_t m_seen = 0;
    bool m_following = false;
};

} // namespace flakeoff
