#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Flakeoff set-up for a fresh Debian 12 machine: installs build, test and runtime packages from
# Debian, and Nix's build users when there are none (never touches /etc/nix or ~/.config/nix).
# Idempotent: re-running only installs what is missing.
# --with-nix-2.26 (or FLAKEOFF_NIX226=1) also provides Nix 2.26 beside the system's Nix 2.8, for
# testing against today's Nix (scripts/setup-nix-2.26.sh; about 3 minutes and 400 MB the first time).
# --with-remote-builder (or FLAKEOFF_REMOTE_BUILDER=1) also installs what a real remote builder on
# this machine needs (openssh-server and -client; Nix 2.26 as above), for the runner's test through
# one (scripts/remote-builder-2.26.sh starts its own sshd on 127.0.0.1:2222 when the test runs).
set -euo pipefail

with_nix226=${FLAKEOFF_NIX226:-0}
with_remote=${FLAKEOFF_REMOTE_BUILDER:-0}
for arg in "$@"; do
  case $arg in
    --with-nix-2.26) with_nix226=1 ;;
    --with-remote-builder) with_remote=1 with_nix226=1 ;;
    *) echo "setup.sh: unknown option $arg (known: --with-nix-2.26, --with-remote-builder)" >&2; exit 2 ;;
  esac
done
[ "$with_remote" = 1 ] && with_nix226=1

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
  # host tools the offline stand-ins hand to the real strategies (variants/standins/): crane's
  # and naersk's helpers, lndir (xutils-dev), patchelf's setup hook, remarshal's Python (tomllib)
  jq zstd rsync patchelf xutils-dev python3 xz-utils
)
# A remote builder on this machine: an sshd serving a second Nix store (ssh-ng://). The package's
# own sshd service is not needed (on a machine with systemd its installation starts one on port 22).
if [ "$with_remote" = 1 ]; then
  packages+=(openssh-server openssh-client)
fi

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

# Nix as the user configured it: Flakeoff runs every nix with the user's nix.conf, daemon and
# sandbox, and only appends what its commands need to NIX_CONFIG (src/core/nix/NixSettings: the
# experimental features; offline, no substituters; for builders with host tools, their folders as
# the sandbox's paths). It writes no nix.conf of its own and never touches /etc/nix or ~/.config/nix.
# Debian's nix-bin alone is not a working installation: Nix's default build-users-group is
# `nixbld` (as root), and without that group every build fails ("the group 'nixbld' specified in
# 'build-users-group' does not exist"). Create it with build users, as Nix's own multi-user
# installer does (and Debian's nix-setup-systemd); builds then run as those users, sandboxed.
. "$here/scripts/nix-build-users.sh"
if ! getent group nixbld >/dev/null; then
  say "creating the Nix build users: group nixbld and nixbld1..10 (Nix builds as them, in its sandbox)"
fi
flakeoff_build_users nixbld 10
say "Nix build users: group nixbld ($(getent group nixbld | cut -d: -f4 | tr ',' ' ' | wc -w) users; each Nix beside it has its own group)"
# Nix's sandbox needs mount and PID namespaces; without them (an unprivileged container) Nix
# falls back to building unsandboxed as the build users, who cannot read root's rustup (/root is
# private), so the layout models would fail: say so now rather than at the first build.
if ! unshare --mount --pid --fork true 2>/dev/null; then
  say "warning: this machine cannot create mount/PID namespaces, so Nix's sandbox falls back to off; builds as the nixbld users cannot use /root/.cargo (run as a privileged container or VM)"
fi
# Earlier versions wrote their own nix.conf into $state_dir/nix (used through NIX_CONF_DIR);
# Flakeoff no longer reads it. It is left for a program built from an older checkout.
[ -f "$state_dir/nix/nix.conf" ] && say "$state_dir/nix/nix.conf is no longer used (the user's Nix configuration is)"
mkdir -p "$state_dir"

if command -v nix >/dev/null; then
  say "nix: $(nix --version); $(NIX_CONFIG="${NIX_CONFIG:+$NIX_CONFIG
}extra-experimental-features = nix-command" nix show-config 2>/dev/null |
    grep -E '^(sandbox|build-users-group|substituters) =' | tr '\n' ';' | sed 's/;$//; s/;/; /g')"
fi
if [ -x /root/.cargo/bin/cargo ] || command -v cargo >/dev/null; then
  say "cargo: $( (/root/.cargo/bin/cargo --version 2>/dev/null || cargo --version) | head -1)"
fi
if [ "$with_nix226" = 1 ]; then
  bash "$here/scripts/setup-nix-2.26.sh"
fi
say "done (project at $here, state in $state_dir)"
