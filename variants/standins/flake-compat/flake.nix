# SPDX-License-Identifier: MIT
# Flakeoff offline stand-in for github:edolstra/flake-compat (a `flake = false` input of
# cargo2nix, used only by its default.nix/shell.nix, never by a flake build).
{
  description = "Flakeoff: offline stand-in for flake-compat (unused by flake builds)";
  outputs = { self }: { };
}
