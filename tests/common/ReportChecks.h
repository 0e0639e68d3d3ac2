// SPDX-License-Identifier: MIT
#pragma once
// Assertions of a BuildReport against a Scenario, used inside Qt Test functions.

#include "Scenarios.h"

#include <QTest>

namespace flakeoff::test {

inline const DerivationBuild *findByName(const BuildReport &r, const QString &name)
{
    for (const auto &b : r.builds)
        if (QString::fromStdString(b.name) == name)
            return &b;
    return nullptr;
}

inline QStringList phaseNames(const DerivationBuild &b)
{
    QStringList names;
    for (const auto &p : b.phases)
        names << QString::fromStdString(p.name);
    return names;
}

// Checks builds, statuses, phases, log-line counts, and (when timed) that durations are
// plausible: at least the builder's sleep (less 20 ms of read latency), never more than the wall.
#define FLAKEOFF_CHECK_REPORT(report, scenario)                                                              \
    do {                                                                                                     \
        const auto &r_ = (report);                                                                           \
        const auto &s_ = (scenario);                                                                         \
        QCOMPARE(static_cast<int>(r_.builds.size()), static_cast<int>(s_.builds.size()));                    \
        for (const auto &e_ : s_.builds) {                                                                   \
            const auto *b_ = flakeoff::test::findByName(r_, e_.name);                                        \
            QVERIFY2(b_, qPrintable(QStringLiteral("no build named ") + e_.name));                           \
            QCOMPARE(QString::fromLatin1(flakeoff::buildStatusName(b_->status)),                             \
                     QString::fromLatin1(flakeoff::buildStatusName(e_.status)));                             \
            QCOMPARE(flakeoff::test::phaseNames(*b_), e_.phases);                                            \
            QCOMPARE(b_->logLines, static_cast<std::int64_t>(e_.logLines));                                  \
            QVERIFY(b_->lastLines.size() == static_cast<std::size_t>(std::min<int>(e_.logLines, 20)));       \
            if (r_.timed) {                                                                                  \
                QVERIFY2(b_->durationUs().has_value(), qPrintable(e_.name));                                 \
                /* Arrival stamps: a start line read a few ms late (reader descheduled) shortens  */         \
                /* the span by that much, so allow 20 ms of read latency below the builder's sleep. */       \
                QVERIFY2(*b_->durationUs() >= e_.minDurationMs * 1000 - 20000,                               \
                         qPrintable(e_.name + QStringLiteral(" lasted ") +                                   \
                                    QString::number(*b_->durationUs() / 1000) + QStringLiteral(" ms")));     \
                QVERIFY(*b_->durationUs() < *r_.wallUs());                                                   \
                QVERIFY(*b_->startUs >= 0 && *b_->endUs <= *r_.wallUs());                                    \
                for (const auto &p_ : b_->phases)                                                            \
                    QVERIFY(p_.durationUs().has_value() && *p_.durationUs() <= *b_->durationUs());           \
            } else {                                                                                         \
                QVERIFY(!b_->durationUs().has_value());                                                      \
            }                                                                                                \
            if (e_.status == flakeoff::BuildStatus::Failed)                                                  \
                QVERIFY2(!b_->error.empty(), "a failed build carries its error message");                    \
        }                                                                                                    \
        QCOMPARE(r_.malformedCount, std::int64_t{0});                                                        \
        QCOMPARE(r_.exitCode.value_or(-1), r_.timed ? s_.exitCode : -1);                                     \
    } while (false)

} // namespace flakeoff::test
