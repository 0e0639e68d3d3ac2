// SPDX-License-Identifier: MIT
#pragma once

#include "session/Session.h"

#include <QObject>

#include <memory>

namespace flakeoff::app {

// Opens, saves and exports sessions on a worker thread (a session with its reports can be
// megabytes of JSON, saving copies its logs, a report draws charts). One load at a time: a newer load makes
// an older result stale, and a stale result is dropped by its job id.
class SessionLoader : public QObject
{
    Q_OBJECT

public:
    explicit SessionLoader(QObject *parent = nullptr);

    quint64 load(const QString &path);
    // Writes `session` to `toPath` with the logs of `fromPath` copied beside it.
    void saveAs(const Session &session, const QString &fromPath, const QString &toPath);
    // Writes the session's report to `path` in the format its extension names (html, md, csv,
    // json, pdf) with ReportExporter: the same bytes as `flakeoff-cli report`.
    void exportReport(const Session &session, const QString &path);
    // The formats exportReport writes, as file dialog filters.
    static QStringList exportFilters();
    bool isLoading() const { return m_loading != 0; }
    bool isSaving() const { return m_saving > 0; }

Q_SIGNALS:
    void loaded(const QString &path, std::shared_ptr<const flakeoff::Session> session);
    // `message` is SessionStore's sentence ("… is not a complete JSON document …").
    void loadFailed(const QString &path, const QString &message);
    void saved(const QString &path);
    void saveFailed(const QString &path, const QString &message);
    void exported(const QString &path);
    void exportFailed(const QString &path, const QString &message);

private:
    quint64 m_lastId = 0;
    quint64 m_loading = 0; // the job whose result is wanted; 0 when idle
    int m_saving = 0;
};

} // namespace flakeoff::app
