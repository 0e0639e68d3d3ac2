// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

#include <memory>

namespace Ui {
class SettingsDialog;
}

namespace flakeoff::app {

class AppSettings;

// Edits AppSettings: which nix, extra options for every build, defaults for new runs, the theme.
// Nothing changes until OK.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SettingsDialog(AppSettings *settings, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    void accept() override;

private:
    void checkNixPath();

    std::unique_ptr<Ui::SettingsDialog> m_ui;
    AppSettings *m_settings;
};

} // namespace flakeoff::app
