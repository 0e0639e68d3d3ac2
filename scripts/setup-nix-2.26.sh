#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Provides Nix 2.26 beside the system's Nix 2.8, for testing Flakeoff against today's Nix
# (docs: ../README.md "Nix 2.26 beside the system's Nix"). Debian 12 only has nix-bin 2.8; Debian
# trixie's archive, on the same mirror apt uses, has 2.26.3. This script
#   1. debootstraps a minimal trixie root with nix-bin into $prefix/root (once; ~2 min, ~400 MB),
#   2. creates this store's own build users (scripts/nix-build-users.sh): group $FLAKEOFF_NIX226_GROUP,
#      by default nix226bld for /opt/flakeoff/nix-2.26 and nix226<6 hex digits of the prefix>bld
#      for any other prefix, never the system Nix's nixbld, so both build at once,
#   3. writes wrappers $prefix/bin/{nix,nix-build,nix-store,nix-instantiate,…} that run trixie's
#      nix through trixie's own dynamic loader (so builders still use the host's tools) inside a
#      private mount namespace whose /nix is $prefix/store: 2.26 never touches 2.8's /nix, whose
#      database it might upgrade; they name the build users' group,
#   4. checks that `nix --version` says 2.26 and that a tiny build works in that store.
# Use it by putting $prefix/bin first on PATH (or in the app's Settings › nix), or run a whole
# program with its view of /nix: $prefix/with-nix-2.26 COMMAND… (see the README).
# Idempotent: an existing root is kept (FLAKEOFF_NIX226_REBUILD=1 makes it again); wrappers are
# rewritten. Called by scripts/setup.sh with --with-nix-2.26 or FLAKEOFF_NIX226=1.
set -euo pipefail

say() { printf '\033[1m[setup nix-2.26]\033[0m %s\n' "$*"; }
die() { say "error: $*" >&2; exit 1; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
prefix=${FLAKEOFF_NIX226_PREFIX:-/opt/flakeoff/nix-2.26}
root=$prefix/root
store=$prefix/store
bindir=$prefix/bin
started=$SECONDS
if [ -n "${FLAKEOFF_NIX226_GROUP:-}" ]; then
  group=$FLAKEOFF_NIX226_GROUP
elif [ "$prefix" = /opt/flakeoff/nix-2.26 ]; then
  group=nix226bld
else
  group=nix226$(printf '%s' "$prefix" | sha256sum | cut -c1-6)bld
fi

[ "$(id -u)" = 0 ] || die "run as root (debootstrap and the mount namespace need it)"
[ "$(uname -m)" = x86_64 ] || die "only x86_64 is handled (the loader's name is fixed below)"

# The Debian mirror apt already uses (deb822 .sources first, then one-line sources.list).
debian_mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -e "$f" ] || continue
    # A stanza's URIs whose Suites are Debian's own (not -security, which has no nix-bin).
    awk '/^URIs:/ { uris = $2 } /^Suites:/ { for (i = 2; i <= NF; i++) if ($i !~ /-security$/) ok = 1 }
         /^$/ { if (ok && uris ~ /debian\/?$/) { print uris; exit } uris = ""; ok = 0 }
         END { if (ok && uris ~ /debian\/?$/) print uris }' "$f" | head -1
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -e "$f" ] || continue
    awk '$1 == "deb" && $2 ~ /debian\/?$/ { print $2; exit }' "$f"
  done
}

apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  say "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    -o DPkg::Lock::Timeout=300 "${missing[@]}" ||
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
      --no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}"; }
}

# bubblewrap gives the private /nix; debootstrap makes the root.
apt_install debootstrap bubblewrap

if [ "${FLAKEOFF_NIX226_REBUILD:-0}" = 1 ] && [ -d "$root" ]; then
  say "removing the old root $root"
  rm -rf "$root"
fi
if [ ! -x "$root/usr/bin/nix" ]; then
  mirror=$(debian_mirror | head -1)
  [ -n "$mirror" ] || die "no Debian mirror found in /etc/apt/sources.list*"
  say "debootstrap trixie from $mirror into $root (about 2 minutes, 400 MB)"
  rm -rf "$root"
  mkdir -p "$root"
  # libdbi-perl: without it nix-bin stays unconfigured (debootstrap does not resolve the virtual
  # package perl-dbdabi-94 that nix-bin's Perl bindings depend on).
  debootstrap --variant=minbase --include=nix-bin,libdbi-perl,ca-certificates trixie "$root" "$mirror"
else
  say "trixie root already in $root"
fi
[ -x "$root/usr/bin/nix" ] || die "$root/usr/bin/nix missing after debootstrap"

lib=$root/usr/lib/x86_64-linux-gnu
loader=$lib/ld-linux-x86-64.so.2
[ -x "$loader" ] || die "no dynamic loader at $loader"
mkdir -p "$store" "$bindir"
. "$here/scripts/nix-build-users.sh"
flakeoff_build_users "$group"
say "build users: group $group ($(getent group "$group" | cut -d: -f4 | tr ',' ' ' | wc -w) users; the system's Nix keeps nixbld)"

# One wrapper, linked under every tool name Flakeoff (and a user) calls; the name picks the tool,
# as Nix's own multi-call binary does with argv[0].
cat >"$bindir/nix-2.26-run" <<WRAPPER
#!/bin/sh
# SPDX-License-Identifier: MIT
# Written by Flakeoff's scripts/setup-nix-2.26.sh: runs Debian trixie's Nix 2.26 through trixie's
# own loader (builders keep the host's tools) in a private mount namespace whose /nix is
# $store, never the host's /nix (Nix 2.8's store and database stay untouched).
tool=\$(basename "\$0")
[ "\$tool" = nix-2.26-run ] && { tool=\$1; shift; }
# Nix 2.26 takes its own executable as the build hook (here: the loader), and a build-hook line
# in nix.conf is overridden; only NIX_CONFIG wins. It builds as its own build users, never as
# another Nix's (a Nix kills what its build users run before it builds). The user's NIX_CONFIG
# lines come after.
NIX_CONFIG="build-hook = $loader --library-path $lib $root/usr/bin/nix __build-remote
build-users-group = $group\${NIX_CONFIG:+
\$NIX_CONFIG}"
export NIX_CONFIG
exec bwrap --dev-bind / / --bind $store /nix -- \\
    $loader --argv0 "\$tool" --library-path $lib $root/usr/bin/\$tool "\$@"
WRAPPER
chmod 755 "$bindir/nix-2.26-run"
for tool in nix nix-build nix-store nix-instantiate nix-env nix-shell nix-collect-garbage nix-hash \
  nix-prefetch-url nix-channel nix-daemon; do
  [ -e "$root/usr/bin/$tool" ] || continue
  ln -sfn nix-2.26-run "$bindir/$tool"
done
say "wrappers in $bindir: $(cd "$bindir" && ls | grep -v nix-2.26-run | tr '\n' ' ')"

# A whole program (Flakeoff's runner, a test) in the same view of /nix: a program that checks
# store paths on disk would otherwise see the host's store, not the one Nix 2.26 builds into.
cat >"$prefix/with-nix-2.26" <<RUNNER
#!/bin/sh
# SPDX-License-Identifier: MIT
# Written by Flakeoff's scripts/setup-nix-2.26.sh: runs COMMAND with Nix 2.26's tools first on PATH
# in a mount namespace whose /nix is Nix 2.26's store ($store).
[ \$# -gt 0 ] || { echo "usage: with-nix-2.26 COMMAND [ARGS…]" >&2; exit 2; }
PATH=$bindir:\$PATH exec bwrap --dev-bind / / --bind $store /nix -- "\$@"
RUNNER
chmod 755 "$prefix/with-nix-2.26"

# Check: the version, and a build in the private store (the user's Nix configuration plus what
# Flakeoff adds for offline builds with host tools).
. "$here/scripts/nix-config.sh"
version=$("$bindir/nix" --version)
case "$version" in
  *" 2.26."*) say "nix --version: $version" ;;
  *) die "expected Nix 2.26, got: $version" ;;
esac
out=$("$bindir/nix" build -f "$here/tests/data/nix/scenarios.nix" chain --argstr nonce "setup-$(date +%s)" \
  --no-link --print-out-paths 2>&1) || die "test build failed: $out"
path=$(printf '%s\n' "$out" | tail -1)
"$bindir/nix-store" --check-validity "$path" || die "$path is not valid in the 2.26 store"
[ -e "$store${path#/nix}" ] || die "$path was not written into $store"
say "test build ok: $path (in $store, not the host's /nix)"
inside=$("$prefix/with-nix-2.26" sh -c "test -e '$path' && nix --version") || die "with-nix-2.26 does not see $path"
say "with-nix-2.26: $inside, and $path on disk"
say "done in $((SECONDS - started)) s; use it with PATH=$bindir:\$PATH, or run a whole program in its store view: $prefix/with-nix-2.26 COMMAND…"
