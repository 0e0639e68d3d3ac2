# SPDX-License-Identifier: MIT
# Flakeoff offline stand-in for oxalica/rust-overlay's overlay: `rust-bin` hands out the host's
# Rust toolchain, copied into the store, whatever version is asked for (rust-overlay itself only
# downloads toolchains). A `builtins.trace` says which version was asked for and which is used.
#
#   rust-bin.stable.<version>.<profile>.override { targets; extensions; }   (also `latest`)
#   rust-bin.{beta,nightly}.latest…, selectLatestNightlyWith, fromRustupToolchain(File)
#
# Requests whose targets are all native get rustup's toolchain; a request that includes
# wasm32-unknown-unknown gets Debian's rustc with libstd-rust-dev-wasm32 (rustup's offline
# toolchain has no wasm32 standard library). The facts come from ./host.json (assemble.sh).
{ host }:
final: prev:
let
  inherit (prev) lib;

  nativeTriple = host.native.triple;

  # The host toolchains as store paths. Copies, not links: crane needs `rustc --print sysroot`
  # inside /nix/store, and rustc finds its sysroot from its own location. `hostVersion` (the
  # full `rustc --version`) makes a new store path when the host's toolchain changes.
  nativeToolchain = final.runCommand "rust-host-${host.native.version}"
    {
      version = host.native.version;
      hostVersion = host.native.rustcVersion;
      source = host.native.dir;
      passthru = { targets = host.native.targets; flakeoffHost = "rustup"; };
      meta = { description = "rustup's ${host.native.rustcVersion} from ${host.native.dir}, copied"; platforms = lib.platforms.all; };
    } ''
    [ -x "$source/bin/rustc" ] || { echo "flakeoff rust-overlay stand-in: no rustc in $source (run assemble.sh again)" >&2; exit 1; }
    mkdir -p $out
    for d in bin lib libexec etc; do
      [ -e "$source/$d" ] && cp -a "$source/$d" $out/
    done
    got=$($out/bin/rustc --version)
    [ "$got" = "$hostVersion" ] || { echo "flakeoff rust-overlay stand-in: $source changed ($got, expected $hostVersion); run assemble.sh again" >&2; exit 1; }
  '';

  debianToolchain = final.runCommand "rust-debian-${host.debian.version}"
    {
      version = host.debian.version;
      hostVersion = host.debian.rustcVersion;
      inherit (host.debian) rustlib;
      rustTargets = host.debian.targets;
      binaries = [ host.debian.rustc host.debian.cargo host.debian.rustdoc ];
      rustLld = host.debian.rustLld;
      passthru = { targets = host.debian.targets; flakeoffHost = "debian"; };
      meta = { description = "Debian's ${host.debian.rustcVersion} with its wasm32 standard library, copied"; platforms = lib.platforms.all; };
    } ''
    mkdir -p $out/bin $out/lib/rustlib
    for b in $binaries; do cp "$b" $out/bin/; done
    cp -a "$rustlib/etc" $out/lib/rustlib/ 2>/dev/null || true
    for t in $rustTargets; do cp -a "$rustlib/$t" $out/lib/rustlib/; done
    if [ -n "$rustLld" ]; then
      mkdir -p $out/lib/rustlib/${nativeTriple}/bin
      ln -sf "$rustLld" $out/lib/rustlib/${nativeTriple}/bin/rust-lld
    fi
    got=$($out/bin/rustc --version)
    [ "$got" = "$hostVersion" ] || { echo "flakeoff rust-overlay stand-in: Debian's rustc changed ($got, expected $hostVersion); run assemble.sh again" >&2; exit 1; }
    case "$($out/bin/rustc --print sysroot)" in
      $out) ;;
      *) echo "flakeoff rust-overlay stand-in: the copied rustc's sysroot is not $out" >&2; exit 1;;
    esac
  '';

  # The toolchain for one request: the first host toolchain that has every requested target.
  toolchainFor = requested: { targets ? [ ], extensions ? [ ], targetExtensions ? [ ], ... }:
    let
      wanted = lib.unique ([ nativeTriple ] ++ targets);
      has = t: lib.all (x: builtins.elem x t.targets) wanted;
      candidates =
        lib.optional (has host.native) (if host.native.kind == "debian"
          then { drv = debianToolchain; inherit (host.native) version; what = "Debian's"; }
          else { drv = nativeToolchain; inherit (host.native) version; what = "rustup's"; })
        ++ lib.optional (host.debian != null && has host.debian)
          { drv = debianToolchain; inherit (host.debian) version; what = "Debian's (with its wasm32 std)"; };
      missing = lib.filter (t: !(builtins.elem t host.native.targets)
        && !(host.debian != null && builtins.elem t host.debian.targets)) wanted;
      chosen = builtins.head candidates;
    in
    if candidates == [ ] then
      throw ("flakeoff rust-overlay stand-in: no host toolchain has the targets "
        + "${toString wanted} (missing: ${toString missing}); wasm32 needs Debian's rustc "
        + "and libstd-rust-dev-wasm32 (scripts/setup.sh), then assemble.sh again")
    else
      # Traced once, when the toolchain is used (not when `.override` is merely looked up).
      let
        said = builtins.trace
          ("flakeoff rust-overlay stand-in: asked for rust ${requested} (targets: ${toString wanted}"
            + lib.optionalString (extensions != [ ]) ", extensions: ${toString extensions}"
            + "), using the host's ${chosen.what} ${chosen.version}")
          null;
        toolchain = chosen.drv // {
          outPath = builtins.seq said chosen.drv.outPath;
          drvPath = builtins.seq said chosen.drv.drvPath;
          out = toolchain;
          bin = toolchain;
        };
      in
      toolchain;

  # rust-overlay's release attrset: profiles, each a toolchain with `.override`.
  release = requested:
    let
      mk = lib.makeOverridable (toolchainFor requested) { };
    in
    {
      default = mk;
      minimal = mk;
      complete = mk;
      rust = mk;
      rustc = mk;
      cargo = mk;
      rust-std = mk;
      rust-src = mk;
      _version = requested;
    };

  # Every version a flake may pin: 1.0.0 … 1.(host minor + 20).9, plus `latest`.
  hostMinor = lib.toInt (builtins.elemAt (lib.splitString "." host.native.version) 1);
  versions = lib.concatMap
    (minor: map (patch: "1.${toString minor}.${toString patch}") (lib.range 0 9))
    (lib.range 0 (hostMinor + 20));
  channel = name: lib.genAttrs versions (v: release v) // { latest = release "${name} latest"; };

  rust-bin = rec {
    stable = channel "stable";
    beta = { latest = release "beta latest"; };
    nightly = { latest = release "nightly latest"; };
    selectLatestNightlyWith = f: f nightly.latest;
    fromRustupToolchain = { channel ? "stable", components ? [ ], targets ? [ ], ... }:
      toolchainFor channel { inherit targets; extensions = components; };
    fromRustupToolchainFile = file:
      let t = (builtins.fromTOML (builtins.readFile file)).toolchain or { };
      in fromRustupToolchain t;
  };
in
{
  inherit rust-bin;
  rust-bin-flakeoff = { native = nativeToolchain; debian = if host.debian != null then debianToolchain else null; };
}
