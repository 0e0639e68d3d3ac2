# Per-crate layout, offline: one derivation per crate — third-party crates included — from a
# generated flakeoff-crates.nix (`flakeoff-cli generate-per-crate`), each compiled by the host
# rustc with its build script folded in. A model of cargo2nix's / buildRustCrate's layout (not
# those tools): editing app/ rebuilds app only, editing cats rebuilds cats and app, a feature
# change rebuilds that crate and its dependents. Native (host) builds only.
{ workspace                                   # the scratch copy (see ../README.md)
, generated ? null                            # default: <workspace>/flakeoff-crates.nix
, registry ? /usr/share/cargo/registry        # Debian's crate sources
, cargoHome ? "/root/.cargo"                  # rustup's rustc, by absolute path
, rustupHome ? "/root/.rustup"
, debianCargo ? "/usr/bin/cargo"              # taken for the same call as the other models;
, debianRustc ? "/usr/bin/rustc"              # unused (no wasm32 here)
, debianRustdoc ? "/usr/bin/rustdoc"
, profile ? null                              # chosen when generating (--profile); null: that one
, name ? "sample"
, extraEnv ? { }                              # added to every crate's environment
}:
let
  inherit (builtins) attrNames attrValues concatStringsSep head length pathExists;
  toPath = p: if builtins.isPath p then p else /. + p;
  ws = toPath workspace;
  generatedPath = if generated == null then ws + "/flakeoff-crates.nix" else toPath generated;

  mkCrate = import ./crate.nix {
    workspace = ws;
    registry = toPath registry;
    inherit cargoHome rustupHome extraEnv;
    generatedFile = baseNameOf (toString generatedPath);
  };

  generatedSet =
    if pathExists generatedPath then import generatedPath { inherit mkCrate; }
    else throw ("${toString generatedPath} is missing: run flakeoff-cli generate-per-crate "
      + "--workspace ${toString ws} --package app --out ${toString generatedPath}");
  generatedProfile = generatedSet.generatedWith.profile;
  checked =
    if profile == null || profile == generatedProfile then generatedSet
    else throw ("${toString generatedPath} was generated for profile ${generatedProfile}, not ${profile}: "
      + "generate it again with --profile ${profile}");

  common = import ../common.nix {
    inherit workspace registry cargoHome rustupHome debianCargo debianRustc debianRustdoc name extraEnv;
    profile = generatedProfile;
  };
  inherit (checked) crates roots;
in
{
  # Every crate's derivation, by "<name>-<version>".
  inherit crates roots;

  # The requested package's derivation: its binaries in bin/.
  app =
    if roots ? app then roots.app
    else if length (attrNames roots) == 1 then head (attrValues roots)
    else throw "no single root package: use roots.<name> (${concatStringsSep ", " (attrNames roots)})";

  all = common.joinOutputs roots;
}
