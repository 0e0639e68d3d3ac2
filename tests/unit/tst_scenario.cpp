// SPDX-License-Identifier: MIT
// Scenarios (built-in and from JSON) and the edits they make to a scratch copy.
#include "scenario/ScratchWorkspace.h"
#include "scenario/WorkspaceEditor.h"
#include "session/Scenario.h"
#include "strategy/CargoInvoker.h"
#include "strategy/CargoMetadata.h"
#include "strategy/StrategyCatalog.h"
#include "strategy/WorkspaceInfo.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace flakeoff;

namespace {
QString readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}
} // namespace

class TestScenario : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void builtins();
    void jsonRoundTrip();
    void badScenario_data();
    void badScenario();
    void rustEdit();
    void dependencyFeature_data();
    void dependencyFeature();
    void nixAnchor_data();
    void nixAnchor();
    void editsTheSampleCopy();
};

void TestScenario::builtins()
{
    const Scenario s = Scenario::standard();
    QStringList ids;
    for (const auto &st : s.steps)
        ids << st.id;
    QCOMPARE(ids, (QStringList{QStringLiteral("cold"), QStringLiteral("noop"), QStringLiteral("edit-leaf"),
                               QStringLiteral("edit-shared"), QStringLiteral("bump-dependency"),
                               QStringLiteral("edit-nix"), QStringLiteral("touch-docs")}));
    QCOMPARE(Scenario::builtin(QStringLiteral("quick"))->steps.size(), std::size_t{3});
    QVERIFY(!Scenario::builtin(QStringLiteral("nope")));
}

void TestScenario::jsonRoundTrip()
{
    const Scenario s = Scenario::standard();
    QString error;
    const auto back = Scenario::fromJson(nlohmann::json::parse(s.toJson().dump()), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(QString::fromStdString(back->toJson().dump()), QString::fromStdString(s.toJson().dump()));
    QCOMPARE(back->step(QStringLiteral("bump-dependency"))->feature, QStringLiteral("fs"));
}

void TestScenario::badScenario_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("no schema") << QByteArray(R"({"name":"x","steps":[{"kind":"noop"}]})")
                               << QStringLiteral("schema");
    QTest::newRow("no steps") << QByteArray(R"({"schema":1,"name":"x","steps":[]})")
                              << QStringLiteral("has no \"steps\"");
    QTest::newRow("unknown kind") << QByteArray(R"({"schema":1,"name":"x","steps":[{"kind":"explode"}]})")
                                  << QStringLiteral("step 1: unknown kind \"explode\"");
    QTest::newRow("duplicate id")
        << QByteArray(R"({"schema":1,"name":"x","steps":[{"kind":"noop"},{"kind":"noop"}]})")
        << QStringLiteral("step 2: the id \"noop\" is used twice");
    QTest::newRow("bump without feature")
        << QByteArray(
               R"({"schema":1,"name":"x","steps":[{"kind":"bump-dependency","manifest":"Cargo.toml","dependency":"serde"}]})")
        << QStringLiteral("needs \"manifest\", \"dependency\" and \"feature\"");
    QTest::newRow("path escapes")
        << QByteArray(
               R"({"schema":1,"name":"x","steps":[{"kind":"edit-file","file":"../etc/passwd","append":"x"}]})")
        << QStringLiteral("paths must stay inside the workspace");
}

void TestScenario::badScenario()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    QString message;
    QVERIFY(!Scenario::fromJson(nlohmann::json::parse(json.toStdString()), &message));
    QVERIFY2(message.contains(error), qPrintable(message));
}

void TestScenario::rustEdit()
{
    const QString edited =
        WorkspaceEditor::appendRustEdit(QStringLiteral("fn main() {}"), QStringLiteral("edit-leaf"), 42);
    QVERIFY(edited.startsWith(QStringLiteral("fn main() {}\n")));
    QVERIFY(edited.contains(QStringLiteral("// flakeoff edit-leaf")));
    QVERIFY(edited.contains(QStringLiteral("const FLAKEOFF_EDIT_42: u64 = 42;")));
    // Two edits of one file stay valid Rust: the constants have different names.
    const QString twice = WorkspaceEditor::appendRustEdit(edited, QStringLiteral("edit-leaf"), 43);
    QVERIFY(twice.contains(QStringLiteral("FLAKEOFF_EDIT_42")) &&
            twice.contains(QStringLiteral("FLAKEOFF_EDIT_43")));
}

void TestScenario::dependencyFeature_data()
{
    QTest::addColumn<QString>("manifest");
    QTest::addColumn<QString>("expected"); // empty: must fail
    QTest::newRow("inline with features")
        << QStringLiteral("[dependencies]\ntokio = { version = \"1\", features = [\"rt\", \"macros\"] }\n")
        << QStringLiteral(
               "[dependencies]\ntokio = { version = \"1\", features = [\"rt\", \"macros\", \"fs\"] }\n");
    QTest::newRow("inline without features")
        << QStringLiteral("[dependencies]\ntokio = { version = \"1\" }\n")
        << QStringLiteral("[dependencies]\ntokio = { version = \"1\", features = [\"fs\"] }\n");
    QTest::newRow("plain version")
        << QStringLiteral("[dependencies]\ntokio = \"1.24\"\n")
        << QStringLiteral("[dependencies]\ntokio = { version = \"1.24\", features = [\"fs\"] }\n");
    QTest::newRow("table")
        << QStringLiteral("[dependencies.tokio]\nversion = \"1\"\nfeatures = [\"rt\"]\n\n[features]\n")
        << QStringLiteral(
               "[dependencies.tokio]\nversion = \"1\"\nfeatures = [\"rt\", \"fs\"]\n\n[features]\n");
    QTest::newRow("other crate untouched")
        << QStringLiteral("[dependencies]\ntokio-util = \"0.7\"\ntokio = \"1\"\n")
        << QStringLiteral(
               "[dependencies]\ntokio-util = \"0.7\"\ntokio = { version = \"1\", features = [\"fs\"] }\n");
    QTest::newRow("inherited from the workspace")
        << QStringLiteral("[dependencies]\ncats.workspace = true\ntokio.workspace = true\n")
        << QStringLiteral(
               "[dependencies]\ncats.workspace = true\ntokio = { workspace = true, features = [\"fs\"] }\n");
    QTest::newRow("missing") << QStringLiteral("[dependencies]\nserde = \"1\"\n") << QString();
    QTest::newRow("already there")
        << QStringLiteral("[dependencies]\ntokio = { version = \"1\", features = [\"fs\"] }\n") << QString();
}

void TestScenario::dependencyFeature()
{
    QFETCH(QString, manifest);
    QFETCH(QString, expected);
    QString error;
    const bool ok = WorkspaceEditor::addDependencyFeature(manifest, QStringLiteral("tokio"),
                                                          QStringLiteral("fs"), &error);
    QCOMPARE(ok, !expected.isEmpty());
    if (ok)
        QCOMPARE(manifest, expected);
    else
        QVERIFY(!error.isEmpty());
}

void TestScenario::nixAnchor_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    const QString regex = QStringLiteral("FLAKEOFF_EDIT = \"([0-9]+)\";");
    QTest::newRow("anchor") << QStringLiteral("{\n  # flakeoff:edit-nix\n  FLAKEOFF_EDIT = \"0\";\n}")
                            << QStringLiteral("{\n  # flakeoff:edit-nix\n  FLAKEOFF_EDIT = \"7\";\n}");
    QTest::newRow("no anchor") << QStringLiteral("{ FLAKEOFF_EDIT = \"0\"; }") << QString();
    QTest::newRow("two anchors")
        << QStringLiteral(
               "# flakeoff:edit-nix\nFLAKEOFF_EDIT = \"0\";\n# flakeoff:edit-nix\nFLAKEOFF_EDIT = \"0\";")
        << QString();
    QTest::newRow("no match after anchor")
        << QStringLiteral("# flakeoff:edit-nix\nsomething else;\n") << QString();
}

void TestScenario::nixAnchor()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QString error;
    const bool ok =
        WorkspaceEditor::editNixAnchor(text, QStringLiteral("# flakeoff:edit-nix"),
                                       QStringLiteral("FLAKEOFF_EDIT = \"([0-9]+)\";"), 7, &error);
    QCOMPARE(ok, !expected.isEmpty());
    if (ok)
        QCOMPARE(text, expected);
    else
        QVERIFY(!error.isEmpty());
}

void TestScenario::editsTheSampleCopy()
{
    const QString cargo = CargoInvoker::findCargo();
    if (cargo.isEmpty())
        QSKIP("cargo not installed");
    QTemporaryDir parent;
    QString error;
    auto scratch = ScratchWorkspace::create(QStringLiteral(FLAKEOFF_SOURCE_DIR "/variants/sample"), &error,
                                            parent.path());
    QVERIFY2(scratch.isValid(), qPrintable(error));
    QProcess p;
    p.setWorkingDirectory(scratch.path());
    p.start(cargo, {QStringLiteral("metadata"), QStringLiteral("--format-version"), QStringLiteral("1"),
                    QStringLiteral("--no-deps"), QStringLiteral("--offline")});
    QVERIFY(p.waitForFinished(60000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    const auto metadata = CargoMetadata::parse(p.readAllStandardOutput(), error);
    QVERIFY2(metadata, qPrintable(error));
    const auto info = WorkspaceInfo::fromMetadata(*metadata, &error);
    QVERIFY2(info, qPrintable(error));
    QCOMPARE(info->nativeTargets(), QStringList{QStringLiteral("app")});
    QCOMPARE(info->wasmTargets(), QStringList{QStringLiteral("wasm")});
    // The projects of the separate layout that get a lock of their own: not cats, a library.
    QCOMPARE(info->targetDirs(), (QStringList{QStringLiteral("app"), QStringLiteral("wasm")}));
    QCOMPARE(info->leaf()->name, QStringLiteral("app"));
    QCOMPARE(info->shared()->name, QStringLiteral("cats"));
    for (const auto &member : info->members) // `version.workspace = true`, resolved by cargo
        QCOMPARE(member.version, QStringLiteral("0.1.0"));

    const auto catalog = StrategyCatalog::load();
    const WorkspaceEditor editor(scratch.path(), *info);
    const Scenario s = Scenario::standard();
    for (const auto &step : s.steps) {
        const Strategy *strategy = catalog.find(QStringLiteral("crane"));
        if (step.kind == ScenarioStep::Kind::EditNix)
            QVERIFY(scratch.installStrategyFiles(*strategy, QStringLiteral("workspace"), &error));
        const auto r = editor.apply(step, 1234, strategy);
        QVERIFY2(r.ok, qPrintable(step.id + QStringLiteral(": ") + r.error));
    }
    QVERIFY(readAll(scratch.path() + QStringLiteral("/app/src/main.rs"))
                .contains(QStringLiteral("FLAKEOFF_EDIT_1234")));
    QVERIFY(readAll(scratch.path() + QStringLiteral("/cats/src/lib.rs"))
                .contains(QStringLiteral("FLAKEOFF_EDIT_1234")));
    QVERIFY(readAll(scratch.path() + QStringLiteral("/Cargo.toml"))
                .contains(QStringLiteral("\"rt-multi-thread\", \"fs\"")));
    QVERIFY(readAll(scratch.path() + QStringLiteral("/default.nix"))
                .contains(QStringLiteral("FLAKEOFF_EDIT = \"1234\"")));
    QVERIFY(readAll(scratch.path() + QStringLiteral("/README.md"))
                .contains(QStringLiteral("flakeoff touch-docs 1234")));
    // The user's sample is untouched.
    QVERIFY(!readAll(QStringLiteral(FLAKEOFF_SOURCE_DIR "/variants/sample/app/src/main.rs"))
                 .contains(QStringLiteral("FLAKEOFF_EDIT")));
}

QTEST_GUILESS_MAIN(TestScenario)
#include "tst_scenario.moc"
