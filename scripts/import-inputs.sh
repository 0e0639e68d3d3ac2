#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Imports the real tools' pinned sources for offline builds (flakeoff-cli inputs import) and
# assembles the stand-ins, when they are at hand: $FLAKEOFF_INPUTS, else ../shared/inputs beside
# the repository. Skips the import (not the stand-ins) when every tarball's digest is recorded.
#   scripts/import-inputs.sh CLI    (CLI: the built flakeoff-cli)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cli=${1:?usage: scripts/import-inputs.sh PATH/TO/flakeoff-cli}
say() { printf '\033[1m[inputs]\033[0m %s\n' "$*"; }
dir=${FLAKEOFF_INPUTS:-$here/../shared/inputs}
shopt -s nullglob
tarballs=("$dir"/*.tar.gz "$dir"/*.tar.xz "$dir"/*.tgz)
if ((${#tarballs[@]} == 0)); then
  say "no tool sources in $dir: the real tools can run only with a network (or after flakeoff-cli inputs import)"
  exit 0
fi
# Already imported (every tarball's sha256 recorded, stand-ins assembled): only the stand-ins again.
listing=$("$cli" inputs list --json)
recorded=$(jq -r '(.inputs[] | select(.present) | .sha256), (if (.standins | length) > 0 then "standins" else empty end)' <<<"$listing")
missing=0
for t in "${tarballs[@]}"; do
  grep -qx "$(sha256sum "$t" | cut -d' ' -f1)" <<<"$recorded" || missing=$((missing + 1))
done
if ((missing == 0)) && grep -qx standins <<<"$recorded"; then
  # The stand-ins follow this checkout's variants/standins: assembled again (seconds; unchanged
  # files keep their store paths).
  say "the ${#tarballs[@]} tool sources from $dir are imported; assembling the stand-ins again"
  bash "$here/variants/standins/assemble.sh" --inputs "$(jq -r .inputs_dir <<<"$listing")" \
    --out "$(jq -r .standins_dir <<<"$listing")"
  exit 0
fi
say "importing ${#tarballs[@]} tool sources from $dir"
"$cli" inputs import "${tarballs[@]}" | grep -E '^(imported|assemble|stand-ins)' || true
"$cli" inputs list | head -n 20
