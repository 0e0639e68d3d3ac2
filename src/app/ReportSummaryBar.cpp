// SPDX-License-Identifier: MIT
#include "ReportSummaryBar.h"

#include "ChartPalette.h"
#include "Display.h"
#include "LoadedLog.h"

#include <QDateTime>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QTextDocumentFragment>
#include <QVBoxLayout>

namespace flakeoff::app {

using namespace Display;

namespace {
QString colored(const QString &text, const QColor &color)
{
    return QStringLiteral("<span style=\"color:%1\">%2</span>").arg(color.name(), text.toHtmlEscaped());
}

QString count(std::int64_t n, BuildStatus status)
{
    // Zero stays neutral: colour only what needs attention.
    const QString text = QString::number(n);
    return n > 0 && status != BuildStatus::Built ? colored(text, ChartPalette::statusColor(status)) : text;
}
} // namespace

ReportSummaryBar::ReportSummaryBar(QWidget *parent) : QFrame(parent)
{
    setFrameShape(QFrame::StyledPanel);
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);

    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(12, 8, 12, 8);
    outer->setSpacing(6);

    auto *head = new QHBoxLayout;
    m_file = new QLabel(this);
    setFontScale(m_file, 1.2, true);
    m_file->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_command = new QLabel(this);
    m_command->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_command->setSizePolicy(QSizePolicy::Ignored,
                             QSizePolicy::Preferred); // long commands must not widen the window
    setTextColor(m_command, ChartPalette::mutedText());
    m_recorded = new QLabel(this);
    setTextColor(m_recorded, ChartPalette::mutedText());
    head->addWidget(m_file);
    head->addSpacing(12);
    head->addWidget(m_command, 1);
    head->addWidget(m_recorded);
    outer->addLayout(head);

    m_tiles = new QHBoxLayout;
    m_tiles->setSpacing(28);
    m_wall = addTile(QStringLiteral("Wall"), QStringLiteral("From the command's start to its exit"));
    m_eval = addTile(QStringLiteral("Eval"),
                     QStringLiteral("From the first log event to the first build or download: "
                                    "evaluation and planning"));
    m_built = addTile(QStringLiteral("Built"), QStringLiteral("Derivations built successfully"));
    m_failed = addTile(QStringLiteral("Failed"), QStringLiteral("Derivations whose builder failed"));
    m_interrupted = addTile(QStringLiteral("Interrupted"),
                            QStringLiteral("Builds stopped before they finished (another build failed, "
                                           "or the log ended first)"));
    m_substituted =
        addTile(QStringLiteral("Substituted"), QStringLiteral("Store paths fetched from a binary cache"));
    m_exit = addTile(QStringLiteral("Exit code"), QStringLiteral("The exit code of the captured command"));
    m_tiles->addStretch(1);
    outer->addLayout(m_tiles);

    m_notes = new QLabel(this);
    m_notes->setWordWrap(true);
    m_notes->setTextFormat(Qt::RichText);
    setTextColor(m_notes, ChartPalette::warningText());
    m_notes->hide();
    outer->addWidget(m_notes);
}

QLabel *ReportSummaryBar::addTile(const QString &caption, const QString &toolTip)
{
    auto *box = new QVBoxLayout;
    box->setSpacing(0);
    auto *captionLabel = new QLabel(caption.toUpper(), this);
    setFontScale(captionLabel, 0.8, false);
    setTextColor(captionLabel, ChartPalette::mutedText());

    auto *value = new QLabel(this);
    setFontScale(value, 1.35, true);
    value->setTextFormat(Qt::RichText);
    value->setObjectName(caption);
    value->setAccessibleName(caption);
    captionLabel->setToolTip(toolTip);
    value->setToolTip(toolTip);
    captionLabel->setBuddy(value);

    box->addWidget(captionLabel);
    box->addWidget(value);
    m_tiles->addLayout(box);
    return value;
}

void ReportSummaryBar::setLog(const LoadedLog &log)
{
    const BuildReport &r = *log.report;
    m_file->setText(QFileInfo(log.path).fileName());
    m_file->setToolTip(log.path);
    const auto command = log.metadata.find("command");
    const QString commandText = command != log.metadata.end() ? qs(command->second) : QString();
    m_command->setText(commandText.isEmpty() ? QString() : QStringLiteral("$ ") + commandText);
    m_command->setToolTip(commandText);
    const auto started = log.metadata.find("started");
    const QDateTime when = started != log.metadata.end()
                               ? QDateTime::fromString(qs(started->second), Qt::ISODateWithMs)
                               : QDateTime();
    m_recorded->setText(when.isValid() ? QStringLiteral("recorded ") +
                                             QLocale().toString(when.toLocalTime(), QLocale::ShortFormat)
                                       : QString());

    m_wall->setText(duration(r.wallUs()));
    m_eval->setText(duration(r.evalUs()));
    m_built->setText(count(r.countWithStatus(BuildStatus::Built), BuildStatus::Built));
    m_failed->setText(count(r.countWithStatus(BuildStatus::Failed), BuildStatus::Failed));
    m_interrupted->setText(count(r.countWithStatus(BuildStatus::Interrupted), BuildStatus::Interrupted));
    m_substituted->setText(QString::number(r.substitutedCount()));
    if (!r.exitCode)
        m_exit->setText(unknown());
    else
        m_exit->setText(
            colored(QString::number(*r.exitCode),
                    ChartPalette::statusColor(*r.exitCode == 0 ? BuildStatus::Built : BuildStatus::Failed)));

    QStringList notes;
    if (!r.timed)
        notes << QStringLiteral("Durations unknown: this is a plain capture without arrival times. "
                                "Record with <code>flakeoff-cli capture</code> to get them.");
    if (r.malformedCount > 0)
        notes << (r.malformedCount == 1 ? QStringLiteral("1 malformed line was")
                                        : QStringLiteral("%1 malformed lines were").arg(r.malformedCount)) +
                     QStringLiteral(" dropped while reading: see <i>Input problems</i>.");
    if (r.eventCount == 0)
        notes << QStringLiteral("This file holds no Nix log event: was it written with "
                                "<code>--log-format internal-json</code>?");
    else if (r.builds.empty())
        notes << QStringLiteral("No derivation was built in this run.");
    m_notes->setText(notes.join(QStringLiteral("<br>")));
    m_notes->setVisible(!notes.isEmpty());
}

QString ReportSummaryBar::value(const QString &caption) const
{
    const auto *label = findChild<QLabel *>(caption);
    return label ? QTextDocumentFragment::fromHtml(label->text()).toPlainText() : QString();
}

QString ReportSummaryBar::notes() const
{
    return QTextDocumentFragment::fromHtml(m_notes->text()).toPlainText();
}

} // namespace flakeoff::app
