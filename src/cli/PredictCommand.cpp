// SPDX-License-Identifier: MIT
#include "PredictCommand.h"

#include "CommandLine.h"
#include "CommandSupport.h"
#include "log/BuildReportText.h"
#include "predict/BuildHistory.h"
#include "predict/PredictionComparison.h"
#include "predict/PredictionText.h"
#include "predict/RebuildPredictor.h"
#include "session/PredictionJson.h"
#include "session/SessionStore.h"
#include "strategy/StrategyAvailability.h"
#include "strategy/StrategyCatalog.h"

#include <QDateTime>
#include <QEventLoop>
#include <QFileInfo>
#include <QSysInfo>
#include <QThread>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <unistd.h>

namespace flakeoff::cli {

namespace {
// A session to hold the prediction: the --out file when it is already a session of this scenario
// (a run's: its measurements stay), else a new one.
std::optional<Session> sessionFor(const QString &path, const PredictRequest &request,
                                  const RebuildPredictor &predictor, QString *error)
{
    if (QFileInfo::exists(path)) {
        auto existing = SessionStore::load(path, error);
        if (!existing) {
            *error = QStringLiteral("%1 exists and is not a session it can add to (%2); choose another --out")
                         .arg(path, *error);
            return std::nullopt;
        }
        if (existing->scenario.name != request.scenario.name) {
            *error = QStringLiteral("%1 holds the scenario \"%2\", not \"%3\"; choose another --out")
                         .arg(path, existing->scenario.name, request.scenario.name);
            return std::nullopt;
        }
        return existing;
    }
    Session s;
    s.workspace = QFileInfo(request.workspace).absoluteFilePath();
    s.scenario = request.scenario;
    s.strategies = request.strategies;
    s.targets = request.targets;
    s.status = Session::Status::Finished;
    s.statusText = QStringLiteral("prediction only: nothing was built");
    auto &env = s.environment;
    env.nixVersion =
        predictor.nixVersion().isEmpty() ? QString() : QStringLiteral("nix (Nix) ") + predictor.nixVersion();
    env.system = predictor.system();
    env.nixSettingsAdded = predictor.nixSettingsAdded();
    env.nixStore = StrategyAvailability::probeMachine().nixStore;
    env.cpuCores = QThread::idealThreadCount();
    env.flakeoffVersion = QStringLiteral(FLAKEOFF_VERSION);
    env.hostName = QSysInfo::machineHostName();
    env.date = QDateTime::currentDateTimeUtc();
    return s;
}
} // namespace

int predict(const QStringList &arguments)
{
    CommandLine commandLine(
        QStringLiteral("predict"),
        QStringLiteral(
            "Predicts, by evaluation only, which derivations each scenario step makes each strategy "
            "rebuild, and what that costs."));
    commandLine.addNixOption();
    QCommandLineParser &parser = commandLine.parser();
    const SelectionOptions selection;
    selection.addTo(parser);
    const QCommandLineOption historyOpt(
        QStringLiteral("history"),
        QStringLiteral("A session of earlier measured runs whose per-derivation times price the prediction "
                       "(repeatable; the newest build of each derivation counts)."),
        QStringLiteral("SESSION"));
    const QCommandLineOption outOpt(QStringLiteral("out"),
                                    QStringLiteral("Store the prediction in this session file (a new one, or "
                                                   "an existing session of the same scenario)."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption compareOpt(
        QStringLiteral("compare"),
        QStringLiteral("Compare the prediction with what this run's session built."),
        QStringLiteral("SESSION"));
    const QCommandLineOption fromOpt(
        QStringLiteral("from"),
        QStringLiteral("Do not evaluate: use the prediction stored in this session (with --compare)."),
        QStringLiteral("SESSION"));
    const QCommandLineOption detailsOpt(
        QStringLiteral("details"),
        QStringLiteral("List every derivation to rebuild, with its time and why its hash changed."));
    const QCommandLineOption jsonOpt(QStringLiteral("json"),
                                     QStringLiteral("Print the prediction (and comparison) as JSON."));
    const QCommandLineOption parallelOpt(
        QStringLiteral("parallel"), QStringLiteral("Strategies evaluated at once (default: one per core)."),
        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption keepOpt(QStringLiteral("keep-scratch"),
                                     QStringLiteral("Keep the scratch copies."));
    const QCommandLineOption tryOpt(
        QStringLiteral("try-unavailable"),
        QStringLiteral("Also predict strategies whose needs this machine lacks."));
    parser.addOptions(
        {historyOpt, outOpt, compareOpt, fromOpt, detailsOpt, jsonOpt, parallelOpt, keepOpt, tryOpt});
    if (const auto exit = commandLine.parse(arguments))
        return *exit;
    if (!parser.positionalArguments().isEmpty())
        return commandLine.fail(
            QStringLiteral("unexpected argument %1").arg(parser.positionalArguments().front()), 2);
    if (parser.isSet(fromOpt) && !parser.isSet(compareOpt))
        return commandLine.fail(QStringLiteral("--from needs --compare (it only reads a stored prediction)"),
                                2);

    PredictRequest request;
    request.workspace = selection.workspace(parser);
    const auto catalog = StrategyCatalog::load();
    QString scenarioError;
    if (!selection.select(parser, catalog, request, &scenarioError))
        return commandLine.fail(scenarioError, 2);
    bool parallelOk = false;
    request.parallel = parser.value(parallelOpt).toInt(&parallelOk);
    if (!parallelOk || request.parallel < 0)
        return commandLine.fail(QStringLiteral("--parallel must be a number ≥ 0"), 2);
    request.keepScratch = parser.isSet(keepOpt);
    request.tryUnavailable = parser.isSet(tryOpt);

    BuildHistory history;
    QStringList historyFiles;
    for (const QString &path : parser.values(historyOpt)) {
        QString error;
        const auto s = SessionStore::load(path, &error);
        if (!s)
            return commandLine.fail(error, 2);
        history.add(*s, QFileInfo(path).fileName());
        historyFiles << QFileInfo(path).absoluteFilePath();
    }
    std::optional<Session> run;
    if (parser.isSet(compareOpt)) {
        QString error;
        run = SessionStore::load(parser.value(compareOpt), &error);
        if (!run)
            return commandLine.fail(error, 2);
    }

    const bool json = parser.isSet(jsonOpt);
    RebuildPredictor predictor;
    Prediction prediction;
    if (parser.isSet(fromOpt)) {
        QString error;
        const auto stored = SessionStore::load(parser.value(fromOpt), &error);
        if (!stored || !stored->prediction)
            return commandLine.fail(
                stored ? QStringLiteral("%1 holds no prediction").arg(parser.value(fromOpt)) : error, 2);
        prediction = *stored->prediction;
        request.scenario = stored->scenario;
        if (!history.isEmpty()) {
            history.price(prediction);
            prediction.history = historyFiles;
        }
    } else {
        if (!QFileInfo(request.workspace + QStringLiteral("/Cargo.toml")).exists())
            return commandLine.fail(
                QStringLiteral("%1 is not a Rust workspace (no Cargo.toml)").arg(request.workspace), 2);
        for (const QString &e : catalog.errors())
            commandLine.say(QStringLiteral("warning: %1").arg(e));
        QEventLoop loop;
        const bool tty = isatty(fileno(stderr)) != 0;
        QObject::connect(&predictor, &RebuildPredictor::message, &loop, [&](const QString &text) {
            std::fprintf(stderr, "%s%s\n", tty ? "\r\x1b[K" : "", qPrintable(text));
        });
        int cells = 0;
        QObject::connect(&predictor, &RebuildPredictor::stepPredicted, &loop, [&](const StepPrediction &p) {
            ++cells;
            const QString line = QStringLiteral("%1 %2 %3: %4")
                                     .arg(p.strategy, p.step, p.target,
                                          p.ok ? QStringLiteral("%1 to rebuild").arg(p.rebuild.size())
                                               : QStringLiteral("cannot be predicted"));
            std::fprintf(stderr, tty ? "\r\x1b[K[%d] %s" : "[%d] %s\n", cells, qPrintable(line.left(120)));
        });
        bool cancelled = false;
        QObject::connect(&predictor, &RebuildPredictor::finished, &loop, [&](const Prediction &) {
            if (tty)
                std::fputs("\r\x1b[K", stderr);
            loop.quit();
        });
        watchInterrupts(&loop, [&](int) {
            std::fputc('\n', stderr);
            commandLine.say(QStringLiteral("cancelling…"));
            cancelled = true;
            predictor.cancel();
        });
        predictor.start(request, history);
        loop.exec();
        if (cancelled)
            return 130;
        prediction = predictor.prediction();
        prediction.history = historyFiles;
    }

    std::optional<PredictionComparison> comparison;
    if (run)
        comparison = PredictionComparison::compare(prediction, *run);

    if (parser.isSet(outOpt)) {
        const QString path = QFileInfo(parser.value(outOpt)).absoluteFilePath();
        QString error;
        auto session = sessionFor(path, request, predictor, &error);
        if (session)
            session->prediction = prediction;
        if (!session || !SessionStore::save(*session, path, &error))
            return commandLine.fail(error, 1);
        if (!json)
            std::printf("session: %s\n\n", qPrintable(path));
    }

    if (json) {
        nlohmann::json out = {{"prediction", PredictionJson::toJson(prediction)}};
        if (comparison)
            out["comparison"] = comparison->toJson();
        std::puts(out.dump(1).c_str());
    } else {
        std::fputs(qPrintable(PredictionText::sideBySide(prediction, request.scenario)), stdout);
        std::printf("\n%s", qPrintable(PredictionText::closures(prediction)));
        if (parser.isSet(detailsOpt)) {
            std::printf("\n%s", qPrintable(PredictionText::details(prediction, request.scenario)));
        } else {
            // Errors always, with Nix's own message: never an empty prediction.
            for (const auto &p : prediction.steps)
                if (!p.ok)
                    std::printf("%s %s %s cannot be predicted: %s\n", qPrintable(p.strategy),
                                qPrintable(p.step), qPrintable(p.target), qPrintable(p.error));
        }
        for (const auto &[id, why] : prediction.skipped)
            std::printf("skipped %s: %s\n", qPrintable(id), qPrintable(why));
        std::printf("\npredicted %zu cells in %s%s\n", prediction.steps.size(),
                    BuildReportText::duration(prediction.elapsedUs).c_str(),
                    prediction.history.isEmpty() ? " (no --history: costs unknown)" : "");
        if (comparison)
            std::printf("\ncompared with %s:\n%s", qPrintable(parser.value(compareOpt)),
                        qPrintable(PredictionText::comparison(*comparison)));
    }
    if (prediction.steps.empty())
        return commandLine.fail(QStringLiteral("no strategy could be predicted here (see why above)"), 1);
    if (!prediction.allOk())
        return 1;
    if (comparison && comparison->differing() > 0)
        return 3;
    return 0;
}

} // namespace flakeoff::cli
