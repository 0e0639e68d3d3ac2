#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs a command as an unprivileged user of Nix 2.26's daemon (scripts/nix-daemon-2.26.sh, which
# must be running), as a user of a multi-user Nix has it: their own HOME and Flakeoff folder,
# nothing of root's, the daemon's store at /nix/store (read-only to them; Nix 2.26's client reads
# .drv files from disk), NIX_REMOTE naming the daemon's socket and the client tools first on PATH.
#
#   scripts/nix-daemon-client.sh [OPTIONS] [--] COMMAND [ARGS…]        (as root)
#     --home DIR       the user's files: HOME=DIR/home, FLAKEOFF_HOME=DIR/flakeoff, made and given
#                      to the user where missing, kept afterwards (default: a new folder in /tmp,
#                      removed afterwards)
#     --writable DIR   DIR (root's, e.g. a build tree's Testing/) is, for COMMAND, an empty folder
#                      of the user's under the home folder (repeatable)
#     --nix-off-path   the client tools not on PATH: COMMAND picks its Nix itself (flakeoff-cli --nix)
#
# The user also gets what a developer of their own would have: a copy of root's imported offline
# inputs and assembled stand-ins (the records name their folders: rewritten to the copy's), and
# rustup's toolchain (root's ~/.rustup and ~/.cargo/bin, read-only in the user's home; their
# ~/.cargo stays theirs). COMMAND starts in the current folder with only HOME, PATH, LANG,
# NIX_REMOTE and FLAKEOFF_HOME set: put `env NAME=VALUE…` before it for more.
# Environment: FLAKEOFF_NIXD_PREFIX (the daemon's, see nix-daemon-2.26.sh), FLAKEOFF_DAEMON_USER
# (default flakeoff-client, created if missing), FLAKEOFF_HOME (root's inputs to copy).
set -euo pipefail

say() { printf '\033[1m[daemon client]\033[0m %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export FLAKEOFF_NIXD_PREFIX=${FLAKEOFF_NIXD_PREFIX:-/opt/flakeoff/nix-2.26-daemon}
prefix=$FLAKEOFF_NIXD_PREFIX
user=${FLAKEOFF_DAEMON_USER:-flakeoff-client}
dir='' writable=() nix_on_path=1
while (($#)); do
  case $1 in
    --home) dir=$2; shift 2 ;;
    --writable) writable+=("$(realpath -m "$2")"); shift 2 ;;
    --nix-off-path) nix_on_path=0; shift ;;
    --) shift; break ;;
    -h|--help) sed -n '3,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    *) break ;;
  esac
done
(($#)) || die "no command given (see --help)"
[ "$(id -u)" = 0 ] || die "run as root (it runs COMMAND as $user in a mount namespace of its own)"
bash "$here/scripts/nix-daemon-2.26.sh" status 2>/dev/null || die "the daemon is not running: scripts/nix-daemon-2.26.sh start"
eval "$(bash "$here/scripts/nix-daemon-2.26.sh" env)" # NIX_REMOTE

getent passwd "$user" >/dev/null ||
  useradd --create-home --shell /usr/sbin/nologin --comment "Flakeoff daemon test client" "$user"
keep=1
if [ -z "$dir" ]; then
  dir=$(mktemp -d /tmp/flakeoff-daemon-client.XXXXXX)
  keep=0
fi
mkdir -p "$dir/home" "$dir/flakeoff"
chmod 755 "$dir"
chown "$user" "$dir" "$dir/home" "$dir/flakeoff"
home=$dir/home

# root's imported inputs and stand-ins, copied once (the records name their folders).
inputs_home=${FLAKEOFF_HOME:-$HOME/.local/share/flakeoff}
if [ -d "$inputs_home/standins" ] && [ -d "$inputs_home/inputs" ] && [ ! -d "$dir/flakeoff/inputs" ]; then
  cp -a "$inputs_home/inputs" "$inputs_home/standins" "$dir/flakeoff/"
  find "$dir/flakeoff" -maxdepth 2 -name '*.json' -exec sed -i "s#$inputs_home#$dir/flakeoff#g" {} +
  chown -R "$user" "$dir/flakeoff"
fi

binds=(--bind "$prefix/store" /nix)
# rustup's toolchain: the user's ~/.rustup and ~/.cargo/bin are root's, read-only.
path=/usr/local/bin:/usr/bin:/bin
if [ -d "$HOME/.rustup" ] && [ -d "$HOME/.cargo/bin" ]; then
  mkdir -p "$home/.rustup" "$home/.cargo/bin"
  chown "$user" "$home/.rustup" "$home/.cargo" "$home/.cargo/bin"
  binds+=(--ro-bind "$HOME/.rustup" "$home/.rustup" --ro-bind "$HOME/.cargo/bin" "$home/.cargo/bin")
  path=$home/.cargo/bin:$path
fi
((nix_on_path)) && path=$prefix/client-bin:$path
n=0
for w in "${writable[@]}"; do
  n=$((n + 1))
  mkdir -p "$w" "$dir/writable-$n"
  chown "$user" "$dir/writable-$n"
  binds+=(--bind "$dir/writable-$n" "$w")
done

cleanup() { if ((keep == 0)); then rm -rf "$dir"; fi; }
trap cleanup EXIT
say "as $user (uid $(id -u "$user")) through $NIX_REMOTE, files in $dir: $*"
bwrap --dev-bind / / "${binds[@]}" -- \
  runuser -u "$user" -- env -i HOME="$home" PATH="$path" LANG=C.UTF-8 \
  NIX_REMOTE="$NIX_REMOTE" FLAKEOFF_HOME="$dir/flakeoff" "$@"
