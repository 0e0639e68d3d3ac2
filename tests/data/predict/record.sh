#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Records the closures tests/unit/tst_prediction.cpp reads: `nix show-derivation -r` of the
# `app` target of each offline layout model on ./workspace, before and after the scenario's edits
# (each state on top of the previous one, as a scenario applies them). Evaluation only: nothing is
# built. Re-run after changing the models or the workspace; review the diff before committing.
#
#   tests/data/predict/record.sh [--nix DIR]
#
# --nix DIR evaluates with the Nix tools in DIR (e.g. /opt/flakeoff/nix-2.26/bin): with a Nix other
# than 2.8 only the base state is recorded, with `nix derivation show`, as
# closures/<model>-base-nix<major.minor>.json — the same derivations in that Nix's JSON shape.
set -euo pipefail
if [ "${1:-}" = --nix ]; then
  [ -x "$2/nix" ] || { echo "no nix in $2" >&2; exit 2; }
  export PATH=$2:$PATH
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)
cli=${FLAKEOFF_CLI:-$root/build/dev/src/cli/flakeoff-cli}
# The user's Nix, plus what Flakeoff adds for offline builds with host tools.
. "$root/scripts/nix-config.sh"
[ -x "$cli" ] || { echo "build flakeoff-cli first (cmake --preset dev && cmake --build build/dev)" >&2; exit 1; }
out=$here/closures
mkdir -p "$out"
minor=$(nix --version | awk '{ print $NF }' | cut -d. -f1,2)
suffix=$([ "$minor" = 2.8 ] && echo "" || echo "-nix$minor")
if nix derivation --help >/dev/null 2>&1; then show=(derivation show); else show=(show-derivation); fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

for model in monolithic deps-split per-crate; do
  ws=$scratch/$model
  sh "$root/variants/offline/prepare-scratch.sh" "$here/workspace" "$ws" >/dev/null 2>&1
  extra=()
  record() { # record STATE: evaluate, then the closure of the app's derivation
    [ "$model" = per-crate ] && "$cli" generate-per-crate --workspace "$ws" --package app --out "$ws/flakeoff-crates.nix" >/dev/null 2>&1
    local drv
    drv=$(nix-instantiate "$root/variants/offline/$model" --arg workspace "$ws" "${extra[@]}" -A app 2>/dev/null)
    nix "${show[@]}" -r "$drv" | python3 -m json.tool --sort-keys > "$out/$model-$1$suffix.json"
    echo "[fixtures] $model $1$suffix: $drv"
  }
  record base
  [ -z "$suffix" ] || continue # another Nix: the base state shows its shape
  printf '\n// edited\npub const EDITED: u32 = 1;\n' >> "$ws/shared/src/lib.rs"
  record edit-shared
  sed -i 's/^smallvec = "1"$/smallvec = { version = "1", features = ["write"] }/' "$ws/shared/Cargo.toml"
  record bump-dependency
  extra=(--arg extraEnv '{ FLAKEOFF_EDIT = "1"; }')
  record edit-nix
  printf '\nedited\n' >> "$ws/README.md"
  record touch-docs
done
# Nothing of this machine's paths may remain in the fixtures.
! grep -l "$scratch" "$out"/*.json
