// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

#include <nlohmann/json.hpp>

#include <optional>

// JSON documents from files and command output, read without exceptions (the input is never
// trusted: a user's file, a session cut off by a crash, a tool's output).
namespace flakeoff::JsonFile {

// One complete JSON document, or a discarded value (is_discarded()) when `bytes` are not one.
nlohmann::json parse(const QByteArray &bytes);

// The file at `path`, parsed. nullopt, with `error` naming the path, when it cannot be opened
// ("cannot open <path>: <reason>") or is not one complete JSON document.
std::optional<nlohmann::json> read(const QString &path, QString *error);

// A file of one kind: read, then handed to `fromJson(const json &, QString *why)`, which returns
// std::optional of that kind. When it returns nullopt, `error` is "<path>: <why>".
template <typename FromJson>
auto load(const QString &path, QString *error, FromJson fromJson)
    -> decltype(fromJson(nlohmann::json(), nullptr))
{
    const auto j = read(path, error);
    if (!j)
        return std::nullopt;
    QString why;
    auto value = fromJson(*j, &why);
    if (!value && error)
        *error = path + QStringLiteral(": ") + why;
    return value;
}

} // namespace flakeoff::JsonFile
