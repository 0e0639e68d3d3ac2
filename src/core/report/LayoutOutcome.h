// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <optional>
#include <vector>

namespace flakeoff {

struct Session;
class StrategyCatalog;

// Whether a strategy built a target at all in the layout of a session, the way the original
// comparison reported the separate-crates layout ("only cargo2nix builds separate crates"): built,
// or the tool's own error with its cause first — the derivation that failed and its builder's
// first error line (BuildReport::failureText), or Nix's message when evaluation failed — not
// Nix's exit status. Read from the first recorded build of each strategy and target (the cold
// step of a scenario).
struct LayoutOutcome
{
    QString strategy;
    QString target;
    QString layout;
    bool built = false;
    QString cause; // empty when built: "app-0.1.0 failed: error: failed to get `cats` as a dependency …"
    // The manifest's "expect" for this layout (true: build), when a catalog was given and knows
    // the strategy.
    std::optional<bool> expected;

    // "crane, app: failed — app-deps-0.1.0 failed: error: …", "cargo2nix, wasm: built", with
    // "(its manifest expects it to build)" when that differs from what happened.
    QString sentence() const;

    // One per strategy and target with a recorded build, in the session's order; empty when every
    // build was in the workspace layout (its outcomes are the report's tables). `catalog`: for
    // `expected` (may be null).
    static std::vector<LayoutOutcome> of(const Session &session, const StrategyCatalog *catalog = nullptr);
};

} // namespace flakeoff
