// SPDX-License-Identifier: MIT
#pragma once

#include "Strategy.h"

#include <vector>

namespace flakeoff {

// Every strategy Flakeoff knows: the real flakes in variants/strategies/*/ and the offline layout
// models in variants/offline/*/, each a folder with a manifest.json. A manifest that cannot be read
// is reported in errors(), never silently skipped.
class StrategyCatalog
{
public:
    // The variants folder: $FLAKEOFF_VARIANTS, else the source tree's (development builds), else
    // the installed share folder.
    static QString defaultVariantsDir();

    static StrategyCatalog load(const QString &variantsDir = defaultVariantsDir());

    const std::vector<Strategy> &strategies() const { return m_strategies; }
    const QStringList &errors() const { return m_errors; }
    const Strategy *find(const QString &id) const;
    QStringList ids() const;
    QString variantsDir() const { return m_dir; }

private:
    QString m_dir;
    std::vector<Strategy> m_strategies;
    QStringList m_errors;
};

} // namespace flakeoff
