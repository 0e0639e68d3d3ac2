# SPDX-License-Identifier: MIT
# Flakeoff offline stand-in for nixpkgs: the helper packages the Rust tools use, taken from the
# host (Debian) instead of being compiled from source, plus attributes the trimmed fork lacks.
#
# Each host package is a small store path whose bin/ links the Debian package's programs (the
# list comes from `dpkg -L` at build time), so `${pkg}/bin/x` and `nativeBuildInputs = [ pkg ]`
# work as with the real package. A missing Debian package fails that build with its name.
{ upstream }:
final: prev:
let
  inherit (prev) lib;

  # A store path with bin/ = the programs of Debian packages `debs` (all of /usr/bin and /bin
  # that they install, or only `only` when given).
  hostPackage = { pname, debs, only ? [ ], setupHook ? null, meta ? { } }:
    prev.stdenvNoCC.mkDerivation ({
      name = "${pname}-host";
      inherit pname;
      version = "host";
      buildCommand = ''
        mkdir -p $out/bin
        for deb in ${lib.escapeShellArgs debs}; do
          files=$(dpkg -L "$deb" 2>/dev/null) || {
            echo "flakeoff nixpkgs stand-in: the Debian package '$deb' is not installed (${pname} comes from the host; run scripts/setup.sh)" >&2
            exit 1
          }
          for f in $files; do
            case "$f" in /usr/bin/?*|/bin/?*) ;; *) continue;; esac
            name=''${f##*/}
            ${lib.optionalString (only != [ ]) ''
              case " ${toString only} " in *" $name "*) ;; *) continue;; esac
            ''}
            [ -e "$f" ] && [ ! -e "$out/bin/$name" ] && ln -s "$f" "$out/bin/$name"
          done
        done
        ${lib.optionalString (setupHook != null) ''
          mkdir -p $out/nix-support
          cp ${setupHook} $out/nix-support/setup-hook
        ''}
        ${lib.optionalString (only != [ ]) ''
          for name in ${toString only}; do
            [ -e "$out/bin/$name" ] || { echo "flakeoff nixpkgs stand-in: no $name in Debian's ${toString debs}" >&2; exit 1; }
          done
        ''}
      '';
      meta = { mainProgram = pname; description = "${pname} from the host (Debian: ${toString debs})"; } // meta;
    });

  unavailable = name: throw
    "${name} is not available in Flakeoff's offline nixpkgs stand-in (auxolotl/core without network)";

  # Debian's OpenSSL laid out as a store path (include/, lib/, lib/pkgconfig): cargo2nix's
  # openssl-sys override points OPENSSL_DIR at it, and it must be a store path with include/.
  openssl = prev.stdenvNoCC.mkDerivation {
    pname = "openssl";
    version = "host";
    name = "openssl-host";
    buildCommand = ''
      triplet=$(gcc -dumpmachine)
      [ -e /usr/include/openssl/ssl.h ] || { echo "flakeoff nixpkgs stand-in: no /usr/include/openssl/ssl.h (install libssl-dev)" >&2; exit 1; }
      mkdir -p $out/include/openssl $out/lib/pkgconfig
      for f in /usr/include/openssl/* /usr/include/$triplet/openssl/*; do
        [ -e "$out/include/openssl/''${f##*/}" ] || ln -s "$f" "$out/include/openssl/"
      done
      for f in /usr/lib/$triplet/libssl.* /usr/lib/$triplet/libcrypto.*; do
        ln -s "$f" $out/lib/
      done
      for pc in openssl libssl libcrypto; do
        sed -e "s|^prefix=.*|prefix=$out|" -e "s|^libdir=.*|libdir=$out/lib|" \
            -e "s|^includedir=.*|includedir=$out/include|" \
            /usr/lib/$triplet/pkgconfig/$pc.pc > $out/lib/pkgconfig/$pc.pc
      done
    '';
    meta.description = "OpenSSL from the host (Debian: libssl-dev)";
  };
  # One output holds everything; the usual output names point at it.
  withOutputs = drv: drv // { out = drv; dev = drv; bin = drv; lib = drv; man = drv; outputs = [ "out" ]; };

  # The pkg-config wrapper's job: each input's lib/pkgconfig on PKG_CONFIG_PATH.
  pkgConfigHook = builtins.toFile "pkg-config-host-hook.sh" ''
    pkgConfigHostPath() {
      if [ -d "$1/lib/pkgconfig" ]; then addToSearchPath PKG_CONFIG_PATH "$1/lib/pkgconfig"; fi
      if [ -d "$1/share/pkgconfig" ]; then addToSearchPath PKG_CONFIG_PATH "$1/share/pkgconfig"; fi
    }
    addEnvHooks "$targetOffset" pkgConfigHostPath
  '';

  # remarshal's command line (remarshal -if F -of F [-i IN] [-o OUT], json2toml IN OUT, …)
  # for JSON and TOML, written with Python's tomllib and a small TOML writer.
  remarshal = prev.stdenvNoCC.mkDerivation {
    pname = "remarshal";
    version = "host";
    name = "remarshal-host";
    script = ./remarshal.py;
    buildCommand = ''
      mkdir -p $out/bin
      { echo '#!/usr/bin/python3'; tail -n +2 $script; } > $out/bin/remarshal
      chmod +x $out/bin/remarshal
      for alias in json2toml toml2json json2json toml2toml; do ln -s remarshal $out/bin/$alias; done
    '';
    meta.mainProgram = "remarshal";
  };

  # `cargo auditable build` = `cargo build`: the real cargo-auditable would be compiled from
  # crates.io. The wrapper nixpkgs puts around cargo stays as it is.
  cargo-auditable = prev.stdenvNoCC.mkDerivation {
    pname = "cargo-auditable";
    version = "host-passthrough";
    name = "cargo-auditable-passthrough";
    buildCommand = ''
      mkdir -p $out/bin
      cat > $out/bin/cargo-auditable <<'EOF'
      #!/bin/sh
      # Flakeoff offline stand-in: no audit data is embedded; runs the plain cargo command.
      [ "$1" = auditable ] && shift
      exec cargo "$@"
      EOF
      chmod +x $out/bin/cargo-auditable
    '';
    meta = { mainProgram = "cargo-auditable"; broken = false; };
  };

  lndir = hostPackage { pname = "lndir"; debs = [ "xutils-dev" ]; only = [ "lndir" ]; };
in
{
  jq = hostPackage { pname = "jq"; debs = [ "jq" ]; };
  zstd = hostPackage { pname = "zstd"; debs = [ "zstd" ]; };
  rsync = hostPackage { pname = "rsync"; debs = [ "rsync" ]; };
  gnutar = hostPackage { pname = "gnutar"; debs = [ "tar" ]; };
  gzip = hostPackage { pname = "gzip"; debs = [ "gzip" ]; };
  xz = hostPackage { pname = "xz"; debs = [ "xz-utils" ]; };
  git = hostPackage { pname = "git"; debs = [ "git" ]; };
  gitMinimal = final.git;
  patchelf = hostPackage { pname = "patchelf"; debs = [ "patchelf" ]; };
  coreutils = hostPackage { pname = "coreutils"; debs = [ "coreutils" ]; };
  findutils = hostPackage { pname = "findutils"; debs = [ "findutils" ]; };
  gnused = hostPackage { pname = "gnused"; debs = [ "sed" ]; };
  gnugrep = hostPackage { pname = "gnugrep"; debs = [ "grep" ]; };
  diffutils = hostPackage { pname = "diffutils"; debs = [ "diffutils" ]; };
  pkg-config = hostPackage { pname = "pkg-config"; debs = [ "pkg-config" ]; setupHook = pkgConfigHook; };
  pkgconf = final.pkg-config;
  # callPackage picks `xorg.lndir` before a top-level `lndir` in some places: both are the host's.
  inherit lndir;
  xorg = (prev.xorg or { }) // { inherit lndir; };
  cacert = prev.stdenvNoCC.mkDerivation {
    name = "cacert-host";
    pname = "cacert";
    version = "host";
    buildCommand = ''
      mkdir -p $out/etc/ssl/certs
      ln -s /etc/ssl/certs/ca-certificates.crt $out/etc/ssl/certs/ca-bundle.crt
    '';
  };
  openssl = withOutputs openssl;
  inherit remarshal cargo-auditable;

  # Missing from the fork: `formats` exists in pkgs/pkgs-lib but is not exposed; the writers'
  # arguments below are only needed if a writer for them is used.
  formats = import (upstream + "/pkgs/pkgs-lib/formats.nix") { inherit lib; pkgs = final; };
  gixy = unavailable "gixy";
  mkNugetSource = unavailable "mkNugetSource";
  mkNugetDeps = unavailable "mkNugetDeps";
  libsecret = unavailable "libsecret";
  # cargo2nix merges `gnome2` into its package scope (`prevStage // prevStage.gnome2`): a set.
  gnome2 = { };
  # Newer tools (crane after 0.21) want this nixpkgs ≥ 25.05 hook.
  writableTmpDirAsHomeHook = final.makeSetupHook { name = "writable-tmpdir-as-home-hook"; }
    (builtins.toFile "writable-tmpdir-as-home.sh" ''
      writableTmpDirAsHome() {
        if [ -z "''${HOME:-}" ] || [ "$HOME" = /homeless-shelter ]; then
          export HOME="$NIX_BUILD_TOP/.home"; mkdir -p "$HOME"
        fi
      }
      preConfigureHooks+=(writableTmpDirAsHome)
    '');
}
