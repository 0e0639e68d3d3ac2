# cargo2nix, workspace layout: one derivation per crate ("crate-<name>-<version>"), from
# Cargo.nix, which `cargo2nix` generates from Cargo.lock and the manifests. Cargo.nix is not
# shipped: Flakeoff's prepare step writes it (`nix run .#cargo2nix -- --overwrite --locked`) and
# must write it again whenever Cargo.lock or a Cargo.toml changes; Cargo.nix records Cargo.lock's
# hash and refuses to evaluate against another lock.
#
# Two package sets share that Cargo.nix: the native one and one for wasm32-unknown-unknown.
# Returns { app, wasm } (each only if the workspace has such crates, see flakeoff/crates.nix).
{ pkgs, toolchain, wasmTargetSpec, root ? ./. }:
let
  inherit (pkgs) lib;
  ws = import ./flakeoff/crates.nix { inherit root; };

  cargoNix = root + "/Cargo.nix";
  packageFun =
    if builtins.pathExists cargoNix then import cargoNix
    else throw ("Cargo.nix is missing: run the prepare step "
      + "`nix run .#cargo2nix -- --overwrite --locked` and git add Cargo.nix");

  editNix = {
    # flakeoff:edit-nix (the edit-nix scenario increments the number on the next line)
    FLAKEOFF_EDIT = "0";
  };

  # cargo2nix's own overrides (openssl-sys & co.) plus the edit-nix variable on the target
  # crates' derivations only, the way cargo2nix lets a user change one crate's derivation.
  packageOverrides = p: p.rustBuilder.overrides.all ++ map
    (c: p.rustBuilder.rustLib.makeOverride {
      registry = "unknown"; # local crates
      inherit (c) name;
      overrideAttrs = _: editNix;
    })
    (ws.native ++ ws.wasm);

  native = pkgs.rustBuilder.makePackageSet {
    inherit packageFun packageOverrides;
    rustToolchain = toolchain;
  };

  # Cargo.nix decides target-specific dependencies (cfg(target_arch = "wasm32"), ...) from the
  # `hostPlatform` it is given, which is the native one here: give the wasm set's crates a
  # wasm32-unknown-unknown platform instead. Crates built for the build machine (build scripts,
  # proc-macros) come with `target = null` and keep theirs. No cross nixpkgs is needed: rustc
  # builds wasm32 with --target and links with its own rust-lld.
  wasmPlatform =
    let p = lib.systems.elaborate { config = "wasm32-unknown-none"; };
    in p // {
      config = "wasm32-unknown-unknown";
      parsed = p.parsed // { kernel = p.parsed.kernel // { name = "unknown"; }; };
    };
  wasmTriple = "wasm32-unknown-unknown";
  wasmPackageFun = args: packageFun (args
    // lib.optionalAttrs (args.target or null == wasmTriple) {
      hostPlatform = wasmPlatform // { inherit (args.hostPlatform) cargo2nix; };
    });

  wasm32 = pkgs.rustBuilder.makePackageSet {
    packageFun = wasmPackageFun;
    inherit packageOverrides;
    rustToolchain = toolchain;
    target = wasmTriple;
    # Facts (pointer width, atomics) for cfg(target_has_atomic) conditions.
    targetSpec = wasmTargetSpec;
  };

  # Binaries live in the crate derivation's `bin` output; the .wasm in `out` (lib/<crate>.wasm).
  pick = set: output: crates:
    let drvs = map (c: (set.workspace.${c.name} { }).${output}) crates;
    in if builtins.length drvs == 1 then builtins.head drvs
    else pkgs.symlinkJoin { name = ws.pname crates; paths = drvs; };
in
lib.optionalAttrs (ws.native != [ ]) { app = pick native "bin" ws.native; }
// lib.optionalAttrs (ws.wasm != [ ]) { wasm = pick wasm32 "out" ws.wasm; }
