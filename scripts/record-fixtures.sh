#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Records the log-engine fixtures in tests/data/logs/ from real Nix runs of
# tests/data/nix/scenarios.nix: timed saved logs (*.flog, via flakeoff-cli capture) and plain
# stderr captures (*.log). Re-run after changing the scenarios; review the diff before committing.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cli=${FLAKEOFF_CLI:-$here/build/dev/src/cli/flakeoff-cli}
nixfile=$here/tests/data/nix/scenarios.nix
out=$here/tests/data/logs
home=${FLAKEOFF_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}/flakeoff}
export NIX_CONF_DIR=$home/nix XDG_CACHE_HOME=$home/cache
[ -x "$cli" ] || { echo "build flakeoff-cli first (cmake --preset dev && cmake --build build/dev)" >&2; exit 1; }
mkdir -p "$out"
nonce="fixture-$(date +%s)"

rec() { # rec NAME NONCE [nix build args…]: a timed capture; each fixture its own nonce
  local name=$1 n=$2; shift 2
  echo "[fixtures] $name: nix build $*"
  "$cli" capture --quiet --out "$out/$name.flog" -- \
    nix build -f "$nixfile" --argstr nonce "$nonce-$n" --log-format internal-json --no-link "$@" || true
}
rec chain chain chain
rec noop chain chain
rec noisy noisy noisy
rec sleeper sleeper sleeper
rec failing failing failing
rec parallel parallel -j2 left right
rec keep-going keep-going -j2 --keep-going slow quickfail
rec fail-fast fail-fast -j2 slow quickfail

# Plain captures: stderr as a user would redirect it, no arrival times.
plain() {
  local name=$1; shift
  echo "[fixtures] $name (plain): nix build $*"
  nix build -f "$nixfile" --argstr nonce "$nonce-plain" --log-format internal-json --no-link "$@" 2>"$out/$name.log" || true
}
plain chain-plain chain
plain keep-going-plain -j2 --keep-going slow quickfail
# The cwd line carries this machine's path; keep fixtures free of it.
sed -i 's|^#cwd .*|#cwd|' "$out"/*.flog
echo "[fixtures] wrote $(ls "$out" | wc -l) files to $out"
