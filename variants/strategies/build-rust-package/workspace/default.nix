# nixpkgs' rustPlatform.buildRustPackage, workspace layout: one derivation per target that
# compiles every dependency and member from scratch (monolithic). Crates come from Cargo.lock
# (cargoLock.lockFile: one fixed-output download per crate, joined in cargo-vendor-dir), so no
# hash has to be written by hand.
#
# Returns { app, wasm } (each only if the workspace has such crates, see flakeoff/crates.nix).
{ pkgs, rustPlatform, root ? ./. }:
let
  inherit (pkgs) lib;
  ws = import ./flakeoff/crates.nix { inherit root; };

  editNix = {
    # flakeoff:edit-nix (the edit-nix scenario increments the number on the next line)
    FLAKEOFF_EDIT = "0";
  };

  common = crates: {
    pname = ws.pname crates;
    inherit (ws) version;
    # The whole tree as the flake sees it (git-tracked files): any edit, even to a README or
    # to this file, changes src and rebuilds both targets.
    src = root;
    cargoLock.lockFile = root + "/Cargo.lock";
    # Flakeoff measures builds; tests would run (and differ) per tool.
    doCheck = false;
  } // editNix;

  app = rustPlatform.buildRustPackage (common ws.native // {
    cargoBuildFlags = ws.packageArgs ws.native;
    # openssl-sys (reqwest's default TLS) needs pkg-config and OpenSSL on native targets.
    nativeBuildInputs = [ pkgs.pkg-config ];
    buildInputs = [ pkgs.openssl ];
  });

  # The build hook always passes `--target <host>`, and the install hook copies executables and
  # .so/.a only, so the wasm32 build and its install are written out; the vendored sources are
  # still set up by cargoSetupHook.
  wasm = rustPlatform.buildRustPackage (common ws.wasm // {
    # cargo-auditable's wrapper is not needed for a .wasm and is one more thing to go wrong.
    auditable = false;
    buildPhase = ''
      runHook preBuild
      cargo build --release --offline --locked -j "$NIX_BUILD_CORES" \
        --target wasm32-unknown-unknown ${lib.escapeShellArgs (ws.packageArgs ws.wasm)}
      runHook postBuild
    '';
    installPhase = ''
      runHook preInstall
      mkdir -p $out/lib
      cp target/wasm32-unknown-unknown/release/*.wasm $out/lib/
      runHook postInstall
    '';
  });
in
lib.optionalAttrs (ws.native != [ ]) { inherit app; }
// lib.optionalAttrs (ws.wasm != [ ]) { inherit wasm; }
