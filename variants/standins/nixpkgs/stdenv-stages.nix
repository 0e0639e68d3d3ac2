# SPDX-License-Identifier: MIT
# Flakeoff offline stand-in for nixpkgs: the stdenv, booted from the host's tools.
#
# The first two stages of upstream's pkgs/stdenv/native/default.nix (its third builds xz and
# patchelf from source, which needs downloads): nixpkgs' own generic stdenv (setup.sh,
# make-derivation.nix, the default setup hooks, so every tool's hooks run as in nixpkgs) with
# /bin/bash, the host's /usr as initial path, and cc-wrapper/bintools-wrapper around the
# host's gcc and ld (nativeTools). Passed to upstream's pkgs/top-level as `stdenvStages`.
{ upstream }:
{ lib, localSystem, crossSystem, config, overlays, crossOverlays ? [ ] }:

assert crossSystem == localSystem;

let
  shell = "/bin/bash";

  preHook = ''
    # Linking to libraries outside the store (the host's libc, OpenSSL) is the point here.
    export NIX_ENFORCE_PURITY=
    export NIX_ENFORCE_NO_NATIVE="''${NIX_ENFORCE_NO_NATIVE-1}"
    # Nix sets HOME=/homeless-shelter and builds run unsandboxed: a tool that writes to its
    # home (cargo without CARGO_HOME) would create /homeless-shelter, after which Nix refuses
    # every unsandboxed build on the machine. Each build gets its own home instead. (This runs
    # at the top of setup, before PATH is set: hence /bin/mkdir.)
    export HOME="$NIX_BUILD_TOP/.home"
    /bin/mkdir -p "$HOME"
  '';

  makeStdenv = { cc, fetchurl, overrides ? (self: super: { }) }:
    import (upstream + "/pkgs/stdenv/generic") {
      buildPlatform = localSystem;
      hostPlatform = localSystem;
      targetPlatform = localSystem;
      inherit preHook shell cc overrides config;
      # Every Linux stdenv has patchelf's RPATH-shrinking hook (cargo2nix's crates need it:
      # without it an output keeps its other outputs in RPATH, a reference cycle).
      extraNativeBuildInputs = [ (upstream + "/pkgs/by-name/pa/patchelf/setup-hook.sh") ];
      initialPath = [ "/" "/usr" "/usr/local" ];
      fetchurlBoot = fetchurl;
    };
in
[
  ({ }: rec {
    __raw = true;

    stdenv = makeStdenv { cc = null; fetchurl = null; };
    stdenvNoCC = stdenv;

    # The fork's native stdenv no longer passes these (cc-wrapper: "called without required
    # argument 'runtimeShell'"); the host's bash and no response-file expander.
    cc = import (upstream + "/pkgs/build-support/cc-wrapper") {
      name = "cc-native";
      nativeTools = true;
      nativeLibc = true;
      nativePrefix = "/usr";
      runtimeShell = shell;
      expand-response-params = "";
      inherit lib stdenvNoCC;
      bintools = import (upstream + "/pkgs/build-support/bintools-wrapper") {
        name = "bintools";
        nativeTools = true;
        nativeLibc = true;
        nativePrefix = "/usr";
        runtimeShell = shell;
        expand-response-params = "";
        inherit lib stdenvNoCC;
      };
    };

    fetchurl = import (upstream + "/pkgs/build-support/fetchurl") {
      inherit lib stdenvNoCC;
      curl = null;
    };
  })

  (prevStage: {
    inherit config overlays;
    stdenv = makeStdenv {
      inherit (prevStage) cc fetchurl;
      overrides = self: super: { inherit (prevStage) fetchurl; };
    } // {
      inherit (prevStage) fetchurl;
    };
  })
]
