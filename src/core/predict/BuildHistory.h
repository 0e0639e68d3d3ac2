// SPDX-License-Identifier: MIT
#pragma once

#include "session/Prediction.h"

#include <QDateTime>
#include <QHash>
#include <QString>

#include <optional>

namespace flakeoff {

struct Session;

// Per-derivation build times of earlier measured runs, to price a prediction as
// nix-output-monitor estimates from its build history. Hashes change with every edit, so a
// derivation is matched by NAME within its strategy (monolithic's app-0.1.0 compiles everything,
// deps-split's only the members); the very same .drv path matches in any strategy.
class BuildHistory
{
public:
    struct Entry
    {
        std::int64_t durationUs = 0;
        QDateTime when; // the measurement's start
        QString where;  // "<label>, <strategy> <step> <target>"
    };

    // Adds the built derivations (with a known duration) of every measurement, warm-ups included.
    // `label` names the session in Entry::where (e.g. its file name).
    void add(const Session &session, const QString &label);
    bool isEmpty() const { return m_byName.isEmpty() && m_byPath.isEmpty(); }

    // The newest measured build of that derivation: by path first, else by (strategy, name).
    std::optional<Entry> lookup(const QString &strategy, const QString &drvPath, const QString &name) const;

    // Fills measuredUs / measuredIn of every rebuilt derivation (clears them when unknown).
    void price(StepPrediction &step) const;
    void price(Prediction &prediction) const;

private:
    static void keepNewest(QHash<QString, Entry> &map, const QString &key, const Entry &e);
    QHash<QString, Entry> m_byName; // "<strategy>\n<name>"
    QHash<QString, Entry> m_byPath;
};

} // namespace flakeoff
