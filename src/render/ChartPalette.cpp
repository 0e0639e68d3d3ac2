// SPDX-License-Identifier: MIT
#include "ChartPalette.h"

#include <array>

namespace flakeoff {

namespace {
// Okabe–Ito, without its yellow (too light for text and thin lines on white).
constexpr std::array<QRgb, 7> kSeries = {0x0072B2, 0xE69F00, 0x009E73, 0xD55E00, 0x56B4E9, 0xCC79A7, 0x000000};
} // namespace

QColor ChartPalette::statusColor(BuildStatus status)
{
    switch (status) {
    case BuildStatus::Built: return QColor(0x1B7F3B);
    case BuildStatus::Failed: return QColor(0xC62828);
    case BuildStatus::Interrupted: return QColor(0xB25E00);
    case BuildStatus::Running: return QColor(0x1565C0);
    case BuildStatus::Waiting: return QColor(0x6B6B6B);
    }
    return QColor(0x6B6B6B);
}

QColor ChartPalette::seriesColor(int index)
{
    const int n = seriesCount();
    return QColor(kSeries[static_cast<std::size_t>(((index % n) + n) % n)]);
}

int ChartPalette::seriesCount() { return static_cast<int>(kSeries.size()); }

QColor ChartPalette::mutedText() { return QColor(0x6B6B6B); }

QColor ChartPalette::warningText() { return QColor(0x9A5B00); }

} // namespace flakeoff
