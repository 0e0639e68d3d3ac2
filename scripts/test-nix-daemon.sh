#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Flakeoff on a user's multi-user Nix: Nix 2.26's daemon with build users and the sandbox on
# (scripts/nix-daemon-2.26.sh, its own store), and Flakeoff as an unprivileged user that reaches
# it only through the socket (NIX_REMOTE; scripts/nix-daemon-client.sh runs it as that user).
#   --suites [CTEST ARGS…]  first the live test suites as that user (`ctest --preset dev -L live`
#                           and the arguments given, up to a lone `--`), in this checkout's build
#                           tree, with the client tools first on PATH: every build, store question
#                           and deletion of theirs goes through the daemon
# Then the CLI, which picks its Nix with --nix (the client tools are not on PATH): the quick
# scenario (cold, no-op, an edit) of a layout model, twice on a workspace, and checks:
#   - every build succeeded, and the session names Nix 2.26, the daemon's store (not the default
#     one) and what Flakeoff added to the user's configuration;
#   - the second run's cold step built as much as the first: the outputs the first run left were
#     deleted through the daemon (by the unprivileged user), none kept.
#
#   scripts/test-nix-daemon.sh [--suites [CTEST ARGS…] --] [--strategy ID] [WORKSPACE]
#       (as root; default: monolithic on tests/data/workspaces/small-sample)
# A real tool (--strategy crane, …) builds with the offline inputs: the user gets a copy of root's
# imported inputs and assembled stand-ins ($FLAKEOFF_HOME, else ~/.local/share/flakeoff).
# Environment: FLAKEOFF_CLI, FLAKEOFF_NIXD_PREFIX (the daemon's, see nix-daemon-2.26.sh),
# FLAKEOFF_DAEMON_USER (default flakeoff-client, created if missing); FLAKEOFF_REQUIRE_NIX and
# FLAKEOFF_REQUIRE_REAL_TOOLS reach the suites. A daemon this script started is stopped at the
# end; one already running is left running.
set -euo pipefail

say() { printf '\033[1m[daemon test]\033[0m %s\n' "$*"; }
die() { say "FAILED: $*"; exit 1; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cli=${FLAKEOFF_CLI:-$here/build/dev/src/cli/flakeoff-cli}
export FLAKEOFF_NIXD_PREFIX=${FLAKEOFF_NIXD_PREFIX:-/opt/flakeoff/nix-2.26-daemon}
prefix=$FLAKEOFF_NIXD_PREFIX
user=${FLAKEOFF_DAEMON_USER:-flakeoff-client}
strategy=monolithic
workspace=$here/tests/data/workspaces/small-sample
suites=0 ctest_args=()
while (($#)); do
  case $1 in
    --suites)
      suites=1
      shift
      while (($#)) && [ "$1" != -- ]; do ctest_args+=("$1"); shift; done
      (($#)) && shift ;;
    --strategy) strategy=$2; shift 2 ;;
    -h|--help) sed -n '3,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    *) workspace=$(cd "$1" && pwd); shift ;;
  esac
done
[ "$(id -u)" = 0 ] || die "run as root (it starts the daemon and runs Flakeoff as $user)"
[ -x "$cli" ] || die "build flakeoff-cli first ($cli)"
command -v jq >/dev/null || die "jq is missing (scripts/setup.sh installs it)"

daemon=$here/scripts/nix-daemon-2.26.sh
started=0
bash "$daemon" status 2>/dev/null || started=1
eval "$(bash "$daemon" start)" # NIX_REMOTE and the client tools
cleanup() { if ((started)); then bash "$daemon" stop || true; fi; }
trap cleanup EXIT

work=$(mktemp -d /tmp/flakeoff-daemon-test.XXXXXX)
chmod 755 "$work"
client=$here/scripts/nix-daemon-client.sh

if ((suites)); then
  # In this checkout's build tree, whose Testing/ (CTest's logs) is the user's for the run.
  started_at=$SECONDS
  (cd "$here" && bash "$client" --home "$work/suites" --writable "$here/build/dev/Testing" -- \
    env QT_QPA_PLATFORM=offscreen FLAKEOFF_REQUIRE_NIX="${FLAKEOFF_REQUIRE_NIX:-0}" \
    FLAKEOFF_REQUIRE_REAL_TOOLS="${FLAKEOFF_REQUIRE_REAL_TOOLS:-0}" \
    ctest --preset dev -L live --output-on-failure "${ctest_args[@]}") ||
    die "the live suites failed through the daemon (the user's files are kept in $work/suites)"
  say "the live suites passed as $user through the daemon in $((SECONDS - started_at)) s"
fi

# The CLI: its own HOME and Flakeoff folder (a copy of root's inputs), the client tools only
# through --nix.
say "Flakeoff's CLI as $user through $NIX_REMOTE; files in $work"
as_user() { bash "$client" --home "$work" --nix-off-path -- "$@"; }

cold_built() { # session → the names of the derivations the cold step built, one a line, sorted
  jq -r '.measurements[] | select(.step == "cold" and .warmup == false) | .report.builds[]
         | select(.status == "built") | .name' "$1" | sort -u
}

for pass in 1 2; do
  session=$work/session-$pass.json
  started_at=$SECONDS
  as_user "$cli" run --nix "$prefix/client-bin" --workspace "$workspace" --strategies "$strategy" \
    --targets app --scenario quick --repeat 1 --out "$session" >"$work/run-$pass.out" 2>&1 ||
    { rc=$?; tail -30 "$work/run-$pass.out"; die "run $pass exited $rc (its files are kept in $work)"; }
  say "run $pass: $((SECONDS - started_at)) s"
  grep -E '^(nix \(Nix\)|added to Nix|session:)' "$work/run-$pass.out" | sed 's/^/    /'
  jq -e '.environment.nix_version | test("2\\.26")' "$session" >/dev/null || die "not Nix 2.26"
  jq -e --arg url "$NIX_REMOTE" '.environment.nix_store == {url: $url, default: false}' "$session" >/dev/null ||
    die "store: $(jq -c .environment.nix_store "$session")"
  jq -e '[.environment.nix_settings_added[].setting] | index("extra-experimental-features") != null' \
    "$session" >/dev/null || die "no added settings recorded"
  failed=$(jq '[.measurements[] | select(.outcome != "succeeded")] | length' "$session")
  [ "$failed" = 0 ] || die "$failed builds did not succeed: $(jq -c '[.measurements[] | .error]' "$session")"
  kept=$(jq '[.measurements[].notes[]? | select(test("^kept |could not delete"))] | length' "$session")
  [ "$kept" = 0 ] || die "outputs kept instead of deleted: $(jq -c '[.measurements[].notes[]?]' "$session")"
  cold_built "$session" >"$work/cold-$pass.txt"
  say "run $pass: cold step built $(jq '[.measurements[] | select(.step == "cold") | .report.builds[]
    | select(.status == "built")] | length' "$session") derivations, all $(jq '.measurements | length' "$session") builds succeeded"
done
# The second cold step rebuilt the target itself (its output, left by the first run, was deleted
# through the daemon) and nothing the first did not: helpers the first run built that are not
# the project's own (stand-in tools, hooks) are kept, as on any machine.
final=$(jq -r '[.measurements[] | select(.step == "cold")][0].output_paths[0] | sub("^/nix/store/[a-z0-9]+-"; "")' \
  "$work/session-2.json")
# (a path of a derivation's other output ends in that output's name: crate-app-0.1.0-bin)
grep -qxF "$final" "$work/cold-2.txt" || grep -qxF "${final%-*}" "$work/cold-2.txt" ||
  die "the second cold step did not rebuild $final: the first run's outputs were not deleted through the daemon"
extra=$(comm -13 "$work/cold-1.txt" "$work/cold-2.txt")
[ -z "$extra" ] || die "the second cold step built what the first did not: $extra"
say "the second cold step rebuilt $(wc -l <"$work/cold-2.txt") of the first's $(wc -l <"$work/cold-1.txt") derivations (the project's own), $final among them"
say "passed: $strategy built through the daemon as $user; the cold step's deletions went through it"
rm -rf "$work"
