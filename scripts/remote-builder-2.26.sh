#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A real remote builder on this machine, for checking Flakeoff against Nix's own distribution
# (`--builders`; docs: ../README.md "Remote builders"). Two Nix 2.26 stores, each with its own /nix
# (scripts/setup-nix-2.26.sh's wrappers, two prefixes under $base):
#   $base/builder  the "remote" machine's store; sshd on 127.0.0.1:$port runs its
#                  `nix-daemon --stdio` (what ssh-ng:// asks for) as a forced command,
#   $base/local    the local store the user's `nix build` runs in; $base/machines names the
#                  builder, so `--builders @$base/machines --max-jobs 0` makes every build go remote.
# The ssh keys (host and client) are made here and used only here: root's ~/.ssh is not touched.
# Usage: remote-builder-2.26.sh start|stop|status. Idempotent: start keeps what exists and starts
# sshd only when it is not running; stop ends the sshd this script started (its pid file).
set -euo pipefail

say() { printf '\033[1m[remote-builder]\033[0m %s\n' "$*"; }
die() { say "error: $*" >&2; exit 1; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
base=${FLAKEOFF_REMOTE_PREFIX:-/opt/flakeoff/nix-2.26-remote}
port=${FLAKEOFF_REMOTE_PORT:-2222}
root_source=${FLAKEOFF_NIX226_ROOT:-/opt/flakeoff/nix-2.26/root}
sshdir=$base/ssh
pidfile=$sshdir/sshd.pid

sshd_running() { [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

# A Nix 2.26 prefix of its own: the trixie root copied from an existing one (skips debootstrap),
# then setup-nix-2.26.sh writes the wrappers and checks a build in that prefix's store. Each
# prefix builds as build users of its own (group $2), not as another Nix's.
make_prefix() {
  local prefix=$1 group=$2
  if [ ! -x "$prefix/root/usr/bin/nix" ] && [ -x "$root_source/usr/bin/nix" ]; then
    say "copying the trixie root $root_source to $prefix/root"
    mkdir -p "$prefix"
    cp -a "$root_source" "$prefix/root"
  fi
  if [ ! -x "$prefix/bin/nix" ] || ! grep -qsF "build-users-group = $group" "$prefix/bin/nix-2.26-run"; then
    say "setting up Nix 2.26 in $prefix (its own store: $prefix/store, build users: group $group)"
    FLAKEOFF_NIX226_PREFIX=$prefix FLAKEOFF_NIX226_GROUP=$group bash "$here/scripts/setup-nix-2.26.sh"
  else
    say "Nix 2.26 already in $prefix"
  fi
}

start() {
  [ "$(id -u)" = 0 ] || die "run as root (sshd, the mount namespaces)"
  [ -x /usr/sbin/sshd ] || {
    say "installing openssh-server (sshd is started below by hand, not by systemd)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      -o DPkg::Lock::Timeout=300 openssh-server openssh-client
  }
  make_prefix "$base/builder" nix226rbbld
  make_prefix "$base/local" nix226rlbld

  mkdir -p "$sshdir"
  chmod 700 "$sshdir"
  [ -s "$sshdir/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C flakeoff-remote-host -f "$sshdir/host_ed25519"
  [ -s "$sshdir/client_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C flakeoff-remote-client -f "$sshdir/client_ed25519"

  # The builder's own nix.conf, as a builder machine has it: Nix's defaults (build users, the
  # sandbox), no substituters, and as its sandbox paths the host folders the layout models and
  # offline stand-ins build with. A client's settings do not travel over ssh-ng://, so these are
  # the builder's: the lines Flakeoff adds to its own builds (scripts/nix-config.sh).
  mkdir -p "$base/builder/etc"
  (
    NIX_CONFIG=
    . "$here/scripts/nix-config.sh"
    echo "# Written by Flakeoff's scripts/remote-builder-2.26.sh: the remote builder's configuration."
    printf '%s\n' "$NIX_CONFIG"
  ) >"$base/builder/etc/nix.conf"

  # The builder's side: the builder store's `nix-store --serve` when the client asks for it
  # (ssh://), else its `nix-daemon --stdio` (ssh-ng://); with the builder's nix.conf above.
  cat >"$sshdir/builder-daemon" <<EOF
#!/bin/sh
# SPDX-License-Identifier: MIT
# Written by Flakeoff's scripts/remote-builder-2.26.sh: sshd's forced command for the remote
# builder; serves the store $base/builder/store over stdin/stdout.
export NIX_CONF_DIR=$base/builder/etc XDG_CACHE_HOME=$base/builder/cache
case "\$SSH_ORIGINAL_COMMAND" in
  "nix-store --serve"*) exec $base/builder/bin/nix-store --serve --write ;;
  *) exec $base/builder/bin/nix-daemon --stdio ;;
esac
EOF
  chmod 755 "$sshdir/builder-daemon"
  printf 'command="%s",restrict %s\n' "$sshdir/builder-daemon" "$(cat "$sshdir/client_ed25519.pub")" \
    >"$sshdir/authorized_keys"
  chmod 600 "$sshdir/authorized_keys"

  cat >"$sshdir/sshd_config" <<EOF
# Written by Flakeoff's scripts/remote-builder-2.26.sh: the remote builder's sshd, loopback only.
Port $port
ListenAddress 127.0.0.1
HostKey $sshdir/host_ed25519
AuthorizedKeysFile $sshdir/authorized_keys
PermitRootLogin forced-commands-only
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PidFile $pidfile
LogLevel INFO
EOF

  # The machines file: URI, system, ssh key, max jobs, speed factor, features, mandatory
  # features, the host's public key (base64), so no known_hosts entry is needed.
  local hostkey
  hostkey=$(base64 -w0 <"$sshdir/host_ed25519.pub")
  # Nix 2.26's ssh URIs take no port: it comes from NIX_SSHOPTS (with-remote-builder sets it), and
  # HostKeyAlias makes ssh check the key under "localhost", the name Nix writes it with.
  printf 'ssh-ng://root@localhost x86_64-linux %s 1 1 - - %s\n' "$sshdir/client_ed25519" "$hostkey" \
    >"$base/machines"
  cat >"$base/with-remote-builder" <<EOF
#!/bin/sh
# SPDX-License-Identifier: MIT
# Written by Flakeoff's scripts/remote-builder-2.26.sh: runs COMMAND in the local Nix 2.26 store's
# view of /nix ($base/local/store) with ssh pointed at the builder's sshd (port $port), so
# "--builders @$base/machines --max-jobs 0" builds on the builder.
[ \$# -gt 0 ] || { echo "usage: with-remote-builder COMMAND [ARGS…]" >&2; exit 2; }
NIX_SSHOPTS="-p $port -o HostKeyAlias=localhost\${NIX_SSHOPTS:+ \$NIX_SSHOPTS}" XDG_CACHE_HOME=$base/local/cache \\
  exec $base/local/with-nix-2.26 "\$@"
EOF
  chmod 755 "$base/with-remote-builder"

  if sshd_running; then
    say "sshd already running (pid $(cat "$pidfile")) on 127.0.0.1:$port"
  else
    mkdir -p /run/sshd # its privilege-separation directory
    /usr/sbin/sshd -t -f "$sshdir/sshd_config" || die "sshd rejects $sshdir/sshd_config"
    /usr/sbin/sshd -f "$sshdir/sshd_config" -E "$sshdir/sshd.log"
    sleep 0.5
    sshd_running || die "sshd did not start; see $sshdir/sshd.log"
    say "sshd started (pid $(cat "$pidfile")) on 127.0.0.1:$port, log $sshdir/sshd.log"
  fi

  # Check: the builder answers as a store (nix store info opens ssh-ng:// and asks its version);
  # the client with the lines Flakeoff adds to the user's configuration (nix-command).
  . "$here/scripts/nix-config.sh"
  local info
  info=$("$base/with-remote-builder" nix store info --store "ssh-ng://root@localhost?ssh-key=$sshdir/client_ed25519&base64-ssh-public-host-key=$hostkey" 2>&1) ||
    die "the builder does not answer over ssh-ng://: $info"
  say "builder answers: $(printf '%s' "$info" | tr '\n' ' ')"
  say "ready: run Nix 2.26 in the local store with every build on the builder:"
  say "  $base/with-remote-builder nix build --builders @$base/machines --max-jobs 0 --option builders-use-substitutes false …"
  say "  (the builder's store is $base/builder/store, the local one $base/local/store)"
}

stop() {
  if sshd_running; then
    local pid
    pid=$(cat "$pidfile")
    kill "$pid"
    say "stopped sshd (pid $pid)"
  else
    say "sshd not running"
  fi
  rm -f "$pidfile"
}

status() {
  if sshd_running; then say "sshd running (pid $(cat "$pidfile")) on 127.0.0.1:$port"; else say "sshd not running"; fi
  [ -s "$base/machines" ] && say "machines: $(cut -c1-80 "$base/machines")…"
  return 0
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
