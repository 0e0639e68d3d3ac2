# Builder of the offline layout models (run by /bin/sh): one cargo build in the usual phases.
# Each phase is announced to Nix as a setPhase event, and cargo's own output goes to the log.
#
# Environment, set by common.nix:
#   src             workspace source (a filtered store copy)
#   cargo           cargo to run; cargoFlags go to every cargo call, cargoBuildFlags to the build
#   stubs           files to create as `fn main() {}` stubs (deps builds: sources not in $src)
#   cargoArtifacts  a deps output whose target/ this build starts from (final builds)
#   members         workspace members (package names), cleaned after the build (deps builds)
#   installPhase    shell code that fills $out from target/
# shellcheck disable=SC2154 # the variables above (and out, NIX_BUILD_TOP) come from Nix
set -eu

phase() {
  printf '@nix {"action":"setPhase","phase":"%s"}\n' "$1" >&2
  echo "flakeoff: $1" >&2
}

# Saves target/ as a zstd tarball: a fraction of the folder's size in the store, and tar keeps
# the build's own timestamps, which the restore below relies on.
saveCargoArtifacts() {
  mkdir -p "$out"
  tar -cf - target | zstd -q -3 -T0 -o "$out/target.tar.zst"
  echo "flakeoff: saved target/ ($(du -sh target | cut -f1)) as $(du -h "$out/target.tar.zst" | cut -f1)" >&2
}

phase unpackPhase
# cp -p keeps the store's timestamps (1 s): cargo compares source and output times, and both the
# deps build and this one see the same source times.
cp -R -p "$src" "$NIX_BUILD_TOP/source"
chmod -R u+w "$NIX_BUILD_TOP/source"
cd "$NIX_BUILD_TOP/source"
for stub in ${stubs:-}; do
  mkdir -p "$(dirname "$stub")"
  printf '#![allow(dead_code)]\nfn main() {}\n' >"$stub"
done

phase configurePhase
# Nix sets HOME to a folder that does not exist; cargo's caches stay inside the build.
export HOME="$NIX_BUILD_TOP/home" CARGO_HOME="$NIX_BUILD_TOP/cargo-home"
mkdir -p "$HOME" "$CARGO_HOME"
if [ -n "${cargoArtifacts:-}" ]; then
  echo "flakeoff: restoring target/ from $cargoArtifacts" >&2
  zstd -q -dc "$cargoArtifacts/target.tar.zst" | tar -xf -
fi

phase buildPhase
# Flag lists and member names are split on purpose: none holds a space.
# shellcheck disable=SC2086
"$cargo" build $cargoFlags $cargoBuildFlags
if [ -n "${members:-}" ]; then
  # The stub members must not reach the final build: without their fingerprints cargo
  # compiles the real sources there (and never reuses a stub binary or build script).
  # Debian's cargo 1.65 takes `clean -p wasm` as a name prefix and drops wasm-bindgen's
  # fingerprints too: every fingerprint that is not a member's own waits aside meanwhile.
  own="^($(echo "$members" | tr ' ' '|'))-[0-9a-f]{16}\$"
  for fp in target/*/.fingerprint target/*/*/.fingerprint; do
    [ -d "$fp" ] || continue
    mkdir "$fp.keep"
    # shellcheck disable=SC2010 # unit folders are named <package>-<hash>
    ls "$fp" | grep -Ev "$own" | while read -r unit; do mv "$fp/$unit" "$fp.keep/"; done
  done
  # shellcheck disable=SC2046,SC2086
  "$cargo" clean $cargoFlags $(printf -- '-p %s ' $members)
  for keep in target/*/.fingerprint.keep target/*/*/.fingerprint.keep; do
    [ -d "$keep" ] || continue
    find "$keep" -mindepth 1 -maxdepth 1 -exec mv -t "${keep%.keep}" {} +
    rmdir "$keep"
  done
fi

phase installPhase
eval "$installPhase"
