# SPDX-License-Identifier: MIT
# Evaluation errors for the log-engine fixtures (scripts/record-fixtures.sh): each attribute fails
# while Nix evaluates it, the way a broken strategy or workspace does. Nix 2.8 prints the message
# first; Nix 2.26 prints the trace first and the message last, and words TOML errors differently.
{ nonce ? "fixture" }:
{
  type = { x = 1 + "flakeoff"; }.x;
  toml = builtins.fromTOML "a = ";
  throw = throw "flakeoff-thrown-message";
}
