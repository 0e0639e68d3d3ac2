// SPDX-License-Identifier: MIT
// libFuzzer entry: the whole log engine over one input (see FuzzDriver.h for what is checked).
#include "FuzzDriver.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    driveLogEngine(data, size);
    return 0;
}
