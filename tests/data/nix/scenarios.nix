# SPDX-License-Identifier: MIT
# Small offline derivations (no nixpkgs) that exercise the log engine: a dependency chain, phases,
# noisy output with colour codes, a failure, parallel builds and a slow build. `nonce` changes
# every hash, so a live test always builds fresh instead of finding outputs in the store.
{ nonce ? "fixture" }:
let
  mk = name: script: extra: builtins.derivation ({
    inherit name nonce;
    system = builtins.currentSystem;
    builder = "/bin/sh";
    args = [ "-e" "-c" script ];
    PATH = "/usr/bin:/bin";
  } // extra);
  # A builder reports its phase to Nix this way; Nix turns it into a setPhase result.
  phase = p: ''echo '@nix {"action":"setPhase","phase":"${p}"}' >&2;'';

  chain1 = mk "chain-1" ''${phase "buildPhase"} echo "chain 1"; sleep 0.2; mkdir $out'' { };
  chain2 = mk "chain-2" ''${phase "buildPhase"} echo "chain 2 uses $dep"; sleep 0.2; mkdir $out'' { dep = chain1; };
  chain3 = mk "chain-3" ''${phase "buildPhase"} echo "chain 3 uses $dep"; sleep 0.2; mkdir $out'' { dep = chain2; };
in
{
  chain = chain3;

  noisy = mk "noisy" ''
    ${phase "unpackPhase"} echo "unpacking sources"
    ${phase "configurePhase"} i=0; while [ $i -lt 40 ]; do echo "checking for feature $i... yes"; i=$((i+1)); done
    ${phase "buildPhase"} i=0; while [ $i -lt 300 ]; do printf '\033[32m   Compiling\033[0m unit-%d v0.1.0\n' $i; i=$((i+1)); done
    echo 'a line with "quotes", a tab	and a backslash \'
    sleep 0.3
    ${phase "installPhase"} mkdir $out; echo "installed to $out"
  '' { };

  sleeper = mk "sleeper" ''${phase "buildPhase"} echo "sleeping one second"; sleep 1; mkdir $out'' { };

  failing = mk "failing" ''${phase "buildPhase"} echo "compiling"; echo "error: something went wrong" >&2; sleep 0.2; exit 2'' { };

  # For -j2: both run at once; their log lines interleave.
  left = mk "parallel-left" ''i=0; while [ $i -lt 10 ]; do echo "left $i"; sleep 0.05; i=$((i+1)); done; mkdir $out'' { };
  right = mk "parallel-right" ''i=0; while [ $i -lt 10 ]; do echo "right $i"; sleep 0.05; i=$((i+1)); done; mkdir $out'' { };

  # For --keep-going: the failure is reported long before the slow build ends.
  slow = mk "slow" ''echo "slow start"; sleep 1.2; echo "slow end"; mkdir $out'' { };
  quickfail = mk "quick-fail" ''echo "quick start"; sleep 0.2; echo "quick end"; exit 3'' { };

  # For substitution (scripts/record-fixtures.sh copies it into a local binary cache, deletes it
  # and builds it again): 4 MiB, so copying it back reports progress.
  payload = mk "payload" ''${phase "buildPhase"} echo "writing 4 MiB"; mkdir $out; head -c 4194304 /dev/urandom > $out/data'' { };

  # For cancellation: sleeps (a child process) until killed. Its command line names the nonce,
  # so a test finds it among the machine's processes whoever runs it (a build user, in the
  # sandbox; through a daemon, the daemon's child); the shell waits, so it stays.
  forever = mk "forever" ''echo "sleeping"; sleep 600; echo "flakeoff-forever ${nonce} woke up"'' { };
}
