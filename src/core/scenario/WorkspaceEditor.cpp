// SPDX-License-Identifier: MIT
#include "WorkspaceEditor.h"

#include "strategy/Strategy.h"
#include "strategy/WorkspaceInfo.h"

#include <QFile>
#include <QRegularExpression>
#include <QSaveFile>

#include <functional>

namespace flakeoff {

WorkspaceEditor::WorkspaceEditor(QString scratchRoot, const WorkspaceInfo &workspace)
    : m_root(std::move(scratchRoot)), m_workspace(workspace)
{
}

QString WorkspaceEditor::appendRustEdit(const QString &source, const QString &stepId, quint64 nonce)
{
    QString out = source;
    if (!out.isEmpty() && !out.endsWith(QLatin1Char('\n')))
        out += QLatin1Char('\n');
    out += QStringLiteral("\n// flakeoff %1: a comment and a new constant, so the compiler must rebuild\n"
                          "#[allow(dead_code)]\nconst FLAKEOFF_EDIT_%2: u64 = %2;\n")
               .arg(stepId)
               .arg(nonce);
    return out;
}

bool WorkspaceEditor::addDependencyFeature(QString &manifest, const QString &dependency,
                                           const QString &feature, QString *error)
{
    auto fail = [error](const QString &what) {
        if (error)
            *error = what;
        return false;
    };
    const QString dep = QRegularExpression::escape(dependency);
    const QString quoted = QLatin1Char('"') + feature + QLatin1Char('"');
    // Inline table: dep = { version = "1", features = ["a", "b"] }
    const QRegularExpression inlineTable(
        QStringLiteral("^([ \\t]*%1[ \\t]*=[ \\t]*\\{)(.*)\\}[ \\t]*$").arg(dep),
        QRegularExpression::MultilineOption);
    // Plain version: dep = "1"
    const QRegularExpression plain(QStringLiteral("^([ \\t]*%1[ \\t]*=[ \\t]*)(\"[^\"]*\")[ \\t]*$").arg(dep),
                                   QRegularExpression::MultilineOption);
    // Table: [dependencies.dep] … features = [ … ]
    const QRegularExpression tableHeader(
        QStringLiteral("^\\[(?:target\\.[^\\]]+\\.)?dependencies\\.%1\\][ \\t]*$").arg(dep),
        QRegularExpression::MultilineOption);
    const QRegularExpression featuresArray(QStringLiteral("features\\s*=\\s*\\[([^\\]]*)\\]"));

    if (auto m = inlineTable.match(manifest); m.hasMatch()) {
        QString body = m.captured(2);
        if (auto f = featuresArray.match(body); f.hasMatch()) {
            if (f.captured(1).contains(quoted))
                return fail(QStringLiteral("%1 already has the feature %2").arg(dependency, feature));
            const QString items = f.captured(1).trimmed();
            body.replace(f.capturedStart(0), f.capturedLength(0),
                         QStringLiteral("features = [%1%2]")
                             .arg(items.isEmpty() ? QString() : items + QStringLiteral(", "), quoted));
        } else {
            body = body.trimmed() + QStringLiteral(", features = [%1] ").arg(quoted);
            body.prepend(QLatin1Char(' '));
        }
        manifest.replace(m.capturedStart(0), m.capturedLength(0), m.captured(1) + body + QLatin1Char('}'));
        return true;
    }
    // Inherited from the workspace: dep.workspace = true (features add to the workspace's).
    const QRegularExpression inherited(
        QStringLiteral("^([ \\t]*)%1\\.workspace[ \\t]*=[ \\t]*true[ \\t]*$").arg(dep),
        QRegularExpression::MultilineOption);
    if (auto m = inherited.match(manifest); m.hasMatch()) {
        manifest.replace(
            m.capturedStart(0), m.capturedLength(0),
            m.captured(1) +
                QStringLiteral("%1 = { workspace = true, features = [%2] }").arg(dependency, quoted));
        return true;
    }
    if (auto m = plain.match(manifest); m.hasMatch()) {
        manifest.replace(m.capturedStart(0), m.capturedLength(0),
                         m.captured(1) +
                             QStringLiteral("{ version = %1, features = [%2] }").arg(m.captured(2), quoted));
        return true;
    }
    if (auto h = tableHeader.match(manifest); h.hasMatch()) {
        // The table runs to the next header.
        const qsizetype start = h.capturedEnd(0);
        qsizetype end = manifest.indexOf(
            QRegularExpression(QStringLiteral("^\\["), QRegularExpression::MultilineOption), start);
        if (end < 0)
            end = manifest.size();
        QString table = manifest.mid(start, end - start);
        if (auto f = featuresArray.match(table); f.hasMatch()) {
            if (f.captured(1).contains(quoted))
                return fail(QStringLiteral("%1 already has the feature %2").arg(dependency, feature));
            const QString items = f.captured(1).trimmed();
            table.replace(f.capturedStart(0), f.capturedLength(0),
                          QStringLiteral("features = [%1%2]")
                              .arg(items.isEmpty() ? QString() : items + QStringLiteral(", "), quoted));
        } else {
            table.prepend(QStringLiteral("\nfeatures = [%1]").arg(quoted));
        }
        manifest.replace(start, end - start, table);
        return true;
    }
    return fail(QStringLiteral("no dependency \"%1\" found in the manifest").arg(dependency));
}

bool WorkspaceEditor::editNixAnchor(QString &text, const QString &anchor, const QString &regex, quint64 nonce,
                                    QString *error)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    qsizetype at = -1;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (lines[i].contains(anchor)) {
            if (at >= 0) {
                if (error)
                    *error = QStringLiteral("the anchor \"%1\" appears more than once").arg(anchor);
                return false;
            }
            at = i;
        }
    }
    if (at < 0 || at + 1 >= lines.size()) {
        if (error)
            *error = QStringLiteral("the anchor \"%1\" was not found (or is the last line)").arg(anchor);
        return false;
    }
    const QRegularExpression re(regex);
    const auto m = re.match(lines[at + 1]);
    if (!re.isValid() || !m.hasMatch() || m.lastCapturedIndex() < 1) {
        if (error)
            *error = QStringLiteral("the line after \"%1\" does not match %2").arg(anchor, regex);
        return false;
    }
    lines[at + 1].replace(m.capturedStart(1), m.capturedLength(1), QString::number(nonce));
    text = lines.join(QLatin1Char('\n'));
    return true;
}

WorkspaceEditor::Result
WorkspaceEditor::editFile(const QString &relative,
                          const std::function<bool(QString &, QString *)> &change) const
{
    Result r;
    const QString path = m_root + QLatin1Char('/') + relative;
    QFile in(path);
    QString text;
    if (in.exists()) {
        if (!in.open(QIODevice::ReadOnly)) {
            r.error = QStringLiteral("cannot read %1: %2").arg(relative, in.errorString());
            return r;
        }
        text = QString::fromUtf8(in.readAll());
        in.close();
    }
    QString why;
    if (!change(text, &why)) {
        r.error = relative + QStringLiteral(": ") + why;
        return r;
    }
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(text.toUtf8()) < 0 || !out.commit()) {
        r.error = QStringLiteral("cannot write %1: %2").arg(relative, out.errorString());
        return r;
    }
    r.ok = true;
    r.changedFiles << relative;
    return r;
}

WorkspaceEditor::Result WorkspaceEditor::apply(const ScenarioStep &step, quint64 nonce,
                                               const Strategy *strategy) const
{
    using K = ScenarioStep::Kind;
    Result r;
    switch (step.kind) {
    case K::Cold:
    case K::Noop:
        r.ok = true;
        r.summary = QStringLiteral("no change");
        return r;
    case K::EditLeaf:
    case K::EditShared: {
        const WorkspaceMember *m = step.kind == K::EditLeaf ? m_workspace.leaf() : m_workspace.shared();
        if (!m) {
            r.error = step.kind == K::EditLeaf
                          ? QStringLiteral("the workspace has no leaf crate (a binary no member depends on)")
                          : QStringLiteral("the workspace has no library that other members share");
            return r;
        }
        const QString file = step.kind == K::EditLeaf ? m->binSource : m->libSource;
        r = editFile(file, [&](QString &text, QString *) {
            text = appendRustEdit(text, step.id, nonce);
            return true;
        });
        r.summary = QStringLiteral("edited %1 (crate %2)").arg(file, m->name);
        return r;
    }
    case K::BumpDependency:
        r = editFile(step.manifest, [&](QString &text, QString *why) {
            return addDependencyFeature(text, step.dependency, step.feature, why);
        });
        r.summary = QStringLiteral("added feature \"%1\" to %2 in %3")
                        .arg(step.feature, step.dependency, step.manifest);
        return r;
    case K::EditNix: {
        if (!strategy || !strategy->editNix) {
            r.error = QStringLiteral("this strategy declares no edit-nix anchor");
            return r;
        }
        const auto &e = *strategy->editNix;
        if (e.kind == QLatin1String("arg")) { // the runner passes the argument from now on
            r.ok = true;
            r.summary =
                QStringLiteral("--arg %1 %2")
                    .arg(e.arg, QString(e.value).replace(QStringLiteral("{nonce}"), QString::number(nonce)));
            return r;
        }
        r = editFile(e.file, [&](QString &text, QString *why) {
            return editNixAnchor(text, e.anchor, e.regex, nonce, why);
        });
        r.summary = QStringLiteral("changed the value after \"%1\" in %2").arg(e.anchor, e.file);
        return r;
    }
    case K::TouchDocs:
        r = editFile(QStringLiteral("README.md"), [&](QString &text, QString *) {
            if (!text.isEmpty() && !text.endsWith(QLatin1Char('\n')))
                text += QLatin1Char('\n');
            text += QStringLiteral("\n<!-- flakeoff %1 %2 -->\n").arg(step.id).arg(nonce);
            return true;
        });
        r.summary = QStringLiteral("appended a line to README.md");
        return r;
    case K::EditFile:
        r = editFile(step.file, [&](QString &text, QString *why) {
            if (!step.replace.isEmpty()) {
                const qsizetype at = text.indexOf(step.replace);
                if (at < 0) {
                    *why = QStringLiteral("the text to replace was not found");
                    return false;
                }
                text.replace(at, step.replace.size(), step.with);
            }
            if (!step.append.isEmpty())
                text += QString(step.append).replace(QStringLiteral("{nonce}"), QString::number(nonce));
            return true;
        });
        r.summary = QStringLiteral("edited %1").arg(step.file);
        return r;
    }
    return r;
}

} // namespace flakeoff
