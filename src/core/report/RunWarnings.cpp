// SPDX-License-Identifier: MIT
#include "RunWarnings.h"

#include "ChartData.h"
#include "session/Statistics.h"

namespace flakeoff {

QStringList RunWarnings::of(const std::vector<double> &times)
{
    QStringList out;
    if (times.size() == 1) {
        out << QStringLiteral("a single run: no spread and no verdict; measure at least 3 builds to compare");
        return out;
    }
    if (times.size() < 2)
        return out;
    const Statistics all = Statistics::of(times);
    if (!all.outliers.empty()) {
        QStringList which;
        for (std::size_t i : all.outliers)
            which << QStringLiteral("run %1 (%2)").arg(i + 1).arg(ChartDataBuilder::formatSeconds(times[i]));
        out << QStringLiteral("%1 outside the others' spread: %2; the machine may have been busy")
                   .arg(all.outliers.size() == 1 ? QStringLiteral("an outlier")
                                                 : QStringLiteral("%1 outliers").arg(all.outliers.size()),
                        which.join(QStringLiteral(", ")));
    }
    if (times.size() >= 3) {
        const std::vector<double> rest(times.begin() + 1, times.end());
        const double restMedian = Statistics::of(rest).median;
        if (times.front() > kSlowFirstFactor * restMedian &&
            times.front() - restMedian >= kSlowFirstLeastSeconds)
            out << QStringLiteral("the first run took %1, %2× the others' median: caches were probably cold; "
                                  "add a warm-up build")
                       .arg(ChartDataBuilder::formatSeconds(times.front()))
                       .arg(times.front() / restMedian, 0, 'f', 1);
    }
    return out;
}

} // namespace flakeoff
