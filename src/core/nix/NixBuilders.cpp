// SPDX-License-Identifier: MIT
#include "NixBuilders.h"

#include "util/JsonFile.h"

#include <QFile>
#include <QRegularExpression>
#include <QUrl>

namespace flakeoff {

namespace {
// "@FILE" inside "@FILE" inside …: Nix follows them without a limit; a loop would never end.
constexpr int kMaxFileDepth = 8;

bool isSet(const QStringList &fields, qsizetype i)
{
    return fields.size() > i && !fields[i].isEmpty() && fields[i] != QLatin1String("-");
}

// As Nix's Machine: a URI with no scheme that is not a path nor a store's special name is an
// ssh:// host ("builder", "root@builder").
QString completeUri(const QString &uri)
{
    static const QStringList special{QStringLiteral("auto"), QStringLiteral("daemon"),
                                     QStringLiteral("local")};
    if (uri.contains(QLatin1String("://")) || uri.contains(QLatin1Char('/')) ||
        uri.startsWith(QLatin1Char('?')))
        return uri;
    for (const QString &s : special)
        if (uri == s || uri.startsWith(s + QLatin1Char('?')))
            return uri;
    return QStringLiteral("ssh://") + uri;
}

bool expandInto(const QString &value, int depth, std::vector<RemoteBuilder> &out, QString *error)
{
    static const QRegularExpression separators(QStringLiteral("[\n;]"));
    for (QString entry : value.split(separators)) {
        entry = entry.left(entry.indexOf(QLatin1Char('#'))).trimmed(); // indexOf -1: all of it
        if (entry.isEmpty())
            continue;
        if (!entry.startsWith(QLatin1Char('@'))) {
            if (auto b = NixBuilders::parseLine(entry))
                out.push_back(std::move(*b));
            continue;
        }
        const QString path = entry.mid(1).trimmed();
        if (depth >= kMaxFileDepth) {
            if (error)
                *error = QStringLiteral("machines files nest more than %1 deep at %2")
                             .arg(kMaxFileDepth)
                             .arg(path);
            return false;
        }
        QFile file(path);
        if (!file.exists())
            continue; // Nix: no such file, no builders from it
        if (!file.open(QIODevice::ReadOnly)) {
            if (error)
                *error = QStringLiteral("cannot read the machines file %1: %2").arg(path, file.errorString());
            return false;
        }
        if (!expandInto(QString::fromUtf8(file.readAll()), depth + 1, out, error))
            return false;
    }
    return true;
}
} // namespace

QString RemoteBuilder::storeUrl() const
{
    if (!uri.startsWith(QLatin1String("ssh://")) && !uri.startsWith(QLatin1String("ssh-ng://")))
        return uri;
    QStringList params;
    // Nix decodes percent-escapes in a store URL's parameters; a path or base64 key keeps its
    // '/', '+' and '=' as they are.
    const QByteArray keep = "/+=:@,-._~";
    if (!sshKey.isEmpty())
        params << QStringLiteral("ssh-key=") + QString::fromLatin1(QUrl::toPercentEncoding(sshKey, keep));
    if (!publicHostKey.isEmpty())
        params << QStringLiteral("base64-ssh-public-host-key=") +
                      QString::fromLatin1(QUrl::toPercentEncoding(publicHostKey, keep));
    if (params.isEmpty())
        return uri;
    return uri + (uri.contains(QLatin1Char('?')) ? QLatin1Char('&') : QLatin1Char('?')) +
           params.join(QLatin1Char('&'));
}

std::optional<QString> NixBuilders::fromOptions(const QStringList &nixOptions)
{
    std::optional<QString> value;
    for (qsizetype i = 0; i < nixOptions.size(); ++i) {
        const QString &o = nixOptions[i];
        if (o == QLatin1String("--builders") && i + 1 < nixOptions.size())
            value = nixOptions[++i];
        else if (o.startsWith(QLatin1String("--builders=")))
            value = o.mid(o.indexOf(QLatin1Char('=')) + 1);
        else if (o == QLatin1String("--option") && i + 2 < nixOptions.size()) {
            if (nixOptions[i + 1] == QLatin1String("builders"))
                value = nixOptions[i + 2];
            i += 2;
        }
    }
    return value;
}

std::optional<QString> NixBuilders::fromConfigJson(const QByteArray &json, QString *error)
{
    const auto j = JsonFile::parse(json);
    const auto builders = j.is_object() ? j.find("builders") : j.end();
    if (!j.is_object() || builders == j.end() || !builders->is_object()) {
        if (error)
            *error = j.is_object() ? QStringLiteral("no \"builders\" setting in Nix's configuration")
                                   : QStringLiteral("Nix's configuration is not a JSON object");
        return std::nullopt;
    }
    const auto value = builders->find("value");
    if (value == builders->end() || !value->is_string()) {
        if (error)
            *error = QStringLiteral("the \"builders\" setting has no text value");
        return std::nullopt;
    }
    return QString::fromStdString(value->get<std::string>());
}

std::optional<std::vector<RemoteBuilder>> NixBuilders::expand(const QString &value, QString *error)
{
    std::vector<RemoteBuilder> out;
    if (!expandInto(value, 0, out, error))
        return std::nullopt;
    return out;
}

std::optional<RemoteBuilder> NixBuilders::parseLine(const QString &line)
{
    static const QRegularExpression blanks(QStringLiteral("\\s+"));
    const QStringList fields = line.trimmed().split(blanks, Qt::SkipEmptyParts);
    if (fields.isEmpty())
        return std::nullopt;
    RemoteBuilder b;
    b.uri = completeUri(fields[0]);
    if (isSet(fields, 1))
        b.systems = fields[1].split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (isSet(fields, 2))
        b.sshKey = fields[2];
    if (isSet(fields, 7))
        b.publicHostKey = fields[7];
    return b;
}

} // namespace flakeoff
