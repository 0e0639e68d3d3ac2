#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The main job on a fresh Debian 12 machine: set up (scripts/setup.sh), build, then run the
# standard scenario (cold, no-op, edit the app, edit the shared crate, bump a dependency, edit the
# Nix expression, touch the docs) on the bundled sample workspace with every strategy this machine
# can build, on real Nix. Strategies that need a network are listed as skipped, with the reason.
# Arguments are passed to `flakeoff-cli run` (e.g. --repeat 3 --warmup 1 --targets app).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
say() { printf '\033[1m[run]\033[0m %s\n' "$*"; }
bash scripts/setup.sh
export PATH="/root/.cargo/bin:$PATH"
say "building (dev preset)"
cmake --preset dev >/dev/null
cmake --build --preset dev -j "$(nproc)"
out=${FLAKEOFF_SESSION:-$here/build/sample-session.json}
say "running the standard scenario on the bundled sample (session: $out)"
status=0
build/dev/src/cli/flakeoff-cli run --out "$out" "$@" || status=$?
log=$(ls "${out%.json}.logs"/*/cold-app-run1.flog 2>/dev/null | head -n 1 || true)
if [ -n "${DISPLAY:-}" ] && [ -n "$log" ]; then
  say "opening the first cold build in the desktop app: $log"
  build/dev/src/app/flakeoff "$log" &
fi
[ -n "$log" ] && say "inspect any build: build/dev/src/cli/flakeoff-cli parse-log $log"
exit $status
