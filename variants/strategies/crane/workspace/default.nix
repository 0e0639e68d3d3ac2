# crane, workspace layout: for each target one deps-only derivation (buildDepsOnly: the
# dependencies compiled against a dummified copy of the workspace) and one final derivation
# (buildPackage with cargoArtifacts: restores that target/ and compiles the members only).
# Native and wasm32 get separate deps: cargo artifacts of one target are useless to the other.
#
# Returns { app, wasm } (each only if the workspace has such crates, see flakeoff/crates.nix).
{ pkgs, craneLib, root ? ./. }:
let
  inherit (pkgs) lib;
  ws = import ./flakeoff/crates.nix { inherit root; };

  # Only *.rs, *.toml, Cargo.lock and .cargo/config reach the builds: touching a README or a .nix
  # file changes no derivation.
  src = craneLib.cleanCargoSource root;

  # Given to the final derivations only, as a user adds a variable to a package; the deps-only
  # derivations do not see it.
  editNix = {
    # flakeoff:edit-nix (the edit-nix scenario increments the number on the next line)
    FLAKEOFF_EDIT = "0";
  };

  build = crates: extra:
    let
      args = {
        inherit src;
        inherit (ws) version;
        pname = ws.pname crates;
        strictDeps = true;
        # Flakeoff measures builds; tests would run (and differ) per tool.
        doCheck = false;
        # The same selection for deps and final, so the deps' feature set is the final one's.
        cargoExtraArgs = lib.escapeShellArgs ([ "--locked" ] ++ ws.packageArgs crates);
      } // extra;
      cargoArtifacts = craneLib.buildDepsOnly args;
    in
    craneLib.buildPackage (args // editNix // { inherit cargoArtifacts; });

  native = {
    # openssl-sys (reqwest's default TLS) needs pkg-config and OpenSSL on native targets.
    nativeBuildInputs = [ pkgs.pkg-config ];
    buildInputs = [ pkgs.openssl ] ++ lib.optionals pkgs.stdenv.isDarwin [ pkgs.libiconv ];
  };

  # cargo reads the target from the environment, for deps and final alike; crane installs the
  # cdylib it finds in cargo's build log, so the result is $out/lib/<crate>.wasm.
  wasm32 = { CARGO_BUILD_TARGET = "wasm32-unknown-unknown"; };
in
lib.optionalAttrs (ws.native != [ ]) { app = build ws.native native; }
// lib.optionalAttrs (ws.wasm != [ ]) { wasm = build ws.wasm wasm32; }
