#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A real multi-user Nix for testing Flakeoff as a user's machine has it: Debian trixie's Nix 2.26
# `nix-daemon`, as root, with build users of its own (group nix226dbld, not the system Nix's
# nixbld: scripts/nix-build-users.sh), the sandbox on, and its OWN store — a
# private /nix bound from $prefix/store in the daemon's mount namespace, never the host's /nix nor
# /opt/flakeoff/nix-2.26's. Clients (any user) reach it through its socket:
#
#   scripts/nix-daemon-2.26.sh start      # prints the client's environment (eval "$(… env)")
#   scripts/nix-daemon-2.26.sh env        # NIX_REMOTE=unix://…/socket and PATH with the client tools
#   scripts/nix-daemon-2.26.sh status
#   scripts/nix-daemon-2.26.sh stop
#
# The daemon's nix.conf ($prefix/etc/nix.conf) is what a user's multi-user install has, plus the
# host folders the layout models and offline stand-ins build with (their builders call the host's
# sh, cargo and rustc): a daemon ignores a client's sandbox paths (a restricted setting), so they
# are the daemon's. With its default paths trixie's Nix puts /usr/bin/bash-static into the sandbox
# as /bin/sh (Debian's bash-static, installed here if missing); the host's /bin replaces that for
# these builders. No substituters (no network here).
# Environment: FLAKEOFF_NIXD_GROUP (its build users' group, default nix226dbld),
# FLAKEOFF_NIXD_PREFIX (default /opt/flakeoff/nix-2.26-daemon): root/ (trixie's Nix;
# copied from /opt/flakeoff/nix-2.26/root when that exists, else made by setup-nix-2.26.sh),
# store/, etc/, client-bin/, daemon.log, daemon.pid.
set -euo pipefail

say() { printf '\033[1m[nix-daemon-2.26]\033[0m %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
prefix=${FLAKEOFF_NIXD_PREFIX:-/opt/flakeoff/nix-2.26-daemon}
root=$prefix/root
store=$prefix/store
lib=$root/usr/lib/x86_64-linux-gnu
loader=$lib/ld-linux-x86-64.so.2
socket=$store/var/nix/daemon-socket/socket
pidfile=$prefix/daemon.pid
group=${FLAKEOFF_NIXD_GROUP:-nix226dbld}

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

client_env() {
  printf 'export NIX_REMOTE=unix://%s\nexport PATH=%s:$PATH\n' "$socket" "$prefix/client-bin"
}

# trixie's root with Nix 2.26: a copy of the shared one (cp -a, seconds) or a fresh debootstrap.
ensure_root() {
  [ -x "$root/usr/bin/nix-daemon" ] && return 0
  if [ -x /opt/flakeoff/nix-2.26/root/usr/bin/nix-daemon ]; then
    say "copying trixie's root from /opt/flakeoff/nix-2.26/root"
    mkdir -p "$prefix"
    cp -a /opt/flakeoff/nix-2.26/root "$root"
  else
    FLAKEOFF_NIX226_PREFIX=$prefix FLAKEOFF_NIX226_GROUP=$group bash "$here/scripts/setup-nix-2.26.sh"
  fi
}

sandbox_paths() {
  local p out=
  for p in /bin /usr /lib /lib64 /etc/alternatives /var/lib/dpkg /root/.cargo /root/.rustup; do
    [ -e "$p" ] && out="$out $p"
  done
  printf '%s' "${out# }"
}

write_config() {
  mkdir -p "$prefix/etc" "$store" "$prefix/client-bin"
  cat >"$prefix/etc/nix.conf" <<CONF
# Written by Flakeoff's scripts/nix-daemon-2.26.sh: a multi-user Nix as users have it.
build-users-group = $group
sandbox = true
# The host folders the layout models' and offline stand-ins' builders read (/bin/sh, /bin/bash,
# cargo, rustc; Debian's cc is a symlink through /etc/alternatives). They replace trixie's default /bin/sh=/usr/bin/bash-static: the host's /bin is a
# symlink to usr/bin, and Nix 2.26 cannot make /bin/sh inside it ("creating directory
# '…chroot/root/bin': No such file or directory"; /bin=/usr/bin: "Text file busy").
sandbox-paths = $(sandbox_paths)
substituters =
experimental-features = nix-command flakes
trusted-users = root
allowed-users = *
CONF
  # Client tools for any user: trixie's nix through its own loader, no private /nix (the daemon
  # owns the store; a client only talks to it through NIX_REMOTE).
  local tool
  cat >"$prefix/client-bin/nix-2.26-client" <<WRAPPER
#!/bin/sh
# SPDX-License-Identifier: MIT
# Written by Flakeoff's scripts/nix-daemon-2.26.sh: Nix 2.26's client tools for the daemon's store.
tool=\$(basename "\$0")
exec $loader --argv0 "\$tool" --library-path $lib $root/usr/bin/\$tool "\$@"
WRAPPER
  chmod 755 "$prefix/client-bin/nix-2.26-client"
  for tool in nix nix-build nix-store nix-instantiate nix-env nix-shell nix-collect-garbage nix-hash; do
    ln -sfn nix-2.26-client "$prefix/client-bin/$tool"
  done
  # Every user reaches the socket and the trixie root the client runs from.
  chmod 755 "$prefix" "$prefix/etc" "$prefix/client-bin"
}

start() {
  [ "$(id -u)" = 0 ] || die "run as root (the daemon builds as the $group users)"
  if [ ! -x /usr/bin/bash-static ]; then
    say "installing Debian's bash-static (trixie's Nix's default /bin/sh in the sandbox)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 bash-static >&2
  fi
  command -v bwrap >/dev/null || die "bubblewrap is missing: apt-get install bubblewrap"
  if running; then
    say "already running (pid $(cat "$pidfile"))"
    client_env
    return 0
  fi
  ensure_root
  # Build users as Nix's multi-user installer makes them, this daemon's own.
  . "$here/scripts/nix-build-users.sh"
  flakeoff_build_users "$group"
  write_config
  rm -f "$socket"
  # The daemon in a private mount namespace whose /nix is its own store; Nix 2.26 takes its own
  # executable (here: the loader) as the build hook unless NIX_CONFIG names it.
  NIX_CONF_DIR=$prefix/etc \
    NIX_CONFIG="build-hook = $loader --library-path $lib $root/usr/bin/nix __build-remote" \
    setsid bwrap --dev-bind / / --bind "$store" /nix -- \
    "$loader" --argv0 nix-daemon --library-path "$lib" "$root/usr/bin/nix-daemon" \
    </dev/null >"$prefix/daemon.log" 2>&1 &
  echo $! >"$pidfile"
  local i
  for i in $(seq 1 100); do
    [ -S "$socket" ] && break
    running || die "the daemon stopped: $(tail -5 "$prefix/daemon.log")"
    sleep 0.1
  done
  [ -S "$socket" ] || die "no socket at $socket after 10 s: $(tail -5 "$prefix/daemon.log")"
  chmod 755 "$store" "$store/var" "$store/var/nix" "$(dirname "$socket")"
  say "running (pid $(cat "$pidfile")), store $store, socket $socket"
  client_env
}

stop() {
  if running; then
    local pid
    pid=$(cat "$pidfile")
    # setsid made the daemon's process group: end it and its per-client children, nothing else.
    kill -- -"$pid" 2>/dev/null || kill "$pid"
    local i
    for i in $(seq 1 50); do running || break; sleep 0.1; done
    say "stopped (pid $pid)"
  else
    say "not running"
  fi
  rm -f "$pidfile"
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  env) client_env ;;
  status)
    if running; then say "running (pid $(cat "$pidfile")), socket $socket"; else say "not running"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
