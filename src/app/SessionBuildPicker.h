// SPDX-License-Identifier: MIT
#pragma once

#include "session/SessionLogs.h"

#include <QWidget>

#include <memory>
#include <vector>

class QComboBox;
class QLabel;

namespace flakeoff::app {

// The Log page's line over a session: which of its builds to show (step × strategy × target × run,
// SessionLogs' order and names). A new session chooses the build a reader opens it for
// (SessionLogs::firstOfInterest); the same session grown by a build (a run, a replay) keeps the
// choice. Hidden while no session is shown.
class SessionBuildPicker : public QWidget
{
    Q_OBJECT

public:
    explicit SessionBuildPicker(QWidget *parent = nullptr);

    // Null hides the line. Emits buildChosen when the build to show changes.
    void setSession(std::shared_ptr<const Session> session, const QString &sessionPath);
    // Chooses the session's build `m` (same strategy, step, target and run) and emits buildChosen;
    // false when the session shown has no such build.
    bool choose(const Measurement &m);
    // A log that is none of the session's builds is shown (opened by hand): no build is chosen.
    void showOther(const QString &name);
    // Says, beside the choice, what is happening to it ("Reading…"); empty clears.
    void setNote(const QString &text);

    const std::vector<SessionLogs::Entry> &entries() const { return m_entries; }
    // The chosen entry's index; -1 when none (no session, or another log shown).
    int currentIndex() const;

Q_SIGNALS:
    void buildChosen(const flakeoff::SessionLogs::Entry &entry);

private:
    void choose(int index);
    void fill();
    void updatePlaceholder();

    QComboBox *m_combo;
    QLabel *m_note;
    std::shared_ptr<const Session> m_session;
    QString m_sessionPath;
    std::vector<SessionLogs::Entry> m_entries;
    QString m_other; // the file name of a log opened by hand shown instead of a build
};

} // namespace flakeoff::app
