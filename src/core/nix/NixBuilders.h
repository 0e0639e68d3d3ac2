// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace flakeoff {

// One machine Nix's `builders` setting names: a machines-file line (URI, systems, ssh key, max
// jobs, speed factor, supported and mandatory features, the host's public key; "-" = default).
struct RemoteBuilder
{
    QString uri;           // as Nix opens it: "ssh-ng://root@localhost"; a bare host is "ssh://host"
    QStringList systems;   // empty: the local system (Nix's default)
    QString sshKey;        // the identity file; empty: ssh's own
    QString publicHostKey; // base64; empty: ssh's known_hosts decides

    // The store URL Nix's build hook opens the machine with, for `--store`: `uri` with the key and
    // the host key as the store's `ssh-key` and `base64-ssh-public-host-key` parameters (ssh://
    // and ssh-ng:// only, as in Nix).
    QString storeUrl() const;
    bool operator==(const RemoteBuilder &o) const
    {
        return uri == o.uri && systems == o.systems && sshKey == o.sshKey && publicHostKey == o.publicHostKey;
    }
};

// The remote builders a run's builds can go to, read as Nix reads its `builders` setting: the
// run's own options win (the last `--builders V` or `--option builders V`), else the user's
// configuration as Nix merges it (nix.conf, NIX_CONFIG; `nix config show --json`). Flakeoff
// needs them because a cold step must delete the project's outputs there too: a builder that
// still has an output sends it back instead of building it.
class NixBuilders
{
public:
    // The value the options set (possibly empty: no builders); nullopt when they set none.
    static std::optional<QString> fromOptions(const QStringList &nixOptions);
    // The `builders` value in `nix config show --json` (`nix show-config --json` before Nix
    // 2.20): {"builders": {"value": "…", …}, …}. nullopt, with `error`, when it is not there.
    static std::optional<QString> fromConfigJson(const QByteArray &json, QString *error);
    // The machines `value` names, expanded as Nix does: entries separated by newlines or ';',
    // '#' starting a comment, "@FILE" standing for FILE's entries (a missing file names none, as
    // in Nix). nullopt, with `error`, when a file cannot be read or "@" files nest too deep.
    static std::optional<std::vector<RemoteBuilder>> expand(const QString &value, QString *error);
    // One entry (a machines-file line without its comment); nullopt when it has no URI.
    static std::optional<RemoteBuilder> parseLine(const QString &line);
};

} // namespace flakeoff
