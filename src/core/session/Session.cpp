// SPDX-License-Identifier: MIT
#include "Session.h"

#include "nix/NixErrorText.h"

#include <iterator>
#include <vector>

namespace flakeoff {

std::int64_t Measurement::builtCount() const
{
    return report ? report->countWithStatus(BuildStatus::Built) : 0;
}

QString Measurement::failureCause() const
{
    if (report)
        if (const QString cause = NixErrorText::causeOf(*report); !cause.isEmpty())
            return cause;
    return error;
}

QString Measurement::outcomeName(Outcome o)
{
    switch (o) {
    case Outcome::Succeeded:
        return QStringLiteral("succeeded");
    case Outcome::Failed:
        return QStringLiteral("failed");
    case Outcome::Cancelled:
        return QStringLiteral("cancelled");
    case Outcome::Skipped:
        return QStringLiteral("skipped");
    }
    return {};
}

std::optional<Measurement::Outcome> Measurement::outcomeFromName(const QString &name)
{
    for (auto o : {Outcome::Succeeded, Outcome::Failed, Outcome::Cancelled, Outcome::Skipped})
        if (outcomeName(o) == name)
            return o;
    return std::nullopt;
}

QString Session::statusName(Status s)
{
    switch (s) {
    case Status::Running:
        return QStringLiteral("running");
    case Status::Finished:
        return QStringLiteral("finished");
    case Status::Failed:
        return QStringLiteral("failed");
    case Status::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

std::vector<const Measurement *> Session::cell(const QString &strategy, const QString &target,
                                               const QString &step) const
{
    std::vector<const Measurement *> out;
    for (const auto &m : measurements)
        if (!m.warmup && m.strategy == strategy && m.target == target && m.step == step)
            out.push_back(&m);
    return out;
}

Session Session::onlyStrategies(const QStringList &ids) const
{
    Session out = *this;
    const auto dropped = [&ids](const QString &strategy) { return !ids.contains(strategy); };
    const auto dropKeys = [&dropped](auto &byStrategy) {
        for (auto it = byStrategy.begin(); it != byStrategy.end();)
            it = dropped(it->first) ? byStrategy.erase(it) : std::next(it);
    };
    out.strategies.removeIf(dropped);
    std::erase_if(out.measurements, [&dropped](const Measurement &m) { return dropped(m.strategy); });
    dropKeys(out.skipped);
    dropKeys(out.environment.inputRevisions);
    dropKeys(out.environment.inputsUsed);
    if (out.prediction) {
        std::erase_if(out.prediction->steps,
                      [&dropped](const StepPrediction &p) { return dropped(p.strategy); });
        dropKeys(out.prediction->skipped);
    }
    return out;
}

QString Session::layout() const
{
    for (const Measurement &m : measurements)
        if (!m.layout.isEmpty())
            return m.layout;
    return QStringLiteral("workspace");
}

int Session::repeatFor(const ScenarioStep &step) const
{
    return step.kind == ScenarioStep::Kind::Cold && coldRepeat > 0 ? coldRepeat : repeat;
}

} // namespace flakeoff
