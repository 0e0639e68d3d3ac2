// SPDX-License-Identifier: MIT
// The prediction beside the measured charts: the grid of a real session's prediction and run
// (tests/data/sessions/predicted.json), what a differing cell shows, Nix's error in a cell that
// could not be evaluated, the empty state, and the refusals (no workspace, Nix busy). The live
// prediction from the window is at the end, under the nix-store lock (tst_livepredictview).
#include "AppSettings.h"
#include "ComparisonView.h"
#include "MainWindow.h"
#include "PredictionTableModel.h"
#include "PredictionView.h"
#include "SessionController.h"
#include "nix/NixEnvironment.h"
#include "session/SessionStore.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

using namespace flakeoff;
using namespace flakeoff::app;

namespace {
const QString kFixture = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/sessions/predicted.json");
const QString kWorkspace = QStringLiteral(FLAKEOFF_SOURCE_DIR "/tests/data/predict/workspace");

std::shared_ptr<Session> fixture()
{
    QString error;
    auto s = SessionStore::load(kFixture, &error);
    if (!s)
        qWarning("%s", qPrintable(error));
    if (!s)
        return nullptr;
    s->workspace = kWorkspace; // recorded on another checkout
    return std::make_shared<Session>(std::move(*s));
}

StepPrediction *cellOf(Session &s, const QString &strategy, const QString &step)
{
    for (auto &p : s.prediction->steps)
        if (p.strategy == strategy && p.step == step)
            return &p;
    return nullptr;
}
} // namespace

class TestPredictionView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void showsTheStoredPrediction();
    void differingCells_data();
    void differingCells();
    void evaluationErrorShowsNixsMessage();
    void emptyStateOffersToPredict();
    void refusals_data();
    void refusals();
    void sitsBesideTheChartsInTheWindow();
    void presentationHidesAnEmptyPane();
    void keepsTheSelectionAcrossSnapshots();

private:
    QTemporaryDir m_dir;
};

void TestPredictionView::initTestCase()
{
    Q_INIT_RESOURCE(resources);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                       m_dir.filePath(QStringLiteral("config")));
    QVERIFY(fixture());
    QVERIFY(fixture()->prediction);
}

void TestPredictionView::showsTheStoredPrediction()
{
    PredictionView view;
    QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto session = fixture();
    view.setSession(session, kFixture);
    PredictionTableModel *model = view.model();
    QCOMPARE(model->columnCount(), 3);
    QCOMPARE(model->rowCount(), static_cast<int>(session->scenario.steps.size()));
    QCOMPARE(model->headerData(0, Qt::Horizontal).toString(), QStringLiteral("monolithic"));
    QCOMPARE(model->headerData(0, Qt::Vertical).toString(), QStringLiteral("cold"));

    // Every cell says what the grid says, from the session's own numbers.
    const PredictionGrid grid = PredictionGrid::of(*session);
    int measured = 0;
    for (int r = 0; r < model->rowCount(); ++r)
        for (int c = 0; c < model->columnCount(); ++c) {
            const QModelIndex i = model->index(r, c);
            const auto *cell =
                grid.cell(i.data(PredictionTableModel::StrategyRole).toString(),
                          i.data(PredictionTableModel::StepRole).toString(), QStringLiteral("app"));
            QVERIFY(cell);
            const QString text = i.data().toString();
            QVERIFY2(text.startsWith(PredictionGrid::predictedText(*cell)), qPrintable(text));
            if (cell->measured()) {
                ++measured;
                QVERIFY2(text.endsWith(PredictionGrid::builtText(*cell)), qPrintable(text));
                QVERIFY2(
                    text.contains(cell->comparison->agrees() ? QStringLiteral("✓") : QStringLiteral("✗")),
                    qPrintable(text));
            }
        }
    QCOMPARE(measured, 23);
    QVERIFY2(view.summaryText().contains(QStringLiteral("23 of 23 measured cells as predicted")),
             qPrintable(view.summaryText()));
    QVERIFY(!view.findChild<QLabel *>(QStringLiteral("predictionFindings"))->isVisibleTo(&view));

    // The cold build of monolithic: its two derivations, their measured times and why.
    QVERIFY(view.selectCell(QStringLiteral("monolithic"), QStringLiteral("cold")));
    const StepPrediction *p = session->prediction->find(QStringLiteral("monolithic"), QStringLiteral("cold"),
                                                        QStringLiteral("app"));
    QVERIFY(p && !p->rebuild.empty());
    const QString details = view.detailsText();
    for (const auto &d : p->rebuild) {
        QVERIFY2(details.contains(d.name), qPrintable(details));
        QVERIFY2(details.contains(d.role), qPrintable(details));
        if (!d.reasons.isEmpty())
            QVERIFY2(details.contains(d.reasons.constFirst()), qPrintable(details));
    }
    QVERIFY2(details.contains(QStringLiteral("✓ as predicted")), qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("The run built:")), qPrintable(details));
}

void TestPredictionView::differingCells_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<bool>("finding");
    QTest::addColumn<QString>("mark");
    QTest::addColumn<QString>("detail");
    // The prediction forgot a derivation the run built: a finding, flagged above the grid.
    QTest::newRow("missed rebuild") << QStringLiteral("drop") << true << QStringLiteral("✗")
                                    << QStringLiteral("Built but not predicted");
    // It listed one more than was built: different, but not a missed rebuild.
    QTest::newRow("predicted, not built")
        << QStringLiteral("add") << false << QStringLiteral("✗") << QStringLiteral("Predicted but not built");
    QTest::newRow("unchanged") << QString() << false << QStringLiteral("✓")
                               << QStringLiteral("✓ as predicted");
}

void TestPredictionView::differingCells()
{
    QFETCH(QString, change);
    QFETCH(bool, finding);
    QFETCH(QString, mark);
    QFETCH(QString, detail);
    auto session = fixture();
    StepPrediction *p = cellOf(*session, QStringLiteral("per-crate"), QStringLiteral("edit-shared"));
    QVERIFY(p && p->rebuild.size() >= 2);
    QString name;
    if (change == QLatin1String("drop")) {
        name = p->rebuild.front().name;
        p->rebuild.erase(p->rebuild.begin());
    } else if (change == QLatin1String("add")) {
        PredictedDerivation extra = p->rebuild.front();
        extra.name = name = QStringLiteral("crate-never-built-0.1.0");
        p->rebuild.push_back(extra);
    }
    PredictionView view;
    view.setSession(session, kFixture);
    const QModelIndex i = view.model()->indexOf(QStringLiteral("per-crate"), QStringLiteral("edit-shared"));
    QVERIFY(i.isValid());
    QCOMPARE(i.data(PredictionTableModel::FindingRole).toBool(), finding);
    QVERIFY2(i.data().toString().contains(mark), qPrintable(i.data().toString()));
    // Every difference is listed over the grid; a missed rebuild is where the view opens.
    auto *differences = view.findChild<QLabel *>(QStringLiteral("predictionFindings"));
    QCOMPARE(differences->isVisibleTo(&view), !change.isEmpty());
    if (!change.isEmpty()) {
        QVERIFY2(differences->text().contains(name), qPrintable(differences->text()));
        QVERIFY2(differences->text().contains(finding ? QStringLiteral("built but not predicted")
                                                      : QStringLiteral("predicted but not built")),
                 qPrintable(differences->text()));
    }
    if (finding)
        QCOMPARE(view.table()->currentIndex(), i);
    if (!change.isEmpty()) {
        QVERIFY2(!view.summaryText().contains(QStringLiteral("23 of 23")), qPrintable(view.summaryText()));
        QVERIFY2(
            view.summaryText().contains(QStringLiteral("22 of 23 measured cells as predicted; 1 differs")),
            qPrintable(view.summaryText()));
    }
    QVERIFY(view.selectCell(QStringLiteral("per-crate"), QStringLiteral("edit-shared")));
    QVERIFY2(view.detailsText().contains(detail), qPrintable(view.detailsText()));
    if (!name.isEmpty())
        QVERIFY2(view.detailsText().contains(name), qPrintable(view.detailsText()));
}

void TestPredictionView::evaluationErrorShowsNixsMessage()
{
    const auto session = fixture();
    const StepPrediction *p = session->prediction->find(QStringLiteral("monolithic"),
                                                        QStringLiteral("break-eval"), QStringLiteral("app"));
    QVERIFY(p && !p->ok && !p->error.isEmpty());
    PredictionView view;
    view.setSession(session, kFixture);
    const QModelIndex i = view.model()->indexOf(QStringLiteral("monolithic"), QStringLiteral("break-eval"));
    QVERIFY2(i.data().toString().startsWith(QStringLiteral("cannot predict")),
             qPrintable(i.data().toString()));
    QVERIFY(i.data(Qt::ToolTipRole).toString().contains(p->error.section(QLatin1Char('\n'), 0, 0)));
    QVERIFY(view.selectCell(QStringLiteral("monolithic"), QStringLiteral("break-eval")));
    QVERIFY2(view.detailsText().contains(QStringLiteral("Nix could not evaluate this step")),
             qPrintable(view.detailsText()));
    QVERIFY2(view.detailsText().contains(p->error.section(QLatin1Char('\n'), 0, 0)),
             qPrintable(view.detailsText()));
}

void TestPredictionView::emptyStateOffersToPredict()
{
    PredictionView view;
    QVERIFY(view.summaryText().contains(QStringLiteral("Open or run a session")));
    QVERIFY(!view.predictButton()->isEnabled());
    auto session = fixture();
    session->prediction.reset();
    view.setSession(session, kFixture);
    QCOMPARE(view.model()->rowCount(), 0);
    QVERIFY(!view.table()->isVisibleTo(&view));
    QVERIFY2(view.summaryText().contains(QStringLiteral("holds no prediction")),
             qPrintable(view.summaryText()));
    QVERIFY2(view.summaryText().contains(QStringLiteral("priced with this session's times")),
             qPrintable(view.summaryText()));
    QVERIFY(view.predictButton()->isEnabled());
    QCOMPARE(view.predictButton()->text(), QStringLiteral("Predict"));
}

void TestPredictionView::refusals_data()
{
    QTest::addColumn<QString>("workspace");
    QTest::addColumn<bool>("busy");
    QTest::addColumn<bool>("noStrategies");
    QTest::addColumn<QString>("reason");
    QTest::newRow("workspace not here") << QStringLiteral("/nonexistent/flakeoff-ws") << false << false
                                        << QStringLiteral("is not on this machine");
    QTest::newRow("a run owns Nix") << kWorkspace << true << false
                                    << QStringLiteral("a run or a replay is using Nix");
    QTest::newRow("nothing to predict") << kWorkspace << false << true << QStringLiteral("names no strategy");
}

void TestPredictionView::refusals()
{
    QFETCH(QString, workspace);
    QFETCH(bool, busy);
    QFETCH(bool, noStrategies);
    QFETCH(QString, reason);
    auto session = fixture();
    session->workspace = workspace;
    if (noStrategies)
        session->strategies.clear();
    PredictionView view;
    view.setSession(session, kFixture);
    view.setBusy(busy);
    QCOMPARE(view.predictButton()->isEnabled(), !busy);
    QSignalSpy failed(&view, &PredictionView::predictionFailed);
    QSignalSpy predicted(&view, &PredictionView::predicted);
    QVERIFY(!view.predict());
    QVERIFY(!view.isPredicting());
    QCOMPARE(failed.size(), 1);
    QVERIFY2(view.statusText().contains(reason), qPrintable(view.statusText()));
    QCOMPARE(predicted.size(), 0);
}

void TestPredictionView::sitsBesideTheChartsInTheWindow()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("predicted.json"));
    QString error;
    QVERIFY2(SessionStore::save(*fixture(), path, &error), qPrintable(error));
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *predict = window.findChild<QAction *>(QStringLiteral("actionPredict"));
    QVERIFY(predict);
    QVERIFY(!predict->isEnabled()); // no session yet
    QSignalSpy loaded(window.sessions(), &SessionController::sessionLoaded);
    window.sessions()->openSession(path);
    QVERIFY(loaded.wait(10000));
    window.showView(MainWindow::View::Compare);
    PredictionView *view = window.predictionView();
    QVERIFY(view->isVisible());
    QVERIFY(predict->isEnabled());
    QCOMPARE(view->model()->rowCount(), 8);
    // Beside the charts: the same session, side by side.
    auto *comparison = window.findChild<ComparisonView *>();
    QVERIFY(comparison);
    QVERIFY(view->mapToGlobal(QPoint(0, 0)).x() > comparison->mapToGlobal(QPoint(0, 0)).x());
    QCOMPARE(view->model()->session(), comparison->session());
    // F9 hides and shows it.
    auto *toggle = window.findChild<QAction *>(QStringLiteral("actionShowPrediction"));
    toggle->trigger();
    QVERIFY(!view->isVisible());
    toggle->trigger();
    QVERIFY(view->isVisible());
    // On stage the answer and one chart take the width (issue 14); F9 brings the prediction, and
    // leaving the stage brings it back as it was.
    window.setPresentationMode(true);
    QVERIFY(!view->isVisible());
    toggle->trigger();
    QVERIFY(view->isVisible());
    toggle->trigger();
    window.setPresentationMode(false);
    QVERIFY(view->isVisible());
    QThreadPool::globalInstance()->waitForDone();
}

void TestPredictionView::presentationHidesAnEmptyPane()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("measured-only.json"));
    auto session = fixture();
    session->prediction.reset();
    QString error;
    QVERIFY2(SessionStore::save(*session, path, &error), qPrintable(error));
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy loaded(window.sessions(), &SessionController::sessionLoaded);
    window.sessions()->openSession(path);
    QVERIFY(loaded.wait(10000));
    window.showView(MainWindow::View::Compare);
    PredictionView *view = window.predictionView();
    // Empty, the pane leaves the width to the charts (issue 14); F9 brings it, offering Predict.
    QVERIFY(!view->isVisible());
    window.findChild<QAction *>(QStringLiteral("actionShowPrediction"))->trigger();
    QVERIFY(view->isVisible()); // the empty state offers Predict
    window.setPresentationMode(true);
    QVERIFY(!view->isVisible()); // the charts get the stage
    window.setPresentationMode(false);
    QVERIFY(view->isVisible()); // and the pane comes back as it was
    QThreadPool::globalInstance()->waitForDone();
}

void TestPredictionView::keepsTheSelectionAcrossSnapshots()
{
    auto session = fixture();
    PredictionView view;
    view.setSession(session, kFixture);
    QVERIFY(view.selectCell(QStringLiteral("deps-split"), QStringLiteral("bump-dependency")));
    // A new snapshot of the same session (a live run adds a measurement): the cell stays selected.
    auto next = std::make_shared<Session>(*session);
    next->measurements.push_back(next->measurements.front());
    view.setSession(next, kFixture);
    QCOMPARE(view.table()->currentIndex(),
             view.model()->indexOf(QStringLiteral("deps-split"), QStringLiteral("bump-dependency")));
    QVERIFY(view.detailsText().contains(QStringLiteral("deps-split · bump-dependency")));
}

QTEST_MAIN(TestPredictionView)
#include "tst_predictionview.moc"
