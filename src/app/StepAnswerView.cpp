// SPDX-License-Identifier: MIT
#include "StepAnswerView.h"

#include "ChartPalette.h"
#include "CompareGridModel.h"
#include "Display.h"

#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace flakeoff::app {

namespace {
enum Column
{
    Name,
    Median,
    Factor,
    Verdict,
    Runs,
    Rebuilt,
    ColumnCount
};

// A font relative to the view's own (inherited, so presentation mode's larger type reaches it).
QFont scaled(const QFont &base, qreal scale, bool bold)
{
    QFont f = base;
    f.setPointSizeF(base.pointSizeF() * scale);
    f.setBold(bold);
    return f;
}

QLabel *label(const QString &text, QWidget *parent)
{
    auto *l = new QLabel(text, parent);
    l->setTextFormat(Qt::PlainText);
    return l;
}
} // namespace

StepAnswerView::StepAnswerView(CompareGridModel *model, QWidget *parent)
    : QWidget(parent), m_model(model), m_headline(new QLabel(this)), m_verdict(new QLabel(this)),
      m_table(new QWidget(this)), m_grid(new QGridLayout(m_table)), m_keys(new QLabel(this))
{
    setObjectName(QStringLiteral("stepAnswer"));
    m_headline->setObjectName(QStringLiteral("stepAnswerHeadline"));
    m_headline->setTextFormat(Qt::PlainText);
    m_headline->setWordWrap(true);
    m_verdict->setObjectName(QStringLiteral("stepAnswerVerdict"));
    m_verdict->setTextFormat(Qt::PlainText);
    m_verdict->setWordWrap(true);
    m_keys->setObjectName(QStringLiteral("presentationKeys"));
    m_keys->setText(QStringLiteral("← → chart   ↑ ↓ (or Page Up/Down) step   F11 leave presentation"));
    m_keys->setWordWrap(true);
    Display::setTextColor(m_keys, ChartPalette::mutedText());
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setHorizontalSpacing(24);
    m_grid->setVerticalSpacing(4);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_headline);
    layout->addWidget(m_verdict);
    layout->addWidget(m_table);
    layout->addWidget(m_keys);
    connect(m_model, &QAbstractItemModel::modelReset, this, &StepAnswerView::rebuild);
    rebuild();
}

void StepAnswerView::setStep(int row)
{
    m_step = std::clamp(row, 0, std::max(0, m_model->rowCount() - 1));
    rebuild();
}

QString StepAnswerView::headline() const
{
    return m_headline->text();
}

QString StepAnswerView::verdictLine() const
{
    return m_verdict->text();
}

QLabel *StepAnswerView::cellLabel(int strategy, int column) const
{
    if (strategy < 0 || strategy >= static_cast<int>(m_cells.size()) || column < 0 || column >= ColumnCount)
        return nullptr;
    return m_cells[static_cast<std::size_t>(strategy)][static_cast<std::size_t>(column)];
}

void StepAnswerView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        rebuild();
}

void StepAnswerView::rebuild()
{
    const QFont base = font();
    m_headline->setFont(scaled(base, 1.2, true));
    m_verdict->setFont(scaled(base, 1.0, true));
    m_keys->setFont(scaled(base, 0.75, false));
    m_cells.clear();
    while (QLayoutItem *item = m_grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const int rows = m_model->rowCount();
    m_step = std::clamp(m_step, 0, std::max(0, rows - 1));
    if (rows == 0) {
        m_headline->setText(QStringLiteral("Nothing measured yet"));
        m_verdict->clear();
        return;
    }
    const QString step = m_model->steps().at(m_step);
    const QString description =
        m_model->headerData(m_step, Qt::Vertical, CompareGridModel::StepLabelRole).toString();
    m_headline->setText(QStringLiteral("%1 · %2%3 (step %4 of %5)")
                            .arg(m_model->target(), step,
                                 description == step ? QString() : QStringLiteral(": ") + description)
                            .arg(m_step + 1)
                            .arg(rows));

    // The step's verdict in one sentence: the core's winner, or why there is none.
    QString winner;
    QString quickest;
    QString quickestVerdict;
    for (int c = 0; c < m_model->columnCount(); ++c) {
        const QModelIndex i = m_model->index(m_step, c);
        if (i.data(CompareGridModel::WinnerRole).toBool())
            winner = m_model->strategies().at(c);
        if (i.data(CompareGridModel::QuickestRole).toBool()) {
            quickest = m_model->strategies().at(c);
            quickestVerdict = i.data(CompareGridModel::VerdictRole).toString();
        }
    }
    if (!winner.isEmpty())
        m_verdict->setText(QStringLiteral("★ %1 rebuilds this step fastest: every other strategy is "
                                          "distinguishably slower.")
                               .arg(winner));
    else if (!quickest.isEmpty())
        // The quickest cell's verdict reads "lowest median, not distinguishable (…)".
        m_verdict->setText(QStringLiteral("No winner: %1 has the %2.").arg(quickest, quickestVerdict));
    else
        m_verdict->setText(QStringLiteral("No winner: no strategy has a time in this step."));

    const QStringList headers{
        QStringLiteral("Strategy"), QStringLiteral("Median"), QStringLiteral("× quickest (95% interval)"),
        QStringLiteral("Verdict"),  QStringLiteral("Runs"),   QStringLiteral("Rebuilt")};
    for (int c = 0; c < ColumnCount; ++c) {
        QLabel *h = label(headers.at(c), m_table);
        h->setFont(scaled(base, 0.85, true));
        Display::setTextColor(h, ChartPalette::mutedText());
        m_grid->addWidget(h, 0, c);
    }
    for (int s = 0; s < m_model->columnCount(); ++s) {
        const QModelIndex i = m_model->index(m_step, s);
        const bool wins = i.data(CompareGridModel::WinnerRole).toBool();
        const bool timed = i.data(CompareGridModel::MedianRole).isValid();
        const QVariant built = i.data(CompareGridModel::BuiltRole);
        QString verdict = timed ? i.data(CompareGridModel::VerdictRole).toString()
                                : i.data(CompareGridModel::NoTimeRole).toString();
        if (const QString problem = i.data(CompareGridModel::ProblemRole).toString();
            !timed && !problem.isEmpty())
            verdict += QStringLiteral(": ") + problem;
        const QStringList texts{
            (wins ? QStringLiteral("★ ") : QString()) + m_model->strategies().at(s),
            timed ? i.data(CompareGridModel::MedianTextRole).toString() : QStringLiteral("—"),
            timed ? QStringLiteral("×") + i.data(CompareGridModel::RelativeRole).toString()
                  : QStringLiteral("—"),
            verdict,
            i.data(CompareGridModel::RunsRole).toString(),
            built.isValid() ? QString::number(built.toDouble(), 'g', 4) : QStringLiteral("—")};
        std::vector<QLabel *> row;
        for (int c = 0; c < ColumnCount; ++c) {
            QLabel *l = label(texts.at(c), m_table);
            l->setToolTip(i.data(Qt::ToolTipRole).toString());
            l->setFont(scaled(base, 1.0, wins));
            if (!timed && c == Verdict)
                Display::setTextColor(l, i.data(Qt::ForegroundRole).value<QColor>());
            if (c == Verdict || c == Runs)
                l->setWordWrap(true);
            m_grid->addWidget(l, s + 1, c);
            row.push_back(l);
        }
        m_cells.push_back(std::move(row));
    }
    m_grid->setColumnStretch(Verdict, 1);
}

} // namespace flakeoff::app
