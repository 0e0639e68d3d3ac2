// SPDX-License-Identifier: MIT
#include "AppSettings.h"

#include "session/SessionFiles.h"

namespace flakeoff::app {

namespace {
QString recentLogsKey()
{
    return QStringLiteral("recentLogs");
}
QString recentSessionsKey()
{
    return QStringLiteral("recentSessions");
}
QString recentWorkspacesKey()
{
    return QStringLiteral("recentWorkspaces");
}
QString recentScenariosKey()
{
    return QStringLiteral("recentScenarioFiles");
}
QString nixPathKey()
{
    return QStringLiteral("nix/path");
}
QString nixOptionsKey()
{
    return QStringLiteral("nix/options");
}
QString sessionsDirKey()
{
    return QStringLiteral("run/sessionsDir");
}
QString repeatKey()
{
    return QStringLiteral("run/defaultRepeat");
}
QString coldRepeatKey()
{
    return QStringLiteral("run/defaultColdRepeat");
}
QString warmupKey()
{
    return QStringLiteral("run/defaultWarmup");
}
QString themeKey()
{
    return QStringLiteral("view/theme");
}
QString replaySpeedKey()
{
    return QStringLiteral("replay/speed");
}
QString lastStrategiesKey()
{
    return QStringLiteral("run/lastStrategies");
}
QString lastTargetsKey()
{
    return QStringLiteral("run/lastTargets");
}
QString lastScenarioKey()
{
    return QStringLiteral("run/lastScenario");
}
QString lastLayoutKey()
{
    return QStringLiteral("run/lastLayout");
}
QString layoutKey(const QString &name)
{
    return QStringLiteral("layout/") + name;
}

constexpr int kMaxRepeat = 100;
constexpr int kMaxWarmup = 10;
} // namespace

AppSettings::AppSettings(QObject *parent)
    : QObject(parent), m_settings(QStringLiteral("Flakeoff"), QStringLiteral("flakeoff"))
{
}

QStringList AppSettings::list(const QString &key) const
{
    return m_settings.value(key).toStringList();
}

bool AppSettings::setList(const QString &key, const QStringList &values)
{
    if (values == list(key))
        return false;
    m_settings.setValue(key, values);
    return true;
}

bool AppSettings::addRecent(const QString &key, const QString &path, int max)
{
    QStringList paths = list(key);
    paths.removeAll(path);
    paths.prepend(path);
    while (paths.size() > max)
        paths.removeLast();
    return setList(key, paths);
}

QStringList AppSettings::recentLogs() const
{
    return list(recentLogsKey());
}

void AppSettings::addRecentLog(const QString &path)
{
    if (addRecent(recentLogsKey(), path, kMaxRecentLogs))
        Q_EMIT recentLogsChanged();
}

void AppSettings::clearRecentLogs()
{
    setRecentLogs({});
}

void AppSettings::setRecentLogs(const QStringList &paths)
{
    if (setList(recentLogsKey(), paths))
        Q_EMIT recentLogsChanged();
}

QStringList AppSettings::recentSessions() const
{
    return list(recentSessionsKey());
}

void AppSettings::addRecentSession(const QString &path)
{
    if (addRecent(recentSessionsKey(), path, kMaxRecent))
        Q_EMIT recentSessionsChanged();
}

void AppSettings::clearRecentSessions()
{
    if (setList(recentSessionsKey(), {}))
        Q_EMIT recentSessionsChanged();
}

QStringList AppSettings::recentWorkspaces() const
{
    return list(recentWorkspacesKey());
}

void AppSettings::addRecentWorkspace(const QString &path)
{
    if (addRecent(recentWorkspacesKey(), path, kMaxRecent))
        Q_EMIT recentWorkspacesChanged();
}

QStringList AppSettings::recentScenarioFiles() const
{
    return list(recentScenariosKey());
}

void AppSettings::addRecentScenarioFile(const QString &path)
{
    addRecent(recentScenariosKey(), path, kMaxRecent);
}

QString AppSettings::nixPath() const
{
    return m_settings.value(nixPathKey()).toString();
}

void AppSettings::setNixPath(const QString &path)
{
    if (path == nixPath())
        return;
    m_settings.setValue(nixPathKey(), path);
    Q_EMIT nixChanged();
}

QString AppSettings::nixOptions() const
{
    return m_settings.value(nixOptionsKey()).toString();
}

void AppSettings::setNixOptions(const QString &options)
{
    if (options == nixOptions())
        return;
    m_settings.setValue(nixOptionsKey(), options);
    Q_EMIT nixChanged();
}

QString AppSettings::sessionsDir() const
{
    const QString dir = m_settings.value(sessionsDirKey()).toString();
    return dir.isEmpty() ? SessionFiles::sessionsDir() : dir;
}

void AppSettings::setSessionsDir(const QString &dir)
{
    if (dir == sessionsDir())
        return;
    // The default is not stored: it follows FLAKEOFF_HOME.
    m_settings.setValue(sessionsDirKey(), dir == SessionFiles::sessionsDir() ? QString() : dir);
    Q_EMIT sessionsDirChanged();
}

int AppSettings::defaultRepeat() const
{
    return std::clamp(m_settings.value(repeatKey(), 3).toInt(), 1, kMaxRepeat);
}

void AppSettings::setDefaultRepeat(int n)
{
    n = std::clamp(n, 1, kMaxRepeat);
    if (n == defaultRepeat())
        return;
    m_settings.setValue(repeatKey(), n);
    Q_EMIT defaultsChanged();
}

int AppSettings::defaultColdRepeat() const
{
    return std::clamp(m_settings.value(coldRepeatKey(), 1).toInt(), 1, kMaxRepeat);
}

void AppSettings::setDefaultColdRepeat(int n)
{
    n = std::clamp(n, 1, kMaxRepeat);
    if (n == defaultColdRepeat())
        return;
    m_settings.setValue(coldRepeatKey(), n);
    Q_EMIT defaultsChanged();
}

int AppSettings::defaultWarmup() const
{
    return std::clamp(m_settings.value(warmupKey(), 0).toInt(), 0, kMaxWarmup);
}

void AppSettings::setDefaultWarmup(int n)
{
    n = std::clamp(n, 0, kMaxWarmup);
    if (n == defaultWarmup())
        return;
    m_settings.setValue(warmupKey(), n);
    Q_EMIT defaultsChanged();
}

QString AppSettings::themeName(Theme theme)
{
    switch (theme) {
    case Theme::System:
        return QStringLiteral("system");
    case Theme::Light:
        return QStringLiteral("light");
    case Theme::Dark:
        return QStringLiteral("dark");
    case Theme::HighContrast:
        return QStringLiteral("high-contrast");
    }
    return {};
}

AppSettings::Theme AppSettings::theme() const
{
    const QString name = m_settings.value(themeKey()).toString();
    for (Theme t : {Theme::System, Theme::Light, Theme::Dark, Theme::HighContrast})
        if (themeName(t) == name)
            return t;
    return Theme::System;
}

void AppSettings::setTheme(Theme theme)
{
    if (theme == this->theme())
        return;
    m_settings.setValue(themeKey(), themeName(theme));
    Q_EMIT themeChanged(theme);
}

double AppSettings::replaySpeed() const
{
    const double v = m_settings.value(replaySpeedKey(), 1.0).toDouble();
    return v > 0 && v <= 1000 ? v : 1.0;
}

void AppSettings::setReplaySpeed(double factor)
{
    m_settings.setValue(replaySpeedKey(), factor);
}

QStringList AppSettings::lastStrategies() const
{
    return list(lastStrategiesKey());
}
void AppSettings::setLastStrategies(const QStringList &ids)
{
    setList(lastStrategiesKey(), ids);
}
QStringList AppSettings::lastTargets() const
{
    return list(lastTargetsKey());
}
void AppSettings::setLastTargets(const QStringList &ids)
{
    setList(lastTargetsKey(), ids);
}
QString AppSettings::lastScenario() const
{
    return m_settings.value(lastScenarioKey()).toString();
}
void AppSettings::setLastScenario(const QString &scenario)
{
    m_settings.setValue(lastScenarioKey(), scenario);
}

QString AppSettings::lastLayout() const
{
    return m_settings.value(lastLayoutKey(), QStringLiteral("workspace")).toString();
}
void AppSettings::setLastLayout(const QString &layout)
{
    m_settings.setValue(lastLayoutKey(), layout);
}

QByteArray AppSettings::layout(const QString &name) const
{
    return m_settings.value(layoutKey(name)).toByteArray();
}

void AppSettings::setLayout(const QString &name, const QByteArray &state)
{
    m_settings.setValue(layoutKey(name), state);
}

} // namespace flakeoff::app
