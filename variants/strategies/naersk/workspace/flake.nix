# Flakeoff strategy "naersk", workspace layout.
# Flakeoff copies this file to the root of a scratch copy of the workspace, with
# default.nix and flakeoff/{crates,toolchain}.nix beside it (see variants/STRATEGIES.md).
{
  description = "Flakeoff: naersk (deps-split), workspace layout";

  inputs = {
    # The same nixpkgs for all four strategies: 25.05 is the newest that cargo2nix 0.12 works
    # with, and crane 0.21.x is the last crane line that supports it (see variants/STRATEGIES.md).
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-25.05";
    rust-overlay = {
      url = "github:oxalica/rust-overlay";
      inputs.nixpkgs.follows = "nixpkgs";
    };
    naersk = {
      url = "github:nix-community/naersk";
      inputs.nixpkgs.follows = "nixpkgs";
    };
  };

  outputs = { self, nixpkgs, rust-overlay, naersk }:
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
          naerskLib = naersk.lib.${system}.override { cargo = toolchain; rustc = toolchain; };
          targets = import ./default.nix { inherit pkgs naerskLib; root = ./.; };
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
