// SPDX-License-Identifier: MIT
#pragma once

#include "ReadOnlyTableModel.h"
#include "log/BuildReport.h"

#include <memory>

namespace flakeoff::app {

// The derivations of the build in progress, as nix-output-monitor lists them: the ones building
// now with their current phase and running time, and the ones finished with their times. Fed with
// the runner's report snapshots (about ten a second): a snapshot of the same build only appends
// rows and changes the rows that changed, so selection and scrolling survive; a snapshot of a new
// build resets the model. Rows stay in start order; SortRole puts running builds first (oldest
// first), then failures, then the most recently finished.
class RunningBuildsModel : public ReadOnlyTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        StatusColumn,
        PhaseColumn,
        TimeColumn,
        LinesColumn,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole, // qint64: group, then time
        StatusRole,              // BuildStatus as int
        DrvPathRole,
    };

    explicit RunningBuildsModel(QObject *parent = nullptr);

    // `nowUs` is "now" on the report's clock (µs since its process started): running times count
    // to it. A null report clears the model.
    void setReport(std::shared_ptr<const BuildReport> report, std::int64_t nowUs);
    // Moves "now" on: only the running rows' times change.
    void setNow(std::int64_t nowUs);
    void clear() { setReport(nullptr, 0); }

    const std::shared_ptr<const BuildReport> &report() const { return m_report; }
    std::int64_t now() const { return m_nowUs; }
    const DerivationBuild *build(int row) const;
    int rowOf(const std::string &drvPath) const; // -1 when absent
    int runningCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    // The phase a running build is in ("build", "install"), or empty.
    static QString currentPhase(const DerivationBuild &b);

private:
    bool sameRun(const BuildReport &next) const;
    static bool rowChanged(const DerivationBuild &a, const DerivationBuild &b);
    std::optional<std::int64_t> shownTimeUs(const DerivationBuild &b) const;
    qint64 sortKey(const DerivationBuild &b) const;

    std::shared_ptr<const BuildReport> m_report;
    std::int64_t m_nowUs = 0;
};

} // namespace flakeoff::app
