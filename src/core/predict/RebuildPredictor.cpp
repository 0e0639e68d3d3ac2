// SPDX-License-Identifier: MIT
#include "RebuildPredictor.h"

#include "StrategyPredictionJob.h"
#include "nix/NixCommand.h"
#include "nix/NixEnvironment.h"
#include "strategy/StrategyAvailability.h"

#include <QDateTime>
#include <QFileInfo>
#include <QMetaObject>
#include <QThread>

#include <algorithm>

namespace flakeoff {

RebuildPredictor::RebuildPredictor(QObject *parent, QString homelessShelter)
    : QObject(parent), m_homelessShelter(std::move(homelessShelter))
{
}

RebuildPredictor::~RebuildPredictor()
{
    m_cancelled = true;
    for (auto *job : m_jobs)
        job->disconnect(this);
}

void RebuildPredictor::start(const PredictRequest &request, const BuildHistory &history)
{
    Q_ASSERT(!m_running);
    m_request = request;
    m_request.workspace = QFileInfo(request.workspace).absoluteFilePath();
    m_history = history;
    m_catalog = StrategyCatalog::load();
    m_prediction = Prediction{};
    m_settingsAdded = NixSettings::added({}); // the experimental features; each job adds its own
    m_prediction.date = QDateTime::currentDateTimeUtc();
    m_waiting.clear();
    m_results.clear();
    m_running = true;
    m_cancelled = false;
    m_clock.start();
    // As the runner: with a stray /homeless-shelter the prepare steps' builds (a toolchain, a
    // generator) would fail, each with the same message.
    if (const QString stray = HomelessShelter(m_homelessShelter).problem(); !stray.isEmpty()) {
        for (const QString &id : request.strategies)
            m_prediction.skipped[id] = QStringLiteral("not predicted: %1").arg(stray);
        QMetaObject::invokeMethod(
            this,
            [this, stray] {
                if (!m_running) // cancelled meanwhile: finished already
                    return;
                Q_EMIT message(stray);
                finish();
            },
            Qt::QueuedConnection);
        return;
    }
    for (const QString &id : request.strategies) {
        const Strategy *s = m_catalog.find(id);
        if (!s) {
            m_prediction.skipped[id] = QStringLiteral("no strategy with this id (known: %1)")
                                           .arg(m_catalog.ids().join(QStringLiteral(", ")));
            continue;
        }
        if (s->targetIds(request.targets).isEmpty()) {
            m_prediction.skipped[id] =
                QStringLiteral("has none of the targets %1").arg(request.targets.join(QStringLiteral(", ")));
            continue;
        }
        const QString why = StrategyAvailability::skipReason(*s, request.layout, request.forceOffline,
                                                             request.tryUnavailable);
        if (!why.isEmpty()) {
            m_prediction.skipped[id] = why;
            Q_EMIT message(QStringLiteral("%1: skipped: %2").arg(s->displayName(), why));
            continue;
        }
        m_waiting.push_back(s);
    }
    // The system (flakes' attribute paths) and Nix's version, in one evaluation.
    auto *cmd = new NixCommand(this);
    connect(cmd, &NixCommand::finished, this, [this, cmd](const CommandResult &r) {
        cmd->deleteLater();
        if (m_cancelled)
            return;
        const QStringList words = QString::fromUtf8(r.standardOutput).trimmed().split(QLatin1Char(' '));
        if (r.ok() && words.size() == 2) {
            m_system = words[0];
            m_nixVersion = words[1];
        } else if (!m_waiting.empty()) {
            for (const Strategy *s : m_waiting)
                m_prediction.skipped[s->id] =
                    QStringLiteral("Nix does not evaluate here: %1").arg(r.describe());
            m_waiting.clear();
        }
        startJobs();
    });
    cmd->start(NixEnvironment::findProgram(QStringLiteral("nix")),
               {QStringLiteral("eval"), QStringLiteral("--impure"), QStringLiteral("--raw"),
                QStringLiteral("--expr"),
                QStringLiteral("builtins.currentSystem + \" \" + builtins.nixVersion")});
}

void RebuildPredictor::startJobs()
{
    if (m_waiting.empty()) {
        finish();
        return;
    }
    const int parallel =
        m_request.parallel > 0 ? m_request.parallel : std::max(1, QThread::idealThreadCount());
    for (int i = 0; i < parallel && !m_waiting.empty(); ++i)
        launchNext();
}

void RebuildPredictor::launchNext()
{
    const Strategy *s = m_waiting.front();
    m_waiting.pop_front();
    // Distinct nonces per strategy: no two edits anywhere give the same tree.
    const quint64 nonce =
        static_cast<quint64>(QDateTime::currentMSecsSinceEpoch()) * 1000 + m_jobs.size() * 100;
    auto *job = new StrategyPredictionJob(*s, m_request, m_catalog.variantsDir(), m_system, m_nixVersion,
                                          nonce, this);
    m_jobs.push_back(job);
    NixSettings::addMissing(m_settingsAdded, NixSettings::added(job->nixNeeds()));
    ++m_runningJobs;
    connect(job, &StrategyPredictionJob::message, this, &RebuildPredictor::message);
    connect(job, &StrategyPredictionJob::stepPredicted, this, [this, job](const StepPrediction &cell) {
        StepPrediction priced = cell;
        m_history.price(priced);
        m_results[job->strategyId()].push_back(priced);
        Q_EMIT stepPredicted(priced);
    });
    connect(job, &StrategyPredictionJob::finished, this,
            [this, job](const QString &error) { jobFinished(job, error); });
    job->start();
}

void RebuildPredictor::jobFinished(StrategyPredictionJob *job, const QString &error)
{
    --m_runningJobs;
    if (!error.isEmpty() && !m_cancelled) {
        m_prediction.skipped[job->strategyId()] = error;
        m_results.erase(job->strategyId());
        Q_EMIT message(QStringLiteral("%1: %2").arg(job->strategyId(), error));
    }
    if (m_cancelled)
        return;
    if (!m_waiting.empty())
        launchNext();
    else if (m_runningJobs == 0)
        finish();
}

void RebuildPredictor::finish()
{
    // Strategies in the requested order; each one's cells in step, then target order.
    for (const QString &id : std::as_const(m_request.strategies)) {
        const auto it = m_results.find(id);
        if (it != m_results.end())
            for (auto &cell : it->second)
                m_prediction.steps.push_back(std::move(cell));
    }
    m_results.clear();
    m_prediction.elapsedUs = m_clock.nsecsElapsed() / 1000;
    m_running = false;
    Q_EMIT finished(m_prediction);
}

void RebuildPredictor::cancel()
{
    if (!m_running || m_cancelled)
        return;
    m_cancelled = true;
    for (auto *job : m_jobs)
        job->cancel();
    m_waiting.clear();
    finish(); // with the cells predicted so far
}

} // namespace flakeoff
