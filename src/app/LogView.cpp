// SPDX-License-Identifier: MIT
#include "LogView.h"

#include "ui_LogView.h"

#include "AppSettings.h"
#include "BuildFilterProxyModel.h"
#include "BuildTableModel.h"
#include "ChartPalette.h"
#include "Display.h"
#include "LoadedLog.h"
#include "LogLoader.h"
#include "SessionBuildPicker.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>

#include <algorithm>

namespace flakeoff::app {

using namespace Display;

namespace {
enum MessageColumn
{
    MessageLevel,
    MessageText,
    MessageLocation,
    MessageLogLine
};
enum ProblemColumn
{
    ProblemLine,
    ProblemWhat,
    ProblemEffect
};

// "file:line:col" with whatever parts Nix gave.
QString location(const LogMessage &m)
{
    if (!m.file)
        return {};
    QString text = qs(*m.file);
    if (m.line)
        text += QLatin1Char(':') + QString::number(*m.line);
    if (m.line && m.column)
        text += QLatin1Char(':') + QString::number(*m.column);
    return text;
}

QIcon levelIcon(int level)
{
    if (level <= 0)
        return QIcon(QStringLiteral(":/icons/error.svg"));
    if (level == 1)
        return QIcon(QStringLiteral(":/icons/warning.svg"));
    return QIcon(QStringLiteral(":/icons/info.svg"));
}

QString firstLine(const QString &text)
{
    const qsizetype newline = text.indexOf(QLatin1Char('\n'));
    return newline < 0 ? text : text.left(newline) + QStringLiteral(" …");
}
} // namespace

LogView::LogView(QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::LogView>()), m_loader(new LogLoader(this)),
      m_model(new BuildTableModel(this)), m_proxy(new BuildFilterProxyModel(this))
{
    m_ui->setupUi(this);
    m_ui->pages->setCurrentWidget(m_ui->welcomePage);
    m_ui->welcomeIcon->setPixmap(QIcon(QStringLiteral(":/icons/flakeoff.svg")).pixmap(96, 96));
    m_ui->welcomeOpenButton->setIcon(QIcon(QStringLiteral(":/icons/open-log.svg")));
    applyFonts();
    connect(m_ui->welcomeOpenButton, &QPushButton::clicked, this, &LogView::chooseLog);
    setUpTable();
    setUpProgress();

    connect(m_loader, &LogLoader::started, this, [this](const QString &path) {
        // A session's build is read quietly: the status bar keeps what the window said.
        setLoading(m_origin == Origin::User);
        if (m_origin == Origin::User)
            Q_EMIT statusMessage(QStringLiteral("Reading %1…").arg(fileName(path)), 0);
        else
            m_ui->buildPicker->setNote(QStringLiteral("Reading its log…"));
    });
    connect(m_ui->buildPicker, &SessionBuildPicker::buildChosen, this, &LogView::showSessionBuild);
    connect(m_loader, &LogLoader::progress, this, &LogView::showProgress);
    connect(m_loader, &LogLoader::loaded, this, &LogView::showLog);
    connect(m_loader, &LogLoader::failed, this, &LogView::showLoadFailure);
    connect(m_loader, &LogLoader::cancelled, this, [this](const QString &path) {
        setLoading(false);
        if (m_origin == Origin::User)
            Q_EMIT statusMessage(QStringLiteral("Stopped reading %1.").arg(fileName(path)), 0);
    });
}

LogView::~LogView() = default;

void LogView::setSettings(AppSettings *settings)
{
    m_settings = settings;
}

void LogView::setUpTable()
{
    m_proxy->setSourceModel(m_model);
    QTableView *table = m_ui->buildTable;
    table->setModel(m_proxy);
    table->sortByColumn(BuildTableModel::StartColumn, Qt::AscendingOrder);
    QHeaderView *header = table->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(BuildTableModel::PhasesColumn, QHeaderView::Stretch);
    header->setMinimumSectionSize(48);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);

    connect(m_ui->filterEdit, &QLineEdit::textChanged, m_proxy, &BuildFilterProxyModel::setText);
    connect(m_ui->statusCombo, &QComboBox::currentIndexChanged, this, &LogView::applyStatusFilter);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &LogView::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &LogView::updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &LogView::updateCount);
    connect(table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &LogView::showCurrentBuild);

    m_ui->tableSplitter->setStretchFactor(0, 3);
    m_ui->tableSplitter->setStretchFactor(1, 2);
    m_ui->mainSplitter->setStretchFactor(0, 4);
    m_ui->mainSplitter->setStretchFactor(1, 1);
    m_ui->messagesList->header()->setStretchLastSection(false);
    m_ui->messagesList->header()->setSectionResizeMode(MessageText, QHeaderView::Stretch);
    m_ui->problemsList->header()->setStretchLastSection(false);
    m_ui->problemsList->header()->setSectionResizeMode(ProblemWhat, QHeaderView::Stretch);
}

void LogView::setUpProgress()
{
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("loadProgress"));
    m_progress->setAccessibleName(QStringLiteral("Reading progress"));
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(200);
    m_progress->setTextVisible(false);
    m_cancel = new QPushButton(QStringLiteral("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setAccessibleName(QStringLiteral("Stop reading the log"));
    connect(m_cancel, &QPushButton::clicked, m_loader, &LogLoader::cancel);
    setLoading(false);
}

void LogView::addProgressTo(QStatusBar *bar)
{
    bar->addPermanentWidget(m_progress);
    bar->addPermanentWidget(m_cancel);
}

void LogView::applyFonts()
{
    QFont title = font();
    title.setPointSizeF(font().pointSizeF() * 1.6);
    m_ui->welcomeTitle->setFont(title);
}

void LogView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange)
        applyFonts(); // presentation mode: the large type reaches the scaled title too
    QWidget::changeEvent(event);
}

void LogView::openLog(const QString &path)
{
    load(path, Origin::User);
}

void LogView::load(const QString &path, Origin origin)
{
    m_origin = origin;
    // Absolute from here on: the title, the recent list and error messages name one file.
    m_loader->load(QFileInfo(path).absoluteFilePath());
}

void LogView::setSession(std::shared_ptr<const Session> session, const QString &sessionPath)
{
    m_ui->buildPicker->setSession(std::move(session), sessionPath);
}

void LogView::showBuild(const Measurement &measurement, const QString &logPath)
{
    if (m_ui->buildPicker->choose(measurement)) {
        Q_EMIT showRequested();
        return;
    }
    if (!measurement.logFile.isEmpty() && !logPath.isEmpty()) {
        openLog(logPath);
        return;
    }
    // Not one of the session's builds, and without a log: say so where the log would be.
    m_ui->buildPicker->showOther(SessionLogs::label(measurement));
    showNoLog(SessionLogs::label(measurement) +
              QStringLiteral("\nNo log: none was recorded for this build."));
    Q_EMIT showRequested();
}

void LogView::showSessionBuild(const SessionLogs::Entry &entry)
{
    m_sessionBuild = entry.label;
    if (!entry.noLog.isEmpty()) {
        if (m_origin == Origin::Session)
            m_loader->cancel(); // a build chosen before this one is no longer wanted
        m_ui->buildPicker->setNote({});
        showNoLog(entry.label.isEmpty() ? entry.noLog : entry.label + QLatin1Char('\n') + entry.noLog);
        return;
    }
    load(entry.logPath, Origin::Session);
}

void LogView::showNoLog(const QString &text)
{
    m_path.clear();
    m_model->setReport(nullptr);
    m_ui->noLogLabel->setText(text);
    m_ui->pages->setCurrentWidget(m_ui->noLogPage);
}

std::shared_ptr<const BuildReport> LogView::report() const
{
    return m_model->report();
}

bool LogView::isLoading() const
{
    return m_loader->isBusy();
}

void LogView::cancelLoading()
{
    m_loader->cancel();
}

void LogView::focusFilter()
{
    m_ui->filterEdit->setFocus(Qt::ShortcutFocusReason);
    m_ui->filterEdit->selectAll();
}

void LogView::chooseLog()
{
    const QStringList recent = m_settings ? m_settings->recentLogs() : QStringList();
    const QString dir = recent.isEmpty() ? QDir::currentPath() : QFileInfo(recent.front()).absolutePath();
    // open(), not exec(): no nested event loop while the dialog is up.
    auto *dialog = new QFileDialog(window(), QStringLiteral("Open Nix Log"), dir);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setNameFilters(
        {QStringLiteral("Nix logs (*.flog *.log *.txt *.json)"), QStringLiteral("All files (*)")});
    connect(dialog, &QFileDialog::fileSelected, this, &LogView::openLog);
    dialog->open();
}

void LogView::setLoading(bool loading)
{
    m_progress->setVisible(loading);
    m_cancel->setVisible(loading);
    m_progress->setValue(0);
    if (loading)
        m_progress->setRange(0, 0); // busy until the first progress report
}

void LogView::showProgress(quint64 done, quint64 total)
{
    if (total == 0 || m_origin != Origin::User)
        return;
    m_progress->setRange(0, 1000);
    m_progress->setValue(static_cast<int>(std::min<quint64>(1000, done * 1000 / total)));
    const QLocale locale;
    Q_EMIT statusMessage(QStringLiteral("Reading %1… %2 of %3")
                             .arg(fileName(m_loader->currentPath()),
                                  locale.formattedDataSize(static_cast<qint64>(done)),
                                  locale.formattedDataSize(static_cast<qint64>(total))),
                         0);
}

void LogView::showLog(const LoadedLog &log)
{
    setLoading(false);
    const bool byUser = m_origin == Origin::User;
    m_path = log.path;
    const BuildReport &r = *log.report;
    m_ui->pages->setCurrentWidget(m_ui->reportPage);
    if (byUser) {
        m_ui->buildPicker->showOther(fileName(log.path));
        Q_EMIT showRequested();
    } else {
        m_ui->buildPicker->setNote({});
    }
    m_ui->summaryBar->setLog(log);

    m_model->setReport(log.report);
    fillStatusCombo(r);
    fillMessages(r);
    fillProblems(r);
    m_ui->detailPane->setPlaceholder(r.builds.empty()
                                         ? QStringLiteral("No derivation was built in this run.")
                                         : QStringLiteral("Select a build to see its phases, its "
                                                          "error and its last log lines."));
    // A column of dashes is noise: most runs never wait for a lock or a build slot.
    const bool anyWait = std::any_of(r.builds.begin(), r.builds.end(),
                                     [](const DerivationBuild &b) { return b.waitUs.has_value(); });
    m_ui->buildTable->setColumnHidden(BuildTableModel::WaitColumn, !anyWait);
    m_ui->buildTable->resizeColumnsToContents();
    for (int c :
         {BuildTableModel::DurationColumn, BuildTableModel::WaitColumn}) // air before the phases' text
        m_ui->buildTable->setColumnWidth(c, m_ui->buildTable->columnWidth(c) + 12);
    selectFirstBuildOfInterest();
    // Lost lines change what every number means: say so before anything else.
    m_ui->bottomTabs->setCurrentWidget(r.malformedCount > 0 ? m_ui->problemsTab : m_ui->messagesTab);

    if (byUser) {
        if (m_settings)
            m_settings->addRecentLog(log.path);
        Q_EMIT statusMessage(QStringLiteral("Read %1: %2 from %3 lines (%4) in %5 ms")
                                 .arg(fileName(log.path))
                                 .arg(buildCount(static_cast<qint64>(r.builds.size())))
                                 .arg(r.lineCount)
                                 .arg(QLocale().formattedDataSize(static_cast<qint64>(log.bytes)))
                                 .arg(log.elapsedMs),
                             0);
    }
    Q_EMIT logLoaded(log.path);
}

void LogView::showLoadFailure(const QString &path, const QString &message)
{
    setLoading(false);
    // The reader's sentence starts lower-case to read well after a prefix.
    const QString detail = capitalized(message);
    if (m_origin == Origin::Session) {
        // A session's build whose log cannot be read says so where the log would be, no dialog.
        m_ui->buildPicker->setNote({});
        showNoLog(QStringLiteral("%1\nIts log cannot be read: %2.").arg(m_sessionBuild, message));
        Q_EMIT logFailed(path, message);
        return;
    }
    Q_EMIT statusMessage(detail, 0);
    Q_EMIT errorOccurred(QStringLiteral("Cannot Open Log"),
                         QStringLiteral("Flakeoff could not read “%1”.").arg(fileName(path)),
                         detail + QLatin1Char('.'));
    Q_EMIT logFailed(path, message);
}

void LogView::fillStatusCombo(const BuildReport &r)
{
    QComboBox *combo = m_ui->statusCombo;
    const QVariant previous = combo->currentData();
    const QSignalBlocker blocker(combo);
    combo->clear();
    combo->addItem(QStringLiteral("All statuses (%1)").arg(r.builds.size()), -1);
    for (BuildStatus s : {BuildStatus::Failed, BuildStatus::Interrupted, BuildStatus::Running,
                          BuildStatus::Waiting, BuildStatus::Built}) {
        const auto n = r.countWithStatus(s);
        if (n == 0 && s != BuildStatus::Failed && s != BuildStatus::Built)
            continue; // rare statuses only when present
        combo->addItem(QStringLiteral("%1 (%2)").arg(statusName(s)).arg(n), static_cast<int>(s));
    }
    const int index = combo->findData(previous);
    combo->setCurrentIndex(index < 0 ? 0 : index);
    applyStatusFilter();
}

void LogView::applyStatusFilter()
{
    const int value = m_ui->statusCombo->currentData().toInt();
    m_proxy->setStatus(value < 0 ? std::nullopt
                                 : std::optional<BuildStatus>(static_cast<BuildStatus>(value)));
}

void LogView::fillMessages(const BuildReport &r)
{
    QTreeWidget *list = m_ui->messagesList;
    list->clear();
    QList<QTreeWidgetItem *> items;
    items.reserve(static_cast<qsizetype>(r.messages.size()));
    for (const LogMessage &m : r.messages) {
        auto *item = new QTreeWidgetItem;
        const QString text = qs(m.text);
        item->setIcon(MessageLevel, levelIcon(m.level));
        item->setText(MessageLevel, levelName(m.level));
        if (m.level <= 1)
            item->setForeground(MessageLevel, m.level == 0 ? ChartPalette::statusColor(BuildStatus::Failed)
                                                           : ChartPalette::warningText());
        item->setText(MessageText, firstLine(text));
        item->setToolTip(MessageText, text);
        item->setText(MessageLocation, location(m));
        item->setToolTip(MessageLocation, location(m));
        item->setText(MessageLogLine, QString::number(m.logLine));
        item->setTextAlignment(MessageLogLine, Qt::AlignRight | Qt::AlignVCenter);
        items << item;
    }
    list->addTopLevelItems(items);
    for (int c : {MessageLevel, MessageLocation, MessageLogLine})
        list->resizeColumnToContents(c);
    list->setColumnWidth(MessageLocation, std::min(list->columnWidth(MessageLocation), list->width() / 3));
    const int errors = static_cast<int>(std::count_if(r.messages.begin(), r.messages.end(),
                                                      [](const LogMessage &m) { return m.level <= 0; }));
    const int index = m_ui->bottomTabs->indexOf(m_ui->messagesTab);
    m_ui->bottomTabs->setTabText(index, QStringLiteral("Messages (%1)").arg(r.messages.size()));
    m_ui->bottomTabs->setTabIcon(index, errors > 0 ? levelIcon(0) : QIcon());
}

void LogView::fillProblems(const BuildReport &r)
{
    QTreeWidget *list = m_ui->problemsList;
    list->clear();
    QList<QTreeWidgetItem *> items;
    items.reserve(static_cast<qsizetype>(r.problems.size()));
    for (const InputProblem &p : r.problems) {
        auto *item = new QTreeWidgetItem;
        item->setText(ProblemLine, p.line > 0 ? QString::number(p.line) : QStringLiteral("whole file"));
        item->setTextAlignment(ProblemLine, Qt::AlignRight | Qt::AlignVCenter);
        item->setText(ProblemWhat, qs(p.what));
        item->setToolTip(ProblemWhat, qs(p.what));
        item->setText(ProblemEffect, p.fatal ? QStringLiteral("line dropped") : QStringLiteral("repaired"));
        if (p.fatal)
            item->setForeground(ProblemEffect, ChartPalette::warningText());
        items << item;
    }
    list->addTopLevelItems(items);
    list->resizeColumnToContents(ProblemLine);
    list->resizeColumnToContents(ProblemEffect);
    list->setVisible(!r.problems.empty());

    QString summary;
    if (r.problemCount == 0) {
        summary =
            QStringLiteral("No problems: every one of the %1 lines of this log was read.").arg(r.lineCount);
    } else {
        summary = r.malformedCount > 0
                      ? QStringLiteral(
                            "This log has malformed lines: %1 of its %2 lines could not be read and were "
                            "dropped, so the report may miss what they said.")
                            .arg(r.malformedCount)
                            .arg(r.lineCount)
                      : QStringLiteral("Every line was read, but %1 needed repair.").arg(r.problemCount);
        if (r.problemCount > static_cast<std::int64_t>(r.problems.size()))
            summary += QStringLiteral(" Showing the first %1 of %2 problems.")
                           .arg(r.problems.size())
                           .arg(r.problemCount);
    }
    m_ui->problemsSummary->setText(summary);
    setTextColor(m_ui->problemsSummary,
                 r.malformedCount > 0 ? ChartPalette::warningText() : palette().color(QPalette::WindowText));
    const int index = m_ui->bottomTabs->indexOf(m_ui->problemsTab);
    m_ui->bottomTabs->setTabText(index, QStringLiteral("Input problems (%1)").arg(r.problemCount));
    m_ui->bottomTabs->setTabIcon(index, r.problemCount > 0 ? levelIcon(1) : QIcon());
}

void LogView::updateCount()
{
    const int total = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    QString text;
    if (total == 0)
        text = QStringLiteral("No builds");
    else if (shown == total)
        text = buildCount(total);
    else
        text = QStringLiteral("Showing %1 of %2").arg(shown).arg(buildCount(total));
    m_ui->countLabel->setText(text);
}

void LogView::showCurrentBuild()
{
    const QModelIndex current = m_proxy->mapToSource(m_ui->buildTable->currentIndex());
    const auto report = m_model->report();
    m_ui->detailPane->showBuild(current.isValid() ? m_model->build(current.row()) : nullptr,
                                report ? report->timed : true);
}

void LogView::selectFirstBuildOfInterest()
{
    // A failure is what one opens a log for; otherwise the first build in the current order.
    int row = 0;
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const QModelIndex index = m_proxy->index(r, 0);
        if (index.data(BuildTableModel::StatusRole).toInt() == static_cast<int>(BuildStatus::Failed)) {
            row = r;
            break;
        }
    }
    if (m_proxy->rowCount() > 0)
        m_ui->buildTable->selectRow(row);
    showCurrentBuild();
}

LogView::Layout LogView::saveLayout() const
{
    return {m_ui->mainSplitter->saveState(), m_ui->tableSplitter->saveState()};
}

void LogView::restoreLayout(const Layout &layout)
{
    if (!m_ui->mainSplitter->restoreState(layout.main))
        m_ui->mainSplitter->setSizes({560, 180});
    if (!m_ui->tableSplitter->restoreState(layout.table))
        m_ui->tableSplitter->setSizes({880, 360});
}

} // namespace flakeoff::app
