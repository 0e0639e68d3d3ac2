// SPDX-License-Identifier: MIT
#include "NixOutputParsers.h"

#include "util/JsonFields.h"
#include "util/JsonFile.h"

#include <nlohmann/json.hpp>

namespace flakeoff::NixOutputParsers {

using json = nlohmann::json;

namespace {
PathInfo infoFrom(const json &j, const QString &path)
{
    PathInfo p;
    p.path = path;
    p.narSize = JsonFields::integer(j, "narSize");
    p.closureSize = JsonFields::integer(j, "closureSize");
    p.deriver = JsonFields::text(j, "deriver");
    if (const auto r = j.find("references"); r != j.end() && r->is_array())
        for (const auto &v : *r)
            if (v.is_string())
                p.references << QString::fromStdString(v.get<std::string>());
    return p;
}

// Nix 2.8 lists a path that is not in the store as {"path":…,"valid":false}.
bool invalid(const json &j)
{
    const auto v = j.find("valid");
    return v != j.end() && v->is_boolean() && !v->get<bool>();
}
} // namespace

std::optional<std::vector<PathInfo>> pathInfo(const QByteArray &bytes, QString *error)
{
    const json j = JsonFile::parse(bytes);
    std::vector<PathInfo> out;
    if (j.is_array()) {
        for (const auto &e : j)
            if (e.is_object() && !JsonFields::text(e, "path").isEmpty() && !invalid(e))
                out.push_back(infoFrom(e, JsonFields::text(e, "path")));
        return out;
    }
    if (j.is_object()) {
        for (const auto &[path, e] : j.items())
            if (e.is_object()) // invalid paths map to null in newer Nix
                out.push_back(infoFrom(e, QString::fromStdString(path)));
        return out;
    }
    if (error)
        *error = QStringLiteral("unexpected output of nix path-info --json: %1")
                     .arg(QString::fromUtf8(bytes.left(200)));
    return std::nullopt;
}

std::optional<std::vector<BuiltOutput>> buildResult(const QByteArray &bytes, QString *error)
{
    if (bytes.trimmed().isEmpty())
        return std::vector<BuiltOutput>{};
    const json j = JsonFile::parse(bytes);
    if (!j.is_array()) {
        if (error)
            *error = QStringLiteral("unexpected output of nix build --json: %1")
                         .arg(QString::fromUtf8(bytes.left(200)));
        return std::nullopt;
    }
    std::vector<BuiltOutput> out;
    for (const auto &e : j) {
        if (!e.is_object())
            continue;
        BuiltOutput b;
        b.drvPath = JsonFields::text(e, "drvPath");
        if (const auto o = e.find("outputs"); o != e.end() && o->is_object())
            for (const auto &[name, path] : o->items())
                if (path.is_string())
                    b.outputs[QString::fromStdString(name)] = QString::fromStdString(path.get<std::string>());
        out.push_back(std::move(b));
    }
    return out;
}

QStringList storePaths(const QByteArray &text)
{
    QStringList out;
    for (const QByteArray &raw : text.split('\n')) {
        const QByteArray line = raw.trimmed();
        if (line.startsWith('/'))
            out << QString::fromUtf8(line);
    }
    return out;
}

QString storeUrl(const QByteArray &text)
{
    for (const QByteArray &line : text.split('\n'))
        if (line.startsWith("Store URL:"))
            return QString::fromUtf8(line.mid(10)).trimmed();
    return {};
}

} // namespace flakeoff::NixOutputParsers
