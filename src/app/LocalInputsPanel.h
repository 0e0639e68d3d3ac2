// SPDX-License-Identifier: MIT
#pragma once

#include <QGroupBox>

class QLabel;
class QListWidget;
class QPushButton;

namespace flakeoff::app {

// Settings › Local inputs: the flake inputs and stand-ins real-tool strategies build with when no
// network is reachable (LocalInputStore), read-only, and an Import… button for tarballs or a
// folder (the same import as `flakeoff-cli inputs import`, on the thread pool).
class LocalInputsPanel : public QGroupBox
{
    Q_OBJECT
public:
    explicit LocalInputsPanel(QWidget *parent = nullptr);

    // Imports these tarballs or folders (then assembles the stand-ins), as the Import… button does.
    void importPaths(const QStringList &paths);
    bool isImporting() const { return m_importing; }

Q_SIGNALS:
    void importFinished(const QString &summary);

private:
    void refresh();

    QListWidget *m_list = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_importFiles = nullptr;
    QPushButton *m_importFolder = nullptr;
    bool m_importing = false;
};

} // namespace flakeoff::app
