// SPDX-License-Identifier: MIT
#pragma once

#include "log/BuildReport.h"
#include "session/SessionLogs.h"

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
// any log, how to record one. Reads on a worker (LogLoader). Follows the session shown: a line
// over the report offers its builds (SessionBuildPicker) and shows the chosen one's log, or why it
// has none, quietly. A log the user opens (openLog) has its progress and cancel button in the
// window's status bar, goes into the recent logs and, unreadable, says why in a dialog. Tells the
// window what to say and show by signals.
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

    // The one way the user opens a log (menu, recent logs, drag and drop, command line, tests).
    // Reads on a worker thread and returns at once; logLoaded or logFailed follows.
    void openLog(const QString &path);
    // The session shown (null: none): its builds are offered, and the one a reader opens it for
    // is shown without asking for the page (logLoaded follows; nothing else is said).
    void setSession(std::shared_ptr<const Session> session, const QString &sessionPath);
    // A build asked for elsewhere (the Run view's list, the Compare page): the session's build
    // when it is one, else the log at `logPath` as if opened by the user; the page is asked for.
    void showBuild(const flakeoff::Measurement &measurement, const QString &logPath);
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
    // Who asked for the log being read: the user (openLog) or the session's build line.
    enum class Origin
    {
        User,
        Session
    };

    void load(const QString &path, Origin origin);
    void showSessionBuild(const SessionLogs::Entry &entry);
    void showNoLog(const QString &text);
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
    QString m_path;                 // the log shown (not the one loading)
    Origin m_origin = Origin::User; // of the log loading
    QString m_sessionBuild;         // the label of the session's build loading or shown
};

} // namespace flakeoff::app
