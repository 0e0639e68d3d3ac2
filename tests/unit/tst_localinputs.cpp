// SPDX-License-Identifier: MIT
// Building the real tools without a network: flake inputs imported from the tools' tarballs
// (../shared/inputs beside the repository) or folders, the stand-ins beside them, a manifest's
// offline overrides resolved to `--override-input` arguments for every nix command, prepare steps
// by input mode, what sessions and reports say was used, a stray /homeless-shelter refused before
// a run or a prediction, a failed prepare step's cause first, and `flakeoff-cli inputs` as a user runs it.
#include "common/ScopedEnv.h"
#include "nix/HomelessShelter.h"
#include "nix/NixCommand.h"
#include "predict/RebuildPredictor.h"
#include "report/JsonReport.h"
#include "report/MarkdownReport.h"
#include "report/ReportWording.h"
#include "report/SessionSummary.h"
#include "scenario/PrepareFailureText.h"
#include "scenario/ScenarioRunner.h"
#include "scenario/StrategyInvocation.h"
#include "session/SessionStore.h"
#include "strategy/LocalInputStore.h"
#include "strategy/OfflineInputPlan.h"
#include "strategy/StrategyAvailability.h"
#include "util/FileTree.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <algorithm>

using namespace flakeoff;

namespace {

const QString kSharedInputs = QStringLiteral(FLAKEOFF_SOURCE_DIR "/../shared/inputs");

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QString sha256Of(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex());
}

// A copy of one of the shared tarballs in `dir` (never the original: it is read-only data).
QString copyShared(const QString &file, const QTemporaryDir &dir)
{
    const QString copy = dir.filePath(file);
    QFile::remove(copy);
    return QFile::copy(kSharedInputs + QLatin1Char('/') + file, copy) ? copy : QString();
}

// A real-tool strategy as its manifest would say it: needs a network, offline overrides.
Strategy craneLike(const std::vector<InputOverride> &overrides, const QStringList &standins = {})
{
    Strategy s;
    s.id = QStringLiteral("crane");
    s.name = QStringLiteral("crane");
    s.family = QStringLiteral("deps-split");
    s.folder = QStringLiteral("/strategies/crane");
    StrategyLayout l;
    l.id = QStringLiteral("workspace");
    l.build.kind = StrategyBuild::Kind::Flake;
    l.build.attribute = QStringLiteral("packages.${system}.${target}");
    s.layouts.push_back(l);
    s.targets.push_back({QStringLiteral("app"), QStringLiteral("native"), {}, {}});
    StrategyNeed network;
    network.id = QStringLiteral("network");
    network.why = QStringLiteral("flake inputs are downloaded");
    s.needs.push_back(network);
    s.offline.overrides = overrides;
    s.offline.standins = standins;
    return s;
}

// Stand-ins as variants/standins/assemble.sh leaves them: folders and standins.json.
void writeStandins(const QString &home, const std::vector<std::pair<QString, QString>> &nameAndWords)
{
    nlohmann::json list = nlohmann::json::array();
    for (const auto &[name, words] : nameAndWords) {
        QDir().mkpath(home + QStringLiteral("/standins/") + name);
        writeFile(home + QStringLiteral("/standins/") + name + QStringLiteral("/flake.nix"),
                  "{ outputs = _: { }; }\n");
        list.push_back({{"name", name.toStdString()},
                        {"path", QString(home + QStringLiteral("/standins/") + name).toStdString()},
                        {"words", words.toStdString()}});
    }
    writeFile(home + QStringLiteral("/standins/standins.json"),
              QByteArray::fromStdString(nlohmann::json({{"standins", list}}).dump(2)));
}

// A folder input as an import would leave it, with its record.
void writeInput(const QString &home, const QString &name, const QString &revision, const QString &ref)
{
    writeFile(home + QStringLiteral("/inputs/") + name + QStringLiteral("/flake.nix"),
              "{ outputs = _: { }; }\n");
    const nlohmann::json j = {
        {"name", name.toStdString()},
        {"source", "/somewhere/x.tar.gz"},
        {"revision", revision.toStdString()},
        {"sha256", "00ff"},
        {"imported", "2026-01-02T03:04:05Z"},
        {"repository", nullptr},
        {"ref", ref.isEmpty() ? nlohmann::json(nullptr) : nlohmann::json(ref.toStdString())}};
    writeFile(home + QStringLiteral("/inputs/") + name + QStringLiteral(".json"),
              QByteArray::fromStdString(j.dump()));
}

struct CliOutput
{
    int exitCode = -1;
    QString out;
    QString err;
};

CliOutput cli(const QStringList &args, const QString &home, int timeoutMs = 120000)
{
    QProcess p;
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("FLAKEOFF_HOME"), home);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(FLAKEOFF_CLI_PATH), args);
    if (!p.waitForFinished(timeoutMs))
        p.kill();
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

// A minimal ustar block with a pax global header whose data is `records`.
QByteArray paxArchiveStart(char type, const QByteArray &records)
{
    QByteArray block(512, '\0');
    block.replace(0, 17, "pax_global_header");
    const QByteArray size = QByteArray::number(records.size(), 8).rightJustified(11, '0');
    block.replace(124, size.size(), size);
    block[156] = type;
    QByteArray data = records;
    data.append(QByteArray(512 - records.size() % 512, '\0'));
    return block + data;
}

CommandResult failed(const QByteArray &err, const QByteArray &out = {}, int exitCode = 101)
{
    CommandResult r;
    r.program = QStringLiteral("/usr/bin/nix");
    r.arguments =
        QStringList{QStringLiteral("shell"), QStringLiteral(".#toolchain"), QStringLiteral("--command"),
                    QStringLiteral("cargo"), QStringLiteral("generate-lockfile")};
    r.started = true;
    r.exitCode = exitCode;
    r.standardError = err;
    r.standardOutput = out;
    return r;
}

} // namespace

class TestLocalInputs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void namesFromFiles_data();
    void namesFromFiles();
    void importsSharedTarballs_data();
    void importsSharedTarballs();
    void paxHeader_data();
    void paxHeader();
    void importsFolder();
    void refusesBadImports_data();
    void refusesBadImports();
    void listsStandins();
    void resolves_data();
    void resolves();
    void assembleScript_data();
    void assembleScript();
    void offlinePlan_data();
    void offlinePlan();
    void availabilityNamesTheMissingInput();
    void overridesOnEveryNixCommand_data();
    void overridesOnEveryNixCommand();
    void prepareModes_data();
    void prepareModes();
    void prepareForEachProject_data();
    void prepareForEachProject();
    void separateLayoutPlan_data();
    void separateLayoutPlan();
    void homelessShelter_data();
    void homelessShelter();
    void runnerRefusesWithHomelessShelter();
    void predictorRefusesWithHomelessShelter();
    void prepareFailureCauseFirst_data();
    void prepareFailureCauseFirst();
    void sessionRecordsUsedInputs();
    void reportsSayTheInputs();
    void cliImportAndList();
    void cliRefuses_data();
    void cliRefuses();
    void cliFetchWithoutNetwork();
    void runAndPredictFailWhenNothingRuns();
};

void TestLocalInputs::initTestCase()
{
    QVERIFY2(
        QFileInfo(kSharedInputs).isDir(),
        qPrintable(QStringLiteral("%1 not found: ../shared beside the repository holds the tools' tarballs")
                       .arg(kSharedInputs)));
}

void TestLocalInputs::namesFromFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("ref");
    QTest::addColumn<QString>("repository");
    QTest::newRow("tag") << QStringLiteral("crane-v0.21.3.tar.gz") << QStringLiteral("crane")
                         << QStringLiteral("v0.21.3") << QStringLiteral("github:ipetkov/crane");
    QTest::newRow("branch") << QStringLiteral("cargo2nix-release-0.12.tar.gz") << QStringLiteral("cargo2nix")
                            << QStringLiteral("release-0.12") << QStringLiteral("github:cargo2nix/cargo2nix");
    QTest::newRow("no ref") << QStringLiteral("naersk.tar.gz") << QStringLiteral("naersk") << QString()
                            << QStringLiteral("github:nix-community/naersk");
    QTest::newRow("dash in name") << QStringLiteral("flake-utils.tar.gz") << QStringLiteral("flake-utils")
                                  << QString() << QStringLiteral("github:numtide/flake-utils");
    QTest::newRow("fork of nixpkgs") << QStringLiteral("nixpkgs-auxolotl-core.tar.gz")
                                     << QStringLiteral("nixpkgs-upstream") << QString()
                                     << QStringLiteral("github:auxolotl/core");
    QTest::newRow("unknown, xz") << QStringLiteral("/x/my-tool-1.2.tar.xz") << QStringLiteral("my-tool")
                                 << QStringLiteral("1.2") << QString();
    QTest::newRow("folder") << QStringLiteral("/src/crane") << QStringLiteral("crane") << QString()
                            << QStringLiteral("github:ipetkov/crane");
}

void TestLocalInputs::namesFromFiles()
{
    QFETCH(QString, file);
    const auto n = LocalInputStore::inputNameFor(file);
    QTEST(n.name, "name");
    QTEST(n.ref, "ref");
    QTEST(n.repository, "repository");
}

void TestLocalInputs::importsSharedTarballs_data()
{
    // ../shared/inputs/README.md: the revisions `git archive` packed.
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("revision");
    QTest::addColumn<QString>("words");
    QTest::newRow("crane") << QStringLiteral("crane-v0.21.3.tar.gz") << QStringLiteral("crane")
                           << QStringLiteral("2b3a5a88d852575758e1eb6ac9ee677fcd633fc1")
                           << QStringLiteral("crane v0.21.3 (local, 2b3a5a8)");
    QTest::newRow("naersk") << QStringLiteral("naersk.tar.gz") << QStringLiteral("naersk")
                            << QStringLiteral("3ddafa67a4c7d06483995c85c66a2d285b738833")
                            << QStringLiteral("naersk (local, 3ddafa6)");
    QTest::newRow("cargo2nix") << QStringLiteral("cargo2nix-release-0.12.tar.gz")
                               << QStringLiteral("cargo2nix")
                               << QStringLiteral("a709c74619e1a2b68ed12bb398e12fbe29d69657")
                               << QStringLiteral("cargo2nix release-0.12 (local, a709c74)");
    QTest::newRow("flake-utils") << QStringLiteral("flake-utils.tar.gz") << QStringLiteral("flake-utils")
                                 << QStringLiteral("b1d9ab70662946ef0850d488da1c9019f3a9752a")
                                 << QStringLiteral("flake-utils (local, b1d9ab7)");
    QTest::newRow("nixpkgs fork") << QStringLiteral("nixpkgs-auxolotl-core.tar.gz")
                                  << QStringLiteral("nixpkgs-upstream")
                                  << QStringLiteral("fe3e015b6b9f8ea4149423d0178cb05e6029fed1")
                                  << QStringLiteral("nixpkgs-upstream (local, fe3e015)");
}

void TestLocalInputs::importsSharedTarballs()
{
    QFETCH(QString, file);
    QFETCH(QString, name);
    QFETCH(QString, revision);
    QTemporaryDir dir;
    const QString tarball = copyShared(file, dir);
    QVERIFY(!tarball.isEmpty());
    // The commit id from the pax header: git's reading and the store's own agree.
    QCOMPARE(LocalInputStore::tarballRevision(tarball, true), revision);
    QCOMPARE(LocalInputStore::tarballRevision(tarball, false), revision);

    const LocalInputStore store(dir.filePath(QStringLiteral("home")));
    const auto imported = store.importPath(tarball);
    QVERIFY2(imported.record, qPrintable(imported.error));
    const auto &r = *imported.record;
    QCOMPARE(r.name, name);
    QCOMPARE(r.revision, revision);
    QCOMPARE(r.sha256, sha256Of(tarball));
    QCOMPARE(r.source, QFileInfo(tarball).absoluteFilePath());
    QTEST(r.words(), "words");
    QCOMPARE(r.path, store.inputsDir() + QLatin1Char('/') + name);
    // Unpacked: the repository's top level (flake.nix, LICENSE), not the archive's one folder.
    QVERIFY2(QFileInfo::exists(r.path + QStringLiteral("/flake.nix")), qPrintable(r.path));
    QVERIFY(imported.notes.isEmpty());
    QVERIFY(QFileInfo::exists(r.path + QStringLiteral("/LICENSE")));
    // The record on disk, as the contract says, and read back by list.
    QFile json(store.inputsDir() + QLatin1Char('/') + name + QStringLiteral(".json"));
    QVERIFY(json.open(QIODevice::ReadOnly));
    const auto j = nlohmann::json::parse(json.readAll().toStdString());
    QCOMPARE(QString::fromStdString(j["name"].get<std::string>()), name);
    QCOMPARE(QString::fromStdString(j["revision"].get<std::string>()), revision);
    QCOMPARE(QString::fromStdString(j["sha256"].get<std::string>()), r.sha256);
    QVERIFY(QDateTime::fromString(QString::fromStdString(j["imported"].get<std::string>()), Qt::ISODate)
                .isValid());
    const auto listed = store.inputs();
    QCOMPARE(listed.size(), std::size_t{1});
    QCOMPARE(listed.front().revision, revision);
    QVERIFY(listed.front().present);
    QCOMPARE(store.resolve(QStringLiteral("input:") + name), r.path);
    // Nothing left behind by the unpacking.
    QCOMPARE(QDir(store.inputsDir()).entryList(QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList{name});
}

void TestLocalInputs::paxHeader_data()
{
    QTest::addColumn<QByteArray>("start");
    QTest::addColumn<QString>("commit");
    const QByteArray id = "2b3a5a88d852575758e1eb6ac9ee677fcd633fc1";
    QTest::newRow("git archive") << paxArchiveStart('g', "52 comment=" + id + "\n")
                                 << QString::fromLatin1(id);
    QTest::newRow("after another record")
        << paxArchiveStart('g', "20 mtime=1700000000\n52 comment=" + id + "\n") << QString::fromLatin1(id);
    QTest::newRow("no comment") << paxArchiveStart('g', "20 mtime=1700000000\n") << QString();
    QTest::newRow("comment not a commit") << paxArchiveStart('g', "21 comment=not-a-sha\n") << QString();
    QTest::newRow("a file, not a pax header") << paxArchiveStart('0', "52 comment=" + id + "\n") << QString();
    QTest::newRow("length past the data") << paxArchiveStart('g', "99 comment=" + id + "\n") << QString();
    QTest::newRow("truncated") << QByteArray(300, 'x') << QString();
    QTest::newRow("empty") << QByteArray() << QString();
}

void TestLocalInputs::paxHeader()
{
    QFETCH(QByteArray, start);
    QTEST(LocalInputStore::commitFromPaxHeader(start), "commit");
}

void TestLocalInputs::importsFolder()
{
    QTemporaryDir dir;
    const QString source = dir.filePath(QStringLiteral("my-crane"));
    QVERIFY(writeFile(source + QStringLiteral("/flake.nix"), "{ outputs = _: { lib = 1; }; }\n"));
    QVERIFY(writeFile(source + QStringLiteral("/lib/mkLib.nix"), "1\n"));
    QVERIFY(writeFile(source + QStringLiteral("/result/ignored"), "a build output\n"));
    const LocalInputStore store(dir.filePath(QStringLiteral("home")));
    const auto first = store.importPath(source, QStringLiteral("crane"));
    QVERIFY2(first.record, qPrintable(first.error));
    QCOMPARE(first.record->name, QStringLiteral("crane"));
    QCOMPARE(first.record->repository, QStringLiteral("github:ipetkov/crane")); // known by its name
    QVERIFY(first.record->revision.isEmpty());                                  // not a git checkout
    QCOMPARE(first.record->sha256,
             QString::fromLatin1(FileTree::digest(first.record->path, {QStringLiteral("**/*")}).toHex()));
    QVERIFY(first.record->words().startsWith(QStringLiteral("crane (local, sha256 ")));
    QVERIFY(QFileInfo::exists(first.record->path + QStringLiteral("/lib/mkLib.nix")));
    QVERIFY(
        !QFileInfo::exists(first.record->path + QStringLiteral("/result"))); // build outputs are not copied

    // Importing again replaces it: the new files, a new digest, nothing of the old one left.
    QVERIFY(QFile::remove(source + QStringLiteral("/lib/mkLib.nix")));
    QVERIFY(writeFile(source + QStringLiteral("/lib/other.nix"), "2\n"));
    const auto second = store.importPath(source, QStringLiteral("crane"));
    QVERIFY2(second.record, qPrintable(second.error));
    QVERIFY(second.record->sha256 != first.record->sha256);
    QVERIFY(!QFileInfo::exists(second.record->path + QStringLiteral("/lib/mkLib.nix")));
    QVERIFY(QFileInfo::exists(second.record->path + QStringLiteral("/lib/other.nix")));
    QCOMPARE(store.inputs().size(), std::size_t{1});

    // Without flake.nix it still imports, and says what it can be used for.
    const QString plain = dir.filePath(QStringLiteral("plain"));
    QVERIFY(writeFile(plain + QStringLiteral("/default.nix"), "{}\n"));
    const auto third = store.importPath(plain);
    QVERIFY(third.record);
    QCOMPARE(third.notes.size(), 1);
    QVERIFY2(third.notes.front().contains(QStringLiteral("no flake.nix")), qPrintable(third.notes.front()));
}

void TestLocalInputs::refusesBadImports_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("error");
    QTest::newRow("missing") << QStringLiteral("missing") << QString() << QStringLiteral("does not exist");
    QTest::newRow("not a tarball") << QStringLiteral("text") << QString()
                                   << QStringLiteral("is neither a folder nor a tarball");
    QTest::newRow("corrupt tarball") << QStringLiteral("corrupt") << QString()
                                     << QStringLiteral("tar could not unpack");
    QTest::newRow("empty tarball") << QStringLiteral("empty") << QString()
                                   << QStringLiteral("is an empty archive");
    QTest::newRow("name with a slash")
        << QStringLiteral("folder") << QStringLiteral("../crane") << QStringLiteral("cannot name an input");
}

void TestLocalInputs::refusesBadImports()
{
    QFETCH(QString, kind);
    QFETCH(QString, name);
    QFETCH(QString, error);
    QTemporaryDir dir;
    const LocalInputStore store(dir.filePath(QStringLiteral("home")));
    // An earlier good import of the same name stays as it was.
    const auto good =
        store.importPath(copyShared(QStringLiteral("flake-utils.tar.gz"), dir), QStringLiteral("crane"));
    QVERIFY2(good.record, qPrintable(good.error));
    QString path;
    if (kind == QLatin1String("missing")) {
        path = dir.filePath(QStringLiteral("crane-v1.tar.gz"));
    } else if (kind == QLatin1String("text")) {
        path = dir.filePath(QStringLiteral("README.md"));
        QVERIFY(writeFile(path, "# inputs\n"));
    } else if (kind == QLatin1String("corrupt")) {
        path = dir.filePath(QStringLiteral("crane-v1.tar.gz"));
        QVERIFY(writeFile(path, QByteArray("\x1f\x8b\x08\x00", 4) + QByteArray(200, 'z')));
    } else if (kind == QLatin1String("empty")) {
        path = dir.filePath(QStringLiteral("crane-v1.tar"));
        QVERIFY(writeFile(path, QByteArray(10240, '\0'))); // two zero blocks: a valid, empty tar
    } else {
        path = dir.filePath(QStringLiteral("folder"));
        QVERIFY(writeFile(path + QStringLiteral("/flake.nix"), "{}\n"));
    }
    const auto r = store.importPath(path, name);
    QVERIFY(!r.record);
    QVERIFY2(r.error.contains(error), qPrintable(r.error));
    const auto kept = store.input(QStringLiteral("crane"));
    QVERIFY(kept && kept->present);
    QCOMPARE(kept->sha256, good.record->sha256);
    QCOMPARE(QDir(store.inputsDir()).entryList(QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList{QStringLiteral("crane")});
}

void TestLocalInputs::listsStandins()
{
    QTemporaryDir dir;
    const LocalInputStore store(dir.path());
    QVERIFY(store.standins().empty());
    writeStandins(
        dir.path(),
        {{QStringLiteral("nixpkgs"),
          QStringLiteral("nixpkgs: offline host-tools stand-in (auxolotl/core fe3e015, 2024-06-25)")},
         {QStringLiteral("rust-overlay"),
          QStringLiteral("toolchain: host rustc 1.95 (rust-overlay stand-in)")}});
    QVERIFY(
        QDir().mkpath(dir.filePath(QStringLiteral("standins/systems")))); // a folder the list does not name
    QVERIFY(QDir(dir.filePath(QStringLiteral("standins/rust-overlay")))
                .removeRecursively()); // listed, folder gone
    const auto s = store.standins();
    QCOMPARE(s.size(), std::size_t{3});
    QCOMPARE(s[0].name, QStringLiteral("nixpkgs"));
    QVERIFY(s[0].present);
    QCOMPARE(s[1].name, QStringLiteral("rust-overlay"));
    QVERIFY(!s[1].present);
    QCOMPARE(s[2].name, QStringLiteral("systems"));
    QCOMPARE(s[2].words, QStringLiteral("systems: offline stand-in"));
}

void TestLocalInputs::resolves_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("folder"); // relative to the home; empty: unresolved
    QTest::newRow("input") << QStringLiteral("input:crane") << QStringLiteral("inputs/crane");
    QTest::newRow("stand-in") << QStringLiteral("standin:nixpkgs") << QStringLiteral("standins/nixpkgs");
    QTest::newRow("input not imported") << QStringLiteral("input:naersk") << QString();
    QTest::newRow("stand-in not assembled") << QStringLiteral("standin:fenix") << QString();
    QTest::newRow("stand-in listed, folder gone") << QStringLiteral("standin:rust-overlay") << QString();
    QTest::newRow("record without its folder") << QStringLiteral("input:flake-utils") << QString();
    QTest::newRow("unknown kind") << QStringLiteral("github:ipetkov/crane") << QString();
    QTest::newRow("outside the folder") << QStringLiteral("input:../standins/nixpkgs") << QString();
    QTest::newRow("no name") << QStringLiteral("input:") << QString();
}

void TestLocalInputs::resolves()
{
    QFETCH(QString, from);
    QFETCH(QString, folder);
    QTemporaryDir dir;
    writeInput(dir.path(), QStringLiteral("crane"), QString(), QString());
    writeInput(dir.path(), QStringLiteral("flake-utils"), QString(), QString());
    QVERIFY(QDir(dir.filePath(QStringLiteral("inputs/flake-utils"))).removeRecursively());
    writeStandins(dir.path(), {{QStringLiteral("nixpkgs"), QStringLiteral("nixpkgs: stand-in")},
                               {QStringLiteral("rust-overlay"), QStringLiteral("toolchain: host")}});
    QVERIFY(QDir(dir.filePath(QStringLiteral("standins/rust-overlay"))).removeRecursively());
    const LocalInputStore store(dir.path());
    QCOMPARE(store.resolve(from), folder.isEmpty() ? QString() : dir.filePath(folder));
}

void TestLocalInputs::assembleScript_data()
{
    QTest::addColumn<QByteArray>("script"); // empty: no script at all
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("error");
    QTest::newRow("not there yet") << QByteArray() << false << QStringLiteral("assemble.sh not found");
    QTest::newRow("fails") << QByteArray("echo 'no nixpkgs-upstream input imported' >&2\nexit 3\n") << false
                           << QStringLiteral("failed (exit 3): no nixpkgs-upstream input imported");
    QTest::newRow("succeeds with its arguments")
        << QByteArray("test \"$1 $3\" = '--inputs --out' && mkdir -p \"$4\"\n") << true << QString();
}

void TestLocalInputs::assembleScript()
{
    QFETCH(QByteArray, script);
    QFETCH(bool, ok);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("standins/assemble.sh"));
    if (!script.isEmpty())
        QVERIFY(writeFile(path, script));
    const LocalInputStore store(dir.filePath(QStringLiteral("home")));
    const auto a = store.assembleStandins(path);
    QCOMPARE(a.ok, ok);
    QFETCH(QString, error);
    QVERIFY2(a.error.contains(error), qPrintable(a.error));
    if (ok)
        QVERIFY(QFileInfo(store.standinsDir()).isDir());
}

void TestLocalInputs::offlinePlan_data()
{
    QTest::addColumn<QStringList>("inputs");   // imported
    QTest::addColumn<QStringList>("standins"); // assembled
    QTest::addColumn<QString>("reason");       // empty: ok
    QTest::addColumn<QString>("words");
    // In the manifest's order: the overrides, then what the manifest adds.
    const QString all = QStringLiteral("nixpkgs: offline host-tools stand-in (auxolotl/core fe3e015, "
                                       "2024-06-25), toolchain: host rustc 1.95 "
                                       "(rust-overlay stand-in), crane v0.21.3 (local, 2b3a5a8), crate "
                                       "downloads: seeded from Debian's crate sources");
    QTest::newRow("everything here") << QStringList{QStringLiteral("crane")}
                                     << QStringList{QStringLiteral("nixpkgs"), QStringLiteral("rust-overlay")}
                                     << QString() << all;
    QTest::newRow("tool missing")
        << QStringList{} << QStringList{QStringLiteral("nixpkgs"), QStringLiteral("rust-overlay")}
        << QStringLiteral(
               "needs local input 'crane' (not in %1/inputs): run flakeoff-cli inputs import PATH with its "
               "tarball or folder, or flakeoff-cli inputs fetch --strategy crane on a machine with a network")
        << QString();
    QTest::newRow("stand-ins missing")
        << QStringList{QStringLiteral("crane")} << QStringList{}
        << QStringLiteral("needs the offline stand-ins 'nixpkgs' and 'rust-overlay' (not in %1/standins)")
        << QString();
    QTest::newRow("both missing")
        << QStringList{} << QStringList{QStringLiteral("rust-overlay")}
        << QStringLiteral(
               "needs local input 'crane' (not in %1/inputs): run flakeoff-cli inputs import PATH with its "
               "tarball "
               "or folder, or flakeoff-cli inputs fetch --strategy crane on a machine with a network; "
               "needs the offline stand-in 'nixpkgs' (not in %1/standins)")
        << QString();
}

void TestLocalInputs::offlinePlan()
{
    QFETCH(QStringList, inputs);
    QFETCH(QStringList, standins);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    for (const QString &i : inputs)
        writeInput(dir.path(), i, QStringLiteral("2b3a5a88d852575758e1eb6ac9ee677fcd633fc1"),
                   QStringLiteral("v0.21.3"));
    std::vector<std::pair<QString, QString>> made;
    if (standins.contains(QStringLiteral("nixpkgs")))
        made.push_back(
            {QStringLiteral("nixpkgs"),
             QStringLiteral("nixpkgs: offline host-tools stand-in (auxolotl/core fe3e015, 2024-06-25)")});
    if (standins.contains(QStringLiteral("rust-overlay")))
        made.push_back({QStringLiteral("rust-overlay"),
                        QStringLiteral("toolchain: host rustc 1.95 (rust-overlay stand-in)")});
    writeStandins(dir.path(), made);
    // The manifest repeats what the stand-ins say (said once) and adds what no override is.
    const Strategy s = craneLike({{QStringLiteral("nixpkgs"), QStringLiteral("standin:nixpkgs")},
                                  {QStringLiteral("rust-overlay"), QStringLiteral("standin:rust-overlay")},
                                  {QStringLiteral("crane"), QStringLiteral("input:crane")}},
                                 {QStringLiteral("nixpkgs: offline host-tools stand-in"),
                                  QStringLiteral("toolchain: host rustc (rust-overlay stand-in)"),
                                  QStringLiteral("crate downloads: seeded from Debian's crate sources"),
                                  QStringLiteral("crane: the real v0.21.3 from the imported input")});
    const auto plan = OfflineInputPlan::resolve(s, LocalInputStore(dir.path()));
    QCOMPARE(plan.ok(), reason.isEmpty());
    QVERIFY2(plan.missingReason().startsWith(reason.isEmpty() ? QString() : reason.arg(dir.path())),
             qPrintable(plan.missingReason()));
    QCOMPARE(plan.missingReason().isEmpty(), reason.isEmpty());
    QTEST(plan.words(), "words");
    if (!plan.ok()) {
        QVERIFY(plan.overrideArguments().isEmpty());
        return;
    }
    QCOMPARE(plan.overrideArguments(),
             (QStringList{QStringLiteral("--override-input"), QStringLiteral("nixpkgs"),
                          QStringLiteral("path:") + dir.filePath(QStringLiteral("standins/nixpkgs")),
                          QStringLiteral("--override-input"), QStringLiteral("rust-overlay"),
                          QStringLiteral("path:") + dir.filePath(QStringLiteral("standins/rust-overlay")),
                          QStringLiteral("--override-input"), QStringLiteral("crane"),
                          QStringLiteral("path:") + dir.filePath(QStringLiteral("inputs/crane"))}));
    QCOMPARE(plan.used().size(), std::size_t{4});
    const UsedInput &crane = plan.used()[2];
    QCOMPARE(crane.origin, QStringLiteral("local"));
    QCOMPARE(crane.revision, QStringLiteral("2b3a5a88d852575758e1eb6ac9ee677fcd633fc1"));
    QCOMPARE(crane.digest, QStringLiteral("00ff"));
    QCOMPARE(plan.used()[0].origin, QStringLiteral("stand-in"));
    QCOMPARE(plan.used()[3].name, QStringLiteral("crate downloads"));
    QCOMPARE(StrategyInputs::wordsOf(plan.used()), QStringLiteral("built offline: ") + plan.words());
}

void TestLocalInputs::availabilityNamesTheMissingInput()
{
    QTemporaryDir dir;
    ScopedEnv home("FLAKEOFF_HOME", dir.path().toUtf8());
    writeStandins(dir.path(), {{QStringLiteral("nixpkgs"), QStringLiteral("nixpkgs: stand-in")}});
    const Strategy s = craneLike({{QStringLiteral("nixpkgs"), QStringLiteral("standin:nixpkgs")},
                                  {QStringLiteral("crane"), QStringLiteral("input:crane")}});
    // Offline (forced here, so a network cannot hide it): the runner's and the app's verdict.
    const QString why = StrategyAvailability::unavailableReason(s, true);
    QVERIFY2(why.startsWith(QStringLiteral("needs local input 'crane'")), qPrintable(why));
    QVERIFY2(why.contains(QStringLiteral("flakeoff-cli inputs import")), qPrintable(why));
    MachineCapabilities offline;
    offline.networkReachable = false;
    if (!StrategyAvailability::networkReachable()) {
        const auto status = StrategyAvailability::check(s, offline);
        QVERIFY(!status.available);
        QCOMPARE(status.reason, why);
    }
    // Imported: the network need is met by the local inputs; the line says which, in words.
    writeInput(dir.path(), QStringLiteral("crane"),
               QStringLiteral("2b3a5a88d852575758e1eb6ac9ee677fcd633fc1"), QStringLiteral("v0.21.3"));
    QCOMPARE(StrategyAvailability::unavailableReason(s, true), QString());
    if (!StrategyAvailability::networkReachable()) {
        const auto status = StrategyAvailability::check(s, offline);
        QVERIFY2(status.available, qPrintable(status.reason));
        QCOMPARE(status.offlineInputs, QStringLiteral("nixpkgs: stand-in, crane v0.21.3 (local, 2b3a5a8)"));
        QCOMPARE(status.note,
                 QStringLiteral("builds offline with nixpkgs: stand-in, crane v0.21.3 (local, 2b3a5a8)"));
    }
    // A strategy without an offline section keeps the network verdict.
    Strategy online = s;
    online.offline = {};
    if (!StrategyAvailability::networkReachable())
        QVERIFY(
            StrategyAvailability::unavailableReason(online).startsWith(QStringLiteral("needs a network")));
}

void TestLocalInputs::overridesOnEveryNixCommand_data()
{
    QTest::addColumn<QStringList>("argv"); // a prepare step's
    QTest::addColumn<QStringList>("expected");
    const QStringList o{QStringLiteral("--override-input"), QStringLiteral("crane"),
                        QStringLiteral("path:/h/inputs/crane")};
    QTest::newRow("nix shell: before the installable and --command")
        << QStringList{QStringLiteral("nix"),         QStringLiteral("shell"),
                       QStringLiteral(".#toolchain"), QStringLiteral("--command"),
                       QStringLiteral("cargo"),       QStringLiteral("generate-lockfile")}
        << QStringList{QStringLiteral("shell")} + o +
               QStringList{QStringLiteral(".#toolchain"), QStringLiteral("--command"),
                           QStringLiteral("cargo"), QStringLiteral("generate-lockfile")};
    QTest::newRow("nix run: before --")
        << QStringList{QStringLiteral("nix"), QStringLiteral("run"), QStringLiteral(".#cargo2nix"),
                       QStringLiteral("--"), QStringLiteral("--locked")}
        << QStringList{QStringLiteral("run")} + o +
               QStringList{QStringLiteral(".#cargo2nix"), QStringLiteral("--"), QStringLiteral("--locked")};
    QTest::newRow("nix flake lock: after both words")
        << QStringList{QStringLiteral("nix"), QStringLiteral("flake"), QStringLiteral("lock")}
        << QStringList{QStringLiteral("flake"), QStringLiteral("lock")} + o;
    QTest::newRow("not nix: unchanged, placeholders filled")
        << QStringList{QStringLiteral("sh"), QStringLiteral("{flakeoffHome}/standins/prepare-offline.sh"),
                       QStringLiteral("{scratch}")}
        << QStringList{QStringLiteral("/h/standins/prepare-offline.sh"), QStringLiteral("/scratch")};
}

void TestLocalInputs::overridesOnEveryNixCommand()
{
    QFETCH(QStringList, argv);
    const Strategy s = craneLike({{QStringLiteral("crane"), QStringLiteral("input:crane")}});
    StrategyInvocation inv;
    inv.strategy = &s;
    inv.scratch = QStringLiteral("/scratch");
    inv.system = QStringLiteral("x86_64-linux");
    inv.flakeoffHome = QStringLiteral("/h");
    inv.offline = true;
    inv.inputOverrides = QStringList{QStringLiteral("--override-input"), QStringLiteral("crane"),
                                     QStringLiteral("path:/h/inputs/crane")};
    PrepareStep step;
    step.name = QStringLiteral("step");
    step.argv = argv;
    QString program;
    QTEST(inv.prepareArguments(step, &program), "expected");
    QVERIFY(!program.isEmpty());
    // The build and the evaluation get them too, before the installable.
    const QStringList build =
        inv.buildArguments(QStringLiteral("app"), {QStringLiteral("--max-jobs"), QStringLiteral("2")});
    QCOMPARE(build.mid(0, 5), (QStringList{QStringLiteral("build")} + inv.inputOverrides +
                               QStringList{QStringLiteral(".#packages.x86_64-linux.app")}));
    QVERIFY(build.endsWith(QStringLiteral("2")));
    const QStringList eval = inv.instantiateArguments({QStringLiteral("app")}, &program);
    QCOMPARE(eval, (QStringList{QStringLiteral("path-info"), QStringLiteral("--derivation")} +
                    inv.inputOverrides + QStringList{QStringLiteral(".#packages.x86_64-linux.app")}));
    // Online: none of it.
    inv.inputOverrides.clear();
    inv.offline = false;
    QVERIFY(!inv.buildArguments(QStringLiteral("app"), {}).contains(QStringLiteral("--override-input")));
    QVERIFY(!inv.prepareArguments(step, &program).contains(QStringLiteral("--override-input")));
}

void TestLocalInputs::prepareModes_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<bool>("offline");
    QTest::addColumn<bool>("runs");
    QTest::newRow("both, online") << QString() << false << true;
    QTest::newRow("both, offline") << QString() << true << true;
    QTest::newRow("online step, online") << QStringLiteral("online") << false << true;
    QTest::newRow("online step, offline") << QStringLiteral("online") << true << false;
    QTest::newRow("offline step, online") << QStringLiteral("offline") << false << false;
    QTest::newRow("offline step, offline") << QStringLiteral("offline") << true << true;
}

void TestLocalInputs::prepareModes()
{
    QFETCH(QString, mode);
    QFETCH(bool, offline);
    QFETCH(bool, runs);
    Strategy s = craneLike({});
    PrepareStep step;
    step.name = QStringLiteral("lock");
    step.argv = QStringList{QStringLiteral("true")};
    step.when = QStringLiteral("always");
    step.mode = mode;
    s.prepare.push_back(step);
    StrategyInvocation inv;
    inv.strategy = &s;
    inv.offline = offline;
    QCOMPARE(step.runsIn(offline), runs);
    QCOMPARE(inv.duePrepareSteps(true, {}).size(), runs ? std::size_t{1} : std::size_t{0});

    // Read from a manifest: the mode is kept, an unknown one refused with the step's name.
    QTemporaryDir dir;
    const QString manifest = dir.filePath(QStringLiteral("x/manifest.json"));
    auto load = [&](const QByteArray &modeJson, const QByteArray &offlineJson) {
        writeFile(manifest, R"({"schema":1,"id":"x","name":"X","family":"monolithic",
            "layouts":{"workspace":{"files":[],"build":{"kind":"flake","attribute":"a"}}},"targets":[{"id":"app","kind":"native"}],
            "prepare":[{"name":"lock","argv":["true"])" +
                                modeJson + "}]" + offlineJson + "}");
        QString error;
        auto loaded = Strategy::load(manifest, &error);
        return std::make_pair(loaded, error);
    };
    const auto [loaded, error] =
        load(mode.isEmpty() ? QByteArray() : ",\"mode\":\"" + mode.toUtf8() + "\"", QByteArray());
    QVERIFY2(loaded, qPrintable(error));
    QCOMPARE(loaded->prepare.front().mode, mode);
    QVERIFY(!loaded->buildsOffline()); // an old manifest: no offline section, no overrides
    const auto [bad, badError] = load(",\"mode\":\"sometimes\"", QByteArray());
    QVERIFY(!bad);
    QVERIFY2(badError.contains(QStringLiteral("prepare step \"lock\": \"mode\" must be")),
             qPrintable(badError));
    const auto [withOffline, offlineError] = load(
        QByteArray(),
        R"(,"offline":{"overrides":[{"input":"cargo2nix/flake-utils","from":"input:flake-utils"}],"standins":["nixpkgs: stand-in"]})");
    QVERIFY2(withOffline, qPrintable(offlineError));
    QVERIFY(withOffline->buildsOffline());
    QCOMPARE(withOffline->offline.overrides.front().input, QStringLiteral("cargo2nix/flake-utils"));
    QCOMPARE(withOffline->offline.standins, QStringList{QStringLiteral("nixpkgs: stand-in")});
}

// The separate layout's steps with forEach "target-crate": once per project a target builds, its
// folder filled in; the others once; a step of another layout or input mode not at all.
void TestLocalInputs::prepareForEachProject_data()
{
    QTest::addColumn<QStringList>("projects");
    QTest::addColumn<QStringList>("lockedProjects"); // folders whose Cargo.lock already exists
    QTest::addColumn<QStringList>("initial");        // names of the steps due right after the copy
    QTest::addColumn<QStringList>("afterEdit");      // due after wasm/Cargo.toml changed
    const QStringList both{QStringLiteral("app"), QStringLiteral("wasm")};
    QTest::newRow("two projects, no lock yet")
        << both << QStringList()
        << QStringList{QStringLiteral("separate-crates"), QStringLiteral("lock (app)"),
                       QStringLiteral("lock (wasm)"), QStringLiteral("offline-crates (app)"),
                       QStringLiteral("offline-crates (wasm)")}
        << QStringList{QStringLiteral("offline-crates (wasm)")};
    QTest::newRow("app already locked")
        << both << QStringList{QStringLiteral("app")}
        << QStringList{QStringLiteral("separate-crates"), QStringLiteral("lock (wasm)"),
                       QStringLiteral("offline-crates (app)"), QStringLiteral("offline-crates (wasm)")}
        << QStringList{QStringLiteral("offline-crates (wasm)")};
    QTest::newRow("no project with a target")
        << QStringList() << QStringList() << QStringList{QStringLiteral("separate-crates")} << QStringList();
}

void TestLocalInputs::prepareForEachProject()
{
    QFETCH(QStringList, projects);
    QFETCH(QStringList, lockedProjects);
    QFETCH(QStringList, initial);
    QFETCH(QStringList, afterEdit);
    QTemporaryDir scratch;
    for (const QString &dir : {QStringLiteral("app"), QStringLiteral("cats"), QStringLiteral("wasm")})
        writeFile(scratch.filePath(dir + QStringLiteral("/Cargo.toml")),
                  "[package]\nname = \"" + dir.toUtf8() + "\"\n");
    for (const QString &dir : lockedProjects)
        writeFile(scratch.filePath(dir + QStringLiteral("/Cargo.lock")), "version = 3\n");
    Strategy s = craneLike({});
    auto step = [](const char *name, const char *when, const char *forEach, const char *mode,
                   const QStringList &layouts) {
        PrepareStep p;
        p.name = QString::fromLatin1(name);
        p.when = QString::fromLatin1(when);
        p.forEach = QString::fromLatin1(forEach);
        p.mode = QString::fromLatin1(mode);
        p.layouts = layouts;
        p.argv = QStringList{QStringLiteral("sh"), QStringLiteral("prepare.sh"),
                             QStringLiteral("{scratch}/{crate.dir}")};
        p.inputs = QStringList{QStringLiteral("{crate.dir}/Cargo.toml")};
        p.produces = QStringList{QStringLiteral("{crate.dir}/Cargo.lock")};
        return p;
    };
    const QStringList separate{QStringLiteral("separate")};
    s.prepare = {step("lock", "missing", "", "", {QStringLiteral("workspace")}),
                 step("separate-crates", "changed", "", "", separate),
                 step("lock", "missing", "target-crate", "", separate),
                 step("offline-crates", "changed", "target-crate", "", separate),
                 step("online-only", "changed", "target-crate", "online", separate)};
    s.prepare[1].inputs = QStringList{QStringLiteral("Cargo.toml")};
    StrategyInvocation inv;
    inv.strategy = &s;
    inv.layout = QStringLiteral("separate");
    inv.offline = true;
    inv.scratch = scratch.path();
    inv.targetCrateDirs = projects;
    const auto names = [](const std::vector<PrepareStep> &steps) {
        QStringList out;
        for (const auto &p : steps)
            out << p.name;
        return out;
    };
    QCOMPARE(names(inv.duePrepareSteps(true, {})), initial);

    // Each project's copy of a step names its folder wherever the manifest said {crate.dir}.
    QMap<QString, QByteArray> digests;
    for (const PrepareStep &p : inv.prepareSteps()) {
        if (p.forEach.isEmpty())
            continue;
        const QString dir = p.name.section(QLatin1Char('('), 1).chopped(1);
        QVERIFY2(projects.contains(dir), qPrintable(p.name));
        QCOMPARE(p.inputs, QStringList{dir + QStringLiteral("/Cargo.toml")});
        QCOMPARE(p.produces, QStringList{dir + QStringLiteral("/Cargo.lock")});
        QString program;
        QCOMPARE(inv.prepareArguments(p, &program).last(), scratch.path() + QLatin1Char('/') + dir);
        digests[p.name] = FileTree::digest(scratch.path(), p.inputs);
    }
    digests[QStringLiteral("separate-crates")] =
        FileTree::digest(scratch.path(), {QStringLiteral("Cargo.toml")});

    // After an edit of wasm's manifest only wasm's "changed" step is due again.
    writeFile(scratch.filePath(QStringLiteral("wasm/Cargo.toml")),
              "[package]\nname = \"wasm\"\nversion = \"2.0.0\"\n");
    QCOMPARE(names(inv.duePrepareSteps(false, digests)), afterEdit);
}

// The real tools' separate layout, as their manifests say it: first the crates laid out side by
// side, then per project its own offline lock (cargo2nix: and its own Cargo.nix); online, the
// lock from the registry per project instead.
void TestLocalInputs::separateLayoutPlan_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("offline");
    QTest::addColumn<QStringList>("steps");
    const QStringList offline{QStringLiteral("separate-crates"), QStringLiteral("offline-crates (app)"),
                              QStringLiteral("offline-crates (wasm)")};
    const QStringList online{QStringLiteral("separate-crates"), QStringLiteral("lock (app)"),
                             QStringLiteral("lock (wasm)")};
    for (const char *id : {"build-rust-package", "crane", "naersk"}) {
        QTest::addRow("%s offline", id) << QString::fromLatin1(id) << true << offline;
        QTest::addRow("%s online", id) << QString::fromLatin1(id) << false << online;
    }
    QTest::newRow("cargo2nix offline") << QStringLiteral("cargo2nix") << true
                                       << offline + QStringList{QStringLiteral("cargo-nix-offline (app)"),
                                                                QStringLiteral("cargo-nix-offline (wasm)")};
    QTest::newRow("cargo2nix online")
        << QStringLiteral("cargo2nix") << false
        << online + QStringList{QStringLiteral("cargo2nix (app)"), QStringLiteral("cargo2nix (wasm)")};
}

void TestLocalInputs::separateLayoutPlan()
{
    QFETCH(QString, id);
    QFETCH(bool, offline);
    QFETCH(QStringList, steps);
    const auto catalog = StrategyCatalog::load();
    StrategyInvocation inv;
    inv.strategy = catalog.find(id);
    QVERIFY(inv.strategy);
    inv.layout = QStringLiteral("separate");
    inv.offline = offline;
    inv.scratch = QStringLiteral("/scratch");
    inv.source = QStringLiteral("/work/sample");
    inv.variantsDir = catalog.variantsDir();
    inv.targetCrateDirs = QStringList{QStringLiteral("app"), QStringLiteral("wasm")};
    QStringList names;
    for (const PrepareStep &p : inv.prepareSteps())
        names << p.name;
    QCOMPARE(names, steps);
    // Each project's step names that project, nowhere a placeholder left.
    for (const PrepareStep &p : inv.prepareSteps()) {
        QString program;
        const QStringList args = inv.prepareArguments(p, &program);
        const QString argv = args.join(QLatin1Char(' '));
        QVERIFY2(!argv.contains(QLatin1Char('{')), qPrintable(p.name + QStringLiteral(": ") + argv));
        for (const QString &dir : inv.targetCrateDirs)
            if (p.name.endsWith(QStringLiteral("(%1)").arg(dir)))
                QVERIFY2(
                    std::any_of(args.begin(), args.end(),
                                [&dir](const QString &a) { return a.split(QLatin1Char('/')).contains(dir); }),
                    qPrintable(p.name + QStringLiteral(": ") + argv));
    }
    // The workspace layout has none of them.
    inv.layout = QStringLiteral("workspace");
    for (const PrepareStep &p : inv.prepareSteps())
        QVERIFY2(!steps.contains(p.name) && !p.name.contains(QLatin1Char('(')), qPrintable(p.name));
}

void TestLocalInputs::homelessShelter_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<bool>("exists");
    QTest::newRow("absent") << QStringLiteral("absent") << false;
    QTest::newRow("a folder (cargo's .cargo in it)") << QStringLiteral("folder") << true;
    QTest::newRow("a file") << QStringLiteral("file") << true;
    QTest::newRow("a dangling link") << QStringLiteral("link") << true;
}

void TestLocalInputs::homelessShelter()
{
    QFETCH(QString, kind);
    QFETCH(bool, exists);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("homeless-shelter"));
    if (kind == QLatin1String("folder"))
        QVERIFY(QDir().mkpath(path + QStringLiteral("/.cargo")));
    else if (kind == QLatin1String("file"))
        QVERIFY(writeFile(path, "x"));
    else if (kind == QLatin1String("link"))
        QVERIFY(QFile::link(dir.filePath(QStringLiteral("gone")), path));
    const HomelessShelter shelter(path);
    QCOMPARE(shelter.exists(), exists);
    const QString problem = shelter.problem();
    QCOMPARE(problem.isEmpty(), !exists);
    if (exists) {
        QVERIFY2(problem.startsWith(path + QStringLiteral(" exists, so Nix refuses every unsandboxed build")),
                 qPrintable(problem));
        QVERIFY(problem.contains(QStringLiteral("left behind by an unsandboxed build")));
        QVERIFY(problem.endsWith(QStringLiteral("rm -rf ") + path));
    }
    QCOMPARE(HomelessShelter().problem().isEmpty(), !QFileInfo::exists(QStringLiteral("/homeless-shelter")));
}

void TestLocalInputs::runnerRefusesWithHomelessShelter()
{
    QTemporaryDir dir;
    const QString shelter = dir.filePath(QStringLiteral("homeless-shelter"));
    QVERIFY(QDir().mkpath(shelter));
    ScenarioRunner runner(nullptr, shelter);
    QSignalSpy finished(&runner, &ScenarioRunner::finished);
    QSignalSpy messages(&runner, &ScenarioRunner::message);
    RunRequest request;
    request.workspace = QStringLiteral(FLAKEOFF_SOURCE_DIR "/variants/sample");
    request.strategies = QStringList{QStringLiteral("deps-split"), QStringLiteral("crane")};
    request.scenario = *Scenario::builtin(QStringLiteral("quick"));
    request.sessionPath = dir.filePath(QStringLiteral("session.json"));
    runner.start(request);
    QVERIFY(finished.wait(10000));
    const Session s = runner.session();
    QCOMPARE(s.status, Session::Status::Failed);
    QCOMPARE(s.statusText, HomelessShelter(shelter).problem());
    QVERIFY(s.measurements.empty());
    QCOMPARE(s.skipped.size(), std::size_t{2});
    QVERIFY(s.skipped.at(QStringLiteral("crane")).contains(shelter));
    QCOMPARE(messages.count(), 1);
    QString error;
    const auto saved = SessionStore::load(request.sessionPath, &error);
    QVERIFY2(saved, qPrintable(error));
    QCOMPARE(saved->statusText, s.statusText);
    QVERIFY(!runner.isRunning());
}

void TestLocalInputs::predictorRefusesWithHomelessShelter()
{
    // The prediction's prepare steps build (a toolchain, a generator): refused as a run is.
    QTemporaryDir dir;
    const QString shelter = dir.filePath(QStringLiteral("homeless-shelter"));
    QVERIFY(QDir().mkpath(shelter));
    RebuildPredictor predictor(nullptr, shelter);
    QSignalSpy finished(&predictor, &RebuildPredictor::finished);
    QSignalSpy messages(&predictor, &RebuildPredictor::message);
    PredictRequest request;
    request.workspace = QStringLiteral(FLAKEOFF_SOURCE_DIR "/variants/sample");
    request.strategies = QStringList{QStringLiteral("deps-split"), QStringLiteral("crane")};
    request.scenario = *Scenario::builtin(QStringLiteral("quick"));
    predictor.start(request);
    QVERIFY(predictor.isRunning());
    QVERIFY(finished.wait(10000));
    const Prediction &p = predictor.prediction();
    QVERIFY(p.steps.empty());
    QCOMPARE(p.skipped.size(), std::size_t{2});
    for (const auto &[id, why] : p.skipped)
        QCOMPARE(why, QStringLiteral("not predicted: %1").arg(HomelessShelter(shelter).problem()));
    QCOMPARE(messages.count(), 1);
    QCOMPARE(messages.front().front().toString(), HomelessShelter(shelter).problem());
    QVERIFY(!predictor.isRunning());

    // Cancelled before it said so: finished once, no message.
    RebuildPredictor cancelled(nullptr, shelter);
    QSignalSpy cancelledFinished(&cancelled, &RebuildPredictor::finished);
    QSignalSpy cancelledMessages(&cancelled, &RebuildPredictor::message);
    cancelled.start(request);
    cancelled.cancel();
    QTest::qWait(50);
    QCOMPARE(cancelledFinished.count(), 1);
    QCOMPARE(cancelledMessages.count(), 0);
}

void TestLocalInputs::prepareFailureCauseFirst_data()
{
    QTest::addColumn<CommandResult>("result");
    QTest::addColumn<QString>("first");   // the first line
    QTest::addColumn<QString>("details"); // part of what follows
    const QByteArray cargo = "warning: unused manifest key: package.authors\n"
                             "    Updating crates.io index\n"
                             "\x1b[1m\x1b[31merror\x1b[0m: failed to get `tokio` as a dependency of package "
                             "`app v0.1.0 (/scratch/app)`\n"
                             "\n"
                             "Caused by:\n"
                             "  failed to load source for dependency `tokio`\n"
                             "error: could not resolve host: index.crates.io\n";
    QTest::newRow("cargo") << failed(cargo)
                           << QStringLiteral("prepare step lock failed: error: failed to get `tokio` as a "
                                             "dependency of package `app v0.1.0 (/scratch/app)`")
                           << QStringLiteral(
                                  "error: could not resolve host: index.crates.io\ndetails: nix shell "
                                  ".#toolchain --command cargo generate-lockfile exited with 101; "
                                  "its output ends:\nwarning: unused manifest key");
    QTest::newRow("rustc error code")
        << failed("   Compiling x\nerror[E0432]: unresolved import `foo`\n")
        << QStringLiteral("prepare step lock failed: error[E0432]: unresolved import `foo`")
        << QStringLiteral("   Compiling x");
    QTest::newRow("no error line: the last thing said")
        << failed("sh: 1: generate: not found\n", {}, 127)
        << QStringLiteral("prepare step lock failed: sh: 1: generate: not found")
        << QStringLiteral("exited with 127");
    QTest::newRow("only on stdout") << failed({}, "error: Cargo.toml has no [package]\n")
                                    << QStringLiteral(
                                           "prepare step lock failed: error: Cargo.toml has no [package]")
                                    << QStringLiteral("exited with 101");
    QTest::newRow("silent") << failed({})
                            << QStringLiteral("prepare step lock failed: nix shell .#toolchain --command "
                                              "cargo generate-lockfile exited with 101 and wrote nothing")
                            << QString();
    CommandResult notStarted = failed("No such file or directory");
    notStarted.started = false;
    notStarted.program = QStringLiteral("generate");
    QTest::newRow("not started")
        << notStarted
        << QStringLiteral("prepare step lock failed: generate could not start: No such file or directory")
        << QString();
    QByteArray many;
    for (int i = 1; i <= 5; ++i)
        many += "error: number " + QByteArray::number(i) + "\n";
    QTest::newRow("at most three causes")
        << failed(many) << QStringLiteral("prepare step lock failed: error: number 1")
        << QStringLiteral("error: number 2\nerror: number 3\ndetails:");
}

void TestLocalInputs::prepareFailureCauseFirst()
{
    QFETCH(CommandResult, result);
    QFETCH(QString, details);
    const QString text = PrepareFailureText::describe(QStringLiteral("lock"), result);
    QTEST(text.section(QLatin1Char('\n'), 0, 0), "first");
    QVERIFY2(text.contains(details), qPrintable(text));
    QVERIFY(!text.contains(QLatin1Char('\x1b')));
}

void TestLocalInputs::sessionRecordsUsedInputs()
{
    QTemporaryDir dir;
    Session s;
    s.workspace = QStringLiteral("/w");
    s.scenario = Scenario::standard();
    s.status = Session::Status::Finished;
    s.environment.inputRevisions[QStringLiteral("crane")] =
        QStringLiteral("built offline: crane v0.21.3 (local, 2b3a5a8)");
    s.environment.inputsUsed[QStringLiteral("crane")] = {
        {QStringLiteral("crane"), QStringLiteral("local"), QStringLiteral("input:crane"),
         QStringLiteral("2b3a5a88d852575758e1eb6ac9ee677fcd633fc1"), QStringLiteral("ab12"),
         QStringLiteral("crane v0.21.3 (local, 2b3a5a8)")},
        {QStringLiteral("nixpkgs"),
         QStringLiteral("stand-in"),
         QStringLiteral("standin:nixpkgs"),
         {},
         {},
         QStringLiteral("nixpkgs: offline host-tools stand-in")}};
    const QString path = dir.filePath(QStringLiteral("s.json"));
    QString error;
    QVERIFY2(SessionStore::save(s, path, &error), qPrintable(error));
    const auto loaded = SessionStore::load(path, &error);
    QVERIFY2(loaded, qPrintable(error));
    QVERIFY(loaded->environment.inputsUsed == s.environment.inputsUsed);

    // A session from before: no inputs_used, loads without it, and saves without adding one.
    Session old = s;
    old.environment.inputsUsed.clear();
    const auto j = SessionStore::toJson(old);
    QVERIFY(!j["environment"].contains("inputs_used"));
    const auto oldLoaded = SessionStore::fromJson(j, &error);
    QVERIFY2(oldLoaded, qPrintable(error));
    QVERIFY(oldLoaded->environment.inputsUsed.empty());
    // Entries without a name are dropped, not loaded half.
    auto broken = SessionStore::toJson(s);
    broken["environment"]["inputs_used"]["crane"].push_back({{"words", "nameless"}});
    broken["environment"]["inputs_used"]["naersk"] = "not a list";
    const auto tolerant = SessionStore::fromJson(broken, &error);
    QVERIFY2(tolerant, qPrintable(error));
    QCOMPARE(tolerant->environment.inputsUsed.at(QStringLiteral("crane")).size(), std::size_t{2});
    QVERIFY(tolerant->environment.inputsUsed.at(QStringLiteral("naersk")).empty());
}

void TestLocalInputs::reportsSayTheInputs()
{
    Session s;
    s.workspace = QStringLiteral("/w");
    s.status = Session::Status::Finished;
    s.environment.inputRevisions[QStringLiteral("crane")] =
        QStringLiteral("no flake.lock; crane github:ipetkov/crane/v0.21.3 (not locked)");
    s.environment.inputRevisions[QStringLiteral("deps-split")] =
        QStringLiteral("offline model, no flake inputs");
    s.environment.inputsUsed[QStringLiteral("crane")] = {
        {QStringLiteral("crane"),
         QStringLiteral("local"),
         QStringLiteral("input:crane"),
         {},
         {},
         QStringLiteral("crane v0.21.3 (local, 2b3a5a8)")},
        {QStringLiteral("nixpkgs"),
         QStringLiteral("stand-in"),
         QStringLiteral("standin:nixpkgs"),
         {},
         {},
         QStringLiteral("nixpkgs: offline host-tools stand-in")},
        {QStringLiteral("toolchain"),
         QStringLiteral("stand-in"),
         {},
         {},
         {},
         QStringLiteral("toolchain: host rustc 1.95")}};
    QCOMPARE(ReportWording::inputs(s.environment, QStringLiteral("crane")),
             QStringLiteral("built offline: crane v0.21.3 (local, 2b3a5a8), nixpkgs: offline host-tools "
                            "stand-in, toolchain: host rustc 1.95"));
    QCOMPARE(ReportWording::inputs(s.environment, QStringLiteral("deps-split")),
             QStringLiteral("offline model, no flake inputs"));
    QCOMPARE(ReportWording::inputs(s.environment, QStringLiteral("naersk")), QStringLiteral("none"));
    const SessionSummary summary(s);
    const QString md = QString::fromUtf8(MarkdownReport::write(summary));
    QVERIFY2(md.contains(QStringLiteral("crane: built offline: crane v0.21.3 (local, 2b3a5a8), nixpkgs: "
                                        "offline host-tools stand-in, toolchain: host rustc 1.95; "
                                        "deps-split: offline model, no flake inputs")),
             qPrintable(md));
    const auto j = nlohmann::json::parse(JsonReport::write(summary).toStdString());
    const auto &used = j["environment"]["inputs_used"]["crane"];
    QCOMPARE(used.size(), std::size_t{3});
    QCOMPARE(used[1]["origin"].get<std::string>(), std::string("stand-in"));
    s.environment.inputsUsed.clear();
    const auto plain = nlohmann::json::parse(JsonReport::write(SessionSummary(s)).toStdString());
    QVERIFY(!plain["environment"].contains("inputs_used"));
}

void TestLocalInputs::cliImportAndList()
{
    QTemporaryDir dir;
    const QString home = dir.filePath(QStringLiteral("home"));
    const QString crane = copyShared(QStringLiteral("crane-v0.21.3.tar.gz"), dir);
    const QString readme = dir.filePath(QStringLiteral("README.md"));
    QVERIFY(writeFile(readme, "# inputs\n"));
    // As a shell glob gives them: the README is passed over, the tarball imported.
    auto o = cli(
        {QStringLiteral("inputs"), QStringLiteral("import"), QStringLiteral("--no-assemble"), crane, readme},
        home);
    QVERIFY2(o.exitCode == 0, qPrintable(o.out + o.err));
    QVERIFY2(o.out.contains(QStringLiteral("imported crane v0.21.3 (local, 2b3a5a8)")), qPrintable(o.out));
    QVERIFY2(o.out.contains(QStringLiteral("skipped ") + readme), qPrintable(o.out));
    QVERIFY(o.out.contains(QStringLiteral("stand-ins not assembled (--no-assemble)")));

    o = cli({QStringLiteral("inputs"), QStringLiteral("list")}, home);
    QCOMPARE(o.exitCode, 0);
    QVERIFY2(o.out.contains(QStringLiteral("crane v0.21.3 (local, 2b3a5a8)  github:ipetkov/crane")),
             qPrintable(o.out));
    QVERIFY(o.out.contains(QStringLiteral("revision 2b3a5a88d852575758e1eb6ac9ee677fcd633fc1, sha256 ") +
                           sha256Of(crane)));
    QVERIFY(o.out.contains(QStringLiteral("no stand-ins assembled")));

    o = cli({QStringLiteral("inputs"), QStringLiteral("list"), QStringLiteral("--json")}, home);
    QCOMPARE(o.exitCode, 0);
    const auto j = nlohmann::json::parse(o.out.toStdString(), nullptr, false);
    QVERIFY2(!j.is_discarded(), qPrintable(o.out));
    QCOMPARE(j["inputs"].size(), std::size_t{1});
    QCOMPARE(j["inputs"][0]["revision"].get<std::string>(),
             std::string("2b3a5a88d852575758e1eb6ac9ee677fcd633fc1"));
    QCOMPARE(j["inputs"][0]["sha256"].get<std::string>(), sha256Of(crane).toStdString());
    QCOMPARE(j["inputs"][0]["ref"].get<std::string>(), std::string("v0.21.3"));
    QVERIFY(j["standins"].empty());

    // Without --no-assemble and no script where the variants are: imported, and says so clearly.
    QTemporaryDir variants;
    ScopedEnv noScript("FLAKEOFF_VARIANTS", variants.path().toUtf8());
    o = cli({QStringLiteral("inputs"), QStringLiteral("import"), crane}, home);
    QCOMPARE(o.exitCode, 1);
    QVERIFY2(o.err.contains(
                 QStringLiteral(
                     "1 inputs imported, but assemble.sh not found (looked for %1/standins/assemble.sh)")
                     .arg(variants.path())),
             qPrintable(o.err));
}

void TestLocalInputs::cliRefuses_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("error");
    QTest::newRow("no action") << QStringList{QStringLiteral("inputs")} << 2
                               << QStringLiteral("usage: flakeoff-cli inputs");
    QTest::newRow("unknown action") << QStringList{QStringLiteral("inputs"), QStringLiteral("pull")} << 2
                                    << QStringLiteral("unknown action 'pull'");
    QTest::newRow("import nothing") << QStringList{QStringLiteral("inputs"), QStringLiteral("import")} << 2
                                    << QStringLiteral("name at least one tarball");
    QTest::newRow("import a missing file") << QStringList{QStringLiteral("inputs"), QStringLiteral("import"),
                                                          QStringLiteral("/nonexistent/crane.tar.gz")}
                                           << 1 << QStringLiteral("/nonexistent/crane.tar.gz does not exist");
    QTest::newRow("import only a README") << QStringList{QStringLiteral("inputs"), QStringLiteral("import"),
                                                         kSharedInputs + QStringLiteral("/README.md")}
                                          << 1 << QStringLiteral("nothing imported");
    QTest::newRow("list with an unknown option")
        << QStringList{QStringLiteral("inputs"), QStringLiteral("list"), QStringLiteral("--yaml")} << 2
        << QStringLiteral("list: Unknown option 'yaml'");
    QTest::newRow("fetch without a strategy")
        << QStringList{QStringLiteral("inputs"), QStringLiteral("fetch")} << 2
        << QStringLiteral("--strategy ID is required");
    QTest::newRow("fetch an unknown strategy")
        << QStringList{QStringLiteral("inputs"), QStringLiteral("fetch"), QStringLiteral("--strategy"),
                       QStringLiteral("nope")}
        << 2 << QStringLiteral("no strategy nope (known: ");
    QTest::newRow("fetch a model") << QStringList{QStringLiteral("inputs"), QStringLiteral("fetch"),
                                                  QStringLiteral("--strategy"), QStringLiteral("deps-split")}
                                   << 1
                                   << QStringLiteral("has no flake inputs to fetch (an offline layout model");
}

void TestLocalInputs::cliRefuses()
{
    QFETCH(QStringList, args);
    QTemporaryDir home;
    const auto o = cli(args, home.path());
    QTEST(o.exitCode, "exitCode");
    QFETCH(QString, error);
    QVERIFY2(o.err.contains(error), qPrintable(o.err));
    QVERIFY(QDir(home.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).size() <=
            1); // at most the empty inputs/
}

void TestLocalInputs::cliFetchWithoutNetwork()
{
    if (StrategyAvailability::networkReachable())
        QSKIP("a network is reachable here: fetch would download (tests never use the network)");
    QTemporaryDir home;
    const auto o = cli({QStringLiteral("inputs"), QStringLiteral("fetch"), QStringLiteral("--strategy"),
                        QStringLiteral("crane")},
                       home.path());
    QCOMPARE(o.exitCode, 1);
    QVERIFY2(o.err.startsWith(
                 QStringLiteral("flakeoff-cli inputs fetch: no network: Nix downloads crane's flake inputs")),
             qPrintable(o.err));
    QVERIFY(o.err.contains(QStringLiteral("flakeoff-cli inputs import PATH")));
}

void TestLocalInputs::runAndPredictFailWhenNothingRuns()
{
    QTemporaryDir dir;
    auto o = cli({QStringLiteral("run"), QStringLiteral("--strategies"), QStringLiteral("no-such-strategy"),
                  QStringLiteral("--scenario"), QStringLiteral("quick"), QStringLiteral("--out"),
                  dir.filePath(QStringLiteral("s.json"))},
                 dir.path());
    QCOMPARE(o.exitCode, 1);
    QVERIFY2(o.err.contains(QStringLiteral("flakeoff-cli run: no strategy could run here")),
             qPrintable(o.err));
    QVERIFY(o.out.contains(QStringLiteral("skipped no-such-strategy: no strategy with this id")));
    o = cli({QStringLiteral("predict"), QStringLiteral("--strategies"), QStringLiteral("no-such-strategy"),
             QStringLiteral("--scenario"), QStringLiteral("quick")},
            dir.path());
    QCOMPARE(o.exitCode, 1);
    QVERIFY2(o.err.contains(QStringLiteral("flakeoff-cli predict: no strategy could be predicted here")),
             qPrintable(o.err));
}

QTEST_GUILESS_MAIN(TestLocalInputs)
#include "tst_localinputs.moc"
