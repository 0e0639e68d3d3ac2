// SPDX-License-Identifier: MIT
// flakeoff-bench-predict: how long predicting a scenario's rebuilds takes (evaluation only)
// against really running the same scenario with the same strategies, in one invocation; and
// whether the prediction named what the run built. Real Nix builds: run it under the Nix store
// lock other users of the store take (flock /tmp/flakeoff-nix-store.lock …).
#include "log/BuildReportText.h"
#include "predict/BuildHistory.h"
#include "predict/PredictionComparison.h"
#include "predict/PredictionText.h"
#include "predict/RebuildPredictor.h"
#include "scenario/ScenarioRunner.h"
#include "session/SessionStore.h"
#include "strategy/StrategyCatalog.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>

#include <nlohmann/json.hpp>

#include <cstdio>

#ifndef FLAKEOFF_BENCH_BUILD_TYPE
#define FLAKEOFF_BENCH_BUILD_TYPE "unknown"
#endif

using namespace flakeoff;

namespace {
constexpr double kRatioGoal = 0.10; // predicting takes under a tenth of building

std::string seconds(std::int64_t us)
{
    return BuildReportText::duration(us);
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Times flakeoff's prediction of a scenario against running it."));
    parser.addHelpOption();
    const QCommandLineOption workspaceOpt(QStringLiteral("workspace"),
                                          QStringLiteral("The workspace (default: the bundled sample)."),
                                          QStringLiteral("DIR"));
    const QCommandLineOption strategiesOpt(
        QStringLiteral("strategies"), QStringLiteral("Strategy ids (default: the three offline models)."),
        QStringLiteral("IDS"), QStringLiteral("monolithic,deps-split,per-crate"));
    const QCommandLineOption targetsOpt(QStringLiteral("targets"),
                                        QStringLiteral("Targets (default: app; empty for all)."),
                                        QStringLiteral("IDS"), QStringLiteral("app"));
    const QCommandLineOption scenarioOpt(
        QStringLiteral("scenario"), QStringLiteral("Built-in scenario or JSON file (default: standard)."),
        QStringLiteral("NAME|FILE"), QStringLiteral("standard"));
    const QCommandLineOption historyOpt(
        QStringLiteral("history"),
        QStringLiteral(
            "An earlier run's session: prices the prediction, so predicted and built times can be compared."),
        QStringLiteral("SESSION"));
    const QCommandLineOption outOpt(
        QStringLiteral("out"),
        QStringLiteral("Where the run's session (with the prediction) goes (default: a folder under /tmp)."),
        QStringLiteral("FILE"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("Print the figures as JSON."));
    parser.addOptions({workspaceOpt, strategiesOpt, targetsOpt, scenarioOpt, historyOpt, outOpt, jsonOpt});
    parser.process(app);

    if (qEnvironmentVariableIsEmpty("FLAKEOFF_CLI")) // the per-crate model's prepare step
        qputenv("FLAKEOFF_CLI", QByteArray(FLAKEOFF_CLI_PATH));
    PredictRequest request;
    request.workspace = parser.isSet(workspaceOpt)
                            ? parser.value(workspaceOpt)
                            : StrategyCatalog::defaultVariantsDir() + QStringLiteral("/sample");
    request.strategies = parser.value(strategiesOpt).split(QLatin1Char(','), Qt::SkipEmptyParts);
    request.targets = parser.value(targetsOpt).split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (auto builtin = Scenario::builtin(parser.value(scenarioOpt))) {
        request.scenario = *builtin;
    } else {
        QString error;
        auto loaded = Scenario::load(parser.value(scenarioOpt), &error);
        if (!loaded) {
            std::fprintf(stderr, "flakeoff-bench-predict: %s\n", qPrintable(error));
            return 2;
        }
        request.scenario = *loaded;
    }
    BuildHistory history;
    if (parser.isSet(historyOpt)) {
        QString error;
        const auto s = SessionStore::load(parser.value(historyOpt), &error);
        if (!s) {
            std::fprintf(stderr, "flakeoff-bench-predict: %s\n", qPrintable(error));
            return 2;
        }
        history.add(*s, QFileInfo(parser.value(historyOpt)).fileName());
    }
    QString out = parser.value(outOpt);
    if (out.isEmpty()) {
        const QString dir =
            QDir::tempPath() +
            QStringLiteral("/flakeoff-bench-predict-%1").arg(QCoreApplication::applicationPid());
        QDir().mkpath(dir);
        out = dir + QStringLiteral("/run.json");
    }
    out = QFileInfo(out).absoluteFilePath();
    std::fprintf(stderr, "predicting %s on %s (%s build), then running it…\n",
                 qPrintable(request.scenario.name), qPrintable(request.workspace), FLAKEOFF_BENCH_BUILD_TYPE);

    // 1. Predict.
    QEventLoop loop;
    RebuildPredictor predictor;
    QObject::connect(&predictor, &RebuildPredictor::finished, &loop, &QEventLoop::quit);
    QElapsedTimer clock;
    clock.start();
    predictor.start(request, history);
    loop.exec();
    const std::int64_t predictUs = clock.nsecsElapsed() / 1000;
    Prediction prediction = predictor.prediction();
    if (parser.isSet(historyOpt))
        prediction.history = {QFileInfo(parser.value(historyOpt)).absoluteFilePath()};
    std::fprintf(stderr, "predicted %zu cells in %s\n", prediction.steps.size(), seconds(predictUs).c_str());

    // 2. Run the same thing for real.
    RunRequest run;
    run.workspace = request.workspace;
    run.strategies = request.strategies;
    run.targets = request.targets;
    run.scenario = request.scenario;
    run.sessionPath = out;
    ScenarioRunner runner;
    QObject::connect(&runner, &ScenarioRunner::measurementAdded, &loop, [](const Measurement &m) {
        std::fprintf(stderr, "  built %-12s %-16s %-6s %10s  %lld derivations\n", qPrintable(m.strategy),
                     qPrintable(m.step), qPrintable(m.target), seconds(m.wallUs).c_str(),
                     static_cast<long long>(m.builtCount()));
    });
    QObject::connect(&runner, &ScenarioRunner::finished, &loop, &QEventLoop::quit);
    clock.restart();
    runner.start(run);
    loop.exec();
    const std::int64_t runUs = clock.nsecsElapsed() / 1000;
    Session session = runner.session();
    session.prediction = prediction;
    QString error;
    if (!SessionStore::save(session, out, &error))
        std::fprintf(stderr, "flakeoff-bench-predict: %s\n", qPrintable(error));

    // 3. Figures.
    const auto comparison = PredictionComparison::compare(prediction, session);
    const double ratio = runUs > 0 ? static_cast<double>(predictUs) / static_cast<double>(runUs) : 0.0;
    if (parser.isSet(jsonOpt)) {
        const nlohmann::json j = {{"scenario", request.scenario.name.toStdString()},
                                  {"build_type", FLAKEOFF_BENCH_BUILD_TYPE},
                                  {"cells", prediction.steps.size()},
                                  {"predict_us", predictUs},
                                  {"run_us", runUs},
                                  {"ratio", ratio},
                                  {"goal", kRatioGoal},
                                  {"agreeing", comparison.agreeing()},
                                  {"differing", comparison.differing()},
                                  {"session", out.toStdString()}};
        std::puts(j.dump(1).c_str());
    } else {
        std::printf("%s\n", qPrintable(PredictionText::sideBySide(prediction, request.scenario)));
        std::printf("%s\n", qPrintable(PredictionText::comparison(comparison)));
        std::printf("scenario %s, %zu cells, %s build\n", qPrintable(request.scenario.name),
                    prediction.steps.size(), FLAKEOFF_BENCH_BUILD_TYPE);
        std::printf("predict: %s\nrun:     %s\nratio:   %.4f (goal < %.2f: %s)\nsession: %s\n",
                    seconds(predictUs).c_str(), seconds(runUs).c_str(), ratio, kRatioGoal,
                    ratio < kRatioGoal ? "met" : "NOT met", qPrintable(out));
    }
    return comparison.differing() == 0 ? 0 : 3;
}
