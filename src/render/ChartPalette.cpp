// SPDX-License-Identifier: MIT
#include "ChartPalette.h"

#include "report/StrategyColors.h"

#include <QStringList>

#include <array>

namespace flakeoff {

namespace {
// Phases in the order stdenv runs them, and a colour each: light, distinct hues for a strip that
// sits on a bar's status colour, so none of them is a status green, red or dark blue.
const QStringList &knownPhases()
{
    static const QStringList phases{QStringLiteral("unpackPhase"),    QStringLiteral("patchPhase"),
                                    QStringLiteral("configurePhase"), QStringLiteral("buildPhase"),
                                    QStringLiteral("checkPhase"),     QStringLiteral("installPhase"),
                                    QStringLiteral("fixupPhase"),     QStringLiteral("installCheckPhase")};
    return phases;
}
constexpr std::array<QRgb, 8> kPhases = {0x56B4E9, 0xF0E442, 0xE69F00, 0x7E57C2,
                                         0xCC79A7, 0xD55E00, 0x999999, 0x882255};
constexpr QRgb kOtherPhase = 0xBDBDBD;
} // namespace

QColor ChartPalette::statusColor(BuildStatus status)
{
    switch (status) {
    case BuildStatus::Built:
        return QColor(0x1B7F3B);
    case BuildStatus::Failed:
        return QColor(0xC62828);
    case BuildStatus::Interrupted:
        return QColor(0xB25E00);
    case BuildStatus::Running:
        return QColor(0x1565C0);
    case BuildStatus::Waiting:
        return QColor(0x6B6B6B);
    }
    return QColor(0x6B6B6B);
}

QColor ChartPalette::strategyColor(const QString &strategyId)
{
    return QColor(StrategyColors::of(strategyId).hex);
}

QColor ChartPalette::mutedText()
{
    return QColor(0x6B6B6B);
}

QColor ChartPalette::warningText()
{
    return QColor(0x9A5B00);
}

// One colour per phase name rather than alternating shades of the bar: a colour that means the
// same phase in every bar and every chart can be named in the legend.
QColor ChartPalette::phaseColor(const QString &phase)
{
    const qsizetype i = knownPhases().indexOf(phase);
    return QColor(i < 0 ? kOtherPhase : kPhases[static_cast<std::size_t>(i)]);
}

int ChartPalette::phaseRank(const QString &phase)
{
    const qsizetype i = knownPhases().indexOf(phase);
    return i < 0 ? static_cast<int>(knownPhases().size()) : static_cast<int>(i);
}

// In floating point, rounded once when the colour is written (an SVG's #rrggbb), so a blend of a
// blend does not drift by a step per 8-bit rounding.
QColor ChartPalette::blend(const QColor &color, const QColor &background, qreal strength)
{
    const qreal t = strength;
    return QColor::fromRgbF(color.redF() * t + background.redF() * (1 - t),
                            color.greenF() * t + background.greenF() * (1 - t),
                            color.blueF() * t + background.blueF() * (1 - t));
}

QColor ChartPalette::textOn(const QColor &fill)
{
    // Luminance from the sRGB weights on the encoded channels. Black and white text have the same
    // WCAG contrast on a fill of relative luminance 0.18, which these encoded channels put just
    // under 0.5: so 0.5, not higher, or white text lands on mid tones where dark text reads better.
    const qreal y = 0.2126 * fill.redF() + 0.7152 * fill.greenF() + 0.0722 * fill.blueF();
    return y > 0.5 ? QColor(0x111111) : QColor(Qt::white);
}

} // namespace flakeoff
