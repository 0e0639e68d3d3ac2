// SPDX-License-Identifier: MIT
#include "BuildDetailPane.h"

#include "ui_BuildDetailPane.h"

#include "ChartPalette.h"
#include "Display.h"

#include <QFontDatabase>

namespace flakeoff::app {

using namespace Display;

namespace {
enum PhaseColumn
{
    PhaseName,
    PhaseStart,
    PhaseDuration,
    PhaseShare
};
} // namespace

BuildDetailPane::BuildDetailPane(QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::BuildDetailPane>())
{
    m_ui->setupUi(this);

    setFontScale(m_ui->nameLabel, 1.25, true);
    setFontScale(m_ui->phasesHeading, 1.0, true);
    setFontScale(m_ui->tailHeading, 1.0, true);
    setTextColor(m_ui->emptyLabel, ChartPalette::mutedText());
    setTextColor(m_ui->errorLabel, ChartPalette::statusColor(BuildStatus::Failed));
    for (QLabel *caption : {m_ui->statusCaption, m_ui->startCaption, m_ui->durationCaption, m_ui->waitCaption,
                            m_ui->machineCaption})
        setTextColor(caption, ChartPalette::mutedText());

    // The path reads as text, not as an input field.
    QPalette pathPalette = m_ui->drvPathEdit->palette();
    pathPalette.setColor(QPalette::Base, Qt::transparent);
    pathPalette.setColor(QPalette::Text, ChartPalette::mutedText());
    m_ui->drvPathEdit->setPalette(pathPalette);

    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_ui->tailView->setFont(mono);
    m_ui->drvPathEdit->setFont(mono);

    auto *header = m_ui->phasesTree->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(PhaseName, QHeaderView::Stretch);
    for (int c : {PhaseStart, PhaseDuration, PhaseShare}) {
        header->setSectionResizeMode(c, QHeaderView::ResizeToContents);
        m_ui->phasesTree->headerItem()->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
    }
    m_ui->phasesTree->headerItem()->setToolTip(PhaseStart, QStringLiteral("Seconds after the build started"));
    m_ui->phasesTree->headerItem()->setToolTip(PhaseShare, QStringLiteral("Share of the build's duration"));
    showBuild(nullptr, true);
}

BuildDetailPane::~BuildDetailPane() = default;

void BuildDetailPane::setPlaceholder(const QString &text)
{
    m_ui->emptyLabel->setText(text);
}

void BuildDetailPane::showBuild(const DerivationBuild *build, bool timed)
{
    if (!build) {
        m_ui->stack->setCurrentWidget(m_ui->emptyPage);
        m_ui->tailView->clear();
        m_ui->phasesTree->clear();
        m_ui->errorLabel->clear();
        return;
    }
    const DerivationBuild &b = *build;
    m_ui->stack->setCurrentWidget(m_ui->buildPage);
    m_ui->nameLabel->setText(qs(b.name));
    m_ui->drvPathEdit->setText(qs(b.drvPath));
    m_ui->drvPathEdit->setCursorPosition(0);

    m_ui->statusValue->setText(statusName(b.status));
    setTextColor(m_ui->statusValue, ChartPalette::statusColor(b.status));
    const QString untimed = QStringLiteral("unknown (no arrival times in this log)");
    m_ui->startValue->setText(timed ? duration(b.startUs) + QStringLiteral(" after the command started")
                                    : untimed);
    m_ui->durationValue->setText(timed ? duration(b.durationUs()) : untimed);
    m_ui->waitValue->setText(b.waitUs ? duration(b.waitUs) : QStringLiteral("no wait recorded"));
    m_ui->machineValue->setText(
        b.machine.empty()
            ? QStringLiteral("this machine")
            : qs(b.machine) +
                  (b.copyUs ? QStringLiteral(" (plus %1 copying to and from it)").arg(duration(b.copyUs))
                            : QString()) +
                  (b.onlyCopiedBack ? QStringLiteral(" — not built there: it already had it") : QString()));

    // Nix's message, then the builder's own first error (the cause; the tail below has the rest).
    QString error = qs(b.error);
    if (const std::string cause = b.firstErrorLine(); b.status == BuildStatus::Failed && !cause.empty())
        error += (error.isEmpty() ? QString() : QStringLiteral("\n")) + QStringLiteral("First error: ") +
                 qs(cause);
    m_ui->errorLabel->setText(error);
    m_ui->errorLabel->setVisible(!error.isEmpty());

    fillPhases(b);

    QStringList lines;
    lines.reserve(static_cast<qsizetype>(b.lastLines.size()));
    for (const auto &line : b.lastLines)
        lines << qs(line);
    m_ui->tailView->setPlainText(lines.join(QLatin1Char('\n')));
    // The end is where failures explain themselves; start of line keeps the view scrolled left.
    m_ui->tailView->moveCursor(QTextCursor::End);
    m_ui->tailView->moveCursor(QTextCursor::StartOfLine);
    m_ui->tailView->ensureCursorVisible();
    if (b.logLines == 0)
        m_ui->tailHeading->setText(QStringLiteral("Log: no lines"));
    else if (static_cast<std::int64_t>(b.lastLines.size()) < b.logLines)
        m_ui->tailHeading->setText(
            QStringLiteral("Log: last %1 of %2 lines").arg(b.lastLines.size()).arg(b.logLines));
    else
        m_ui->tailHeading->setText(QStringLiteral("Log: all %1 lines").arg(b.logLines));
}

void BuildDetailPane::fillPhases(const DerivationBuild &b)
{
    m_ui->phasesTree->clear();
    const TimeUs total = b.durationUs();
    for (const auto &p : b.phases) {
        auto *item = new QTreeWidgetItem(m_ui->phasesTree);
        item->setText(PhaseName, phaseName(p.name));
        // Phase starts relative to the build's start read better than times since the command.
        const TimeUs start = p.startUs && b.startUs ? TimeUs(*p.startUs - *b.startUs) : std::nullopt;
        item->setText(PhaseStart, seconds(start));
        item->setText(PhaseDuration, seconds(p.durationUs()));
        const TimeUs d = p.durationUs();
        item->setText(PhaseShare,
                      d && total && *total > 0
                          ? QStringLiteral("%1 %").arg(
                                100.0 * static_cast<double>(*d) / static_cast<double>(*total), 0, 'f', 0)
                          : unknown());
        item->setToolTip(PhaseDuration, exactSeconds(d));
        for (int c : {PhaseStart, PhaseDuration, PhaseShare})
            item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
    }
    const bool any = !b.phases.empty();
    m_ui->phasesHeading->setText(any ? QStringLiteral("Phases") : QStringLiteral("Phases: none reported"));
    m_ui->phasesTree->setVisible(any);
    // Tall enough for every phase, no taller: the log tail below gets the rest.
    const int rows = static_cast<int>(b.phases.size());
    const int rowHeight = m_ui->phasesTree->sizeHintForRow(0) > 0 ? m_ui->phasesTree->sizeHintForRow(0)
                                                                  : fontMetrics().height() + 4;
    m_ui->phasesTree->setFixedHeight(m_ui->phasesTree->header()->sizeHint().height() + rows * rowHeight +
                                     2 * m_ui->phasesTree->frameWidth() + 2);
}

QString BuildDetailPane::tailText() const
{
    return m_ui->tailView->toPlainText();
}

QString BuildDetailPane::errorText() const
{
    return m_ui->errorLabel->text();
}

int BuildDetailPane::phaseCount() const
{
    return m_ui->phasesTree->topLevelItemCount();
}

} // namespace flakeoff::app
