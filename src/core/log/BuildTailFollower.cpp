// SPDX-License-Identifier: MIT
#include "BuildTailFollower.h"

#include <algorithm>

namespace flakeoff {

BuildTailFollower::Update BuildTailFollower::next(const DerivationBuild &build)
{
    Update u;
    const auto kept = static_cast<std::int64_t>(build.lastLines.size());
    std::int64_t fresh = 0;
    if (!m_following || build.drvPath != m_drvPath || build.logLines < m_seen) {
        // A new derivation, or the same path in a new build (its count started again).
        u.restart = true;
        m_following = true;
        m_drvPath = build.drvPath;
        fresh = build.logLines;
    } else {
        fresh = build.logLines - m_seen;
    }
    m_seen = build.logLines;
    const std::int64_t shown = std::clamp<std::int64_t>(fresh, 0, kept);
    u.skippedBefore = std::max<std::int64_t>(0, fresh - shown);
    u.lines.assign(build.lastLines.end() - shown, build.lastLines.end());
    return u;
}

void BuildTailFollower::reset()
{
    m_drvPath.clear();
    m_seen = 0;
    m_following = false;
}

} // namespace flakeoff
