# Stand-in for github:ipetkov/crane: mkLib, overrideToolchain, cleanCargoSource, buildDepsOnly,
# buildPackage, with crane's derivation names ("<pname>-deps-<version>", "<pname>-<version>").
{
  outputs = { self }: {
    mkLib = pkgs:
      let lib = toolchain: {
        overrideToolchain = lib;
        # crane's filter: Rust sources, TOML files, Cargo.lock (and .cargo/config).
        cleanCargoSource = src: {
          cleanCargoSource = builtins.path {
            path = src;
            # A stable name (a store path's basename would carry the tree's hash).
            name = let base = baseNameOf src; in
              if builtins.match "[a-z0-9]{32}-.*" base != null then "source" else base;
            filter = path: type: let base = baseNameOf path; in
              type == "directory" || base == "Cargo.lock" || base == "config"
              || builtins.match ".*\\.(rs|toml)" base != null;
          };
        };
        buildDepsOnly = args:
          pkgs.mockDerivation "${args.pname}-deps-${args.version}" (args // { inherit toolchain; });
        buildPackage = args:
          pkgs.mockDerivation "${args.pname}-${args.version}" (args // { inherit toolchain; });
      };
      in lib null;
  };
}
