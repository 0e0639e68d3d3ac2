# Stand-in for github:oxalica/rust-overlay: rust-bin.stable.<version>.default.override { targets }.
{
  inputs.nixpkgs.url = "path:@MOCKS@/nixpkgs";
  outputs = { self, nixpkgs }: {
    overlays.default = final: prev:
      let release = version: {
        default.override = args: final.mockDerivation "rust-${version}" args;
      };
      in { rust-bin.stable = { latest = release "latest"; "1.91.1" = release "1.91.1"; }; };
  };
}
