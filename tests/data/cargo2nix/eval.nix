# SPDX-License-Identifier: MIT
# Evaluates a Cargo.nix in cargo2nix 0.12's format without cargo2nix or nixpkgs: small stand-ins
# for the overlay's functions make every crate the plain set of what the file hands mkRustCrate,
# so tst_cargonixwriter can read, for one platform and one choice of root features, each crate's
# source, features and dependencies (`nix-instantiate --eval --strict --json`).
{ cargoNix, platform, rootFeatures ? null, workspaceSrc ? null, ignoreLockHash ? true }:
let
  platforms = {
    x86_64-linux = {
      config = "x86_64-unknown-linux-gnu"; isUnix = true; isWindows = false;
      parsed = { cpu = { name = "x86_64"; bits = 64; }; kernel.name = "linux"; abi.name = "gnu"; vendor.name = "unknown"; };
    };
    wasm32 = {
      config = "wasm32-unknown-unknown"; isUnix = false; isWindows = false;
      parsed = { cpu = { name = "wasm32"; bits = 32; }; kernel.name = "unknown"; abi.name = "unknown"; vendor.name = "unknown"; };
    };
    x86_64-windows = {
      config = "x86_64-pc-windows-gnu"; isUnix = false; isWindows = true;
      parsed = { cpu = { name = "x86_64"; bits = 64; }; kernel.name = "windows"; abi.name = "gnu"; vendor.name = "pc"; };
    };
    aarch64-darwin = {
      config = "aarch64-apple-darwin"; isUnix = true; isWindows = false;
      parsed = { cpu = { name = "aarch64"; bits = 64; }; kernel.name = "darwin"; abi.name = "unknown"; vendor.name = "apple"; };
    };
  };
  lib = {
    optional = cond: x: if cond then [ x ] else [ ];
    importTOML = file: builtins.fromTOML (builtins.readFile file);
  };
  rustLib = {
    fetchCratesIo = { name, version, sha256 }: "crates.io ${name} ${version} ${sha256}";
    fetchCrateLocal = path: "local ${toString path}";
    fetchCrateGit = { url, name, version, rev, ref ? "HEAD" }: "git ${url} ${rev} ${ref}";
    fetchCrateAlternativeRegistry = { index, name, version, sha256 }: "registry ${index}";
    # As cargo2nix's overlay/lib/features.nix: "pkg/feature" also turns "pkg" on.
    expandFeatures = features: builtins.listToAttrs (map (f: { name = f; value = { }; })
      (builtins.concatMap (f: [ f (builtins.head (builtins.split "/" f)) ]) features));
    decideProfile = compileMode: release: if release then "release" else "dev";
    genDrvsByProfile = profilesByName: f: builtins.listToAttrs (map
      (profileName: { name = profileName; value = f { inherit profileName; profile = profilesByName.${profileName} or null; }; })
      [ "release" "dev" "test" "bench" "__noProfile" ]);
  };
  # A dependency is named by the crate it points at; the source is shown relative to the file.
  crateOf = dep: "${dep.name} ${dep.version}";
  mkRustCrate = args: {
    out = { inherit (args) name version; };
    inherit (args) name version registry;
    src = args.src;
    features = args.features or [ ];
    profile = args.profile;
    dependencies = builtins.mapAttrs (_: crateOf) (args.dependencies or { });
    devDependencies = builtins.mapAttrs (_: crateOf) (args.devDependencies or { });
    buildDependencies = builtins.mapAttrs (_: crateOf) (args.buildDependencies or { });
  };
  packageFun = import cargoNix;
  rustPackages = packageFun ({
    inherit rustPackages lib rustLib mkRustCrate workspaceSrc ignoreLockHash;
    buildRustPackages = rustPackages;
    hostPlatform = platforms.${platform};
  } // (if rootFeatures == null then { } else { inherit rootFeatures; }));
  crates = builtins.removeAttrs rustPackages [ "cargo2nixVersion" "workspace" ];
in
{
  inherit (rustPackages) cargo2nixVersion;
  workspace = builtins.mapAttrs (_: v: (v { }).name) rustPackages.workspace;
  crates = builtins.mapAttrs (registry: byName: builtins.mapAttrs (name: byVersion:
    builtins.mapAttrs (version: crate: builtins.removeAttrs (crate { }) [ "out" "profile" ]) byVersion) byName) crates;
  profiles = builtins.mapAttrs (_: byName: builtins.mapAttrs (_: byVersion: builtins.mapAttrs
    (_: crate: (crate { profileName = "release"; }).profile) byVersion) byName) crates;
}
