// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QSettings>
#include <QStringList>

namespace flakeoff::app {

// The app's settings, typed, over one QSettings (organisation "Flakeoff", application
// "flakeoff"): every key is spelled here and nowhere else. Each group of values has one change
// signal, so views follow a change made in the settings dialog at once.
class AppSettings : public QObject
{
    Q_OBJECT

public:
    static constexpr int kMaxRecentLogs = 10;
    static constexpr int kMaxRecent = 10;

    enum class Theme
    {
        System,
        Light,
        Dark,
        HighContrast
    };

    explicit AppSettings(QObject *parent = nullptr);

    // Most recent first, as given (MainWindow gives absolute paths).
    QStringList recentLogs() const;
    void addRecentLog(const QString &path);
    void clearRecentLogs();

    QStringList recentSessions() const;
    void addRecentSession(const QString &path);
    void clearRecentSessions();

    QStringList recentWorkspaces() const;
    void addRecentWorkspace(const QString &path);

    QStringList recentScenarioFiles() const;
    void addRecentScenarioFile(const QString &path);

    // The nix executable to run (empty: the one on PATH) and options passed to every build, as a
    // user types them ("--max-jobs 2 --option cores 1").
    QString nixPath() const;
    void setNixPath(const QString &path);
    QString nixOptions() const;
    void setNixOptions(const QString &options);

    // Where runs write their sessions; default SessionFiles::sessionsDir().
    QString sessionsDir() const;
    void setSessionsDir(const QString &dir);

    // The CLI's defaults (flakeoff-cli run): 3 measured builds of a step give a spread, so a
    // verdict; a cold step, the costly one, once.
    int defaultRepeat() const; // ≥ 1, default 3
    void setDefaultRepeat(int n);
    int defaultColdRepeat() const; // ≥ 1, default 1
    void setDefaultColdRepeat(int n);
    int defaultWarmup() const; // ≥ 0, default 0
    void setDefaultWarmup(int n);

    Theme theme() const;
    void setTheme(Theme theme);
    static QString themeName(Theme theme);

    double replaySpeed() const; // default 1 (real time)
    void setReplaySpeed(double factor);

    // What the run setup showed last: restored on the next start.
    QStringList lastStrategies() const;
    void setLastStrategies(const QStringList &ids);
    QStringList lastTargets() const;
    void setLastTargets(const QStringList &ids);
    QString lastScenario() const; // a built-in name or a file path
    void setLastScenario(const QString &scenario);
    // The crates' layout a run builds (RunRequest::layout: "workspace", the default, or
    // "separate"), not a window's layout (layout() below).
    QString lastLayout() const;
    void setLastLayout(const QString &layout);

    // Opaque blobs written by widgets (window geometry, splitter sizes) under a name they choose.
    QByteArray layout(const QString &name) const;
    void setLayout(const QString &name, const QByteArray &state);

Q_SIGNALS:
    void recentLogsChanged();
    void recentSessionsChanged();
    void recentWorkspacesChanged();
    void nixChanged();
    void defaultsChanged();
    void sessionsDirChanged();
    void themeChanged(flakeoff::app::AppSettings::Theme theme);

private:
    QStringList list(const QString &key) const;
    // Puts `path` first in the list under `key`; true when the list changed.
    bool addRecent(const QString &key, const QString &path, int max);
    bool setList(const QString &key, const QStringList &values);
    void setRecentLogs(const QStringList &paths);

    QSettings m_settings;
};

} // namespace flakeoff::app
