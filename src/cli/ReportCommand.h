// SPDX-License-Identifier: MIT
#pragma once

#include <QCoreApplication>
#include <QStringList>

#include <memory>

namespace flakeoff::cli {

// `flakeoff-cli report SESSION [--format html|md|csv|json|pdf|svg|png] [--out PATH]
// [--theme auto|light|dark|slides] [--runs]`: a comparison report of a saved session.
// Text formats go to stdout without --out; PDF goes to <session>.pdf; SVG and PNG write one file
// per chart into a folder (--out, else <session>-charts/).
// Exit 0 when written, 1 when the session cannot be read or is refused (missing, corrupt, newer
// schema), 2 on a usage error (unknown format or theme), 4 when the output cannot be written,
// 5 when this build has no chart renderer for the format.
int report(const QStringList &arguments);

// The application object for a command line: a QGuiApplication (offscreen, no window ever) when
// `argv` is a report that draws charts (HTML, PDF, SVG, PNG need fonts), otherwise a
// QCoreApplication, so every other command runs without any GUI platform plugin.
std::unique_ptr<QCoreApplication> makeApplication(int &argc, char **argv);

} // namespace flakeoff::cli
