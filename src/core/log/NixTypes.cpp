// SPDX-License-Identifier: MIT
#include "NixTypes.h"

namespace flakeoff {

std::string_view activityTypeName(int type)
{
    switch (static_cast<ActivityType>(type)) {
    case ActivityType::Unknown:
        return "unknown";
    case ActivityType::CopyPath:
        return "copy-path";
    case ActivityType::FileTransfer:
        return "file-transfer";
    case ActivityType::Realise:
        return "realise";
    case ActivityType::CopyPaths:
        return "copy-paths";
    case ActivityType::Builds:
        return "builds";
    case ActivityType::Build:
        return "build";
    case ActivityType::OptimiseStore:
        return "optimise-store";
    case ActivityType::VerifyPaths:
        return "verify-paths";
    case ActivityType::Substitute:
        return "substitute";
    case ActivityType::QueryPathInfo:
        return "query-path-info";
    case ActivityType::PostBuildHook:
        return "post-build-hook";
    case ActivityType::BuildWaiting:
        return "build-waiting";
    case ActivityType::FetchTree:
        return "fetch-tree";
    }
    return "unrecognised";
}

std::string_view resultTypeName(int type)
{
    switch (static_cast<ResultType>(type)) {
    case ResultType::FileLinked:
        return "file-linked";
    case ResultType::BuildLogLine:
        return "build-log-line";
    case ResultType::UntrustedPath:
        return "untrusted-path";
    case ResultType::CorruptedPath:
        return "corrupted-path";
    case ResultType::SetPhase:
        return "set-phase";
    case ResultType::Progress:
        return "progress";
    case ResultType::SetExpected:
        return "set-expected";
    case ResultType::PostBuildLogLine:
        return "post-build-log-line";
    case ResultType::FetchStatus:
        return "fetch-status";
    }
    return "unrecognised";
}

std::string_view verbosityName(int level)
{
    switch (static_cast<Verbosity>(level)) {
    case Verbosity::Error:
        return "error";
    case Verbosity::Warn:
        return "warning";
    case Verbosity::Notice:
        return "notice";
    case Verbosity::Info:
        return "info";
    case Verbosity::Talkative:
        return "talkative";
    case Verbosity::Chatty:
        return "chatty";
    case Verbosity::Debug:
        return "debug";
    case Verbosity::Vomit:
        return "vomit";
    }
    return "unrecognised";
}

} // namespace flakeoff
