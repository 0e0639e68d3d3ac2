// SPDX-License-Identifier: MIT
#include "StrategyAvailability.h"

#include "CargoInvoker.h"
#include "OfflineInputPlan.h"
#include "nix/NixEnvironment.h"
#include "nix/NixOutputParsers.h"

#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>

#include <netdb.h>

namespace flakeoff {

namespace {
constexpr int kVersionTimeoutMs = 5000;
} // namespace

QString MachineCapabilities::summary() const
{
    QStringList parts;
    if (nixPath.isEmpty())
        parts << QStringLiteral("nix not found");
    else
        parts << QStringLiteral("nix %1 (%2)")
                     .arg(nixVersion.isEmpty() ? QStringLiteral("of unknown version") : nixVersion, nixPath);
    if (!nixStore.isEmpty() && !NixEnvironment::isDefaultStore(nixStore))
        parts << QStringLiteral("store %1").arg(nixStore);
    if (!nixPath.isEmpty() && !nixProblem.isEmpty())
        parts << QStringLiteral("not configured");
    parts << (networkReachable ? QStringLiteral("network reachable") : QStringLiteral("no network"));
    parts << (cargoPath.isEmpty() ? QStringLiteral("no cargo") : QStringLiteral("cargo found"));
    return parts.join(QStringLiteral(" · "));
}

QString StrategyAvailability::skipReason(const Strategy &strategy, const QString &layout, bool forceOffline,
                                         bool tryUnavailable)
{
    if (QString missing = strategy.layoutMissing(layout); !missing.isEmpty())
        return missing;
    return tryUnavailable ? QString() : unavailableReason(strategy, forceOffline);
}

QString StrategyAvailability::unavailableReason(const Strategy &strategy, bool forceOffline)
{
    for (const auto &need : strategy.needs) {
        if (need.optional)
            continue;
        if (need.id == QLatin1String("network") && strategy.buildsOffline() &&
            (forceOffline || !networkReachable())) {
            // Offline, the manifest's overrides stand in for the network: all must be here.
            const auto plan = OfflineInputPlan::resolve(strategy, LocalInputStore());
            if (!plan.ok())
                return plan.missingReason();
            continue;
        }
        if (need.id == QLatin1String("network") && !networkReachable())
            return QStringLiteral("needs a network (%1); none is reachable here").arg(need.why);
        if (need.id == QLatin1String("nix") && !NixEnvironment::problem().isEmpty())
            return NixEnvironment::problem();
        if (need.id == QLatin1String("cargo") && CargoInvoker::findCargo().isEmpty())
            return QStringLiteral("needs cargo: run scripts/setup.sh (or install rustup's toolchain)");
        if (need.id == QLatin1String("debian-crates") &&
            !QFileInfo::exists(QStringLiteral("/usr/share/cargo/registry")))
            return QStringLiteral(
                "needs Debian's crate sources in /usr/share/cargo/registry: run scripts/setup.sh");
        if (need.id == QLatin1String("git") && NixEnvironment::findProgram(QStringLiteral("git")).isEmpty())
            return QStringLiteral("needs git: run scripts/setup.sh");
    }
    return {};
}

bool StrategyAvailability::networkReachable()
{
    // A name look-up of the binary cache: fails at once on a machine without a network.
    addrinfo *result = nullptr;
    const int rc = getaddrinfo("cache.nixos.org", "443", nullptr, &result);
    if (result)
        freeaddrinfo(result);
    return rc == 0;
}

bool StrategyAvailability::nixAtLeast(const QString &versionOutput, const QString &minimum)
{
    const QString version = parseNixVersion(versionOutput);
    return !version.isEmpty() && compareVersions(version, minimum) >= 0;
}

QString StrategyAvailability::parseNixVersion(const QString &versionOutput)
{
    static const QRegularExpression version(QStringLiteral("(\\d+(?:\\.\\d+)+)"));
    const auto match = version.match(versionOutput);
    return match.hasMatch() ? match.captured(1) : QString();
}

int StrategyAvailability::compareVersions(const QString &a, const QString &b)
{
    const QStringList pa = a.split(QLatin1Char('.'));
    const QStringList pb = b.split(QLatin1Char('.'));
    for (qsizetype i = 0; i < std::max(pa.size(), pb.size()); ++i) {
        const int va = i < pa.size() ? pa[i].toInt() : 0;
        const int vb = i < pb.size() ? pb[i].toInt() : 0;
        if (va != vb)
            return va < vb ? -1 : 1;
    }
    return 0;
}

MachineCapabilities StrategyAvailability::probeMachine()
{
    MachineCapabilities m;
    m.nixPath = NixEnvironment::findProgram(QStringLiteral("nix"));
    m.nixProblem = NixEnvironment::problem();
    if (!m.nixPath.isEmpty()) {
        // On a worker thread by contract: blocking waits are fine here (never on the GUI thread).
        auto ask = [&m](const QStringList &args) {
            QProcess nix;
            nix.setProcessEnvironment(NixEnvironment::processEnvironment());
            nix.start(m.nixPath, args);
            QByteArray out;
            if (nix.waitForFinished(kVersionTimeoutMs) && nix.exitStatus() == QProcess::NormalExit &&
                nix.exitCode() == 0)
                out = nix.readAllStandardOutput();
            else
                nix.kill();
            nix.waitForFinished(1000);
            return out;
        };
        m.nixVersion = parseNixVersion(QString::fromUtf8(ask({QStringLiteral("--version")})));
        m.nixStore = NixOutputParsers::storeUrl(ask({QStringLiteral("store"), QStringLiteral("ping")}));
    }
    m.networkReachable = networkReachable();
    m.cargoPath = CargoInvoker::findCargo();
    return m;
}

StrategyAvailabilityStatus StrategyAvailability::check(const Strategy &strategy,
                                                       const MachineCapabilities &machine,
                                                       const QString &layout)
{
    StrategyAvailabilityStatus s;
    s.id = strategy.id;
    s.displayName = strategy.displayName();
    s.model = strategy.model;
    // What the runner itself will skip, word for word (the app runs with neither --offline nor --try).
    s.reason = skipReason(strategy, layout, false, false);
    const bool offline = OfflineInputPlan::offlineFor(strategy, false, machine.networkReachable);
    QString belowFloor;
    for (const auto &need : strategy.needs) {
        if (!s.reason.isEmpty() || need.optional || need.min.isEmpty() || need.id != QLatin1String("nix"))
            continue;
        if (machine.nixVersion.isEmpty() || compareVersions(machine.nixVersion, need.min) >= 0)
            continue;
        // Online the tool's own floor stands (its pinned nixpkgs wants a newer Nix as well).
        // Offline it builds against the stand-ins, which the live tests build with this Nix, so
        // the floor is said, not enforced.
        belowFloor = QStringLiteral("nix ≥ %1 (this machine has %2)").arg(need.min, machine.nixVersion);
        if (!offline)
            s.reason = QStringLiteral("needs ") + belowFloor;
        break;
    }
    s.available = s.reason.isEmpty();
    if (s.available && offline) {
        s.offlineInputs = OfflineInputPlan::resolve(strategy, LocalInputStore()).words();
        s.note = QStringLiteral("builds offline with ") + s.offlineInputs;
        if (!belowFloor.isEmpty())
            s.note +=
                QStringLiteral("; below its supported ") + belowFloor +
                QStringLiteral(
                    ": offline, against the stand-ins, it builds with this Nix (tests/live/tst_realtools)");
    } else if (s.available) {
        s.note = strategy.model ? QStringLiteral("offline layout model: builds here without a network")
                                : QStringLiteral("can run here");
    }
    return s;
}

std::vector<StrategyAvailabilityStatus> StrategyAvailability::checkAll(const StrategyCatalog &catalog,
                                                                       const MachineCapabilities &machine,
                                                                       const QString &layout)
{
    std::vector<StrategyAvailabilityStatus> out;
    out.reserve(catalog.strategies().size());
    for (const Strategy &s : catalog.strategies())
        out.push_back(check(s, machine, layout));
    return out;
}

} // namespace flakeoff
