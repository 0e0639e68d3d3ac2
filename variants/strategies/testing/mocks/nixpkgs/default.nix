# Stand-in for nixpkgs in the offline wiring check (testing/eval.sh): only the few attributes the
# strategy flakes use. A "package" is a tiny real derivation whose `record` attribute holds the
# arguments it was made from (as JSON), so the check can read what each builder was given.
{ system ? builtins.currentSystem, overlays ? [ ], ... }:
let
  # Functions cannot go into JSON; record their name only.
  plain = v:
    if builtins.isFunction v then "<function>"
    else if builtins.isAttrs v && !(v ? outPath) then builtins.mapAttrs (_: plain) v
    else if builtins.isList v then map plain v
    else v;
  mock = name: args: derivation {
    inherit name system;
    builder = "/bin/sh";
    args = [ "-c" "echo \"$record\" > $out" ];
    record = builtins.toJSON (plain args);
  } // { inherit args; };

  base = self: {
    inherit system;
    mockDerivation = mock;
    lib = {
      optionalAttrs = c: a: if c then a else { };
      optionals = c: l: if c then l else [ ];
      escapeShellArgs = l: builtins.concatStringsSep " " (map (a: "'${a}'") l);
      systems.elaborate = { config }:
        let parts = builtins.split "-" config; at = builtins.elemAt parts; in {
          inherit config;
          isUnix = false;
          parsed = { cpu.name = at 0; vendor.name = at 2; kernel.name = at 4; };
        };
    };
    stdenv = { isDarwin = false; hostPlatform.config = "${system}-mock"; };
    pkg-config = mock "pkg-config" { };
    openssl = mock "openssl" { };
    libiconv = mock "libiconv" { };
    symlinkJoin = args: mock args.name args;
    makeRustPlatform = toolchains: {
      buildRustPackage = args: mock "${args.pname}-${args.version}" (args // { inherit toolchains; });
    };
  };
  applyOverlays = self: builtins.foldl' (acc: overlay: acc // overlay self acc) (base self) overlays;
  fix = f: let x = f x; in x;
in
fix applyOverlays
