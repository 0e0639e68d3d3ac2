# Flakeoff: the one Rust toolchain all four strategies build with, so that runs compare the
# packaging tools and not compilers. rust-overlay's binary release plus the wasm32 target.
#
# Copied next to every strategy's flake as flakeoff/toolchain.nix.
#   import ./flakeoff/toolchain.nix { rust-bin = pkgs.rust-bin; root = ./.; }
#
# The version is pinned (not `latest`) because each strategy's flake.lock is created on its own
# first run and may lock a different rust-overlay revision. A workspace's rust-toolchain.toml with
# channel = "1.x.y" (or "stable") takes precedence.
{ rust-bin, root, defaultVersion ? "1.91.1" }:
let
  file = root + "/rust-toolchain.toml";
  channel =
    if builtins.pathExists file
    then (builtins.fromTOML (builtins.readFile file)).toolchain.channel or defaultVersion
    else defaultVersion;
  release =
    if channel == "stable" then rust-bin.stable.latest
    else if builtins.match "[0-9]+\\.[0-9]+\\.[0-9]+" channel != null
    then rust-bin.stable.${channel}
    else throw "flakeoff/toolchain.nix: channel '${channel}' unsupported (use stable or 1.x.y)";
in
release.default.override { targets = [ "wasm32-unknown-unknown" ]; }
