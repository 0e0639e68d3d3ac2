// SPDX-License-Identifier: MIT
#include "CompareGridModel.h"

#include "ChartPalette.h"
#include "report/ChartData.h"
#include "report/ReportWording.h"
#include "report/SessionSummary.h"

#include <QFont>

#include <cmath>

namespace flakeoff::app {

namespace {
// Derivation counts are medians: whole unless two runs disagreed.
QString count(double n)
{
    return n == std::floor(n) ? QString::number(n, 'f', 0) : QString::number(n, 'f', 1);
}
} // namespace

CompareGridModel::CompareGridModel(QObject *parent) : QAbstractTableModel(parent) {}

void CompareGridModel::clear()
{
    beginResetModel();
    m_target.clear();
    m_steps.clear();
    m_stepLabels.clear();
    m_strategies.clear();
    m_cells.clear();
    endResetModel();
}

void CompareGridModel::setSummary(const SessionSummary &summary, const QString &target)
{
    beginResetModel();
    m_target = target;
    m_steps = target.isEmpty() ? QStringList() : summary.steps(target);
    m_strategies = m_steps.isEmpty() ? QStringList() : summary.strategies();
    m_stepLabels.clear();
    m_cells.clear();
    m_cells.reserve(static_cast<std::size_t>(m_steps.size() * m_strategies.size()));
    for (const QString &step : std::as_const(m_steps)) {
        m_stepLabels.append(summary.stepLabel(step));
        for (const QString &strategy : std::as_const(m_strategies)) {
            Cell cell;
            if (const CellSummary *c = summary.cell(strategy, target, step)) {
                cell.measured = true;
                if (c->hasTime()) {
                    cell.medianS = c->wallS.median;
                    cell.median = ChartDataBuilder::formatSeconds(c->wallS.median);
                }
                cell.relative = ReportWording::relative(*c);
                cell.verdict = ReportWording::verdict(*c);
                cell.winner = ReportWording::wins(summary, *c);
                cell.quickest = c->quickest;
                cell.failed = c->failed > 0;
                cell.runs = ReportWording::runs(*c);
                if (c->built.count > 0)
                    cell.built = c->built.median;
                cell.noTime = ReportWording::noTime(*c);
                if (const QString error = c->firstError(); c->failed > 0 && !error.isEmpty())
                    cell.problem = ReportWording::shortError(error, 80);
                cell.warnings = c->warnings;
            } else {
                cell.noTime = QStringLiteral("not run");
            }
            m_cells.push_back(std::move(cell));
        }
    }
    endResetModel();
}

QModelIndex CompareGridModel::indexOf(const QString &strategy, const QString &step) const
{
    const qsizetype row = m_steps.indexOf(step);
    const qsizetype column = m_strategies.indexOf(strategy);
    return row < 0 || column < 0 ? QModelIndex() : index(static_cast<int>(row), static_cast<int>(column));
}

int CompareGridModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_steps.size());
}

int CompareGridModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_strategies.size());
}

const CompareGridModel::Cell *CompareGridModel::cellAt(const QModelIndex &index) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return nullptr;
    return &m_cells[static_cast<std::size_t>(index.row() * m_strategies.size() + index.column())];
}

// Three short lines: the time and its factor, the verdict, the runs and what they rebuilt. A cell
// without a time starts with the word for why, so nothing in it reads as a time.
QString CompareGridModel::displayText(const Cell &c) const
{
    if (!c.measured)
        return c.noTime;
    QStringList lines;
    if (c.medianS) {
        lines << (c.relative.isEmpty() ? c.median : c.median + QStringLiteral("  ×") + c.relative);
        QString verdict = (c.winner ? QStringLiteral("★ ") : QString()) + c.verdict;
        if (!c.warnings.isEmpty())
            verdict += QStringLiteral("  ⚠");
        lines << verdict;
    } else {
        lines << c.noTime;
        if (!c.problem.isEmpty())
            lines << c.problem;
    }
    QString runs = QStringLiteral("runs ") + c.runs;
    if (c.built)
        runs += QStringLiteral(" · rebuilt ") + count(*c.built);
    lines << runs;
    return lines.join(QLatin1Char('\n'));
}

QString CompareGridModel::toolTip(const Cell &c, const QString &strategy, const QString &step) const
{
    QStringList lines{strategy + QStringLiteral(" · ") + step};
    if (!c.measured)
        return lines.front() + QStringLiteral(": not run in this session.");
    if (c.medianS) {
        lines << QStringLiteral("median wall time: ") + c.median;
        if (!c.relative.isEmpty())
            lines << QStringLiteral("factor to the step's quickest (95% interval): ") + c.relative;
        lines << QStringLiteral("verdict: ") + c.verdict;
    } else {
        lines << QStringLiteral("no time: ") + c.noTime;
    }
    lines << QStringLiteral("runs: ") + c.runs;
    if (c.built)
        lines << QStringLiteral("derivations rebuilt (median): ") + count(*c.built);
    for (const QString &w : c.warnings)
        lines << QStringLiteral("⚠ ") + w;
    if (!c.problem.isEmpty())
        lines << QStringLiteral("first error: ") + c.problem;
    return lines.join(QLatin1Char('\n'));
}

QVariant CompareGridModel::data(const QModelIndex &index, int role) const
{
    const Cell *c = cellAt(index);
    if (!c)
        return {};
    const QString &strategy = m_strategies.at(index.column());
    const QString &step = m_steps.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(*c);
    case Qt::ToolTipRole:
    case Qt::AccessibleTextRole:
        return toolTip(*c, strategy, step);
    case Qt::FontRole:
        if (c->winner) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ForegroundRole:
        if (c->medianS)
            return {};
        return c->failed ? ChartPalette::statusColor(BuildStatus::Failed) : ChartPalette::mutedText();
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case StrategyRole:
        return strategy;
    case StepRole:
        return step;
    case MedianRole:
        return c->medianS ? QVariant(*c->medianS) : QVariant();
    case MedianTextRole:
        return c->median;
    case RelativeRole:
        return c->relative;
    case VerdictRole:
        return c->verdict;
    case WinnerRole:
        return c->winner;
    case QuickestRole:
        return c->quickest;
    case RunsRole:
        return c->runs;
    case BuiltRole:
        return c->built ? QVariant(*c->built) : QVariant();
    case NoTimeRole:
        return c->noTime;
    case ProblemRole:
        return c->problem;
    case WarningsRole:
        return c->warnings;
    default:
        return {};
    }
}

QVariant CompareGridModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    const QStringList &names = orientation == Qt::Horizontal ? m_strategies : m_steps;
    if (section < 0 || section >= names.size())
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case StrategyRole:
    case StepRole:
        return names.at(section);
    case StepLabelRole:
    case Qt::ToolTipRole:
        return orientation == Qt::Vertical ? m_stepLabels.at(section) : QVariant();
    default:
        return {};
    }
}

} // namespace flakeoff::app
