// SPDX-License-Identifier: MIT
#pragma once
// What the main window's GUI tests (tst_mainwindow, tst_runwindow) share: the path of a fixture
// under tests/data/gui, a child widget by object name, settings kept out of the user's own, one
// window per test function (shown and exposed in init(), gone with its workers in cleanup()), and
// "open this and wait until the window says it is loaded".

#include "LogView.h"
#include "MainWindow.h"
#include "SessionController.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QFileInfo>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

#include <memory>

namespace flakeoff::test {

// A file under tests/data/gui, absolute and clean (as the window keeps paths).
inline QString guiFixture(const char *name)
{
    return QFileInfo(QFINDTESTDATA(QStringLiteral("../data/gui/") + QLatin1String(name))).absoluteFilePath();
}

template <typename T> T *child(const QObject &parent, const char *name)
{
    return parent.findChild<T *>(QLatin1String(name));
}

// Settings (recent files, window layout, sessions folder) go under `dir`, never the user's own.
inline void isolateSettings(const QTemporaryDir &dir)
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir.filePath(QStringLiteral("config")));
}

// For init(): a new main window, shown and exposed.
inline void showMainWindow(std::unique_ptr<app::MainWindow> &window)
{
    window = std::make_unique<app::MainWindow>();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
}

// For cleanup(): the window goes, and no worker it started outlives its test.
inline void closeMainWindow(std::unique_ptr<app::MainWindow> &window)
{
    window.reset();
    QThreadPool::globalInstance()->waitForDone();
}

// Calls `open(path)` on one of the window's parts and waits (up to 10 s) until it has emitted
// `loaded` once: LogView::openLog with logLoaded, SessionController::openSession with sessionLoaded.
template <typename Part, typename Loaded>
void openAndWait(Part *part, void (Part::*open)(const QString &), Loaded loaded, const QString &path)
{
    QSignalSpy spy(part, loaded);
    (part->*open)(path);
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 10000);
}

// The window's controls a screen reader must name: item views, line edits, combo boxes, text
// panes, and with `buttonsAndSpinBoxes` those too.
inline QList<QWidget *> controlsOf(const QWidget &window, bool buttonsAndSpinBoxes)
{
    QList<QWidget *> all;
    auto add = [&all](const auto &found) {
        for (auto *w : found)
            all << w;
    };
    add(window.findChildren<QAbstractItemView *>());
    add(window.findChildren<QLineEdit *>());
    add(window.findChildren<QComboBox *>());
    add(window.findChildren<QPlainTextEdit *>());
    if (buttonsAndSpinBoxes) {
        add(window.findChildren<QAbstractButton *>());
        add(window.findChildren<QAbstractSpinBox *>());
    }
    return all;
}

// The object names of those controls without an accessible name. Widgets private to Qt (no
// object name, or "qt_…": inside a combo box, a spin box, a tool bar, a file dialog) name themselves.
inline QStringList withoutAccessibleName(const QList<QWidget *> &controls)
{
    QStringList missing;
    for (QWidget *w : controls)
        if (!w->objectName().isEmpty() && !w->objectName().startsWith(QLatin1String("qt_")) &&
            w->accessibleName().isEmpty())
            missing << w->objectName();
    return missing;
}

} // namespace flakeoff::test
