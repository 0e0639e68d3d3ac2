// SPDX-License-Identifier: MIT
#include "StrategyInputs.h"

#include "util/JsonFile.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include <nlohmann/json.hpp>

namespace flakeoff {

namespace {
QString text(const nlohmann::json &j, const char *key)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

QString lockedSource(const nlohmann::json &locked)
{
    const QString type = text(locked, "type");
    const QString rev = text(locked, "rev");
    const QString shortRev = rev.left(12);
    QString where;
    if (type == QLatin1String("github") || type == QLatin1String("gitlab"))
        where = QStringLiteral("%1:%2/%3").arg(type, text(locked, "owner"), text(locked, "repo"));
    else if (!text(locked, "url").isEmpty())
        where = text(locked, "url");
    else if (!text(locked, "path").isEmpty())
        where = QStringLiteral("path:") + text(locked, "path");
    else
        where = type;
    if (!shortRev.isEmpty())
        where += QLatin1Char('/') + shortRev;
    else if (!text(locked, "narHash").isEmpty())
        where += QStringLiteral(" ") + text(locked, "narHash");
    const auto lm = locked.find("lastModified");
    if (lm != locked.end() && lm->is_number_integer())
        where += QStringLiteral(" (%1)").arg(
            QDateTime::fromSecsSinceEpoch(lm->get<std::int64_t>(), Qt::UTC).date().toString(Qt::ISODate));
    return where;
}

QStringList filesIn(const QString &folder)
{
    QStringList out;
    const QDir dir(folder);
    for (const QString &name : dir.entryList(QDir::Files, QDir::Name))
        out.append(dir.absoluteFilePath(name));
    return out;
}
} // namespace

std::optional<std::vector<UsedInput>> StrategyInputs::usedFromFlakeLock(const QByteArray &lockJson,
                                                                        QString *error)
{
    const auto j = JsonFile::parse(lockJson);
    if (j.is_discarded() || !j.is_object() || !j.contains("nodes") || !j["nodes"].is_object()) {
        if (error)
            *error = QStringLiteral("not a flake.lock (no \"nodes\" object)");
        return std::nullopt;
    }
    const auto &nodes = j["nodes"];
    const std::string rootName =
        j.contains("root") && j["root"].is_string() ? j["root"].get<std::string>() : "root";
    if (!nodes.contains(rootName) || !nodes[rootName].is_object()) {
        if (error)
            *error = QStringLiteral("flake.lock has no root node");
        return std::nullopt;
    }
    std::vector<UsedInput> used;
    const auto inputs = nodes[rootName].value("inputs", nlohmann::json::object());
    for (auto it = inputs.begin(); it != inputs.end(); ++it) {
        UsedInput u;
        u.name = QString::fromStdString(it.key());
        u.origin = QStringLiteral("remote");
        // A direct input names its node; a "follows" input is a path of names (no lock of its own).
        if (!it.value().is_string()) {
            u.words = u.name + QStringLiteral(" follows another input");
            used.push_back(u);
            continue;
        }
        const std::string node = it.value().get<std::string>();
        if (!nodes.contains(node) || !nodes[node].is_object() || !nodes[node].contains("locked") ||
            !nodes[node]["locked"].is_object()) {
            u.words = u.name + QStringLiteral(" (not locked)");
            used.push_back(u);
            continue;
        }
        const auto &locked = nodes[node]["locked"];
        u.revision = text(locked, "rev");
        u.digest = text(locked, "narHash");
        u.from = lockedSource(locked);
        u.words = u.name + QLatin1Char(' ') + u.from;
        used.push_back(u);
    }
    return used;
}

QString StrategyInputs::fromFlakeLock(const QByteArray &lockJson, QString *error)
{
    const auto used = usedFromFlakeLock(lockJson, error);
    if (!used)
        return {};
    QStringList parts;
    for (const auto &u : *used)
        parts.append(u.words);
    return parts.isEmpty() ? QStringLiteral("no inputs") : parts.join(QStringLiteral(", "));
}

QString StrategyInputs::fromFlakeNix(const QString &flakeNix)
{
    // `name.url = "…";` and `name = { url = "…"; … };` — the two forms flakes write inputs in.
    static const QRegularExpression shortForm(QStringLiteral(R"re((\w[\w-]*)\.url\s*=\s*"([^"]+)")re"));
    static const QRegularExpression longForm(
        QStringLiteral(R"re((\w[\w-]*)\s*=\s*\{\s*url\s*=\s*"([^"]+)")re"));
    QStringList parts;
    for (const auto *re : {&shortForm, &longForm}) {
        auto it = re->globalMatch(flakeNix);
        while (it.hasNext()) {
            const auto m = it.next();
            if (m.captured(1) == QLatin1String("inputs"))
                continue;
            parts.append(QStringLiteral("%1 %2 (not locked)").arg(m.captured(1), m.captured(2)));
        }
    }
    return parts.isEmpty() ? QStringLiteral("no inputs") : parts.join(QStringLiteral(", "));
}

QString StrategyInputs::wordsOf(const std::vector<UsedInput> &used)
{
    QStringList parts;
    bool offline = false;
    for (const auto &u : used) {
        parts << u.words;
        offline = offline || u.origin != QLatin1String("remote");
    }
    if (parts.isEmpty())
        return QStringLiteral("no inputs");
    return (offline ? QStringLiteral("built offline: ") : QString()) + parts.join(QStringLiteral(", "));
}

QString StrategyInputs::digestOfFiles(const QStringList &absolutePaths)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString &path : absolutePaths) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        hash.addData(QFileInfo(path).fileName().toUtf8());
        hash.addData(QByteArrayView("\0", 1));
        hash.addData(f.readAll());
    }
    return QString::fromLatin1(hash.result().toHex().left(16));
}

QString StrategyInputs::describe(const Strategy &strategy, const QString &layout)
{
    if (strategy.model) {
        // The model's folder and the files it shares with the other models (builder, common.nix).
        QStringList files = filesIn(strategy.folder);
        files += filesIn(QFileInfo(strategy.folder).absolutePath());
        return QStringLiteral("offline model, no flake inputs; Nix files sha256:%1")
            .arg(digestOfFiles(files));
    }
    const QString dir = QDir(strategy.folder).filePath(layout);
    QFile lock(QDir(dir).filePath(QStringLiteral("flake.lock")));
    if (lock.open(QIODevice::ReadOnly)) {
        QString error;
        const QString inputs = fromFlakeLock(lock.readAll(), &error);
        return inputs.isEmpty() ? QStringLiteral("flake.lock unreadable: ") + error : inputs;
    }
    QFile flake(QDir(dir).filePath(QStringLiteral("flake.nix")));
    if (flake.open(QIODevice::ReadOnly))
        return QStringLiteral("no flake.lock; ") + fromFlakeNix(QString::fromUtf8(flake.readAll()));
    return QStringLiteral("no flake in %1").arg(dir);
}

} // namespace flakeoff
