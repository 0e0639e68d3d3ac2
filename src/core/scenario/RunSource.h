// SPDX-License-Identifier: MIT
#pragma once

#include "session/Session.h"

#include <QObject>

#include <memory>

namespace flakeoff {

// Where a run stands, for progress displays.
struct RunProgress
{
    QString strategy;
    QString step;
    QString target;
    int repetition = 0;
    bool warmup = false;
    int buildsDone = 0;
    int buildsTotal = 0;
    std::int64_t elapsedMs = 0;
    QString activity; // "building", "deleting the project's outputs", "preparing the scratch copy" …
};

// What a run looks like to those who watch it, whether real builds make it (ScenarioRunner) or a
// saved one is played back (ReplayDriver): the same signals in the same order, so one view and
// one controller serve both.
class RunSource : public QObject
{
    Q_OBJECT
public:
    explicit RunSource(QObject *parent = nullptr);
    ~RunSource() override;

    virtual void cancel() = 0;
    virtual bool isRunning() const = 0;
    // The session so far: its measurements grow one by one until finished.
    virtual const Session &session() const = 0;

Q_SIGNALS:
    void progress(const flakeoff::RunProgress &progress);
    void buildUpdated(std::shared_ptr<const flakeoff::BuildReport> report);
    void measurementAdded(const flakeoff::Measurement &measurement);
    void message(const QString &text);
    void finished(const flakeoff::Session &session);
};

} // namespace flakeoff

Q_DECLARE_METATYPE(flakeoff::RunProgress)
