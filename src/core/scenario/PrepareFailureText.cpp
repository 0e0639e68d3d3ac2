// SPDX-License-Identifier: MIT
#include "PrepareFailureText.h"

#include "nix/NixCommand.h"
#include "nix/NixErrorText.h"

#include <QFileInfo>
#include <QRegularExpression>

namespace flakeoff {

namespace {
constexpr int kTailLines = 12;

QStringList cleanLines(const QByteArray &output)
{
    QString text = QString::fromUtf8(output);
    static const QRegularExpression colour(QStringLiteral("\x1b\\[[0-9;]*m"));
    text.remove(colour);
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    return text.split(QLatin1Char('\n'));
}
} // namespace

QStringList PrepareFailureText::causeLines(const QByteArray &output, int max)
{
    static const QRegularExpression error(QStringLiteral("^\\s*error(\\[[A-Z0-9]+\\])?:"));
    QStringList out;
    for (const QString &line : cleanLines(output)) {
        if (!error.match(line).hasMatch() || NixErrorText::isHint(line.trimmed()))
            continue;
        out << line.trimmed();
        if (out.size() >= max)
            break;
    }
    return out;
}

QStringList PrepareFailureText::tailLines(const QByteArray &output, int count)
{
    QStringList lines;
    for (const QString &line : cleanLines(output))
        if (!line.trimmed().isEmpty())
            lines << line;
    return lines.mid(std::max<qsizetype>(0, lines.size() - count));
}

QString PrepareFailureText::describe(const QString &stepName, const CommandResult &r)
{
    const QString command =
        QFileInfo(r.program).fileName() + QLatin1Char(' ') + r.arguments.join(QLatin1Char(' '));
    const QString head = QStringLiteral("prepare step %1 failed: ").arg(stepName);
    if (!r.started)
        return head + QStringLiteral("%1 could not start: %2")
                          .arg(QFileInfo(r.program).fileName(), QString::fromUtf8(r.standardError).trimmed());
    // stderr carries the reason (cargo, nix, rustc write there); stdout when a script echoes it.
    const QByteArray output =
        r.standardError +
        (r.standardError.isEmpty() || r.standardOutput.isEmpty() ? QByteArray() : QByteArray("\n")) +
        r.standardOutput;
    QStringList cause = causeLines(r.standardError);
    if (cause.isEmpty())
        cause = causeLines(r.standardOutput);
    const QStringList tail = tailLines(output, kTailLines);
    if (cause.isEmpty() && !tail.isEmpty())
        cause << tail.back().trimmed(); // no "error:" line: the last thing it said
    const QString how =
        r.crashed ? QStringLiteral("was killed") : QStringLiteral("exited with %1").arg(r.exitCode);
    if (cause.isEmpty())
        return head + QStringLiteral("%1 %2 and wrote nothing").arg(command, how);
    QString text = head + cause.join(QLatin1Char('\n'));
    text += QStringLiteral("\ndetails: %1 %2").arg(command, how);
    if (!tail.isEmpty())
        text += QStringLiteral("; its output ends:\n") + tail.join(QLatin1Char('\n'));
    return text;
}

} // namespace flakeoff
