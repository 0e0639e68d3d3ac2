#!/bin/sh
# SPDX-License-Identifier: MIT
# The offline prepare step of the real strategies: makes a scratch copy of a workspace buildable
# by the real Nix tools with no network.
#
#   prepare-offline.sh SOURCE SCRATCH [PROJECT]
#
# SOURCE is the user's workspace (only read, to refuse ever writing into it), SCRATCH the copy
# Flakeoff laid out (a git repository). PROJECT (the separate-crates layout: once per project
# that a target builds, e.g. app) is a folder of SCRATCH that is a Cargo project of its own: the
# steps below then make and seed its lock, PROJECT/Cargo.lock, and its cargo directory source is
# SCRATCH/.git/flakeoff-offline/PROJECT/cargo-home. In SCRATCH (or SCRATCH/PROJECT):
#   1. Cargo.lock from Debian's crate sources (variants/offline/prepare-scratch.sh --in-place);
#   2. offline-crates.py: deterministic .crate tarballs, their sha256 in the lock, the shims
#      for crates Debian lacks turned into ordinary registry crates of the lock, .cargo/config.toml
#      back to the workspace's own (without [source.*]), format v3, and a cargo directory source
#      for the new lock with CARGO_HOME=SCRATCH/.git/flakeoff-offline/cargo-home (cargo itself,
#      e.g. `cargo metadata` for a Cargo.nix generator, keeps working offline);
#   3. every tarball added to the Nix store under each tool's fixed-output name
#      (nixpkgs importCargoLock `crate-N-V.tar.gz`, crane `cargo-src-N-V`, naersk `download-N-V`,
#      cargo2nix `N-V.tar.gz`), so their download derivations are already valid and never run;
#   4. `git add --force` of Cargo.lock and .cargo/.
# Such a lock and such checksums are valid on this machine only: never copy them to a workspace.
# Environment: CARGO (as prepare-scratch.sh), FLAKEOFF_CRATE_CACHE (tarballs; default
# $XDG_CACHE_HOME/flakeoff/crates), NIX_CONFIG as for Flakeoff's nix commands.
set -eu

die() { echo "prepare-offline: $*" >&2; exit 1; }
[ $# -eq 2 ] || [ $# -eq 3 ] || { echo "usage: $0 SOURCE SCRATCH [PROJECT]" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
prepare_scratch="$here/../offline/prepare-scratch.sh"
[ -f "$prepare_scratch" ] || die "$prepare_scratch is missing"
root=$(cd "$2" && pwd -P)
project=${3:-}
case "/$project/" in */../*) die "the project $project must be a folder inside $2";; esac
# From here on "scratch" is the Cargo project whose lock is made: the copy, or one of its projects.
scratch=$root${project:+/$project}
[ -f "$scratch/Cargo.toml" ] || die "$scratch has no Cargo.toml"
if [ -d "$1" ]; then
  src=$(cd "$1" && pwd -P)
  case "$root/" in "$src"/*) die "$root is (inside) the workspace $src: the offline lock must never reach a user's workspace";; esac
fi
command -v nix-store >/dev/null || die "nix-store not found (Nix is needed to seed the store)"
command -v python3 >/dev/null || die "python3 not found"
cache=${FLAKEOFF_CRATE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/flakeoff/crates}

# The workspace's own cargo config, put back (without [source.*]) after the lock is made.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
original=""
for f in "$scratch/.cargo/config.toml" "$scratch/.cargo/config"; do
  if [ -f "$f" ]; then cp "$f" "$tmp/original-config.toml"; original="$tmp/original-config.toml"; rm -f "$f"; break; fi
done

# prepare-scratch warns about lock format v4; offline-crates.py writes v3 when it can.
sh "$prepare_scratch" --in-place "$scratch" 2>"$tmp/prepare.err" >/dev/null \
  || { cat "$tmp/prepare.err" >&2; die "variants/offline/prepare-scratch.sh failed"; }
grep -v 'is not format v3' "$tmp/prepare.err" >&2 || true
# Cargo's own view of the new lock (a directory source with its checksums) stays outside what
# the flake sees: in .git/ (never part of a flake's source).
if [ -d "$root/.git" ]; then state="$root/.git/flakeoff-offline"; else state="$root/target/flakeoff-offline"; fi
state=$state${project:+/$project}
python3 "$here/offline-crates.py" --scratch "$scratch" ${original:+--original-config "$original"} \
  --cache "$cache" --vendor "$state/vendor" >"$tmp/crates.tsv"

# One nix-store call adds every tarball under every tool's name (names must be unique per call).
mkdir -p "$tmp/a" "$tmp/b" "$tmp/c" "$tmp/d"
count=0
while IFS="$(printf '\t')" read -r name version sum tarball; do
  ln "$tarball" "$tmp/a/crate-$name-$version.tar.gz" 2>/dev/null || cp "$tarball" "$tmp/a/crate-$name-$version.tar.gz"
  ln "$tarball" "$tmp/b/cargo-src-$name-$version" 2>/dev/null || cp "$tarball" "$tmp/b/cargo-src-$name-$version"
  ln "$tarball" "$tmp/c/download-$name-$version" 2>/dev/null || cp "$tarball" "$tmp/c/download-$name-$version"
  ln "$tarball" "$tmp/d/$name-$version.tar.gz" 2>/dev/null || cp "$tarball" "$tmp/d/$name-$version.tar.gz"
  count=$((count + 1))
done <"$tmp/crates.tsv"
if [ "$count" -gt 0 ]; then
  for d in a b c d; do
    nix-store --add-fixed sha256 "$tmp/$d"/* >/dev/null || die "nix-store --add-fixed failed"
  done
fi

if git -C "$scratch" rev-parse --git-dir >/dev/null 2>&1; then
  git -C "$scratch" add --force -- Cargo.lock
  # The workspace's own .cargo/ as it is now (a removed config.toml leaves the index too).
  if [ -d "$scratch/.cargo" ] || git -C "$scratch" ls-files --error-unmatch .cargo >/dev/null 2>&1; then
    git -C "$scratch" add --force -A -- .cargo
  fi
fi
echo "prepare-offline: $scratch ready ($count crates packed from Debian's sources and Flakeoff's shims, in the store for buildRustPackage, crane, naersk and cargo2nix; cargo: CARGO_HOME=$state/cargo-home)"
