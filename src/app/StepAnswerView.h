// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

#include <vector>

class QGridLayout;
class QLabel;

namespace flakeoff::app {

class CompareGridModel;

// The answer for one scenario step, large enough to read from the back of a room (presentation
// mode): which strategy wins the step and whether that is real, then one line per strategy — its
// median, its factor to the quickest with the 95% interval, the verdict, the runs and the
// derivations rebuilt — from a CompareGridModel row. Nothing is elided: a label that does not fit
// wraps (the verdict) or widens the layout.
class StepAnswerView : public QWidget
{
    Q_OBJECT

public:
    explicit StepAnswerView(CompareGridModel *model, QWidget *parent = nullptr);

    // A row of the model; clamped to its steps.
    void setStep(int row);
    int step() const { return m_step; }

    QString headline() const;
    QString verdictLine() const;
    // The label showing a strategy's fact (column 0 name, 1 median, 2 factor, 3 verdict, 4 runs,
    // 5 rebuilt); null when out of range.
    QLabel *cellLabel(int strategy, int column) const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuild();

    CompareGridModel *m_model;
    int m_step = 0;
    QLabel *m_headline;
    QLabel *m_verdict;
    QWidget *m_table;
    QGridLayout *m_grid;
    QLabel *m_keys;
    std::vector<std::vector<QLabel *>> m_cells; // [strategy][column]
};

} // namespace flakeoff::app
