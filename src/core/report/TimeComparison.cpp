// SPDX-License-Identifier: MIT
#include "TimeComparison.h"

#include "StudentT.h"
#include "session/Statistics.h"

#include <algorithm>
#include <cmath>

namespace flakeoff {

namespace {

struct LogSample
{
    double mean = 0;
    double variance = 0; // sample variance (n − 1)
    double n = 0;
};

LogSample logSample(const std::vector<double> &times)
{
    LogSample s;
    s.n = static_cast<double>(times.size());
    for (double t : times)
        s.mean += std::log(t);
    s.mean /= s.n;
    if (times.size() > 1) {
        for (double t : times)
            s.variance += (std::log(t) - s.mean) * (std::log(t) - s.mean);
        s.variance /= s.n - 1;
    }
    return s;
}

// Two runs that agree to the clock's last digit say nothing about the spread of the next run;
// a relative spread of 0.5% is the least a build's wall time is taken to have.
constexpr double kLeastLogSpread = 0.005;

} // namespace

TimeComparison TimeComparison::of(const std::vector<double> &a, const std::vector<double> &b,
                                  double confidence)
{
    TimeComparison c;
    c.confidence = confidence;
    if (a.empty() || b.empty())
        return c;
    const double ma = Statistics::of(a).median;
    const double mb = Statistics::of(b).median;
    c.ratio = mb > 0 ? ma / mb : 0;
    if (a.size() < 2 || b.size() < 2) {
        c.why = a.size() < 2 && b.size() < 2 ? QStringLiteral("one run each")
                                             : QStringLiteral("one run on one side");
        return c;
    }
    const auto positive = [](const std::vector<double> &times) {
        return std::all_of(times.begin(), times.end(), [](double t) { return t > 0; });
    };
    if (!positive(a) || !positive(b)) {
        c.why = QStringLiteral("a time of zero");
        return c;
    }

    const LogSample la = logSample(a);
    const LogSample lb = logSample(b);
    const double floorVar = kLeastLogSpread * kLeastLogSpread;
    const double va = std::max(la.variance, floorVar) / la.n;
    const double vb = std::max(lb.variance, floorVar) / lb.n;
    const double se = std::sqrt(va + vb);
    // Welch–Satterthwaite degrees of freedom.
    const double df = (va + vb) * (va + vb) / (va * va / (la.n - 1) + vb * vb / (lb.n - 1));
    const double t = StudentT::quantile(0.5 + confidence / 2, df);
    const double diff = la.mean - lb.mean;
    c.low = std::exp(diff - t * se);
    c.high = std::exp(diff + t * se);
    if (*c.high < 1.0)
        c.verdict = Verdict::Faster;
    else if (*c.low > 1.0)
        c.verdict = Verdict::Slower;
    else
        c.why = QStringLiteral("within the noise");
    return c;
}

QString TimeComparison::verdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Faster:
        return QStringLiteral("faster");
    case Verdict::Slower:
        return QStringLiteral("slower");
    case Verdict::NotDistinguishable:
        break;
    }
    return QStringLiteral("not distinguishable");
}

} // namespace flakeoff
