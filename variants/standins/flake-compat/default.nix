# SPDX-License-Identifier: MIT
# flake-compat's entry point; Flakeoff's offline builds use flakes directly.
{ src, ... }:
throw "flakeoff: flake-compat is not available offline (stand-in); use the flake itself"
