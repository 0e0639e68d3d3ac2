// SPDX-License-Identifier: MIT
#pragma once

#include "session/Scenario.h"

#include <QCommandLineOption>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <utility>

class QCommandLineParser;
class QObject;

namespace flakeoff {
class StrategyCatalog;
}

namespace flakeoff::cli {

// What `run` and `predict` share around their work: what to build (workspace, strategies,
// targets, scenario) and Ctrl-C.

// --workspace, --strategies, --targets, --scenario, --layout and --offline, with the same help and
// defaults in both.
class SelectionOptions
{
public:
    SelectionOptions();
    void addTo(QCommandLineParser &parser) const;
    // --workspace, else the bundled sample workspace.
    QString workspace(const QCommandLineParser &parser) const;
    // Sets a run's or a prediction's strategies (--strategies, else every strategy of `catalog`),
    // targets (--targets; empty means all), scenario (--scenario, standard unless given, as
    // scenarioFromArgument reads it) and whether local inputs are used even with a network
    // (--offline) and the layout the workspace is built in (--layout: workspace, or separate: its
    // crates side by side with no workspace). false with the sentence for the user when the
    // scenario is neither built in nor a readable file, or the layout is neither.
    template <typename Request>
    bool select(const QCommandLineParser &parser, const StrategyCatalog &catalog, Request &request,
                QString *error) const
    {
        request.strategies = strategies(parser, catalog);
        request.targets = targets(parser);
        request.forceOffline = offline(parser);
        if (!layout(parser, &request.layout, error))
            return false;
        auto chosen = scenario(parser, error);
        if (chosen)
            request.scenario = std::move(*chosen);
        return chosen.has_value();
    }

private:
    QStringList strategies(const QCommandLineParser &parser, const StrategyCatalog &catalog) const;
    QStringList targets(const QCommandLineParser &parser) const;
    std::optional<Scenario> scenario(const QCommandLineParser &parser, QString *error) const;
    bool offline(const QCommandLineParser &parser) const;
    bool layout(const QCommandLineParser &parser, QString *layout, QString *error) const;

    QCommandLineOption m_workspace;
    QCommandLineOption m_strategies;
    QCommandLineOption m_targets;
    QCommandLineOption m_scenario;
    QCommandLineOption m_offline;
    QCommandLineOption m_layout;
};

// --scenario: a built-in scenario's name or a scenario JSON file. nullopt with a sentence for
// the user (without the command's prefix) when it is neither.
std::optional<Scenario> scenarioFromArgument(const QString &nameOrFile, QString *error);

// Writes `bytes` to `path` whole or not at all (a half-written Nix file would evaluate to
// nonsense); on failure `error` says "cannot write <path>: <reason>".
bool writeWhole(const QString &path, const QByteArray &bytes, QString *error);

// Calls `onInterrupt` in the event loop for every SIGINT (Ctrl-C) or SIGTERM, with how many have
// arrived so far (1 for the first), so a command can cancel cleanly instead of dying mid-build.
// The handler only writes to a pipe (all a signal handler may do); `context` owns the notifier
// reading it. Once per process. When no pipe can be made, the signals keep their default action.
void watchInterrupts(QObject *context, std::function<void(int count)> onInterrupt);

} // namespace flakeoff::cli
