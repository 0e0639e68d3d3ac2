// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace flakeoff::NixOutputParsers {

struct PathInfo
{
    QString path;
    std::int64_t narSize = 0;
    std::int64_t closureSize = 0; // 0 when not asked for (-S)
    QString deriver;
    QStringList references;
};

struct BuiltOutput
{
    QString drvPath;
    std::map<QString, QString> outputs; // "out" → store path
};

// `nix path-info --json [-S] [-r]`: an array of objects with "path" (Nix ≤ 2.18) or an object keyed
// by path (Nix ≥ 2.19). Paths not in the store ({"path":…,"valid":false} in the array, null in the
// object) are left out. Returns nullopt and sets `error` on anything else; never throws.
std::optional<std::vector<PathInfo>> pathInfo(const QByteArray &json, QString *error);

// `nix build --json`: [{"drvPath":…,"outputs":{"out":…}}]. Empty output (a failed build) → empty list.
std::optional<std::vector<BuiltOutput>> buildResult(const QByteArray &json, QString *error);

// One store path per line (nix-store -q …, nix-instantiate, nix path-info without --json);
// blank lines and Nix's warnings ("warning: …") are skipped.
QStringList storePaths(const QByteArray &text);

// `nix store ping` (Nix 2.8; `nix store info` from 2.19, which still answers to ping): the
// "Store URL: …" line's URL ("local", "daemon", "unix:///…/socket"); empty when there is none.
QString storeUrl(const QByteArray &text);

} // namespace flakeoff::NixOutputParsers
