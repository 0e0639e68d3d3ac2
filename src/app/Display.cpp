// SPDX-License-Identifier: MIT
#include "Display.h"

#include "log/BuildReportText.h"
#include "log/NixTypes.h"

#include <QFileInfo>
#include <QWidget>

namespace flakeoff::app::Display {

QString unknown()
{
    return QStringLiteral("—");
}

QString seconds(const TimeUs &us)
{
    if (!us)
        return unknown();
    return QString::number(static_cast<double>(*us) / 1e6, 'f', 2);
}

QString duration(const TimeUs &us)
{
    if (!us)
        return unknown();
    return qs(BuildReportText::duration(us));
}

QString exactSeconds(const TimeUs &us)
{
    if (!us)
        return QStringLiteral("unknown");
    return QString::number(static_cast<double>(*us) / 1e6, 'f', 6) + QStringLiteral(" s");
}

QString statusName(BuildStatus status)
{
    switch (status) {
    case BuildStatus::Running:
        return QStringLiteral("Running");
    case BuildStatus::Built:
        return QStringLiteral("Built");
    case BuildStatus::Failed:
        return QStringLiteral("Failed");
    case BuildStatus::Interrupted:
        return QStringLiteral("Interrupted");
    case BuildStatus::Waiting:
        return QStringLiteral("Waiting");
    }
    return QStringLiteral("Unknown");
}

bool sortsBefore(const QVariant &l, const QVariant &r, Qt::SortOrder order, Qt::CaseSensitivity cs)
{
    if (!l.isValid() || !r.isValid()) {
        if (l.isValid() == r.isValid())
            return false;
        const bool leftUnknown = !l.isValid();
        return order == Qt::AscendingOrder ? !leftUnknown : leftUnknown;
    }
    if (l.userType() == QMetaType::QString)
        return QString::compare(l.toString(), r.toString(), cs) < 0;
    return QVariant::compare(l, r) == QPartialOrdering::Less;
}

QString phaseName(const std::string &phase)
{
    return qs(BuildReportText::phaseName(phase));
}

QString levelName(int level)
{
    const std::string_view name = verbosityName(level);
    return QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
}

QString buildCount(qint64 n)
{
    return n == 1 ? QStringLiteral("1 build") : QStringLiteral("%1 builds").arg(n);
}

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

QString fileName(const QString &path)
{
    return QFileInfo(path).fileName();
}

QString capitalized(QString text)
{
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

void setTextColor(QWidget *widget, const QColor &color)
{
    QPalette p = widget->palette();
    p.setColor(QPalette::WindowText, color);
    widget->setPalette(p);
}

void setFontScale(QWidget *widget, qreal scale, bool bold)
{
    QFont f = widget->font();
    f.setPointSizeF(f.pointSizeF() * scale);
    f.setBold(bold);
    widget->setFont(f);
}

} // namespace flakeoff::app::Display
