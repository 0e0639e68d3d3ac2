// SPDX-License-Identifier: MIT
#pragma once

#include "session/Scenario.h"

#include <QString>

#include <functional>
#include <optional>

class QObject;

namespace flakeoff::cli {

// What `run` and `predict` share around their work: the --scenario argument and Ctrl-C.

// --scenario: a built-in scenario's name or a scenario JSON file. nullopt with a sentence for
// the user (without the command's prefix) when it is neither.
std::optional<Scenario> scenarioFromArgument(const QString &nameOrFile, QString *error);

// Calls `onInterrupt` in the event loop for every SIGINT (Ctrl-C) or SIGTERM, with how many have
// arrived so far (1 for the first), so a command can cancel cleanly instead of dying mid-build.
// The handler only writes to a pipe (all a signal handler may do); `context` owns the notifier
// reading it. Once per process. When no pipe can be made, the signals keep their default action.
void watchInterrupts(QObject *context, std::function<void(int count)> onInterrupt);

} // namespace flakeoff::cli
