// SPDX-License-Identifier: MIT
#include "LogEvent.h"

namespace flakeoff {

std::string LogEvent::stringField(std::size_t i) const
{
    if (i < fields.size())
        if (const auto *v = std::get_if<std::string>(&fields[i]))
            return *v;
    return {};
}

} // namespace flakeoff
