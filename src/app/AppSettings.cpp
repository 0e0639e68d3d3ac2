// SPDX-License-Identifier: MIT
#include "AppSettings.h"

namespace flakeoff::app {

namespace {
QString recentLogsKey() { return QStringLiteral("recentLogs"); }
QString layoutKey(const QString &name) { return QStringLiteral("layout/") + name; }
} // namespace

AppSettings::AppSettings(QObject *parent)
    : QObject(parent)
    , m_settings(QStringLiteral("Flakeoff"), QStringLiteral("flakeoff"))
{
}

QStringList AppSettings::recentLogs() const { return m_settings.value(recentLogsKey()).toStringList(); }

void AppSettings::addRecentLog(const QString &path)
{
    QStringList paths = recentLogs();
    paths.removeAll(path);
    paths.prepend(path);
    while (paths.size() > kMaxRecentLogs)
        paths.removeLast();
    setRecentLogs(paths);
}

void AppSettings::clearRecentLogs() { setRecentLogs({}); }

void AppSettings::setRecentLogs(const QStringList &paths)
{
    if (paths == recentLogs())
        return;
    m_settings.setValue(recentLogsKey(), paths);
    Q_EMIT recentLogsChanged();
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
