# Flakeoff strategy "crane", separate layout.
# Flakeoff copies this file to the root of a scratch copy of the separate crates
# (app/, cats/, wasm/ side by side, no workspace), with
# default.nix and flakeoff/{crates,toolchain}.nix beside it (see variants/STRATEGIES.md).
{
  description = "Flakeoff: crane (deps-split), separate crates (expected to fail)";

  inputs = {
    # The same nixpkgs for all four strategies: 25.05 is the newest that cargo2nix 0.12 works
    # with, and crane 0.21.x is the last crane line that supports it (see variants/STRATEGIES.md).
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-25.05";
    rust-overlay = {
      url = "github:oxalica/rust-overlay";
      inputs.nixpkgs.follows = "nixpkgs";
    };
    # crane 0.21.x: the last release line that supports nixpkgs 25.05.
    crane.url = "github:ipetkov/crane/v0.21.3";
  };

  outputs = { self, nixpkgs, rust-overlay, crane }:
    let
      systems = [ "x86_64-linux" "aarch64-linux" "x86_64-darwin" "aarch64-darwin" ];
      forAllSystems = f:
        builtins.listToAttrs (map (system: { name = system; value = f system; }) systems);
    in
    {
      packages = forAllSystems (system:
        let
          pkgs = import nixpkgs {
            inherit system;
            overlays = [ rust-overlay.overlays.default ];
          };
          toolchain = import ./flakeoff/toolchain.nix {
            inherit (pkgs) rust-bin;
            root = ./.;
          };
          # Not a cross build in nixpkgs' sense (wasm32 is only cargo's --target), so the
          # toolchain derivation itself is enough; no spliced function is needed.
          craneLib = (crane.mkLib pkgs).overrideToolchain toolchain;
          targets = import ./default.nix { inherit pkgs craneLib; root = ./.; };
        in
        targets // {
          inherit toolchain;
          default = pkgs.symlinkJoin {
            name = "flakeoff-all";
            paths = builtins.attrValues targets;
          };
        });
    };
}
