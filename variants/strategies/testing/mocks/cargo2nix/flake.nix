# Stand-in for github:cargo2nix/cargo2nix: overlays.default (with rust-overlay's) providing
# rustBuilder.makePackageSet, which, like cargo2nix, calls packageFun with `target` for the host
# crates and with target = null for the build machine's, and hands it a mkRustCrate that applies
# the makeOverride entries matching a crate's name. Also apps.<system>.default and
# overlay/data/target-info.json.
{
  inputs.nixpkgs.url = "path:@MOCKS@/nixpkgs";
  inputs.rust-overlay.url = "path:@MOCKS@/rust-overlay";
  outputs = { self, nixpkgs, rust-overlay }: {
    overlays.default = final: prev: rust-overlay.overlays.default final prev // {
      rustBuilder = {
        overrides.all = [ ];
        rustLib.makeOverride = args: args;
        makePackageSet = args:
          let
            native = { config = "native"; parsed.kernel.name = "linux"; cargo2nix = { }; };
            call = target: extra: args.packageFun {
              inherit target;
              hostPlatform = native;
              mkRustCrate = crate:
                let
                  matching = builtins.filter (o: o.name == crate.name) (args.packageOverrides final);
                  attrs = builtins.foldl' (acc: o: acc // o.overrideAttrs { }) { } matching;
                  drv = final.mockDerivation "crate-${crate.name}-${crate.version}" (crate // extra // attrs);
                in drv // { bin = drv; out = drv; };
            };
            # What the build machine's crates see (a stand-in Cargo.nix reports it as `seen`).
            buildMachine = call null { };
          in call (args.target or null) {
            target = args.target or null;
            inherit (args) rustToolchain;
            buildMachineSeen = buildMachine.seen;
          };
      };
    };
    apps = builtins.mapAttrs (system: _: {
      default = { type = "app"; program = "/bin/true"; };
    }) nixpkgs.legacyPackages;
  };
}
