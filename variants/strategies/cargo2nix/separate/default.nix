# cargo2nix, separate layout: no workspace; app/ and wasm/ are Cargo projects of their own (each
# with its Cargo.lock) that depend on ../cats by path. Each project gets its own Cargo.nix,
# written by the prepare step in that folder (`nix run .#cargo2nix -- --overwrite --locked
# --file app/Cargo.nix app`), again after any change to its Cargo.lock or a Cargo.toml.
#
# EXPECTED TO FAIL (measured offline through Flakeoff's runner, both targets), in crate-cats:
#   error[E0433]: failed to resolve: use of undeclared crate or module `cats`
# Why: cargo2nix 0.12's template writes `src = fetchCrateLocal workspaceSrc;` for every local
# package (the relative path ../cats it computes is not used), and workspaceSrc is the folder of
# that project's Cargo.nix (./app, ./wasm): crate-cats compiles app/ (or wasm/) under cats' name.
# The original comparison (cargo2nix 0.11 and a fork) built this layout; 0.12 as generated does
# not. A hand-edited `fetchCrateLocal (workspaceSrc + "/../cats")` for cats (not what cargo2nix
# writes) built app in a manual spike; cats is then built once per project and per target, since
# each project has its own lock and Cargo.nix.
{ pkgs, toolchain, wasmTargetSpec, root ? ./. }:
let
  inherit (pkgs) lib;
  ws = import ./flakeoff/crates.nix { inherit root; layout = "separate"; };

  cargoNixOf = crate:
    let path = root + "/${crate.dir}/Cargo.nix";
    in if builtins.pathExists path then import path
    else throw ("${crate.dir}/Cargo.nix is missing: run the prepare step "
      + "`nix run .#cargo2nix -- --overwrite --locked --file ${crate.dir}/Cargo.nix ${crate.dir}`");

  editNix = {
    # flakeoff:edit-nix (the edit-nix scenario increments the number on the next line)
    FLAKEOFF_EDIT = "0";
  };

  packageOverrides = p: p.rustBuilder.overrides.all ++ map
    (c: p.rustBuilder.rustLib.makeOverride {
      registry = "unknown"; # local crates
      inherit (c) name;
      overrideAttrs = _: editNix;
    })
    (ws.native ++ ws.wasm);

  # As in the workspace layout: the wasm set's crates see a wasm32-unknown-unknown hostPlatform
  # when Cargo.nix picks target-specific dependencies; build-machine crates keep theirs.
  wasmTriple = "wasm32-unknown-unknown";
  wasmPlatform =
    let p = lib.systems.elaborate { config = "wasm32-unknown-none"; };
    in p // {
      config = wasmTriple;
      parsed = p.parsed // { kernel = p.parsed.kernel // { name = "unknown"; }; };
    };
  forWasm = packageFun: args: packageFun (args
    // lib.optionalAttrs (args.target or null == wasmTriple) {
      hostPlatform = wasmPlatform // { inherit (args.hostPlatform) cargo2nix; };
    });

  native = crate: (pkgs.rustBuilder.makePackageSet {
    packageFun = cargoNixOf crate;
    inherit packageOverrides;
    rustToolchain = toolchain;
  }).workspace.${crate.name} { };

  wasm32 = crate: (pkgs.rustBuilder.makePackageSet {
    packageFun = forWasm (cargoNixOf crate);
    inherit packageOverrides;
    rustToolchain = toolchain;
    target = wasmTriple;
    targetSpec = wasmTargetSpec;
  }).workspace.${crate.name} { };

  # Binaries are in a crate derivation's `bin` output, the .wasm in `out` (lib/<crate>.wasm).
  group = crates: f: output:
    let drvs = map (c: (f c).${output}) crates;
    in if builtins.length drvs == 1 then builtins.head drvs
    else pkgs.symlinkJoin { name = ws.pname crates; paths = drvs; };
in
lib.optionalAttrs (ws.native != [ ]) { app = group ws.native native "bin"; }
// lib.optionalAttrs (ws.wasm != [ ]) { wasm = group ws.wasm wasm32 "out"; }
