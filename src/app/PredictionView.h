// SPDX-License-Identifier: MIT
#pragma once

#include "predict/BuildHistory.h"
#include "predict/PredictRequest.h"
#include "session/Session.h"

#include <QWidget>

#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;
class QTextBrowser;

namespace flakeoff {
class RebuildPredictor;
}

namespace flakeoff::app {

class PredictionTableModel;

// The prediction beside the measured charts: for the session's target, which derivations each
// scenario step makes every strategy rebuild and what that costs — from evaluation alone — and,
// where the session also measured the cell, whether the run built exactly that. A selected cell
// lists its derivations (role, what they compile, measured time, why the hash changed) or Nix's
// error. "Predict" evaluates the session's workspace, strategies and scenario now (as
// `flakeoff-cli predict`, priced with this session's measured times) without blocking the window;
// the result comes back as a new session snapshot through predicted().
class PredictionView : public QWidget
{
    Q_OBJECT

public:
    explicit PredictionView(QWidget *parent = nullptr);
    ~PredictionView() override;

    void setSession(std::shared_ptr<const Session> session, const QString &sessionPath = {});
    void setTarget(const QString &target);
    // An earlier measured session (in memory, saved at `path`) whose per-derivation times also
    // price the next prediction (a prediction-only session has none of its own).
    void setHistory(std::shared_ptr<const Session> session, const QString &path);
    // Session files (e.g. the recent ones) read before evaluating: those of the same workspace
    // with measurements price the prediction too; the newest build of each derivation counts.
    void setHistorySources(const QStringList &sessionPaths);
    // Another job (a run, a replay) owns the Nix store: no prediction meanwhile.
    void setBusy(bool busy);

    // Starts predicting the session shown, in `layout` (empty: the one it was run in,
    // Session::layout); false, with the reason in statusText(), when it cannot.
    bool predict(const QString &layout = {});
    void cancel();
    bool isPredicting() const;

    PredictionTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QPushButton *predictButton() const { return m_predict; }
    // The line under the title: what the prediction is and how it compares, or what to do.
    QString summaryText() const;
    QString statusText() const;
    // The selected cell's details, as plain text.
    QString detailsText() const;
    bool selectCell(const QString &strategy, const QString &step);

Q_SIGNALS:
    // The session shown with the new prediction in it (the caller keeps and saves it).
    void predicted(std::shared_ptr<const flakeoff::Session> session);
    void predictionFailed(const QString &message);
    void statusChanged(const QString &text);

private:
    void refresh();
    void showDetails();
    void setStatus(const QString &text);
    struct EarlierRuns
    {
        BuildHistory history;
        QStringList labels;
    };
    void startEvaluating(const PredictRequest &request, EarlierRuns earlier);
    void onFinished();
    void updateButtons();
    QString detailsHtml() const;

    std::shared_ptr<const Session> m_session;
    QString m_sessionPath;
    QString m_target;
    bool m_busy = false;
    RebuildPredictor *m_predictor = nullptr;
    std::shared_ptr<const Session> m_history;
    QString m_historyPath;
    QStringList m_historySources;
    bool m_reading = false;                      // reading earlier sessions, before evaluating
    quint64 m_generation = 0;                    // the prediction a pool result belongs to
    std::shared_ptr<const Session> m_predicting; // the session the running prediction belongs to
    bool m_cancelRequested = false;
    int m_cellsDone = 0;
    int m_cellsTotal = 0;

    QLabel *m_summary;
    QLabel *m_findings;
    QLabel *m_status;
    QLabel *m_legend = nullptr;
    QPushButton *m_predict;
    QPushButton *m_cancel;
    QProgressBar *m_progress;
    PredictionTableModel *m_model;
    QTableView *m_table;
    QTextBrowser *m_details;
};

} // namespace flakeoff::app
