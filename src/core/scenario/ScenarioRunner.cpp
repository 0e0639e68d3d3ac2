// SPDX-License-Identifier: MIT
#include "ScenarioRunner.h"

#include "PrepareFailureText.h"
#include "WorkspaceEditor.h"
#include "log/BuildReport.h"
#include "log/BuildReportText.h"
#include "nix/NixBuilders.h"
#include "nix/NixCommand.h"
#include "nix/NixCommandSlot.h"
#include "nix/NixEnvironment.h"
#include "nix/NixErrorText.h"
#include "nix/NixOutputParsers.h"
#include "nix/NixProcess.h"
#include "session/SessionStore.h"
#include "strategy/CargoInvoker.h"
#include "strategy/CargoMetadata.h"
#include "strategy/DerivationClassifier.h"
#include "strategy/OfflineInputPlan.h"
#include "strategy/StrategyAvailability.h"
#include "strategy/StrategyInputs.h"
#include "util/FileTree.h"
#include "util/ThreadPoolTask.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSysInfo>
#include <QThread>

#include <algorithm>
#include <utility>

namespace flakeoff {

namespace {

QString cpuModel()
{
    QFile f(QStringLiteral("/proc/cpuinfo"));
    if (f.open(QIODevice::ReadOnly))
        for (const QByteArray &line : f.readAll().split('\n'))
            if (line.startsWith("model name"))
                return QString::fromUtf8(line.mid(line.indexOf(':') + 1)).trimmed();
    return QSysInfo::currentCpuArchitecture();
}

QString cellKey(const QString &strategy, const QString &step, const QString &target)
{
    return strategy + QLatin1Char('/') + step + QLatin1Char('/') + target;
}

} // namespace

ScenarioRunner::ScenarioRunner(QObject *parent, QString homelessShelter)
    : RunSource(parent), m_homelessShelter(std::move(homelessShelter))
{
}

ScenarioRunner::~ScenarioRunner()
{
    if (m_running)
        cancel();
}

Session RunRequest::plan() const
{
    Session s;
    s.workspace = QFileInfo(workspace).absoluteFilePath();
    s.scenario = scenario;
    s.strategies = strategies;
    s.targets = targets;
    s.repeat = repeat;
    s.coldRepeat = coldRepeat;
    s.warmup = warmup;
    s.status = Session::Status::Running;
    return s;
}

void ScenarioRunner::start(const RunRequest &request)
{
    Q_ASSERT(!m_running);
    m_request = request;
    m_catalog = StrategyCatalog::load();
    m_session = request.plan();
    auto &env = m_session.environment;
    env.cpuModel = cpuModel();
    env.cpuCores = QThread::idealThreadCount();
    env.flakeoffVersion = QStringLiteral(FLAKEOFF_VERSION);
    env.hostName = QSysInfo::machineHostName();
    env.date = QDateTime::currentDateTimeUtc();
    env.nixOptions = request.nixOptions;
    m_nonce = static_cast<quint64>(QDateTime::currentMSecsSinceEpoch()) * 1000;
    m_outputs.clear();
    m_buildsDone = 0;
    m_buildsTotal = 0;
    m_cancelled = false;
    m_running = true;
    m_clock.start();
    QDir().mkpath(SessionStore::logFolder(request.sessionPath));

    // Before anything runs: with a stray /homeless-shelter every build would fail the same way.
    if (const QString stray = HomelessShelter(m_homelessShelter).problem(); !stray.isEmpty()) {
        for (const QString &id : request.strategies)
            m_session.skipped[id] =
                QStringLiteral("not run: %1 exists (see the session's status)").arg(m_homelessShelter);
        Q_EMIT message(stray);
        QMetaObject::invokeMethod(
            this, [this, stray] { finish(Session::Status::Failed, stray); }, Qt::QueuedConnection);
        return;
    }

    // The environment first: every session records what it ran on. The user's Nix as configured;
    // Flakeoff's additions (NixSettings) are recorded with their reasons as each strategy adds its own.
    m_networkReachable = StrategyAvailability::networkReachable();
    const NixNeeds base{request.forceOffline || !m_networkReachable, false};
    m_commands.setEnvironment(NixEnvironment::processEnvironment(base));
    m_session.environment.nixSettingsAdded = NixSettings::added(base);
    enqueue([this](Done done) {
        m_commands.run(NixEnvironment::findProgram(QStringLiteral("nix")), {QStringLiteral("--version")}, {},
                       [this, done](const CommandResult &r) {
                           if (!r.ok()) {
                               done(false, r.describe());
                               return;
                           }
                           m_session.environment.nixVersion = QString::fromUtf8(r.standardOutput).trimmed();
                           m_commands.run(NixEnvironment::findProgram(QStringLiteral("nix")),
                                          {QStringLiteral("eval"), QStringLiteral("--impure"),
                                           QStringLiteral("--raw"), QStringLiteral("--expr"),
                                           QStringLiteral("builtins.currentSystem")},
                                          {}, [this, done](const CommandResult &s) {
                                              m_systemName = QString::fromUtf8(s.standardOutput).trimmed();
                                              m_session.environment.system = m_systemName;
                                              if (!s.ok()) {
                                                  done(false, s.describe());
                                                  return;
                                              }
                                              recordStore(done);
                                          });
                       });
    });
    enqueue([this](Done done) { findRemoteBuilders(done); });
    for (const QString &id : request.strategies) {
        const Strategy *s = m_catalog.find(id);
        if (!s) {
            m_session.skipped[id] = QStringLiteral("no strategy with this id (known: %1)")
                                        .arg(m_catalog.ids().join(QStringLiteral(", ")));
            continue;
        }
        const QString why = StrategyAvailability::skipReason(*s, request.layout, request.forceOffline,
                                                             request.tryUnavailable);
        if (!why.isEmpty()) {
            m_session.skipped[id] = why;
            Q_EMIT message(QStringLiteral("%1: skipped: %2").arg(s->displayName(), why));
            continue;
        }
        planStrategy(*s);
    }
    QMetaObject::invokeMethod(this, &ScenarioRunner::next, Qt::QueuedConnection);
}

void ScenarioRunner::planStrategy(const Strategy &strategy)
{
    const Strategy *s = &strategy;
    // Offline, the inputs are local folders and stand-ins: the session says which, in words.
    const bool offline = OfflineInputPlan::offlineFor(strategy, m_request.forceOffline, m_networkReachable);
    // Offline mode takes no binary cache; builders with host tools need their folders in the sandbox.
    const NixNeeds needs{m_request.forceOffline || !m_networkReachable, s->model || offline};
    NixSettings::addMissing(m_session.environment.nixSettingsAdded, NixSettings::added(needs));
    const auto plan = offline ? OfflineInputPlan::resolve(strategy, LocalInputStore()) : OfflineInputPlan();
    if (offline && plan.ok()) {
        m_session.environment.inputRevisions[s->id] = StrategyInputs::wordsOf(plan.used());
        m_session.environment.inputsUsed[s->id] = plan.used();
    } else {
        m_session.environment.inputRevisions[s->id] = StrategyInputs::describe(strategy, m_request.layout);
    }
    const QStringList targets = s->targetIds(m_request.targets);
    for (const auto &step : m_request.scenario.steps)
        m_buildsTotal += static_cast<int>(targets.size()) * (m_request.warmup + m_session.repeatFor(step));

    enqueue([this, s, targets, offline, needs, overrides = plan.overrideArguments()](Done done) {
        m_current = std::make_unique<StrategyRun>();
        m_current->strategy = s;
        m_current->targets = targets;
        m_current->offline = offline;
        m_current->needs = needs;
        m_commands.setEnvironment(NixEnvironment::processEnvironment(needs));
        m_current->inputOverrides = overrides;
        m_progress = RunProgress{};
        m_progress.strategy = s->id;
        emitProgress(QStringLiteral("preparing a scratch copy"));
        prepareScratch(done);
    });
    enqueue([this](Done done) { runPrepareSteps(true, done); });
    for (const auto &step : m_request.scenario.steps) {
        enqueue([this, step](Done done) { applyStep(step, done); });
        enqueue([this](Done done) { runPrepareSteps(false, done); });
        const int runs = m_request.warmup + m_session.repeatFor(step);
        for (const QString &target : targets) {
            for (int i = 0; i < runs; ++i) {
                const bool warm = i < m_request.warmup;
                const int rep = warm ? i : i - m_request.warmup;
                enqueue([this, step, target, i](Done done) { purgeBefore(step, target, i, done); });
                enqueue([this, step, target, rep, warm](Done done) { build(step, target, rep, warm, done); });
            }
        }
    }
    enqueue([this](Done done) {
        if (m_current) {
            recordLockedInputs();
            if (m_request.keepScratch) {
                m_current->scratch.keep();
                Q_EMIT message(QStringLiteral("%1: scratch copy kept at %2")
                                   .arg(m_current->strategy->displayName(), m_current->scratch.path()));
            }
            m_current.reset(); // removes the scratch copy unless kept
        }
        done(true, {});
    });
}

void ScenarioRunner::next()
{
    if (m_cancelled)
        return;
    if (m_tasks.empty()) {
        const bool anyFailed =
            std::any_of(m_session.measurements.begin(), m_session.measurements.end(),
                        [](const Measurement &m) { return m.outcome == Measurement::Outcome::Failed; });
        finish(Session::Status::Finished,
               anyFailed ? QStringLiteral("some builds failed; see their errors") : QString());
        return;
    }
    Task task = std::move(m_tasks.front());
    m_tasks.pop_front();
    task([this](bool ok, const QString &error) {
        if (m_cancelled)
            return;
        if (!ok) {
            if (m_current && !m_current->failed) {
                // A strategy that cannot be prepared or edited stops; the others go on.
                m_current->failed = true;
                m_session.skipped[m_current->strategy->id] = error;
                Q_EMIT message(QStringLiteral("%1: %2").arg(m_current->strategy->displayName(), error));
            } else if (!m_current) {
                m_session.statusText = error;
                Q_EMIT message(error);
            }
        }
        QMetaObject::invokeMethod(this, &ScenarioRunner::next, Qt::QueuedConnection);
    });
}

void ScenarioRunner::finish(Session::Status status, const QString &text)
{
    m_running = false;
    m_session.status = status;
    if (!text.isEmpty())
        m_session.statusText = text;
    m_tasks.clear();
    m_current.reset();
    QString error;
    if (!m_request.sessionPath.isEmpty() && !SessionStore::save(m_session, m_request.sessionPath, &error))
        Q_EMIT message(error);
    Q_EMIT finished(m_session);
}

void ScenarioRunner::cancel()
{
    if (!m_running || m_cancelled)
        return;
    m_cancelled = true;
    m_commands.cancel();
    if (m_build && m_build->isRunning()) {
        // finished() of the build arrives after the group is dead; the session closes then.
        m_build->cancel();
        return;
    }
    finish(Session::Status::Cancelled, QStringLiteral("cancelled"));
}

void ScenarioRunner::emitProgress(const QString &activity)
{
    m_progress.activity = activity;
    m_progress.buildsDone = m_buildsDone;
    m_progress.buildsTotal = m_buildsTotal;
    m_progress.elapsedMs = m_clock.elapsed();
    Q_EMIT progress(m_progress);
}

// The current strategy's invocation, shared with the predictor (StrategyInvocation).
StrategyInvocation ScenarioRunner::invocation() const
{
    const auto *run = m_current.get();
    StrategyInvocation inv;
    inv.strategy = run ? run->strategy : nullptr;
    inv.layout = m_request.layout;
    inv.scratch = run ? run->scratch.path() : QString();
    inv.source = m_session.workspace;
    inv.variantsDir = m_catalog.variantsDir();
    inv.system = m_systemName;
    inv.nativeTarget = run && run->workspace ? run->workspace->nativeTargets().value(0) : QString();
    inv.targetCrateDirs = run && run->workspace ? run->workspace->targetDirs() : QStringList();
    if (run) {
        inv.extraArgs = run->extraArgs;
        inv.offline = run->offline;
        inv.inputOverrides = run->inputOverrides;
    }
    return inv;
}

QString ScenarioRunner::fill(QString text) const
{
    return invocation().fill(std::move(text));
}

void ScenarioRunner::prepareScratch(Done done)
{
    const Strategy *s = m_current->strategy;
    const QString source = m_session.workspace;
    const QString layout = m_request.layout;
    auto *run = m_current.get();
    // File work (copying the workspace) on the thread pool, never on the caller's thread.
    runOnPool<QString>(
        this,
        [run, s, source, layout]() -> QString {
            QString error;
            run->scratch = ScratchWorkspace::create(source, &error);
            if (!run->scratch.isValid())
                return error;
            if (!s->layout(layout))
                return QStringLiteral("has no %1 layout").arg(layout);
            if (!run->scratch.installStrategyFiles(*s, layout, &error))
                return error;
            if (s->layout(layout)->build.kind == StrategyBuild::Kind::Flake &&
                !run->scratch.gitInitAndAddAll(&error))
                return error;
            return {};
        },
        [this, done](const QString &error) {
            if (!error.isEmpty()) {
                done(false, QStringLiteral("cannot prepare a scratch copy: %1").arg(error));
                return;
            }
            // Members and targets, from cargo (offline, no dependencies needed).
            m_commands.run(CargoInvoker::findCargo(),
                           {QStringLiteral("metadata"), QStringLiteral("--format-version"),
                            QStringLiteral("1"), QStringLiteral("--no-deps"), QStringLiteral("--offline")},
                           m_current->scratch.path(), [this, done](const CommandResult &r) {
                               if (!r.ok()) {
                                   done(false, QStringLiteral("cargo metadata failed: %1").arg(r.describe()));
                                   return;
                               }
                               QString why;
                               const auto metadata = CargoMetadata::parse(r.standardOutput, why);
                               if (metadata)
                                   m_current->workspace = WorkspaceInfo::fromMetadata(*metadata, &why);
                               done(m_current->workspace.has_value(), why);
                           });
        });
}

void ScenarioRunner::runPrepareSteps(bool initial, Done done)
{
    if (!m_current || m_current->failed) {
        done(true, {});
        return;
    }
    // The steps due now, in manifest order.
    auto due = std::make_shared<std::vector<PrepareStep>>(
        invocation().duePrepareSteps(initial, m_current->prepareInputs));
    runPrepareStep(due, 0, std::move(done));
}

// One due prepare step after another (a member, not a self-capturing lambda: no reference cycle).
void ScenarioRunner::runPrepareStep(std::shared_ptr<std::vector<PrepareStep>> due, std::size_t i, Done done)
{
    if (i >= due->size()) {
        // The lock may be new (a prepare step made it) or changed (bump-dependency): the
        // {dependency} patterns of ownDerivations follow it.
        if (m_current->workspace)
            m_current->workspace->readLockedDependencies();
        done(true, {});
        return;
    }
    const QString scratch = m_current->scratch.path();
    const PrepareStep *p = &(*due)[i]; // `due` outlives the command: the callback holds it
    QString program;
    const QStringList args = invocation().prepareArguments(*p, &program);
    emitProgress(QStringLiteral("prepare: %1").arg(p->name));
    Q_EMIT message(QStringLiteral("%1: prepare %2: %3 %4")
                       .arg(m_current->strategy->displayName(), p->name, QFileInfo(program).fileName(),
                            args.join(QLatin1Char(' '))));
    m_commands.run(program, args, scratch, [this, p, due, i, done, scratch](const CommandResult &r) {
        if (!r.ok()) {
            done(false, PrepareFailureText::describe(p->name, r));
            return;
        }
        if (p->when == QLatin1String("changed"))
            m_current->prepareInputs[p->name] = FileTree::digest(scratch, p->inputs);
        if (p->track) {
            QString error;
            if (!m_current->scratch.gitAdd(p->produces, true, &error)) {
                done(false, error);
                return;
            }
        }
        runPrepareStep(due, i + 1, done);
    });
}

// Online, Nix locked the strategy's inputs in the scratch copy's flake.lock on its first build:
// the session records those exact revisions instead of the unlocked URLs known before.
void ScenarioRunner::recordLockedInputs()
{
    if (m_current->offline || m_current->strategy->model)
        return;
    QFile lock(m_current->scratch.path() + QStringLiteral("/flake.lock"));
    if (!lock.open(QIODevice::ReadOnly))
        return;
    const QByteArray bytes = lock.readAll();
    QString error;
    if (const auto used = StrategyInputs::usedFromFlakeLock(bytes, &error)) {
        const QString id = m_current->strategy->id;
        m_session.environment.inputsUsed[id] = *used;
        m_session.environment.inputRevisions[id] = StrategyInputs::wordsOf(*used);
    }
}

void ScenarioRunner::applyStep(const ScenarioStep &step, Done done)
{
    if (!m_current || m_current->failed) {
        done(true, {});
        return;
    }
    m_progress.step = step.id;
    emitProgress(QStringLiteral("editing: %1").arg(step.id));
    const WorkspaceEditor editor(m_current->scratch.path(), *m_current->workspace);
    const quint64 nonce = ++m_nonce;
    const auto r = editor.apply(step, nonce, m_current->strategy);
    m_current->stepError.clear();
    if (!r.ok) {
        // This step cannot be made here; its builds are recorded as failed and the next steps go on.
        m_current->stepError = QStringLiteral("the %1 edit could not be made: %2").arg(step.id, r.error);
        Q_EMIT message(
            QStringLiteral("%1: %2").arg(m_current->strategy->displayName(), m_current->stepError));
        done(true, {});
        return;
    }
    if (step.kind == ScenarioStep::Kind::EditNix && m_current->strategy->editNix &&
        m_current->strategy->editNix->kind == QLatin1String("arg")) {
        const auto &e = *m_current->strategy->editNix;
        m_current->extraArgs[e.arg] =
            QString(e.value).replace(QStringLiteral("{nonce}"), QString::number(nonce));
    }
    Q_EMIT message(QStringLiteral("%1: %2: %3").arg(m_current->strategy->displayName(), step.id, r.summary));
    const auto *layout = m_current->strategy->layout(m_request.layout);
    if (layout && layout->build.kind == StrategyBuild::Kind::Flake && !r.changedFiles.isEmpty()) {
        QString error;
        if (!m_current->scratch.gitAdd(r.changedFiles, true, &error)) {
            done(false, error);
            return;
        }
    }
    done(true, {});
}

void ScenarioRunner::recordStore(Done done)
{
    // The run's own --store, else the store Nix uses by default.
    QString storeUrl;
    const qsizetype store = m_request.nixOptions.indexOf(QStringLiteral("--store"));
    if (store >= 0 && store + 1 < m_request.nixOptions.size())
        storeUrl = m_request.nixOptions.at(store + 1);
    m_store.onStore(storeUrl).url([this, done](const QString &url) {
        // A store Nix cannot reach fails the first build with Nix's own words; here it stays unknown.
        m_session.environment.nixStore = url;
        done(true, {});
    });
}

void ScenarioRunner::findRemoteBuilders(Done done)
{
    if (const auto given = NixBuilders::fromOptions(m_request.nixOptions)) {
        useRemoteBuilders(*given, QStringLiteral("the run's --builders"), done);
        return;
    }
    // Nix's configuration as Nix merges it (nix.conf, NIX_CONFIG): `nix config show` from Nix
    // 2.20, where `show-config` became a deprecated alias.
    const bool configShow =
        StrategyAvailability::nixAtLeast(m_session.environment.nixVersion, QStringLiteral("2.20"));
    const QStringList args = configShow ? QStringList{QStringLiteral("config"), QStringLiteral("show")}
                                        : QStringList{QStringLiteral("show-config")};
    m_commands.run(NixEnvironment::findProgram(QStringLiteral("nix")),
                   args + QStringList{QStringLiteral("--json")}, {}, [this, done](const CommandResult &r) {
                       QString why;
                       const auto setting =
                           r.ok() ? NixBuilders::fromConfigJson(r.standardOutput, &why) : std::nullopt;
                       if (!setting) {
                           // Builds still run; only the cold step cannot reach builders it does not know.
                           Q_EMIT message(QStringLiteral("could not read Nix's builders setting (%1): the "
                                                         "project's outputs are deleted in this machine's "
                                                         "store only")
                                              .arg(r.ok() ? why : r.describe()));
                           done(true, {});
                           return;
                       }
                       useRemoteBuilders(*setting, QStringLiteral("Nix's builders setting"), done);
                   });
}

void ScenarioRunner::useRemoteBuilders(const QString &setting, const QString &from, Done done)
{
    QString error;
    const auto builders = NixBuilders::expand(setting, &error);
    if (!builders) {
        refuseToBuild(QStringLiteral("%1 (%2): %3").arg(from, setting, error));
        return;
    }
    if (builders->empty()) {
        done(true, {});
        return;
    }
    for (const RemoteBuilder &b : *builders)
        m_session.environment.remoteBuilders << b.uri;
    Q_EMIT message(QStringLiteral("remote builders (%1): %2; the cold step deletes the project's outputs "
                                  "there too")
                       .arg(from, m_session.environment.remoteBuilders.join(QStringLiteral(", "))));
    reachRemoteBuilders(std::make_shared<const std::vector<RemoteBuilder>>(*builders), 0, done);
}

void ScenarioRunner::reachRemoteBuilders(std::shared_ptr<const std::vector<RemoteBuilder>> builders,
                                         std::size_t i, Done done)
{
    if (i >= builders->size()) {
        m_outputs.setRemoteBuilders(*builders);
        done(true, {});
        return;
    }
    const RemoteBuilder &b = (*builders)[i];
    m_store.onStore(b.storeUrl()).reach([this, builders, i, done, uri = b.uri](const QString &problem) {
        if (!problem.isEmpty()) {
            refuseToBuild(QStringLiteral("the remote builder %1 cannot be reached, so the project's outputs "
                                         "cannot be deleted there (a cold build would only copy them back): "
                                         "%2")
                              .arg(uri, problem));
            return;
        }
        reachRemoteBuilders(builders, i + 1, done);
    });
}

void ScenarioRunner::refuseToBuild(const QString &why)
{
    for (const QString &id : m_request.strategies)
        if (!m_session.skipped.count(id))
            m_session.skipped[id] = QStringLiteral("not run: %1").arg(why);
    Q_EMIT message(why);
    finish(Session::Status::Failed, why);
}

QStringList ScenarioRunner::instantiateCommand(const QString &target, QString *program) const
{
    return invocation().instantiateArguments({target}, program);
}

QStringList ScenarioRunner::buildArguments(const QString &target) const
{
    return invocation().buildArguments(target, m_request.nixOptions);
}

void ScenarioRunner::ownDerivations(const QString &target, NixStore::Paths then)
{
    splitClosure(target, [then](const QStringList &own, const QStringList &) { then(own); });
}

// The same rule the predictor classifies with (DerivationClassifier), with this workspace's members.
void ScenarioRunner::splitClosure(const QString &target,
                                  std::function<void(const QStringList &, const QStringList &)> then)
{
    QString program;
    const QStringList args = instantiateCommand(target, &program);
    m_commands.run(program, args, m_current->scratch.path(), [this, then](const CommandResult &inst) {
        const QStringList drvs = NixOutputParsers::storePaths(inst.standardOutput);
        if (!inst.ok() || drvs.isEmpty()) {
            then({}, {}); // an evaluation error: the build records it
            return;
        }
        m_store.closure(drvs, [this, then](const QStringList &closure) {
            const auto &workspace = m_current->workspace;
            const DerivationClassifier classifier(*m_current->strategy, workspace ? &*workspace : nullptr);
            QStringList own;
            QStringList others;
            for (const QString &p : closure)
                if (p.endsWith(QLatin1String(".drv")))
                    (classifier.isOwn(QString::fromStdString(derivationName(p.toStdString()))) ? own : others)
                        << p;
            then(own, others);
        });
    });
}

void ScenarioRunner::primeOthers(const QString &target, std::function<void()> then)
{
    splitClosure(target, [this, then](const QStringList &, const QStringList &others) {
        if (others.isEmpty()) {
            then();
            return;
        }
        m_store.realise(others, [this, then](const CommandResult &r) {
            // "these 16 derivations will be built:" / "this derivation will be built:" (2.8 and 2.26)
            static const QRegularExpression planned(
                QStringLiteral("(these ([0-9]+) derivations|this derivation) will be built"));
            const auto m = planned.match(QString::fromUtf8(r.standardError));
            const QString count = !m.hasMatch()             ? QString()
                                  : m.captured(2).isEmpty() ? QStringLiteral("1 derivation")
                                                            : m.captured(2) + QStringLiteral(" derivations");
            if (!r.ok())
                m_current->notes << QStringLiteral(
                                        "before the cold build, building what is not the project's "
                                        "(toolchain, nixpkgs) failed: %1")
                                        .arg(NixErrorText::fromCommand(r));
            else if (!count.isEmpty())
                m_current->notes << QStringLiteral(
                                        "before the cold build, not measured: built %1 that are not the "
                                        "project's (toolchain, nixpkgs, stand-ins), so the cold build "
                                        "counts the project's own")
                                        .arg(count);
            then();
        });
    });
}

QString ScenarioRunner::missingTarget(const QString &target) const
{
    if (!m_current || !m_current->workspace)
        return {};
    for (const auto &t : m_current->strategy->targets)
        if (t.id == target)
            return m_current->workspace->missingTargetReason(t.kind);
    return {};
}

void ScenarioRunner::purgeBefore(const ScenarioStep &step, const QString &target, int runIndex, Done done)
{
    if (!m_current || m_current->failed || !m_current->stepError.isEmpty() ||
        !missingTarget(target).isEmpty()) {
        done(true, {});
        return;
    }
    m_progress.target = target;
    const bool cold = step.kind == ScenarioStep::Kind::Cold;
    auto purge = [this, step, target, cold, runIndex, done] {
        emitProgress(cold ? QStringLiteral("deleting the project's outputs (cold)")
                          : QStringLiteral("checking the store"));
        std::optional<DerivationClassifier> seededDownloads; // offline: kept, see ProjectOutputs::purgeBefore
        if (m_current->offline)
            seededDownloads.emplace(*m_current->strategy,
                                    m_current->workspace ? &*m_current->workspace : nullptr);
        m_outputs.purgeBefore(cellKey(m_current->strategy->id, step.id, target), target, cold, runIndex,
                              std::move(seededDownloads), [done] { done(true, {}); });
    };
    if (!cold || m_current->primed.contains(target)) {
        purge();
        return;
    }
    m_current->primed << target;
    emitProgress(QStringLiteral("building what is not the project's (toolchain, nixpkgs), not measured"));
    primeOthers(target, purge);
}

void ScenarioRunner::build(const ScenarioStep &step, const QString &target, int repetition, bool warmup,
                           Done done)
{
    if (!m_current || m_current->failed) {
        done(true, {});
        return;
    }
    const Strategy *s = m_current->strategy;
    m_progress.step = step.id;
    m_progress.target = target;
    m_progress.repetition = repetition;
    m_progress.warmup = warmup;
    emitProgress(QStringLiteral("building"));

    const QString relLog =
        QStringLiteral("%1/%2-%3-%4%5.flog")
            .arg(s->id, step.id, target, warmup ? QStringLiteral("warmup") : QStringLiteral("run"))
            .arg(repetition + 1);
    const QString logPath = SessionStore::logFolder(m_request.sessionPath) + QLatin1Char('/') + relLog;
    QDir().mkpath(QFileInfo(logPath).absolutePath());

    auto m = std::make_shared<Measurement>();
    m->strategy = s->id;
    m->layout = m_request.layout;
    m->target = target;
    m->step = step.id;
    m->repetition = repetition;
    m->warmup = warmup;
    m->startedAt = QDateTime::currentDateTimeUtc();
    m->logFile = relLog;
    m->notes = std::exchange(m_current->notes, {}) + m_outputs.takeNotes();

    auto *process = new NixProcess(this);
    m_build = process;
    process->setEnvironment(NixEnvironment::processEnvironment(m_current->needs));
    process->setWorkingDirectory(m_current->scratch.path());
    process->setSavedLogPath(logPath);
    connect(process, &NixProcess::reportUpdated, this, &ScenarioRunner::buildUpdated);
    const QString key = cellKey(s->id, step.id, target);
    auto record = [this, m, done]() {
        ++m_buildsDone;
        m_session.measurements.push_back(*m);
        Q_EMIT measurementAdded(*m);
        QString error;
        if (!m_request.sessionPath.isEmpty() && !SessionStore::save(m_session, m_request.sessionPath, &error))
            Q_EMIT message(error); // keep going: the session is also saved at the end
        emitProgress(QStringLiteral("built"));
        done(true, {});
    };
    if (!m_current->stepError.isEmpty()) {
        process->deleteLater();
        m_build = nullptr;
        m->outcome = Measurement::Outcome::Failed;
        m->error = m_current->stepError;
        record();
        return;
    }
    if (const QString missing = missingTarget(target); !missing.isEmpty()) {
        // Never attempted: recorded as skipped with the reason, so counts and reports stay whole.
        process->deleteLater();
        m_build = nullptr;
        m->outcome = Measurement::Outcome::Skipped;
        m->error = missing;
        record();
        return;
    }
    connect(process, &NixProcess::failedToStart, this, [this, process, m, record](const QString &msg) {
        m_build = nullptr;
        process->deleteLater();
        m->outcome = Measurement::Outcome::Failed;
        m->error = msg;
        record();
    });
    connect(process, &NixProcess::finished, this, [this, process, m, record, key](const NixRunResult &r) {
        m_build = nullptr;
        process->deleteLater();
        m->wallUs = r.wallUs;
        m->cpuUserUs = r.cpuUserUs;
        m->cpuSystemUs = r.cpuSystemUs;
        m->exitCode = r.exitCode;
        m->report = r.report;
        if (m_cancelled) {
            m->outcome = Measurement::Outcome::Cancelled;
            m->error = QStringLiteral("cancelled");
            m_session.measurements.push_back(*m);
            finish(Session::Status::Cancelled, QStringLiteral("cancelled"));
            return;
        }
        m->outcome = r.succeeded() ? Measurement::Outcome::Succeeded : Measurement::Outcome::Failed;
        m->error = r.errorText;
        for (const auto &w : r.report->lockWaits)
            m->notes
                << QStringLiteral(
                       "waited %1 for a lock another Nix process held on %2: the time includes that wait")
                       .arg(QString::fromStdString(BuildReportText::duration(w.durationUs())),
                            QString::fromStdString(derivationName(w.path)));
        if (const auto n = std::count_if(r.report->builds.begin(), r.report->builds.end(),
                                         [](const DerivationBuild &b) { return b.onlyCopiedBack; }))
            m->notes << QStringLiteral(
                            "%1 of the derivations Nix counted as built were not built: a remote builder "
                            "still had them and only sent them back (the project's outputs are deleted "
                            "on the builders Nix's builders setting names; this one kept them), so this "
                            "time is copying, not building")
                            .arg(n);
        QString why;
        if (const auto built = NixOutputParsers::buildResult(r.standardOutput, &why))
            for (const auto &b : *built)
                for (const auto &[name, path] : b.outputs)
                    m->outputPaths << path;
        QStringList built;
        for (const auto &b : r.report->builds)
            if (b.status == BuildStatus::Built)
                built << QString::fromStdString(b.drvPath);
        m_outputs.recordFirstRun(key, built);
        if (m->outputPaths.isEmpty()) {
            record();
            return;
        }
        emitProgress(QStringLiteral("measuring store sizes"));
        m_outputs.measure(*m, built, record);
    });
    process->start(NixEnvironment::findProgram(QStringLiteral("nix")), buildArguments(target));
}

} // namespace flakeoff
