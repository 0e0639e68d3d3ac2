# SPDX-License-Identifier: MIT
# Flakeoff offline stand-in for github:oxalica/rust-overlay: the host's toolchain as rust-bin
# (see overlay.nix; host.json is written by assemble.sh).
{
  description = "Flakeoff: offline rust-overlay stand-in (host toolchains copied into the store)";

  outputs = { self }:
    let
      host = builtins.fromJSON (builtins.readFile ./host.json);
    in
    {
      overlays.default = import ./overlay.nix { inherit host; };
      overlays.rust-overlay = self.overlays.default;
      overlay = self.overlays.default;
    };
}
