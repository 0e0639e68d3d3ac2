# crane, separate layout: no workspace; app/ and wasm/ are Cargo projects of their own (each with
# its Cargo.lock) that depend on ../cats by path. Written as a user would first try it: each
# project is its own source, with its own deps-only and final derivation.
#
# EXPECTED TO FAIL, in the first derivation that runs cargo (app-deps / wasm-deps):
#   failed to get `cats` as a dependency ... failed to read `<build dir>/cats/Cargo.toml`
# Why: `src = cleanCargoSource ./app` copies only app/ into the store, so the sandbox has no
# ../cats. crane vendors only registry/git sources from Cargo.lock; a path dependency is expected
# inside the source tree. (A working variant would take the whole tree as src and point crane at
# app/ with cargoToml/cargoLock and `cd app` before building; that is no longer this layout's
# "one project, one source" shape.)
{ pkgs, craneLib, root ? ./. }:
let
  inherit (pkgs) lib;
  ws = import ./flakeoff/crates.nix { inherit root; layout = "separate"; };

  editNix = {
    # flakeoff:edit-nix (the edit-nix scenario increments the number on the next line)
    FLAKEOFF_EDIT = "0";
  };

  buildOne = extra: crate:
    let
      args = {
        src = craneLib.cleanCargoSource (root + "/${crate.dir}");
        pname = crate.name;
        inherit (crate) version;
        strictDeps = true;
        doCheck = false;
        cargoExtraArgs = "--locked";
      } // extra;
      cargoArtifacts = craneLib.buildDepsOnly args;
    in
    craneLib.buildPackage (args // editNix // { inherit cargoArtifacts; });

  # One derivation per project; several projects of a kind are joined under one attribute.
  group = crates: extra:
    let drvs = map (buildOne extra) crates;
    in if builtins.length drvs == 1 then builtins.head drvs
    else pkgs.symlinkJoin { name = ws.pname crates; paths = drvs; };

  native = {
    nativeBuildInputs = [ pkgs.pkg-config ];
    buildInputs = [ pkgs.openssl ] ++ lib.optionals pkgs.stdenv.isDarwin [ pkgs.libiconv ];
  };
  wasm32 = { CARGO_BUILD_TARGET = "wasm32-unknown-unknown"; };
in
lib.optionalAttrs (ws.native != [ ]) { app = group ws.native native; }
// lib.optionalAttrs (ws.wasm != [ ]) { wasm = group ws.wasm wasm32; }
