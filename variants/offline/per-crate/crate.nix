# One crate of the per-crate model as a derivation: the facts of one entry of the generated file
# (flakeoff-crates.nix) turned into the environment of builder.sh. Plain builtins only.
{ workspace             # path of the workspace (the scratch copy)
, registry              # path of the crate sources (Debian's /usr/share/cargo/registry)
, cargoHome             # rustup's cargo/rustc, reached by absolute path (outside the store)
, rustupHome
, extraEnv              # added to every crate's environment
, generatedFile         # the generated file's name: never part of a crate's source
}:
let
  inherit (builtins) attrNames concatStringsSep elem match stringLength substring;

  # A workspace member or path dependency: its own folder only, without build outputs, VCS data,
  # result links, the generated file, or other packages nested inside it (they are steps of their
  # own). Editing app/ changes app's source and nothing else.
  localSource = name: version: { local, exclude ? [ ] }:
    let
      root = if local == "" then workspace else workspace + "/${local}";
      rootText = toString root;
    in
    builtins.path {
      path = root;
      name = "${name}-${version}-source";
      filter = path: type:
        let
          rel = substring (stringLength rootText + 1) (stringLength path) path;
          base = baseNameOf path;
        in
        !(rel == "target" || base == ".git" || (local == "" && rel == generatedFile)
          || (type == "symlink" && match "result(-.*)?" base != null)
          || elem rel exclude); # a folder left out is not entered
    };

  # Debian's crate sources carry no usable checksums: the tree is hashed as it is copied in.
  registrySource = dir:
    let path = registry + "/${dir}"; in
    if builtins.pathExists path then builtins.path { inherit path; name = "${dir}-source"; }
    else throw "crate source ${toString path} is missing: install its librust-*-dev package or regenerate";

  lines = concatStringsSep "\n";
  words = concatStringsSep " ";

  # The file a dependent passes with --extern: an rlib, or the shared object of a proc-macro.
  libFileOf = lib: metadata:
    if elem "proc-macro" lib.types then "lib${lib.name}-${metadata}.so"
    else "lib${lib.name}-${metadata}.rlib";

  # "name=/nix/store/…/lib/libname-hash.rlib" lines for --extern.
  externs = deps: noprelude: lines (map
    (n: "${if elem n noprelude then "noprelude:" else ""}${n}=${deps.${n}}/lib/${deps.${n}.libFile}")
    (attrNames deps));
  outputsOf = deps: words (map (n: toString deps.${n}) (attrNames deps));

  # CARGO_PKG_VERSION_* from a semver version ("1.2.3-rc.1+build").
  semver = version:
    let m = match "([0-9]+)\\.([0-9]+)\\.([0-9]+)(-([^+]*))?(\\+.*)?" version;
    in if m == null then { major = ""; minor = ""; patch = ""; pre = ""; }
    else {
      major = builtins.elemAt m 0; minor = builtins.elemAt m 1; patch = builtins.elemAt m 2;
      pre = if builtins.elemAt m 4 == null then "" else builtins.elemAt m 4;
    };
in
{ name, version, source, generatedWith, features ? [ ], codegen ? [ ], lib ? null, bins ? [ ]
, deps ? { }, noprelude ? [ ], buildScript ? null, links ? null, primary ? false, meta ? { } }:
let
  local = source ? local;
  src = if local then localSource name version source else registrySource source.registry;
  v = semver version;
  bs = buildScript;
  drv = derivation ({
    name = "crate-${name}-${version}";
    system = builtins.currentSystem;
    # bash for arrays: rustc's arguments hold spaces and quotes (--cfg 'feature="x"').
    builder = "/bin/bash";
    args = [ ./builder.sh ];
    PATH = "${cargoHome}/bin:/usr/bin:/bin";
    RUSTUP_HOME = rustupHome;
    rustc = "${cargoHome}/bin/rustc";
    cargo = "${cargoHome}/bin/cargo";
    rustdoc = "${cargoHome}/bin/rustdoc";
    rustcVersion = generatedWith.rustc;
    host = generatedWith.host;
    inherit src;
    # Panic messages and debug info name the crate, not the store or the build folder.
    sourceDisplay = if local then (if source.local == "" then "." else source.local) else source.registry;
    capLints = if local then "" else "allow";
    features = words features;
    codegen = words codegen;
    libName = if lib == null then "" else lib.name;
    libPath = if lib == null then "" else lib.path;
    libEdition = if lib == null then "" else lib.edition;
    libTypes = if lib == null then "" else words lib.types;
    libMetadata = if lib == null then "" else lib.metadata;
    # One line per binary: "metadata edition name path" (the path last: it may hold spaces).
    bins = lines (map (b: "${b.metadata} ${b.edition} ${b.name} ${b.path}") bins);
    binCodegen = lines (map (b: "${b.name} ${words (b.codegen or codegen)}") bins);
    externs = externs deps noprelude;
    depOutputs = outputsOf deps;

    CARGO_PKG_NAME = name;
    CARGO_PKG_VERSION = version;
    CARGO_PKG_VERSION_MAJOR = v.major;
    CARGO_PKG_VERSION_MINOR = v.minor;
    CARGO_PKG_VERSION_PATCH = v.patch;
    CARGO_PKG_VERSION_PRE = v.pre;
    CARGO_PKG_AUTHORS = meta.authors or "";
    CARGO_PKG_DESCRIPTION = meta.description or "";
    CARGO_PKG_HOMEPAGE = meta.homepage or "";
    CARGO_PKG_REPOSITORY = meta.repository or "";
    CARGO_PKG_LICENSE = meta.license or "";
    CARGO_PKG_LICENSE_FILE = meta.licenseFile or "";
    CARGO_PKG_README = meta.readme or "";
    CARGO_PKG_RUST_VERSION = meta.rustVersion or "";
  }
  // (if primary then { CARGO_PRIMARY_PACKAGE = "1"; } else { })
  // (if bs == null then { } else {
    buildScriptName = bs.name;
    buildScriptPath = bs.path;
    buildScriptEdition = bs.edition;
    buildScriptMetadata = bs.metadata;
    buildScriptFeatures = words bs.features;
    buildScriptCodegen = words bs.codegen;
    buildScriptExterns = externs bs.deps [ ];
    buildScriptDepOutputs = outputsOf bs.deps;
    # "LINKS /nix/store/…" lines: whose build script metadata becomes DEP_<LINKS>_<KEY>.
    linksDeps = lines (map (l: "${l} ${bs.links.${l}}") (attrNames (bs.links or { })));
    runFeatures = words bs.run.features;
    OPT_LEVEL = bs.run.optLevel;
    DEBUG = if bs.run.debug then "true" else "false";
    PROFILE = bs.run.profile;
    runDebugAssertions = if bs.run.debugAssertions then "1" else "";
    CARGO_MANIFEST_LINKS = if links == null then "" else links;
  })
  // extraEnv);
in
# Dependents find the library file through this attribute (the derivation's own attributes stay).
drv // { libFile = if lib == null then null else libFileOf lib lib.metadata; }
