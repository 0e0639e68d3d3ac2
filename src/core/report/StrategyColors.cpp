// SPDX-License-Identifier: MIT
#include "StrategyColors.h"

#include <QByteArray>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>

namespace flakeoff {

namespace {
// FNV-1a over the id's UTF-8: the same number in every process (qHash may be seeded).
std::uint32_t fnv1a(const QString &text)
{
    std::uint32_t h = 2166136261u;
    for (const char c : text.toUtf8()) {
        h ^= static_cast<unsigned char>(c);
        h *= 16777619u;
    }
    return h;
}

// HSL (hue in degrees, saturation and lightness 0–1) as "#rrggbb".
QString hslHex(double hue, double saturation, double lightness)
{
    const double c = (1 - std::abs(2 * lightness - 1)) * saturation;
    const double hp = std::fmod(hue, 360.0) / 60.0;
    const double x = c * (1 - std::abs(std::fmod(hp, 2.0) - 1));
    double r = 0, g = 0, b = 0;
    if (hp < 1)
        r = c, g = x;
    else if (hp < 2)
        r = x, g = c;
    else if (hp < 3)
        g = c, b = x;
    else if (hp < 4)
        g = x, b = c;
    else if (hp < 5)
        r = x, b = c;
    else
        r = c, b = x;
    const double m = lightness - c / 2;
    auto channel = [m](double v) { return static_cast<int>(std::lround(std::clamp(v + m, 0.0, 1.0) * 255)); };
    return QStringLiteral("#%1%2%3")
        .arg(channel(r), 2, 16, QLatin1Char('0'))
        .arg(channel(g), 2, 16, QLatin1Char('0'))
        .arg(channel(b), 2, 16, QLatin1Char('0'));
}
} // namespace

// Okabe and Ito's colour-blind-safe hues: a tool in the full colour, its layout model in the
// lighter one of the same hue (monolithic as buildRustPackage, deps-split as crane, per-crate as
// cargo2nix); naersk, the other deps-split tool, keeps the orange apart from crane's green.
const std::vector<StrategyColors::Entry> &StrategyColors::known()
{
    static const std::vector<Entry> table = {
        {QStringLiteral("build-rust-package"), QStringLiteral("#0072b2"), false},
        {QStringLiteral("monolithic"), QStringLiteral("#56b4e9"), true},
        {QStringLiteral("crane"), QStringLiteral("#009e73"), false},
        {QStringLiteral("deps-split"), QStringLiteral("#66c2a5"), true},
        {QStringLiteral("cargo2nix"), QStringLiteral("#8e3b74"), false},
        {QStringLiteral("per-crate"), QStringLiteral("#cc79a7"), true},
        {QStringLiteral("naersk"), QStringLiteral("#e69f00"), false},
    };
    return table;
}

StrategyColors::Entry StrategyColors::of(const QString &strategyId)
{
    for (const Entry &e : known())
        if (e.id == strategyId)
            return e;
    // A hue of its own from the id, mid-dark so it reads on white and on a dark background (the
    // lightness from other bits of the same hash, so two ids rarely meet); hues within 15° of the
    // known ones' (and of the failure red, 0°) move on until they are clear of them.
    static const double takenHues[] = {0, 41, 162, 202, 325};
    const std::uint32_t h = fnv1a(strategyId);
    double hue = static_cast<double>(h % 360u);
    for (int moves = 0; moves < 12; ++moves) {
        const bool taken = std::any_of(std::begin(takenHues), std::end(takenHues), [hue](double k) {
            const double d = std::abs(hue - k);
            return std::min(d, 360 - d) < 15;
        });
        if (!taken)
            break;
        hue = std::fmod(hue + 31, 360.0);
    }
    const double lightness = 0.36 + static_cast<double>((h >> 9) % 4u) * 0.05;
    return {strategyId, hslHex(hue, 0.55, lightness), false};
}

QString StrategyColors::legendName(const QString &strategyId)
{
    return of(strategyId).model ? strategyId + QStringLiteral(" (model)") : strategyId;
}

} // namespace flakeoff
