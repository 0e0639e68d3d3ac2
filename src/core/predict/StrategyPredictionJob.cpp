// SPDX-License-Identifier: MIT
#include "StrategyPredictionJob.h"

#include "nix/NixCommand.h"
#include "nix/NixEnvironment.h"
#include "nix/NixErrorText.h"
#include "nix/NixOutputParsers.h"
#include "scenario/PrepareFailureText.h"
#include "scenario/WorkspaceEditor.h"
#include "strategy/CargoInvoker.h"
#include "strategy/CargoMetadata.h"
#include "strategy/OfflineInputPlan.h"
#include "strategy/StrategyAvailability.h"
#include "util/FileTree.h"
#include "util/ThreadPoolTask.h"

#include <QSet>
#include <QThreadPool>

#include <algorithm>

namespace flakeoff {

StrategyPredictionJob::StrategyPredictionJob(const Strategy &strategy, const PredictRequest &request,
                                             const QString &variantsDir, const QString &system,
                                             const QString &nixVersion, quint64 nonceBase, QObject *parent)
    : QObject(parent), m_strategy(std::make_shared<const Strategy>(strategy)), m_request(request),
      m_classifier(strategy), m_nonce(nonceBase), m_showDerivation(showDerivationArguments(nixVersion))
{
    m_invocation.strategy = m_strategy.get();
    m_invocation.layout = request.layout;
    m_invocation.source = request.workspace;
    m_invocation.variantsDir = variantsDir;
    m_invocation.system = system;
    // Offline, every nix command evaluates against the local inputs, as the runner builds.
    const bool networkReachable = StrategyAvailability::networkReachable();
    m_invocation.offline = OfflineInputPlan::offlineFor(strategy, request.forceOffline, networkReachable);
    m_needs = {request.forceOffline || !networkReachable, strategy.model || m_invocation.offline};
    m_commands.setEnvironment(NixEnvironment::processEnvironment(m_needs));
    if (m_invocation.offline)
        m_invocation.inputOverrides =
            OfflineInputPlan::resolve(strategy, LocalInputStore()).overrideArguments();
    m_targets = m_strategy->targetIds(request.targets);
}

StrategyPredictionJob::~StrategyPredictionJob()
{
    m_cancelled = true;
    m_commands.cancel();
    if (m_scratch) // removing a copy is file work: never on the caller's thread
        QThreadPool::globalInstance()->start([scratch = std::move(m_scratch)] {});
}

QStringList StrategyPredictionJob::showDerivationArguments(const QString &nixVersion)
{
    if (StrategyAvailability::nixAtLeast(nixVersion, QStringLiteral("2.15")))
        return {QStringLiteral("derivation"), QStringLiteral("show")};
    return {QStringLiteral("show-derivation")};
}

void StrategyPredictionJob::start()
{
    Q_EMIT message(QStringLiteral("%1: preparing a scratch copy").arg(m_strategy->displayName()));
    prepareScratch();
}

void StrategyPredictionJob::cancel()
{
    if (m_finished)
        return;
    m_cancelled = true;
    m_commands.cancel();
    finishWith(QStringLiteral("cancelled"));
}

void StrategyPredictionJob::gitAdd(const QStringList &files, std::function<void(const QString &)> then)
{
    // ScratchWorkspace's git waits for git: on the pool, never on the caller's thread.
    runOnPool<QString>(
        this,
        [scratch = m_scratch, files] {
            QString error;
            return scratch->gitAdd(files, true, &error) ? QString() : error;
        },
        [this, then = std::move(then)](const QString &error) {
            if (!m_cancelled)
                then(error);
        });
}

void StrategyPredictionJob::prepareScratch()
{
    const auto strategy = m_strategy;
    const QString source = m_request.workspace;
    const QString layout = m_request.layout;
    using Made = std::pair<std::shared_ptr<ScratchWorkspace>, QString>;
    runOnPool<Made>(
        this,
        [strategy, source, layout]() -> Made {
            QString error;
            auto scratch = std::make_shared<ScratchWorkspace>(ScratchWorkspace::create(source, &error));
            if (!scratch->isValid())
                return {nullptr, error};
            if (!strategy->layout(layout))
                return {nullptr, QStringLiteral("has no %1 layout").arg(layout)};
            if (!scratch->installStrategyFiles(*strategy, layout, &error))
                return {nullptr, error};
            if (strategy->layout(layout)->build.kind == StrategyBuild::Kind::Flake &&
                !scratch->gitInitAndAddAll(&error))
                return {nullptr, error};
            return {scratch, QString()};
        },
        [this](const Made &made) {
            if (m_cancelled)
                return;
            if (!made.first) {
                finishWith(QStringLiteral("cannot prepare a scratch copy: %1").arg(made.second));
                return;
            }
            m_scratch = made.first;
            m_invocation.scratch = m_scratch->path();
            readWorkspace();
        });
}

void StrategyPredictionJob::readWorkspace()
{
    // Members and targets, from cargo (offline, no dependencies needed), as the runner reads them.
    m_commands.run(CargoInvoker::findCargo(),
                   {QStringLiteral("metadata"), QStringLiteral("--format-version"), QStringLiteral("1"),
                    QStringLiteral("--no-deps"), QStringLiteral("--offline")},
                   m_scratch->path(), [this](const CommandResult &r) {
                       if (!r.ok()) {
                           finishWith(QStringLiteral("cargo metadata failed: %1").arg(r.describe()));
                           return;
                       }
                       QString why;
                       const auto metadata = CargoMetadata::parse(r.standardOutput, why);
                       if (metadata)
                           m_workspace = WorkspaceInfo::fromMetadata(*metadata, &why);
                       if (!m_workspace) {
                           finishWith(why);
                           return;
                       }
                       m_invocation.nativeTarget = m_workspace->nativeTargets().value(0);
                       m_invocation.targetCrateDirs = m_workspace->targetDirs();
                       // The manifest's patterns name this workspace's members now, not any derivation.
                       m_classifier = DerivationClassifier(*m_strategy, &*m_workspace);
                       runPrepare(true, [this] { nextStep(); });
                   });
}

void StrategyPredictionJob::runPrepare(bool initial, Then then)
{
    const StrategyInvocation invocation = m_invocation;
    const auto strategy = m_strategy; // keeps invocation.strategy alive on the pool
    const QMap<QString, QByteArray> digests = m_prepareDigests;
    using Due = std::shared_ptr<std::vector<PrepareStep>>;
    runOnPool<Due>(
        this,
        [invocation, strategy, digests, initial]() {
            return std::make_shared<std::vector<PrepareStep>>(invocation.duePrepareSteps(initial, digests));
        },
        [this, initial, then = std::move(then)](const Due &due) {
            if (!m_cancelled)
                runPrepareStep(due, 0, initial, then);
        });
}

// One due prepare step after another (a member, not a self-capturing lambda: no reference cycle).
void StrategyPredictionJob::runPrepareStep(std::shared_ptr<std::vector<PrepareStep>> due, std::size_t i,
                                           bool initial, Then then)
{
    if (i >= due->size()) {
        refreshClassifier(then);
        return;
    }
    QString program;
    const QStringList args = m_invocation.prepareArguments((*due)[i], &program);
    const QString scratch = m_scratch->path();
    m_commands.run(program, args, scratch, [this, due, i, initial, then, scratch](const CommandResult &r) {
        const PrepareStep &step = (*due)[i];
        if (!r.ok()) {
            const QString error = PrepareFailureText::describe(step.name, r);
            if (initial) {
                finishWith(error);
            } else {
                // As in the runner: the strategy stops here; the steps left cannot be predicted.
                m_broken = error;
                then();
            }
            return;
        }
        auto track = [this, due, i, initial, then] {
            const PrepareStep &st = (*due)[i];
            if (!st.track) {
                runPrepareStep(due, i + 1, initial, then);
                return;
            }
            gitAdd(st.produces, [this, due, i, initial, then](const QString &error) {
                if (error.isEmpty()) {
                    runPrepareStep(due, i + 1, initial, then);
                } else if (initial) {
                    finishWith(error);
                } else {
                    m_broken = error;
                    then();
                }
            });
        };
        if (step.when != QLatin1String("changed")) {
            track();
            return;
        }
        const QStringList inputs = step.inputs;
        runOnPool<QByteArray>(
            this, [scratch, inputs] { return FileTree::digest(scratch, inputs); },
            [this, name = step.name, track](const QByteArray &digest) {
                if (m_cancelled)
                    return;
                m_prepareDigests[name] = digest;
                track();
            });
    });
}

// After the edit and the prepare steps: the lock may be new or changed (bump-dependency), and the
// manifests' {dependency} patterns name its packages.
void StrategyPredictionJob::refreshClassifier(Then then)
{
    using Workspace = std::optional<WorkspaceInfo>;
    runOnPool<Workspace>(
        this,
        [workspace = m_workspace] {
            Workspace read = workspace;
            if (read)
                read->readLockedDependencies();
            return read;
        },
        [this, then = std::move(then)](const Workspace &read) {
            if (m_cancelled)
                return;
            m_workspace = read;
            if (m_workspace)
                m_classifier = DerivationClassifier(*m_strategy, &*m_workspace);
            then();
        });
}

void StrategyPredictionJob::nextStep()
{
    if (m_cancelled)
        return;
    const auto &steps = m_request.scenario.steps;
    if (m_stepIndex >= steps.size()) {
        finishWith({});
        return;
    }
    const ScenarioStep &step = steps[m_stepIndex];
    if (!m_broken.isEmpty()) {
        failStep(step, m_broken);
        ++m_stepIndex;
        nextStep();
        return;
    }
    applyEdit(step);
}

void StrategyPredictionJob::applyEdit(const ScenarioStep &step)
{
    const auto strategy = m_strategy;
    const WorkspaceInfo info = *m_workspace;
    const QString root = m_scratch->path();
    const quint64 nonce = ++m_nonce;
    runOnPool<WorkspaceEditor::Result>(
        this,
        [strategy, info, root, step, nonce] {
            const WorkspaceEditor editor(root, info);
            return editor.apply(step, nonce, strategy.get());
        },
        [this, step, nonce](const WorkspaceEditor::Result &r) {
            if (m_cancelled)
                return;
            if (!r.ok) {
                // As in the runner: this step's builds fail; the next steps go on.
                failStep(step, QStringLiteral("the %1 edit could not be made: %2").arg(step.id, r.error));
                ++m_stepIndex;
                nextStep();
                return;
            }
            if (step.kind == ScenarioStep::Kind::EditNix && m_strategy->editNix &&
                m_strategy->editNix->kind == QLatin1String("arg")) {
                const auto &e = *m_strategy->editNix;
                m_invocation.extraArgs[e.arg] =
                    QString(e.value).replace(QStringLiteral("{nonce}"), QString::number(nonce));
            }
            auto afterEdit = [this, step] {
                runPrepare(false, [this, step] {
                    if (!m_broken.isEmpty()) {
                        failStep(step, m_broken);
                        ++m_stepIndex;
                        nextStep();
                        return;
                    }
                    evaluate(step);
                });
            };
            const auto *layout = m_strategy->layout(m_request.layout);
            if (layout && layout->build.kind == StrategyBuild::Kind::Flake && !r.changedFiles.isEmpty()) {
                // A flake sees tracked files only.
                gitAdd(r.changedFiles, [this, step, afterEdit](const QString &error) {
                    if (error.isEmpty()) {
                        afterEdit();
                        return;
                    }
                    m_broken = error;
                    failStep(step, m_broken);
                    ++m_stepIndex;
                    nextStep();
                });
                return;
            }
            afterEdit();
        });
}

void StrategyPredictionJob::evaluate(const ScenarioStep &step)
{
    m_stepClock.start();
    auto roots = std::make_shared<QMap<QString, QString>>();
    auto errors = std::make_shared<QMap<QString, QString>>();
    auto then = [this, step, roots, errors] { readClosures(step, *roots, *errors); };
    if (m_targets.size() > 1 && m_invocation.canInstantiateTogether()) {
        // One evaluation for every target; when it fails, each target alone says whose error it is.
        QString program;
        const QStringList args = m_invocation.instantiateArguments(m_targets, &program);
        m_commands.run(program, args, m_scratch->path(), [this, roots, errors, then](const CommandResult &r) {
            const QStringList drvs = NixOutputParsers::storePaths(r.standardOutput);
            if (r.ok() && drvs.size() == m_targets.size()) {
                for (qsizetype i = 0; i < drvs.size(); ++i)
                    roots->insert(m_targets[i], drvs[i]);
                then();
                return;
            }
            instantiateEach(roots, errors, 0, then);
        });
        return;
    }
    instantiateEach(roots, errors, 0, then);
}

void StrategyPredictionJob::instantiateEach(std::shared_ptr<QMap<QString, QString>> roots,
                                            std::shared_ptr<QMap<QString, QString>> errors, int index,
                                            std::function<void()> then)
{
    if (index >= m_targets.size()) {
        then();
        return;
    }
    const QString target = m_targets[index];
    QString program;
    const QStringList args = m_invocation.instantiateArguments({target}, &program);
    m_commands.run(
        program, args, m_scratch->path(), [this, roots, errors, index, then, target](const CommandResult &r) {
            const QStringList drvs = NixOutputParsers::storePaths(r.standardOutput);
            if (r.ok() && drvs.size() == 1)
                roots->insert(target, drvs.front());
            else if (r.ok())
                errors->insert(
                    target,
                    QStringLiteral("the evaluation printed %1 derivations for one target").arg(drvs.size()));
            else
                errors->insert(target, NixErrorText::fromCommand(r));
            instantiateEach(roots, errors, index + 1, then);
        });
}

void StrategyPredictionJob::readClosures(const ScenarioStep &step, const QMap<QString, QString> &roots,
                                         const QMap<QString, QString> &errors)
{
    auto conclude = [this, step, errors](const std::shared_ptr<const DerivationClosure> &closure,
                                         const QMap<QString, QString> &rootsOf, const QString &readError,
                                         const QSet<QString> &validOutputs) {
        const std::int64_t evalUs = m_stepClock.nsecsElapsed() / 1000;
        for (const QString &target : std::as_const(m_targets)) {
            StepPrediction cell;
            if (errors.contains(target) || !readError.isEmpty() || !closure) {
                cell.strategy = m_strategy->id;
                cell.target = target;
                cell.step = step.id;
                cell.ok = false;
                cell.error = errors.contains(target)
                                 ? errors.value(target)
                                 : (readError.isEmpty() ? QStringLiteral("not evaluated") : readError);
            } else {
                cell = predictTarget(step, target, rootsOf.value(target), *closure, validOutputs);
                m_previous[target] = Evaluated{closure, rootsOf.value(target)};
            }
            cell.evalUs = evalUs;
            emitCell(std::move(cell));
        }
        ++m_stepIndex;
        nextStep();
    };
    if (roots.isEmpty()) {
        conclude(nullptr, roots, {}, {});
        return;
    }
    m_nixStore.showDerivations(
        m_showDerivation, roots.values(), m_scratch->path(),
        [this, roots, conclude, command = m_showDerivation.join(QLatin1Char(' '))](const CommandResult &r) {
            if (!r.ok()) {
                conclude(nullptr, roots,
                         QStringLiteral("cannot read the derivations: %1").arg(NixErrorText::fromCommand(r)),
                         {});
                return;
            }
            QString why;
            auto parsed = DerivationClosure::fromShowDerivation(r.standardOutput, &why);
            if (!parsed) {
                conclude(nullptr, roots, QStringLiteral("cannot read the derivations: %1").arg(why), {});
                return;
            }
            for (const QString &root : roots)
                if (!parsed->contains(root)) {
                    conclude(nullptr, roots, QStringLiteral("nix %1 did not list %2").arg(command, root), {});
                    return;
                }
            // Which outputs the store holds: Nix's answer (one question for every output of the
            // closures), not a look at the disk.
            auto closure = std::make_shared<const DerivationClosure>(std::move(*parsed));
            QStringList outputs;
            for (const QString &root : roots)
                for (const QString &p : closure->closureOf(root))
                    for (const auto &o : closure->find(p)->outputs)
                        if (!o.second.isEmpty())
                            outputs << o.second;
            outputs.removeDuplicates();
            m_nixStore.validPaths(outputs, [closure, roots, conclude](const QStringList &valid) {
                conclude(closure, roots, {}, QSet<QString>(valid.begin(), valid.end()));
            });
        });
}

StepPrediction StrategyPredictionJob::predictTarget(const ScenarioStep &step, const QString &target,
                                                    const QString &root, const DerivationClosure &closure,
                                                    const QSet<QString> &validOutputs)
{
    StepPrediction cell;
    cell.strategy = m_strategy->id;
    cell.target = target;
    cell.step = step.id;
    cell.rootDrv = root;

    // What the closure holds.
    QSet<QString> sources;
    const QStringList all = closure.closureOf(root);
    cell.closure.derivations = static_cast<int>(all.size());
    for (const QString &p : all) {
        const Derivation &d = *closure.find(p);
        const auto role = m_classifier.classify(d.name, p == root);
        if (role.own) {
            ++cell.closure.own;
            ++cell.closure.roles[role.kind];
            for (const QString &s : d.inputSrcs)
                sources.insert(s);
        } else {
            ++cell.closure.toolchain;
        }
    }
    cell.closure.sourcePaths = static_cast<int>(sources.size());

    // What the build will build, and why. The runner's purge deletes the project's outputs (cold:
    // all of them), except, offline, the seeded crate downloads it cannot fetch again.
    const bool cold = step.kind == ScenarioStep::Kind::Cold;
    const bool offline = m_invocation.offline;
    auto purged = [this, &root, offline](const Derivation &d) {
        return SimulatedStore::runnerPurges(m_classifier, d, root, offline);
    };
    auto present = [&validOutputs](const Derivation &d) {
        return !d.outputs.empty() &&
               std::all_of(d.outputs.begin(), d.outputs.end(), [&validOutputs](const auto &o) {
                   return !o.second.isEmpty() && validOutputs.contains(o.second);
               });
    };
    const SimulatedStore::Build build = m_store.build(closure, root, cold, purged, present);
    const auto previous = m_previous.constFind(target);
    for (const QString &p : build.built) {
        const Derivation &d = *closure.find(p);
        const auto role = m_classifier.classify(d.name, p == root);
        PredictedDerivation pd;
        pd.drvPath = p;
        pd.name = d.name;
        pd.role = role.kind;
        pd.description = role.description;
        for (const QString &s : d.inputSrcs)
            pd.sources << DerivationClosure::storeName(s);
        pd.sources.sort();
        if (!build.purged.contains(p)) {
            pd.reasons << QStringLiteral(
                "not in the store: built (or substituted) before the project's derivations");
        } else if (cold) {
            pd.reasons << (role.own
                               ? QStringLiteral("cold step: the project's outputs are deleted first")
                               : QStringLiteral("cold step: deleted with the project's outputs it needs"));
        } else if (previous == m_previous.constEnd()) {
            pd.reasons << QStringLiteral("not built in this session yet");
        } else {
            pd.reasons = DerivationClosure::explain(d, *previous->closure, previous->root);
            if (pd.reasons.isEmpty()) // built before, but not by this session
                pd.reasons << QStringLiteral("not built in this session yet");
        }
        cell.rebuild.push_back(std::move(pd));
    }
    std::sort(cell.rebuild.begin(), cell.rebuild.end(),
              [](const PredictedDerivation &a, const PredictedDerivation &b) { return a.name < b.name; });
    return cell;
}

void StrategyPredictionJob::failStep(const ScenarioStep &step, const QString &error)
{
    for (const QString &target : std::as_const(m_targets)) {
        StepPrediction cell;
        cell.strategy = m_strategy->id;
        cell.target = target;
        cell.step = step.id;
        cell.ok = false;
        cell.error = error;
        emitCell(std::move(cell));
    }
}

void StrategyPredictionJob::emitCell(StepPrediction cell)
{
    m_results.push_back(std::move(cell));
    Q_EMIT stepPredicted(m_results.back());
}

void StrategyPredictionJob::finishWith(const QString &error)
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_scratch && m_request.keepScratch) {
        m_scratch->keep();
        Q_EMIT message(
            QStringLiteral("%1: scratch copy kept at %2").arg(m_strategy->displayName(), m_scratch->path()));
    }
    if (m_scratch)
        QThreadPool::globalInstance()->start([scratch = std::move(m_scratch)] {});
    Q_EMIT finished(error);
}

} // namespace flakeoff
