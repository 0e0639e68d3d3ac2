// SPDX-License-Identifier: MIT
#pragma once
// The runs of tests/data/nix/scenarios.nix and what their build reports must say. Shared by the
// fixture tests (recorded logs in tests/data/logs) and the live tests (real nix, fresh hashes),
// so both check exactly the same facts.

#include "log/BuildReport.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace flakeoff::test {

struct ExpectedBuild
{
    QString name;
    BuildStatus status;
    QStringList phases;
    int logLines;
    std::int64_t minDurationMs = 0; // the builder sleeps at least this long
};

struct Scenario
{
    QString name;        // fixture base name
    QStringList nixArgs; // after `nix build -f scenarios.nix --argstr nonce N --log-format internal-json`
    int exitCode;
    std::vector<ExpectedBuild> builds;
    bool needsPriorBuild = false; // "noop": the same build done just before
};

inline std::vector<Scenario> scenarios()
{
    const QStringList bp{QStringLiteral("buildPhase")};
    return {
        {QStringLiteral("chain"),
         {QStringLiteral("chain")},
         0,
         {{QStringLiteral("chain-1"), BuildStatus::Built, bp, 1, 200},
          {QStringLiteral("chain-2"), BuildStatus::Built, bp, 1, 200},
          {QStringLiteral("chain-3"), BuildStatus::Built, bp, 1, 200}}},
        {QStringLiteral("noop"), {QStringLiteral("chain")}, 0, {}, true},
        {QStringLiteral("noisy"),
         {QStringLiteral("noisy")},
         0,
         {{QStringLiteral("noisy"),
           BuildStatus::Built,
           {QStringLiteral("unpackPhase"), QStringLiteral("configurePhase"), QStringLiteral("buildPhase"),
            QStringLiteral("installPhase")},
           343,
           300}}},
        {QStringLiteral("sleeper"),
         {QStringLiteral("sleeper")},
         0,
         {{QStringLiteral("sleeper"), BuildStatus::Built, bp, 1, 1000}}},
        {QStringLiteral("failing"),
         {QStringLiteral("failing")},
         1,
         {{QStringLiteral("failing"), BuildStatus::Failed, bp, 2, 200}}},
        {QStringLiteral("parallel"),
         {QStringLiteral("-j2"), QStringLiteral("left"), QStringLiteral("right")},
         0,
         {{QStringLiteral("parallel-left"), BuildStatus::Built, {}, 10, 500},
          {QStringLiteral("parallel-right"), BuildStatus::Built, {}, 10, 500}}},
        {QStringLiteral("keep-going"),
         {QStringLiteral("-j2"), QStringLiteral("--keep-going"), QStringLiteral("slow"),
          QStringLiteral("quickfail")},
         1,
         {{QStringLiteral("quick-fail"), BuildStatus::Failed, {}, 2, 200},
          {QStringLiteral("slow"), BuildStatus::Built, {}, 2, 1200}}},
        {QStringLiteral("fail-fast"),
         {QStringLiteral("-j2"), QStringLiteral("slow"), QStringLiteral("quickfail")},
         1,
         {{QStringLiteral("quick-fail"), BuildStatus::Failed, {}, 2, 200},
          {QStringLiteral("slow"), BuildStatus::Interrupted, {}, 1, 0}}},
    };
}

} // namespace flakeoff::test
