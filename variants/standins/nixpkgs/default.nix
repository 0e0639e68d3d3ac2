# SPDX-License-Identifier: MIT
# Flakeoff offline stand-in for nixpkgs: `import nixpkgs { system; overlays; config; … }`.
#
# Calls the upstream nixpkgs copied beside this file (./upstream: the auxolotl/core fork of
# mid-2024 nixpkgs, from Flakeoff's imported inputs) with a stdenv booted from the host's tools
# (./stdenv-stages.nix) and the host's helper packages (./host-packages.nix) as the first
# overlay, so the tools' own code (buildRustPackage, crane, naersk, cargo2nix) runs unchanged.
{ system ? builtins.currentSystem
, localSystem ? { inherit system; }
, crossSystem ? localSystem
, config ? { }
, overlays ? [ ]
, crossOverlays ? [ ]
, ...
}@args:
let
  upstream = ./upstream;
in
if !builtins.pathExists (upstream + "/pkgs/top-level/default.nix") then
  throw "flakeoff nixpkgs stand-in: ${toString upstream} has no nixpkgs; run variants/standins/assemble.sh"
else
  import (upstream + "/pkgs/top-level/default.nix") (builtins.removeAttrs args [ "system" ] // {
    inherit localSystem crossSystem config crossOverlays;
    overlays = [ (import ./host-packages.nix { inherit upstream; }) ] ++ overlays;
    stdenvStages = import ./stdenv-stages.nix { inherit upstream; };
  })
