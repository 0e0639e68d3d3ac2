// SPDX-License-Identifier: MIT
#include "SessionBuildPicker.h"

#include "ChartPalette.h"
#include "Display.h"
#include "session/SessionStore.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>

#include <optional>

namespace flakeoff::app {

namespace {
bool sameBuild(const Measurement &a, const Measurement &b)
{
    return a.strategy == b.strategy && a.step == b.step && a.target == b.target &&
           a.repetition == b.repetition && a.warmup == b.warmup;
}
} // namespace

SessionBuildPicker::SessionBuildPicker(QWidget *parent)
    : QWidget(parent), m_combo(new QComboBox(this)), m_note(new QLabel(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 0);
    auto *label = new QLabel(QStringLiteral("Build of the session:"), this);
    label->setBuddy(m_combo);
    m_combo->setObjectName(QStringLiteral("sessionBuildCombo"));
    m_combo->setAccessibleName(QStringLiteral("Build of the session whose log is shown"));
    m_combo->setToolTip(QStringLiteral("Every build of the session opened: its step, strategy, target "
                                       "and run. Logs opened by hand (Ctrl+L) are shown here too."));
    m_combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_combo->setMaxVisibleItems(20);
    m_note->setObjectName(QStringLiteral("sessionBuildNote"));
    Display::setTextColor(m_note, ChartPalette::mutedText());
    layout->addWidget(label);
    layout->addWidget(m_combo);
    layout->addWidget(m_note, 1);
    connect(m_combo, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index >= 0)
            choose(index);
    });
    hide();
}

void SessionBuildPicker::setSession(std::shared_ptr<const Session> session, const QString &sessionPath)
{
    // The same session again, grown by a build (a run, a replay): what is shown stays.
    const bool sameSession = m_session && session && sessionPath == m_sessionPath;
    std::optional<Measurement> kept;
    if (const int before = currentIndex(); sameSession && before >= 0)
        kept = m_session->measurements[m_entries[static_cast<std::size_t>(before)].measurement];
    if (!sameSession)
        m_other.clear();

    m_session = std::move(session);
    m_sessionPath = sessionPath;
    setVisible(m_session != nullptr);
    m_entries =
        m_session ? SessionLogs::of(*m_session,
                                    sessionPath.isEmpty() ? QString() : SessionStore::logFolder(sessionPath))
                  : std::vector<SessionLogs::Entry>();
    fill();
    if (!m_session || (sameSession && !m_other.isEmpty()))
        return;
    if (kept) {
        for (std::size_t i = 0; i < m_entries.size(); ++i)
            if (sameBuild(m_session->measurements[m_entries[i].measurement], *kept)) {
                const QSignalBlocker block(m_combo);
                m_combo->setCurrentIndex(static_cast<int>(i));
                return;
            }
    }
    choose(SessionLogs::firstOfInterest(*m_session, m_entries));
}

void SessionBuildPicker::fill()
{
    const QSignalBlocker block(m_combo);
    m_combo->clear();
    for (const SessionLogs::Entry &e : m_entries)
        m_combo->addItem(e.label);
    updatePlaceholder();
    m_combo->setCurrentIndex(-1);
}

void SessionBuildPicker::updatePlaceholder()
{
    if (!m_other.isEmpty())
        m_combo->setPlaceholderText(QStringLiteral("another log: %1").arg(m_other));
    else
        m_combo->setPlaceholderText(m_entries.empty() ? QStringLiteral("this session has no builds")
                                                      : QString());
}

bool SessionBuildPicker::choose(const Measurement &m)
{
    if (!m_session)
        return false;
    for (std::size_t i = 0; i < m_entries.size(); ++i)
        if (sameBuild(m_session->measurements[m_entries[i].measurement], m)) {
            choose(static_cast<int>(i));
            return true;
        }
    return false;
}

void SessionBuildPicker::choose(int index)
{
    if (index < 0 || index >= static_cast<int>(m_entries.size())) {
        Q_EMIT buildChosen(
            SessionLogs::Entry{0, QString(), QString(), QStringLiteral("This session has no builds.")});
        return;
    }
    m_other.clear();
    {
        const QSignalBlocker block(m_combo);
        updatePlaceholder();
        m_combo->setCurrentIndex(index);
    }
    Q_EMIT buildChosen(m_entries[static_cast<std::size_t>(index)]);
}

void SessionBuildPicker::showOther(const QString &name)
{
    m_other = name;
    const QSignalBlocker block(m_combo);
    updatePlaceholder();
    m_combo->setCurrentIndex(-1);
}

void SessionBuildPicker::setNote(const QString &text)
{
    m_note->setText(text);
}

int SessionBuildPicker::currentIndex() const
{
    return m_session ? m_combo->currentIndex() : -1;
}

} // namespace flakeoff::app
