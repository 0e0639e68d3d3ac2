// SPDX-License-Identifier: MIT
// The Run view's item models, each under QAbstractItemModelTester while it changes the way the
// app changes it: strategies and their availability, scenario steps, the derivations of a build
// fed snapshot by snapshot from a real log, and the builds a run finished.
#include "RunHistoryModel.h"
#include "RunningBuildsModel.h"
#include "ScenarioStepModel.h"
#include "StrategyListModel.h"
#include "log/LogStream.h"
#include "session/SessionStore.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace flakeoff;
using namespace flakeoff::app;

namespace {
// Snapshots of a real saved log, one every `step` lines, as a live run would publish them.
std::vector<std::shared_ptr<const BuildReport>> snapshotsOf(const QString &path, int step)
{
    QFile file(path);
    std::vector<std::shared_ptr<const BuildReport>> out;
    if (!file.open(QIODevice::ReadOnly))
        return out;
    LogStream stream(LogStream::Timing::Saved);
    int n = 0;
    for (const QByteArray &line : file.readAll().split('\n')) {
        stream.feed(std::string_view(line.constData(), static_cast<std::size_t>(line.size())));
        stream.feed("\n");
        if (++n % step == 0)
            out.push_back(std::make_shared<const BuildReport>(stream.snapshot()));
    }
    stream.finish();
    out.push_back(std::make_shared<const BuildReport>(stream.takeReport()));
    return out;
}

QString fixture(const char *name)
{
    return QFINDTESTDATA(QStringLiteral("../data/gui/") + QLatin1String(name));
}
} // namespace

class TestRunModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void strategiesWithAvailability();
    void strategiesFollowTheLayout();
    void shortReasons_data();
    void shortReasons();
    void scenarioSteps();
    void buildsFollowSnapshots_data();
    void buildsFollowSnapshots();
    void buildsRunningTimeTicks();
    void buildsNewRunResets();
    void history();
};

void TestRunModels::strategiesWithAvailability()
{
    StrategyListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const auto catalog = StrategyCatalog::load();
    model.setCatalog(catalog);
    QCOMPARE(model.rowCount(), static_cast<int>(catalog.strategies().size()));
    QVERIFY(!model.availabilityKnown());
    QCOMPARE(model.index(0, StrategyListModel::AvailabilityColumn).data().toString(),
             QStringLiteral("checking…"));

    QSignalSpy checked(&model, &StrategyListModel::checkedChanged);
    model.setCheckedIds(catalog.ids());
    QCOMPARE(model.checkedIds(), catalog.ids());
    QCOMPARE(checked.count(), 1);

    // Every real flake unavailable (as offline), every model available.
    std::vector<StrategyAvailabilityStatus> statuses;
    for (const Strategy &s : catalog.strategies()) {
        StrategyAvailabilityStatus v;
        v.id = s.id;
        v.model = s.model;
        v.available = s.model;
        v.reason = s.model ? QString() : QStringLiteral("needs a network; none is reachable here");
        statuses.push_back(v);
    }
    model.setAvailability(statuses);
    QVERIFY(model.availabilityKnown());
    QCOMPARE(checked.count(), 2); // the unavailable ones were unchecked
    for (int row = 0; row < model.rowCount(); ++row) {
        const Strategy &s = catalog.strategies()[static_cast<std::size_t>(row)];
        const QModelIndex name = model.index(row, StrategyListModel::NameColumn);
        const QModelIndex availability = model.index(row, StrategyListModel::AvailabilityColumn);
        QCOMPARE(name.data(StrategyListModel::IdRole).toString(), s.id);
        QCOMPARE(name.data(Qt::DisplayRole).toString(), StrategyListModel::shortReason(s.displayName()));
        QVERIFY(
            name.data(Qt::ToolTipRole).toString().startsWith(s.displayName())); // the tools it models, whole
        QCOMPARE(name.data(Qt::CheckStateRole).toInt(), s.model ? Qt::Checked : Qt::Unchecked);
        QCOMPARE(bool(name.flags() & Qt::ItemIsUserCheckable), s.model);
        QCOMPARE(availability.data(StrategyListModel::AvailableRole).toBool(), s.model);
        if (!s.model) {
            QCOMPARE(availability.data().toString(),
                     QStringLiteral("needs a network; none is reachable here"));
            // An unavailable strategy cannot be chosen, by click or by code.
            QVERIFY(!model.setData(name, Qt::Checked, Qt::CheckStateRole));
            const QStringList before = model.checkedIds();
            model.setCheckedIds(before + QStringList{s.id});
            QCOMPARE(model.checkedIds(), before);
        } else {
            QVERIFY(availability.data().toString().startsWith(QStringLiteral("available")));
        }
    }
    model.setCheckedIds({QStringLiteral("per-crate")});
    QCOMPARE(model.checkedIds(), QStringList{QStringLiteral("per-crate")});
    QVERIFY(model.setData(model.index(model.rowCount() - 1, 0), Qt::Unchecked, Qt::CheckStateRole));
    QVERIFY(model.allTargets().contains(QStringLiteral("app")) &&
            model.allTargets().contains(QStringLiteral("wasm")));
    QVERIFY(!model.status(QStringLiteral("monolithic"))->reason.size());
}

// Strategies the layout chosen lacks read unchecked and cannot be chosen; the choice underneath
// stays, so the other layout's verdicts bring them back checked (the Run setup switches layouts
// this way). The verdicts are the real ones (StrategyAvailability::checkAll for each layout).
void TestRunModels::strategiesFollowTheLayout()
{
    StrategyListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const auto catalog = StrategyCatalog::load();
    model.setCatalog(catalog);
    const MachineCapabilities machine;
    const auto workspace = StrategyAvailability::checkAll(catalog, machine, QStringLiteral("workspace"));
    const auto separate = StrategyAvailability::checkAll(catalog, machine, QStringLiteral("separate"));
    model.setAvailability(workspace);
    model.setCheckedIds(catalog.ids());
    const QStringList chosen = model.checkedIds(); // those that can run here
    if (!chosen.contains(QStringLiteral("monolithic")))
        QSKIP(qPrintable(QStringLiteral("the models cannot run here: ") +
                         model.status(QStringLiteral("monolithic"))->reason));
    QStringList inSeparate;
    for (const QString &id : chosen)
        if (catalog.find(id)->layout(QStringLiteral("separate")))
            inSeparate << id;
    QSignalSpy checked(&model, &StrategyListModel::checkedChanged);

    model.setAvailability(separate);
    QCOMPARE(checked.count(), 1);
    QCOMPARE(model.checkedIds(), inSeparate);
    for (int row = 0; row < model.rowCount(); ++row) {
        const Strategy &s = catalog.strategies()[static_cast<std::size_t>(row)];
        if (!s.model)
            continue;
        const QModelIndex name = model.index(row, StrategyListModel::NameColumn);
        QCOMPARE(name.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
        QVERIFY(!(name.flags() & Qt::ItemIsUserCheckable));
        QCOMPARE(model.index(row, StrategyListModel::AvailabilityColumn).data().toString(),
                 QStringLiteral("has no separate layout"));
        QCOMPARE(name.data(StrategyListModel::ReasonRole).toString(),
                 s.layoutMissing(QStringLiteral("separate")));
    }

    model.setAvailability(workspace);
    QCOMPARE(checked.count(), 2);
    QCOMPARE(model.checkedIds(), chosen); // the models are back

    // Unchecking one that reads unchecked (by code: a click cannot) takes the choice back for good.
    model.setAvailability(separate);
    const int monolithic = static_cast<int>(catalog.ids().indexOf(QStringLiteral("monolithic")));
    QVERIFY(model.setData(model.index(monolithic, StrategyListModel::NameColumn), Qt::Unchecked,
                          Qt::CheckStateRole));
    model.setAvailability(workspace);
    QVERIFY(!model.checkedIds().contains(QStringLiteral("monolithic")));
    QCOMPARE(model.checkedIds().size(), chosen.size() - 1);
}

void TestRunModels::shortReasons_data()
{
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("shown");
    QTest::newRow("nested detail")
        << "needs a network (flake inputs (nixpkgs, crane) are fetched); none is reachable here"
        << "needs a network; none is reachable here";
    QTest::newRow("no detail") << "needs cargo: run scripts/setup.sh"
                               << "needs cargo: run scripts/setup.sh";
    QTest::newRow("version in parentheses") << "needs nix ≥ 2.28.3 (this machine has 2.8.0)"
                                            << "needs nix ≥ 2.28.3";
    QTest::newRow("unbalanced") << "needs a network (oops"
                                << "needs a network (oops";
    QTest::newRow("nothing but detail") << " (only this)"
                                        << " (only this)";
}

void TestRunModels::shortReasons()
{
    QFETCH(QString, reason);
    QFETCH(QString, shown);
    QCOMPARE(StrategyListModel::shortReason(reason), shown);
}

void TestRunModels::scenarioSteps()
{
    ScenarioStepModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setScenario(Scenario::standard());
    QCOMPARE(model.rowCount(), 7);
    QCOMPARE(model.enabledIds().size(), 7);
    QSignalSpy changed(&model, &ScenarioStepModel::selectionChanged);
    const QModelIndex noop = model.index(1);
    QCOMPARE(noop.data(ScenarioStepModel::IdRole).toString(), QStringLiteral("noop"));
    QVERIFY(model.setData(noop, Qt::Unchecked, Qt::CheckStateRole));
    QCOMPARE(changed.count(), 1);
    const Scenario chosen = model.selectedScenario();
    QCOMPARE(chosen.steps.size(), std::size_t{6});
    QVERIFY(!chosen.step(QStringLiteral("noop")));
    QCOMPARE(chosen.name, QStringLiteral("standard"));
    model.setEnabledIds({QStringLiteral("cold")});
    QCOMPARE(model.selectedScenario().steps.size(), std::size_t{1});
    QVERIFY(model.index(0).data().toString().startsWith(QStringLiteral("cold — ")));
    model.setScenario(*Scenario::builtin(QStringLiteral("quick"))); // every step on again
    QCOMPARE(model.enabledIds(),
             (QStringList{QStringLiteral("cold"), QStringLiteral("noop"), QStringLiteral("edit-leaf")}));
}

void TestRunModels::buildsFollowSnapshots_data()
{
    QTest::addColumn<QString>("log");
    QTest::addColumn<int>("step");
    QTest::newRow("mixed, every line") << fixture("mixed.flog") << 1;
    QTest::newRow("mixed, every 7 lines") << fixture("mixed.flog") << 7;
    QTest::newRow("keep going, every 13 lines") << fixture("keep-going.flog") << 13;
}

void TestRunModels::buildsFollowSnapshots()
{
    QFETCH(QString, log);
    QFETCH(int, step);
    const auto snapshots = snapshotsOf(log, step);
    QVERIFY(snapshots.size() > 1);
    RunningBuildsModel model;
    QSortFilterProxyModel proxy; // as the live view sorts it
    proxy.setSourceModel(&model);
    proxy.setSortRole(RunningBuildsModel::SortRole);
    proxy.sort(0);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    bool sawRunning = false;
    for (const auto &snap : snapshots) {
        model.setReport(snap, snap->lastEventUs.value_or(0));
        QCOMPARE(model.rowCount(), static_cast<int>(snap->builds.size()));
        sawRunning = sawRunning || model.runningCount() > 0;
        // Running first in the sorted view, then the rest.
        bool finishedSeen = false;
        for (int r = 0; r < proxy.rowCount(); ++r) {
            const bool running = proxy.index(r, 0).data(RunningBuildsModel::StatusRole).toInt() ==
                                 static_cast<int>(BuildStatus::Running);
            QVERIFY(!(running && finishedSeen));
            finishedSeen = finishedSeen || !running;
        }
        for (int r = 0; r < model.rowCount(); ++r) {
            const auto *b = model.build(r);
            QCOMPARE(model.index(r, RunningBuildsModel::NameColumn).data().toString(),
                     QString::fromStdString(b->name));
            if (b->status == BuildStatus::Running)
                QCOMPARE(model.index(r, RunningBuildsModel::PhaseColumn).data().toString(),
                         RunningBuildsModel::currentPhase(*b));
            else
                QVERIFY(model.index(r, RunningBuildsModel::PhaseColumn).data().toString().isEmpty());
        }
    }
    QVERIFY(sawRunning);
    // One reset for the first snapshot; the same run only ever inserts and changes rows.
    QCOMPARE(resets.count(), 1);
    QCOMPARE(model.runningCount(), 0);
    QCOMPARE(model.rowOf(snapshots.back()->builds.front().drvPath), 0);
    QCOMPARE(model.rowOf("/nix/store/none.drv"), -1);
}

void TestRunModels::buildsRunningTimeTicks()
{
    DerivationBuild b;
    b.drvPath = "/nix/store/aaaa-x-1.0.drv";
    b.name = "x-1.0";
    b.startUs = 1'000'000;
    b.phases.push_back({"buildPhase", 1'200'000, std::nullopt});
    auto report = std::make_shared<BuildReport>();
    report->builds.push_back(b);
    report->lineCount = 3;
    RunningBuildsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setReport(report, 3'500'000);
    QCOMPARE(model.index(0, RunningBuildsModel::TimeColumn).data().toString(), QStringLiteral("2.500 s"));
    QCOMPARE(model.index(0, RunningBuildsModel::PhaseColumn).data().toString(), QStringLiteral("build"));
    QCOMPARE(model.index(0, RunningBuildsModel::StatusColumn).data().toString(), QStringLiteral("building"));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setNow(5'000'000); // no new report: the running time still moves on
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.front().at(0).toModelIndex().column(), int(RunningBuildsModel::TimeColumn));
    QCOMPARE(model.index(0, RunningBuildsModel::TimeColumn).data().toString(), QStringLiteral("4.000 s"));
    // An untimed report says unknown, never a made-up time.
    auto untimed = std::make_shared<BuildReport>(*report);
    untimed->timed = false;
    untimed->lineCount = 4;
    model.setReport(untimed, 5'000'000);
    QCOMPARE(model.index(0, RunningBuildsModel::TimeColumn).data().toString(), QStringLiteral("—"));
}

void TestRunModels::buildsNewRunResets()
{
    RunningBuildsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const auto a = snapshotsOf(fixture("mixed.flog"), 50).back();
    const auto b = snapshotsOf(fixture("keep-going.flog"), 50).back();
    model.setReport(a, 0);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.setReport(b, 0); // the next build of a run: other derivations
    QCOMPARE(resets.count(), 1);
    QCOMPARE(model.rowCount(), static_cast<int>(b->builds.size()));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(resets.count(), 2);
}

void TestRunModels::history()
{
    QString error;
    const auto session = SessionStore::load(QFINDTESTDATA("../data/gui/sessions/tiny-quick.json"), &error);
    QVERIFY2(session, qPrintable(error));
    RunHistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    for (const auto &m : session->measurements)
        model.append(m);
    QCOMPARE(model.rowCount(), static_cast<int>(session->measurements.size()));
    int failed = 0;
    for (int r = 0; r < model.rowCount(); ++r) {
        const Measurement &m = session->measurements[static_cast<std::size_t>(r)];
        QCOMPARE(model.index(r, RunHistoryModel::StepColumn).data().toString(), m.step);
        QCOMPARE(model.index(r, RunHistoryModel::OutcomeColumn).data().toString(),
                 Measurement::outcomeName(m.outcome));
        QCOMPARE(model.index(r, RunHistoryModel::BuiltColumn).data().toString(),
                 QString::number(m.builtCount()));
        if (m.outcome == Measurement::Outcome::Failed) {
            ++failed;
            QVERIFY(model.index(r, 0).data(Qt::ToolTipRole).toString().contains(m.error));
        }
    }
    QCOMPARE(model.failedCount(), failed);
    QVERIFY(failed > 0);
    Measurement warm = session->measurements.front();
    warm.warmup = true;
    QCOMPARE(RunHistoryModel::runLabel(warm), QStringLiteral("warm-up 1"));
    QCOMPARE(RunHistoryModel::runLabel(session->measurements.front()), QStringLiteral("#1"));
    model.setMeasurements({});
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestRunModels)
#include "tst_runmodels.moc"
