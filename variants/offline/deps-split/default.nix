# Deps-split layout, offline: per target a deps derivation builds every dependency from the
# manifests alone (members stubbed), and the final derivation restores its target/ and compiles
# only the members. A model of crane's and naersk's layout, not those tools.
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

  # The same target (packages, toolchain, flags) in both derivations: the deps' units are then
  # exactly the ones the final build looks for.
  build = target:
    let
      deps = common.cargoBuild {
        inherit target;
        name = "${common.pname target}-deps-${common.version}";
        src = common.manifestSource;
        inherit (common) stubs;
        members = common.memberNames;
        installPhase = "saveCargoArtifacts";
      };
    in
    common.cargoBuild {
      inherit target;
      name = "${common.pname target}-${common.version}";
      src = common.cargoSource;
      cargoArtifacts = deps;
    } // { inherit deps; };

  # { app = …; wasm = …; }, each only if the workspace has such crates; app.deps is its deps.
  outputs = builtins.listToAttrs (map (t: { name = t.id; value = build t; }) common.targets);
in
outputs // { all = common.joinOutputs outputs; }
