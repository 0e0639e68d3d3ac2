// SPDX-License-Identifier: MIT
#include "PdfReport.h"

#include "BarChartPainter.h"
#include "ChartPalette.h"
#include "ChartStyle.h"
#include "TimelinePainter.h"
#include "predict/PredictionGrid.h"
#include "report/ChartData.h"
#include "report/ReportWording.h"
#include "report/SessionSummary.h"

#include <QFileInfo>
#include <QFontMetricsF>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>

#include <algorithm>
#include <functional>

namespace flakeoff {

namespace {
// Everything is laid out in CSS pixels (96 per inch), the unit the chart styles are made for; the
// painter scales them to the PDF's resolution, so charts and tables stay vector graphics.
constexpr qreal kPxPerInch = 96;
constexpr qreal kMarginMm = 12;
// A step of a per-crate strategy can build hundreds of derivations: the table shows the longest.
constexpr int kMaxDerivationRows = 40;

struct TableColumn
{
    QString title;
    qreal width = 0;
    Qt::Alignment align = Qt::AlignLeft;
    bool wrap = false; // long text wraps onto more lines instead of being cut
};

struct TableCell
{
    QString text;
    QString detail; // a second, smaller line
    QColor color;   // invalid = the page's text colour
    bool bold = false;
};

// Writes pages top to bottom: a cursor, a new page when the next block does not fit, a footer on
// every page.
class PageWriter
{
public:
    PageWriter(QPdfWriter &writer, QPainter &painter, const ChartStyle &style, QString footer)
        : m_writer(writer), m_painter(painter), m_style(style), m_footer(std::move(footer))
    {
        const qreal scale = writer.resolution() / kPxPerInch;
        painter.scale(scale, scale);
        const QRect r = writer.pageLayout().paintRectPixels(writer.resolution());
        m_page = QRectF(0, 0, r.width() / scale, r.height() / scale);
        m_body = m_page.adjusted(0, 0, 0, -style.fontPx * 2.2); // room for the footer
        m_y = m_body.top();
    }

    ~PageWriter() { paintFooter(); }

    const QRectF &body() const { return m_body; }
    qreal y() const { return m_y; }
    qreal remaining() const { return m_body.bottom() - m_y; }
    QPainter &painter() { return m_painter; }

    void newPage()
    {
        paintFooter();
        m_writer.newPage();
        ++m_pageNumber;
        m_y = m_body.top();
    }
    void ensure(qreal height)
    {
        if (m_y > m_body.top() && height > remaining())
            newPage();
    }
    // A new section: on this page while at least `fraction` of the body is left, else on the next
    // one — never a page holding only a section's last few lines.
    void section(qreal fraction = 0.4) { ensure(m_body.height() * fraction); }
    void skip(qreal height) { m_y += height; }

    // Text that wraps within the body's width.
    void paragraph(const QString &text, qreal scale = 1.0, bool bold = false, const QColor &color = {})
    {
        const QFont f = m_style.font(scale, bold);
        const QFontMetricsF fm(f);
        const QRectF bounds = fm.boundingRect(QRectF(0, 0, m_body.width(), 1e6), Qt::TextWordWrap, text);
        ensure(bounds.height());
        m_painter.setFont(f);
        m_painter.setPen(color.isValid() ? color : m_style.text);
        m_painter.drawText(QRectF(m_body.left(), m_y, m_body.width(), bounds.height() + 1), Qt::TextWordWrap,
                           text);
        m_y += bounds.height() + fm.height() * 0.25;
    }
    void heading(const QString &text, qreal scale = 1.35)
    {
        // Never a heading alone at a page's foot.
        ensure(m_style.fontPx * (scale + 6));
        skip(m_style.fontPx * 0.5);
        paragraph(text, scale, true);
    }
    // A coloured box across the body, for a session that did not finish.
    void banner(const QString &text, const QColor &color)
    {
        const QFont f = m_style.font(1.1, true);
        const QFontMetricsF fm(f);
        const qreal pad = m_style.fontPx * 0.6;
        const QRectF textBounds =
            fm.boundingRect(QRectF(0, 0, m_body.width() - 2 * pad, 1e6), Qt::TextWordWrap, text);
        const QRectF box(m_body.left(), m_y, m_body.width(), textBounds.height() + 2 * pad);
        ensure(box.height());
        QColor fill = color;
        fill.setAlphaF(0.12);
        m_painter.fillRect(box, fill);
        m_painter.setPen(QPen(color, 1.5));
        m_painter.drawLine(box.topLeft(), box.bottomLeft());
        m_painter.setFont(f);
        m_painter.setPen(color);
        m_painter.drawText(box.adjusted(pad, pad, -pad, -pad), Qt::TextWordWrap, text);
        m_y += box.height() + m_style.fontPx * 0.6;
    }

    // A table whose rows continue on the next page, header repeated.
    void table(const std::vector<TableColumn> &columns, const std::vector<std::vector<TableCell>> &rows)
    {
        const QFont headFont = m_style.font(0.9, true);
        const QFont cellFont = m_style.font(0.95);
        const QFont cellBold = m_style.font(0.95, true);
        const QFont detailFont = m_style.font(0.78);
        const QFontMetricsF headFm(headFont), cellFm(cellFont), detailFm(detailFont);
        const qreal padX = m_style.fontPx * 0.45;
        const qreal headH = headFm.height() * 1.6;
        auto header = [&] {
            m_painter.setFont(headFont);
            qreal x = m_body.left();
            for (const TableColumn &c : columns) {
                m_painter.setPen(m_style.mutedText);
                const QString t = headFm.elidedText(c.title, Qt::ElideRight, c.width - 2 * padX);
                m_painter.drawText(QRectF(x + padX, m_y, c.width - 2 * padX, headH),
                                   c.align | Qt::AlignVCenter, t);
                x += c.width;
            }
            m_y += headH;
            m_painter.setPen(QPen(m_style.axis, 1));
            m_painter.drawLine(QPointF(m_body.left(), m_y), QPointF(x, m_y));
        };
        ensure(headH + cellFm.height() * 3);
        header();
        for (std::size_t r = 0; r < rows.size(); ++r) {
            const auto &row = rows[r];
            const bool twoLines =
                std::any_of(row.begin(), row.end(), [](const TableCell &c) { return !c.detail.isEmpty(); });
            qreal textH = cellFm.height();
            for (std::size_t i = 0; i < columns.size() && i < row.size(); ++i)
                if (columns[i].wrap)
                    textH = std::max(textH, cellFm
                                                .boundingRect(QRectF(0, 0, columns[i].width - 2 * padX, 1e6),
                                                              Qt::TextWordWrap, row[i].text)
                                                .height());
            const qreal rowH = textH + cellFm.height() * 0.35 + (twoLines ? detailFm.height() : 0);
            if (rowH > remaining()) {
                newPage();
                header();
            }
            if (r % 2 == 1) {
                qreal width = 0;
                for (const TableColumn &c : columns)
                    width += c.width;
                m_painter.fillRect(QRectF(m_body.left(), m_y, width, rowH), m_style.shade);
            }
            qreal x = m_body.left();
            for (std::size_t i = 0; i < columns.size() && i < row.size(); ++i) {
                const TableColumn &c = columns[i];
                const TableCell &cell = row[i];
                const QRectF area(x + padX, m_y + cellFm.height() * 0.18, c.width - 2 * padX, rowH);
                m_painter.setFont(cell.bold ? cellBold : cellFont);
                m_painter.setPen(cell.color.isValid() ? cell.color : m_style.text);
                const QFontMetricsF fm(cell.bold ? cellBold : cellFont);
                if (c.wrap)
                    m_painter.drawText(QRectF(area.left(), area.top(), area.width(), textH + 1),
                                       c.align | Qt::AlignTop | Qt::TextWordWrap, cell.text);
                else
                    m_painter.drawText(QRectF(area.left(), area.top(), area.width(), fm.height()),
                                       c.align | Qt::AlignVCenter,
                                       fm.elidedText(cell.text, Qt::ElideRight, area.width()));
                if (!cell.detail.isEmpty()) {
                    m_painter.setFont(detailFont);
                    m_painter.setPen(m_style.mutedText);
                    m_painter.drawText(
                        QRectF(area.left(), area.top() + fm.height(), area.width(), detailFm.height()),
                        c.align | Qt::AlignVCenter,
                        detailFm.elidedText(cell.detail, Qt::ElideRight, area.width()));
                }
                x += c.width;
            }
            m_y += rowH;
        }
        m_painter.setPen(QPen(m_style.grid, 1));
        m_painter.drawLine(QPointF(m_body.left(), m_y), QPointF(m_body.right(), m_y));
        m_y += m_style.fontPx * 0.8;
    }

    // A chart drawn by one of the painters, vector, `height` tall (at most the page body).
    void chart(qreal height, const std::function<void(QPainter &, const QRectF &)> &paint)
    {
        height = std::min(height, m_body.height());
        ensure(height);
        m_painter.save();
        paint(m_painter, QRectF(m_body.left(), m_y, m_body.width(), height));
        m_painter.restore();
        m_y += height + m_style.fontPx;
    }

private:
    void paintFooter()
    {
        m_painter.setFont(m_style.font(0.75));
        m_painter.setPen(m_style.mutedText);
        const QRectF footer(m_page.left(), m_page.bottom() - m_style.fontPx * 1.2, m_page.width(),
                            m_style.fontPx * 1.2);
        const QFontMetricsF fm(m_style.font(0.75));
        m_painter.drawText(footer, Qt::AlignLeft | Qt::AlignVCenter,
                           fm.elidedText(m_footer, Qt::ElideMiddle, m_page.width() * 0.8));
        m_painter.drawText(footer, Qt::AlignRight | Qt::AlignVCenter,
                           QStringLiteral("page %1").arg(m_pageNumber));
    }

    QPdfWriter &m_writer;
    QPainter &m_painter;
    const ChartStyle &m_style;
    QString m_footer;
    QRectF m_page;
    QRectF m_body;
    qreal m_y = 0;
    int m_pageNumber = 1;
};

QString plural(qsizetype n, const char *one, const char *many)
{
    return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
}

QString statusSentence(const Session &session)
{
    // A reason that only repeats the status ("cancelled") adds nothing.
    const bool reason =
        !session.statusText.isEmpty() &&
        session.statusText.compare(Session::statusName(session.status), Qt::CaseInsensitive) != 0;
    switch (session.status) {
    case Session::Status::Finished:
        return {};
    case Session::Status::Failed:
        return QStringLiteral("This session failed") +
               (!reason ? QString() : QStringLiteral(": ") + session.statusText) +
               QStringLiteral(". The numbers below are incomplete.");
    case Session::Status::Cancelled:
        return QStringLiteral("This session was cancelled") +
               (!reason ? QString() : QStringLiteral(": ") + session.statusText) +
               QStringLiteral(". The numbers below are incomplete.");
    case Session::Status::Running:
        return QStringLiteral(
            "This session was still running when it was saved: the numbers below are incomplete.");
    }
    return {};
}

void summaryTables(PageWriter &page, const SessionSummary &summary, const ChartStyle &style)
{
    const QStringList &strategies = summary.strategies();
    const qreal stepW = style.fontPx * 12;
    const qreal winnerW = style.fontPx * 9;
    const qreal strategyW = std::max(style.fontPx * 6, (page.body().width() - stepW - winnerW) /
                                                           std::max<qsizetype>(1, strategies.size()));
    std::vector<TableColumn> columns{{QStringLiteral("step"), stepW, Qt::AlignLeft}};
    for (const QString &s : strategies)
        columns.push_back({s, strategyW, Qt::AlignRight});
    columns.push_back({QStringLiteral("fastest"), winnerW, Qt::AlignLeft});

    for (const QString &target : summary.targets()) {
        page.heading(QStringLiteral("Target %1").arg(target), 1.2);
        // The answer first, as the other reports give it: who rebuilds fastest, by how much, and
        // whether the difference is real.
        const QStringList answer = ReportWording::answer(summary, target).split(QLatin1Char('\n'));
        for (qsizetype i = 0; i < answer.size(); ++i)
            page.paragraph(answer[i], i == 0 ? 1.05 : 0.95, i == 0);
        page.skip(style.fontPx * 0.3);
        std::vector<std::vector<TableCell>> rows;
        for (const QString &step : summary.steps(target)) {
            std::vector<TableCell> row{{step, {}, {}, true}};
            for (const QString &strategy : strategies) {
                const CellSummary *c = summary.cell(strategy, target, step);
                TableCell cell;
                if (!c) {
                    const NotRun *n = summary.notRun(strategy, step);
                    cell.text = n ? QStringLiteral("not run") : QStringLiteral("—");
                    if (n)
                        cell.detail = NotRunSteps::cause(n->error);
                    cell.color = style.mutedText;
                } else if (!c->hasTime()) {
                    cell.text = ReportWording::noTime(*c); // as the HTML and Markdown tables word it
                    cell.color = style.failed;
                } else {
                    cell.text = ChartDataBuilder::formatSeconds(c->wallS.median);
                    cell.bold = c->fastest;
                    QStringList detail{
                        QStringLiteral("%1 built")
                            .arg(ChartDataBuilder::formatValue(c->built.median, ChartUnit::Count))};
                    // The spread: the factor's 95% interval, else the runs' range.
                    if (const QString relative = ReportWording::relative(*c); !relative.isEmpty())
                        detail.append(QStringLiteral("×") + relative);
                    if (c->wallS.count > 1)
                        detail.append(
                            QStringLiteral("%1–%2").arg(ChartDataBuilder::formatSeconds(c->wallS.min),
                                                        ChartDataBuilder::formatSeconds(c->wallS.max)));
                    if (c->failed)
                        detail.append(QStringLiteral("%1 failed").arg(c->failed));
                    if (c->cancelled)
                        detail.append(QStringLiteral("%1 cancelled").arg(c->cancelled));
                    cell.detail = detail.join(QStringLiteral(" · "));
                    if (c->failed)
                        cell.color = style.failed;
                }
                row.push_back(cell);
            }
            const QString winner = summary.fastest(target, step);
            row.push_back({winner.isEmpty() ? QStringLiteral("—") : winner,
                           {},
                           winner.isEmpty() ? style.mutedText : QColor(),
                           !winner.isEmpty()});
            rows.push_back(std::move(row));
        }
        page.table(columns, rows);
    }
    page.paragraph(
        QStringLiteral("Median wall time of the recorded runs (warm-up runs left out); \"built\": "
                       "derivations the step built (median); ×: factor to the step's lowest median with "
                       "its 95% confidence interval, then the runs' range; fastest: only a strategy "
                       "distinguishably faster than every other one of the step (a tie, a single run or "
                       "overlapping spreads crown none)."),
        0.8, false, style.mutedText);
}

void derivationTable(PageWriter &page, const CellSummary &cell, const ChartStyle &style)
{
    const Measurement *m = cell.representative();
    if (!m)
        return;
    QString head = QStringLiteral("%1 · %2 — ").arg(cell.target, cell.step);
    if (m->outcome == Measurement::Outcome::Succeeded)
        head += ChartDataBuilder::formatSeconds(static_cast<double>(m->wallUs) / 1e6);
    else
        head += Measurement::outcomeName(m->outcome) +
                (m->error.isEmpty() ? QString() : QStringLiteral(": ") + m->error);
    head += QStringLiteral(", run %1 of %2").arg(m->repetition + 1).arg(cell.runs.size());
    page.heading(head, 1.0);
    if (!m->report || m->report->builds.empty()) {
        page.paragraph(QStringLiteral("no derivations built"), 0.9, false, style.mutedText);
        return;
    }
    // Longest first: the ones that decide the step's time.
    std::vector<const DerivationBuild *> builds;
    for (const auto &b : m->report->builds)
        builds.push_back(&b);
    std::stable_sort(builds.begin(), builds.end(), [](const DerivationBuild *a, const DerivationBuild *b) {
        return a->durationUs().value_or(-1) > b->durationUs().value_or(-1);
    });
    const qreal w = page.body().width();
    const std::vector<TableColumn> columns{{QStringLiteral("derivation"), w * 0.42, Qt::AlignLeft},
                                           {QStringLiteral("status"), w * 0.1, Qt::AlignLeft},
                                           {QStringLiteral("start"), w * 0.09, Qt::AlignRight},
                                           {QStringLiteral("duration"), w * 0.1, Qt::AlignRight},
                                           {QStringLiteral("phases"), w * 0.29, Qt::AlignLeft, true}};
    std::vector<std::vector<TableCell>> rows;
    for (std::size_t i = 0; i < builds.size() && i < static_cast<std::size_t>(kMaxDerivationRows); ++i) {
        const DerivationBuild &b = *builds[i];
        QStringList phases;
        for (const Phase &p : b.phases)
            if (const auto d = p.durationUs())
                phases.append(QStringLiteral("%1 %2").arg(
                    QString::fromStdString(p.name),
                    ChartDataBuilder::formatSeconds(static_cast<double>(*d) / 1e6)));
        const bool failed = b.status == BuildStatus::Failed;
        rows.push_back(
            {{QString::fromStdString(b.name), {}, failed ? style.failed : QColor(), false},
             {QString::fromLatin1(buildStatusName(b.status)), {}, ChartPalette::statusColor(b.status), false},
             {b.startUs ? ChartDataBuilder::formatSeconds(static_cast<double>(*b.startUs) / 1e6)
                        : QStringLiteral("—"),
              {},
              {},
              false},
             {b.durationUs() ? ChartDataBuilder::formatSeconds(static_cast<double>(*b.durationUs()) / 1e6)
                             : QStringLiteral("—"),
              {},
              {},
              false},
             {phases.join(QStringLiteral(", ")), {}, style.mutedText, false}});
    }
    page.table(columns, rows);
    if (builds.size() > static_cast<std::size_t>(kMaxDerivationRows))
        page.paragraph(QStringLiteral("… and %1 more (the session's saved logs have them all)")
                           .arg(builds.size() - kMaxDerivationRows),
                       0.85, false, style.mutedText);
}

// The prediction against what the session built, in the words of the HTML and Markdown reports:
// per target a step × strategy table (a differing cell in the failure colour, its verdict with a ✗),
// then the findings and Nix's message for each cell that could not be predicted.
void predictionPages(PageWriter &page, const PredictionGrid &grid, const ChartStyle &style)
{
    page.paragraph(QStringLiteral("Predicted rebuilds"), 1.5, true);
    for (const QString &sentence : ReportWording::predictionSummary(grid).split(QLatin1Char('\n')))
        page.paragraph(sentence, 0.95, false, style.mutedText);
    page.skip(style.fontPx * 0.4);
    const QStringList strategies = grid.strategies();
    const qreal stepW = style.fontPx * 14;
    const qreal strategyW =
        std::max(style.fontPx * 9, (page.body().width() - stepW) / std::max<qsizetype>(1, strategies.size()));
    std::vector<TableColumn> columns{{QStringLiteral("step"), stepW, Qt::AlignLeft}};
    for (const QString &s : strategies)
        columns.push_back({s, strategyW, Qt::AlignLeft});
    for (const QString &target : grid.targets()) {
        page.heading(QStringLiteral("Target %1").arg(target), 1.2);
        std::vector<std::vector<TableCell>> rows;
        for (const QString &step : grid.steps()) {
            std::vector<TableCell> row{{step, grid.stepDescription(step), {}, true}};
            bool any = false;
            for (const QString &strategy : strategies) {
                const PredictionGrid::Cell *c = grid.cell(strategy, step, target);
                any = any || c;
                if (!c) {
                    row.push_back({QStringLiteral("—"), {}, style.mutedText, false});
                    continue;
                }
                TableCell cell;
                cell.text = PredictionGrid::predictedText(*c);
                if (c->measured())
                    cell.text += QStringLiteral(" → ") + PredictionGrid::builtText(*c);
                if (grid.hasMeasurements())
                    cell.detail = PredictionGrid::verdictText(*c);
                if (ReportWording::predictionDiffers(*c))
                    cell.color = style.failed;
                else if (!c->measured() && grid.hasMeasurements())
                    cell.color = style.mutedText;
                row.push_back(cell);
            }
            if (any)
                rows.push_back(std::move(row));
        }
        page.table(columns, rows);
    }
    page.paragraph(
        grid.hasMeasurements()
            ? QStringLiteral(
                  "Each cell: derivations predicted · their cost from earlier builds → derivations the run "
                  "started · their build time; below, the verdict (✗: not as predicted).")
            : QStringLiteral("Each cell: derivations predicted · their cost from earlier builds (≥: some "
                             "never measured)."),
        0.8, false, style.mutedText);

    page.heading(QStringLiteral("Findings"), 1.1);
    const QStringList findings = grid.findings();
    for (const QString &finding : findings)
        page.paragraph(QStringLiteral("• ") + finding, 0.95, false, style.failed);
    if (findings.isEmpty())
        page.paragraph(ReportWording::noFindings(grid), 0.95);
    for (const QString &step : grid.steps())
        for (const QString &strategy : strategies)
            for (const QString &target : grid.targets()) {
                const PredictionGrid::Cell *c = grid.cell(strategy, step, target);
                if (!c || !c->prediction || c->prediction->ok)
                    continue;
                page.heading(QStringLiteral("%1 · %2 · %3 could not be predicted; Nix said:")
                                 .arg(strategy, step, target),
                             1.0);
                page.paragraph(ReportWording::errorLines(c->prediction->error).join(QLatin1Char('\n')), 0.85,
                               false, style.mutedText);
            }
}

void environmentTable(PageWriter &page, const Session &session, const SessionSummary &summary)
{
    const SessionEnvironment &e = session.environment;
    const qreal w = page.body().width();
    const std::vector<TableColumn> columns{{QStringLiteral("what"), w * 0.22, Qt::AlignLeft},
                                           {QStringLiteral("value"), w * 0.78, Qt::AlignLeft, true}};
    std::vector<std::vector<TableCell>> rows;
    auto add = [&rows](const QString &key, const QString &value) {
        rows.push_back({{key, {}, {}, true}, {value.isEmpty() ? QStringLiteral("—") : value, {}, {}, false}});
    };
    add(QStringLiteral("Nix"), e.nixVersion);
    if (!e.nixStore.isEmpty())
        add(QStringLiteral("Nix store"), ReportWording::nixStore(e));
    if (!e.nixSettingsAdded.empty())
        add(QStringLiteral("Nix settings added"), ReportWording::nixSettingsAdded(e));
    add(QStringLiteral("system"), e.system);
    add(QStringLiteral("CPU"),
        e.cpuCores > 0 ? QStringLiteral("%1 (%2 cores)").arg(e.cpuModel).arg(e.cpuCores) : e.cpuModel);
    add(QStringLiteral("host"), e.hostName);
    add(QStringLiteral("Flakeoff"), e.flakeoffVersion);
    add(QStringLiteral("date"), e.date.isValid() ? e.date.toString(Qt::ISODate) : QString());
    add(QStringLiteral("workspace"), session.workspace);
    add(QStringLiteral("scenario"),
        session.scenario.name + (session.scenario.description.isEmpty()
                                     ? QString()
                                     : QStringLiteral(" — ") + session.scenario.description));
    add(QStringLiteral("strategies"), session.strategies.join(QStringLiteral(", ")));
    add(QStringLiteral("targets"), session.targets.join(QStringLiteral(", ")));
    add(QStringLiteral("runs"),
        QStringLiteral("%1 recorded per cell, %2 warm-up").arg(session.repeat).arg(session.warmup));
    add(QStringLiteral("measurements"),
        QStringLiteral("%1 (%2 failed)").arg(summary.measurementCount()).arg(summary.failedCount()));
    const QString statusName = Session::statusName(session.status);
    add(QStringLiteral("status"),
        statusName + (session.statusText.isEmpty() || session.statusText == statusName
                          ? QString()
                          : QStringLiteral(": ") + session.statusText));
    add(QStringLiteral("Nix options"), session.environment.nixOptions.join(QLatin1Char(' ')));
    for (const auto &[strategy, revision] : e.inputRevisions)
        add(QStringLiteral("inputs of ") + strategy,
            revision.isEmpty() ? revision : ReportWording::inputs(e, strategy));
    for (const NotRun &n : summary.notRun())
        rows.push_back({{QStringLiteral("not run: ") + n.strategy, {}, {}, true},
                        {NotRunSteps::sentence(n) + QStringLiteral("\n") + n.error,
                         {},
                         ChartPalette::warningText(),
                         false}});
    page.table(columns, rows);

    if (!session.scenario.steps.empty()) {
        page.heading(QStringLiteral("Scenario steps"), 1.1);
        std::vector<std::vector<TableCell>> steps;
        for (const auto &s : session.scenario.steps)
            steps.push_back({{s.id, {}, {}, true}, {s.description, {}, {}, false}});
        page.table(columns, steps);
    }
}
} // namespace

bool PdfReport::write(const Session &session, const QString &path, QString *error)
{
    auto fail = [&](const QString &why) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, why);
        return false;
    };
    if (QFileInfo(path).isDir())
        return fail(QStringLiteral("it is a folder"));
    // Written next to the target and moved in place at the end: never a half-written report.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(file.errorString());

    const ChartStyle style = ChartStyle::report();
    const SessionSummary summary(session);
    {
        QPdfWriter writer(&file);
        writer.setTitle(QStringLiteral("Flakeoff report — %1").arg(session.workspace));
        writer.setCreator(QStringLiteral("Flakeoff ") + QStringLiteral(FLAKEOFF_VERSION));
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape,
                                         QMarginsF(kMarginMm, kMarginMm, kMarginMm, kMarginMm),
                                         QPageLayout::Millimeter));
        QPainter painter;
        if (!painter.begin(&writer))
            return fail(QStringLiteral("the PDF writer could not start"));
        painter.setRenderHint(QPainter::Antialiasing);
        {
            PageWriter page(
                writer, painter, style,
                QStringLiteral("Flakeoff report — %1")
                    .arg(session.workspace.isEmpty() ? QStringLiteral("session") : session.workspace));

            // Page 1: what was measured, how it went, and the summary.
            page.paragraph(QStringLiteral("Flakeoff report"), 2.0, true);
            QStringList facts;
            if (!session.workspace.isEmpty())
                facts.append(session.workspace);
            if (!session.scenario.name.isEmpty())
                facts.append(QStringLiteral("scenario %1").arg(session.scenario.name));
            if (session.environment.date.isValid())
                facts.append(session.environment.date.toString(QStringLiteral("yyyy-MM-dd HH:mm t")));
            facts.append(QStringLiteral("%1 per cell").arg(plural(session.repeat, "run", "runs")));
            facts.append(plural(summary.measurementCount(), "measurement", "measurements"));
            page.paragraph(facts.join(QStringLiteral(" · ")), 1.0, false, style.mutedText);
            page.skip(style.fontPx * 0.4);
            if (const QString status = statusSentence(session); !status.isEmpty())
                page.banner(status, style.failed);
            if (summary.failedCount() > 0)
                page.banner(
                    QStringLiteral(
                        "%1 of the %2 recorded builds failed; their times are left out of the medians.")
                        .arg(summary.failedCount())
                        .arg(summary.measurementCount()),
                    ChartPalette::warningText());
            // Per step, cause first; the runner's whole message is in the environment table.
            for (const QString &line : NotRunSteps::lines(session))
                page.paragraph(line, 0.9, false, ChartPalette::warningText());
            if (summary.cells().empty())
                page.paragraph(QStringLiteral("No measurements were recorded in this session."), 1.2, false,
                               style.mutedText);
            else
                summaryTables(page, summary, style);

            // Charts, one per page, drawn by the same painters as the app's and the exports'.
            for (const QString &target : summary.targets()) {
                for (const BarChartData &chart : {ChartDataBuilder::rebuildCost(summary, target),
                                                  ChartDataBuilder::derivationsRebuilt(summary, target),
                                                  ChartDataBuilder::storeCost(summary, target)}) {
                    if (chart.isEmpty())
                        continue;
                    page.newPage();
                    page.chart(page.body().height(), [&](QPainter &p, const QRectF &r) {
                        BarChartPainter(chart, style).paint(p, r);
                    });
                }
            }

            // Per strategy: the first step's timeline (the cold build, in the standard scenarios)
            // and the derivations each step built.
            for (const QString &strategy : summary.strategies()) {
                // A strategy without a single run has its "—" column on page 1; no empty page here.
                const bool measured =
                    std::any_of(summary.cells().begin(), summary.cells().end(),
                                [&strategy](const CellSummary &c) { return c.strategy == strategy; });
                if (!measured)
                    continue;
                page.section(0.5);
                page.paragraph(QStringLiteral("Strategy %1").arg(strategy), 1.5, true);
                for (const QString &target : summary.targets()) {
                    for (const QString &step : summary.steps(target)) {
                        const CellSummary *c = summary.cell(strategy, target, step);
                        const Measurement *m = c ? c->representative() : nullptr;
                        if (!m || !m->report || m->report->builds.empty())
                            continue;
                        const TimelineData timeline = ChartDataBuilder::timeline(
                            *m->report,
                            QStringLiteral("%1 · %2 · %3 — build timeline").arg(strategy, target, step));
                        const TimelinePainter timelinePainter(timeline, style);
                        page.chart(std::clamp(timelinePainter.preferredHeight(page.body().width()),
                                              page.body().height() * 0.45, page.body().height() * 0.9),
                                   [&](QPainter &p, const QRectF &r) { timelinePainter.paint(p, r); });
                        break; // one timeline per target: the first step that built something
                    }
                    for (const QString &step : summary.steps(target))
                        if (const CellSummary *c = summary.cell(strategy, target, step))
                            derivationTable(page, *c, style);
                }
            }

            if (const PredictionGrid grid = PredictionGrid::of(session); !grid.isEmpty()) {
                page.section();
                predictionPages(page, grid, style);
            }

            page.section();
            page.paragraph(QStringLiteral("Environment"), 1.5, true);
            environmentTable(page, session, summary);
        }
        if (!painter.end())
            return fail(QStringLiteral("the PDF could not be finished"));
    }
    if (!file.commit())
        return fail(file.errorString());
    if (error)
        error->clear();
    return true;
}

} // namespace flakeoff
