// SPDX-License-Identifier: MIT
#include "ExpectedRebuildCheck.h"

#include "session/Session.h"
#include "strategy/DerivationClassifier.h"
#include "strategy/Strategy.h"
#include "strategy/StrategyCatalog.h"
#include "strategy/WorkspaceInfo.h"

#include <QRegularExpression>
#include <QSet>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <optional>

namespace flakeoff {

using json = nlohmann::json;

namespace {

// The roles a strategy's derivations have, from its manifest's artifact patterns: the first
// artifact whose pattern matches names the role (as DerivationClassifier::classify picks the
// kind), with {crate} roles (cargo2nix's member:{crate}) told apart per member.
class RoleNamer
{
public:
    RoleNamer(const Strategy &strategy, const WorkspaceInfo &workspace)
    {
        const bool members = !workspace.members.empty();
        // Without a read lock {dependency} is any "<name>-<x.y.z>", which a member's
        // "<name>-<version>" is too; a member is never a dependency (path packages are neither
        // downloaded nor vendored), so such a pattern must not take a member's derivation.
        const bool wildDependency = !workspace.lockedDependencies;
        QStringList memberIds;
        if (members)
            for (const auto &m : workspace.members)
                memberIds << QRegularExpression::escape(m.name + QLatin1Char('-') + m.version);
        for (const auto &a : strategy.artifacts) {
            if (a.pattern.isEmpty())
                continue;
            QList<std::pair<QString, QString>> forms; // role, pattern
            if (a.role.contains(QLatin1String("{crate}")) && members) {
                for (const auto &m : workspace.members)
                    forms.append({QString(a.role).replace(QLatin1String("{crate}"), m.name),
                                  QString(a.pattern).replace(QLatin1String("{crate}"),
                                                             QRegularExpression::escape(m.name))});
            } else {
                forms.append({a.role, a.pattern});
            }
            for (const auto &[role, pattern] : forms) {
                Artifact artifact{role, DerivationClassifier::patternRegex(pattern, &workspace), {}};
                if (wildDependency && members && pattern.contains(QLatin1String("{dependency}")))
                    artifact.member = DerivationClassifier::patternRegex(
                        QString(pattern).replace(
                            QLatin1String("{dependency}"),
                            QStringLiteral("(?:%1)").arg(memberIds.join(QLatin1Char('|')))),
                        &workspace);
                m_artifacts.push_back(std::move(artifact));
            }
        }
    }

    // The roles of derivation `name` in a build of `target`; `isRoot`: the derivation the
    // target's attribute builds, which is also final:<target>.
    QStringList roles(const QString &name, const QString &target, bool isRoot) const
    {
        QStringList out;
        if (isRoot)
            out << QStringLiteral("final:") + target;
        for (const auto &a : m_artifacts) {
            if (!a.regex.isValid() || !a.regex.match(name).hasMatch())
                continue;
            if (a.member.isValid() && !a.member.pattern().isEmpty() && a.member.match(name).hasMatch())
                continue;
            out << QString(a.role).replace(QLatin1String("{target}"), target);
            break;
        }
        return out;
    }

private:
    struct Artifact
    {
        QString role;
        QRegularExpression regex;
        QRegularExpression member; // set: a member's derivation this {dependency} pattern must not take
    };
    std::vector<Artifact> m_artifacts;
};

// A role token of the manifest ("deps:app", "member:*", "crate:tokio", "member:cats@app")
// against one role of derivation `name` in a build of `target`. A token's "*" stands for any
// value; a role's "*" (crate:*) stands for every crate, and a token naming one ("crate:tokio")
// takes the derivation whose name has that crate's "<name>-<version>".
bool tokenMatches(const QString &token, const QString &role, const QString &name, const QString &target)
{
    QString base = token;
    if (const qsizetype at = token.indexOf(QLatin1Char('@')); at >= 0) {
        if (token.mid(at + 1) != target)
            return false;
        base = token.left(at);
    }
    if (base == role)
        return true;
    const qsizetype tokenColon = base.indexOf(QLatin1Char(':'));
    const qsizetype roleColon = role.indexOf(QLatin1Char(':'));
    if (tokenColon < 0 || roleColon < 0 || base.left(tokenColon) != role.left(roleColon))
        return false;
    const QString tokenValue = base.mid(tokenColon + 1);
    const QString roleValue = role.mid(roleColon + 1);
    if (tokenValue == QLatin1String("*"))
        return true;
    if (roleValue != QLatin1String("*"))
        return false;
    const QRegularExpression crate(
        QStringLiteral("(^|-)%1-[0-9]").arg(QRegularExpression::escape(tokenValue)));
    return crate.match(name).hasMatch();
}

// A derivation and its roles in one build.
struct Named
{
    QString name;
    QStringList roles;
};

bool anyMatch(const QStringList &tokens, const Named &d, const QString &target)
{
    for (const QString &t : tokens)
        for (const QString &r : d.roles)
            if (tokenMatches(t, r, d.name, target))
                return true;
    return false;
}

// What a build built (status Built), by name, in log order.
QStringList builtNames(const Measurement &m)
{
    QStringList names;
    if (m.report)
        for (const auto &b : m.report->builds)
            if (b.status == BuildStatus::Built)
                names << QString::fromStdString(b.name);
    return names;
}

// The name of the derivation a build's attribute built, from its first output path: the path's
// name, or without its last "-<output>" when that is a derivation of the build (cargo2nix's
// crate-app-0.1.0 builds crate-app-0.1.0-bin).
QString rootName(const Measurement &m, const QStringList &known)
{
    if (m.outputPaths.isEmpty())
        return {};
    QString base = m.outputPaths.first().section(QLatin1Char('/'), -1);
    base = base.mid(base.indexOf(QLatin1Char('-')) + 1);
    if (known.contains(base))
        return base;
    const qsizetype dash = base.lastIndexOf(QLatin1Char('-'));
    if (dash > 0 && known.contains(base.left(dash)))
        return base.left(dash);
    return base;
}

std::vector<Named> named(const QStringList &names, const QString &root, const RoleNamer &namer,
                         const QString &target)
{
    std::vector<Named> out;
    out.reserve(std::size_t(names.size()));
    for (const QString &n : names)
        out.push_back({n, namer.roles(n, target, n == root)});
    return out;
}

// The manifest's tokens with {target} and {bumped} (the dependency the step changes) filled in;
// prose ("dependents of tokio") and a {bumped} of a step that names no dependency go to `prose`.
QStringList filled(const QStringList &tokens, const QString &target, const ScenarioStep &step,
                   QStringList &prose)
{
    QStringList out;
    for (QString t : tokens) {
        if (t.contains(QLatin1Char(' ')) ||
            (t.contains(QLatin1String("{bumped}")) && step.dependency.isEmpty())) {
            prose << t;
            continue;
        }
        out << t.replace(QLatin1String("{target}"), target)
                   .replace(QLatin1String("{bumped}"), step.dependency);
    }
    return out;
}

// The findings of one measured build against the expectation; none when it agrees.
QStringList checkBuild(const std::vector<Named> &cold, const std::vector<Named> &built,
                       const QStringList &rebuild, const QStringList &some, const QStringList &keep,
                       const QString &target)
{
    QStringList findings;
    QSet<QString> builtNames;
    for (const auto &d : built)
        builtNames.insert(d.name);
    for (const QString &token : rebuild) {
        QStringList kept;
        for (const auto &d : cold)
            if (anyMatch({token}, d, target) && !builtNames.contains(d.name) && !kept.contains(d.name))
                kept << d.name;
        if (!kept.isEmpty())
            findings << QStringLiteral("kept, expected to rebuild (%1): %2")
                            .arg(token, kept.join(QStringLiteral(", ")));
    }
    QStringList rebuiltKept;
    QStringList unexpected;
    for (const auto &d : built) {
        if (anyMatch(keep, d, target)) {
            rebuiltKept << d.name;
            continue;
        }
        if (!anyMatch(rebuild, d, target) && !anyMatch(some, d, target))
            unexpected << (d.roles.isEmpty()
                               ? d.name + QStringLiteral(" (no role in the manifest)")
                               : QStringLiteral("%1 (%2)").arg(d.name, d.roles.join(QStringLiteral(", "))));
    }
    if (!rebuiltKept.isEmpty())
        findings << QStringLiteral("rebuilt, expected kept: ") + rebuiltKept.join(QStringLiteral(", "));
    if (!unexpected.isEmpty())
        findings << QStringLiteral("rebuilt, not expected: ") + unexpected.join(QStringLiteral(", "));
    return findings;
}

const Measurement *coldBuild(const Session &session, const QString &strategy, const QString &target,
                             const QString &layout)
{
    for (const auto &m : session.measurements) {
        const ScenarioStep *step = session.scenario.step(m.step);
        if (step && step->kind == ScenarioStep::Kind::Cold && m.strategy == strategy && m.target == target &&
            m.layout == layout && !m.warmup && m.outcome == Measurement::Outcome::Succeeded)
            return &m;
    }
    return nullptr;
}

void checkCell(const Session &session, const Strategy &strategy, const RoleNamer &namer,
               const ScenarioStep &step, const std::vector<const Measurement *> &runs, ExpectationCell &cell)
{
    // By the step's kind: a scenario names its steps as it likes.
    const QString kind = ScenarioStep::kindName(step.kind);
    const auto expected = strategy.expectedRebuilds.find(kind);
    if (expected == strategy.expectedRebuilds.end()) {
        cell.note = QStringLiteral("the manifest expects nothing of a step of kind %1").arg(kind);
        return;
    }
    const QString layout = runs.front()->layout;
    if (layout != QLatin1String("workspace")) {
        cell.note =
            QStringLiteral("the manifest's expectations are for the workspace layout, not %1").arg(layout);
        return;
    }
    const Measurement *cold = coldBuild(session, cell.strategy, cell.target, layout);
    if (!cold) {
        cell.note = QStringLiteral("no successful cold build of %1 for %2 in the session: it tells which "
                                   "derivations the target has")
                        .arg(cell.strategy, cell.target);
        return;
    }
    const QStringList coldNames = builtNames(*cold);
    if (coldNames.isEmpty()) {
        cell.note =
            QStringLiteral("the cold build of %1 for %2 built nothing").arg(cell.strategy, cell.target);
        return;
    }
    const auto coldNamed = named(coldNames, rootName(*cold, coldNames), namer, cell.target);

    QStringList prose;
    const QStringList rebuild = filled(expected->second.rebuild, cell.target, step, prose);
    const QStringList some = filled(expected->second.some, cell.target, step, prose);
    const QStringList keep = filled(expected->second.keep, cell.target, step, prose);

    // Each finding with the runs it was seen in (1-based), in the order first seen.
    std::vector<std::pair<QString, QList<int>>> seen;
    int failed = 0;
    for (const Measurement *m : runs) {
        if (m->outcome != Measurement::Outcome::Succeeded) {
            ++failed;
            continue;
        }
        ++cell.builds;
        const QStringList names = builtNames(*m);
        QStringList known = coldNames;
        known << names;
        const auto built = named(names, rootName(*m, known), namer, cell.target);
        for (const QString &f : checkBuild(coldNamed, built, rebuild, some, keep, cell.target)) {
            auto it = std::find_if(seen.begin(), seen.end(), [&](const auto &p) { return p.first == f; });
            if (it == seen.end())
                seen.push_back({f, {cell.builds}});
            else
                it->second << cell.builds;
        }
    }
    QStringList notes;
    if (failed > 0)
        notes << QStringLiteral("%1 failed build(s) not checked").arg(failed);
    if (!prose.isEmpty())
        notes << QStringLiteral("not a role, not checked: ") + prose.join(QStringLiteral("; "));
    cell.note = notes.join(QStringLiteral("; "));
    if (cell.builds == 0)
        return;
    for (const auto &[finding, in] : seen) {
        if (in.size() == cell.builds) {
            cell.findings << finding;
            continue;
        }
        QStringList which;
        for (int r : in)
            which << QString::number(r);
        cell.findings << QStringLiteral("%1 (build %2 of %3)")
                             .arg(finding, which.join(QStringLiteral(", ")))
                             .arg(cell.builds);
    }
    cell.verdict =
        cell.findings.isEmpty() ? ExpectationCell::Verdict::Agrees : ExpectationCell::Verdict::Differs;
}

} // namespace

QString ExpectationCell::verdictName(Verdict v)
{
    switch (v) {
    case Verdict::Agrees:
        return QStringLiteral("agrees");
    case Verdict::Differs:
        return QStringLiteral("differs");
    case Verdict::NotChecked:
        break;
    }
    return QStringLiteral("not checked");
}

ExpectedRebuildCheck ExpectedRebuildCheck::check(const Session &session, const StrategyCatalog &catalog,
                                                 const WorkspaceInfo &workspace)
{
    // Cells in the session's order of strategies, then scenario steps, then targets; cold steps
    // have no expectation (they are what the others are read against).
    ExpectedRebuildCheck out;
    for (const QString &strategyId : session.strategies) {
        const Strategy *strategy = catalog.find(strategyId);
        std::optional<RoleNamer> namer; // its patterns compiled once for all its cells
        if (strategy)
            namer.emplace(*strategy, workspace);
        for (const auto &step : session.scenario.steps) {
            if (step.kind == ScenarioStep::Kind::Cold)
                continue;
            std::map<QString, std::vector<const Measurement *>> byTarget;
            QStringList targets;
            for (const auto &m : session.measurements) {
                if (m.strategy != strategyId || m.step != step.id || m.warmup ||
                    m.outcome == Measurement::Outcome::Skipped)
                    continue;
                if (!targets.contains(m.target))
                    targets << m.target;
                byTarget[m.target].push_back(&m);
            }
            for (const QString &target : targets) {
                ExpectationCell cell;
                cell.strategy = strategyId;
                cell.step = step.id;
                cell.target = target;
                if (!strategy)
                    cell.note = QStringLiteral("no strategy %1 in this Flakeoff's variants/").arg(strategyId);
                else
                    checkCell(session, *strategy, *namer, step, byTarget[target], cell);
                out.cells.push_back(std::move(cell));
            }
        }
    }
    return out;
}

int ExpectedRebuildCheck::agreeing() const
{
    return int(std::count_if(cells.begin(), cells.end(),
                             [](const auto &c) { return c.verdict == ExpectationCell::Verdict::Agrees; }));
}

int ExpectedRebuildCheck::differing() const
{
    return int(std::count_if(cells.begin(), cells.end(),
                             [](const auto &c) { return c.verdict == ExpectationCell::Verdict::Differs; }));
}

int ExpectedRebuildCheck::unchecked() const
{
    return int(std::count_if(cells.begin(), cells.end(), [](const auto &c) {
        return c.verdict == ExpectationCell::Verdict::NotChecked;
    }));
}

json ExpectedRebuildCheck::toJson() const
{
    json list = json::array();
    for (const auto &c : cells) {
        json findings = json::array();
        for (const QString &f : c.findings)
            findings.push_back(f.toStdString());
        list.push_back({{"strategy", c.strategy.toStdString()},
                        {"step", c.step.toStdString()},
                        {"target", c.target.toStdString()},
                        {"verdict", ExpectationCell::verdictName(c.verdict).toStdString()},
                        {"builds", c.builds},
                        {"findings", findings},
                        {"note", c.note.toStdString()}});
    }
    return {
        {"agreeing", agreeing()}, {"differing", differing()}, {"unchecked", unchecked()}, {"cells", list}};
}

} // namespace flakeoff
