// SPDX-License-Identifier: MIT
#include "SettingsDialog.h"

#include "ui_SettingsDialog.h"

#include "AppSettings.h"
#include "ChartPalette.h"
#include "Display.h"
#include "LocalInputsPanel.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QPushButton>

namespace flakeoff::app {

using namespace Display;

SettingsDialog::SettingsDialog(AppSettings *settings, QWidget *parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::SettingsDialog>()), m_settings(settings)
{
    m_ui->setupUi(this);
    for (auto theme : {AppSettings::Theme::System, AppSettings::Theme::Light, AppSettings::Theme::Dark,
                       AppSettings::Theme::HighContrast}) {
        static const char *const labels[] = {"As the system", "Light", "Dark", "High contrast"};
        m_ui->themeCombo->addItem(QString::fromUtf8(labels[static_cast<int>(theme)]),
                                  static_cast<int>(theme));
    }
    m_ui->nixPathEdit->setText(settings->nixPath());
    m_ui->nixOptionsEdit->setText(settings->nixOptions());
    m_ui->sessionsDirEdit->setText(QDir::toNativeSeparators(settings->sessionsDir()));
    m_ui->repeatSpin->setValue(settings->defaultRepeat());
    m_ui->coldRepeatSpin->setValue(settings->defaultColdRepeat());
    m_ui->warmupSpin->setValue(settings->defaultWarmup());
    m_ui->themeCombo->setCurrentIndex(m_ui->themeCombo->findData(static_cast<int>(settings->theme())));
    connect(m_ui->nixPathEdit, &QLineEdit::textChanged, this, &SettingsDialog::checkNixPath);
    connect(m_ui->nixPathButton, &QPushButton::clicked, this, [this] {
        auto *dialog = new QFileDialog(this, QStringLiteral("Choose the nix Program"),
                                       QFileInfo(m_ui->nixPathEdit->text()).absolutePath());
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setFileMode(QFileDialog::ExistingFile);
        connect(dialog, &QFileDialog::fileSelected, m_ui->nixPathEdit, &QLineEdit::setText);
        dialog->open();
    });
    connect(m_ui->sessionsDirButton, &QPushButton::clicked, this, [this] {
        auto *dialog = new QFileDialog(this, QStringLiteral("Choose the Sessions Folder"),
                                       m_ui->sessionsDirEdit->text());
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setFileMode(QFileDialog::Directory);
        dialog->setOption(QFileDialog::ShowDirsOnly);
        connect(dialog, &QFileDialog::fileSelected, m_ui->sessionsDirEdit, [this](const QString &dir) {
            m_ui->sessionsDirEdit->setText(QDir::toNativeSeparators(dir));
        });
        dialog->open();
    });
    // Read-only list and import: not a setting, so not subject to OK/Cancel.
    m_ui->dialogLayout->insertWidget(std::max(0, m_ui->dialogLayout->indexOf(m_ui->buttons) - 1),
                                     new LocalInputsPanel(this));
    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    setTextColor(m_ui->repeatNote, ChartPalette::mutedText());
    checkNixPath();
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::checkNixPath()
{
    const QString path = m_ui->nixPathEdit->text().trimmed();
    QString text;
    bool ok = true;
    if (path.isEmpty()) {
        text = QStringLiteral("The nix found on PATH is used.");
    } else {
        const QFileInfo info(path);
        if (!info.exists()) {
            text = QStringLiteral("%1 does not exist.").arg(path);
            ok = false;
        } else if (!info.isFile() || !info.isExecutable()) {
            text = QStringLiteral("%1 is not an executable program.").arg(path);
            ok = false;
        } else if (info.fileName() != QLatin1String("nix")) {
            text = QStringLiteral(
                "Choose the program named nix (its folder must hold nix-store and nix-build too).");
            ok = false;
        } else {
            text = QStringLiteral("Its folder is put first on PATH for every build.");
        }
    }
    m_ui->nixPathStatus->setText(text);
    setTextColor(m_ui->nixPathStatus, ok ? ChartPalette::mutedText() : ChartPalette::warningText());
    m_ui->buttons->button(QDialogButtonBox::Ok)->setEnabled(ok);
}

void SettingsDialog::accept()
{
    m_settings->setNixPath(m_ui->nixPathEdit->text().trimmed());
    m_settings->setNixOptions(m_ui->nixOptionsEdit->text().trimmed());
    const QString dir = QDir::fromNativeSeparators(m_ui->sessionsDirEdit->text().trimmed());
    m_settings->setSessionsDir(dir.isEmpty() ? QString() : QDir::cleanPath(dir));
    m_settings->setDefaultRepeat(m_ui->repeatSpin->value());
    m_settings->setDefaultColdRepeat(m_ui->coldRepeatSpin->value());
    m_settings->setDefaultWarmup(m_ui->warmupSpin->value());
    m_settings->setTheme(static_cast<AppSettings::Theme>(m_ui->themeCombo->currentData().toInt()));
    QDialog::accept();
}

} // namespace flakeoff::app
