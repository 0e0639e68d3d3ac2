# naersk, separate layout: no workspace; app/ and wasm/ are Cargo projects of their own (each with
# its Cargo.lock) that depend on ../cats by path. Written as a user would first try it: each
# project's folder is its src.
#
# EXPECTED TO FAIL, in the first derivation that runs cargo (app-deps / wasm-deps):
#   failed to get `cats` as a dependency ... failed to read `<build dir>/cats/Cargo.toml`
# Why: `src = ./app` copies only app/ into the store; naersk reads the manifests under that root
# only (its dummy source for the deps build has app's Cargo.toml but no cats), and it vendors
# only crates.io and git sources from Cargo.lock, never path dependencies. naersk's
# `copySources` cannot help: it copies paths from inside the same src.
{ pkgs, naerskLib, root ? ./. }:
let
  inherit (pkgs) lib;
  ws = import ./flakeoff/crates.nix { inherit root; layout = "separate"; };

  editNix = {
    # flakeoff:edit-nix (the edit-nix scenario increments the number on the next line)
    FLAKEOFF_EDIT = "0";
  };

  buildOne = extra: crate:
    naerskLib.buildPackage ({
      name = crate.name;
      inherit (crate) version;
      src = root + "/${crate.dir}";
      doCheck = false;
      cargoBuildOptions = opts: opts ++ [ "--locked" ];
    } // extra // editNix);

  group = crates: extra:
    let drvs = map (buildOne extra) crates;
    in if builtins.length drvs == 1 then builtins.head drvs
    else pkgs.symlinkJoin { name = ws.pname crates; paths = drvs; };

  native = {
    nativeBuildInputs = [ pkgs.pkg-config ];
    buildInputs = [ pkgs.openssl ] ++ lib.optionals pkgs.stdenv.isDarwin [ pkgs.libiconv ];
  };
  wasm32 = {
    CARGO_BUILD_TARGET = "wasm32-unknown-unknown";
    copyLibs = true;
    copyBins = false;
  };
in
lib.optionalAttrs (ws.native != [ ]) { app = group ws.native native; }
// lib.optionalAttrs (ws.wasm != [ ]) { wasm = group ws.wasm wasm32; }
