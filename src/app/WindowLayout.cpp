// SPDX-License-Identifier: MIT
#include "WindowLayout.h"

#include "ui_MainWindow.h"

#include "AppSettings.h"
#include "ComparisonView.h"
#include "LiveRunView.h"
#include "LogView.h"
#include "SessionController.h"
#include "Theme.h"
#include "session/Session.h"

#include <QAction>
#include <QMainWindow>
#include <QMenuBar>
#include <QStatusBar>
#include <QTabBar>
#include <QToolBar>

namespace flakeoff::app {

namespace {
// Keys for AppSettings::layout: the window's parts under "mainWindow/", kept from before they had
// their own classes so a saved layout still applies.
QString windowKey(const char *name)
{
    return QStringLiteral("mainWindow/") + QLatin1String(name);
}
QString liveViewKey()
{
    return QStringLiteral("liveView/splitters");
}
} // namespace

WindowLayout::WindowLayout(QMainWindow *window, Ui::MainWindow *ui, AppSettings *settings,
                           const SessionController *sessions)
    : QObject(window), m_window(window), m_ui(ui), m_settings(settings), m_sessions(sessions)
{
    m_ui->runSplitter->setStretchFactor(0, 0);
    m_ui->runSplitter->setStretchFactor(1, 1);
    m_ui->compareSplitter->setStretchFactor(0, 3);
    m_ui->compareSplitter->setStretchFactor(1, 2);
    connect(m_settings, &AppSettings::themeChanged, this,
            [this](AppSettings::Theme theme) { Theme::apply(theme, m_presentation); });
    connect(m_sessions, &SessionController::stateChanged, this, &WindowLayout::followSession);
    connect(m_sessions, &SessionController::sessionLoaded, this, [this] {
        if (m_presentation && !m_sessions->isBusy())
            showView(View::Compare);
    });
}

// The prediction pane is there when the session holds a prediction, and out of the charts' way
// when it does not (View › Predicted Rebuilds, F9, brings it back with its Predict button).
void WindowLayout::followSession()
{
    std::shared_ptr<const Session> session = m_sessions->session();
    if (m_followedAny && session == m_followed)
        return;
    m_followedAny = true;
    m_followed = std::move(session);
    const Session *shown = m_followed.get();
    const bool hasPrediction = shown && shown->prediction;
    if (m_presentation)
        m_predictionShownBeforePresentation = hasPrediction;
    else
        m_ui->actionShowPrediction->setChecked(hasPrediction);
}

void WindowLayout::showView(View view)
{
    QWidget *page = view == View::Run       ? m_ui->runTab
                    : view == View::Compare ? m_ui->compareTab
                                            : m_ui->logTab;
    m_ui->mainTabs->setCurrentWidget(page);
}

WindowLayout::View WindowLayout::currentView() const
{
    QWidget *page = m_ui->mainTabs->currentWidget();
    return page == m_ui->runTab ? View::Run : page == m_ui->compareTab ? View::Compare : View::Log;
}

void WindowLayout::restore()
{
    if (!m_window->restoreGeometry(m_settings->layout(windowKey("geometry"))))
        m_window->resize(1280, 800);
    m_window->restoreState(m_settings->layout(windowKey("state")));
    m_ui->logView->restoreLayout(
        {m_settings->layout(windowKey("mainSplitter")), m_settings->layout(windowKey("tableSplitter"))});
    if (!m_ui->runSplitter->restoreState(m_settings->layout(windowKey("runSplitter"))))
        m_ui->runSplitter->setSizes({500, 780});
    if (!m_ui->compareSplitter->restoreState(m_settings->layout(windowKey("compareSplitter"))))
        m_ui->compareSplitter->setSizes({880, 440});
    m_ui->liveView->restoreLayout(m_settings->layout(liveViewKey()));
    const QByteArray view = m_settings->layout(windowKey("view"));
    if (view == "compare")
        showView(View::Compare);
    else if (view == "log")
        showView(View::Log);
    followSession();
}

void WindowLayout::save()
{
    if (m_presentation)
        setPresentation(false); // the geometry saved is the normal window's
    m_settings->setLayout(windowKey("geometry"), m_window->saveGeometry());
    m_settings->setLayout(windowKey("state"), m_window->saveState());
    const LogView::Layout log = m_ui->logView->saveLayout();
    m_settings->setLayout(windowKey("mainSplitter"), log.main);
    m_settings->setLayout(windowKey("tableSplitter"), log.table);
    m_settings->setLayout(windowKey("runSplitter"), m_ui->runSplitter->saveState());
    m_settings->setLayout(windowKey("compareSplitter"), m_ui->compareSplitter->saveState());
    m_settings->setLayout(liveViewKey(), m_ui->liveView->saveLayout());
    const View v = currentView();
    m_settings->setLayout(windowKey("view"), v == View::Compare ? QByteArray("compare")
                                             : v == View::Log   ? QByteArray("log")
                                                                : QByteArray("run"));
}

void WindowLayout::setPresentation(bool on)
{
    if (on == m_presentation)
        return;
    m_presentation = on;
    {
        const QSignalBlocker blocker(m_ui->actionPresentation);
        m_ui->actionPresentation->setChecked(on);
    }
    Theme::apply(m_settings->theme(), on);
    m_ui->comparisonView->setPresentation(on);
    // On stage: the results and the run, not the forms that set them up, nor the menus, toolbar,
    // tabs and status bar (F11 leaves; Ctrl+1, 2, 3 change the page) — nor the prediction pane
    // taking a third of the width from the answer and its chart.
    m_ui->setupScroll->setVisible(!on);
    m_window->menuBar()->setVisible(!on);
    m_ui->mainToolBar->setVisible(!on);
    m_window->statusBar()->setVisible(!on);
    m_ui->mainTabs->tabBar()->setVisible(!on);
    const auto session = m_sessions->session();
    if (on) {
        // The answer and one chart take the whole width; F9 still shows the prediction on stage.
        m_predictionShownBeforePresentation = m_ui->actionShowPrediction->isChecked();
        m_ui->actionShowPrediction->setChecked(false);
    } else {
        m_ui->actionShowPrediction->setChecked(m_predictionShownBeforePresentation);
    }
    if (on) {
        m_viewBeforePresentation = m_ui->mainTabs->currentIndex();
        m_wasMaximized = m_window->isMaximized();
        if (session && !m_sessions->isBusy())
            showView(View::Compare);
        m_window->showFullScreen();
    } else {
        m_ui->mainTabs->setCurrentIndex(m_viewBeforePresentation);
        if (m_wasMaximized)
            m_window->showMaximized();
        else
            m_window->showNormal();
    }
}

} // namespace flakeoff::app
