# SPDX-License-Identifier: MIT
# Flakeoff offline stand-in for github:nix-community/fenix (naersk's input, used only by
# naersk's own tests; a strategy's toolchain comes from rust-overlay).
{
  description = "Flakeoff: offline stand-in for fenix (unused by the strategies)";
  outputs = { self }: {
    overlays.default = final: prev: { };
    packages = { };
  };
}
