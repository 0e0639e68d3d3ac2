# SPDX-License-Identifier: MIT
# A pretend Rust workspace built one derivation per crate (no nixpkgs, no Rust needed): cargo-like
# output, stdenv-like phases, a slow crate and one crate that fails to compile. Used to record the
# GUI fixtures in this folder; `NONCE` changes every hash so each recording builds fresh.
let
  nonce = builtins.getEnv "NONCE";
  phase = p: ''echo '@nix {"action":"setPhase","phase":"${p}"}' >&2;'';
  crate = name: version: seconds: deps: builtins.derivation {
    name = "rust-${name}-${version}";
    inherit nonce deps;
    system = builtins.currentSystem;
    builder = "/bin/sh";
    PATH = "/usr/bin:/bin";
    args = [ "-e" "-c" ''
      ${phase "unpackPhase"} echo "unpacking source of ${name}-${version}"
      ${phase "configurePhase"} echo "configuring"; sleep 0.05
      ${phase "buildPhase"}
      printf '\033[1m\033[32m   Compiling\033[0m ${name} v${version}\n'
      i=0; while [ $i -lt 12 ]; do echo "  rustc --crate-name ${name} unit $i"; i=$((i+1)); done
      sleep ${seconds}
      printf '\033[1m\033[32m    Finished\033[0m release [optimized] target(s) in ${seconds}s\n'
      ${phase "installPhase"} mkdir -p $out/lib; echo "installed lib${name}.rlib"
    '' ];
  };
  itoa = crate "itoa" "1.0.9" "0.2" [ ];
  ryu = crate "ryu" "1.0.15" "0.3" [ ];
  serde = crate "serde" "1.0.188" "0.9" [ ];
  serde_json = crate "serde_json" "1.0.107" "0.6" [ itoa ryu serde ];
  tokio = crate "tokio" "1.32.0" "2.5" [ ];
  cats = crate "cats" "0.1.0" "0.4" [ serde serde_json ];
  wasm = builtins.derivation {
    name = "rust-wasm-0.1.0";
    inherit nonce;
    deps = [ serde ];
    system = builtins.currentSystem;
    builder = "/bin/sh";
    PATH = "/usr/bin:/bin";
    args = [ "-c" ''
      ${phase "unpackPhase"} echo "unpacking source of wasm-0.1.0"
      ${phase "buildPhase"}
      printf '\033[1m\033[32m   Compiling\033[0m wasm v0.1.0\n'
      sleep 0.4
      printf '\033[1m\033[31merror[E0308]\033[0m: mismatched types\n'
      echo '  --> wasm/src/lib.rs:12:5'
      echo '   |'
      echo '12 |     count'
      echo '   |     ^^^^^ expected `u32`, found `usize`'
      printf '\033[1m\033[31merror\033[0m: could not compile `wasm` (lib) due to previous error\n'
      exit 101
    '' ];
  };
  app = crate "app" "0.1.0" "0.3" [ cats tokio wasm ];
in
{
  inherit itoa ryu serde serde_json tokio cats wasm app;
  # Everything that builds: a clean run.
  good = [ cats tokio ];
}
