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
// /nix/store (a daemon's, Nix 2.26's own) answers through the same commands.

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

    explicit NixStore(NixCommandSlot &commands);

    // `nix store ping` with `storeOptions` (e.g. {"--store", URL}): the store's URL as Nix names it
    // (`unix://…` through a daemon), empty when Nix cannot open it.
    void url(const QStringList &storeOptions, std::function<void(const QString &)> then);
    // `nix-store -qR`: every path `paths` need, themselves included (empty when Nix fails).
    void closure(const QStringList &paths, Paths then);
    // The outputs of `drvs` that are valid in the store (`nix-store -q --outputs`, then validPaths).
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
    // Deletes `paths` together with everything that refers to them (outputs can only go that way).
    // `nix-store --delete` refuses the whole call when one path is alive: such a path and what it
    // needs are kept, the rest is deleted.
    void deleteWithReferrers(const QStringList &paths, std::function<void(const Deletion &)> then);

private:
    void deleteRetrying(QStringList paths, int attempt, Deletion soFar,
                        std::function<void(const Deletion &)> then);

    NixCommandSlot &m_commands;
};

} // namespace flakeoff
