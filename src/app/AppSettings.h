// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QSettings>
#include <QStringList>

namespace flakeoff::app {

// The app's settings, typed, over one QSettings (organisation "Flakeoff", application
// "flakeoff"): every key is spelled here and nowhere else.
class AppSettings : public QObject
{
    Q_OBJECT

public:
    static constexpr int kMaxRecentLogs = 10;

    explicit AppSettings(QObject *parent = nullptr);

    // Most recent first, as given (MainWindow gives absolute paths).
    QStringList recentLogs() const;
    void addRecentLog(const QString &path);
    void clearRecentLogs();

    // Opaque blobs written by widgets (window geometry, splitter sizes) under a name they choose.
    QByteArray layout(const QString &name) const;
    void setLayout(const QString &name, const QByteArray &state);

Q_SIGNALS:
    void recentLogsChanged();

private:
    void setRecentLogs(const QStringList &paths);

    QSettings m_settings;
};

} // namespace flakeoff::app
