// SPDX-License-Identifier: MIT
#include "CommandSupport.h"

#include "strategy/StrategyCatalog.h"

#include <QCommandLineParser>
#include <QSaveFile>
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

SelectionOptions::SelectionOptions()
    : m_workspace(QStringLiteral("workspace"),
                  QStringLiteral("The Rust workspace (default: the bundled sample)."), QStringLiteral("DIR")),
      m_strategies(QStringLiteral("strategies"),
                   QStringLiteral("Comma-separated strategy ids (default: all)."), QStringLiteral("IDS")),
      m_targets(QStringLiteral("targets"), QStringLiteral("Comma-separated targets (default: all)."),
                QStringLiteral("IDS")),
      m_scenario(QStringLiteral("scenario"),
                 QStringLiteral("Built-in scenario (standard, quick) or a JSON file."),
                 QStringLiteral("NAME|FILE"), QStringLiteral("standard")),
      m_offline(QStringLiteral("offline"),
                QStringLiteral("Use the local inputs (flakeoff-cli inputs) even with a network.")),
      m_layout(
          QStringLiteral("layout"),
          QStringLiteral("workspace (default): the workspace as it is; separate: its crates side by side "
                         "with no workspace, each project its own lock (strategies without that layout "
                         "are skipped)."),
          QStringLiteral("LAYOUT"), QStringLiteral("workspace"))
{
}

void SelectionOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOptions({m_workspace, m_strategies, m_targets, m_scenario, m_layout, m_offline});
}

QString SelectionOptions::workspace(const QCommandLineParser &parser) const
{
    return parser.isSet(m_workspace) ? parser.value(m_workspace)
                                     : StrategyCatalog::defaultVariantsDir() + QStringLiteral("/sample");
}

QStringList SelectionOptions::strategies(const QCommandLineParser &parser,
                                         const StrategyCatalog &catalog) const
{
    return parser.isSet(m_strategies) ? parser.value(m_strategies).split(QLatin1Char(','), Qt::SkipEmptyParts)
                                      : catalog.ids();
}

QStringList SelectionOptions::targets(const QCommandLineParser &parser) const
{
    return parser.value(m_targets).split(QLatin1Char(','), Qt::SkipEmptyParts);
}

std::optional<Scenario> SelectionOptions::scenario(const QCommandLineParser &parser, QString *error) const
{
    return scenarioFromArgument(parser.value(m_scenario), error);
}

bool SelectionOptions::offline(const QCommandLineParser &parser) const
{
    return parser.isSet(m_offline);
}

bool SelectionOptions::layout(const QCommandLineParser &parser, QString *layout, QString *error) const
{
    const QString value = parser.value(m_layout);
    if (value != QLatin1String("workspace") && value != QLatin1String("separate")) {
        *error = QStringLiteral("--layout %1: the layouts are workspace and separate").arg(value);
        return false;
    }
    *layout = value;
    return true;
}

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

bool writeWhole(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile out(path);
    if (out.open(QIODevice::WriteOnly) && out.write(bytes) == bytes.size() && out.commit())
        return true;
    *error = QStringLiteral("cannot write %1: %2").arg(path, out.errorString());
    return false;
}

} // namespace flakeoff::cli
