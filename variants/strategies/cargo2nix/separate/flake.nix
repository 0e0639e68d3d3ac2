# Flakeoff strategy "cargo2nix", separate layout.
# Flakeoff copies this file to the root of a scratch copy of the separate crates
# (app/, cats/, wasm/ side by side, no workspace), with
# default.nix and flakeoff/{crates,toolchain}.nix beside it (see variants/STRATEGIES.md).
{
  description = "Flakeoff: cargo2nix (per-crate), separate crates (expected to fail)";

  inputs = {
    # The same nixpkgs for all four strategies: 25.05 is the newest that cargo2nix 0.12 works
    # with, and crane 0.21.x is the last crane line that supports it (see variants/STRATEGIES.md).
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-25.05";
    rust-overlay = {
      url = "github:oxalica/rust-overlay";
      inputs.nixpkgs.follows = "nixpkgs";
    };
    # release-0.12: cargo2nix's maintained branch; its overlay also brings rust-overlay's.
    cargo2nix = {
      url = "github:cargo2nix/cargo2nix/release-0.12";
      inputs.nixpkgs.follows = "nixpkgs";
      inputs.rust-overlay.follows = "rust-overlay";
    };
  };

  outputs = { self, nixpkgs, rust-overlay, cargo2nix }:
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
            overlays = [ cargo2nix.overlays.default ];
          };
          toolchain = import ./flakeoff/toolchain.nix {
            inherit (pkgs) rust-bin;
            root = ./.;
          };
          # cargo2nix's table of target facts (pointer width, atomics) for wasm32-unknown-unknown.
          targetInfo = builtins.fromJSON
            (builtins.readFile "${cargo2nix}/overlay/data/target-info.json");
          wasmTargetSpec = targetInfo.wasm32-unknown-unknown;
          targets = import ./default.nix { inherit pkgs toolchain wasmTargetSpec; root = ./.; };
        in
        targets // {
          inherit toolchain;
          default = pkgs.symlinkJoin {
            name = "flakeoff-all";
            paths = builtins.attrValues targets;
          };
        });

      # For the prepare step that writes Cargo.nix (`nix run .#cargo2nix -- ...`, manifest.json).
      apps = forAllSystems (system: {
        cargo2nix = cargo2nix.apps.${system}.default;
      });
    };
}
