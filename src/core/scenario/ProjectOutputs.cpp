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

namespace {
// How many paths a note on a deletion names before it says how many more.
constexpr qsizetype kNamedPaths = 8;
} // namespace

void ProjectOutputs::clear()
{
    m_sessionOutputs.clear();
    m_firstRunBuilt.clear();
    m_notes.clear();
    m_builders.clear();
}

void ProjectOutputs::setRemoteBuilders(const std::vector<RemoteBuilder> &builders)
{
    m_builders.clear();
    for (const RemoteBuilder &b : builders)
        m_builders.push_back({b.uri, m_store.onStore(b.storeUrl())});
}

void ProjectOutputs::purgeBefore(const QString &cell, const QString &target, bool cold, int runIndex,
                                 std::optional<DerivationClassifier> seededDownloads,
                                 std::function<void()> done)
{
    if (!cold && runIndex > 0 && m_firstRunBuilt.contains(cell)) {
        // A repetition rebuilds what the first run of this step built.
        deleteOutputsOf(m_firstRunBuilt.value(cell), {}, done);
        return;
    }
    m_ownDerivations(target,
                     [this, cold, seededDownloads = std::move(seededDownloads), done](QStringList own) {
                         if (seededDownloads)
                             keepSeededDownloads(*seededDownloads, own);
                         // Cold: none of the project's outputs stays; else those this session built stay, and
                         // those left by another session go (not ours to reuse).
                         deleteOutputsOf(own, cold ? QSet<QString>() : m_sessionOutputs, done);
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

void ProjectOutputs::deleteOutputsOf(const QStringList &drvs, const QSet<QString> &keep,
                                     std::function<void()> done)
{
    m_store.outputsOf(drvs, [this, keep, done](const QStringList &outputs) {
        QStringList paths;
        for (const QString &p : outputs)
            if (!keep.contains(p))
                paths << p;
        deleteInStore(0, paths, done);
    });
}

NixStore &ProjectOutputs::storeAt(std::size_t index)
{
    return index == 0 ? m_store : m_builders[index - 1].store;
}

void ProjectOutputs::deleteInStore(std::size_t index, const QStringList &paths, std::function<void()> done)
{
    if (index > m_builders.size() || paths.isEmpty()) {
        done();
        return;
    }
    storeAt(index).validPaths(paths, [this, index, paths, done](const QStringList &held) {
        storeAt(index).deleteWithReferrers(held, [this, index, paths, done](const NixStore::Deletion &d) {
            noteDeletion(index, d);
            if (index == 0)
                for (const QString &p : d.deleted)
                    m_sessionOutputs.remove(p);
            deleteInStore(index + 1, paths, done);
        });
    });
}

// A path that stays (a GC root, or a temporary root of another running Nix process) is named in
// the next measurement's notes, so a "cold" build that was not fully cold is visible. With remote
// builders the notes also say what was deleted where.
void ProjectOutputs::noteDeletion(std::size_t index, const NixStore::Deletion &d)
{
    auto name = [](const QString &path) {
        return QString::fromStdString(derivationName(path.toStdString()));
    };
    const QString builder = index == 0 ? QString() : m_builders[index - 1].uri;
    for (const QString &kept : d.kept)
        m_notes << (index == 0
                        ? QStringLiteral("kept %1 (alive: a GC root or another running Nix process uses it)")
                              .arg(name(kept))
                        : QStringLiteral(
                              "kept %1 on the remote builder %2 (alive there: a GC root or another "
                              "running Nix process uses it)")
                              .arg(name(kept), builder));
    if (!d.error.isEmpty())
        m_notes << (index == 0
                        ? QStringLiteral("could not delete the project's outputs before building: %1")
                              .arg(d.error)
                        : QStringLiteral("could not delete the project's outputs on the remote builder "
                                         "%1 before building: %2")
                              .arg(builder, d.error));
    if (m_builders.empty() || d.deleted.isEmpty())
        return;
    QStringList names;
    for (const QString &p : d.deleted.mid(0, kNamedPaths))
        names << name(p);
    if (d.deleted.size() > kNamedPaths)
        names << QStringLiteral("%1 more").arg(d.deleted.size() - kNamedPaths);
    m_notes << QStringLiteral(
                   "deleted before building %1: %2 (the project's outputs and what refers to them)")
                   .arg(index == 0 ? QStringLiteral("in this machine's store")
                                   : QStringLiteral("on the remote builder %1").arg(builder),
                        names.join(QStringLiteral(", ")));
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
