// SPDX-License-Identifier: MIT
// flakeoff-bench-render: how long the chart renderer takes for a 5,000-derivation timeline (image
// and SVG) and a full bar chart, against a baseline in the same run: filling one rectangle per
// derivation on the same image, the least any timeline drawing must do.
#include "ChartRenderer.h"
#include "ChartStyle.h"
#include "report/ChartData.h"
#include "report/StrategyColors.h"

#include <QCommandLineParser>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <vector>

#ifndef FLAKEOFF_BENCH_BUILD_TYPE
#define FLAKEOFF_BENCH_BUILD_TYPE "unknown"
#endif

using namespace flakeoff;

namespace {
constexpr double kRatioGoal = 5.0; // a full timeline within 5× of bare rectangles
constexpr int kRows = 5000;

double medianSeconds(int runs, const std::function<void()> &work)
{
    std::vector<double> s;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        work();
        s.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(s.begin(), s.end());
    return s[s.size() / 2];
}

TimelineData timeline(int n)
{
    TimelineData t;
    t.title = QStringLiteral("per-crate, cold");
    t.evalS = 3;
    for (int i = 0; i < n; ++i) {
        TimelineBar b;
        b.name = QStringLiteral("crate-%1-0.%2.0").arg(i).arg(i % 13);
        b.startS = 3 + (i % 50) * 0.8 + i * 0.005;
        b.endS = b.startS + 0.3 + (i % 9) * 0.4;
        const double d = b.endS - b.startS;
        b.phases = {{QStringLiteral("unpackPhase"), b.startS, b.startS + d * 0.1},
                    {QStringLiteral("buildPhase"), b.startS + d * 0.1, b.startS + d * 0.9},
                    {QStringLiteral("installPhase"), b.startS + d * 0.9, b.endS}};
        b.onCriticalPath = i % 50 == 0;
        t.totalS = std::max(t.totalS, b.endS);
        t.bars.push_back(b);
    }
    return t;
}

BarChartData bars()
{
    BarChartData d;
    d.title = QStringLiteral("Rebuild cost per step");
    d.unit = ChartUnit::Seconds;
    for (int c = 0; c < 7; ++c)
        d.categories.append(QStringLiteral("step-%1").arg(c));
    for (int s = 0; s < 7; ++s) {
        BarSeries series;
        series.name = QStringLiteral("strategy-%1").arg(s);
        series.color = StrategyColors::of(series.name).hex;
        for (int c = 0; c < 7; ++c) {
            BarValue v;
            v.value = 5 + s * 7 + c * 11;
            v.low = v.value * 0.9;
            v.high = v.value * 1.1;
            series.values.push_back(v);
        }
        d.series.push_back(series);
    }
    return d;
}
} // namespace

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Chart rendering time against drawing bare rectangles."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("runs"), QStringLiteral("Repetitions per figure (median kept)."),
                      QStringLiteral("n"), QStringLiteral("5")});
    parser.process(app);
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());

    const TimelineData t = timeline(kRows);
    const ChartStyle style = ChartStyle::report();
    const QSize size = ChartRenderer::sizeFor(t, style);

    const double baseline = medianSeconds(runs, [&] {
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing);
        const double rowH = static_cast<double>(size.height()) / kRows;
        for (int i = 0; i < kRows; ++i)
            p.fillRect(QRectF(i % 700, i * rowH, 200, std::max(rowH, 1.0)), Qt::darkGreen);
    });
    const double image = medianSeconds(runs, [&] { (void)ChartRenderer::toImage(t, size, 1.0, style); });
    const double slides =
        medianSeconds(runs, [&] { (void)ChartRenderer::toImage(t, {}, 1.0, ChartStyle::slides()); });
    const double svg = medianSeconds(runs, [&] { (void)ChartRenderer::toSvg(t, size, style); });
    const BarChartData b = bars();
    const double bar =
        medianSeconds(runs, [&] { (void)ChartRenderer::toImage(b, {}, 1.0, ChartStyle::slides()); });

    std::printf("build type: %s, %d runs per figure (median)\n", FLAKEOFF_BENCH_BUILD_TYPE, runs);
    std::printf("baseline: %d bare rectangles on %dx%d         %8.1f ms\n", kRows, size.width(),
                size.height(), baseline * 1e3);
    std::printf("timeline, %d derivations, image %dx%d  %8.1f ms  (%.1fx baseline, goal <= %.0fx)\n", kRows,
                size.width(), size.height(), image * 1e3, image / baseline, kRatioGoal);
    std::printf("timeline, %d derivations, slides 1920x1080 %8.1f ms  (%.1fx baseline)\n", kRows,
                slides * 1e3, slides / baseline);
    std::printf("timeline, %d derivations, SVG              %8.1f ms  (%.1fx baseline)\n", kRows, svg * 1e3,
                svg / baseline);
    std::printf("bar chart 7x7 with whiskers, slides          %8.1f ms  (%.1fx baseline)\n", bar * 1e3,
                bar / baseline);
    return image / baseline <= kRatioGoal ? 0 : 1;
}
