// SPDX-License-Identifier: MIT
#pragma once

#include "log/BuildReport.h"

#include <QWidget>

#include <memory>

class QProgressBar;
class QPushButton;
class QStatusBar;

namespace Ui {
class LogView;
}

namespace flakeoff::app {

class AppSettings;
class BuildFilterProxyModel;
class BuildTableModel;
class LogLoader;
struct LoadedLog;

// The Log page: one build's saved log as a report — its summary, the derivation table with filters,
// the selected build's details, Nix's messages and the lines that could not be read — or, before
// any log, how to record one. Reads on a worker (LogLoader); its progress and cancel button go in
// the window's status bar. Tells the window what to say and show by signals.
class LogView : public QWidget
{
    Q_OBJECT

public:
    // The two splitters' states, for AppSettings::setLayout.
    struct Layout
    {
        QByteArray main;  // the table above the messages
        QByteArray table; // the table beside the build's details
    };

    explicit LogView(QWidget *parent = nullptr);
    ~LogView() override;

    void setSettings(AppSettings *settings); // recent logs
    // Puts the reading progress and its cancel button at the end of `bar` (shown while reading).
    void addProgressTo(QStatusBar *bar);

    // The one way a log is opened (menu, recent logs, drag and drop, command line, tests). Reads
    // on a worker thread and returns at once; logLoaded or logFailed follows.
    void openLog(const QString &path);
    // File › Open Log: a file dialog starting where the last log was.
    void chooseLog();
    void cancelLoading();
    void focusFilter();

    std::shared_ptr<const BuildReport> report() const;
    QString currentPath() const { return m_path; }
    bool isLoading() const;

    Layout saveLayout() const;
    // Missing states (a first start) leave default sizes.
    void restoreLayout(const Layout &layout);

Q_SIGNALS:
    // A log is about to be shown: the page should be in view.
    void showRequested();
    void logLoaded(const QString &path);
    void logFailed(const QString &path, const QString &message);
    void statusMessage(const QString &text, int timeoutMs);
    void errorOccurred(const QString &title, const QString &text, const QString &detail);

protected:
    void changeEvent(QEvent *event) override;

private:
    void setUpTable();
    void setUpProgress();
    void applyFonts();
    void showLog(const LoadedLog &log);
    void showLoadFailure(const QString &path, const QString &message);
    void showProgress(quint64 done, quint64 total);
    void setLoading(bool loading);
    void fillStatusCombo(const BuildReport &report);
    void fillMessages(const BuildReport &report);
    void fillProblems(const BuildReport &report);
    void applyStatusFilter();
    void updateCount();
    void showCurrentBuild();
    void selectFirstBuildOfInterest();

    std::unique_ptr<Ui::LogView> m_ui;
    AppSettings *m_settings = nullptr;
    LogLoader *m_loader = nullptr;
    BuildTableModel *m_model = nullptr;
    BuildFilterProxyModel *m_proxy = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_cancel = nullptr;
    QString m_path; // the log shown (not the one loading)
};

} // namespace flakeoff::app
