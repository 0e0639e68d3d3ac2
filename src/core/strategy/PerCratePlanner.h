// SPDX-License-Identifier: MIT
#pragma once

#include "PerCrateGenerator.h"

#include <QSet>
#include <QString>
#include <QStringList>

#include <map>
#include <vector>

namespace flakeoff {

// PerCrateGenerator's work, one pass after another: checks the unit graph, groups units into steps
// (a package's library with its binaries and build script), wires and orders them, hashes each
// step's identity, names them, describes their sources and writes the Nix file. One planner per
// generated file.
class PerCratePlanner
{
public:
    PerCratePlanner(const CargoMetadata &metadata, const CargoUnitGraph &graph,
                    const PerCrateOptions &options)
        : m_meta(metadata), m_graph(graph), m_units(graph.units()), m_options(options)
    {
    }

    PerCrateResult run();

private:
    struct Step
    {
        const CargoPackage *package = nullptr;
        int lib = -1;                // library or proc-macro unit
        std::vector<int> bins;       // binaries of the same package
        int run = -1;                // build script run unit, folded into this step
        int script = -1;             // build script compile unit
        std::map<QString, int> deps; // extern name → step
        QSet<QString> noprelude;
        std::map<QString, int> scriptDeps; // extern name → step (build-dependencies)
        std::map<QString, int> linksDeps;  // `links` name → step whose build script sets DEP_<NAME>_*
        std::map<int, QString> unitHash;   // lib, bins, script → `-C metadata`
        QString runHash;
        QString hash; // the step's identity (its library's hash, else a binary's)
        QString attr;
        bool primary = false; // one of the requested packages (CARGO_PRIMARY_PACKAGE)
    };

    bool check();
    bool makeSteps();
    bool wireStep(int self);
    bool order();
    bool visit(int step, std::vector<int> &state);
    void hashSteps();
    void name();
    bool describeSources();
    QString emit() const;
    QString emitStep(const Step &step) const;
    QString unitName(int index) const;
    QString packageIdentity(const CargoPackage &p) const;
    QStringList unitIdentity(int index) const;
    QString relativeRoot(const Step &step, int unit, QString &root);

    const CargoMetadata &m_meta;
    const CargoUnitGraph &m_graph;
    const std::vector<Unit> &m_units;
    PerCrateOptions m_options;
    std::vector<Step> m_steps;
    std::vector<int> m_stepOfUnit;
    std::vector<int> m_topo;
    std::map<int, int> m_runOwner;                    // run unit → the step that folds it in
    std::map<const CargoPackage *, QString> m_source; // Nix text of each package's `source`
    std::map<int, QString> m_roots;                   // unit → crate root path relative to its package
    QString m_registryParent;
    QString m_error;
};

} // namespace flakeoff
