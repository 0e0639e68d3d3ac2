# Monolithic layout, offline: one derivation per target compiles everything (all dependencies
# and the members) from the whole cleaned source. A model of buildRustPackage's layout, not that
# tool: any edit, even to a README, rebuilds every target from scratch.
{ workspace                                   # the scratch copy (see ../README.md)
, registry ? /usr/share/cargo/registry        # Debian's crate sources
, cargoHome ? "/root/.cargo"                  # rustup's cargo and rustc: native targets
, rustupHome ? "/root/.rustup"
, debianCargo ? "/usr/bin/cargo"              # Debian's toolchain: wasm32 targets
, debianRustc ? "/usr/bin/rustc"
, debianRustdoc ? "/usr/bin/rustdoc"
, profile ? "release"                         # as the tools default to; "dev" builds faster
, name ? "sample"                             # prefix of the `all` derivation's name
, extraEnv ? { }                              # added to every cargo derivation's environment
}:
let
  common = import ../common.nix {
    inherit workspace registry cargoHome rustupHome debianCargo debianRustc debianRustdoc
      profile name extraEnv;
  };

  build = target: common.cargoBuild {
    inherit target;
    name = "${common.pname target}-${common.version}";
    src = common.cleanSource;
  };

  # { app = …; wasm = …; }, each only if the workspace has such crates.
  outputs = builtins.listToAttrs (map (t: { name = t.id; value = build t; }) common.targets);
in
outputs // { all = common.joinOutputs outputs; }
