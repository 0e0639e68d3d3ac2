// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

// Typed reads of one key of a JSON object from untrusted input: a missing key or a value of the
// wrong type gives the fallback, never an exception. Shared by every reader of JSON in the core.
namespace flakeoff::JsonFields {

inline std::string stdText(const nlohmann::json &j, const char *key)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

inline QString text(const nlohmann::json &j, const char *key)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

// The string elements of an array value (others skipped).
inline QStringList textList(const nlohmann::json &j, const char *key)
{
    QStringList out;
    const auto it = j.find(key);
    if (it != j.end() && it->is_array())
        for (const auto &v : *it)
            if (v.is_string())
                out << QString::fromStdString(v.get<std::string>());
    return out;
}

inline bool flag(const nlohmann::json &j, const char *key, bool fallback = false)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

inline std::int64_t integer(const nlohmann::json &j, const char *key, std::int64_t fallback = 0)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : fallback;
}

// The other way: the strings as a JSON array (what textList reads back).
inline nlohmann::json textArray(const QStringList &list)
{
    nlohmann::json a = nlohmann::json::array();
    for (const QString &v : list)
        a.push_back(v.toStdString());
    return a;
}

// The array value, or an empty array.
inline const nlohmann::json &array(const nlohmann::json &j, const char *key)
{
    static const nlohmann::json empty = nlohmann::json::array();
    const auto it = j.find(key);
    return it != j.end() && it->is_array() ? *it : empty;
}

} // namespace flakeoff::JsonFields
