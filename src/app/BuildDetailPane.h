// SPDX-License-Identifier: MIT
#pragma once

#include "log/BuildReport.h"

#include <QWidget>

#include <memory>

namespace Ui {
class BuildDetailPane;
}

namespace flakeoff::app {

// Everything about one build: its facts, phases with durations, error and last log lines.
class BuildDetailPane : public QWidget
{
    Q_OBJECT

public:
    explicit BuildDetailPane(QWidget *parent = nullptr);
    ~BuildDetailPane() override;

    // `build` may be null (nothing selected); `timed` = false says times are unknown, not zero.
    void showBuild(const DerivationBuild *build, bool timed);
    // What the pane says when nothing is selected.
    void setPlaceholder(const QString &text);

    QString tailText() const;
    QString errorText() const;
    int phaseCount() const;

private:
    void fillPhases(const DerivationBuild &build);

    std::unique_ptr<Ui::BuildDetailPane> m_ui;
};

} // namespace flakeoff::app
