#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Flakeoff set-up for a fresh Debian 12 machine: installs build, test and runtime packages from
# Debian, and writes Flakeoff's own Nix configuration (never touches /etc/nix or ~/.config/nix).
# Idempotent: re-running only installs what is missing and rewrites Flakeoff's own config.
# --with-nix-2.26 (or FLAKEOFF_NIX226=1) also provides Nix 2.26 beside the system's Nix 2.8, for
# testing against today's Nix (scripts/setup-nix-2.26.sh; about 3 minutes and 400 MB the first time).
set -euo pipefail

with_nix226=${FLAKEOFF_NIX226:-0}
for arg in "$@"; do
  case $arg in
    --with-nix-2.26) with_nix226=1 ;;
    *) echo "setup.sh: unknown option $arg (known: --with-nix-2.26)" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state_dir=${FLAKEOFF_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}/flakeoff}

packages=(
  # build
  build-essential cmake ninja-build pkg-config git clang-format
  # Qt 6 (Charts needs libqt6opengl6-dev to be found by CMake), JSON, logging
  qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev qt6-charts-dev qt6-svg-dev
  libxkbcommon-dev libgl1-mesa-dev nlohmann-json3-dev libspdlog-dev
  # GUI tests and screenshots, PDF checks, fonts (without one, text renders as boxes)
  xvfb xauth xdotool imagemagick poppler-utils fonts-dejavu-core
  # fuzzing (libFuzzer + sanitizers from clang), benchmarks
  clang libclang-rt-14-dev hyperfine
  # real Nix, single-user, offline
  nix-bin
  # Rust crate sources for offline builds of the sample workspace
  librust-serde-dev librust-serde-derive-dev librust-serde-json-dev librust-reqwest-dev
  librust-tokio-dev librust-wasm-bindgen-dev librust-js-sys-dev libssl-dev
  # wasm32 toolchain available offline (Debian's rustc + std for wasm32)
  rustc cargo libstd-rust-dev-wasm32
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  say "installing ${#missing[@]} Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt_opts=(-y -q --no-install-recommends -o DPkg::Lock::Timeout=300)
  if ! apt-get install "${apt_opts[@]}" "${missing[@]}"; then
    say "install failed; refreshing package lists and retrying"
    apt-get update -q
    apt-get install "${apt_opts[@]}" "${missing[@]}"
  fi
else
  say "all ${#packages[@]} Debian packages already installed"
fi

# Flakeoff's own Nix configuration: a directory Flakeoff owns, selected with NIX_CONF_DIR by the
# runner and the tests. Single-user, no build group, no substituters (offline), flakes on.
nix_conf_dir="$state_dir/nix"
mkdir -p "$nix_conf_dir" "$state_dir/cache"
printf '{"flakes":[],"version":2}\n' >"$nix_conf_dir/registry.json"
cat >"$nix_conf_dir/nix.conf" <<CONF
# Written by Flakeoff's scripts/setup.sh; used only when NIX_CONF_DIR points here.
build-users-group =
sandbox = false
substituters =
experimental-features = nix-command flakes
flake-registry = $nix_conf_dir/registry.json
CONF
say "wrote Flakeoff's Nix configuration to $nix_conf_dir/nix.conf"

if command -v nix >/dev/null; then
  say "nix: $(NIX_CONF_DIR=$nix_conf_dir XDG_CACHE_HOME=$state_dir/cache nix --version)"
fi
if [ -x /root/.cargo/bin/cargo ] || command -v cargo >/dev/null; then
  say "cargo: $( (/root/.cargo/bin/cargo --version 2>/dev/null || cargo --version) | head -1)"
fi
if [ "$with_nix226" = 1 ]; then
  bash "$here/scripts/setup-nix-2.26.sh"
fi
say "done (project at $here, state in $state_dir)"
