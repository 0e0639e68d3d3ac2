# SPDX-License-Identifier: MIT
# Flakeoff offline stand-in for github:NixOS/nixpkgs (see default.nix and ../README.md).
{
  description = "Flakeoff: offline nixpkgs stand-in (upstream fork + stdenv from host tools)";

  outputs = { self }:
    let
      lib = import ./upstream/lib;
      systems = [ "x86_64-linux" "aarch64-linux" "x86_64-darwin" "aarch64-darwin" ];
    in
    {
      inherit lib;
      legacyPackages = lib.genAttrs systems (system: import ./default.nix { inherit system; });
    };
}
