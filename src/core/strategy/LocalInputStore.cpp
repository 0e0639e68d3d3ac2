// SPDX-License-Identifier: MIT
#include "LocalInputStore.h"

#include "StrategyCatalog.h"
#include "nix/NixEnvironment.h"
#include "util/FileTree.h"
#include "util/JsonFields.h"
#include "util/JsonFile.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSaveFile>

#include <nlohmann/json.hpp>

#include <algorithm>

namespace flakeoff {

namespace {

using json = nlohmann::json;

constexpr int kHeaderBytes = 1024; // what `git get-tar-commit-id` reads: the pax header and its data
constexpr int kQuickMs = 30000;

bool isCommit(const QString &text)
{
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{40}$"));
    return hex.match(text).hasMatch();
}

bool validName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]*$"));
    return re.match(name).hasMatch();
}

// Unpacked archives may hold read-only folders (git archive keeps modes): make every folder
// writable first, or removal stops half-way.
bool removeTree(const QString &path)
{
    if (!QFileInfo::exists(path))
        return true;
    QDirIterator it(path, QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot | QDir::NoSymLinks,
                    QDirIterator::Subdirectories);
    QFile(path).setPermissions(QFile(path).permissions() | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                               QFileDevice::ReadOwner);
    while (it.hasNext()) {
        const QString dir = it.next();
        QFile(dir).setPermissions(QFile(dir).permissions() | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                  QFileDevice::ReadOwner);
    }
    return QDir(path).removeRecursively();
}

QString sha256OfFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return QString::fromLatin1(h.result().toHex());
}

// The program that decompresses an archive with this start, or empty for a plain tar.
QString decompressorFor(const QByteArray &magic)
{
    if (magic.startsWith("\x1f\x8b"))
        return QStringLiteral("gzip");
    if (magic.startsWith("\xfd"
                         "7zXZ"))
        return QStringLiteral("xz");
    if (magic.startsWith("BZh"))
        return QStringLiteral("bzip2");
    if (magic.startsWith("\x28\xb5\x2f\xfd"))
        return QStringLiteral("zstd");
    return {};
}

QString lastLines(const QString &text, int count)
{
    QStringList lines = text.trimmed().split(QLatin1Char('\n'));
    if (lines.size() > count)
        lines = lines.mid(lines.size() - count);
    return lines.join(QLatin1Char('\n'));
}

// Known inputs: which repository a name comes from, and names an import gives another name.
struct KnownInput
{
    const char *fileName; // base name as shipped (before the ref)
    const char *name;     // the input's name under inputs/
    const char *repository;
};
constexpr KnownInput kKnown[] = {
    {"crane", "crane", "github:ipetkov/crane"},
    {"naersk", "naersk", "github:nix-community/naersk"},
    {"cargo2nix", "cargo2nix", "github:cargo2nix/cargo2nix"},
    {"flake-utils", "flake-utils", "github:numtide/flake-utils"},
    {"rust-overlay", "rust-overlay", "github:oxalica/rust-overlay"},
    // The auxolotl fork of nixpkgs is not `nixpkgs` itself: the nixpkgs stand-in wraps it.
    {"nixpkgs-auxolotl-core", "nixpkgs-upstream", "github:auxolotl/core"},
    {"nixpkgs-upstream", "nixpkgs-upstream", ""},
};

} // namespace

QString LocalInputRecord::words() const
{
    QString id;
    if (isCommit(revision))
        id = revision.left(7);
    else if (!sha256.isEmpty())
        id = QStringLiteral("sha256 ") + sha256.left(12);
    else
        id = QStringLiteral("revision unknown");
    return QStringLiteral("%1%2 (local, %3)")
        .arg(name, ref.isEmpty() ? QString() : QLatin1Char(' ') + ref, id);
}

LocalInputStore::LocalInputStore(QString home)
    : m_home(home.isEmpty() ? NixEnvironment::flakeoffHome() : std::move(home))
{
}

QString LocalInputStore::inputsDir() const
{
    return m_home + QStringLiteral("/inputs");
}

QString LocalInputStore::standinsDir() const
{
    return m_home + QStringLiteral("/standins");
}

QString LocalInputStore::recordPath(const QString &name) const
{
    return inputsDir() + QLatin1Char('/') + name + QStringLiteral(".json");
}

QString LocalInputStore::defaultAssembleScript()
{
    return StrategyCatalog::defaultVariantsDir() + QStringLiteral("/standins/assemble.sh");
}

bool LocalInputStore::isTarball(const QString &path)
{
    static const QRegularExpression re(
        QStringLiteral("\\.(tar|tar\\.gz|tgz|tar\\.xz|txz|tar\\.bz2|tbz2|tar\\.zst)$"),
        QRegularExpression::CaseInsensitiveOption);
    return re.match(path).hasMatch();
}

LocalInputStore::Naming LocalInputStore::inputNameFor(const QString &fileOrFolderName)
{
    static const QRegularExpression suffix(
        QStringLiteral("\\.(tar|tar\\.gz|tgz|tar\\.xz|txz|tar\\.bz2|tbz2|tar\\.zst)$"),
        QRegularExpression::CaseInsensitiveOption);
    // "<name>-v0.21.3", "<name>-0.21.3", "<name>-release-0.12": the rest is the ref.
    static const QRegularExpression withRef(QStringLiteral("^(.+?)-(v?\\d[\\w.]*|release-[\\w.]+)$"));
    QString base = QFileInfo(fileOrFolderName).fileName();
    base.remove(suffix);
    Naming n;
    n.name = base;
    if (const auto m = withRef.match(base); m.hasMatch()) {
        n.name = m.captured(1);
        n.ref = m.captured(2);
    }
    for (const auto &k : kKnown) {
        if (n.name == QLatin1String(k.fileName)) {
            n.name = QString::fromLatin1(k.name);
            n.repository = QString::fromLatin1(k.repository);
            break;
        }
    }
    return n;
}

QString LocalInputStore::commitFromPaxHeader(const QByteArray &tarStart)
{
    // A ustar header block: type flag at 156 ('g': pax global header), size (octal) at 124; the
    // data block after it holds records "<length> <key>=<value>\n".
    if (tarStart.size() < 512 || (tarStart.at(156) != 'g' && tarStart.at(156) != 'x'))
        return {};
    bool ok = false;
    const qint64 size =
        QByteArray(tarStart.constData() + 124, 12).trimmed().replace('\0', "").toLongLong(&ok, 8);
    if (!ok || size <= 0)
        return {};
    const QByteArray data =
        tarStart.mid(512, static_cast<int>(std::min<qint64>(size, tarStart.size() - 512)));
    qsizetype pos = 0;
    while (pos < data.size()) {
        const qsizetype space = data.indexOf(' ', pos);
        if (space < 0)
            break;
        const qint64 length = data.mid(pos, space - pos).toLongLong(&ok);
        if (!ok || length <= space - pos + 1 || pos + length > data.size())
            break;
        const QByteArray record = data.mid(space + 1, pos + length - space - 2); // without the newline
        if (record.startsWith("comment=")) {
            const QString id = QString::fromLatin1(record.mid(8)).trimmed();
            return isCommit(id) ? id : QString();
        }
        pos += length;
    }
    return {};
}

QByteArray LocalInputStore::tarStart(const QString &tarball, qint64 bytes, QString *error)
{
    QFile f(tarball);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(tarball, f.errorString());
        return {};
    }
    const QString program = decompressorFor(f.peek(6));
    if (program.isEmpty())
        return f.read(bytes);
    f.close();
    const QString path = NixEnvironment::findProgram(program);
    if (path.isEmpty()) {
        if (error)
            *error = QStringLiteral("%1 is compressed with %2, which is not installed").arg(tarball, program);
        return {};
    }
    // Only the start is needed: stop the decompressor once it has written enough.
    QProcess p;
    p.start(path, {QStringLiteral("-dc"), tarball});
    QByteArray out;
    while (out.size() < bytes) {
        if (!p.waitForReadyRead(kQuickMs)) {
            out += p.readAllStandardOutput();
            break;
        }
        out += p.readAllStandardOutput();
    }
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished(kQuickMs);
    }
    if (out.isEmpty() && error)
        *error = QStringLiteral("%1 -dc %2 wrote nothing: %3")
                     .arg(program, tarball, QString::fromUtf8(p.readAllStandardError()).trimmed());
    return out.left(bytes);
}

QString LocalInputStore::tarballRevision(const QString &tarball, bool useGit)
{
    const QByteArray start = tarStart(tarball, kHeaderBytes, nullptr);
    if (start.size() < kHeaderBytes)
        return {};
    const QString git = useGit ? NixEnvironment::findProgram(QStringLiteral("git")) : QString();
    if (!git.isEmpty()) {
        QProcess p;
        p.start(git, {QStringLiteral("get-tar-commit-id")});
        if (p.waitForStarted(kQuickMs)) {
            p.write(start);
            p.closeWriteChannel();
            if (p.waitForFinished(kQuickMs) && p.exitStatus() == QProcess::NormalExit) {
                // Exit 1: an archive without a commit id (not made by git archive from a commit).
                const QString id = QString::fromLatin1(p.readAllStandardOutput()).trimmed();
                return p.exitCode() == 0 && isCommit(id) ? id : QString();
            }
            p.kill();
            p.waitForFinished(kQuickMs);
        }
    }
    return commitFromPaxHeader(start);
}

LocalInputStore::Imported LocalInputStore::importPath(const QString &path, const QString &name,
                                                      const LocalInputRecord *known) const
{
    Imported result;
    auto fail = [&result](const QString &why) {
        result.error = why;
        return result;
    };
    const QFileInfo info(path);
    if (!info.exists())
        return fail(QStringLiteral("%1 does not exist").arg(path));
    const bool tarball = info.isFile() && isTarball(path);
    if (!info.isDir() && !tarball)
        return fail(
            QStringLiteral(
                "%1 is neither a folder nor a tarball (.tar, .tar.gz, .tgz, .tar.xz, .tar.bz2, .tar.zst)")
                .arg(path));

    Naming naming = inputNameFor(info.fileName());
    if (!name.isEmpty() && name != naming.name) {
        naming.name = name;
        naming.repository.clear();
        for (const auto &k : kKnown)
            if (name == QLatin1String(k.name))
                naming.repository = QString::fromLatin1(k.repository);
    }
    if (!validName(naming.name))
        return fail(
            QStringLiteral("\"%1\" cannot name an input (letters, digits, '.', '_', '-')").arg(naming.name));

    if (!QDir().mkpath(inputsDir()))
        return fail(QStringLiteral("cannot create %1").arg(inputsDir()));
    // Unpack or copy beside the final folder, then swap: a failed import leaves the old one.
    const QString staging = QStringLiteral("%1/.import-%2-%3")
                                .arg(inputsDir(), naming.name)
                                .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
    struct Cleanup
    {
        QString dir;
        ~Cleanup() { removeTree(dir); }
    } cleanup{staging};
    if (!QDir().mkpath(staging))
        return fail(QStringLiteral("cannot create %1").arg(staging));

    LocalInputRecord record;
    record.name = naming.name;
    record.ref = naming.ref;
    record.repository = naming.repository;
    record.source = info.absoluteFilePath();
    QString root;
    if (tarball) {
        const QString tar = NixEnvironment::findProgram(QStringLiteral("tar"));
        if (tar.isEmpty())
            return fail(QStringLiteral("tar is not installed: it unpacks %1").arg(path));
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(tar, {QStringLiteral("-xf"), info.absoluteFilePath(), QStringLiteral("-C"), staging});
        if (!p.waitForFinished(-1) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
            return fail(QStringLiteral("tar could not unpack %1: %2")
                            .arg(path, lastLines(QString::fromUtf8(p.readAll()), 3)));
        // git archive --prefix gives one top folder: that is the input; else the archive's top.
        const QStringList top =
            QDir(staging).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
        root = top.size() == 1 && QFileInfo(staging + QLatin1Char('/') + top.front()).isDir()
                   ? staging + QLatin1Char('/') + top.front()
                   : staging;
        if (top.isEmpty())
            return fail(QStringLiteral("%1 is an empty archive").arg(path));
        record.revision = tarballRevision(info.absoluteFilePath());
        record.sha256 = sha256OfFile(info.absoluteFilePath());
    } else {
        root = staging + QStringLiteral("/copy");
        QString error;
        if (!FileTree::copy(info.absoluteFilePath(), root, &error))
            return fail(QStringLiteral("cannot copy %1: %2").arg(path, error));
        record.sha256 = QString::fromLatin1(FileTree::digest(root, {QStringLiteral("**/*")}).toHex());
        const QString git = NixEnvironment::findProgram(QStringLiteral("git"));
        if (!git.isEmpty() && QFileInfo::exists(info.absoluteFilePath() + QStringLiteral("/.git"))) {
            QProcess p;
            p.start(git, {QStringLiteral("-C"), info.absoluteFilePath(), QStringLiteral("rev-parse"),
                          QStringLiteral("HEAD")});
            if (p.waitForFinished(kQuickMs) && p.exitCode() == 0)
                record.revision = QString::fromLatin1(p.readAllStandardOutput()).trimmed();
            if (!isCommit(record.revision))
                record.revision.clear();
        }
    }
    if (known) {
        for (auto [field, value] :
             {std::pair{&record.revision, known->revision}, std::pair{&record.repository, known->repository},
              std::pair{&record.ref, known->ref}, std::pair{&record.source, known->source}})
            if (!value.isEmpty())
                *field = value;
    }
    if (!QFileInfo::exists(root + QStringLiteral("/flake.nix")))
        result.notes << QStringLiteral("%1 has no flake.nix at its top level: it can only stand behind a "
                                       "non-flake input or a stand-in")
                            .arg(naming.name);

    const QString target = inputsDir() + QLatin1Char('/') + naming.name;
    if (!removeTree(target))
        return fail(QStringLiteral("cannot replace %1 (remove it by hand)").arg(target));
    if (!QDir().rename(root, target))
        return fail(QStringLiteral("cannot move the unpacked input to %1").arg(target));
    record.imported = QDateTime::currentDateTimeUtc();
    record.path = target;
    record.present = true;
    QString error;
    if (!writeRecord(record, &error))
        return fail(error);
    result.record = record;
    return result;
}

bool LocalInputStore::writeRecord(const LocalInputRecord &r, QString *error) const
{
    auto str = [](const QString &s) { return s.toStdString(); };
    auto orNull = [&str](const QString &s) { return s.isEmpty() ? json(nullptr) : json(str(s)); };
    const json j = {{"name", str(r.name)},
                    {"source", str(r.source)},
                    {"revision", orNull(r.revision)},
                    {"sha256", str(r.sha256)},
                    {"imported", str(r.imported.toString(Qt::ISODate))},
                    {"repository", orNull(r.repository)},
                    {"ref", orNull(r.ref)}};
    QSaveFile f(recordPath(r.name));
    if (!f.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1: %2").arg(f.fileName(), f.errorString());
        return false;
    }
    const std::string text = j.dump(2) + "\n";
    f.write(text.data(), static_cast<qint64>(text.size()));
    if (!f.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(f.fileName(), f.errorString());
        return false;
    }
    return true;
}

std::optional<LocalInputRecord> LocalInputStore::readRecord(const QString &file) const
{
    const auto read = JsonFile::read(file, nullptr);
    if (!read || !read->is_object() || JsonFields::text(*read, "name").isEmpty())
        return std::nullopt;
    const json &j = *read;
    LocalInputRecord r;
    r.name = JsonFields::text(j, "name");
    r.source = JsonFields::text(j, "source");
    r.revision = JsonFields::text(j, "revision");
    r.sha256 = JsonFields::text(j, "sha256");
    r.imported = QDateTime::fromString(JsonFields::text(j, "imported"), Qt::ISODate);
    r.repository = JsonFields::text(j, "repository");
    r.ref = JsonFields::text(j, "ref");
    r.path = inputsDir() + QLatin1Char('/') + r.name;
    r.present = QFileInfo(r.path).isDir();
    return r;
}

std::vector<LocalInputRecord> LocalInputStore::inputs() const
{
    std::vector<LocalInputRecord> out;
    const QDir dir(inputsDir());
    QStringList named;
    for (const QString &file : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        if (auto r = readRecord(dir.filePath(file))) {
            named << r->name;
            out.push_back(*r);
        }
    // A folder put there by hand: usable, but without a record of where it came from.
    for (const QString &folder : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        if (named.contains(folder))
            continue;
        LocalInputRecord r;
        r.name = folder;
        r.path = dir.filePath(folder);
        r.present = true;
        out.push_back(r);
    }
    std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.name < b.name; });
    return out;
}

std::optional<LocalInputRecord> LocalInputStore::input(const QString &name) const
{
    for (const auto &r : inputs())
        if (r.name == name)
            return r;
    return std::nullopt;
}

std::vector<StandinRecord> LocalInputStore::standins() const
{
    std::vector<StandinRecord> out;
    QStringList named;
    if (const auto read = JsonFile::read(standinsDir() + QStringLiteral("/standins.json"), nullptr)) {
        const json &j = *read;
        if (j.is_object())
            for (const auto &js : JsonFields::array(j, "standins")) {
                StandinRecord s{JsonFields::text(js, "name"), JsonFields::text(js, "path"),
                                JsonFields::text(js, "words")};
                if (!validName(s.name))
                    continue;
                if (s.path.isEmpty())
                    s.path = standinsDir() + QLatin1Char('/') + s.name;
                s.present = QFileInfo(s.path).isDir();
                named << s.name;
                out.push_back(s);
            }
    }
    const QDir dir(standinsDir());
    for (const QString &folder : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        if (!named.contains(folder))
            out.push_back(
                {folder, dir.filePath(folder), QStringLiteral("%1: offline stand-in").arg(folder), true});
    std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.name < b.name; });
    return out;
}

std::optional<StandinRecord> LocalInputStore::standin(const QString &name) const
{
    for (const auto &s : standins())
        if (s.name == name)
            return s;
    return std::nullopt;
}

QString LocalInputStore::resolve(const QString &from) const
{
    const QString kind = from.section(QLatin1Char(':'), 0, 0);
    const QString name = from.section(QLatin1Char(':'), 1);
    if (!validName(name))
        return {};
    if (kind == QLatin1String("input")) {
        const QString dir = inputsDir() + QLatin1Char('/') + name;
        return QFileInfo(dir).isDir() ? dir : QString();
    }
    if (kind == QLatin1String("standin")) {
        const auto s = standin(name);
        return s && s->present ? s->path : QString();
    }
    return {};
}

LocalInputStore::Assembled LocalInputStore::assembleStandins(const QString &script) const
{
    Assembled a;
    if (!QFileInfo(script).isFile()) {
        a.error =
            QStringLiteral(
                "assemble.sh not found (looked for %1): the offline stand-ins (nixpkgs, rust-overlay, …) "
                "were not assembled")
                .arg(script);
        return a;
    }
    QProcess p;
    p.setProcessEnvironment(NixEnvironment::processEnvironment());
    p.setProcessChannelMode(QProcess::MergedChannels);
    // assemble.sh is a bash script (not POSIX sh: Debian's /bin/sh is dash).
    const QString bash = NixEnvironment::findProgram(QStringLiteral("bash"));
    p.start(bash.isEmpty() ? QStringLiteral("/bin/bash") : bash,
            {script, QStringLiteral("--inputs"), inputsDir(), QStringLiteral("--out"), standinsDir()});
    // Copying the upstream nixpkgs and the host toolchains takes a while: no time limit.
    const bool finished = p.waitForFinished(-1);
    a.output = QString::fromUtf8(p.readAll());
    if (!finished || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        const QString tail = lastLines(a.output, 5);
        a.error =
            QStringLiteral("%1 failed (%2)%3")
                .arg(script,
                     p.exitStatus() == QProcess::NormalExit ? QStringLiteral("exit %1").arg(p.exitCode())
                                                            : QStringLiteral("crashed"),
                     tail.isEmpty() ? QString() : QStringLiteral(": ") + tail);
        return a;
    }
    a.ok = true;
    return a;
}

} // namespace flakeoff
