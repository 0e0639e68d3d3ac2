// SPDX-License-Identifier: MIT
#include "NixErrorText.h"

#include "NixCommand.h"
#include "log/BuildReport.h"
#include "log/TextCleaner.h"

#include <QStringList>

namespace flakeoff {

namespace {
constexpr qsizetype kMaxStderrChars = 4000; // a cell's error, not a whole log
}

bool NixErrorText::isHint(const QString &line)
{
    // Nix 2.8: "(use '--show-trace' to show detailed location information)"; Nix 2.26: "(stack
    // trace truncated; use '--show-trace' to show the full, detailed trace)".
    const QString t = line.trimmed();
    return t.startsWith(QLatin1Char('(')) && t.endsWith(QLatin1Char(')')) &&
           t.contains(QLatin1String("use '--show-trace'"));
}

bool NixErrorText::isFailureSummary(const QString &text)
{
    const QString t = text.trimmed();
    return (t.startsWith(QLatin1String("build of '")) || t.startsWith(QLatin1String("error: build of '"))) &&
           t.endsWith(QLatin1String("failed"));
}

QStringList NixErrorText::messageFirst(const QStringList &lines)
{
    if (lines.isEmpty() || lines.front().trimmed() != QLatin1String("error:"))
        return lines;
    qsizetype message = -1;
    for (qsizetype i = lines.size() - 1; i > 0 && message < 0; --i)
        if (lines[i].trimmed().startsWith(QLatin1String("error:")))
            message = i;
    if (message < 0)
        return lines;
    QStringList out{lines[message].trimmed()};
    out += lines.mid(message + 1);
    QStringList trace = lines.mid(1, message - 1);
    while (!trace.isEmpty() && trace.back().trimmed().isEmpty())
        trace.removeLast();
    if (!trace.isEmpty()) {
        while (!out.isEmpty() && out.back().trimmed().isEmpty())
            out.removeLast();
        out << QString() << trace;
    }
    return out;
}

QString NixErrorText::fromMessages(const std::vector<LogMessage> &messages)
{
    // The last error is the one Nix ended with, except for what Nix 2.8 also prints at error
    // level: `builtins.trace` output and the --show-trace hint, which come after the real one; and
    // the summary Nix 2.26 ends a failed build with ("build of '…^out', '…^out' failed"), which
    // only names the targets: a reason before it wins, and it is said only when there is none.
    const LogMessage *summary = nullptr;
    for (auto m = messages.rbegin(); m != messages.rend(); ++m) {
        if (m->level != 0 || m->text.empty() || m->text.rfind("trace: ", 0) == 0)
            continue;
        const QString text = QString::fromStdString(m->text).trimmed();
        if (text.isEmpty() || isHint(text))
            continue;
        if (isFailureSummary(text)) {
            if (!summary)
                summary = &*m;
            continue;
        }
        return describe(*m);
    }
    return summary ? describe(*summary) : QString();
}

QString NixErrorText::describe(const LogMessage &m)
{
    // Nix's whole message, as it printed it: "error: …", "at file:line:column:" and the quoted
    // source line; the same rule as for plain stderr, so runner and predictor agree.
    if (!m.fullText.empty()) {
        const QString full = fromStderr(QByteArray::fromStdString(m.fullText));
        if (!full.isEmpty())
            return full;
    }
    // Only raw_msg (reports recorded before the full text was kept): Nix's message without its
    // "error: " and its position, rebuilt here without the source line.
    QString text = QString::fromStdString(m.text).trimmed();
    if (!text.startsWith(QLatin1String("error:")))
        text.prepend(QStringLiteral("error: "));
    if (m.file && !m.file->empty() && m.line) {
        text += QStringLiteral("\n\n       at %1:%2").arg(QString::fromStdString(*m.file)).arg(*m.line);
        if (m.column)
            text += QStringLiteral(":%1").arg(*m.column);
    }
    return text;
}

QString NixErrorText::causeOf(const BuildReport &report)
{
    if (const std::string failed = report.failureText(); !failed.empty())
        return QString::fromStdString(failed);
    return fromMessages(report.messages);
}

QString NixErrorText::fromStderr(const QByteArray &standardError)
{
    QString err = QString::fromStdString(TextCleaner::stripAnsi(
        std::string_view(standardError.constData(), static_cast<std::size_t>(standardError.size()))));
    const qsizetype at = err.indexOf(QLatin1String("error:"));
    if (at >= 0)
        err = err.mid(at);
    QStringList lines;
    for (const QString &line : err.split(QLatin1Char('\n')))
        if (!line.startsWith(QLatin1String("warning:")) && !isHint(line))
            lines << line;
    err = messageFirst(lines).join(QLatin1Char('\n')).trimmed();
    if (err.size() > kMaxStderrChars)
        err = err.left(kMaxStderrChars) + QStringLiteral("…");
    return err;
}

QString NixErrorText::fromCommand(const CommandResult &result)
{
    if (!result.started || result.crashed)
        return result.describe();
    const QString text = fromStderr(result.standardError);
    return text.isEmpty() ? result.describe() : text;
}

} // namespace flakeoff
