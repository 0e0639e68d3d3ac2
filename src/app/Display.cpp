// SPDX-License-Identifier: MIT
#include "Display.h"

#include "log/BuildReportText.h"
#include "log/NixTypes.h"

namespace flakeoff::app::Display {

QString unknown() { return QStringLiteral("—"); }

QString seconds(const TimeUs &us)
{
    if (!us)
        return unknown();
    return QString::number(static_cast<double>(*us) / 1e6, 'f', 2);
}

QString duration(const TimeUs &us)
{
    if (!us)
        return unknown();
    return qs(BuildReportText::duration(us));
}

QString exactSeconds(const TimeUs &us)
{
    if (!us)
        return QStringLiteral("unknown");
    return QString::number(static_cast<double>(*us) / 1e6, 'f', 6) + QStringLiteral(" s");
}

QString statusName(BuildStatus status)
{
    switch (status) {
    case BuildStatus::Running: return QStringLiteral("Running");
    case BuildStatus::Built: return QStringLiteral("Built");
    case BuildStatus::Failed: return QStringLiteral("Failed");
    case BuildStatus::Interrupted: return QStringLiteral("Interrupted");
    case BuildStatus::Waiting: return QStringLiteral("Waiting");
    }
    return QStringLiteral("Unknown");
}

QString phaseName(const std::string &phase)
{
    QString name = qs(phase);
    if (name.size() > 5 && name.endsWith(QLatin1String("Phase")))
        name.chop(5);
    return name;
}

QString levelName(int level)
{
    const std::string_view name = verbosityName(level);
    return QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
}

QString qs(const std::string &s) { return QString::fromStdString(s); }

} // namespace flakeoff::app::Display
