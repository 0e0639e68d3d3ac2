# naersk, workspace layout: buildPackage makes two derivations per target, "<name>-deps"
# (dependencies built against a dummy source made from the Cargo.tomls and Cargo.lock) and the
# top-level one (real sources, with the deps' target/ restored).
#
# Returns { app, wasm } (each only if the workspace has such crates, see flakeoff/crates.nix).
{ pkgs, naerskLib, root ? ./. }:
let
  inherit (pkgs) lib;
  ws = import ./flakeoff/crates.nix { inherit root; };

  # naersk hands every attribute it does not know to BOTH of its derivations, so this edit
  # rebuilds the deps too (`overrideMain` would confine it to the top-level one; a user adding a
  # variable rarely knows that).
  editNix = {
    # flakeoff:edit-nix (the edit-nix scenario increments the number on the next line)
    FLAKEOFF_EDIT = "0";
  };

  build = crates: extra:
    naerskLib.buildPackage ({
      name = ws.pname crates;
      inherit (ws) version;
      # A path: naersk applies lib.cleanSource (drops .git, result links, editor backups) and
      # nothing else, so a README edit reaches the top-level derivation (not the deps one).
      src = root;
      doCheck = false;
      # Used by the deps build too, so both select the same crates and features.
      cargoBuildOptions = opts: opts ++ [ "--locked" ] ++ ws.packageArgs crates;
    } // extra // editNix);

  native = {
    # naersk also adds these itself when openssl-sys is in Cargo.lock; explicit for clarity.
    nativeBuildInputs = [ pkgs.pkg-config ];
    buildInputs = [ pkgs.openssl ] ++ lib.optionals pkgs.stdenv.isDarwin [ pkgs.libiconv ];
  };

  wasm32 = {
    # Read by cargo in both derivations.
    CARGO_BUILD_TARGET = "wasm32-unknown-unknown";
    # Install the cdylib (lib/<crate>.wasm); there is no binary to copy.
    copyLibs = true;
    copyBins = false;
  };
in
lib.optionalAttrs (ws.native != [ ]) { app = build ws.native native; }
// lib.optionalAttrs (ws.wasm != [ ]) { wasm = build ws.wasm wasm32; }
