// SPDX-License-Identifier: MIT
#include "LocalInputsPanel.h"

#include "ChartPalette.h"
#include "Display.h"
#include "strategy/LocalInputStore.h"
#include "util/ThreadPoolTask.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace flakeoff::app {

LocalInputsPanel::LocalInputsPanel(QWidget *parent)
    : QGroupBox(QStringLiteral("Local inputs (for building without a network)"), parent)
{
    setObjectName(QStringLiteral("localInputsGroup"));
    auto *layout = new QVBoxLayout(this);
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("localInputsList"));
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    m_list->setAccessibleName(QStringLiteral("Local inputs"));
    m_list->setMaximumHeight(fontMetrics().height() * 8);
    layout->addWidget(m_list);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("localInputsStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);
    auto *buttons = new QHBoxLayout;
    m_importFiles = new QPushButton(QStringLiteral("Import Tarballs…"), this);
    m_importFolder = new QPushButton(QStringLiteral("Import Folder…"), this);
    buttons->addStretch();
    buttons->addWidget(m_importFiles);
    buttons->addWidget(m_importFolder);
    layout->addLayout(buttons);

    connect(m_importFiles, &QPushButton::clicked, this, [this] {
        auto *dialog = new QFileDialog(this, QStringLiteral("Import Flake Inputs"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setFileMode(QFileDialog::ExistingFiles);
        dialog->setNameFilter(QStringLiteral("Tarballs (*.tar *.tar.gz *.tgz *.tar.xz *.tar.bz2 *.tar.zst)"));
        connect(dialog, &QFileDialog::filesSelected, this, &LocalInputsPanel::importPaths);
        dialog->open();
    });
    connect(m_importFolder, &QPushButton::clicked, this, [this] {
        auto *dialog = new QFileDialog(this, QStringLiteral("Import a Flake Input Folder"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setFileMode(QFileDialog::Directory);
        dialog->setOption(QFileDialog::ShowDirsOnly);
        connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &dir) { importPaths({dir}); });
        dialog->open();
    });
    refresh();
}

void LocalInputsPanel::refresh()
{
    const LocalInputStore store;
    m_list->clear();
    for (const auto &r : store.inputs())
        m_list->addItem(
            r.source.isEmpty()
                ? QStringLiteral("%1 (a folder without a record)").arg(r.name)
                : QStringLiteral("%1 — %2").arg(
                      r.words(), r.revision.isEmpty() ? QStringLiteral("sha256 ") + r.sha256 : r.revision));
    for (const auto &s : store.standins())
        m_list->addItem(s.words + (s.present ? QString() : QStringLiteral(" (its folder is missing)")));
    if (m_list->count() == 0)
        m_list->addItem(QStringLiteral(
            "None: real-tool strategies need a network (import the tools' tarballs to build without one)"));
    if (!m_importing)
        m_status->setText(QStringLiteral("In %1; online, none of them is used.").arg(store.home()));
}

void LocalInputsPanel::importPaths(const QStringList &paths)
{
    if (paths.isEmpty() || m_importing)
        return;
    m_importing = true;
    m_importFiles->setEnabled(false);
    m_importFolder->setEnabled(false);
    m_status->setText(QStringLiteral("Importing %1…").arg(paths.join(QStringLiteral(", "))));
    Display::setTextColor(m_status, ChartPalette::mutedText());
    // Unpacking and assembling take seconds to minutes: on the pool, never on the GUI thread.
    using Outcome = std::pair<bool, QString>;
    runOnPool<Outcome>(
        this,
        [paths]() -> Outcome {
            const LocalInputStore store;
            QStringList done;
            QStringList problems;
            for (const QString &path : paths) {
                const auto r = store.importPath(path);
                if (r.record)
                    done << r.record->words();
                else
                    problems << r.error;
            }
            if (!done.isEmpty()) {
                const auto assembled = store.assembleStandins(LocalInputStore::defaultAssembleScript());
                if (!assembled.ok)
                    problems << assembled.error;
            }
            QString text = done.isEmpty()
                               ? QStringLiteral("Nothing imported.")
                               : QStringLiteral("Imported %1.").arg(done.join(QStringLiteral(", ")));
            if (!problems.isEmpty())
                text += QLatin1Char(' ') + problems.join(QLatin1Char(' '));
            return {problems.isEmpty(), text};
        },
        [this](const Outcome &outcome) {
            m_importing = false;
            m_importFiles->setEnabled(true);
            m_importFolder->setEnabled(true);
            refresh();
            m_status->setText(outcome.second);
            Display::setTextColor(m_status,
                                  outcome.first ? ChartPalette::mutedText() : ChartPalette::warningText());
            Q_EMIT importFinished(outcome.second);
        });
}

} // namespace flakeoff::app
