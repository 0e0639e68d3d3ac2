#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Records the log-engine fixtures from real Nix runs of tests/data/nix/scenarios.nix and
# tests/data/nix/errors.nix: timed saved logs (tests/data/logs/*.flog, via flakeoff-cli capture),
# plain stderr captures (*.log), and what Nix prints on stdout and stderr besides logs
# (tests/data/nix-output/: a derivation closure as `nix show-derivation -r` / `nix derivation show
# -r` prints it, `nix path-info --json`, `nix build --json`, nix-instantiate's evaluation errors).
#
#   scripts/record-fixtures.sh [--nix DIR] [NAME…]
#
# --nix DIR records with the Nix tools in DIR (e.g. /opt/flakeoff/nix-2.26/bin from
# scripts/setup-nix-2.26.sh) instead of those on PATH. Files recorded with Nix 2.8 (Debian 12's,
# the reference) carry no version in their name; any other version's get `-nix<major.minor>`
# before the extension (chain-nix2.26.flog). NAMEs record only those fixtures (chain, eval-type,
# derivation-show-chain, …; default: all). Re-run after changing the scenarios; review the diff
# before committing.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cli=${FLAKEOFF_CLI:-$here/build/dev/src/cli/flakeoff-cli}
logs=$here/tests/data/logs
outputs=$here/tests/data/nix-output
# The user's Nix, plus what Flakeoff adds for offline builds with host tools.
. "$here/scripts/nix-config.sh"

only=()
while (($#)); do
  case $1 in
    --nix) [ -x "$2/nix" ] || { echo "no nix in $2" >&2; exit 2; }; export PATH=$2:$PATH; shift 2 ;;
    -h|--help) sed -n '3,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    *) only+=("$1"); shift ;;
  esac
done
[ -x "$cli" ] || { echo "build flakeoff-cli first (cmake --preset dev && cmake --build build/dev)" >&2; exit 1; }

version=$(nix --version | awk '{ print $NF }')
minor=$(printf '%s' "$version" | cut -d. -f1,2)
suffix=$([ "$minor" = 2.8 ] && echo "" || echo "-nix$minor")
echo "[fixtures] recording with $(command -v nix): Nix $version (file suffix '${suffix:-none}')"
mkdir -p "$logs" "$outputs"
nonce="fixture-$(date +%s)"
wanted() { ((${#only[@]} == 0)) || printf '%s\n' "${only[@]}" | grep -qx "$1"; }

# Nix quotes the evaluated file in its messages: a fixed path keeps this checkout's out of them.
fixed=/tmp/flakeoff-fixtures
mkdir -p "$fixed"
cp "$here/tests/data/nix/scenarios.nix" "$here/tests/data/nix/errors.nix" "$fixed/"
scenarios=$fixed/scenarios.nix
errors=$fixed/errors.nix

rec() { # rec NAME NIXFILE NONCE [nix build args…]: a timed capture; each fixture its own nonce
  local name=$1 file=$2 n=$3; shift 3
  wanted "$name" || return 0
  echo "[fixtures] $name$suffix: nix build $*"
  "$cli" capture --quiet --out "$logs/$name$suffix.flog" -- \
    nix build -f "$file" --argstr nonce "$nonce-$n" --log-format internal-json --no-link "$@" || true
}
rec chain "$scenarios" chain chain
rec noop "$scenarios" chain chain
rec noisy "$scenarios" noisy noisy
rec sleeper "$scenarios" sleeper sleeper
rec failing "$scenarios" failing failing
rec parallel "$scenarios" parallel -j2 left right
rec keep-going "$scenarios" keep-going -j2 --keep-going slow quickfail
# Several targets, one fails: Nix 2.26 ends with "build of 'a.drv^out', 'b.drv^out' failed",
# the paths sorted. A nonce that sorts the interrupted `slow` first makes the case where taking the
# first path named as the failed one is wrong.
if wanted fail-fast; then
  ff=fail-fast
  for k in $(seq 1 40); do
    slow=$(nix-instantiate "$scenarios" --argstr nonce "$nonce-fail-fast-$k" -A slow 2>/dev/null)
    quick=$(nix-instantiate "$scenarios" --argstr nonce "$nonce-fail-fast-$k" -A quickfail 2>/dev/null)
    if [[ "$slow" < "$quick" ]]; then ff=fail-fast-$k; break; fi
  done
  rec fail-fast "$scenarios" "$ff" -j2 slow quickfail
fi
# A path substituted from a binary cache (a local one: offline): built, copied into the cache,
# deleted, then fetched back. Nix 2.26 links the copy to its substitution with `parent`.
if wanted substitute; then
  cache=$fixed/cache
  rm -rf "$cache"
  built=$(nix build -f "$scenarios" --argstr nonce "$nonce-substitute" payload --no-link --json 2>/dev/null)
  path=$(printf '%s' "$built" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["outputs"]["out"])')
  nix copy --to "file://$cache?compression=none" "$path"
  nix-store --delete "$path" >/dev/null 2>&1
  rec substitute "$scenarios" substitute payload --option substituters "file://$cache" --option require-sigs false
  rm -rf "$cache"
fi
# Through a remote builder: scripts/remote-builder-2.26.sh start, then this script inside its
# with-remote-builder with FLAKEOFF_REMOTE_MACHINES=<its machines file>. Every build runs on the
# builder (--max-jobs 0) and its output is copied back; payload's 4 MiB make the copy measurable.
if [ -n "${FLAKEOFF_REMOTE_MACHINES:-}" ]; then
  remote=(--builders "@$FLAKEOFF_REMOTE_MACHINES" --max-jobs 0 --option builders-use-substitutes false)
  rec remote-chain "$scenarios" remote-chain chain "${remote[@]}"
  rec remote-payload "$scenarios" remote-payload payload "${remote[@]}"
  rec remote-failing "$scenarios" remote-failing failing "${remote[@]}"
  # The same builder through ssh:// (nix-store --serve): no activities of the builder come back.
  sed 's|^ssh-ng://|ssh://|' "$FLAKEOFF_REMOTE_MACHINES" >"$fixed/machines-ssh"
  rec remote-ssh-chain "$scenarios" remote-ssh-chain chain --builders "@$fixed/machines-ssh" --max-jobs 0 \
    --option builders-use-substitutes false
  # The cold step's case: the output deleted here but still in the builder's store. The builder
  # does not build it again; Nix only copies it back.
  if wanted remote-recopy; then
    out=$(nix build -f "$scenarios" --argstr nonce "$nonce-remote-recopy" chain --no-link --print-out-paths \
      "${remote[@]}" 2>/dev/null)
    nix-store --delete "$out" >/dev/null 2>&1
    rec remote-recopy "$scenarios" remote-recopy chain "${remote[@]}"
  fi
fi
rec eval-type "$errors" eval type
rec eval-toml "$errors" eval toml
rec eval-throw "$errors" eval throw

# Plain captures: stderr as a user would redirect it, no arrival times.
plain() {
  local name=$1; shift
  wanted "$name" || return 0
  echo "[fixtures] $name$suffix (plain): nix build $*"
  nix build -f "$scenarios" --argstr nonce "$nonce-plain" --log-format internal-json --no-link "$@" \
    2>"$logs/$name$suffix.log" || true
}
plain chain-plain chain
plain keep-going-plain -j2 --keep-going slow quickfail
# The cwd line carries this machine's path; keep fixtures free of it.
sed -i 's|^#cwd .*|#cwd|' "$logs"/*.flog

# Beside the logs: a closure as the predictor reads it, with a fixed nonce so both versions
# evaluate the very same derivations (Nix 2.8 and 2.26 agree on drv paths).
if wanted derivation-show-chain; then
  drv=$(nix-instantiate "$scenarios" --argstr nonce fixture-closure -A chain 2>/dev/null)
  if nix derivation --help >/dev/null 2>&1; then show=(derivation show); else show=(show-derivation); fi
  echo "[fixtures] derivation-show-chain$suffix: nix ${show[*]} -r $drv"
  nix "${show[@]}" -r "$drv" | python3 -m json.tool --sort-keys >"$outputs/derivation-show-chain$suffix.json"
fi
# Evaluation errors on plain stderr, as nix-instantiate prints them to the predictor.
for attr in type toml; do
  wanted "instantiate-$attr" || continue
  echo "[fixtures] instantiate-$attr$suffix: nix-instantiate errors.nix -A $attr"
  nix-instantiate "$errors" -A "$attr" >/dev/null 2>"$outputs/instantiate-$attr$suffix.txt" || true
done
# What the runner reads on stdout after a build: its outputs and their sizes.
if wanted build-json || wanted path-info; then
  built=$(nix build -f "$scenarios" --argstr nonce fixture-closure chain --no-link --json 2>/dev/null)
  if wanted build-json; then
    echo "[fixtures] build-json$suffix: nix build --json"
    printf '%s\n' "$built" | python3 -m json.tool --sort-keys >"$outputs/build-json$suffix.json"
  fi
  if wanted path-info; then
    out=$(printf '%s' "$built" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["outputs"]["out"])')
    # and a path that is not in the store (2.8: {"path":…,"valid":false}; 2.26: null)
    missing=/nix/store/00000000000000000000000000000000-flakeoff-missing
    echo "[fixtures] path-info$suffix: nix path-info --json -S $out $missing"
    nix path-info --json -S "$out" "$missing" 2>/dev/null | python3 -m json.tool --sort-keys >"$outputs/path-info$suffix.json"
  fi
fi
echo "[fixtures] wrote $(ls "$logs" | wc -l) files to $logs, $(ls "$outputs" | wc -l) to $outputs"
