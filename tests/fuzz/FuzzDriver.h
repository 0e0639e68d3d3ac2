// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace flakeoff::fuzz {

// What one pass of the log engine over an input did, and which invariants it broke.
struct PassOutcome
{
    std::string name;               // "live", "saved", "saved-whole", …
    std::int64_t expectedLines = 0; // lines the report must count (metadata excluded)
    std::int64_t reportLines = 0;   // report.lineCount
    std::int64_t events = 0;
    std::int64_t malformed = 0;
    std::int64_t builds = 0;
    std::vector<std::string> violations;
};

struct DriveOutcome
{
    std::vector<PassOutcome> passes;
    std::vector<std::string> violations; // across passes (chunked vs whole, session JSON, …)

    bool ok() const;
    std::string describe() const; // every violation, one per line, prefixed by its pass
};

// Small on purpose: real logs rarely reach it, fuzz inputs hit the truncation paths all the time.
constexpr std::size_t kFuzzMaxLineBytes = 256;

// Runs `data` through the log engine in every timing mode (Live with rising stamps, Saved,
// Untimed), fed in chunk sizes derived from the input, then through the report's JSON/text
// exporters and back through BuildReportJson::fromJson; checks invariants that hold for any input.
// Never aborts on a broken invariant: it is recorded in the outcome.
DriveOutcome runLogEngine(const std::uint8_t *data, std::size_t size);

} // namespace flakeoff::fuzz

// The libFuzzer entry's body: runLogEngine(), aborting with a description when an invariant broke,
// so the fuzzer keeps the input as a crash.
void driveLogEngine(const std::uint8_t *data, std::size_t size);
