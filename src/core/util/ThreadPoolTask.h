// SPDX-License-Identifier: MIT
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QPromise>
#include <QThreadPool>

#include <functional>
#include <memory>

namespace flakeoff {

// Runs `work` on the global thread pool and hands its result to `then` in `receiver`'s thread,
// unless `receiver` is gone by then (the watcher dies with it). For file work (copying a
// workspace, git, digests) that must never block the caller's event loop.
template <typename Result>
void runOnPool(QObject *receiver, std::function<Result()> work, std::function<void(const Result &)> then)
{
    auto promise = std::make_shared<QPromise<Result>>();
    auto *watcher = new QFutureWatcher<Result>(receiver);
    QObject::connect(watcher, &QFutureWatcherBase::finished, receiver, [watcher, then = std::move(then)] {
        watcher->deleteLater();
        if (watcher->future().resultCount() > 0)
            then(watcher->future().result());
    });
    watcher->setFuture(promise->future());
    promise->start();
    QThreadPool::globalInstance()->start([promise, work = std::move(work)] {
        promise->addResult(work());
        promise->finish();
    });
}

} // namespace flakeoff
