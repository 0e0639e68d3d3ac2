// SPDX-License-Identifier: MIT
// For live tests of the four real tools through the runner (offline, the imported inputs and the
// stand-ins): which tools, whether they can run here, and one run of a scenario.
#pragma once

#include "scenario/ScenarioRunner.h"
#include "strategy/StrategyAvailability.h"
#include "strategy/StrategyCatalog.h"

#include <QSignalSpy>
#include <QStringList>
#include <QTest>

namespace flakeoff::testing {

inline const QStringList kRealTools = {QStringLiteral("build-rust-package"), QStringLiteral("crane"),
                                       QStringLiteral("naersk"), QStringLiteral("cargo2nix")};

// Empty when all four can run here offline; otherwise why not, per tool ("crane: …; naersk: …").
inline QString realToolsMissing()
{
    const auto catalog = StrategyCatalog::load();
    QStringList missing;
    for (const QString &id : kRealTools) {
        const Strategy *s = catalog.find(id);
        if (!s)
            missing << id + QStringLiteral(": no such strategy in variants/");
        else if (const QString why = StrategyAvailability::unavailableReason(*s, true); !why.isEmpty())
            missing << id + QStringLiteral(": ") + why;
    }
    return missing.join(QStringLiteral("; "));
}

// Runs `scenario` of the four tools on `workspace` for `targets` in `layout`, writing the session
// to `sessionPath`; the session as the runner ended it (empty when it did not end in `timeoutMs`).
inline Session runRealTools(const QString &workspace, const Scenario &scenario, const QStringList &targets,
                            const QString &sessionPath, int timeoutMs,
                            const QString &layout = QStringLiteral("workspace"))
{
    RunRequest request;
    request.workspace = workspace;
    request.layout = layout;
    request.strategies = kRealTools;
    request.targets = targets;
    request.scenario = scenario;
    request.sessionPath = sessionPath;
    ScenarioRunner runner;
    QSignalSpy finished(&runner, &ScenarioRunner::finished);
    runner.start(request);
    if (!finished.wait(timeoutMs))
        return {};
    return runner.session();
}

// A rebuildSets_data() table: strategy, step, target and the derivations built (by name, sorted,
// space-separated; empty for none).
inline void addRebuildColumns()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("step");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("built");
}

inline void addRebuildRow(const char *strategy, const char *step, const char *target, const char *built)
{
    QTest::addRow("%s %s %s", strategy, step, target)
        << QString::fromLatin1(strategy) << QString::fromLatin1(step) << QString::fromLatin1(target)
        << QString::fromLatin1(built);
}

} // namespace flakeoff::testing

// In initTestCase(): skips when the real tools cannot run here (their inputs not imported), or
// fails when FLAKEOFF_REQUIRE_REAL_TOOLS is set (CI imports them: a skip there would hide a fault).
#define FLAKEOFF_SKIP_WITHOUT_REAL_TOOLS()                                                                   \
    do {                                                                                                     \
        if (const QString why_ = flakeoff::testing::realToolsMissing(); !why_.isEmpty()) {                   \
            if (qEnvironmentVariableIntValue("FLAKEOFF_REQUIRE_REAL_TOOLS"))                                 \
                QFAIL(qPrintable(why_));                                                                     \
            QSKIP(qPrintable(why_));                                                                         \
        }                                                                                                    \
    } while (false)
