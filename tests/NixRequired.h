// SPDX-License-Identifier: MIT
// For live tests: without a working nix the test is skipped, with the reason — or fails when
// FLAKEOFF_REQUIRE_NIX is set (CI), so a machine without nix never passes by skipping.
#pragma once

#include "nix/NixEnvironment.h"

#include <QTest>

namespace flakeoff::test {
// The environment of a test's own nix commands: the user's Nix as configured, plus what
// Flakeoff adds for offline builds with host tools — tests never use the network, and the
// fixtures (tests/data/nix) and layout models build with the host's sh, cargo and rustc.
inline QProcessEnvironment nixEnvironment()
{
    return NixEnvironment::processEnvironment({true, true});
}
} // namespace flakeoff::test

// A macro: QSKIP and QFAIL must return from the test function itself.
#define FLAKEOFF_SKIP_WITHOUT_NIX()                                                                          \
    do {                                                                                                     \
        const QString flakeoffNixProblem = flakeoff::NixEnvironment::problem();                              \
        if (!flakeoffNixProblem.isEmpty()) {                                                                 \
            if (qEnvironmentVariableIntValue("FLAKEOFF_REQUIRE_NIX"))                                        \
                QFAIL(qPrintable(flakeoffNixProblem));                                                       \
            QSKIP(qPrintable(flakeoffNixProblem));                                                           \
        }                                                                                                    \
    } while (false)
