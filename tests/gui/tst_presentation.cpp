// SPDX-License-Identifier: MIT
// The Compare page as the answer at a glance, and presentation mode on a 1280×720 projector,
// offscreen on a screen of that size: the grid and the per-step panels hold the core's numbers and
// label every bar, the prediction pane shows only with a prediction, a raw error stays behind
// Details, and in presentation mode nothing is cut (every visible widget inside its parent, every
// label given the room it asks for, nothing scrolled away) on any chart page and any step, with no
// menus, toolbar, tabs or status bar; the arrow keys step through charts and steps.
#include "ChartAdapter.h"
#include "ChartPalette.h"
#include "ChartStyle.h"
#include "CompareGridModel.h"
#include "ComparisonView.h"
#include "ElidedLabel.h"
#include "LiveRunView.h"
#include "MainWindowTestFixture.h"
#include "PredictionView.h"
#include "RebuildCostPanels.h"
#include "RunSetupPanel.h"
#include "RunningBuildsModel.h"
#include "StepAnswerView.h"
#include "StrategyListModel.h"
#include "report/ChartData.h"
#include "report/ReportWording.h"
#include "report/SessionSummary.h"
#include "report/StrategyColors.h"
#include "session/NotRunSteps.h"
#include "session/SessionStore.h"

#include <QApplication>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QMainWindow>
#include <QMenuBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QTreeView>

#include <algorithm>
#include <map>

using namespace flakeoff;
using flakeoff::app::CompareGridModel;
using flakeoff::app::ComparisonView;
using flakeoff::app::MainWindow;
using flakeoff::app::RebuildCostPanels;
using flakeoff::test::child;

namespace {
const QString kPredicted = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/sessions/predicted.json");
const QString kSmall = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/sessions/small.json");
constexpr QSize kProjector(1280, 720);

std::shared_ptr<const Session> load(const QString &path)
{
    QString error;
    auto s = SessionStore::load(path, &error);
    return s ? std::make_shared<const Session>(std::move(*s)) : nullptr;
}

QString describe(const QWidget *w)
{
    return QStringLiteral("%1 (%2)").arg(w->objectName(), QString::fromLatin1(w->metaObject()->className()));
}

// What is cut in `root`: a visible widget reaching outside its parent, a label with less room than
// it asks for, a scroll area hiding part of its content. Item views and chart views scroll their
// own content by design (a timeline of 5,000 derivations); their insides are not looked at.
QStringList cutWidgets(const QWidget *root)
{
    QStringList cut;
    const auto widgets = root->findChildren<QWidget *>();
    for (const QWidget *w : widgets) {
        if (!w->isVisible() || w->isWindow())
            continue;
        const QWidget *parent = w->parentWidget();
        if (parent && parent->objectName() == QLatin1String("qt_scrollarea_viewport")) {
            if (const auto *area = qobject_cast<const QScrollArea *>(parent->parentWidget());
                area &&
                (area->verticalScrollBar()->maximum() > 0 || area->horizontalScrollBar()->maximum() > 0))
                cut << QStringLiteral("%1 scrolls its content (%2×%3 in %4×%5)")
                           .arg(describe(area))
                           .arg(w->width())
                           .arg(w->height())
                           .arg(parent->width())
                           .arg(parent->height());
            continue;
        }
        if (parent && !parent->rect().contains(w->geometry()))
            cut << QStringLiteral("%1 at %2,%3 %4×%5 outside %6 %7×%8")
                       .arg(describe(w))
                       .arg(w->x())
                       .arg(w->y())
                       .arg(w->width())
                       .arg(w->height())
                       .arg(describe(parent))
                       .arg(parent->width())
                       .arg(parent->height());
        if (const auto *label = qobject_cast<const QLabel *>(w); label && !label->text().isEmpty()) {
            const bool fits = label->wordWrap() ? label->heightForWidth(label->width()) <= label->height()
                                                : label->sizeHint().width() <= label->width();
            if (!fits)
                cut << QStringLiteral("label \"%1\" needs %2×%3, has %4×%5")
                           .arg(label->text().left(60))
                           .arg(label->sizeHint().width())
                           .arg(label->wordWrap() ? label->heightForWidth(label->width())
                                                  : label->sizeHint().height())
                           .arg(label->width())
                           .arg(label->height());
        }
    }
    return cut;
}

void settle()
{
    for (int i = 0; i < 3; ++i) {
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
    }
}
} // namespace

class TestPresentation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void gridHoldsTheSummary_data();
    void gridHoldsTheSummary();
    void panelsLabelEveryBar();
    void panelsTakeTheHeight_data();
    void panelsTakeTheHeight();
    void runSetupFitsTheScreen();
    void panelsAndLegendUseEachStrategysColour();
    void errorsFoldedBehindDetails();
    void predictionPaneOnlyWithAPrediction();
    void presentationFitsTheProjector();
    void keysStepChartsAndSteps();
    void replayFitsTheProjector();
    void replayTimeLeftFromTheRecording();

private:
    void openAndWait(const QString &path);

    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
};

void TestPresentation::initTestCase()
{
    Q_INIT_RESOURCE(resources);
    QVERIFY(m_dir.isValid());
    test::isolateSettings(m_dir);
    // The screen is the projector's (see main below): full screen is 1280×720.
    QCOMPARE(QGuiApplication::primaryScreen()->geometry().size(), kProjector);
}

void TestPresentation::init()
{
    test::showMainWindow(m_window);
}

void TestPresentation::cleanup()
{
    test::closeMainWindow(m_window);
    QApplication::setFont(QFont()); // presentation mode must not leak into the next test
}

void TestPresentation::openAndWait(const QString &path)
{
    test::openAndWait(m_window->sessions(), &app::SessionController::openSession,
                      &app::SessionController::sessionLoaded, path);
}

void TestPresentation::gridHoldsTheSummary_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("target");
    QTest::newRow("predicted, 8 steps") << kPredicted << "app";
    QTest::newRow("small, cancelled") << kSmall << "app";
    QTest::newRow("sample, quick") << test::guiFixture("sessions/sample-quick.json") << "app";
}

// The grid at the top of the Compare page shows what the core computed, cell by cell.
void TestPresentation::gridHoldsTheSummary()
{
    QFETCH(QString, path);
    QFETCH(QString, target);
    const auto session = load(path);
    QVERIFY(session);
    const SessionSummary summary(*session);
    ComparisonView view;
    view.resize(1280, 800);
    view.setSession(session, path);
    view.setTarget(target);
    const CompareGridModel *model = view.gridModel();
    QCOMPARE(view.grid()->model(), model);
    QCOMPARE(model->steps(), summary.steps(target));
    QCOMPARE(model->strategies(), summary.strategies());
    int winners = 0;
    for (const QString &step : summary.steps(target))
        for (const QString &strategy : summary.strategies()) {
            const QModelIndex i = model->indexOf(strategy, step);
            const CellSummary *c = summary.cell(strategy, target, step);
            QCOMPARE(i.data(CompareGridModel::MedianRole).isValid(), c && c->hasTime());
            if (c && c->hasTime())
                QCOMPARE(i.data(CompareGridModel::MedianRole).toDouble(), c->wallS.median);
            QCOMPARE(i.data(CompareGridModel::WinnerRole).toBool(), c && c->fastest);
            QCOMPARE(i.data(CompareGridModel::RelativeRole).toString(),
                     c ? ReportWording::relative(*c) : QString());
            winners += c && c->fastest ? 1 : 0;
        }
    // The panels draw the data the exported chart draws, one panel per step of the grid.
    const BarChartData expected = ChartDataBuilder::rebuildCost(summary, target);
    QCOMPARE(view.costPanels()->data().categories, expected.categories);
    QCOMPARE(view.costPanels()->data().categories, model->steps());
    int stars = 0;
    for (int j = 0; j < static_cast<int>(expected.series.size()); ++j)
        for (int i = 0; i < expected.categories.size(); ++i)
            stars += view.costPanels()->labelText(j, i).contains(QStringLiteral("★")) ? 1 : 0;
    QCOMPARE(stars, winners);
    // The grid shows every row: it is as tall as its rows, it does not scroll.
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    settle();
    QCOMPARE(view.grid()->verticalScrollBar()->maximum(), 0);
    QVERIFY(view.grid()->height() >= view.grid()->verticalHeader()->length());
}

// Every bar has its value written after it (the winner's too), inside its panel; a cell without
// a time has no bar, only its word.
void TestPresentation::panelsLabelEveryBar()
{
    const auto session = load(kPredicted);
    QVERIFY(session);
    const SessionSummary summary(*session);
    ComparisonView view;
    view.resize(1280, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setSession(session, kPredicted);
    settle();
    const RebuildCostPanels *panels = view.costPanels();
    const BarChartData &d = panels->data();
    QVERIFY(panels->width() > 1000);
    QVERIFY2(panels->columnCount() >= 3, "edit steps get panels side by side at 1280 wide");
    const QFontMetricsF fm(panels->font());
    for (int i = 0; i < d.categories.size(); ++i) {
        const QRectF panel = panels->panelRect(i);
        QVERIFY(panels->rect().contains(panel.toAlignedRect()));
        QVERIFY(panel.contains(panels->titleRect(i)));
        for (int j = 0; j < static_cast<int>(d.series.size()); ++j) {
            const auto &v = d.series[static_cast<std::size_t>(j)].values[static_cast<std::size_t>(i)];
            const CellSummary *c = summary.cell(d.series[static_cast<std::size_t>(j)].name,
                                                QStringLiteral("app"), d.categories.at(i));
            const QString label = panels->labelText(j, i);
            QVERIFY2(panel.contains(panels->nameRect(j, i)),
                     qPrintable(d.series[static_cast<std::size_t>(j)].name));
            QVERIFY2(panel.contains(panels->labelRect(j, i)), qPrintable(label));
            QVERIFY(panels->labelRect(j, i).width() >= fm.horizontalAdvance(label) - 1);
            if (c && c->hasTime()) {
                QVERIFY(!panels->barRect(j, i).isEmpty());
                QVERIFY(label.startsWith(ChartDataBuilder::formatSeconds(c->wallS.median)));
                QCOMPARE(label.contains(QStringLiteral("★")), c->fastest);
                QVERIFY(panels->labelRect(j, i).left() >= panels->barRect(j, i).right());
            } else {
                QVERIFY(panels->barRect(j, i).isEmpty());
                QVERIFY2(label == QLatin1String("failed") || label == QLatin1String("cancelled") ||
                             label == QLatin1String("not run"),
                         qPrintable(label));
                QCOMPARE(v.has_value(), label != QLatin1String("not run"));
            }
        }
    }
    // Each step on its own scale: the longest bar of every panel spans the same length, an edit
    // step's seconds as long as the cold build's minutes.
    double longestCold = 0;
    double longestEdit = 0;
    const int cold = static_cast<int>(d.categories.indexOf(QStringLiteral("cold")));
    const int edit = static_cast<int>(d.categories.indexOf(QStringLiteral("edit-leaf")));
    QVERIFY(cold >= 0 && edit >= 0);
    for (int j = 0; j < static_cast<int>(d.series.size()); ++j) {
        longestCold = std::max(longestCold, panels->barRect(j, cold).width());
        longestEdit = std::max(longestEdit, panels->barRect(j, edit).width());
    }
    QVERIFY(longestEdit > 0);
    QVERIFY2(std::abs(longestCold - longestEdit) < 2,
             qPrintable(QStringLiteral("%1 vs %2").arg(longestCold).arg(longestEdit)));
    // A click on a row opens that cell's build.
    QSignalSpy requested(&view, &ComparisonView::buildRequested);
    QTest::mouseClick(const_cast<RebuildCostPanels *>(panels), Qt::LeftButton, {},
                      panels->barRect(0, cold).center().toPoint());
    QVERIFY(view.shownBuild());
    QCOMPARE(view.shownBuild()->strategy, d.series[0].name);
    QCOMPARE(view.shownBuild()->step, QStringLiteral("cold"));
}

// A strategy has one colour: its own (StrategyColors), whatever its place in a session, in the
// per-step panels as in the charts, whose legend calls a layout model a model as the exports do.
void TestPresentation::panelsTakeTheHeight_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QSize>("size");
    QTest::newRow("3 steps, 1920×1080")
        << test::guiFixture("sessions/sample-quick.json") << QSize(1920, 1080);
    QTest::newRow("8 steps, 1920×1080") << kPredicted << QSize(1920, 1080);
    QTest::newRow("3 steps, 1280×800") << test::guiFixture("sessions/sample-quick.json") << QSize(1280, 800);
}

// On a large screen the per-step panels take the page's height (wider panels, taller rows) instead
// of leaving most of it empty below them; nothing scrolls, every panel and label stays whole.
void TestPresentation::panelsTakeTheHeight()
{
    QFETCH(QString, path);
    QFETCH(QSize, size);
    const auto session = load(path);
    QVERIFY(session);
    ComparisonView view;
    view.resize(size);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setSession(session, path);
    view.setPage(ComparisonView::Page::StepPanels);
    settle();
    const RebuildCostPanels *panels = view.costPanels();
    auto *scroll = view.findChild<QScrollArea *>(QStringLiteral("rebuildCostPanelsScroll"));
    QVERIFY(scroll && scroll->isVisible());
    QCOMPARE(scroll->verticalScrollBar()->maximum(), 0);
    const int page = scroll->viewport()->height();
    QVERIFY(panels->height() >= page - 12); // the page's margins aside
    const BarChartData &d = panels->data();
    double bottom = 0;
    for (int i = 0; i < d.categories.size(); ++i) {
        const QRectF panel = panels->panelRect(i);
        QVERIFY(panels->rect().contains(panel.toAlignedRect()));
        bottom = std::max(bottom, panel.bottom());
        for (int j = 0; j < static_cast<int>(d.series.size()); ++j) {
            QVERIFY(panel.contains(panels->nameRect(j, i)));
            QVERIFY(panel.contains(panels->labelRect(j, i)));
        }
    }
    const double left = panels->height() - bottom;
    QVERIFY2(left <= 0.15 * page,
             qPrintable(QStringLiteral("%1 of %2 pixels left empty below the panels").arg(left).arg(page)));
}

// At 1280×720 (a laptop's screen, a projector's) the Run view's set-up shows the Runs box without
// scrolling, and each available strategy's availability reads whole in its column; the inputs it
// will use, a paragraph, are in its tooltip.
void TestPresentation::runSetupFitsTheScreen()
{
    m_window->showView(MainWindow::View::Run);
    m_window->resize(kProjector);
    QTRY_COMPARE(m_window->size(), kProjector);
    app::RunSetupPanel *panel = m_window->setupPanel();
    QTRY_VERIFY_WITH_TIMEOUT(panel->availabilityKnown(), 20000);
    settle();
    auto *scroll = child<QScrollArea>(*m_window, "setupScroll");
    QVERIFY(scroll->isVisible());
    QCOMPARE(scroll->verticalScrollBar()->value(), 0);
    auto *runs = child<QWidget>(*panel, "runsGroup");
    const QRect runsShown(runs->mapTo(scroll->viewport(), QPoint(0, 0)), runs->size());
    QVERIFY2(scroll->viewport()->rect().contains(runsShown),
             qPrintable(QStringLiteral("the Runs box at y %1–%2, the set-up shows 0–%3")
                            .arg(runsShown.top())
                            .arg(runsShown.bottom())
                            .arg(scroll->viewport()->height())));
    auto *list = child<QTreeView>(*panel, "strategyView");
    QCOMPARE(list->verticalScrollBar()->maximum(), 0); // every strategy in view
    app::StrategyListModel *model = panel->strategyModel();
    int available = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, app::StrategyListModel::AvailabilityColumn);
        const auto status = model->status(model->id(row));
        QVERIFY(status);
        if (!status->available)
            continue; // its reason, short here, is whole in the tooltip (tst_runwindow)
        ++available;
        const QString text = index.data().toString();
        QVERIFY2(list->sizeHintForIndex(index).width() <= list->columnWidth(index.column()),
                 qPrintable(QStringLiteral("\"%1\" needs %2 pixels, has %3")
                                .arg(text)
                                .arg(list->sizeHintForIndex(index).width())
                                .arg(list->columnWidth(index.column()))));
        const QString tip = index.data(Qt::ToolTipRole).toString();
        QCOMPARE(tip, status->note);
        QVERIFY2(status->offlineInputs.isEmpty() || tip.contains(status->offlineInputs), qPrintable(tip));
    }
    QVERIFY(available > 0);
}

void TestPresentation::panelsAndLegendUseEachStrategysColour()
{
    const auto first = load(kPredicted);
    QVERIFY(first);
    Session reordered = *first;
    std::reverse(reordered.strategies.begin(), reordered.strategies.end());
    const auto second = std::make_shared<const Session>(reordered);
    std::map<QString, QColor> seen;
    QStringList firstSeries;
    for (const auto &session : {first, second}) {
        ComparisonView view;
        view.setTheme(app::ChartAdapter::Theme::Light);
        view.resize(1280, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setSession(session, kPredicted);
        settle();
        RebuildCostPanels *panels = view.costPanels();
        const BarChartData &d = panels->data();
        firstSeries << d.series.front().name;
        const QImage image = panels->grab().toImage();
        const int cold = static_cast<int>(d.categories.indexOf(QStringLiteral("cold")));
        for (int j = 0; j < static_cast<int>(d.series.size()); ++j) {
            const QString id = d.series[static_cast<std::size_t>(j)].name;
            const QRectF bar = panels->barRect(j, cold);
            QVERIFY2(!bar.isEmpty(), qPrintable(id));
            const QColor drawn = image.pixelColor(bar.center().toPoint());
            QCOMPARE(drawn, ChartPalette::strategyColor(id));
            if (const auto it = seen.find(id); it != seen.end())
                QCOMPARE(drawn, it->second); // the same in the other session
            seen[id] = drawn;
        }
        // The QtCharts bars: the same colours, and "(model)" in the legend for a layout model.
        const auto sets = qobject_cast<QBarSeries *>(
                              view.adapter(ComparisonView::Chart::RebuildCost)->chart()->series().front())
                              ->barSets();
        QCOMPARE(sets.size(), static_cast<qsizetype>(d.series.size()));
        for (qsizetype j = 0; j < sets.size(); ++j) {
            const QString id = d.series[static_cast<std::size_t>(j)].name;
            QCOMPARE(sets[j]->label(), StrategyColors::legendName(id));
            QCOMPARE(sets[j]->color(), ChartPalette::strategyColor(id));
        }
        QCOMPARE(sets.front()->label(), d.series.front().name + QStringLiteral(" (model)"));
    }
    // The two sessions ran the strategies in another order, yet each kept its colour.
    QCOMPARE(firstSeries.size(), 2);
    QVERIFY(firstSeries.front() != firstSeries.back());
    QCOMPARE(seen.size(), std::size_t{3});
}

// The session's problems take one line each; the raw cargo error is behind Details.
void TestPresentation::errorsFoldedBehindDetails()
{
    const auto session = load(kPredicted);
    QVERIFY(session);
    ComparisonView view;
    view.resize(1280, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setSession(session, kPredicted);
    const QString shortText = view.problemText();
    // Per step, in the core's words: what was not run and the cause, not the runner's command line.
    QCOMPARE(shortText, NotRunSteps::groupedLines(*session).join(QLatin1Char('\n')));
    QCOMPARE(shortText, QStringLiteral("per-crate: break-eval not run (generate failed)"));
    QVERIFY2(!shortText.contains(QLatin1Char('\n')), qPrintable(shortText));
    QVERIFY(!shortText.contains(QLatin1String("Cargo.toml:13:8")));
    QVERIFY(view.problemDetails().contains(QLatin1String("--> Cargo.toml:13:8")));
    auto *details = child<QLabel>(view, "comparisonProblemDetails");
    auto *toggle = child<QPushButton>(view, "comparisonProblemToggle");
    QVERIFY(details && toggle);
    QVERIFY(toggle->isVisible());
    QVERIFY(!details->isVisible());
    toggle->click();
    QVERIFY(details->isVisible());
    QVERIFY(details->text().contains(QLatin1String("unclosed table")));
    toggle->click();
    QVERIFY(!details->isVisible());
    // Nothing to fold: no button.
    view.setSession(load(test::guiFixture("sessions/sample-quick.json")));
    QVERIFY(view.problemText().isEmpty());
    QVERIFY(!toggle->isVisible());
}

void TestPresentation::predictionPaneOnlyWithAPrediction()
{
    openAndWait(test::guiFixture("sessions/sample-quick.json"));
    m_window->showView(MainWindow::View::Compare);
    app::PredictionView *pane = m_window->predictionView();
    QVERIFY(!pane->isVisible()); // no prediction: the charts get the width
    openAndWait(kPredicted);
    QVERIFY(pane->isVisible());
    openAndWait(kSmall);
    QVERIFY(!pane->isVisible());
    // F9 still brings the empty pane, with its Predict button.
    child<QAction>(*m_window, "actionShowPrediction")->trigger();
    QVERIFY(pane->isVisible());
}

// At 1280×720, full screen: only the answer and one chart, nothing cut, on every page and step.
void TestPresentation::presentationFitsTheProjector()
{
    openAndWait(kPredicted);
    m_window->setPresentationMode(true);
    QTRY_COMPARE(m_window->size(), kProjector);
    settle();
    QCOMPARE(m_window->currentView(), MainWindow::View::Compare);
    QVERIFY(!m_window->menuBar()->isVisible());
    QVERIFY(!child<QToolBar>(*m_window, "mainToolBar")->isVisible());
    QVERIFY(!m_window->statusBar()->isVisible());
    QVERIFY(!child<QTabWidget>(*m_window, "mainTabs")->tabBar()->isVisible());
    auto *view = m_window->findChild<ComparisonView *>();
    QVERIFY(view && view->isVisible());
    QVERIFY(view->stepAnswer()->isVisible());
    QVERIFY(!view->grid()->isVisible());
    QVERIFY(!view->measurementTable()->isVisible());
    QVERIFY(!view->chartPages()->tabBar()->isVisible());
    QVERIFY(!child<QWidget>(*m_window, "comparisonSummary")->isVisible());
    // Large type: the application's font, 1.6 times the desk's.
    QVERIFY(QApplication::font().pointSizeF() >= 14);
    const int steps = view->gridModel()->rowCount();
    QCOMPARE(steps, 8);
    // On stage the session's problems are the core's short lines: no command line, no path.
    const QString problem = view->problemText();
    QCOMPARE(problem, QStringLiteral("per-crate: break-eval not run (generate failed)"));
    QVERIFY(child<QLabel>(*view, "comparisonProblem")->isVisible());
    for (int page = 0; page < ComparisonView::kPageCount; ++page) {
        view->setPage(static_cast<ComparisonView::Page>(page));
        for (int step = 0; step < steps; ++step) {
            view->setCurrentStep(step);
            settle();
            const QStringList cut = cutWidgets(m_window.get());
            if (!cut.isEmpty() && qEnvironmentVariableIsSet("DEBUG_CUT")) {
                for (QWidget *w : view->findChildren<QWidget *>())
                    if (w->minimumSizeHint().height() > 150 || w->minimumHeight() > 150)
                        qWarning() << w->objectName() << w->metaObject()->className() << w->isVisible()
                                   << w->minimumSizeHint() << w->minimumSize() << w->height();
            }
            QVERIFY2(cut.isEmpty(), qPrintable(QStringLiteral("page %1, step %2: %3")
                                                   .arg(page)
                                                   .arg(step)
                                                   .arg(cut.join(QStringLiteral("; ")))));
            // The chart shown has room to be read.
            QVERIFY(view->chartPages()->currentWidget()->height() >= 200);
        }
    }
    m_window->setPresentationMode(false);
    settle();
    QVERIFY(m_window->menuBar()->isVisible());
    QVERIFY(m_window->statusBar()->isVisible());
    QVERIFY(child<QTabWidget>(*m_window, "mainTabs")->tabBar()->isVisible());
    // Back at the desk (on the page it was on): the whole grid, not one step's answer.
    QVERIFY(!view->grid()->isHidden());
    QVERIFY(view->stepAnswer()->isHidden());
}

void TestPresentation::keysStepChartsAndSteps()
{
    openAndWait(kPredicted);
    QTest::keyClick(m_window.get(), Qt::Key_F11); // the window's shortcut, without its menu bar
    QVERIFY(m_window->presentationMode());
    settle();
    auto *view = m_window->findChild<ComparisonView *>();
    QWidget *focus = QApplication::focusWidget() ? QApplication::focusWidget() : m_window.get();
    QCOMPARE(view->page(), ComparisonView::Page::StepPanels);
    QCOMPARE(view->currentStep(), 0);
    QCOMPARE(view->costPanels()->currentStep(), 0);
    QTest::keyClick(focus, Qt::Key_Right);
    QCOMPARE(view->page(), ComparisonView::Page::DerivationsRebuilt);
    QTest::keyClick(focus, Qt::Key_Left);
    QTest::keyClick(focus, Qt::Key_Left);
    QCOMPARE(view->page(), ComparisonView::Page::RebuildCostOneScale); // wraps around
    QTest::keyClick(focus, Qt::Key_Right);
    QTest::keyClick(focus, Qt::Key_Down);
    QCOMPARE(view->currentStep(), 1);
    QCOMPARE(view->costPanels()->currentStep(), 1);
    QVERIFY2(view->stepAnswer()->headline().contains(QLatin1String("noop")),
             qPrintable(view->stepAnswer()->headline()));
    QTest::keyClick(focus, Qt::Key_PageDown);
    QCOMPARE(view->currentStep(), 2);
    // The timeline follows the step: its quickest build.
    const SessionSummary summary(*view->session());
    QCOMPARE(view->shownBuild()->step, QStringLiteral("edit-leaf"));
    QCOMPARE(view->shownBuild()->strategy,
             summary.quickest(QStringLiteral("app"), QStringLiteral("edit-leaf")));
    QTest::keyClick(focus, Qt::Key_PageUp);
    QTest::keyClick(focus, Qt::Key_Up);
    QTest::keyClick(focus, Qt::Key_Up); // stays at the first step
    QCOMPARE(view->currentStep(), 0);
    QTest::keyClick(m_window.get(), Qt::Key_F11);
    QVERIFY(!m_window->presentationMode());
    QCOMPARE(view->costPanels()->currentStep(), -1);
    // Off stage, the arrows are the widgets' own again.
    m_window->showView(MainWindow::View::Compare);
    settle();
    const ComparisonView::Page before = view->page();
    QTest::keyClick(view->grid(), Qt::Key_Right);
    QCOMPARE(view->page(), before);
}

// A replay on the projector: the Run page at 1280×720 in large type, nothing cut. A derivation's
// long name is cut in the middle with the whole of it in the tooltip, in the log's title as in the
// list of derivations.
void TestPresentation::replayFitsTheProjector()
{
    m_window->setPresentationMode(true);
    QTRY_COMPARE(m_window->size(), kProjector);
    m_window->sessions()->setReplaySpeed(100);
    QSignalSpy finished(m_window->sessions(), &app::SessionController::replayFinished);
    m_window->sessions()->replaySession(test::guiFixture("sessions/tiny-quick.json"));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->sessions()->isReplaying(), 10000);
    app::LiveRunView *live = m_window->liveView();
    QTRY_VERIFY_WITH_TIMEOUT(live->buildsModel()->rowCount() > 0, 10000);
    QCOMPARE(m_window->currentView(), MainWindow::View::Run);
    settle();
    QStringList cut = cutWidgets(m_window.get());
    QVERIFY2(cut.isEmpty(), qPrintable(cut.join(QStringLiteral("; "))));
    QVERIFY(finished.wait(60000));

    // A build of a derivation whose name is longer than the projector is wide.
    const std::string name = "sample-app-" + std::string(150, 'x') + "-0.1.0";
    auto report = std::make_shared<BuildReport>();
    DerivationBuild b;
    b.name = name;
    b.drvPath = "/nix/store/00000000000000000000000000000000-" + name + ".drv";
    b.status = BuildStatus::Running;
    b.startUs = 0;
    b.lastLines = {"compiling"};
    report->builds.push_back(b);
    report->lastEventUs = 1'000'000;
    live->showReport(report, 1'000'000);
    settle();
    cut = cutWidgets(m_window.get());
    QVERIFY2(cut.isEmpty(), qPrintable(cut.join(QStringLiteral("; "))));
    auto *title = child<app::ElidedLabel>(*live, "logTitle");
    QVERIFY(title && title->isVisible());
    QVERIFY(title->fullText().contains(QString::fromStdString(name)));
    QVERIFY(title->isElided());
    QVERIFY(title->text().contains(QStringLiteral("…")));
    QVERIFY2(title->text().startsWith(QStringLiteral("Log of sample-app-")), qPrintable(title->text()));
    QVERIFY(title->text().endsWith(QStringLiteral("(newest build)"))); // the state is kept whole
    QVERIFY(title->toolTip().contains(title->fullText()));
    QVERIFY(title->toolTip().contains(QString::fromStdString(b.drvPath)));
    auto *builds = child<QTreeView>(*live, "buildsView");
    QCOMPARE(builds->textElideMode(), Qt::ElideMiddle);
    QCOMPARE(builds->model()->index(0, 0).data(Qt::ToolTipRole).toString(),
             QString::fromStdString(b.drvPath));
}

// A replay's time left is what the recording has not played yet, not the builds so far averaged
// (which said "23:40 left" for a 10:12 session); a live run, and a replay without a recorded time,
// still average.
void TestPresentation::replayTimeLeftFromTheRecording()
{
    app::LiveRunView view;
    RunProgress p;
    p.strategy = QStringLiteral("monolithic");
    p.step = QStringLiteral("cold");
    p.target = QStringLiteral("app");
    p.buildsDone = 1;
    p.buildsTotal = 3;
    p.elapsedMs = 60'000;
    view.beginRun(app::LiveRunView::Mode::Replay, QStringLiteral("Replay of quick on sample"), 3);
    view.setRecordedTime(612'500); // 10:12 recorded
    view.showProgress(p);
    QVERIFY2(view.timeText().contains(QStringLiteral("about 9:12 left")), qPrintable(view.timeText()));
    QVERIFY2(view.timeText().endsWith(QStringLiteral("(recorded time)")), qPrintable(view.timeText()));
    p.elapsedMs = 700'000; // played longer than recorded (pauses between builds): never negative
    view.showProgress(p);
    QVERIFY2(view.timeText().contains(QStringLiteral("about 0:00 left")), qPrintable(view.timeText()));
    // A new replay forgets the old recording: without one it averages the builds so far.
    view.beginRun(app::LiveRunView::Mode::Replay, QStringLiteral("Replay of one.flog"), 3);
    p.elapsedMs = 60'000;
    view.showProgress(p);
    QVERIFY2(view.timeText().contains(QStringLiteral("about 2:00 left")), qPrintable(view.timeText()));
    view.beginRun(app::LiveRunView::Mode::Live, QStringLiteral("quick on sample"), 3);
    view.setRecordedTime(612'500); // only a replay has a recording to go by
    view.showProgress(p);
    QVERIFY2(view.timeText().contains(QStringLiteral("about 2:00 left")), qPrintable(view.timeText()));
    QVERIFY(!view.timeText().contains(QStringLiteral("recorded")));
}

// The offscreen screen is the projector's: 1280×720 at 96 dpi, as under Xvfb.
int main(int argc, char *argv[])
{
    QTemporaryDir dir;
    const QString config = dir.filePath(QStringLiteral("screen.json"));
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly))
        return 1;
    file.write(R"({"screens": [{"name": "projector", "x": 0, "y": 0, "width": 1280, "height": 720,
                    "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]})");
    file.close();
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + QFile::encodeName(config));
    QApplication app(argc, argv);
    TestPresentation test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_presentation.moc"
