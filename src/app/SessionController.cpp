// SPDX-License-Identifier: MIT
#include "SessionController.h"

#include "AppSettings.h"
#include "ComparisonView.h"
#include "Display.h"
#include "LiveRunView.h"
#include "PredictionView.h"
#include "RunSetupPanel.h"
#include "SessionLoader.h"
#include "scenario/ReplayDriver.h"
#include "scenario/ScenarioRunner.h"
#include "session/BuildCount.h"
#include "session/SessionFiles.h"
#include "session/SessionStore.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPushButton>
#include <QSysInfo>
#include <QThread>

#include <algorithm>
#include <optional>

namespace flakeoff::app {

using Display::capitalized;
using Display::fileName;

namespace {
const QList<double> kReplaySpeeds = {1, 2, 5, 10, 30, 100};

QString describeSession(const Session &s)
{
    QString text = QStringLiteral("%1 on %2").arg(s.scenario.name, QFileInfo(s.workspace).fileName());
    if (!s.strategies.isEmpty())
        text += QStringLiteral(" (%1)").arg(s.strategies.join(QStringLiteral(", ")));
    return text;
}

QString busyMessage()
{
    return QStringLiteral("A run is in progress: cancel it first (Esc).");
}
} // namespace

SessionController::SessionController(AppSettings *settings, const Views &views, QObject *parent)
    : QObject(parent), m_settings(settings), m_views(views), m_runner(new ScenarioRunner(this)),
      m_replay(new ReplayDriver(this)), m_sessions(new SessionLoader(this))
{
    RunSetupPanel *panel = m_views.setup;
    connect(panel, &RunSetupPanel::startRequested, this, &SessionController::startRun);
    connect(panel, &RunSetupPanel::predictRequested, this, &SessionController::predictSetup);
    connect(panel, &RunSetupPanel::cancelRequested, this, &SessionController::cancelRun);

    follow(m_runner);
    follow(m_replay);
    connect(m_runner, &RunSource::message, this, [this](const QString &text) { say(text, 10000); });
    connect(m_views.live, &LiveRunView::replaySpeedChosen, this, &SessionController::setReplaySpeed);

    connect(m_sessions, &SessionLoader::loaded, this, &SessionController::showSession);
    connect(m_sessions, &SessionLoader::loadFailed, this, &SessionController::showSessionFailure);
    connect(m_sessions, &SessionLoader::saved, this, [this](const QString &path) {
        m_sessionPath = path;
        m_settings->addRecentSession(path);
        Q_EMIT stateChanged();
        say(QStringLiteral("Saved the session and its logs to %1.").arg(QDir::toNativeSeparators(path)));
        Q_EMIT sessionSaved(path);
    });
    connect(m_sessions, &SessionLoader::exported, this, [this](const QString &path) {
        say(QStringLiteral("Wrote the report %1.").arg(QDir::toNativeSeparators(path)));
        Q_EMIT reportExported(path);
    });
    connect(m_sessions, &SessionLoader::exportFailed, this,
            [this](const QString &path, const QString &message) {
                say(capitalized(message));
                Q_EMIT errorOccurred(
                    QStringLiteral("Cannot Export Report"),
                    QStringLiteral("Flakeoff could not write the report “%1”.").arg(fileName(path)),
                    capitalized(message) + QLatin1Char('.'));
                Q_EMIT reportFailed(path, message);
            });
    connect(m_sessions, &SessionLoader::saveFailed, this,
            [this](const QString &path, const QString &message) {
                Q_EMIT errorOccurred(
                    QStringLiteral("Cannot Save Session"),
                    QStringLiteral("Flakeoff could not save the session as “%1”.").arg(fileName(path)),
                    capitalized(message));
            });

    PredictionView *prediction = m_views.prediction;
    connect(prediction, &PredictionView::statusChanged, this,
            [this](const QString &text) { say(text, 10000); });
    connect(prediction, &PredictionView::predicted, this, &SessionController::onPredicted);
    connect(prediction->predictButton(), &QPushButton::pressed, this, [this] {
        m_predictionPath = m_sessionPath;
        m_views.prediction->setHistorySources(m_settings->recentSessions());
    });
    showInCompare(nullptr, {});
}

SessionController::~SessionController() = default;

// The runner and the replay speak the same signals; the live view shows either, and the Compare
// page the session so far after every build.
void SessionController::follow(RunSource *source)
{
    LiveRunView *live = m_views.live;
    connect(source, &RunSource::progress, live, &LiveRunView::showProgress);
    connect(source, &RunSource::buildUpdated, live, [this, source](std::shared_ptr<const BuildReport> r) {
        // A replay's clock is where its log stands, not the last line's stamp.
        m_views.live->showReport(std::move(r),
                                 source == m_replay ? std::optional(m_replay->streamNowUs()) : std::nullopt);
    });
    connect(source, &RunSource::measurementAdded, live, &LiveRunView::addMeasurement);
    connect(source, &RunSource::message, live, &LiveRunView::addMessage);
    connect(source, &RunSource::measurementAdded, this, [this, source] {
        if (source == m_runner)
            showInCompare(std::make_shared<const Session>(source->session()), m_runSessionPath);
        else if (m_replayingSession)
            showInCompare(std::make_shared<const Session>(source->session()), m_sessionPath);
    });
    connect(source, &RunSource::finished, this, [this, source](const Session &session) {
        if (source == m_runner)
            onRunFinished(session);
        else
            onReplayFinished(session);
    });
}

bool SessionController::isRunning() const
{
    return m_runner->isRunning();
}
bool SessionController::isReplaying() const
{
    return m_replay->isRunning();
}

bool SessionController::looksLikeSession(const QString &path)
{
    return SessionStore::isSessionFile(path);
}

QString SessionController::measurementLogPath(const QString &logFile) const
{
    const QString base = m_sessionPath.isEmpty() ? m_runSessionPath : m_sessionPath;
    if (base.isEmpty())
        return {};
    return SessionStore::logFolder(base) + QLatin1Char('/') + logFile;
}

// ---- runs and replays ----

bool SessionController::startRun()
{
    if (isBusy()) {
        say(busyMessage());
        return false;
    }
    if (m_views.prediction->isPredicting()) {
        say(QStringLiteral("A prediction is evaluating the workspace: let it finish or cancel it first."));
        return false;
    }
    RunSetupPanel *panel = m_views.setup;
    if (const QString problem = panel->problem(); !problem.isEmpty()) {
        Q_EMIT runPageRequested();
        say(QStringLiteral("Cannot start: %1").arg(problem));
        return false;
    }
    RunRequest request = panel->request();
    request.sessionPath = SessionFiles::newSessionPath(m_settings->sessionsDir(), request.scenario.name);
    panel->rememberChoices();
    m_runSessionPath = request.sessionPath;
    Q_EMIT runPageRequested();
    LiveRunView *live = m_views.live;
    live->setClockSpeed(1.0);
    live->beginRun(LiveRunView::Mode::Live,
                   QStringLiteral("%1 on %2%3")
                       .arg(request.scenario.name, QFileInfo(request.workspace).fileName(),
                            request.layout == QLatin1String("workspace")
                                ? QString()
                                : QStringLiteral(" (%1 layout)").arg(request.layout)),
                   0);
    live->addMessage(QStringLiteral("Session: %1").arg(QDir::toNativeSeparators(request.sessionPath)));
    panel->setRunning(true);
    m_runner->start(request);
    say(QStringLiteral("Running %1 on %2…")
            .arg(request.scenario.name, QFileInfo(request.workspace).fileName()));
    Q_EMIT stateChanged();
    return true;
}

void SessionController::cancelRun()
{
    if (isRunning()) {
        say(QStringLiteral("Cancelling: stopping the build…"));
        m_runner->cancel();
    } else if (isReplaying()) {
        m_replay->cancel();
    }
}

void SessionController::onRunFinished(const Session &session)
{
    m_views.live->endRun(session);
    m_views.setup->setRunning(false);
    m_session = std::make_shared<const Session>(session);
    m_sessionPath = m_runSessionPath;
    if (QFileInfo::exists(m_sessionPath))
        m_settings->addRecentSession(m_sessionPath);
    showInCompare(m_session, m_sessionPath);
    say(m_views.live->statusText());
    Q_EMIT stateChanged();
    Q_EMIT runFinished(session);
}

void SessionController::setReplaySpeed(double factor)
{
    m_settings->setReplaySpeed(factor);
    m_replay->setSpeed(factor);
    m_views.live->setClockSpeed(m_replay->speed());
}

bool SessionController::replayCurrentSession()
{
    if (!m_session) {
        say(QStringLiteral("Open a session to replay first (File › Open Session, Ctrl+O)."));
        return false;
    }
    if (isBusy()) {
        say(busyMessage());
        return false;
    }
    startReplay();
    return true;
}

void SessionController::replaySession(const QString &path)
{
    if (!looksLikeSession(path)) {
        replayLog(path);
        return;
    }
    m_replayWhenLoaded = true;
    openSession(path);
}

void SessionController::replayLog(const QString &path)
{
    if (isBusy()) {
        say(busyMessage());
        return;
    }
    const double speed = m_settings->replaySpeed();
    m_replay->setSpeed(speed);
    Q_EMIT runPageRequested();
    LiveRunView *live = m_views.live;
    live->beginRun(LiveRunView::Mode::Replay, QStringLiteral("Replay of %1").arg(fileName(path)), 1);
    live->setReplaySpeeds(kReplaySpeeds, speed);
    live->setClockSpeed(m_replay->speed());
    m_replayingSession = false;
    m_replay->startLog(QFileInfo(path).absoluteFilePath());
    say(QStringLiteral("Replaying %1 at %2×: no Nix runs.").arg(fileName(path)).arg(speed));
    Q_EMIT stateChanged();
}

void SessionController::startReplay()
{
    const double speed = m_settings->replaySpeed();
    m_replay->setSpeed(speed);
    Q_EMIT runPageRequested();
    LiveRunView *live = m_views.live;
    live->beginRun(LiveRunView::Mode::Replay, QStringLiteral("Replay of %1").arg(describeSession(*m_session)),
                   static_cast<int>(m_session->measurements.size()));
    live->setReplaySpeeds(kReplaySpeeds, speed);
    live->setClockSpeed(m_replay->speed());
    // What is left is what the recording has not played yet (pauses between builds aside).
    std::int64_t recordedUs = 0;
    for (const Measurement &m : m_session->measurements)
        recordedUs += std::max<std::int64_t>(0, m.wallUs);
    live->setRecordedTime(recordedUs / 1000);
    m_replayingSession = true;
    m_replay->start(*m_session, m_sessionPath);
    say(QStringLiteral("Replaying %1 at %2×: no Nix runs.").arg(fileName(m_sessionPath)).arg(speed));
    Q_EMIT stateChanged();
}

void SessionController::onReplayFinished(const Session &session)
{
    if (m_replayingSession)
        showInCompare(m_session, m_sessionPath); // the whole session again, as opened
    m_views.live->endRun(session);
    say(m_views.live->statusText());
    Q_EMIT stateChanged();
    Q_EMIT replayFinished(session);
}

// ---- session files ----

void SessionController::openSession(const QString &path)
{
    if (isBusy()) {
        say(QStringLiteral("A run is in progress: cancel it before opening a session (Esc)."));
        m_replayWhenLoaded = false;
        return;
    }
    const QString abs = QFileInfo(path).absoluteFilePath();
    say(QStringLiteral("Opening %1…").arg(fileName(abs)));
    m_sessions->load(abs);
}

void SessionController::showSession(const QString &path, std::shared_ptr<const Session> session)
{
    m_session = std::move(session);
    m_sessionPath = path;
    m_settings->addRecentSession(path);
    m_views.setup->applySession(*m_session);
    showInCompare(m_session, m_sessionPath);
    Q_EMIT stateChanged();
    if (m_replayWhenLoaded) {
        m_replayWhenLoaded = false;
        startReplay();
    } else {
        m_views.live->showSession(*m_session);
        say(QStringLiteral("Opened %1: %2 of %3.")
                .arg(fileName(path), BuildCount::of(*m_session).sentence(), describeSession(*m_session)));
    }
    Q_EMIT sessionLoaded(path);
}

void SessionController::showSessionFailure(const QString &path, const QString &message)
{
    m_replayWhenLoaded = false;
    say(capitalized(message));
    Q_EMIT errorOccurred(QStringLiteral("Cannot Open Session"),
                         QStringLiteral("Flakeoff could not open “%1”.").arg(fileName(path)),
                         capitalized(message) + QLatin1Char('.'));
    Q_EMIT sessionFailed(path, message);
}

void SessionController::saveSessionAs(const QString &path)
{
    if (!m_session)
        return;
    say(QStringLiteral("Saving %1 with its logs…").arg(fileName(path)));
    m_sessions->saveAs(*m_session, m_sessionPath, QFileInfo(path).absoluteFilePath());
}

void SessionController::exportReportTo(const QString &path)
{
    if (!m_session)
        return;
    say(QStringLiteral("Writing the report %1…").arg(fileName(path)));
    m_sessions->exportReport(*m_session, QFileInfo(path).absoluteFilePath());
}

// ---- the Compare page and predictions ----

// Every session shown goes to the Compare page through here: an opened session, a finished run,
// and during a run or a replay the session so far after every build. The Log page follows.
void SessionController::showInCompare(std::shared_ptr<const Session> session, const QString &sessionPath)
{
    PredictionView *prediction = m_views.prediction;
    // A prediction belongs to the session it started from: another session shown ends it.
    if (prediction->isPredicting() && (!session || sessionPath != m_predictionPath))
        prediction->cancel();
    prediction->setSession(session, sessionPath);
    // Running only while this app runs or replays it; else a "running" session never finished.
    m_views.comparison->setSession(session, sessionPath, isBusy());
    prediction->setTarget(m_views.comparison->target());
    Q_EMIT sessionShown(std::move(session), sessionPath);
}

bool SessionController::predictSetup()
{
    if (isBusy() || m_views.prediction->isPredicting()) {
        say(QStringLiteral(
            "Nix is busy with a run, a replay or a prediction: wait for it or cancel it first."));
        return false;
    }
    RunSetupPanel *panel = m_views.setup;
    if (const QString problem = panel->problem(); !problem.isEmpty()) {
        say(QStringLiteral("Cannot predict: %1").arg(problem));
        return false;
    }
    const RunRequest request = panel->request();
    // A new prediction-only session of the set-up; the session shown prices it when it measured
    // the same workspace.
    auto session = std::make_shared<Session>();
    session->workspace = request.workspace;
    session->scenario = request.scenario;
    session->strategies = request.strategies;
    session->targets = request.targets;
    session->status = Session::Status::Finished;
    session->statusText = QStringLiteral("prediction only: nothing was built");
    session->environment.flakeoffVersion = QStringLiteral(FLAKEOFF_VERSION);
    session->environment.hostName = QSysInfo::machineHostName();
    session->environment.cpuCores = QThread::idealThreadCount();
    session->environment.date = QDateTime::currentDateTimeUtc();
    const bool samePlace = m_session && !m_session->measurements.empty() &&
                           QFileInfo(m_session->workspace).canonicalFilePath() ==
                               QFileInfo(request.workspace).canonicalFilePath();
    std::shared_ptr<const Session> shown = samePlace ? m_session : nullptr;
    const QString shownPath = samePlace ? m_sessionPath : QString();
    panel->rememberChoices();
    m_session = std::move(session);
    m_sessionPath = SessionFiles::newSessionPath(m_settings->sessionsDir(), request.scenario.name);
    showInCompare(m_session, m_sessionPath);
    m_views.prediction->setHistory(std::move(shown), shownPath);
    Q_EMIT stateChanged();
    return predictIn(request.layout); // nothing measured yet says the layout: the set-up does
}

bool SessionController::predictRebuilds()
{
    return predictIn({});
}

bool SessionController::predictIn(const QString &layout)
{
    Q_EMIT predictionRequested();
    m_predictionPath = m_sessionPath;
    m_views.prediction->setHistorySources(m_settings->recentSessions());
    return m_views.prediction->predict(layout);
}

void SessionController::onPredicted(std::shared_ptr<const Session> session)
{
    m_session = std::move(session);
    showInCompare(m_session, m_sessionPath);
    Q_EMIT stateChanged();
    // Nothing lost: the prediction goes into the session file at once (logs stay where they are).
    const QString status = m_views.prediction->statusText();
    if (!m_sessionPath.isEmpty()) {
        m_sessions->saveAs(*m_session, m_sessionPath, m_sessionPath);
        m_settings->addRecentSession(m_sessionPath);
        say(QStringLiteral("%1 Saved into %2.").arg(status, fileName(m_sessionPath)), 10000);
    } else {
        say(QStringLiteral("%1 Save the session (Ctrl+S) to keep it.").arg(status), 10000);
    }
    Q_EMIT predictionStored(m_sessionPath);
}

} // namespace flakeoff::app
