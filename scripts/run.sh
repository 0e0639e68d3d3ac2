#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The main job on a fresh Debian 12 machine: set up (scripts/setup.sh), build the app and the CLI
# (the `app` preset: no tests, no benchmarks), import the real tools' pinned sources when they are
# at hand (scripts/import-inputs.sh: offline, the tools build against Flakeoff's stand-ins), then
# run the four real tools — nixpkgs' buildRustPackage, crane, naersk, cargo2nix — on the bundled
# sample and show the comparison: the desktop app when there is a display, else the CLI's summary
# and the HTML report's path.
#
#   scripts/run.sh          the quick scenario (cold, no-op, edit the app) on target app: one cold
#                           build, two of each other step (enough for a verdict where tools differ
#                           clearly); about 15 minutes on a fresh 2-core Debian 12 machine,
#                           packages and compile included, with nothing else running (README)
#   scripts/run.sh --full   the bundled comparison: the standard scenario on target app, three
#                           measured builds per step (one cold), the three layout models beside the
#                           tools (133 builds, 64 minutes quiet on 2 cores; README); add
#                           --targets app,wasm for both targets
# Other arguments are passed to `flakeoff-cli run` (e.g. --strategies crane,naersk).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
say() { printf '\033[1m[run]\033[0m %s\n' "$*"; }
full=0
args=()
for a in "$@"; do
  case $a in
    --full) full=1 ;;
    *) args+=("$a") ;;
  esac
done

bash scripts/setup.sh
export PATH="/root/.cargo/bin:$PATH"
say "building the app and the CLI (app preset)"
cmake --preset app >/dev/null
cmake --build --preset app -j "$(nproc)"
cli=build/app/src/cli/flakeoff-cli
bash scripts/import-inputs.sh "$cli"
"$cli" strategies

out=${FLAKEOFF_SESSION:-$here/build/sample-session.json}
if ((full)); then
  run=(--scenario standard --targets app --cold-repeat 1 --repeat 3)
else
  run=(--strategies build-rust-package,crane,naersk,cargo2nix --targets app --scenario quick
    --cold-repeat 1 --repeat 2)
fi
say "running the real tools on the bundled sample (session: $out)"
status=0
"$cli" run --out "$out" "${run[@]}" "${args[@]}" || status=$?
[ -f "$out" ] || exit $status

report=${out%.json}.html
"$cli" report "$out" --format html --out "$report"
say "report: $report"
if [ -n "${DISPLAY:-}" ]; then
  say "opening the comparison in the desktop app"
  build/app/src/app/flakeoff "$out" &
fi
exit $status
