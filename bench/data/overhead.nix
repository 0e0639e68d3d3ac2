# SPDX-License-Identifier: MIT
# The build the overhead benchmark times, offline (no nixpkgs): 20 bursts of `lines / 20` log lines,
# each followed by `work` iterations of a busy shell loop, the way a compiler alternates between
# printing and computing. `nonce` keeps its hash apart from every other run of the benchmark.
{ nonce ? "bench", lines ? 20000, work ? 100000 }:
builtins.derivation {
  name = "flakeoff-overhead-bench";
  inherit nonce;
  system = builtins.currentSystem;
  builder = "/bin/sh";
  PATH = "/usr/bin:/bin";
  args = [ "-e" "-c" ''
    echo '@nix {"action":"setPhase","phase":"buildPhase"}' >&2
    burst=0
    while [ $burst -lt 20 ]; do
      i=0
      while [ $i -lt ${toString (lines / 20)} ]; do
        echo "   Compiling unit-$burst-$i v0.1.0 (/build/source/crates/unit-$i)"
        i=$((i+1))
      done
      i=0
      while [ $i -lt ${toString work} ]; do i=$((i+1)); done
      burst=$((burst+1))
    done
    mkdir $out
  '' ];
}
