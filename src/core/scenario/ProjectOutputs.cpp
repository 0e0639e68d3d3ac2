// SPDX-License-Identifier: MIT
#include "ProjectOutputs.h"

#include "log/BuildReport.h"
#include "session/Session.h"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace flakeoff {

ProjectOutputs::ProjectOutputs(NixStore &store, OwnDerivations ownDerivations)
    : m_store(store), m_ownDerivations(std::move(ownDerivations))
{
}

void ProjectOutputs::clear()
{
    m_sessionOutputs.clear();
    m_firstRunBuilt.clear();
    m_notes.clear();
}

void ProjectOutputs::purgeBefore(const QString &cell, const QString &target, bool cold, int runIndex,
                                 std::optional<DerivationClassifier> seededDownloads,
                                 std::function<void()> done)
{
    if (!cold && runIndex > 0 && m_firstRunBuilt.contains(cell)) {
        // A repetition rebuilds what the first run of this step built.
        deleteOutputsOf(m_firstRunBuilt.value(cell), done);
        return;
    }
    m_ownDerivations(
        target, [this, cold, seededDownloads = std::move(seededDownloads), done](QStringList own) {
            if (seededDownloads)
                keepSeededDownloads(*seededDownloads, own);
            m_store.existingOutputs(own, [this, cold, done](const QStringList &existing) {
                QStringList victims;
                for (const QString &p : existing)
                    if (cold || !m_sessionOutputs.contains(p)) // cold: none of the project's outputs;
                        victims << p; // else: left by another session, not ours to reuse
                deletePaths(victims, done);
            });
        });
}

void ProjectOutputs::keepSeededDownloads(const DerivationClassifier &classifier, QStringList &own)
{
    const auto kept = std::remove_if(own.begin(), own.end(), [&classifier](const QString &drv) {
        return isSeededDownload(classifier, QString::fromStdString(derivationName(drv.toStdString())));
    });
    if (kept == own.end())
        return;
    own.erase(kept, own.end());
    m_notes << QStringLiteral(
        "offline: the crate downloads seeded from local sources were kept (without a network "
        "they cannot be fetched again)");
}

bool ProjectOutputs::isSeededDownload(const DerivationClassifier &classifier, const QString &derivationName)
{
    return classifier.classify(derivationName, false).kind == QLatin1String("download");
}

void ProjectOutputs::recordFirstRun(const QString &cell, const QStringList &builtDrvs)
{
    if (!m_firstRunBuilt.contains(cell))
        m_firstRunBuilt.insert(cell, builtDrvs);
}

QStringList ProjectOutputs::takeNotes()
{
    return std::exchange(m_notes, {});
}

void ProjectOutputs::deleteOutputsOf(const QStringList &drvs, std::function<void()> done)
{
    m_store.existingOutputs(drvs, [this, done](const QStringList &existing) { deletePaths(existing, done); });
}

// A path that stays (a GC root, or a temporary root of another running Nix process) is named in
// the next measurement's notes, so a "cold" build that was not fully cold is visible.
void ProjectOutputs::deletePaths(const QStringList &paths, std::function<void()> done)
{
    m_store.deleteWithReferrers(paths, [this, done](const NixStore::Deletion &d) {
        for (const QString &kept : d.kept)
            m_notes << QStringLiteral("kept %1 (alive: a GC root or another running Nix process uses it)")
                           .arg(QString::fromStdString(derivationName(kept.toStdString())));
        if (!d.error.isEmpty())
            m_notes
                << QStringLiteral("could not delete the project's outputs before building: %1").arg(d.error);
        for (const QString &p : d.deleted)
            m_sessionOutputs.remove(p);
        done();
    });
}

void ProjectOutputs::measure(Measurement &m, const QStringList &builtDrvs, std::function<void()> then)
{
    Measurement *mp = &m;
    // Closure: every path the outputs need at run time.
    m_store.pathInfo(m.outputPaths, true, [=, this](const auto &closure) {
        if (closure) {
            mp->closureBytes = 0;
            mp->outputBytes = 0;
            for (const auto &i : *closure) {
                mp->closureBytes += i.narSize;
                if (mp->outputPaths.contains(i.path))
                    mp->outputBytes += i.narSize;
            }
        }
        // Intermediates: the project's own outputs in the store besides the final ones.
        m_ownDerivations(mp->target, [=, this](QStringList own) {
            own << builtDrvs;
            own.removeDuplicates();
            m_store.existingOutputs(own, [=, this](const QStringList &outs) {
                if (outs.isEmpty()) {
                    then();
                    return;
                }
                m_store.pathInfo(outs, false, [=, this](const auto &sizes) {
                    if (sizes) {
                        std::int64_t intermediate = 0;
                        for (const auto &i : *sizes) {
                            m_sessionOutputs.insert(i.path);
                            if (!mp->outputPaths.contains(i.path))
                                intermediate += i.narSize;
                        }
                        mp->intermediateBytes = intermediate;
                    }
                    measureGrowth(*mp, builtDrvs, then);
                });
            });
        });
    });
}

void ProjectOutputs::measureGrowth(Measurement &m, const QStringList &builtDrvs, std::function<void()> then)
{
    Measurement *mp = &m;
    m_store.existingOutputs(builtDrvs, [=, this](const QStringList &outs) {
        if (outs.isEmpty()) {
            mp->storeGrowthBytes = 0;
            then();
            return;
        }
        m_store.pathInfo(outs, false, [=](const auto &sizes) {
            if (sizes) {
                mp->storeGrowthBytes = 0;
                for (const auto &i : *sizes)
                    mp->storeGrowthBytes += i.narSize;
            }
            then();
        });
    });
}

} // namespace flakeoff
