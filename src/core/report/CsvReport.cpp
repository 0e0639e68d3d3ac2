// SPDX-License-Identifier: MIT
#include "CsvReport.h"

#include "ReportWording.h"
#include "SessionSummary.h"

namespace flakeoff {

namespace {
constexpr double kUs = 1e6;

// Seconds to the microsecond the measurements have: exact for raw times, stable for statistics.
QString sec(double s)
{
    return QString::number(s, 'f', 6);
}
QString usToSec(std::int64_t us)
{
    return sec(static_cast<double>(us) / kUs);
}
QString bytes(std::int64_t b)
{
    return b < 0 ? QString() : QString::number(b);
}
QString flag(bool b)
{
    return b ? QStringLiteral("true") : QStringLiteral("false");
}
QString count(double v)
{
    return v == static_cast<double>(static_cast<long long>(v)) ? QString::number(static_cast<long long>(v))
                                                               : QString::number(v, 'f', 1);
}

QString stat(const Statistics &s, double Statistics::*field)
{
    return s.count ? sec(s.*field) : QString();
}

QString line(const QStringList &fields)
{
    QStringList quoted;
    quoted.reserve(fields.size());
    for (const QString &f : fields)
        quoted << CsvReport::field(f);
    return quoted.join(QLatin1Char(',')) + QStringLiteral("\r\n");
}
} // namespace

QStringList CsvReport::cellColumns()
{
    return {QStringLiteral("strategy"),
            QStringLiteral("layout"),
            QStringLiteral("target"),
            QStringLiteral("step"),
            QStringLiteral("runs"),
            QStringLiteral("succeeded"),
            QStringLiteral("failed"),
            QStringLiteral("cancelled"),
            QStringLiteral("mean_s"),
            QStringLiteral("stddev_s"),
            QStringLiteral("median_s"),
            QStringLiteral("min_s"),
            QStringLiteral("max_s"),
            QStringLiteral("user_s"),
            QStringLiteral("system_s"),
            QStringLiteral("relative"),
            QStringLiteral("relative_stddev"),
            QStringLiteral("relative_low"),
            QStringLiteral("relative_high"),
            QStringLiteral("verdict"),
            QStringLiteral("fastest"),
            QStringLiteral("built_median"),
            QStringLiteral("built_min"),
            QStringLiteral("built_max"),
            QStringLiteral("output_bytes"),
            QStringLiteral("closure_bytes"),
            QStringLiteral("intermediate_bytes"),
            QStringLiteral("store_growth_bytes"),
            QStringLiteral("times_s"),
            QStringLiteral("built_per_run"),
            QStringLiteral("error")};
}

QStringList CsvReport::runColumns()
{
    return {QStringLiteral("strategy"),
            QStringLiteral("layout"),
            QStringLiteral("target"),
            QStringLiteral("step"),
            QStringLiteral("repetition"),
            QStringLiteral("warmup"),
            QStringLiteral("outcome"),
            QStringLiteral("exit_code"),
            QStringLiteral("started_at"),
            QStringLiteral("wall_s"),
            QStringLiteral("cpu_user_s"),
            QStringLiteral("cpu_system_s"),
            QStringLiteral("built"),
            QStringLiteral("failed"),
            QStringLiteral("substituted"),
            QStringLiteral("output_bytes"),
            QStringLiteral("closure_bytes"),
            QStringLiteral("intermediate_bytes"),
            QStringLiteral("store_growth_bytes"),
            QStringLiteral("log_file"),
            QStringLiteral("notes"),
            QStringLiteral("error")};
}

QString CsvReport::field(const QString &value)
{
    const bool quote = value.contains(QLatin1Char(',')) || value.contains(QLatin1Char('"')) ||
                       value.contains(QLatin1Char('\n')) || value.contains(QLatin1Char('\r')) ||
                       value.startsWith(QLatin1Char(' ')) || value.endsWith(QLatin1Char(' '));
    if (!quote)
        return value;
    QString v = value;
    v.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + v + QLatin1Char('"');
}

QByteArray CsvReport::write(const SessionSummary &summary, Shape shape)
{
    QString out;
    if (shape == Shape::Runs) {
        out += line(runColumns());
        for (const Measurement &m : summary.session().measurements) {
            const BuildReport *r = m.report.get();
            out += line({m.strategy,
                         m.layout,
                         m.target,
                         m.step,
                         QString::number(m.repetition),
                         flag(m.warmup),
                         Measurement::outcomeName(m.outcome),
                         QString::number(m.exitCode),
                         m.startedAt.isValid() ? m.startedAt.toUTC().toString(Qt::ISODateWithMs) : QString(),
                         usToSec(m.wallUs),
                         usToSec(m.cpuUserUs),
                         usToSec(m.cpuSystemUs),
                         r ? QString::number(m.builtCount()) : QString(),
                         r ? QString::number(r->countWithStatus(BuildStatus::Failed)) : QString(),
                         r ? QString::number(r->substitutedCount()) : QString(),
                         bytes(m.outputBytes),
                         bytes(m.closureBytes),
                         bytes(m.intermediateBytes),
                         bytes(m.storeGrowthBytes),
                         m.logFile,
                         m.notes.join(QLatin1Char('\n')),
                         m.error});
        }
        return out.toUtf8();
    }

    out += line(cellColumns());
    for (const CellSummary &c : summary.cells()) {
        QStringList times;
        QStringList built;
        for (const Measurement *m : c.runs)
            if (m->outcome == Measurement::Outcome::Succeeded) {
                times << usToSec(m->wallUs);
                built << QString::number(m->builtCount());
            }
        out += line(
            {c.strategy,
             c.runs.empty() ? QString() : c.runs.front()->layout,
             c.target,
             c.step,
             QString::number(c.runs.size()),
             QString::number(c.succeeded),
             QString::number(c.failed),
             QString::number(c.cancelled),
             stat(c.wallS, &Statistics::mean),
             c.wallS.count > 1 ? sec(c.wallS.stddev) : QString(), // undefined for one run, as in hyperfine
             stat(c.wallS, &Statistics::median),
             stat(c.wallS, &Statistics::min),
             stat(c.wallS, &Statistics::max),
             stat(c.userS, &Statistics::mean),
             stat(c.systemS, &Statistics::mean),
             c.relative ? sec(*c.relative) : QString(),
             c.relativeStddev ? sec(*c.relativeStddev) : QString(),
             c.comparison && c.comparison->low && !c.quickest ? sec(*c.comparison->low) : QString(),
             c.comparison && c.comparison->high && !c.quickest ? sec(*c.comparison->high) : QString(),
             c.hasTime() ? ReportWording::verdict(c) : QString(),
             flag(c.fastest),
             c.built.count ? count(c.built.median) : QString(),
             c.built.count ? count(c.built.min) : QString(),
             c.built.count ? count(c.built.max) : QString(),
             bytes(c.outputBytes),
             bytes(c.closureBytes),
             bytes(c.intermediateBytes),
             bytes(c.storeGrowthBytes),
             times.join(QLatin1Char(';')),
             built.join(QLatin1Char(';')),
             c.firstError()});
    }
    return out.toUtf8();
}

} // namespace flakeoff
