# Flakeoff: what to build, read from the Cargo manifests at evaluation time.
#
# Copied next to every strategy's flake as flakeoff/crates.nix, so one flake works for any
# workspace without filled-in placeholders. Uses builtins only (no nixpkgs), so it can be checked
# offline with `nix-instantiate --eval`.
#
#   import ./flakeoff/crates.nix { root = ./.; layout = "workspace"; }   # or "separate"
#   => { layout, version, crates, native, wasm, libs, packageArgs, pname }
#
# A crate is
#   "wasm"   when its [lib] crate-type lists "cdylib"      (built for wasm32-unknown-unknown),
#   "native" when it has a binary ([[bin]], src/main.rs or src/bin/),
#   "lib"    otherwise (like `cats`: built only as a dependency of the others).
{ root, layout ? "workspace" }:
let
  readToml = path: builtins.fromTOML (builtins.readFile path);
  hasManifest = dir: builtins.pathExists (root + "/${dir}/Cargo.toml");

  subdirs = dir:
    let entries = builtins.readDir (root + "/${dir}");
    in builtins.filter (n: entries.${n} == "directory") (builtins.attrNames entries);

  # workspace.members entries: plain paths, or "dir/*" (every folder of dir/ with a Cargo.toml).
  expandMember = m:
    let parent = dirOf m;
    in
    if baseNameOf m == "*" then
      let under = n: if parent == "." then n else "${parent}/${n}";
      in map under (builtins.filter (n: hasManifest (under n)) (subdirs parent))
    else if builtins.match ".*[][*?].*" m != null then
      throw "flakeoff/crates.nix: unsupported member glob ${m} (use plain paths or dir/*)"
    else [ m ];

  top = readToml (root + "/Cargo.toml");
  workspaceVersion = top.workspace.package.version or (top.package.version or "0.0.0");

  # Every member's manifest may inherit its version (`version.workspace = true`).
  crateAt = dir: fallbackVersion:
    let
      toml = readToml (root + "/${dir}/Cargo.toml");
      version =
        if builtins.isString (toml.package.version or null) then toml.package.version
        else fallbackVersion;
      crateTypes = toml.lib."crate-type" or [ ];
      hasBin = toml ? bin
        || builtins.pathExists (root + "/${dir}/src/main.rs")
        || builtins.pathExists (root + "/${dir}/src/bin");
    in {
      inherit dir version;
      name = toml.package.name;
      kind =
        if builtins.elem "cdylib" crateTypes then "wasm"
        else if hasBin then "native"
        else "lib";
    };

  workspaceDirs =
    let
      members = builtins.concatMap expandMember (top.workspace.members or [ ]);
      excluded = top.workspace.exclude or [ ];
      rootPackage = if top ? package then [ "." ] else [ ];
    in rootPackage ++ builtins.filter (d: !(builtins.elem d excluded)) members;

  # "separate": no workspace; every top-level folder with a Cargo.toml is its own Cargo project.
  isProject = n: builtins.substring 0 1 n != "."
    && !(builtins.elem n [ "target" "flakeoff" "result" ])
    && hasManifest n;
  separateDirs = builtins.filter isProject (subdirs ".");

  crates =
    if layout == "workspace" then map (d: crateAt d workspaceVersion) workspaceDirs
    else if layout == "separate" then map (d: crateAt d "0.0.0") separateDirs
    else throw "flakeoff/crates.nix: unknown layout ${layout}";

  ofKind = kind: builtins.filter (c: c.kind == kind) crates;
in
{
  inherit layout crates;
  version = if layout == "workspace" then workspaceVersion else "0.0.0";
  native = ofKind "native";
  wasm = ofKind "wasm";
  libs = ofKind "lib";
  # cargo arguments selecting exactly these crates: [ "-p" "app" ... ]
  packageArgs = cs: builtins.concatMap (c: [ "-p" c.name ]) cs;
  # a derivation name for a group of crates: "app", or "a-b" for two
  pname = cs: builtins.concatStringsSep "-" (map (c: c.name) cs);
}
