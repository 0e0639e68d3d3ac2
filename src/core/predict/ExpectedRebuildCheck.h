// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

#include <nlohmann/json_fwd.hpp>

#include <vector>

namespace flakeoff {

struct Session;
class StrategyCatalog;
class WorkspaceInfo;

// One cell (strategy, step, target) of a session held against its manifest's expectedRebuilds.
struct ExpectationCell
{
    enum class Verdict
    {
        Agrees,     // every measured build of the cell rebuilt what the manifest says
        Differs,    // see findings
        NotChecked, // see note: no expectation for the step, no cold build to learn the roles from, …
    };

    QString strategy;
    QString step;
    QString target;
    Verdict verdict = Verdict::NotChecked;
    int builds = 0; // measured builds checked
    QStringList
        findings; // what differs, one sentence each ("kept, expected to rebuild (deps:app): app-deps-0.1.0")
    QString note; // why it was not checked, or what of the expectation could not be checked

    static QString verdictName(Verdict v);
};

// Holds every measured build of a session against the strategy manifests' `expectedRebuilds`
// (variants/STRATEGIES.md): `rebuild` roles all of whose derivations rebuild, `some` roles that
// may, `keep` roles none of whose derivations rebuild, and nothing else of the project rebuilds.
// A derivation's roles come from the manifest's artifact patterns (as DerivationClassifier names
// them) plus `final:<target>` for the derivation the target's attribute builds; which derivations
// a target has is read from the same strategy's cold build of that target in the session, so a
// role the target never had (deps:wasm in an app build) is not expected of it. This is the
// mechanical form of "the manifests' expectations match what was built".
class ExpectedRebuildCheck
{
public:
    // `workspace`: the session's workspace (its members name {crate}, {pname} and {version} in
    // the patterns; its lock, when read, {dependency}, else any "<name>-<x.y.z>" that is no member).
    static ExpectedRebuildCheck check(const Session &session, const StrategyCatalog &catalog,
                                      const WorkspaceInfo &workspace);

    std::vector<ExpectationCell> cells; // session's strategy, then step, then target order
    int agreeing() const;
    int differing() const;
    int unchecked() const;

    // {"agreeing","differing","unchecked","cells":[{strategy,step,target,verdict,builds,findings,note}]}
    nlohmann::json toJson() const;
};

} // namespace flakeoff
