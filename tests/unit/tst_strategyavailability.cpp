// SPDX-License-Identifier: MIT
// What the app shows before a run: this machine's Nix, network and cargo, and per strategy whether
// it can run here — the runner's own verdict, plus version floors — in one line.
#include "common/ScopedEnv.h"
#include "nix/NixEnvironment.h"
#include "strategy/StrategyAvailability.h"

#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>

#include <QTest>
#include <nlohmann/json.hpp>

using namespace flakeoff;

namespace {
Strategy needingNix(const QString &min)
{
    Strategy s;
    s.id = QStringLiteral("fake");
    s.name = QStringLiteral("fake");
    StrategyNeed need;
    need.id = QStringLiteral("nix");
    need.min = min;
    s.needs.push_back(need);
    StrategyLayout workspace; // the layout a run takes by default: the floor alone decides
    workspace.id = QStringLiteral("workspace");
    s.layouts.push_back(workspace);
    return s;
}
} // namespace

class TestStrategyAvailability : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesNixVersion_data();
    void parsesNixVersion();
    void comparesVersions_data();
    void comparesVersions();
    void summaryInOneLine_data();
    void summaryInOneLine();
    void verdictsAreTheRunners();
    void verdictInALayout_data();
    void verdictInALayout();
    void versionFloor_data();
    void versionFloor();
    void noNixSaysWhatToRun();
    void cliSharesTheVerdicts();
};

void TestStrategyAvailability::parsesNixVersion_data()
{
    QTest::addColumn<QString>("output");
    QTest::addColumn<QString>("version");
    QTest::newRow("debian nix 2.8") << "nix (Nix) 2.8.0\n"
                                    << "2.8.0";
    QTest::newRow("two-digit minor") << "nix (Nix) 2.28.3"
                                     << "2.28.3";
    QTest::newRow("pre-release suffix") << "nix (Nix) 2.18.1pre20231101_dirty"
                                        << "2.18.1";
    QTest::newRow("lix") << "nix (Lix, like Nix) 2.90.0"
                         << "2.90.0";
    QTest::newRow("no version") << "command not found"
                                << "";
    QTest::newRow("empty") << ""
                           << "";
}

void TestStrategyAvailability::parsesNixVersion()
{
    QFETCH(QString, output);
    QFETCH(QString, version);
    QCOMPARE(StrategyAvailability::parseNixVersion(output), version);
}

void TestStrategyAvailability::comparesVersions_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<int>("order");
    QTest::newRow("numeric, not text") << "2.8.0"
                                       << "2.28.3" << -1;
    QTest::newRow("equal") << "2.28.3"
                           << "2.28.3" << 0;
    QTest::newRow("missing parts are 0") << "2.28"
                                         << "2.28.0" << 0;
    QTest::newRow("newer major") << "3.0"
                                 << "2.99.99" << 1;
    QTest::newRow("patch") << "2.28.4"
                           << "2.28.3" << 1;
}

void TestStrategyAvailability::comparesVersions()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(int, order);
    QCOMPARE(StrategyAvailability::compareVersions(a, b), order);
    QCOMPARE(StrategyAvailability::compareVersions(b, a), -order);
}

void TestStrategyAvailability::summaryInOneLine_data()
{
    QTest::addColumn<QString>("nixPath");
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("problem");
    QTest::addColumn<bool>("network");
    QTest::addColumn<QString>("cargo");
    QTest::addColumn<QString>("summary");
    QTest::addColumn<QString>("store"); // nix store ping's URL; empty: not asked
    QTest::newRow("offline machine") << "/usr/bin/nix"
                                     << "2.8.0"
                                     << "" << false << "/usr/bin/cargo"
                                     << "nix 2.8.0 (/usr/bin/nix) · no network · cargo found" << QString();
    QTest::newRow("no nix") << ""
                            << ""
                            << "nix not found on PATH" << true << ""
                            << "nix not found · network reachable · no cargo" << QString();
    QTest::newRow("not configured")
        << "/usr/bin/nix"
        << ""
        << "configuration missing" << false << "/c"
        << "nix of unknown version (/usr/bin/nix) · not configured · no network · cargo found" << QString();
    // The default /nix/store, directly or through the system's daemon, is not named; another is.
    QTest::newRow("the system's daemon")
        << "/usr/bin/nix"
        << "2.8.0"
        << "" << false << "/usr/bin/cargo"
        << "nix 2.8.0 (/usr/bin/nix) · no network · cargo found" << QStringLiteral("daemon");
    QTest::newRow("another daemon's store")
        << "/opt/n/bin/nix"
        << "2.26.3"
        << "" << false << "/usr/bin/cargo"
        << "nix 2.26.3 (/opt/n/bin/nix) · store unix:///opt/n/socket · no network · cargo found"
        << QStringLiteral("unix:///opt/n/socket");
}

void TestStrategyAvailability::summaryInOneLine()
{
    MachineCapabilities m;
    QFETCH(QString, nixPath);
    QFETCH(QString, version);
    QFETCH(QString, problem);
    QFETCH(bool, network);
    QFETCH(QString, cargo);
    QFETCH(QString, summary);
    QFETCH(QString, store);
    m.nixStore = store;
    m.nixPath = nixPath;
    m.nixVersion = version;
    m.nixProblem = problem;
    m.networkReachable = network;
    m.cargoPath = cargo;
    QCOMPARE(m.summary(), summary);
    QVERIFY(!m.summary().contains(QLatin1Char('\n')));
}

void TestStrategyAvailability::verdictsAreTheRunners()
{
    const auto catalog = StrategyCatalog::load();
    QVERIFY(catalog.errors().isEmpty());
    const MachineCapabilities machine = StrategyAvailability::probeMachine();
    QCOMPARE(machine.nixPath.isEmpty(), NixEnvironment::findProgram(QStringLiteral("nix")).isEmpty());
    if (!machine.nixPath.isEmpty())
        QVERIFY2(!machine.nixVersion.isEmpty(), "nix --version gave no version");
    QCOMPARE(machine.networkReachable, StrategyAvailability::networkReachable());

    const auto statuses = StrategyAvailability::checkAll(catalog, machine);
    QCOMPARE(statuses.size(), catalog.strategies().size());
    for (std::size_t i = 0; i < statuses.size(); ++i) {
        const Strategy &s = catalog.strategies()[i];
        const auto &v = statuses[i];
        QCOMPARE(v.id, s.id);
        QCOMPARE(v.available, v.reason.isEmpty());
        QVERIFY2(!v.reason.contains(QLatin1Char('\n')), qPrintable(v.reason)); // one line
        const QString runner = StrategyAvailability::unavailableReason(s);
        // The runner skips exactly what is shown as unavailable (a version floor may add to it).
        if (!runner.isEmpty())
            QCOMPARE(v.reason, runner);
        // Without a network a strategy says why it cannot run: the network it needs, or, when its
        // manifest can build offline, the local inputs it lacks and the command that imports them.
        if (s.needsNetwork() && !machine.networkReachable && !s.buildsOffline())
            QVERIFY2(v.reason.contains(QStringLiteral("network")), qPrintable(v.reason));
        if (s.needsNetwork() && !machine.networkReachable && s.buildsOffline() && !v.available)
            QVERIFY2(v.reason.contains(QStringLiteral("flakeoff-cli inputs import")), qPrintable(v.reason));
        if (v.available)
            QCOMPARE(v.note.isEmpty(), false);
    }
}

void TestStrategyAvailability::verdictInALayout_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("layout");
    QTest::addColumn<bool>("hasLayout");
    QTest::newRow("model, workspace") << "monolithic"
                                      << "workspace" << true;
    QTest::newRow("model, separate") << "monolithic"
                                     << "separate" << false;
    QTest::newRow("per-crate model, separate") << "per-crate"
                                               << "separate" << false;
    QTest::newRow("tool, separate") << "crane"
                                    << "separate" << true;
    QTest::newRow("tool, workspace") << "cargo2nix"
                                     << "workspace" << true;
    QTest::newRow("tool, a layout nobody has") << "naersk"
                                               << "flat" << false;
}

// The app's verdict for a layout is the runner's skip rule: a strategy without the layout says so
// (and nothing else), one with it gets this machine's verdict, the same in every layout.
void TestStrategyAvailability::verdictInALayout()
{
    QFETCH(QString, strategy);
    QFETCH(QString, layout);
    QFETCH(bool, hasLayout);
    const auto catalog = StrategyCatalog::load();
    const Strategy *s = catalog.find(strategy);
    QVERIFY(s);
    MachineCapabilities machine;
    machine.nixVersion = QStringLiteral("2.8.0");
    const auto v = StrategyAvailability::check(*s, machine, layout);
    const QString runner = StrategyAvailability::skipReason(*s, layout, false, false);
    // checkAll gives every strategy the same verdict for that layout.
    const auto all = StrategyAvailability::checkAll(catalog, machine, layout);
    const auto row = std::find_if(all.begin(), all.end(), [&](const auto &a) { return a.id == strategy; });
    QVERIFY(row != all.end());
    QCOMPARE(row->reason, v.reason);
    if (!hasLayout) {
        QVERIFY(!v.available);
        QCOMPARE(v.reason, s->layoutMissing(layout));
        QCOMPARE(v.reason, runner);
        QVERIFY2(v.reason.startsWith(QStringLiteral("has no %1 layout").arg(layout)), qPrintable(v.reason));
        QVERIFY(v.note.isEmpty());
        return;
    }
    QVERIFY(s->layoutMissing(layout).isEmpty());
    const auto workspace = StrategyAvailability::check(*s, machine);
    QCOMPARE(v.available, workspace.available);
    QCOMPARE(v.reason, workspace.reason);
    if (!runner.isEmpty())
        QCOMPARE(v.reason, runner);
}

void TestStrategyAvailability::versionFloor_data()
{
    QTest::addColumn<QString>("machineVersion");
    QTest::addColumn<QString>("min");
    QTest::addColumn<bool>("available");
    QTest::newRow("too old") << "2.8.0"
                             << "2.28.3" << false;
    QTest::newRow("new enough") << "2.30.1"
                                << "2.28.3" << true;
    QTest::newRow("exactly") << "2.28.3"
                             << "2.28.3" << true;
    QTest::newRow("unknown version: not refused") << ""
                                                  << "2.28.3" << true;
}

void TestStrategyAvailability::versionFloor()
{
    const QString problem = NixEnvironment::problem();
    if (!problem.isEmpty())
        QSKIP(qPrintable(problem)); // the runner's own verdict (no nix) comes first
    QFETCH(QString, machineVersion);
    QFETCH(QString, min);
    QFETCH(bool, available);
    MachineCapabilities machine;
    machine.nixVersion = machineVersion;
    const auto v = StrategyAvailability::check(needingNix(min), machine);
    QCOMPARE(v.available, available);
    if (!available)
        QCOMPARE(v.reason, QStringLiteral("needs nix ≥ %1 (this machine has %2)").arg(min, machineVersion));
}

void TestStrategyAvailability::noNixSaysWhatToRun()
{
    QTemporaryDir empty;
    const ScopedEnv path("PATH", QFile::encodeName(empty.path()));
    const MachineCapabilities machine = StrategyAvailability::probeMachine();
    QVERIFY(machine.nixPath.isEmpty());
    QVERIFY(machine.summary().startsWith(QStringLiteral("nix not found")));
    const auto catalog = StrategyCatalog::load();
    const Strategy *model = catalog.find(QStringLiteral("monolithic"));
    QVERIFY(model);
    const auto v = StrategyAvailability::check(*model, machine);
    QVERIFY(!v.available);
    QVERIFY2(v.reason.contains(QStringLiteral("nix not found")) &&
                 v.reason.contains(QStringLiteral("scripts/setup.sh")),
             qPrintable(v.reason));
}

void TestStrategyAvailability::cliSharesTheVerdicts()
{
    // `flakeoff-cli strategies --json` says what the app shows: one verdict per strategy.
    QProcess cli;
    cli.start(QStringLiteral(FLAKEOFF_CLI_PATH), {QStringLiteral("strategies"), QStringLiteral("--json")});
    QVERIFY(cli.waitForFinished(30000));
    QCOMPARE(cli.exitCode(), 0);
    const auto j = nlohmann::json::parse(cli.readAllStandardOutput().toStdString(), nullptr, false);
    QVERIFY(!j.is_discarded());
    const auto catalog = StrategyCatalog::load();
    const auto expected = StrategyAvailability::checkAll(catalog, StrategyAvailability::probeMachine());
    QVERIFY(j.contains("strategies") && j["strategies"].is_array());
    QCOMPARE(j["strategies"].size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const auto &row = j["strategies"][i];
        QCOMPARE(QString::fromStdString(row.value("id", "")), expected[i].id);
        QCOMPARE(row.value("available", !expected[i].available), expected[i].available);
        QCOMPARE(QString::fromStdString(row.value("reason", "")), expected[i].reason);
    }
    QCOMPARE(j["machine"].value("network", true), StrategyAvailability::networkReachable());

    cli.start(QStringLiteral(FLAKEOFF_CLI_PATH), {QStringLiteral("strategies")});
    QVERIFY(cli.waitForFinished(30000));
    QCOMPARE(cli.exitCode(), 0);
    const QString text = QString::fromUtf8(cli.readAllStandardOutput());
    QVERIFY2(text.startsWith(QStringLiteral("this machine: ")), qPrintable(text));
    QCOMPARE(text.count(QLatin1Char('\n')),
             static_cast<qsizetype>(expected.size()) + 1 + (text.contains(QStringLiteral("\n  ")) ? 1 : 0));

    cli.start(QStringLiteral(FLAKEOFF_CLI_PATH),
              {QStringLiteral("strategies"), QStringLiteral("--no-such-option")});
    QVERIFY(cli.waitForFinished(30000));
    QCOMPARE(cli.exitCode(), 2);
}

QTEST_GUILESS_MAIN(TestStrategyAvailability)
#include "tst_strategyavailability.moc"
