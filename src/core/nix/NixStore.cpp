// SPDX-License-Identifier: MIT
#include "NixStore.h"

#include "NixCommand.h"
#include "NixCommandSlot.h"
#include "NixEnvironment.h"

#include <QRegularExpression>
#include <spdlog/spdlog.h>

namespace flakeoff {

namespace {
// How many alive paths a deletion steps around (each kept with what it needs) before it gives up.
constexpr int kMaxAlivePaths = 25;

QString nixStore()
{
    return NixEnvironment::findProgram(QStringLiteral("nix-store"));
}
} // namespace

NixStore::NixStore(NixCommandSlot &commands, QString storeUrl)
    : m_commands(commands), m_storeUrl(std::move(storeUrl))
{
}

QStringList NixStore::onThisStore(const QStringList &args) const
{
    if (m_storeUrl.isEmpty())
        return args;
    return QStringList{QStringLiteral("--store"), m_storeUrl} + args;
}

void NixStore::ping(std::function<void(const CommandResult &)> then)
{
    m_commands.run(NixEnvironment::findProgram(QStringLiteral("nix")),
                   QStringList{QStringLiteral("store"), QStringLiteral("ping")} + onThisStore({}), {},
                   std::move(then));
}

void NixStore::reach(std::function<void(const QString &problem)> then)
{
    ping([then](const CommandResult &r) { then(r.ok() ? QString() : r.describe()); });
}

void NixStore::url(std::function<void(const QString &)> then)
{
    ping([then](const CommandResult &r) {
        // Nix names the store before it fails to open it.
        then(r.ok() ? NixOutputParsers::storeUrl(r.standardOutput + r.standardError) : QString());
    });
}

void NixStore::closure(const QStringList &paths, Paths then)
{
    m_commands.run(nixStore(), onThisStore(QStringList{QStringLiteral("-qR")} + paths), {},
                   [then](const CommandResult &r) { then(NixOutputParsers::storePaths(r.standardOutput)); });
}

void NixStore::realise(const QStringList &drvs, std::function<void(const CommandResult &)> then)
{
    m_commands.run(nixStore(), onThisStore(QStringList{QStringLiteral("--realise")} + drvs), {},
                   std::move(then));
}

void NixStore::outputsOf(const QStringList &drvs, Paths then)
{
    if (drvs.isEmpty()) {
        then({});
        return;
    }
    m_commands.run(nixStore(),
                   onThisStore(QStringList{QStringLiteral("-q"), QStringLiteral("--outputs")} + drvs), {},
                   [then](const CommandResult &outs) {
                       // A client that cannot read the .drv files (its /nix/store is not the
                       // daemon's) learns of no output: say so rather than pass for "none".
                       if (!outs.ok())
                           spdlog::warn("nix-store -q --outputs failed: {}", outs.describe().toStdString());
                       then(NixOutputParsers::storePaths(outs.standardOutput));
                   });
}

void NixStore::existingOutputs(const QStringList &drvs, Paths then)
{
    outputsOf(drvs, [this, then](const QStringList &outputs) { validPaths(outputs, then); });
}

void NixStore::validPaths(const QStringList &paths, Paths then)
{
    if (paths.isEmpty()) {
        then({});
        return;
    }
    m_commands.run(
        nixStore(),
        onThisStore(QStringList{QStringLiteral("--check-validity"), QStringLiteral("--print-invalid")} +
                    paths),
        {}, [paths, then](const CommandResult &r) {
            if (!r.ok()) {
                spdlog::warn("nix-store --check-validity failed: {}", r.describe().toStdString());
                then({});
                return;
            }
            const QStringList invalid = NixOutputParsers::storePaths(r.standardOutput);
            QStringList valid;
            for (const QString &p : paths)
                if (!invalid.contains(p))
                    valid << p;
            then(valid);
        });
}

void NixStore::pathInfo(const QStringList &paths, bool recursive, PathInfos then)
{
    QStringList args{QStringLiteral("--json")};
    if (recursive)
        args << QStringLiteral("-r");
    m_commands.run(NixEnvironment::findProgram(QStringLiteral("nix")),
                   QStringList{QStringLiteral("path-info")} + onThisStore(args + paths), {},
                   [then](const CommandResult &r) {
                       QString why;
                       then(NixOutputParsers::pathInfo(r.standardOutput, &why));
                   });
}

void NixStore::showDerivations(const QStringList &subcommand, const QStringList &drvs, const QString &cwd,
                               std::function<void(const CommandResult &)> then)
{
    m_commands.run(NixEnvironment::findProgram(QStringLiteral("nix")),
                   subcommand + onThisStore(QStringList{QStringLiteral("-r")} + drvs), cwd, std::move(then));
}

void NixStore::deleteWithReferrers(const QStringList &paths, std::function<void(const Deletion &)> then)
{
    if (paths.isEmpty()) {
        then({});
        return;
    }
    m_commands.run(
        nixStore(),
        onThisStore(QStringList{QStringLiteral("-q"), QStringLiteral("--referrers-closure")} + paths), {},
        [this, paths, then](const CommandResult &refs) {
            QStringList all = NixOutputParsers::storePaths(refs.standardOutput);
            all.removeDuplicates();
            if (all.isEmpty())
                all = paths;
            deleteRetrying(all, 0, {}, then);
        });
}

void NixStore::deleteRetrying(QStringList paths, int attempt, Deletion soFar,
                              std::function<void(const Deletion &)> then)
{
    if (paths.isEmpty()) {
        then(soFar);
        return;
    }
    m_commands.run(nixStore(), onThisStore(QStringList{QStringLiteral("--delete")} + paths), {},
                   [this, paths, attempt, soFar, then](const CommandResult &del) mutable {
                       if (del.ok()) {
                           soFar.deleted = paths;
                           then(soFar);
                           return;
                       }
                       static const QRegularExpression alive(
                           QStringLiteral("Cannot delete path '([^']+)' since it is still alive"));
                       const auto m = alive.match(QString::fromUtf8(del.standardError));
                       if (!m.hasMatch() || attempt >= kMaxAlivePaths) {
                           soFar.error = del.describe();
                           then(soFar);
                           return;
                       }
                       const QString kept = m.captured(1);
                       soFar.kept << kept;
                       closure({kept}, [this, paths, attempt, soFar, then](const QStringList &needed) {
                           QStringList rest;
                           for (const QString &p : paths)
                               if (!needed.contains(p))
                                   rest << p;
                           deleteRetrying(rest, attempt + 1, soFar, then);
                       });
                   });
}

} // namespace flakeoff
