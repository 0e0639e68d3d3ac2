// SPDX-License-Identifier: MIT
#include "RunSource.h"

namespace flakeoff {

RunSource::RunSource(QObject *parent) : QObject(parent) {}

RunSource::~RunSource() = default;

} // namespace flakeoff
