#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Sets up a fresh Debian 12 machine (scripts/setup.sh), builds Flakeoff with the `dev` preset and
# runs, each pass timed:
#   1. every test (unit, live against real nix, GUI offscreen) with the system's Nix 2.8, as root
#      in the default store (build users `nixbld`, sandbox on), the runner through a real remote
#      builder included (tst_remotebuilder: sshd on 127.0.0.1:2222 serving a second Nix 2.26
#      store, scripts/remote-builder-2.26.sh);
#   2. the live suites again under today's Nix, 2.26 (Debian trixie's, beside the system's 2.8), as
#      the unprivileged user flakeoff-client through Nix 2.26's daemon (its own store and build
#      users, sandbox on; every build, store question and deletion goes through the daemon), then
#      Flakeoff's CLI the same way, picking its Nix with --nix (scripts/test-nix-daemon.sh --suites);
#   3. the suites under AddressSanitizer + UBSan (`asan` preset).
# Options: --no-asan, --no-setup, --no-nix-2.26 (no 2.26 pass, no remote builder),
# --no-remote-builder, --with-own-store-2.26 (also the live suites under Nix 2.26 as root in its
# own store, without a daemon: about 8 minutes more, left out of the default to keep CI under 45
# minutes).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
asan=1 setup=1 nix226=1 ownstore=0 remote=${FLAKEOFF_REMOTE_BUILDER_TEST:-1}
for a in "$@"; do
  case $a in
    --no-asan) asan=0 ;;
    --no-setup) setup=0 ;;
    --no-nix-2.26) nix226=0 remote=0 ;;
    --no-remote-builder) remote=0 ;;
    --with-own-store-2.26) ownstore=1 ;;
    *) echo "usage: scripts/test.sh [--no-asan] [--no-setup] [--no-nix-2.26] [--no-remote-builder] [--with-own-store-2.26]" >&2; exit 2 ;;
  esac
done
say() { printf '\033[1m[test]\033[0m %s\n' "$*"; }
if ((setup)); then
  if ((remote)); then bash scripts/setup.sh --with-remote-builder
  elif ((nix226)); then bash scripts/setup.sh --with-nix-2.26
  else bash scripts/setup.sh; fi
fi
# The remote builder's test runs in the dev pass (it brings its own Nix 2.26 stores and needs
# root), never in the 2.26 passes nor under the sanitizers.
no_remote=()
((remote)) || no_remote=(-E tst_remotebuilder)
with_nix226=${FLAKEOFF_NIX226_PREFIX:-/opt/flakeoff/nix-2.26}/with-nix-2.26
export PATH="/root/.cargo/bin:$PATH"
export FLAKEOFF_REQUIRE_NIX=1   # live tests fail, not skip, when nix is missing
export QT_QPA_PLATFORM=offscreen
jobs=$(nproc)

say "checking the format (scripts/check-format.sh)"
bash scripts/check-format.sh
say "building (dev preset)"
cmake --preset dev >/dev/null
cmake --build --preset dev -j "$jobs"
# The real tools' live tests (tst_realtools) build offline from the tools' pinned sources: import
# them when they are at hand, and then a skip of those tests is a failure.
bash scripts/import-inputs.sh build/dev/src/cli/flakeoff-cli
if compgen -G "${FLAKEOFF_INPUTS:-$here/../shared/inputs}/*.tar.gz" >/dev/null; then
  export FLAKEOFF_REQUIRE_REAL_TOOLS=1
fi
pass_times=()
took() { pass_times+=("$1 $((SECONDS - $2)) s"); say "$1 took $((SECONDS - $2)) s"; }
say "running all tests (dev, the system's $(nix --version))"
t=$SECONDS
ctest --preset dev -j "$jobs" "${no_remote[@]}"
took "dev pass (Nix 2.8)" "$t"
if ((nix226)); then
  say "the live tests again as an unprivileged user through Nix 2.26's daemon (build users, sandbox on), then the CLI"
  t=$SECONDS
  # tst_platformdeps asks how each tool resolves platform conditions, which no Nix version
  # changes: the dev pass runs it (CI stays under 45 minutes).
  bash scripts/test-nix-daemon.sh --suites -j "$jobs" -E 'tst_remotebuilder|tst_platformdeps' --
  took "live pass (Nix 2.26's daemon, unprivileged)" "$t"
fi
if ((nix226 && ownstore)); then
  # The same live suites as root in the mount namespace whose /nix is Nix 2.26's own store, so the
  # tests' checks see the store that Nix builds into.
  [ -x "$with_nix226" ] || { echo "test.sh: $with_nix226 missing: run scripts/setup.sh --with-nix-2.26" >&2; exit 1; }
  say "running the live tests again under $("$with_nix226" nix --version) (its own store, as root)"
  t=$SECONDS
  "$with_nix226" ctest --preset dev -L live -j "$jobs" -E tst_remotebuilder
  took "live pass (Nix 2.26, own store)" "$t"
fi

if ((asan)); then
  say "building (asan preset: AddressSanitizer + UBSan)"
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j "$jobs"
  # The model builds and the real tools spend their time in cargo and Nix, not in Flakeoff's
  # code (tst_runner and tst_livenix drive the same code paths under the sanitizers); they run in
  # the dev pass.
  say "running the tests under the sanitizers (asan)"
  t=$SECONDS
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    LSAN_OPTIONS=suppressions="$here/tests/lsan.supp" ctest --preset asan -j "$jobs" \
    -E 'tst_percrate|tst_offlinemodels|tst_realtools|tst_rootandpatch|tst_remotebuilder|tst_separatelayout|tst_platformdeps'
  took "asan pass" "$t"
fi
say "all tests passed ($(IFS=';'; printf '%s' "${pass_times[*]}" | sed 's/;/; /g'))"
