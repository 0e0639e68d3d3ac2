// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string_view>

namespace flakeoff {

// Activity and result type numbers of Nix's internal-json log (Nix 2.8 through today).
// Values outside these lists are kept as plain numbers by the parser, never rejected.
enum class ActivityType : int
{
    Unknown = 0,
    CopyPath = 100,
    FileTransfer = 101,
    Realise = 102,
    CopyPaths = 103,
    Builds = 104,
    Build = 105,
    OptimiseStore = 106,
    VerifyPaths = 107,
    Substitute = 108,
    QueryPathInfo = 109,
    PostBuildHook = 110,
    BuildWaiting = 111,
    FetchTree = 112, // Nix 2.20+
};

enum class ResultType : int
{
    FileLinked = 100,
    BuildLogLine = 101,
    UntrustedPath = 102,
    CorruptedPath = 103,
    SetPhase = 104,
    Progress = 105,
    SetExpected = 106,
    PostBuildLogLine = 107,
    FetchStatus = 108, // Nix 2.20+
};

// Nix's verbosity levels, used by `msg` and `start` events.
enum class Verbosity : int
{
    Error = 0,
    Warn = 1,
    Notice = 2,
    Info = 3,
    Talkative = 4,
    Chatty = 5,
    Debug = 6,
    Vomit = 7,
};

// Stable lower-case names ("build", "copy-path", …); "unknown-<n>" style handled by callers.
std::string_view activityTypeName(int type);
std::string_view resultTypeName(int type);
std::string_view verbosityName(int level);

} // namespace flakeoff
