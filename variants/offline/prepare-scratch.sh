#!/bin/sh
# SPDX-License-Identifier: MIT
# Makes a scratch copy of a workspace buildable offline, for the offline layout models:
#   SCRATCH_DIR/                     the workspace's files (without target/, .git, result links)
#   SCRATCH_DIR/.cargo/config.toml   this folder's cargo-config.toml (crates from Debian)
#   SCRATCH_DIR/.cargo/shims/        stand-ins for crates Debian 12 lacks
#   SCRATCH_DIR/Cargo.lock           generated offline against Debian's crate sources
#
#   prepare-scratch.sh WORKSPACE_SRC SCRATCH_DIR   copy, then make the copy offline-ready. A re-run
#       resets SCRATCH_DIR (edits made there are lost; target/ is kept). SCRATCH_DIR must be
#       missing, empty, or made by this script before.
#   prepare-scratch.sh --in-place SCRATCH_DIR      only the .cargo/ files and Cargo.lock, in a copy
#       someone else made (an existing Cargo.lock is replaced).
# Environment: CARGO (default: rustup's cargo, else cargo on PATH).
set -eu

usage() {
  echo "usage: $0 WORKSPACE_SRC SCRATCH_DIR" >&2
  echo "       $0 --in-place SCRATCH_DIR" >&2
  exit 2
}
die() { echo "prepare-scratch: $*" >&2; exit 1; }

[ $# -eq 2 ] || usage
here=$(cd "$(dirname "$0")" && pwd)
[ -f "$here/cargo-config.toml" ] || die "$here/cargo-config.toml is missing"
cargo=${CARGO:-}
if [ -z "$cargo" ]; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then cargo=$HOME/.cargo/bin/cargo
  elif command -v cargo >/dev/null 2>&1; then cargo=$(command -v cargo)
  else die "no cargo found (set CARGO)"
  fi
fi

# A marker tells our own scratch copies from folders this script must not empty.
marker=.flakeoff-scratch
if [ "$1" = --in-place ]; then
  scratch=$(realpath -m "$2")
  [ -f "$scratch/Cargo.toml" ] || die "$scratch has no Cargo.toml"
else
  [ -f "$1/Cargo.toml" ] || die "$1 has no Cargo.toml"
  src=$(realpath "$1")
  scratch=$(realpath -m "$2")
  case "$scratch/" in "$src"/*) die "$scratch lies inside $src";; esac
  case "$src/" in "$scratch"/*) die "$src lies inside $scratch";; esac
  if [ -e "$scratch" ]; then
    [ -d "$scratch" ] || die "$scratch exists and is not a folder"
    if [ -n "$(ls -A "$scratch")" ] && [ ! -e "$scratch/$marker" ]; then
      die "$scratch is not empty and was not made by this script; refusing to overwrite it (--in-place prepares an existing copy)"
    fi
  fi
  mkdir -p "$scratch"
  # Empty the copy but keep cargo's target/ (a later plain cargo build then stays incremental).
  find "$scratch" -mindepth 1 -maxdepth 1 ! -name target ! -name "$marker" -exec rm -rf {} +
  touch "$scratch/$marker"
  # The workspace without junk; tar keeps the source's file modes and times. Its own lock, if
  # any, is left behind: only a lock made from Debian's sources resolves offline.
  (cd "$src" && tar -cf - --exclude=./target --exclude=.git --exclude=./Cargo.lock --exclude="./result*" .) \
    | (cd "$scratch" && tar -xf -)
fi

mkdir -p "$scratch/.cargo"
cp "$here/cargo-config.toml" "$scratch/.cargo/config.toml"
rm -rf "$scratch/.cargo/shims"
cp -R "$here/shims" "$scratch/.cargo/shims"

# Never valid online: Debian's checksums are not crates.io's (see README.md).
rm -f "$scratch/Cargo.lock"
(cd "$scratch" && "$cargo" generate-lockfile --offline --quiet) \
  || die "cargo generate-lockfile --offline failed in $scratch (are the librust-*-dev packages installed?)"
grep -q '^version = 3$' "$scratch/Cargo.lock" \
  || echo "prepare-scratch: warning: Cargo.lock is not format v3; Debian's cargo 1.65 (wasm32 builds) cannot read it" >&2
echo "prepare-scratch: $scratch ready ($(grep -c '^name = ' "$scratch/Cargo.lock") locked packages)"
