// SPDX-License-Identifier: MIT
#include "LogEvent.h"

namespace flakeoff {

std::int64_t LogEvent::intField(std::size_t i, std::int64_t fallback) const
{
    if (i < fields.size())
        if (const auto *v = std::get_if<std::int64_t>(&fields[i]))
            return *v;
    return fallback;
}

std::string LogEvent::stringField(std::size_t i) const
{
    if (i < fields.size())
        if (const auto *v = std::get_if<std::string>(&fields[i]))
            return *v;
    return {};
}

} // namespace flakeoff
