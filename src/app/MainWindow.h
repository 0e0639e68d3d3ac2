// SPDX-License-Identifier: MIT
#pragma once

#include "log/BuildReport.h"

#include <QMainWindow>

#include <memory>

class QProgressBar;
class QPushButton;

namespace Ui {
class MainWindow;
}

namespace flakeoff::app {

class AppSettings;
class BuildFilterProxyModel;
class BuildTableModel;
class LogLoader;
struct LoadedLog;

// Opens a saved Nix log and shows its build report: a summary, a sortable and filterable table of
// builds, the selected build's details, Nix's messages and problems with the input itself.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // The one way a log is opened (menu, recent logs, drag and drop, command line, tests). Reads
    // on a worker thread and returns at once; logLoaded or logFailed follows.
    void openLog(const QString &path);

    std::shared_ptr<const BuildReport> report() const;
    QString currentPath() const { return m_path; }
    bool isLoading() const;

Q_SIGNALS:
    void logLoaded(const QString &path);
    void logFailed(const QString &path, const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void setUpViews();
    void setUpStatusBar();
    void chooseLog();
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
    void updateRecentMenu();
    void showAbout();
    void restoreLayout();
    void saveLayout();

    std::unique_ptr<Ui::MainWindow> m_ui;
    AppSettings *m_settings = nullptr;
    LogLoader *m_loader = nullptr;
    BuildTableModel *m_model = nullptr;
    BuildFilterProxyModel *m_proxy = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_cancel = nullptr;
    QString m_path; // the log shown (not the one loading)
};

} // namespace flakeoff::app
