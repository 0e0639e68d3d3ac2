#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Takes the README's screenshots of each main view of the desktop app under Xvfb, with the app's
# own --screenshot option (a grab of the window once it has settled), into docs/screenshots/.
# No Nix build runs: the live view is a replay of a session checked in under tests/data/gui/sessions.
#   scripts/screenshots.sh [BUILD_DIR]      (default build/dev; needs xvfb-run and xauth)
#   SHOTS='^(compare|presentation)' scripts/screenshots.sh    retakes only the pictures whose
#                                                             name matches the regular expression
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
build=${1:-${FLAKEOFF_BUILD:-build/dev}}
app="$build/src/app/flakeoff"
out=docs/screenshots
session=tests/data/gui/sessions/sample-quick.json
# The per-crate model's cold build of the sample: 71 crates, several building at once.
build_log=tests/data/gui/sessions/sample-quick.logs/per-crate/cold-app-run1.flog
[ -x "$app" ] || { echo "screenshots: $app not found: build the app first (cmake --build --preset dev)" >&2; exit 2; }
command -v xvfb-run >/dev/null || { echo "screenshots: xvfb-run not found: run scripts/setup.sh" >&2; exit 2; }
mkdir -p "$out"

# One shot at a screen size (default 1280x800): a fresh configuration each time (no recent files,
# default layout), the window that size (presentation mode: full screen, the same).
shot_at() {
  local size=$1 name=$2; shift 2
  if [ -n "${SHOTS:-}" ] && ! [[ $name =~ $SHOTS ]]; then return 0; fi
  local config
  config=$(mktemp -d)
  rm -f "$out/$name.png" # an old picture must not pass for a new one
  XDG_CONFIG_HOME="$config" XDG_RUNTIME_DIR="$config" timeout 120 \
    xvfb-run -a -s "-screen 0 ${size}x24" "$app" --size "$size" --screenshot "$out/$name.png" "$@" \
    2>&1 | grep -v -e propagateSizeHints -e XDG_RUNTIME_DIR || true
  rm -rf "$config"
  [ -s "$out/$name.png" ] || { echo "screenshots: $name.png was not written" >&2; exit 1; }
}
shot() {
  shot_at 1280x800 "$@"
}

# Run view as it opens: the bundled sample, every strategy with its availability here; at a
# laptop's 1280x720 too (the Runs box in view without scrolling).
shot run-setup --view run --screenshot-delay 4000
shot_at 1280x720 run-setup-1280x720 --view run --screenshot-delay 4000
# A replay in progress: derivations building now with their phase and time, the log following.
shot live-run --replay "$build_log" --speed 3 --screenshot-delay 12000
# A saved session reopened: every build, the first failure with its derivation's last lines.
shot session "$session" --view run
# The comparison of that session: the answer grid, then rebuild cost one panel per step; at a
# projector's 1280x720, the README's 1280x800 and a desktop's 1920x1080.
shot compare "$session" --view compare
shot_at 1280x720 compare-1280x720 "$session" --view compare
shot_at 1920x1080 compare-1920x1080 "$session" --view compare
# Presentation mode on the Compare page of the eight-step session (one strategy skipped with
# cargo's error): one step's answer and one chart, large type, no menus, at the three sizes.
predicted=tests/data/sessions/predicted.json
for size in 1280x720 1280x800 1920x1080; do
  shot_at "$size" "presentation-compare-$size" "$predicted" --view compare --presentation
done
# The prediction beside the charts: a real run of the offline models with its prediction.
shot compare-prediction tests/data/sessions/predicted.json --view compare
# The log view: one build's report, a log opened by hand; and following a session, its first
# failed build.
shot log-view tests/data/gui/mixed.flog --view log
shot log-view-session tests/data/gui/sessions/tiny-quick.json --view log
# Presentation mode during a replay: full screen, large type, high contrast, on a projector.
shot_at 1280x720 presentation --replay "$build_log" --speed 3 --presentation --screenshot-delay 12000
# The settings dialog.
shot settings --settings --screenshot-delay 500
ls -l "$out"
