// SPDX-License-Identifier: MIT
#include "SessionLoader.h"

#include "ReportExporter.h"
#include "session/SessionFiles.h"
#include "session/SessionStore.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace flakeoff::app {

namespace {
struct LoadOutcome
{
    std::shared_ptr<const Session> session;
    QString error;
};
} // namespace

SessionLoader::SessionLoader(QObject *parent) : QObject(parent) {}

quint64 SessionLoader::load(const QString &path)
{
    const quint64 id = ++m_lastId;
    m_loading = id;
    auto *watcher = new QFutureWatcher<LoadOutcome>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, id, path] {
        watcher->deleteLater();
        if (id != m_loading)
            return; // superseded
        m_loading = 0;
        const LoadOutcome out = watcher->result();
        if (out.session)
            Q_EMIT loaded(path, out.session);
        else
            Q_EMIT loadFailed(path, out.error);
    });
    watcher->setFuture(QtConcurrent::run([path] {
        LoadOutcome out;
        if (auto s = SessionStore::load(path, &out.error))
            out.session = std::make_shared<const Session>(std::move(*s));
        return out;
    }));
    return id;
}

void SessionLoader::saveAs(const Session &session, const QString &fromPath, const QString &toPath)
{
    ++m_saving;
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, toPath] {
        watcher->deleteLater();
        --m_saving;
        const QString error = watcher->result();
        if (error.isEmpty())
            Q_EMIT saved(toPath);
        else
            Q_EMIT saveFailed(toPath, error);
    });
    watcher->setFuture(QtConcurrent::run([session, fromPath, toPath] {
        QString error;
        if (!SessionFiles::saveAs(session, fromPath, toPath, &error) && error.isEmpty())
            error = QStringLiteral("cannot save %1").arg(toPath);
        return error;
    }));
}

QStringList SessionLoader::exportFilters()
{
    return {QStringLiteral("HTML report with charts (*.html)"), QStringLiteral("PDF report (*.pdf)"),
            QStringLiteral("Markdown (*.md)"), QStringLiteral("CSV, one row per cell (*.csv)"),
            QStringLiteral("JSON (*.json)")};
}

void SessionLoader::exportReport(const Session &session, const QString &path)
{
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        const QString error = watcher->result();
        if (error.isEmpty())
            Q_EMIT exported(path);
        else
            Q_EMIT exportFailed(path, error);
    });
    watcher->setFuture(QtConcurrent::run([session, path] {
        // The formats of exportFilters(); the chart files are the chart views' own exports.
        const auto format = ReportExporter::formatOf(path);
        if (!format || *format == ReportWriter::Format::Svg || *format == ReportWriter::Format::Png)
            return QStringLiteral("%1: name the file with one of the extensions html, pdf, md, csv or json")
                .arg(QFileInfo(path).fileName());
        // The CLI's defaults (theme auto, one CSV row per cell): the same bytes as `flakeoff-cli report`.
        ReportExporter::Options options;
        options.format = *format;
        return ReportExporter::write(session, options, path).error;
    }));
}

} // namespace flakeoff::app
