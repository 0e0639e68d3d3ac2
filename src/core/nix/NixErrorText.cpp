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
    const QString t = line.trimmed();
    return t.startsWith(QLatin1String("(use '--show-trace'")) && t.endsWith(QLatin1Char(')'));
}

QString NixErrorText::fromMessages(const std::vector<LogMessage> &messages)
{
    // The last error is the one Nix ended with, except for what Nix 2.8 also prints at error
    // level: `builtins.trace` output and the --show-trace hint, which come after the real one.
    for (auto m = messages.rbegin(); m != messages.rend(); ++m) {
        if (m->level != 0 || m->text.empty() || m->text.rfind("trace: ", 0) == 0)
            continue;
        QString text = QString::fromStdString(m->text).trimmed();
        if (text.isEmpty() || isHint(text))
            continue;
        // Nix's whole message, as it printed it: "error: …", "at file:line:column:" and the
        // quoted source line; the same rule as for plain stderr, so runner and predictor agree.
        if (!m->fullText.empty()) {
            const QString full = fromStderr(QByteArray::fromStdString(m->fullText));
            if (!full.isEmpty())
                return full;
        }
        // Only raw_msg (reports recorded before the full text was kept): Nix's message without
        // its "error: " and its position, rebuilt here without the source line.
        if (!text.startsWith(QLatin1String("error:")))
            text.prepend(QStringLiteral("error: "));
        if (m->file && !m->file->empty() && m->line) {
            text += QStringLiteral("\n\n       at %1:%2").arg(QString::fromStdString(*m->file)).arg(*m->line);
            if (m->column)
                text += QStringLiteral(":%1").arg(*m->column);
        }
        return text;
    }
    return {};
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
    err = lines.join(QLatin1Char('\n')).trimmed();
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
