#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Offline checks of the strategy flakes and manifests:
#   1. every .nix file under variants/ parses (nix-instantiate --parse);
#   2. every variants/strategies/*/manifest.json is JSON (jq or python3) and, with python3,
#      follows schema 1 and agrees with its files (check-manifest.py);
#   3. with --eval: the flakes evaluate against stand-in inputs (testing/eval.py).
# Prints each failing file; exits non-zero if anything failed. Builds need a network: not here.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
variants=$(dirname "$here")
# The user's Nix, plus what Flakeoff adds for offline builds with host tools.
. "$variants/../scripts/nix-config.sh"

failed=0
fail() { echo "FAIL $*"; failed=1; }

command -v nix-instantiate >/dev/null || { echo "nix-instantiate not found (apt-get install nix-bin)"; exit 2; }

nix_files=0
while IFS= read -r -d '' f; do
  nix_files=$((nix_files + 1))
  if ! err=$(nix-instantiate --parse "$f" 2>&1 >/dev/null); then
    fail "$f"
    printf '%s\n' "$err" | sed 's/^/  /'
  fi
done < <(find "$variants" -name '*.nix' -not -path '*/target/*' -print0 | sort -z)
echo "parsed $nix_files .nix files"

manifests=()
while IFS= read -r -d '' f; do manifests+=("$f"); done \
  < <(find "$here" -mindepth 2 -maxdepth 2 -name manifest.json -print0 | sort -z)
[ ${#manifests[@]} -gt 0 ] || fail "no manifest.json under $here"
for f in "${manifests[@]}"; do
  if command -v jq >/dev/null; then
    jq empty "$f" 2>/dev/null || fail "$f: not valid JSON"
  elif command -v python3 >/dev/null; then
    python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$f" 2>/dev/null || fail "$f: not valid JSON"
  fi
done
if command -v python3 >/dev/null; then
  python3 "$here/check-manifest.py" "${manifests[@]}" | sed 's/^/FAIL /' | grep . && failed=1
else
  echo "python3 not found: schema checks skipped"
fi
echo "checked ${#manifests[@]} manifests"

if [ "${1:-}" = "--eval" ]; then
  python3 "$here/testing/eval.py" || failed=1
fi

[ $failed -eq 0 ] && echo "all checks passed"
exit $failed
