// SPDX-License-Identifier: MIT
#include "StrategiesCommand.h"

#include "CommandLine.h"
#include "strategy/StrategyAvailability.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace flakeoff::cli {

int strategies(const QStringList &arguments)
{
    CommandLine commandLine(QStringLiteral("strategies"),
                            QStringLiteral("Lists the strategies and whether each can run on this machine."));
    commandLine.addNixOption();
    QCommandLineParser &parser = commandLine.parser();
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    parser.addOption(jsonOpt);
    if (const auto exit = commandLine.parse(arguments))
        return *exit;
    const auto catalog = StrategyCatalog::load();
    for (const QString &e : catalog.errors())
        commandLine.say(QStringLiteral("warning: ") + e);
    if (catalog.strategies().empty())
        return commandLine.fail(QStringLiteral("no strategy found in %1").arg(catalog.variantsDir()), 1);
    const MachineCapabilities machine = StrategyAvailability::probeMachine();
    const auto statuses = StrategyAvailability::checkAll(catalog, machine);
    if (parser.isSet(jsonOpt)) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto &s : statuses)
            list.push_back({{"id", s.id.toStdString()},
                            {"name", s.displayName.toStdString()},
                            {"model", s.model},
                            {"available", s.available},
                            {"reason", s.reason.toStdString()},
                            {"note", s.note.toStdString()},
                            {"offline_inputs", s.offlineInputs.isEmpty()
                                                   ? nlohmann::json(nullptr)
                                                   : nlohmann::json(s.offlineInputs.toStdString())}});
        const nlohmann::json j = {{"machine",
                                   {{"nix", machine.nixPath.toStdString()},
                                    {"nix_version", machine.nixVersion.toStdString()},
                                    {"nix_problem", machine.nixProblem.toStdString()},
                                    {"nix_store", machine.nixStore.toStdString()},
                                    {"network", machine.networkReachable},
                                    {"cargo", machine.cargoPath.toStdString()}}},
                                  {"strategies", list}};
        std::puts(j.dump(2).c_str());
        return 0;
    }
    std::printf("this machine: %s\n", qPrintable(machine.summary()));
    if (!machine.nixProblem.isEmpty())
        std::printf("  %s\n", qPrintable(machine.nixProblem));
    for (const auto &s : statuses)
        std::printf("%-20s %-11s %s\n", qPrintable(s.id), s.available ? "available" : "unavailable",
                    qPrintable(s.available ? s.note : s.reason));
    return 0;
}

} // namespace flakeoff::cli
