# SPDX-License-Identifier: MIT
# Flakeoff offline stand-in for github:nix-systems/default (flake-utils' `systems` input).
{
  description = "Flakeoff: offline stand-in for nix-systems/default";
  outputs = { self }: { };
}
