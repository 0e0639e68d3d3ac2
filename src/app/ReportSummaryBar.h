// SPDX-License-Identifier: MIT
#pragma once

#include <QFrame>

class QHBoxLayout;
class QLabel;

namespace flakeoff::app {

struct LoadedLog;

// The headline of a loaded log: which file and command, then the numbers that matter at a
// glance (wall, eval, built/failed/interrupted/substituted, exit code) and notes about the data
// itself (no arrival times, malformed lines).
class ReportSummaryBar : public QFrame
{
    Q_OBJECT

public:
    explicit ReportSummaryBar(QWidget *parent = nullptr);

    void setLog(const LoadedLog &log);

    // The value shown under a caption ("Wall", "Failed" …), for tests and accessibility checks.
    QString value(const QString &caption) const;
    QString notes() const;

private:
    QLabel *addTile(const QString &caption, const QString &toolTip);

    QLabel *m_file = nullptr;
    QLabel *m_command = nullptr;
    QLabel *m_recorded = nullptr;
    QLabel *m_wall = nullptr;
    QLabel *m_eval = nullptr;
    QLabel *m_built = nullptr;
    QLabel *m_failed = nullptr;
    QLabel *m_interrupted = nullptr;
    QLabel *m_substituted = nullptr;
    QLabel *m_exit = nullptr;
    QLabel *m_notes = nullptr;
    QHBoxLayout *m_tiles = nullptr;
};

} // namespace flakeoff::app
