# Shared by the offline layout models: the workspace as read at evaluation time, its source
# filters, the crate sources vendored into the store, the two toolchains and one derivation shape.
# Plain builtins only: there is no nixpkgs offline.
{ workspace
, registry
, cargoHome
, rustupHome
, debianCargo
, debianRustc
, debianRustdoc
, profile
, name                                        # prefix of the `all` derivation's name
, extraEnv
}:
let
  inherit (builtins)
    attrNames concatMap concatStringsSep elem filter isString match pathExists
    readDir readFile stringLength substring;

  hasPrefix = prefix: s: substring 0 (stringLength prefix) s == prefix;
  hasSuffix = suffix: s:
    let n = stringLength s; k = stringLength suffix;
    in n >= k && substring (n - k) k s == suffix;
  toPath = p: if builtins.isPath p then p else /. + p;

  ws = toPath workspace;
  registryPath = toPath registry;
  # Paths relative to the workspace root; a member at the root has dir ".".
  join = dir: file: if dir == "." then file else "${dir}/${file}";
  at = rel: ws + "/${rel}";
  readToml = rel: builtins.fromTOML (readFile (at rel));

  # Members, their kinds (native: has a binary; wasm: a cdylib) and the version: the same reading
  # of the manifests as the real strategies' flakes.
  crates = import ../strategies/common/crates.nix { root = ws; };
  memberDirs = map (c: c.dir) crates.crates;

  lock =
    if pathExists (at "Cargo.lock") then readToml "Cargo.lock"
    else throw "${toString ws} has no Cargo.lock: prepare it with variants/offline/prepare-scratch.sh";

  # Files a deps build needs as stubs: the member's crate roots and build script, where the real
  # workspace has them (read at evaluation time; only their presence matters, not their text).
  stubsOf = dir:
    let
      manifest = readToml (join dir "Cargo.toml");
      build = manifest.package.build or "build.rs";
      binDir = at (join dir "src/bin");
      binFiles = if pathExists binDir then
        map (f: "src/bin/${f}") (filter (hasSuffix ".rs") (attrNames (readDir binDir)))
      else [ ];
      candidates =
        [ (manifest.lib.path or "src/lib.rs") "src/main.rs" ]
        ++ (if isString build then [ build ] else [ ])
        ++ map (b: b.path) (filter (b: b ? path) (manifest.bin or [ ]))
        ++ binFiles;
    in
    filter (rel: pathExists (at rel)) (map (join dir) candidates);

  # Folders that hold a member's manifest, and their parents.
  ancestorsOf = dir:
    if dir == "." then [ ] else ancestorsOf (dirOf dir) ++ [ dir ];
  manifestDirs = concatMap ancestorsOf memberDirs;

  # Source filters. A path's type and its path relative to the workspace decide.
  relative = path: substring (stringLength (toString ws) + 1) (stringLength path) path;
  # Never an input: VCS data, cargo's output, Nix's result links.
  isJunk = rel: type:
    let base = baseNameOf rel; in
    base == ".git" || rel == "target"
    || (type == "symlink" && match "result(-.*)?" base != null);
  isCargoConfig = rel: rel == ".cargo" || hasPrefix ".cargo/" rel;

  filtered = name: keep: builtins.path {
    path = ws;
    inherit name;
    filter = path: type:
      let rel = relative path; in !(isJunk rel type) && keep rel type;
  };

  profileDir = if profile == "dev" || profile == "test" then "debug" else profile;
in
rec {
  inherit (crates) version;

  # Everything but junk: what buildRustPackage gets from `src = ./.` in a flake (the tracked
  # files; target/ is git-ignored) or from `lib.cleanSource`. A README edit changes it.
  cleanSource = filtered "source" (rel: type: true);

  # What crane's cleanCargoSource keeps: Rust sources, TOML files, Cargo.lock and .cargo/.
  # Folders stay (possibly empty); a README edit does not change it.
  cargoSource = filtered "cargo-source" (rel: type:
    type == "directory" || isCargoConfig rel || hasSuffix ".rs" rel
    || hasSuffix ".toml" rel || baseNameOf rel == "Cargo.lock");

  # Only what decides the dependency graph: the manifests, Cargo.lock and .cargo/ (config and
  # the shims it patches in). Editing a .rs file or a README does not change it.
  manifestSource = filtered "cargo-manifests" (rel: type:
    isCargoConfig rel
    || (type == "directory" && elem rel manifestDirs)
    || rel == "Cargo.toml" || rel == "Cargo.lock"
    || (baseNameOf rel == "Cargo.toml" && elem (dirOf rel) memberDirs));

  stubs = concatMap stubsOf memberDirs;
  memberNames = map (c: c.name) crates.crates;

  # Each locked registry crate copied into the store on its own (timestamps 1, like every store
  # path), then joined by symlinks. Unchanged crates keep their store paths across lock edits.
  vendor =
    let
      locked = filter (p: p ? source) lock.package;
      crateSource = p:
        let dir = registryPath + "/${p.name}-${p.version}"; in
        if !(hasPrefix "registry+" p.source) then
          throw "${p.name} ${p.version} comes from ${p.source}: only registry crates work offline"
        else if !(pathExists dir) then
          throw "${p.name} ${p.version} (Cargo.lock) is not in ${toString registryPath}: regenerate Cargo.lock offline"
        else builtins.path { path = dir; name = "crate-${p.name}-${p.version}"; };
    in
    derivation {
      name = "vendor-debian-crates";
      system = builtins.currentSystem;
      builder = "/bin/sh";
      PATH = "/usr/bin:/bin";
      args = [ "-c" ''
        set -e
        mkdir -p "$out"
        ${concatStringsSep "\n" (map (p: ''ln -s ${crateSource p} "$out/${p.name}-${p.version}"'') locked)}
      '' ];
    };

  # What each model builds: the real strategies' targets, with the toolchain that can build them
  # here. Both toolchains live outside the store: upgrading them rebuilds nothing.
  targets = filter (t: t.crates != [ ]) [
    {
      id = "app";
      crates = crates.native;
      # rustup's cargo and rustc; RUSTC by absolute path, so that build scripts (autocfg) never
      # fall back to Debian's rustc.
      cargo = "${cargoHome}/bin/cargo";
      targetFlags = "";
      env = {
        PATH = "${cargoHome}/bin:/usr/bin:/bin";
        RUSTC = "${cargoHome}/bin/rustc";
        RUSTUP_HOME = rustupHome;
      };
      # Every executable cargo put at the top of the profile folder: the selected binaries.
      installPhase = ''
        mkdir -p "$out/bin"
        find target/${profileDir} -maxdepth 1 -type f -perm -u+x -exec install -m 755 -t "$out/bin" {} +
        [ -n "$(ls "$out/bin")" ] || { echo "flakeoff: cargo built no binary" >&2; exit 1; }
      '';
    }
    {
      id = "wasm";
      crates = crates.wasm;
      # Debian's rustc 1.63 has the wasm32 standard library (libstd-rust-dev-wasm32); rustup's
      # toolchain here has none and cannot download one. Debian's cargo too: one toolchain a build.
      cargo = debianCargo;
      targetFlags = "--target wasm32-unknown-unknown";
      env = { PATH = "/usr/bin:/bin"; RUSTC = debianRustc; RUSTDOC = debianRustdoc; };
      installPhase = ''
        mkdir -p "$out/lib"
        find target/wasm32-unknown-unknown/${profileDir} -maxdepth 1 -name '*.wasm' -exec install -m 644 -t "$out/lib" {} +
        [ -n "$(ls "$out/lib")" ] || { echo "flakeoff: cargo built no .wasm" >&2; exit 1; }
      '';
    }
  ];

  # One cargo build of a target as a derivation. Every build of a model passes the same flags,
  # environment and vendor path: any difference would make cargo recompile restored units.
  cargoBuild =
    { target, name, src, stubs ? [ ], cargoArtifacts ? null, members ? [ ], installPhase ? target.installPhase }:
    derivation ({
      inherit name src installPhase;
      system = builtins.currentSystem;
      builder = "/bin/sh";
      args = [ ./builder.sh ];
      inherit (target) cargo;
      cargoFlags = concatStringsSep " " (filter (s: s != "") [
        "--offline --locked --profile ${profile}"
        target.targetFlags
        # Whatever the scratch copy's config says, crates come from the vendored store copy.
        "--config source.crates-io.replace-with='vendored'"
        "--config source.vendored.directory='${vendor}'"
        # Keeps panic locations from pointing into the store: the binary's closure stays small.
        "--config build.rustflags=['--remap-path-prefix=${vendor}=/vendor']"
      ]);
      cargoBuildFlags = concatStringsSep " " (crates.packageArgs target.crates);
      stubs = concatStringsSep " " stubs;
      members = concatStringsSep " " members;
      cargoArtifacts = if cargoArtifacts == null then "" else cargoArtifacts;
      # The builder's stderr is a terminal: plain text keeps the log readable.
      CARGO_TERM_COLOR = "never";
    } // target.env // extraEnv);

  pname = target: crates.pname target.crates;

  # Every target under one path, as `nix build … all` needs one derivation.
  joinOutputs = outputs: derivation {
    name = "${name}-all-${crates.version}";
    system = builtins.currentSystem;
    builder = "/bin/sh";
    PATH = "/usr/bin:/bin";
    args = [ "-c" ''
      mkdir -p "$out"
      ${concatStringsSep "\n" (map (n: ''ln -s ${outputs.${n}} "$out/${n}"'') (attrNames outputs))}
    '' ];
  };
}
