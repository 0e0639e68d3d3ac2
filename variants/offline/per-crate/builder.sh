# Builder of the per-crate model (run by /bin/bash): one crate compiled with rustc directly, the
# way cargo would — its build script compiled and run first (configurePhase), then its library
# and binaries (buildPhase). Each phase is announced to Nix as a setPhase event.
#
# Environment, set by crate.nix from one entry of the generated file:
#   src, sourceDisplay     the crate's source and the name it shows in paths (remapped)
#   rustc, rustcVersion    host rustc by absolute path, and the version the file was generated with
#   libName libPath libEdition libTypes libMetadata   the library (empty when none)
#   bins                   lines "metadata edition name path"
#   features codegen capLints externs depOutputs noprelude
#   buildScript*, runFeatures, linksDeps, OPT_LEVEL, DEBUG, PROFILE   the build script, if any
# Output: $out/lib (rlib or proc-macro .so), $out/bin, and $out/nix-support/:
#   closure          every dependency output, transitively (for -L dependency=)
#   link-search      the build script's rustc-link-search entries (used by dependents' links)
#   links-metadata   KEY=VALUE lines from the build script: DEP_<LINKS>_<KEY> of dependents
#   build-script-output   what the build script printed
# shellcheck disable=SC2154 # the variables above come from crate.nix
set -euo pipefail

phase() {
  printf '@nix {"action":"setPhase","phase":"%s"}\n' "$1" >&2
}
die() {
  echo "flakeoff: $*" >&2
  exit 1
}

phase configurePhase
# The toolchain lives outside the store: rlibs of another rustc cannot be linked, so refuse to
# mix them rather than fail later with "compiled by an incompatible version of rustc".
actual=$("$rustc" -V) || die "cannot run $rustc"
[[ $actual == "$rustcVersion" ]] \
  || die "rustc is now '$actual' but the crates were generated for '$rustcVersion': generate flakeoff-crates.nix again"

export HOME=$NIX_BUILD_TOP/home
mkdir -p "$HOME" "$out/lib" "$out/nix-support"
export CARGO_MANIFEST_DIR=$src CARGO_MANIFEST_PATH=$src/Cargo.toml
remap=(--remap-path-prefix "$src=$sourceDisplay" --remap-path-prefix "$NIX_BUILD_TOP=/build")

# Every output reachable from the given ones, each once: rustc needs all transitive rlibs.
closure() {
  local -A seen=()
  local d t
  for d in "$@"; do
    if [[ -z ${seen[$d]:-} ]]; then seen[$d]=1; printf '%s\n' "$d"; fi
    [[ -f $d/nix-support/closure ]] || continue
    while IFS= read -r t; do
      if [[ -n $t && -z ${seen[$t]:-} ]]; then seen[$t]=1; printf '%s\n' "$t"; fi
    done <"$d/nix-support/closure"
  done
}

# -L flags for a closure: the rlib folders, and native folders named by their build scripts.
searchFlags() {
  local d s
  for d in "$@"; do
    printf '%s\n' -L "dependency=$d/lib"
    [[ -f $d/nix-support/link-search ]] || continue
    while IFS= read -r s; do printf '%s\n' -L "$s"; done <"$d/nix-support/link-search"
  done
}

externFlags() {
  local e
  while IFS= read -r e; do
    if [[ -n $e ]]; then printf '%s\n' --extern "$e"; fi
  done <<<"$1"
}

# shellcheck disable=SC2086 # store paths and feature names hold no spaces
mapfile -t deps < <(closure $depOutputs)
mapfile -t depFlags < <(searchFlags "${deps[@]}")
mapfile -t externs < <(externFlags "$externs")
featureFlags=()
for f in $features; do featureFlags+=(--cfg "feature=\"$f\""); done
codegenFlags=()
for c in $codegen; do codegenFlags+=(-C "$c"); done
capFlags=()
if [[ -n $capLints ]]; then capFlags=(--cap-lints "$capLints"); fi

# What the build script asks for, applied to this crate's own compiles.
scriptFlags=() linkArgs=() binLinkArgs=() cdylibLinkArgs=() binArgs=() scriptEnv=()

upper() {
  local s=${1^^}
  printf '%s' "${s//-/_}"
}

runBuildScript() {
  local script=$NIX_BUILD_TOP/build-script
  mkdir -p "$script"
  local sdeps sdepFlags sexterns bsFeatures=() bsCodegen=()
  # shellcheck disable=SC2086
  mapfile -t sdeps < <(closure $buildScriptDepOutputs)
  mapfile -t sdepFlags < <(searchFlags "${sdeps[@]}")
  mapfile -t sexterns < <(externFlags "$buildScriptExterns")
  for f in $buildScriptFeatures; do bsFeatures+=(--cfg "feature=\"$f\""); done
  for c in $buildScriptCodegen; do bsCodegen+=(-C "$c"); done
  echo "flakeoff: compiling $buildScriptPath" >&2
  CARGO_CRATE_NAME=$buildScriptName "$rustc" --crate-name "$buildScriptName" --edition="$buildScriptEdition" \
    "$src/$buildScriptPath" --crate-type bin --emit=link "${bsCodegen[@]}" "${bsFeatures[@]}" \
    -C "metadata=$buildScriptMetadata" -C "extra-filename=-$buildScriptMetadata" --out-dir "$script" \
    "${sdepFlags[@]}" "${sexterns[@]}" "${capFlags[@]}" "${remap[@]}"

  echo "flakeoff: running $buildScriptPath" >&2
  (
    # The environment cargo gives a build script; the working directory is the package root.
    cd "$src"
    export TARGET=$host HOST=$host NUM_JOBS=${NIX_BUILD_CORES:-1} RUSTC=$rustc RUSTDOC=$rustdoc CARGO=$cargo
    export CARGO_ENCODED_RUSTFLAGS="" RUSTC_LINKER=cc
    for f in $runFeatures; do export "CARGO_FEATURE_$(upper "$f")=1"; done
    local -A cfg=()
    local line key value var
    while IFS= read -r line; do
      key=${line%%=*}
      value=
      if [[ $line == *=* ]]; then value=${line#*=}; value=${value#\"}; value=${value%\"}; fi
      if [[ $key == debug_assertions ]]; then continue; fi # decided by the profile, below
      var=CARGO_CFG_$(upper "$key")
      if [[ -n ${cfg[$var]+set} ]]; then cfg[$var]+=",$value"; else cfg[$var]=$value; fi
    done < <("$rustc" --print cfg "${codegenFlags[@]}")
    if [[ -n ${runDebugAssertions:-} ]]; then cfg[CARGO_CFG_DEBUG_ASSERTIONS]=; fi
    for var in "${!cfg[@]}"; do export "$var=${cfg[$var]}"; done
    # DEP_<LINKS>_<KEY> from the build scripts of the crates with a `links` key it depends on.
    local links path
    while read -r links path; do
      [[ -n $links && -f $path/nix-support/links-metadata ]] || continue
      while IFS= read -r line; do
        export "DEP_$(upper "$links")_$(upper "${line%%=*}")=${line#*=}"
      done <"$path/nix-support/links-metadata"
    done <<<"$linksDeps"
    exec "$script/$buildScriptName-$buildScriptMetadata"
  ) >"$script/output" || {
    cat "$script/output" >&2
    die "the build script $buildScriptPath failed"
  }
  cp "$script/output" "$out/nix-support/build-script-output"

  local d new parts i p
  while IFS= read -r line || [[ -n $line ]]; do
    case $line in
      cargo::*) d=${line#cargo::} new=1 ;;
      cargo:*) d=${line#cargo:} new= ;;
      *) continue ;;
    esac
    key=${d%%=*}
    value=
    if [[ $d == *=* ]]; then value=${d#*=}; fi
    case $key in
      rustc-cfg) scriptFlags+=(--cfg "$value") ;;
      rustc-link-lib) scriptFlags+=(-l "$value") ;;
      rustc-link-search)
        scriptFlags+=(-L "$value")
        printf '%s\n' "$value" >>"$out/nix-support/link-search" ;;
      rustc-flags)
        read -ra parts <<<"$value"
        for ((i = 0; i < ${#parts[@]}; i++)); do
          p=${parts[i]}
          case $p in
            -l | -L) scriptFlags+=("$p" "${parts[i + 1]:-}"); i=$((i + 1)) ;;
            -l* | -L*) scriptFlags+=("${p:0:2}" "${p:2}") ;;
          esac
        done ;;
      rustc-env) scriptEnv+=("$value") ;;
      rustc-link-arg) linkArgs+=(-C "link-arg=$value") ;;
      rustc-link-arg-bins) binLinkArgs+=(-C "link-arg=$value") ;;
      rustc-link-arg-bin) binArgs+=("$value") ;;
      rustc-cdylib-link-arg) cdylibLinkArgs+=(-C "link-arg=$value") ;;
      warning) echo "warning: $CARGO_PKG_NAME@$CARGO_PKG_VERSION: $value" >&2 ;;
      error) die "$CARGO_PKG_NAME@$CARGO_PKG_VERSION: $value" ;;
      metadata) if [[ -n $new ]]; then printf '%s\n' "$value" >>"$out/nix-support/links-metadata"; fi ;;
      rustc-check-cfg | rerun-if-changed | rerun-if-env-changed) ;;
      *) if [[ -z $new ]]; then printf '%s=%s\n' "$key" "$value" >>"$out/nix-support/links-metadata"; fi ;;
    esac
  done <"$script/output"
  return 0
}

if [[ -n ${buildScriptName:-} ]]; then
  export OUT_DIR=$NIX_BUILD_TOP/out-dir
  mkdir -p "$OUT_DIR"
  runBuildScript
fi
# shellcheck disable=SC2163 # each item is NAME=VALUE
for kv in "${scriptEnv[@]}"; do export "$kv"; done

phase buildPhase
if [[ -n $libName ]]; then
  echo "flakeoff: compiling $libPath ($libTypes)" >&2
  libFlags=()
  for t in $libTypes; do libFlags+=(--crate-type "$t"); done
  if [[ " $libTypes " == *" proc-macro "* ]]; then
    libFlags+=(-C prefer-dynamic --extern proc_macro)
  fi
  if [[ " $libTypes " == *" cdylib "* ]]; then
    libFlags+=("${linkArgs[@]}" "${cdylibLinkArgs[@]}")
  fi
  CARGO_CRATE_NAME=$libName "$rustc" --crate-name "$libName" --edition="$libEdition" "$src/$libPath" \
    "${libFlags[@]}" --emit=link "${codegenFlags[@]}" "${featureFlags[@]}" \
    -C "metadata=$libMetadata" -C "extra-filename=-$libMetadata" --out-dir "$out/lib" \
    "${depFlags[@]}" "${externs[@]}" "${capFlags[@]}" "${scriptFlags[@]}" "${remap[@]}"
fi

mkdir -p "$NIX_BUILD_TOP/bin"
while read -r meta edition name path; do
  [[ -n $meta ]] || continue
  crate=${name//-/_}
  own=()
  if [[ -n $libName ]]; then
    own=(-L "dependency=$out/lib" --extern "$libName=$out/lib/lib$libName-$libMetadata.rlib")
  fi
  binFlags=()
  while read -r binName flags; do
    if [[ $binName != "$name" ]]; then continue; fi
    for c in $flags; do binFlags+=(-C "$c"); done
  done <<<"$binCodegen"
  perBin=()
  for arg in "${binArgs[@]}"; do
    if [[ ${arg%%=*} == "$name" ]]; then perBin+=(-C "link-arg=${arg#*=}"); fi
  done
  echo "flakeoff: compiling $path (bin $name)" >&2
  CARGO_BIN_NAME=$name CARGO_CRATE_NAME=$crate "$rustc" --crate-name "$crate" --edition="$edition" "$src/$path" \
    --crate-type bin --emit=link "${binFlags[@]}" "${featureFlags[@]}" \
    -C "metadata=$meta" -C "extra-filename=-$meta" --out-dir "$NIX_BUILD_TOP/bin" \
    "${depFlags[@]}" "${own[@]}" "${externs[@]}" "${capFlags[@]}" "${scriptFlags[@]}" \
    "${linkArgs[@]}" "${binLinkArgs[@]}" "${perBin[@]}" "${remap[@]}"
done <<<"$bins"

phase installPhase
while read -r meta edition name path; do
  if [[ -n $meta ]]; then install -D -m 755 "$NIX_BUILD_TOP/bin/${name//-/_}-$meta" "$out/bin/$name"; fi
done <<<"$bins"
if [[ -n $libName ]]; then
  # Dependents link against all of these; binaries alone need none at run time.
  : >"$out/nix-support/closure"
  if ((${#deps[@]})); then printf '%s\n' "${deps[@]}" >"$out/nix-support/closure"; fi
else
  rmdir "$out/lib"
fi
echo "flakeoff: $CARGO_PKG_NAME $CARGO_PKG_VERSION done" >&2
