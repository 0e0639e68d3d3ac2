// SPDX-License-Identifier: MIT
#include "CommandSupport.h"

#include <QSocketNotifier>

#include <csignal>
#include <unistd.h>

namespace flakeoff::cli {

namespace {
int g_signalPipe[2] = {-1, -1};
void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] auto n = ::write(g_signalPipe[1], &c, 1);
}
} // namespace

std::optional<Scenario> scenarioFromArgument(const QString &nameOrFile, QString *error)
{
    if (auto builtin = Scenario::builtin(nameOrFile))
        return builtin;
    QString why;
    auto loaded = Scenario::load(nameOrFile, &why);
    if (!loaded && error)
        *error = QStringLiteral("%1 is neither a built-in scenario (%2) nor a readable scenario file: %3")
                     .arg(nameOrFile, Scenario::builtinNames().join(QStringLiteral(", ")), why);
    return loaded;
}

void watchInterrupts(QObject *context, std::function<void(int count)> onInterrupt)
{
    if (::pipe(g_signalPipe) != 0)
        return;
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    auto *notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, context);
    QObject::connect(notifier, &QSocketNotifier::activated, context,
                     [onInterrupt = std::move(onInterrupt), count = 0]() mutable {
                         char c;
                         [[maybe_unused]] auto n = ::read(g_signalPipe[0], &c, 1);
                         onInterrupt(++count);
                     });
}

} // namespace flakeoff::cli
