# SPDX-License-Identifier: MIT
# An evaluation error with a position (file:line:col in the log's msg event), after a trace message.
let
  lib = builtins.trace "evaluating the workspace" { };
in
{
  broken = builtins.derivation {
    name = "broken";
    system = builtins.currentSystem;
    builder = "/bin/sh";
    args = [ "-c" (lib.missingAttribute + "") ];
  };
}
