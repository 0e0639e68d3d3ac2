# nixpkgs' rustPlatform.buildRustPackage, separate layout: no workspace; app/ and wasm/ are Cargo
# projects of their own (each with its Cargo.lock) that depend on ../cats by path. Written as a
# user would first try it: each project's folder is its src, its own lock its cargoLock.
#
# EXPECTED TO FAIL, in the build of app / wasm (the first and only derivation that runs cargo):
#   failed to get `cats` as a dependency ... failed to read `<build dir>/cats/Cargo.toml`
# Why: `src = ./app` unpacks only app/ into the build folder, so ../cats does not exist there;
# importCargoLock vendors registry and git packages only (a path package has no `source` in
# Cargo.lock and is skipped). The usual fix is the whole tree as src plus
# `buildAndTestSubdir = "app"` and `cargoLock.lockFile = ./app/Cargo.lock`, which is no longer
# this layout's "one project, one source" shape.
{ pkgs, rustPlatform, root ? ./. }:
let
  inherit (pkgs) lib;
  ws = import ./flakeoff/crates.nix { inherit root; layout = "separate"; };

  editNix = {
    # flakeoff:edit-nix (the edit-nix scenario increments the number on the next line)
    FLAKEOFF_EDIT = "0";
  };

  common = crate: {
    pname = crate.name;
    inherit (crate) version;
    src = root + "/${crate.dir}";
    cargoLock.lockFile = root + "/${crate.dir}/Cargo.lock";
    doCheck = false;
  } // editNix;

  native = crate: rustPlatform.buildRustPackage (common crate // {
    nativeBuildInputs = [ pkgs.pkg-config ];
    buildInputs = [ pkgs.openssl ];
  });

  wasm32 = crate: rustPlatform.buildRustPackage (common crate // {
    auditable = false;
    buildPhase = ''
      runHook preBuild
      cargo build --release --offline --locked -j "$NIX_BUILD_CORES" --target wasm32-unknown-unknown
      runHook postBuild
    '';
    installPhase = ''
      runHook preInstall
      mkdir -p $out/lib
      cp target/wasm32-unknown-unknown/release/*.wasm $out/lib/
      runHook postInstall
    '';
  });

  # One derivation per project; several projects of a kind are joined under one attribute.
  group = crates: f:
    let drvs = map f crates;
    in if builtins.length drvs == 1 then builtins.head drvs
    else pkgs.symlinkJoin { name = ws.pname crates; paths = drvs; };
in
lib.optionalAttrs (ws.native != [ ]) { app = group ws.native native; }
// lib.optionalAttrs (ws.wasm != [ ]) { wasm = group ws.wasm wasm32; }
