// SPDX-License-Identifier: MIT
// Scratch copies: the user's workspace is only read, build outputs are left out, strategy files
// land where the manifest says, and the copy is gone afterwards unless kept.
#include "scenario/ScratchWorkspace.h"
#include "strategy/StrategyCatalog.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace flakeoff;

namespace {
// A digest of every path, mode and byte under a folder: equal digests = byte-identical trees.
QByteArray treeDigest(const QString &root)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot | QDir::System,
                    QDirIterator::Subdirectories);
    QStringList paths;
    while (it.hasNext())
        paths << it.next();
    paths.sort();
    for (const QString &p : paths) {
        const QFileInfo fi(p);
        h.addData(p.toUtf8());
        h.addData(QByteArray::number(static_cast<int>(fi.permissions())));
        if (fi.isFile() && !fi.isSymLink()) {
            QFile f(p);
            if (f.open(QIODevice::ReadOnly))
                h.addData(f.readAll());
        }
    }
    return h.result();
}

void write(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(bytes);
}
} // namespace

class TestScratchWorkspace : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void copiesWithoutOutputs();
    void installsStrategyFilesAndTracksThem();
    void notAFolder();
    void keepLeavesTheCopy();
};

void TestScratchWorkspace::copiesWithoutOutputs()
{
    QTemporaryDir user;
    QTemporaryDir parent;
    write(user.filePath(QStringLiteral("Cargo.toml")), "[workspace]\nmembers = [\"app\"]\n");
    write(user.filePath(QStringLiteral("app/src/main.rs")), "fn main() {}\n");
    write(user.filePath(QStringLiteral("target/debug/app")), "binary");
    write(user.filePath(QStringLiteral(".git/HEAD")), "ref: refs/heads/main\n");
    write(user.filePath(QStringLiteral(".hidden-config")), "kept\n");
    QFile::link(QStringLiteral("/nix/store/x-app"), user.filePath(QStringLiteral("result")));
    const QByteArray before = treeDigest(user.path());

    QString error;
    QString path;
    {
        auto scratch = ScratchWorkspace::create(user.path(), &error, parent.path());
        QVERIFY2(scratch.isValid(), qPrintable(error));
        path = scratch.path();
        QVERIFY(path.startsWith(parent.path()));
        QVERIFY(QFile::exists(path + QStringLiteral("/app/src/main.rs")));
        QVERIFY(QFile::exists(path + QStringLiteral("/.hidden-config")));
        QVERIFY(!QFile::exists(path + QStringLiteral("/target")));
        QVERIFY(!QFile::exists(path + QStringLiteral("/.git")));
        QVERIFY(!QFileInfo(path + QStringLiteral("/result")).isSymLink());
        write(path + QStringLiteral("/app/src/main.rs"), "fn main() { println!(\"edited\"); }\n");
    }
    QVERIFY2(!QFile::exists(path), "the copy is removed when its owner goes");
    QCOMPARE(treeDigest(user.path()), before);
}

void TestScratchWorkspace::installsStrategyFilesAndTracksThem()
{
    if (QStandardPaths::findExecutable(QStringLiteral("git")).isEmpty())
        QSKIP("git not installed");
    const auto catalog = StrategyCatalog::load();
    const Strategy *crane = catalog.find(QStringLiteral("crane"));
    QVERIFY(crane);
    const QString sample = QStringLiteral(FLAKEOFF_SOURCE_DIR "/variants/sample");
    const QByteArray before = treeDigest(sample);
    QTemporaryDir parent;
    QString error;
    auto scratch = ScratchWorkspace::create(sample, &error, parent.path());
    QVERIFY2(scratch.isValid(), qPrintable(error));
    QVERIFY2(scratch.installStrategyFiles(*crane, QStringLiteral("workspace"), &error), qPrintable(error));
    for (const auto &f : crane->layout(QStringLiteral("workspace"))->files)
        QVERIFY2(QFile::exists(scratch.path() + QLatin1Char('/') + f.to), qPrintable(f.to));
    QVERIFY2(scratch.gitInitAndAddAll(&error), qPrintable(error));
    QProcess git;
    git.setWorkingDirectory(scratch.path());
    git.start(QStringLiteral("git"), {QStringLiteral("ls-files")});
    QVERIFY(git.waitForFinished());
    const QString tracked = QString::fromUtf8(git.readAllStandardOutput());
    QVERIFY2(tracked.contains(QStringLiteral("flake.nix")), qPrintable(tracked));
    QVERIFY(tracked.contains(QStringLiteral("flakeoff/crates.nix")));
    QVERIFY(!scratch.installStrategyFiles(*crane, QStringLiteral("no-such-layout"), &error));
    QVERIFY(error.contains(QStringLiteral("has no layout no-such-layout")));
    QCOMPARE(treeDigest(sample), before);
}

void TestScratchWorkspace::notAFolder()
{
    QString error;
    auto scratch = ScratchWorkspace::create(QStringLiteral("/nonexistent/workspace"), &error);
    QVERIFY(!scratch.isValid());
    QVERIFY(error.contains(QStringLiteral("is not a folder")));
}

void TestScratchWorkspace::keepLeavesTheCopy()
{
    QTemporaryDir user;
    QTemporaryDir parent;
    write(user.filePath(QStringLiteral("Cargo.toml")), "[package]\nname = \"x\"\n");
    QString error;
    QString path;
    {
        auto scratch = ScratchWorkspace::create(user.path(), &error, parent.path());
        QVERIFY(scratch.isValid());
        scratch.keep();
        path = scratch.path();
    }
    QVERIFY(QFile::exists(path + QStringLiteral("/Cargo.toml")));
}

QTEST_GUILESS_MAIN(TestScratchWorkspace)
#include "tst_scratchworkspace.moc"
