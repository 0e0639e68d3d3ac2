// SPDX-License-Identifier: MIT
#include "ChartStyle.h"

#include "ChartPalette.h"

namespace flakeoff {

namespace {
// One family everywhere so an SVG, a PNG and a PDF of the same chart break lines alike; DejaVu is
// in the set-up's package list and Qt falls back to any sans face without it.
const QString kFamily = QStringLiteral("DejaVu Sans");
} // namespace

ChartStyle ChartStyle::report()
{
    ChartStyle s;
    s.name = QStringLiteral("report");
    s.defaultSize = QSize(1000, 560);
    s.background = QColor(0xFFFFFF);
    s.text = QColor(0x1F2328);
    s.mutedText = ChartPalette::mutedText();
    s.grid = QColor(0xE4E6EA);
    s.axis = QColor(0x8C9096);
    s.shade = QColor(0xEEF0F3);
    s.failed = ChartPalette::statusColor(BuildStatus::Failed);
    s.fontFamily = kFamily;
    s.fontPx = 13;
    s.lineScale = 1;
    return s;
}

ChartStyle ChartStyle::dark()
{
    ChartStyle s = report();
    s.name = QStringLiteral("dark");
    s.background = QColor(0x1E1F22);
    s.text = QColor(0xE8E9EB);
    s.mutedText = QColor(0xA2A6AD);
    s.grid = QColor(0x34373C);
    s.axis = QColor(0x7A7F87);
    s.shade = QColor(0x2B2D32);
    s.failed = QColor(0xEF5350);
    return s;
}

ChartStyle ChartStyle::slides()
{
    ChartStyle s = report();
    s.name = QStringLiteral("slides");
    s.defaultSize = QSize(1920, 1080);
    s.fontPx = 26;
    s.lineScale = 2;
    return s;
}

std::optional<ChartStyle> ChartStyle::fromName(const QString &name)
{
    if (name == QLatin1String("report"))
        return report();
    if (name == QLatin1String("dark"))
        return dark();
    if (name == QLatin1String("slides"))
        return slides();
    return std::nullopt;
}

QStringList ChartStyle::presetNames()
{
    return {QStringLiteral("report"), QStringLiteral("dark"), QStringLiteral("slides")};
}

bool ChartStyle::isDark() const
{
    return background.lightness() < 128;
}

QColor ChartStyle::seriesColor(const BarSeries &series) const
{
    return onBackground(QColor(series.color));
}

QColor ChartStyle::onBackground(QColor c) const
{
    if (!isDark())
        return c;
    // On a dark background the palette's black would vanish (a light grey keeps its place) and its
    // deep blue and green would sink: they are lifted, the hue kept.
    if (c.lightness() < 40)
        return QColor(0xD0D3D8);
    if (c.lightness() < 100)
        return c.lighter(130);
    return c;
}

QColor ChartStyle::statusColor(BuildStatus status) const
{
    if (status == BuildStatus::Failed)
        return failed;
    const QColor c = ChartPalette::statusColor(status);
    // The palette's deep green and blue sink on a dark background: lifted, the hue kept.
    return isDark() ? c.lighter(140) : c;
}

QFont ChartStyle::font(qreal scale, bool bold) const
{
    QFont f(fontFamily);
    f.setPixelSize(std::max(1, qRound(fontPx * scale)));
    f.setBold(bold);
    // Unhinted metrics are the same on every device, so a label that fits in the PNG fits in the
    // PDF and the SVG too.
    f.setHintingPreference(QFont::PreferNoHinting);
    // No shaping for Latin text means no ligatures: "ff" in a PDF stays two letters, so its text
    // can be searched and copied as written (DejaVu would draw "ﬀ"). Kerning goes with it, a
    // small loss at chart sizes.
    f.setStyleStrategy(QFont::PreferNoShaping);
    return f;
}

} // namespace flakeoff
