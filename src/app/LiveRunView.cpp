// SPDX-License-Identifier: MIT
#include "LiveRunView.h"

#include "ui_LiveRunView.h"

#include "ChartPalette.h"
#include "Display.h"
#include "RunHistoryModel.h"
#include "RunningBuildsModel.h"
#include "report/ReportWording.h"
#include "session/BuildCount.h"
#include "session/NotRunSteps.h"

#include <QDataStream>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLocale>
#include <QScrollBar>
#include <QSortFilterProxyModel>

#include <algorithm>

namespace flakeoff::app {

using namespace Display;

namespace {
constexpr int kRenderIntervalMs = 100; // ten renders a second, however fast reports come
constexpr int kMaxLogBlocks = 20000;
constexpr int kMaxMessageBlocks = 5000;

// "0:42", "12:05", "1:02:03": a clock, for times that tick.
QString clock(std::int64_t ms)
{
    const std::int64_t s = std::max<std::int64_t>(0, ms) / 1000;
    const auto pad = [](std::int64_t v) { return QStringLiteral("%1").arg(v, 2, 10, QLatin1Char('0')); };
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3").arg(s / 3600).arg(pad(s / 60 % 60), pad(s % 60));
    return QStringLiteral("%1:%2").arg(s / 60).arg(pad(s % 60));
}

QString describeRun(const RunProgress &p)
{
    QStringList parts;
    for (const QString &part : {p.strategy, p.step, p.target})
        if (!part.isEmpty())
            parts << part;
    QString text = parts.join(QStringLiteral(" · "));
    if (!p.target.isEmpty())
        text += p.warmup ? QStringLiteral(" (warm-up %1)").arg(p.repetition + 1)
                         : QStringLiteral(" #%1").arg(p.repetition + 1);
    return text;
}

QString describeMeasurement(const Measurement &m)
{
    return QStringLiteral("%1 · %2 · %3 %4").arg(m.strategy, m.step, m.target, RunHistoryModel::runLabel(m));
}
} // namespace

LiveRunView::LiveRunView(QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::LiveRunView>()), m_builds(new RunningBuildsModel(this)),
      m_buildsProxy(new QSortFilterProxyModel(this)), m_history(new RunHistoryModel(this))
{
    m_ui->setupUi(this);
    m_ui->liveStack->setCurrentWidget(m_ui->idlePage);
    // Long names must not widen the window: these labels take the width they are given and cut
    // their text in the middle, the whole of it in their tooltip (ElidedLabel).
    m_ui->buildsView->setTextElideMode(Qt::ElideMiddle);

    m_buildsProxy->setSourceModel(m_builds);
    m_buildsProxy->setSortRole(RunningBuildsModel::SortRole);
    m_buildsProxy->setDynamicSortFilter(true);
    m_buildsProxy->sort(RunningBuildsModel::NameColumn, Qt::AscendingOrder);
    QTreeView *builds = m_ui->buildsView;
    builds->setModel(m_buildsProxy);
    builds->setSortingEnabled(false); // the order is nix-output-monitor's: running first
    QHeaderView *header = builds->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(RunningBuildsModel::NameColumn, QHeaderView::Stretch);

    m_ui->historyView->setModel(m_history);
    m_ui->historyView->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_ui->historyView->header()->setStretchLastSection(true);

    applyFonts();
    m_ui->logView->setMaximumBlockCount(kMaxLogBlocks);
    m_ui->runMessagesView->setMaximumBlockCount(kMaxMessageBlocks);
    m_ui->failureBanner->hide();
    setTextColor(m_ui->failureBanner, ChartPalette::statusColor(BuildStatus::Failed));
    setTextColor(m_ui->timeLabel, ChartPalette::mutedText());
    m_ui->buildsSplitter->setStretchFactor(0, 3);
    m_ui->buildsSplitter->setStretchFactor(1, 2);
    m_ui->liveSplitter->setStretchFactor(0, 3);
    m_ui->liveSplitter->setStretchFactor(1, 1);
    m_ui->speedLabel->hide();
    m_ui->speedCombo->hide();

    m_tick.setInterval(kRenderIntervalMs);
    connect(&m_tick, &QTimer::timeout, this, &LiveRunView::tick);

    connect(builds->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &LiveRunView::followSelection);
    connect(m_ui->followCheck, &QCheckBox::toggled, this, [this](bool on) {
        if (on) {
            m_pinned.clear();
            m_updatingSelection = true;
            m_ui->buildsView->selectionModel()->clearSelection();
            m_ui->buildsView->setCurrentIndex({});
            m_updatingSelection = false;
        } else if (m_pinned.empty()) {
            m_pinned = followedDrv(); // stop jumping: stay on what is shown
        }
        updateLog();
    });
    connect(m_buildsProxy, &QAbstractItemModel::modelReset, this, [this] {
        // A new build: a derivation pinned in the previous one is gone.
        if (!m_pinned.empty() && m_builds->rowOf(m_pinned) < 0) {
            m_pinned.clear();
            m_ui->followCheck->setChecked(true);
        }
    });
    connect(m_ui->historyView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &LiveRunView::showHistoryRow);
    connect(m_ui->historyView, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        if (const Measurement *m = m_history->measurement(index.row()))
            Q_EMIT buildLogRequested(*m);
    });
    connect(m_ui->speedCombo, &QComboBox::activated, this,
            [this](int index) { Q_EMIT replaySpeedChosen(m_ui->speedCombo->itemData(index).toDouble()); });
}

LiveRunView::~LiveRunView() = default;

void LiveRunView::applyFonts()
{
    // Relative to the view's font, so presentation mode (a larger application font) scales these too.
    QFont headline = font();
    headline.setPointSizeF(font().pointSizeF() * 1.3);
    headline.setBold(true);
    m_ui->headline->setFont(headline);
    QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    fixed.setPointSizeF(font().pointSizeF() * 0.95);
    m_ui->logView->setFont(fixed);
}

void LiveRunView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange)
        applyFonts();
    QWidget::changeEvent(event);
}

void LiveRunView::clear()
{
    m_mode = Mode::Idle;
    m_tick.stop();
    m_pendingReport.reset();
    m_builds->clear();
    m_history->clear();
    m_follower.reset();
    m_pinned.clear();
    m_ui->logView->clear();
    m_ui->runMessagesView->clear();
    m_ui->failureBanner->hide();
    m_ui->liveStack->setCurrentWidget(m_ui->idlePage);
}

void LiveRunView::beginRun(Mode mode, const QString &title, int buildsTotal)
{
    clear();
    m_mode = mode;
    m_ui->liveStack->setCurrentWidget(m_ui->runPage);
    m_progress = RunProgress{};
    m_progress.buildsTotal = buildsTotal;
    m_recordedMs = -1;
    m_reportNowUs = 0;
    m_ui->headline->setFullText(title);
    setStatus(mode == Mode::Replay ? QStringLiteral("replaying…") : QStringLiteral("starting…"));
    m_ui->nixProgressLabel->setFullText(QStringLiteral("Nix: not started yet"));
    m_ui->logTitle->setFullText(QStringLiteral("No derivation built yet"));
    m_ui->speedLabel->setVisible(mode == Mode::Replay);
    m_ui->speedCombo->setVisible(mode == Mode::Replay);
    m_ui->followCheck->setChecked(true);
    m_ui->runBottomTabs->setTabText(m_ui->runBottomTabs->indexOf(m_ui->historyTab),
                                    QStringLiteral("Builds done"));
    m_ui->runBottomTabs->setTabText(m_ui->runBottomTabs->indexOf(m_ui->runMessagesTab),
                                    QStringLiteral("Messages"));
    m_ui->runBottomTabs->setCurrentWidget(m_ui->historyTab);
    showProgress(m_progress);
    m_sinceProgress.start();
    m_sinceReport.start();
    if (isActive())
        m_tick.start();
}

void LiveRunView::setStatus(const QString &text)
{
    m_ui->activityLabel->setText(text);
}

void LiveRunView::showProgress(const RunProgress &progress)
{
    m_progress = progress;
    m_sinceProgress.start();
    if (!progress.strategy.isEmpty())
        m_ui->headline->setFullText(describeRun(progress));
    if (!progress.activity.isEmpty())
        setStatus(progress.activity);
    const int total = std::max(0, progress.buildsTotal);
    m_ui->runProgress->setRange(0, std::max(1, total));
    m_ui->runProgress->setValue(std::min(progress.buildsDone, std::max(1, total)));
    m_ui->runProgress->setFormat(QStringLiteral("%1 / %2 builds").arg(progress.buildsDone).arg(total));
    updateTimes();
}

void LiveRunView::showReport(std::shared_ptr<const BuildReport> report, std::optional<std::int64_t> nowUs)
{
    if (!report)
        return;
    m_reportNowUs = nowUs.value_or(report->endUs.value_or(report->lastEventUs.value_or(0)));
    m_sinceReport.start();
    m_pendingReport = std::move(report);
    // However fast snapshots come, the view renders at most every kRenderIntervalMs; the tick
    // renders a held one.
    if (isActive() && m_lastRender.isValid() && m_lastRender.elapsed() < kRenderIntervalMs)
        return;
    renderPending();
}

void LiveRunView::renderPending()
{
    if (!m_pendingReport)
        return;
    m_lastRender.start();
    const std::int64_t now =
        m_reportNowUs +
        static_cast<std::int64_t>(static_cast<double>(m_sinceReport.elapsed()) * 1000.0 * m_speed);
    m_builds->setReport(std::move(m_pendingReport), now);
    m_pendingReport.reset();
    updateNixProgress();
    updateLog();
}

void LiveRunView::tick()
{
    renderPending();
    // Running times move on between reports: a build that prints nothing still ages.
    if (m_builds->runningCount() > 0 && m_sinceReport.isValid())
        m_builds->setNow(
            m_reportNowUs +
            static_cast<std::int64_t>(static_cast<double>(m_sinceReport.elapsed()) * 1000.0 * m_speed));
    updateTimes();
}

void LiveRunView::setClockSpeed(double factor)
{
    if (factor <= 0)
        return;
    // Keep "now" continuous across the change.
    if (m_sinceReport.isValid()) {
        m_reportNowUs +=
            static_cast<std::int64_t>(static_cast<double>(m_sinceReport.elapsed()) * 1000.0 * m_speed);
        m_sinceReport.start();
    }
    if (m_sinceProgress.isValid()) {
        m_progress.elapsedMs +=
            static_cast<std::int64_t>(static_cast<double>(m_sinceProgress.elapsed()) * m_speed);
        m_sinceProgress.start();
    }
    m_speed = factor;
}

void LiveRunView::setReplaySpeeds(const QList<double> &speeds, double current)
{
    QComboBox *combo = m_ui->speedCombo;
    combo->clear();
    for (double s : speeds)
        combo->addItem(QStringLiteral("%1×").arg(QLocale().toString(s, 'g', 4)), s);
    int index = combo->findData(current);
    if (index < 0) {
        combo->addItem(QStringLiteral("%1×").arg(QLocale().toString(current, 'g', 4)), current);
        index = combo->count() - 1;
    }
    combo->setCurrentIndex(index);
}

void LiveRunView::setRecordedTime(std::int64_t ms)
{
    m_recordedMs = ms;
    updateTimes();
}

QString LiveRunView::timeText() const
{
    return m_ui->timeLabel->text();
}

void LiveRunView::updateTimes()
{
    std::int64_t elapsed = m_progress.elapsedMs;
    if (isActive() && m_sinceProgress.isValid())
        elapsed += static_cast<std::int64_t>(static_cast<double>(m_sinceProgress.elapsed()) * m_speed);
    QString text = QStringLiteral("elapsed %1").arg(clock(elapsed));
    const int done = m_progress.buildsDone;
    const int total = m_progress.buildsTotal;
    if (isActive() && m_mode == Mode::Replay && m_recordedMs > 0) {
        text +=
            QStringLiteral(" · about %1 left").arg(clock(std::max<std::int64_t>(0, m_recordedMs - elapsed)));
    } else if (isActive() && done > 0 && total > done) {
        // The builds so far, averaged: rough, but says minutes or hours.
        const std::int64_t left = elapsed / done * (total - done);
        text += QStringLiteral(" · about %1 left").arg(clock(left));
    } else if (isActive() && total > 0 && done == 0) {
        text += QStringLiteral(" · estimate after the first build");
    }
    if (m_mode == Mode::Replay)
        text += QStringLiteral(" (recorded time)");
    m_ui->timeLabel->setText(text);
}

void LiveRunView::updateNixProgress()
{
    const auto &r = m_builds->report();
    if (!r) {
        m_ui->nixProgressLabel->setFullText(QStringLiteral("Nix: not started yet"));
        return;
    }
    const auto built = r->countWithStatus(BuildStatus::Built);
    const auto running = r->countWithStatus(BuildStatus::Running);
    const auto failed = r->countWithStatus(BuildStatus::Failed);
    QStringList parts;
    if (r->builds.empty() && !r->endUs)
        parts << (r->eventCount == 0 ? QStringLiteral("evaluating…")
                                     : QStringLiteral("no derivation started yet"));
    else if (r->buildsProgress.expected > 0)
        parts << QStringLiteral("%1 of %2 derivations built")
                     .arg(built)
                     .arg(std::max<std::int64_t>(r->buildsProgress.expected, built));
    else
        parts << QStringLiteral("%1 built").arg(built);
    if (running > 0)
        parts << QStringLiteral("%1 building").arg(running);
    if (failed > 0)
        parts << QStringLiteral("%1 failed").arg(failed);
    if (const auto subs = r->substitutedCount(); subs > 0)
        parts << QStringLiteral("%1 fetched").arg(subs);
    if (r->endUs)
        parts << QStringLiteral("nix finished in %1").arg(duration(r->wallUs()));
    m_ui->nixProgressLabel->setFullText(QStringLiteral("Nix: ") + parts.join(QStringLiteral(" · ")));
}

std::string LiveRunView::followedDrv() const
{
    if (!m_pinned.empty())
        return m_pinned;
    const auto &r = m_builds->report();
    if (!r || r->builds.empty())
        return {};
    // The newest running build, else the one that finished last: where the action is.
    const DerivationBuild *best = nullptr;
    for (const auto &b : r->builds)
        if (b.status == BuildStatus::Running && (!best || b.startUs.value_or(0) >= best->startUs.value_or(0)))
            best = &b;
    if (!best)
        for (const auto &b : r->builds)
            if (!best || b.endUs.value_or(0) >= best->endUs.value_or(0))
                best = &b;
    return best ? best->drvPath : std::string();
}

void LiveRunView::updateLog()
{
    const std::string drv = followedDrv();
    const int row = drv.empty() ? -1 : m_builds->rowOf(drv);
    const DerivationBuild *b = m_builds->build(row);
    if (!b) {
        if (m_builds->rowCount() == 0) {
            m_ui->logTitle->setFullText(QStringLiteral("No derivation built yet"));
            m_ui->logView->clear();
            m_follower.reset();
        }
        return;
    }
    const auto update = m_follower.next(*b);
    QPlainTextEdit *view = m_ui->logView;
    if (update.restart)
        view->clear();
    QStringList lines;
    if (update.skippedBefore > 0)
        lines << QStringLiteral("⋯ %1 %2 not shown here (the saved log has every line) ⋯")
                     .arg(QLocale().toString(static_cast<qlonglong>(update.skippedBefore)),
                          update.restart ? QStringLiteral("earlier lines") : QStringLiteral("lines"));
    for (const auto &line : update.lines)
        lines << qs(line);
    if (!lines.isEmpty())
        view->appendPlainText(lines.join(QLatin1Char('\n')));
    if (update.restart)
        view->verticalScrollBar()->setValue(view->verticalScrollBar()->maximum());

    QString state;
    if (b->status == BuildStatus::Running) {
        const QString phase = RunningBuildsModel::currentPhase(*b);
        state =
            phase.isEmpty() ? QStringLiteral("building") : QStringLiteral("building, %1 phase").arg(phase);
    } else {
        state = statusName(b->status).toLower();
        if (const auto d = b->durationUs())
            state += QStringLiteral(" in %1").arg(duration(d));
    }
    m_ui->logTitle->setExtraToolTip(qs(b->drvPath));
    m_ui->logTitle->setFullText(
        QStringLiteral("Log of %1 — %2%3")
            .arg(qs(b->name), state, m_pinned.empty() ? QStringLiteral(" (newest build)") : QString()));
}

void LiveRunView::followSelection()
{
    if (m_updatingSelection)
        return;
    const QModelIndex current = m_ui->buildsView->currentIndex();
    if (!current.isValid())
        return;
    m_pinned = current.data(RunningBuildsModel::DrvPathRole).toString().toStdString();
    const QSignalBlocker blocker(m_ui->followCheck);
    m_ui->followCheck->setChecked(false);
    updateLog();
}

void LiveRunView::showHistoryRow()
{
    if (isActive())
        return; // during a run the derivations shown are the live build's
    const Measurement *m = m_history->measurement(m_ui->historyView->currentIndex().row());
    if (!m)
        return;
    m_ui->headline->setFullText(describeMeasurement(*m));
    if (m->report) {
        m_pinned.clear();
        m_ui->followCheck->setChecked(true);
        showReport(m->report, m->report->endUs);
    } else {
        m_builds->clear();
        m_ui->logView->setPlainText(
            m->error.isEmpty() ? QStringLiteral("No build report was recorded for this build.") : m->error);
        m_ui->logTitle->setFullText(QStringLiteral("No report"));
        m_follower.reset();
    }
    if (m->outcome == Measurement::Outcome::Failed)
        showFailure(*m);
    else
        m_ui->failureBanner->hide();
}

void LiveRunView::addMeasurement(const Measurement &measurement)
{
    m_history->append(measurement);
    m_ui->historyView->scrollToBottom();
    m_ui->runBottomTabs->setTabText(m_ui->runBottomTabs->indexOf(m_ui->historyTab),
                                    QStringLiteral("Builds done (%1)").arg(m_history->rowCount()));
    if (measurement.outcome == Measurement::Outcome::Failed) {
        showFailure(measurement);
        addMessage(QStringLiteral("%1 failed: %2").arg(describeMeasurement(measurement), measurement.error));
    }
}

void LiveRunView::showFailure(const Measurement &m)
{
    const DerivationBuild *failed = nullptr;
    if (m.report)
        for (const auto &b : m.report->builds)
            if (b.status == BuildStatus::Failed) {
                failed = &b;
                break;
            }
    QString text = QStringLiteral("%1 failed").arg(describeMeasurement(m));
    if (!m.error.isEmpty())
        text += QStringLiteral(": ") + m.error;
    if (failed) {
        text += QStringLiteral("\nFailed derivation: %1").arg(qs(failed->name));
        if (!failed->error.empty())
            text += QStringLiteral(" — ") + qs(failed->error).section(QLatin1Char('\n'), 0, 0);
        text += QStringLiteral(". Its last log lines are shown on the right.");
        // Show the failed build's derivations and pin the culprit, whatever the pane followed.
        if (m_builds->report() != m.report) {
            m_reportNowUs = m.report->endUs.value_or(m.report->lastEventUs.value_or(0));
            m_sinceReport.start();
            m_pendingReport = m.report;
            renderPending();
        }
        m_pinned = failed->drvPath;
        {
            const QSignalBlocker blocker(m_ui->followCheck);
            m_ui->followCheck->setChecked(false);
        }
        const int row = m_builds->rowOf(failed->drvPath);
        if (row >= 0) {
            m_updatingSelection = true;
            m_ui->buildsView->setCurrentIndex(m_buildsProxy->mapFromSource(m_builds->index(row, 0)));
            m_updatingSelection = false;
        }
        updateLog();
    } else if (m.report && !m.report->messages.empty()) {
        for (const auto &msg : m.report->messages)
            if (msg.level == 0) {
                text += QStringLiteral("\nNix said: ") + qs(msg.text).section(QLatin1Char('\n'), 0, 2);
                break;
            }
    }
    m_ui->failureBanner->setText(text);
    m_ui->failureBanner->show();
}

void LiveRunView::addMessage(const QString &text)
{
    m_ui->runMessagesView->appendPlainText(text);
    const int blocks = m_ui->runMessagesView->blockCount();
    m_ui->runBottomTabs->setTabText(m_ui->runBottomTabs->indexOf(m_ui->runMessagesTab),
                                    QStringLiteral("Messages (%1)").arg(blocks));
}

void LiveRunView::endRun(const Session &session)
{
    const bool replay = m_mode == Mode::Replay;
    const bool reopened = m_mode == Mode::Session;
    renderPending();
    m_tick.stop();
    m_mode = Mode::Session;
    m_ui->speedLabel->hide();
    m_ui->speedCombo->hide();
    if (m_builds->runningCount() > 0)
        m_builds->setNow(m_reportNowUs + (m_sinceReport.isValid() ? m_sinceReport.elapsed() * 1000 : 0));
    const int done = m_history->rowCount();
    // The state and the count in the Compare page's words: one session never reads two ways.
    const BuildCount count = BuildCount::of(session);
    const QString state = ReportWording::stateLine(session, false);
    QString text;
    // A replay stopped before its end; a cancelled recording played to its end says its state.
    if (session.status == Session::Status::Cancelled && replay && done < m_progress.buildsTotal)
        text = QStringLiteral("Replay stopped after %1 of %2 builds.").arg(done).arg(m_progress.buildsTotal);
    else if (session.status == Session::Status::Cancelled && !reopened && !replay)
        text = QStringLiteral("Cancelled after %1 of %2 builds.").arg(done).arg(m_progress.buildsTotal);
    else if (!state.isEmpty())
        text = QStringLiteral("%1 %2 before it stopped.")
                   .arg(state.endsWith(QLatin1Char('.')) ? state : state + QLatin1Char('.'),
                        Display::capitalized(count.sentence()));
    else {
        text = QStringLiteral("%1: %2").arg(replay ? QStringLiteral("Replayed") : QStringLiteral("Finished"),
                                            count.sentence());
        for (const QString &line : NotRunSteps::lines(session))
            text += QStringLiteral("; ") + line;
        if (!session.statusText.isEmpty() && count.failed == 0)
            text += QStringLiteral(" — ") + session.statusText;
        text += QLatin1Char('.');
    }
    setStatus(text);
    m_progress.buildsDone = done;
    m_ui->runProgress->setValue(std::min(done, m_ui->runProgress->maximum()));
    m_ui->runProgress->setFormat(QStringLiteral("%1 / %2 builds").arg(done).arg(m_progress.buildsTotal));
    updateTimes();
}

void LiveRunView::showSession(const Session &session)
{
    const int count = static_cast<int>(session.measurements.size());
    beginRun(Mode::Session,
             QStringLiteral("%1 on %2").arg(session.scenario.name, QFileInfo(session.workspace).fileName()),
             count);
    m_history->setMeasurements(session.measurements);
    m_ui->runBottomTabs->setTabText(m_ui->runBottomTabs->indexOf(m_ui->historyTab),
                                    QStringLiteral("Builds done (%1)").arg(count));
    for (const NotRun &n : NotRunSteps::of(session))
        addMessage(NotRunSteps::sentence(n) + QStringLiteral(" — ") + n.error);
    std::int64_t wallUs = 0;
    for (const auto &m : session.measurements)
        wallUs += m.wallUs;
    m_progress.buildsDone = count;
    m_progress.elapsedMs = wallUs / 1000;
    endRun(session);
    const QString when =
        session.environment.date.isValid()
            ? QLocale().toString(session.environment.date.toLocalTime(), QLocale::ShortFormat)
            : QStringLiteral("an unknown date");
    setStatus(QStringLiteral("Recorded %1 — %2").arg(when, statusText()));
    m_ui->timeLabel->setText(QStringLiteral("builds took %1 in total").arg(clock(wallUs / 1000)));
    // The first failure if any (that is what one reopens a session for), else the last build.
    int row = count - 1;
    for (int i = 0; i < count; ++i)
        if (session.measurements[static_cast<std::size_t>(i)].outcome == Measurement::Outcome::Failed) {
            row = i;
            break;
        }
    if (row >= 0)
        m_ui->historyView->setCurrentIndex(m_history->index(row, 0));
}

QByteArray LiveRunView::saveLayout() const
{
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << m_ui->liveSplitter->saveState() << m_ui->buildsSplitter->saveState();
    return state;
}

void LiveRunView::restoreLayout(const QByteArray &state)
{
    QDataStream in(state);
    QByteArray live;
    QByteArray builds;
    in >> live >> builds;
    if (in.status() != QDataStream::Ok)
        return; // nothing saved yet, or from another version: the default sizes stay
    m_ui->liveSplitter->restoreState(live);
    m_ui->buildsSplitter->restoreState(builds);
}

QString LiveRunView::headline() const
{
    return m_ui->headline->fullText();
}
QString LiveRunView::statusText() const
{
    return m_ui->activityLabel->text();
}
QString LiveRunView::logText() const
{
    return m_ui->logView->toPlainText();
}
QString LiveRunView::failureText() const
{
    return m_ui->failureBanner->isHidden() ? QString() : m_ui->failureBanner->text();
}

} // namespace flakeoff::app
