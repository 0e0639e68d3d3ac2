# Stand-in for github:nix-community/naersk: lib.<system>.override { cargo; rustc; }.buildPackage,
# which (like naersk) passes unknown attributes to a "<name>-deps" derivation and the top one.
{
  inputs.nixpkgs.url = "path:@MOCKS@/nixpkgs";
  outputs = { self, nixpkgs }: {
    lib = builtins.mapAttrs (system: pkgs:
      let naersk = toolchains: {
        override = naersk;
        buildPackage = args:
          let
            recorded = args // toolchains // {
              cargoBuildOptions = args.cargoBuildOptions [ "$cargo_release" ];
            };
            deps = pkgs.mockDerivation "${args.name}-deps-${args.version}" recorded;
          in pkgs.mockDerivation "${args.name}-${args.version}" (recorded // { builtDependencies = [ deps ]; });
      };
      in naersk { })
      nixpkgs.legacyPackages;
  };
}
