// SPDX-License-Identifier: MIT
#include "PredictionView.h"

#include "PredictionTableModel.h"

#include "log/BuildReportText.h"
#include "predict/BuildHistory.h"
#include "predict/PredictionText.h"
#include "predict/RebuildPredictor.h"
#include "report/ReportWording.h"
#include "session/SessionStore.h"
#include "util/ThreadPoolTask.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QTextDocument>
#include <QVBoxLayout>

namespace flakeoff::app {

namespace {
QString seconds(std::int64_t us)
{
    return QString::fromStdString(BuildReportText::duration(us));
}
QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

QString nameList(const QStringList &names)
{
    QStringList escaped;
    for (const QString &n : names)
        escaped << QStringLiteral("<code>%1</code>").arg(esc(n));
    return escaped.join(QStringLiteral(", "));
}
} // namespace

PredictionView::PredictionView(QWidget *parent)
    : QWidget(parent), m_summary(new QLabel(this)), m_findings(new QLabel(this)), m_status(new QLabel(this)),
      m_predict(new QPushButton(QStringLiteral("Predict"), this)),
      m_cancel(new QPushButton(QStringLiteral("Cancel"), this)), m_progress(new QProgressBar(this)),
      m_model(new PredictionTableModel(this)), m_table(new QTableView(this)),
      m_details(new QTextBrowser(this))
{
    auto *title = new QLabel(QStringLiteral("<b>Predicted rebuilds</b>"), this);
    m_summary->setObjectName(QStringLiteral("predictionSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_findings->setObjectName(QStringLiteral("predictionFindings"));
    m_findings->setWordWrap(true);
    m_findings->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_findings->hide();
    m_status->setObjectName(QStringLiteral("predictionStatus"));
    m_status->setWordWrap(true);
    m_predict->setObjectName(QStringLiteral("predictButton"));
    m_predict->setToolTip(
        QStringLiteral("Evaluate every strategy at every step of the session's scenario, without building, "
                       "and price the rebuilds with this session's measured times"));
    m_predict->setAccessibleName(QStringLiteral("Predict rebuilds"));
    m_cancel->setObjectName(QStringLiteral("cancelPredictionButton"));
    m_cancel->setAccessibleName(QStringLiteral("Cancel the prediction"));
    m_progress->setObjectName(QStringLiteral("predictionProgress"));
    m_progress->setTextVisible(true);
    m_progress->setFormat(QStringLiteral("%v of %m cells"));
    m_progress->hide();

    m_table->setObjectName(QStringLiteral("predictionTable"));
    m_table->setAccessibleName(QStringLiteral("Predicted rebuilds per step and strategy"));
    m_table->setModel(m_model);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->horizontalHeader()->setMinimumSectionSize(90);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_details->setObjectName(QStringLiteral("predictionDetails"));
    m_details->setAccessibleName(QStringLiteral("Derivations of the selected cell"));
    m_details->setOpenLinks(false);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(title);
    buttons->addStretch(1);
    buttons->addWidget(m_progress);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_predict);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("predictionSplitter"));
    split->addWidget(m_table);
    split->addWidget(m_details);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_summary);
    layout->addWidget(m_findings);
    layout->addWidget(split, 1);
    m_legend = new QLabel(
        QStringLiteral(
            "Each cell: derivations predicted to rebuild · their measured cost; under it, what the run "
            "built (✓ as predicted, ✗ different). Select a cell for its derivations."),
        this);
    m_legend->setObjectName(QStringLiteral("predictionLegend"));
    m_legend->setWordWrap(true);
    layout->addWidget(m_legend);
    layout->addWidget(m_status);

    connect(m_predict, &QPushButton::clicked, this, [this] { predict(); });
    connect(m_cancel, &QPushButton::clicked, this, &PredictionView::cancel);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &PredictionView::showDetails);
    refresh();
    updateButtons();
}

PredictionView::~PredictionView() = default;

void PredictionView::setSession(std::shared_ptr<const Session> session, const QString &sessionPath)
{
    if (sessionPath != m_sessionPath || !session)
        m_history.reset(); // it priced the session shown before, not this one
    m_session = std::move(session);
    m_sessionPath = sessionPath;
    refresh();
    updateButtons();
}

void PredictionView::setTarget(const QString &target)
{
    if (target == m_target)
        return;
    m_target = target;
    refresh();
}

void PredictionView::setHistory(std::shared_ptr<const Session> session, const QString &path)
{
    m_history = std::move(session);
    m_historyPath = path;
}

void PredictionView::setHistorySources(const QStringList &sessionPaths)
{
    m_historySources = sessionPaths;
}

void PredictionView::setBusy(bool busy)
{
    m_busy = busy;
    updateButtons();
}

bool PredictionView::isPredicting() const
{
    return m_reading || (m_predictor && m_predictor->isRunning());
}

QString PredictionView::summaryText() const
{
    return m_summary->text();
}
QString PredictionView::statusText() const
{
    return m_status->text();
}

QString PredictionView::detailsText() const
{
    return m_details->toPlainText();
}

bool PredictionView::selectCell(const QString &strategy, const QString &step)
{
    const QModelIndex index = m_model->indexOf(strategy, step);
    if (!index.isValid())
        return false;
    m_table->setCurrentIndex(index);
    return true;
}

void PredictionView::refresh()
{
    // Keep the selected cell across snapshots (a live run adds measurements).
    const QModelIndex current = m_table->currentIndex();
    const QString strategy = current.data(PredictionTableModel::StrategyRole).toString();
    const QString step = current.data(PredictionTableModel::StepRole).toString();
    m_model->setSession(m_session, m_target);

    const PredictionGrid &grid = m_model->grid();
    if (!m_session) {
        m_summary->setText(
            QStringLiteral("Open or run a session: its prediction shows here, beside the measured charts."));
    } else if (grid.isEmpty()) {
        m_summary->setText(
            QStringLiteral(
                "This session holds no prediction. Predict evaluates every strategy at every step of "
                "“%1” without building — seconds instead of a run — and says which derivations each "
                "edit makes them rebuild%2.")
                .arg(m_session->scenario.name, m_session->measurements.empty()
                                                   ? QString()
                                                   : QStringLiteral(", priced with this session's times")));
    } else {
        // The report's words (ReportWording), its lines run together.
        m_summary->setText(
            ReportWording::predictionSummary(grid).replace(QLatin1Char('\n'), QLatin1Char(' ')));
    }
    const QStringList findings = grid.isEmpty() ? QStringList() : grid.findings();
    m_findings->setVisible(!findings.isEmpty());
    if (!findings.isEmpty())
        m_findings->setText(QStringLiteral("<b>%1:</b> %2")
                                .arg(findings.size() == 1
                                         ? QStringLiteral("1 difference")
                                         : QStringLiteral("%1 differences").arg(findings.size()),
                                     esc(findings.join(QStringLiteral("; ")))));
    m_table->setVisible(!grid.isEmpty());
    m_details->setVisible(!grid.isEmpty());
    m_legend->setVisible(!grid.isEmpty());

    // The cell shown before, else the first finding, else the first cell with a rebuild: what a
    // reader wants to see.
    auto firstWith = [this](auto wanted) {
        for (int r = 0; r < m_model->rowCount(); ++r)
            for (int c = 0; c < m_model->columnCount(); ++c)
                if (wanted(m_model->index(r, c)))
                    return m_model->index(r, c);
        return QModelIndex();
    };
    QModelIndex select = m_model->indexOf(strategy, step);
    if (!select.isValid())
        select = firstWith(
            [](const QModelIndex &i) { return i.data(PredictionTableModel::FindingRole).toBool(); });
    if (!select.isValid())
        select = firstWith([](const QModelIndex &i) {
            return i.data(PredictionTableModel::PredictedCountRole).toInt() > 0;
        });
    if (select.isValid())
        m_table->setCurrentIndex(select);
    showDetails();
}

void PredictionView::showDetails()
{
    m_details->setHtml(detailsHtml());
}

QString PredictionView::detailsHtml() const
{
    const QModelIndex index = m_table->currentIndex();
    const PredictionGrid::Cell *cell = m_model->cell(index);
    if (!cell)
        return QStringLiteral("<p>Select a cell to see the derivations it rebuilds.</p>");
    const QString strategy = index.data(PredictionTableModel::StrategyRole).toString();
    const QString step = index.data(PredictionTableModel::StepRole).toString();
    const QString description = m_model->grid().stepDescription(step);
    QString html = QStringLiteral("<p><b>%1</b> · <b>%2</b>%3 · %4</p>")
                       .arg(esc(strategy), esc(step),
                            description.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(esc(description)),
                            esc(m_model->target()));
    html += QStringLiteral("<p>Predicted: %1").arg(esc(PredictionGrid::predictedText(*cell)));
    if (cell->measured())
        html += QStringLiteral(" — built: %1 — %2")
                    .arg(esc(PredictionGrid::builtText(*cell)), esc(PredictionGrid::verdictText(*cell)));
    html += QStringLiteral("</p>");

    const StepPrediction *p = cell->prediction;
    if (p && !p->ok)
        html += QStringLiteral("<p>Nix could not evaluate this step:</p><pre>%1</pre>").arg(esc(p->error));
    if (p && p->ok && p->rebuild.empty())
        html += QStringLiteral(
            "<p>Nothing to rebuild: every derivation of this step is the one of the step before.</p>");
    if (p && p->ok && !p->rebuild.empty()) {
        const std::int64_t total = p->knownCostUs();
        html +=
            QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\"><tr><th "
                           "align=\"left\">Derivation</th><th align=\"left\">Role</th>"
                           "<th align=\"right\">Measured</th><th align=\"left\">Why it rebuilds</th></tr>");
        for (const auto &d : p->rebuild) {
            const QString time = PredictionText::measuredTime(d, total);
            const bool notBuilt = cell->comparison && cell->comparison->unexpected.contains(d.name);
            QString what = esc(d.description);
            if (!d.sources.isEmpty())
                what += (what.isEmpty() ? QString() : QStringLiteral("; ")) + QStringLiteral("compiles ") +
                        nameList(d.sources);
            html += QStringLiteral("<tr><td><code>%1</code>%2<br/><small>%3</small></td><td>%4</td><td "
                                   "align=\"right\">%5</td><td>%6</td></tr>")
                        .arg(esc(d.name), notBuilt ? QStringLiteral(" <i>(not built)</i>") : QString(), what,
                             esc(d.role), esc(time), esc(d.reasons.join(QStringLiteral("; "))));
        }
        html += QStringLiteral("</table>");
        if (const int unknown = p->unknownCount(); unknown > 0)
            html +=
                QStringLiteral("<p>%1 never measured: the cost is %2.</p>")
                    .arg(unknown == 1 ? QStringLiteral("1 derivation was")
                                      : QStringLiteral("%1 derivations were").arg(unknown),
                         unknown == static_cast<int>(p->rebuild.size()) ? QStringLiteral("unknown")
                                                                        : QStringLiteral("a lower bound"));
    }
    if (cell->comparison) {
        const StepComparison &c = *cell->comparison;
        if (!c.missed.isEmpty() && c.verdict != StepComparison::Verdict::BothFailed)
            html += QStringLiteral("<p><b>Built but not predicted</b> (a finding): %1</p>")
                        .arg(nameList(c.missed));
        if (!c.unexpected.isEmpty())
            html += QStringLiteral("<p>Predicted but not built: %1</p>").arg(nameList(c.unexpected));
        if (cell->measured() && c.verdict != StepComparison::Verdict::NotPredicted && !c.built.isEmpty())
            html += QStringLiteral("<p>The run built: %1</p>").arg(nameList(c.built));
        if (c.buildFailed && !c.note.isEmpty())
            html += QStringLiteral("<p>The run's build failed:</p><pre>%1</pre>").arg(esc(c.note));
    }
    return html;
}

void PredictionView::setStatus(const QString &text)
{
    m_status->setText(text);
    Q_EMIT statusChanged(text);
}

void PredictionView::updateButtons()
{
    const bool running = isPredicting();
    m_predict->setVisible(!running);
    m_cancel->setVisible(running);
    m_progress->setVisible(running);
    m_predict->setEnabled(m_session && !m_busy && !running);
    m_predict->setText(m_session && m_session->prediction ? QStringLiteral("Predict again")
                                                          : QStringLiteral("Predict"));
}

bool PredictionView::predict(const QString &layout)
{
    if (isPredicting())
        return false;
    QString problem;
    if (!m_session)
        problem = QStringLiteral("no session to predict: run one or open one first");
    else if (m_busy)
        problem = QStringLiteral("a run or a replay is using Nix: predict when it has finished");
    else if (m_session->workspace.isEmpty() || !QFileInfo(m_session->workspace).isDir())
        problem = QStringLiteral("the session's workspace %1 is not on this machine")
                      .arg(QDir::toNativeSeparators(m_session->workspace));
    else if (m_session->strategies.isEmpty() || m_session->scenario.steps.empty())
        problem = QStringLiteral("the session names no strategy or no scenario step");
    if (!problem.isEmpty()) {
        setStatus(QStringLiteral("Cannot predict: %1.").arg(problem));
        Q_EMIT predictionFailed(problem);
        return false;
    }

    PredictRequest request;
    request.workspace = m_session->workspace;
    request.strategies = m_session->strategies;
    request.targets = m_session->targets;
    request.scenario = m_session->scenario;
    request.layout = layout.isEmpty() ? m_session->layout() : layout;
    // Earlier sessions of the same workspace price the prediction as nix-output-monitor's build
    // history does. Reading them is file work: on the pool, then evaluation starts.
    QStringList sources;
    const QString own = QFileInfo(m_sessionPath).canonicalFilePath();
    const QString shown = QFileInfo(m_historyPath).canonicalFilePath();
    for (const QString &path : std::as_const(m_historySources)) {
        const QString canonical = QFileInfo(path).canonicalFilePath();
        if (!canonical.isEmpty() && canonical != own && canonical != shown && !sources.contains(canonical))
            sources << canonical;
    }
    m_predicting = m_session;
    m_cancelRequested = false;
    m_reading = true;
    const quint64 generation = ++m_generation;
    m_cellsDone = 0;
    m_cellsTotal =
        static_cast<int>(m_session->strategies.size() * std::max<qsizetype>(1, m_session->targets.size()) *
                         static_cast<qsizetype>(m_session->scenario.steps.size()));
    m_progress->setRange(0, m_cellsTotal);
    m_progress->setValue(0);
    setStatus(sources.isEmpty()
                  ? QStringLiteral("Predicting…")
                  : QStringLiteral("Reading %1 earlier sessions for their build times…").arg(sources.size()));
    updateButtons();
    const QString workspace = QFileInfo(m_session->workspace).canonicalFilePath();
    runOnPool<EarlierRuns>(
        this,
        [sources, workspace] {
            EarlierRuns earlier;
            for (const QString &path : sources) {
                QString error;
                const auto session = SessionStore::load(path, &error);
                if (!session || session->measurements.empty() ||
                    QFileInfo(session->workspace).canonicalFilePath() != workspace)
                    continue; // unreadable, nothing measured, or another workspace: not this one's history
                earlier.history.add(*session, QFileInfo(path).fileName());
                earlier.labels << QFileInfo(path).fileName();
            }
            return earlier;
        },
        [this, generation, request](const EarlierRuns &earlier) {
            if (generation != m_generation || m_cancelRequested)
                return;
            m_reading = false;
            startEvaluating(request, earlier);
        });
    return true;
}

void PredictionView::startEvaluating(const PredictRequest &request, EarlierRuns earlier)
{
    BuildHistory history = std::move(earlier.history);
    QStringList labels = std::move(earlier.labels);
    if (m_history && m_history != m_predicting && !m_history->measurements.empty() &&
        QFileInfo(m_history->workspace).canonicalFilePath() ==
            QFileInfo(m_predicting->workspace).canonicalFilePath()) {
        labels << QFileInfo(m_historyPath).fileName();
        history.add(*m_history, labels.constLast());
    }
    if (!m_predicting->measurements.empty()) { // added last: on equal dates its own times win
        labels << (m_sessionPath.isEmpty() ? QStringLiteral("this session")
                                           : QFileInfo(m_sessionPath).fileName());
        history.add(*m_predicting, labels.constLast());
    }

    delete m_predictor;
    m_predictor = new RebuildPredictor(this);
    connect(m_predictor, &RebuildPredictor::stepPredicted, this, [this](const StepPrediction &cell) {
        m_progress->setValue(++m_cellsDone);
        setStatus(QStringLiteral("Predicting: %1 · %2 · %3 — %4")
                      .arg(cell.strategy, cell.step, cell.target,
                           cell.ok ? QStringLiteral("%1 to rebuild").arg(cell.rebuild.size())
                                   : QStringLiteral("cannot predict")));
    });
    connect(m_predictor, &RebuildPredictor::message, this, [this](const QString &text) { setStatus(text); });
    connect(m_predictor, &RebuildPredictor::finished, this, [this, labels](const Prediction &) {
        std::shared_ptr<const Session> base = std::move(m_predicting);
        onFinished();
        if (m_cancelRequested || !base)
            return; // a partial prediction is not kept: it would read as "nothing rebuilds"
        auto updated = std::make_shared<Session>(*base);
        updated->prediction = m_predictor->prediction();
        // The predictor prices from the history; naming it is the caller's part.
        updated->prediction->history = labels;
        Q_EMIT predicted(std::move(updated));
    });
    m_predictor->start(request, history);
    setStatus(QStringLiteral("Predicting %1 strategies × %2 steps without building%3…")
                  .arg(request.strategies.size())
                  .arg(request.scenario.steps.size())
                  .arg(labels.isEmpty()
                           ? QStringLiteral(" (no earlier run of this workspace: costs unknown)")
                           : QStringLiteral(", priced from %1").arg(labels.join(QStringLiteral(", ")))));
    updateButtons();
}

void PredictionView::onFinished()
{
    const Prediction &p = m_predictor->prediction();
    if (m_cancelRequested) {
        setStatus(QStringLiteral("Prediction cancelled after %1 of %2 cells; nothing was stored.")
                      .arg(m_cellsDone)
                      .arg(m_cellsTotal));
        updateButtons();
        return;
    }
    int failed = 0;
    for (const auto &s : p.steps)
        failed += s.ok ? 0 : 1;
    setStatus(
        QStringLiteral("Predicted %1 cells in %2%3.")
            .arg(p.steps.size())
            .arg(seconds(p.elapsedUs),
                 failed
                     ? QStringLiteral("; %1 could not be evaluated (Nix's message in the cell)").arg(failed)
                     : QString()));
    updateButtons();
}

void PredictionView::cancel()
{
    if (!isPredicting())
        return;
    m_cancelRequested = true;
    if (m_reading) { // nothing evaluated yet: the sessions being read are dropped when they arrive
        m_reading = false;
        m_predicting.reset();
        setStatus(QStringLiteral("Prediction cancelled before evaluating; nothing was stored."));
        updateButtons();
        return;
    }
    setStatus(QStringLiteral("Cancelling the prediction…"));
    m_predictor->cancel();
}

} // namespace flakeoff::app
