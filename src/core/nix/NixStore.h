// SPDX-License-Identifier: MIT
#pragma once

#include "NixOutputParsers.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <vector>

namespace flakeoff {

class NixCommandSlot;
struct CommandResult;

// The one place Flakeoff asks the Nix store anything (what a path needs, which outputs exist, how
// big they are, what a derivation says) and the one change it makes to it (deleting paths). The
// questions go through Nix's own commands on the owner's command slot, one at a time: each answer
// arrives in the owner's thread, none once the owner is cancelled.
//
// Validity is Nix's word, not the disk's: a folder under /nix/store that Nix does not know (a
// partial copy, another store's file system) is not an output; a store that is not this machine's
// /nix/store (a daemon's, Nix 2.26's own) answers through the same commands. A NixStore made
// with a store URL (onStore: a remote builder's `ssh-ng://…`) asks that store instead (`--store`).

class NixStore
{
public:
    using Paths = std::function<void(const QStringList &)>;
    using PathInfos = std::function<void(const std::optional<std::vector<NixOutputParsers::PathInfo>> &)>;

    // What deleteWithReferrers did.
    struct Deletion
    {
        QStringList deleted; // what Nix deleted
        QStringList kept; // paths alive elsewhere (a GC root, another Nix process), left with what they need
        QString error;    // Nix refused for another reason (its message): the rest was left too
    };

    // `storeUrl` empty: the store Nix uses by default (the user's configuration).
    explicit NixStore(NixCommandSlot &commands, QString storeUrl = {});

    // The same questions and deletions asked of another store, on the same command slot.
    NixStore onStore(const QString &storeUrl) const { return NixStore(m_commands, storeUrl); }
    const QString &storeUrl() const { return m_storeUrl; }

    // `nix store ping`: whether Nix reaches the store. `then` gets Nix's words when it does not,
    // empty when it does.
    void reach(std::function<void(const QString &problem)> then);
    // `nix store ping` too: the store's URL as Nix names it (`unix://…` through a daemon), empty
    // when Nix cannot open it.
    void url(std::function<void(const QString &)> then);
    // `nix-store -qR`: every path `paths` need, themselves included (empty when Nix fails).
    void closure(const QStringList &paths, Paths then);
    // Every output path of `drvs`, valid or not (`nix-store -q --outputs`). It reads the .drv
    // files, so ask the store that holds them (a remote builder may have none).
    void outputsOf(const QStringList &drvs, Paths then);
    // The outputs of `drvs` that are valid in the store (outputsOf, then validPaths).
    void existingOutputs(const QStringList &drvs, Paths then);
    // Those of `paths` that Nix holds valid (`nix-store --check-validity --print-invalid`), in
    // their order; none when Nix cannot answer.
    void validPaths(const QStringList &paths, Paths then);
    // `nix path-info --json [-r]`: the NAR size of each of `paths` (`recursive`: and of everything
    // they need); nullopt when Nix's answer cannot be read.
    void pathInfo(const QStringList &paths, bool recursive, PathInfos then);
    // `nix <subcommand> -r` run in `cwd`: `drvs` and every derivation they need, as Nix prints
    // them (DerivationClosure reads the output). The caller names the subcommand from the Nix
    // version: {"derivation", "show"} from Nix 2.15, {"show-derivation"} before.
    void showDerivations(const QStringList &subcommand, const QStringList &drvs, const QString &cwd,
                         std::function<void(const CommandResult &)> then);
    // `nix-store --realise`: builds (or substitutes) whatever of `drvs` is missing.
    void realise(const QStringList &drvs, std::function<void(const CommandResult &)> then);
    // Deletes `paths` together with everything that refers to them (outputs can only go that way).
    // `nix-store --delete` refuses the whole call when one path is alive: such a path and what it
    // needs are kept, the rest is deleted.
    void deleteWithReferrers(const QStringList &paths, std::function<void(const Deletion &)> then);

private:
    void deleteRetrying(QStringList paths, int attempt, Deletion soFar,
                        std::function<void(const Deletion &)> then);
    // `nix store ping` of this store: what reach() and url() read.
    void ping(std::function<void(const CommandResult &)> then);
    // `args` after `--store URL` when this is another store than the default.
    QStringList onThisStore(const QStringList &args) const;

    NixCommandSlot &m_commands;
    QString m_storeUrl;
};

} // namespace flakeoff
