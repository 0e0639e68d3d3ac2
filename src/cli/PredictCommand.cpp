// SPDX-License-Identifier: MIT
#include "PredictCommand.h"

#include "CommandSupport.h"
#include "log/BuildReportText.h"
#include "predict/BuildHistory.h"
#include "predict/PredictionComparison.h"
#include "predict/PredictionJson.h"
#include "predict/PredictionText.h"
#include "predict/RebuildPredictor.h"
#include "session/SessionStore.h"
#include "strategy/StrategyCatalog.h"

#include <QCommandLineParser>
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
void fail(const QString &text) { std::fprintf(stderr, "flakeoff-cli predict: %s\n", qPrintable(text)); }

// A session to hold the prediction: the --out file when it is already a session of this scenario
// (a run's: its measurements stay), else a new one.
std::optional<Session> sessionFor(const QString &path, const PredictRequest &request, const RebuildPredictor &predictor,
                                  QString *error)
{
    if (QFileInfo::exists(path)) {
        auto existing = SessionStore::load(path, error);
        if (!existing) {
            *error = QStringLiteral("%1 exists and is not a session it can add to (%2); choose another --out").arg(path, *error);
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
    env.nixVersion = predictor.nixVersion().isEmpty() ? QString() : QStringLiteral("nix (Nix) ") + predictor.nixVersion();
    env.system = predictor.system();
    env.cpuCores = QThread::idealThreadCount();
    env.flakeoffVersion = QStringLiteral(FLAKEOFF_VERSION);
    env.hostName = QSysInfo::machineHostName();
    env.date = QDateTime::currentDateTimeUtc();
    return s;
}
} // namespace

int predict(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Predicts, by evaluation only, which derivations each scenario step makes each strategy rebuild, and what that costs."));
    parser.addHelpOption();
    const QCommandLineOption workspaceOpt(QStringLiteral("workspace"), QStringLiteral("The Rust workspace (default: the bundled sample)."), QStringLiteral("DIR"));
    const QCommandLineOption strategiesOpt(QStringLiteral("strategies"), QStringLiteral("Comma-separated strategy ids (default: all)."), QStringLiteral("IDS"));
    const QCommandLineOption targetsOpt(QStringLiteral("targets"), QStringLiteral("Comma-separated targets (default: all)."), QStringLiteral("IDS"));
    const QCommandLineOption scenarioOpt(QStringLiteral("scenario"), QStringLiteral("Built-in scenario (standard, quick) or a JSON file."), QStringLiteral("NAME|FILE"), QStringLiteral("standard"));
    const QCommandLineOption historyOpt(QStringLiteral("history"), QStringLiteral("A session of earlier measured runs whose per-derivation times price the prediction (repeatable; the newest build of each derivation counts)."), QStringLiteral("SESSION"));
    const QCommandLineOption outOpt(QStringLiteral("out"), QStringLiteral("Store the prediction in this session file (a new one, or an existing session of the same scenario)."), QStringLiteral("FILE"));
    const QCommandLineOption compareOpt(QStringLiteral("compare"), QStringLiteral("Compare the prediction with what this run's session built."), QStringLiteral("SESSION"));
    const QCommandLineOption fromOpt(QStringLiteral("from"), QStringLiteral("Do not evaluate: use the prediction stored in this session (with --compare)."), QStringLiteral("SESSION"));
    const QCommandLineOption detailsOpt(QStringLiteral("details"), QStringLiteral("List every derivation to rebuild, with its time and why its hash changed."));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("Print the prediction (and comparison) as JSON."));
    const QCommandLineOption parallelOpt(QStringLiteral("parallel"), QStringLiteral("Strategies evaluated at once (default: one per core)."), QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption keepOpt(QStringLiteral("keep-scratch"), QStringLiteral("Keep the scratch copies."));
    const QCommandLineOption tryOpt(QStringLiteral("try-unavailable"), QStringLiteral("Also predict strategies whose needs this machine lacks."));
    const QCommandLineOption offlineOpt(QStringLiteral("offline"), QStringLiteral("Use the local inputs (flakeoff-cli inputs) even with a network."));
    parser.addOptions({workspaceOpt, strategiesOpt, targetsOpt, scenarioOpt, historyOpt, outOpt, compareOpt, fromOpt, detailsOpt,
                       jsonOpt, parallelOpt, keepOpt, tryOpt, offlineOpt});
    if (!parser.parse(arguments)) {
        fail(parser.errorText());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        fail(QStringLiteral("unexpected argument %1").arg(parser.positionalArguments().front()));
        return 2;
    }
    if (parser.isSet(fromOpt) && !parser.isSet(compareOpt)) {
        fail(QStringLiteral("--from needs --compare (it only reads a stored prediction)"));
        return 2;
    }

    PredictRequest request;
    request.workspace = parser.isSet(workspaceOpt) ? parser.value(workspaceOpt)
                                                   : StrategyCatalog::defaultVariantsDir() + QStringLiteral("/sample");
    const auto catalog = StrategyCatalog::load();
    request.strategies = parser.isSet(strategiesOpt) ? parser.value(strategiesOpt).split(QLatin1Char(','), Qt::SkipEmptyParts)
                                                     : catalog.ids();
    request.targets = parser.value(targetsOpt).split(QLatin1Char(','), Qt::SkipEmptyParts);
    QString scenarioError;
    const auto scenario = scenarioFromArgument(parser.value(scenarioOpt), &scenarioError);
    if (!scenario) {
        fail(scenarioError);
        return 2;
    }
    request.scenario = *scenario;
    bool parallelOk = false;
    request.parallel = parser.value(parallelOpt).toInt(&parallelOk);
    if (!parallelOk || request.parallel < 0) {
        fail(QStringLiteral("--parallel must be a number ≥ 0"));
        return 2;
    }
    request.keepScratch = parser.isSet(keepOpt);
    request.tryUnavailable = parser.isSet(tryOpt);
    request.forceOffline = parser.isSet(offlineOpt);

    BuildHistory history;
    QStringList historyFiles;
    for (const QString &path : parser.values(historyOpt)) {
        QString error;
        const auto s = SessionStore::load(path, &error);
        if (!s) {
            fail(error);
            return 2;
        }
        history.add(*s, QFileInfo(path).fileName());
        historyFiles << QFileInfo(path).absoluteFilePath();
    }
    std::optional<Session> run;
    if (parser.isSet(compareOpt)) {
        QString error;
        run = SessionStore::load(parser.value(compareOpt), &error);
        if (!run) {
            fail(error);
            return 2;
        }
    }

    const bool json = parser.isSet(jsonOpt);
    RebuildPredictor predictor;
    Prediction prediction;
    if (parser.isSet(fromOpt)) {
        QString error;
        const auto stored = SessionStore::load(parser.value(fromOpt), &error);
        if (!stored || !stored->prediction) {
            fail(stored ? QStringLiteral("%1 holds no prediction").arg(parser.value(fromOpt)) : error);
            return 2;
        }
        prediction = *stored->prediction;
        request.scenario = stored->scenario;
        if (!history.isEmpty()) {
            history.price(prediction);
            prediction.history = historyFiles;
        }
    } else {
        if (!QFileInfo(request.workspace + QStringLiteral("/Cargo.toml")).exists()) {
            fail(QStringLiteral("%1 is not a Rust workspace (no Cargo.toml)").arg(request.workspace));
            return 2;
        }
        for (const QString &e : catalog.errors())
            fail(QStringLiteral("warning: %1").arg(e));
        QEventLoop loop;
        const bool tty = isatty(fileno(stderr)) != 0;
        QObject::connect(&predictor, &RebuildPredictor::message, &loop, [&](const QString &text) {
            std::fprintf(stderr, "%s%s\n", tty ? "\r\x1b[K" : "", qPrintable(text));
        });
        int cells = 0;
        QObject::connect(&predictor, &RebuildPredictor::stepPredicted, &loop, [&](const StepPrediction &p) {
            ++cells;
            const QString line = QStringLiteral("%1 %2 %3: %4").arg(p.strategy, p.step, p.target,
                                                                 p.ok ? QStringLiteral("%1 to rebuild").arg(p.rebuild.size()) : QStringLiteral("cannot be predicted"));
            std::fprintf(stderr, tty ? "\r\x1b[K[%d] %s" : "[%d] %s\n", cells, qPrintable(line.left(120)));
        });
        bool cancelled = false;
        QObject::connect(&predictor, &RebuildPredictor::finished, &loop, [&](const Prediction &) {
            if (tty)
                std::fputs("\r\x1b[K", stderr);
            loop.quit();
        });
        watchInterrupts(&loop, [&](int) {
            std::fprintf(stderr, "\nflakeoff-cli predict: cancelling…\n");
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
        if (!session || !SessionStore::save(*session, path, &error)) {
            fail(error);
            return 1;
        }
        if (!json)
            std::printf("session: %s\n\n", qPrintable(path));
    }

    if (json) {
        nlohmann::json out = {{"prediction", PredictionJson::toJson(prediction)}};
        if (comparison)
            out["comparison"] = PredictionJson::toJson(*comparison);
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
                    std::printf("%s %s %s cannot be predicted: %s\n", qPrintable(p.strategy), qPrintable(p.step),
                                qPrintable(p.target), qPrintable(p.error));
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
    if (prediction.steps.empty()) {
        fail(QStringLiteral("no strategy could be predicted here (see why above)"));
        return 1;
    }
    if (!prediction.allOk())
        return 1;
    if (comparison && comparison->differing() > 0)
        return 3;
    return 0;
}

} // namespace flakeoff::cli
