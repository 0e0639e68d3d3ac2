#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Assembles Flakeoff's offline stand-in flakes from this folder and the imported inputs:
#
#   assemble.sh --inputs DIR --out DIR
#
#   DIR(out)/nixpkgs/        this folder's nixpkgs/ + a copy of DIR(inputs)/nixpkgs-upstream as
#                            upstream/ (a path: flake input cannot reach outside its folder)
#   DIR(out)/rust-overlay/   this folder's rust-overlay/ + host.json (the host's toolchains)
#   DIR(out)/systems/ flake-compat/ fenix/   plumbing inputs, copied as they are
#   DIR(out)/standins.json   {"standins": [{name, path, words}], "toolchains": {…}}
#
# Idempotent: each stand-in is rebuilt beside the old one and swapped in. Exits non-zero with a
# message naming what is missing. Environment: RUSTC (the native rustc; default: rustup's in
# ~/.cargo/bin, else rustc on PATH), DEBIAN_RUSTC (default /usr/bin/rustc).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
die() { echo "assemble: $*" >&2; exit 1; }
usage() { echo "usage: $0 --inputs DIR --out DIR" >&2; exit 2; }

inputs="" out=""
while (($#)); do
  case "$1" in
    --inputs) [ $# -ge 2 ] || usage; inputs=$2; shift 2;;
    --out) [ $# -ge 2 ] || usage; out=$2; shift 2;;
    -h|--help) usage;;
    *) echo "assemble: unknown argument '$1'" >&2; usage;;
  esac
done
[ -n "$inputs" ] && [ -n "$out" ] || usage
command -v jq >/dev/null || die "jq is missing (install Debian's jq: scripts/setup.sh)"
[ -d "$inputs" ] || die "no inputs folder $inputs (run flakeoff-cli inputs import first)"
inputs=$(cd "$inputs" && pwd)
upstream="$inputs/nixpkgs-upstream"
[ -f "$upstream/pkgs/top-level/default.nix" ] && [ -f "$upstream/lib/default.nix" ] \
  || die "no nixpkgs-upstream input imported in $inputs (run flakeoff-cli inputs import …/nixpkgs-auxolotl-core.tar.gz)"
mkdir -p "$out"
out=$(cd "$out" && pwd)

# ---- host toolchains -------------------------------------------------------------------------
# Targets with a standard library in a sysroot's lib/rustlib.
targets_of() {
  local rustlib=$1 t
  for t in "$rustlib"/*/; do
    t=${t%/}; t=${t##*/}
    compgen -G "$rustlib/$t/lib/libstd-*.rlib" >/dev/null && printf '%s\n' "$t"
  done
}

debian_rustc=${DEBIAN_RUSTC:-/usr/bin/rustc}
debian_json=null
if [ -x "$debian_rustc" ] && [ "$("$debian_rustc" --print sysroot 2>/dev/null)" = /usr ]; then
  deb_dir=$(dirname "$debian_rustc")
  deb_targets=$(targets_of /usr/lib/rustlib)
  [ -x "$deb_dir/cargo" ] || die "Debian's rustc is installed but not its cargo (apt-get install cargo)"
  rust_lld=""
  [ -e "$deb_dir/rust-lld" ] && rust_lld=$(readlink -f "$deb_dir/rust-lld")
  debian_json=$(jq -n \
    --arg rustc "$debian_rustc" --arg cargo "$deb_dir/cargo" --arg rustdoc "$deb_dir/rustdoc" \
    --arg rustcVersion "$("$debian_rustc" --version)" \
    --arg version "$("$debian_rustc" --version | awk '{print $2}')" \
    --arg cargoVersion "$("$deb_dir/cargo" --version | awk '{print $2}')" \
    --arg rustLld "$rust_lld" --arg targets "$deb_targets" \
    '{kind: "debian", rustc: $rustc, cargo: $cargo, rustdoc: $rustdoc, rustlib: "/usr/lib/rustlib",
      rustcVersion: $rustcVersion, version: $version, cargoVersion: $cargoVersion, rustLld: $rustLld,
      targets: ($targets | split("\n") | map(select(. != "")))}')
fi

native_rustc=${RUSTC:-}
if [ -z "$native_rustc" ]; then
  if [ -x "$HOME/.cargo/bin/rustc" ]; then native_rustc=$HOME/.cargo/bin/rustc
  else native_rustc=$(command -v rustc || true)
  fi
fi
native_json=null
if [ -n "$native_rustc" ] && sysroot=$("$native_rustc" --print sysroot 2>/dev/null) && [ "$sysroot" != /usr ]; then
  [ -x "$sysroot/bin/rustc" ] && [ -x "$sysroot/bin/cargo" ] \
    || die "the toolchain at $sysroot has no bin/rustc and bin/cargo (a rustup toolchain is expected)"
  native_json=$(jq -n \
    --arg dir "$sysroot" --arg rustcVersion "$("$sysroot/bin/rustc" --version)" \
    --arg version "$("$sysroot/bin/rustc" --version | awk '{print $2}')" \
    --arg triple "$("$sysroot/bin/rustc" -vV | sed -n 's/^host: //p')" \
    --arg targets "$(targets_of "$sysroot/lib/rustlib")" \
    '{kind: "rustup", dir: $dir, rustcVersion: $rustcVersion, version: $version, triple: $triple,
      targets: ($targets | split("\n") | map(select(. != "")))}')
elif [ "$debian_json" != null ]; then
  # No rustup: Debian's toolchain serves native requests too.
  native_json=$(jq --arg triple "$("$debian_rustc" -vV | sed -n 's/^host: //p')" '. + {triple: $triple}' <<<"$debian_json")
else
  die "no Rust toolchain found: install rustup's stable (~/.cargo/bin/rustc) or Debian's rustc, or set RUSTC"
fi
host_json=$(jq -n --argjson native "$native_json" --argjson debian "$debian_json" '{native: $native, debian: $debian}')

# ---- stand-in folders --------------------------------------------------------------------------
# Builds $out/$name in $out/.$name.new (filled by the callback), then swaps it in.
swap_in() {
  local name=$1 new="$out/.$1.new" old="$out/.$1.old"
  rm -rf "$old"
  if [ -e "$out/$name" ]; then mv "$out/$name" "$old"; fi
  mv "$new" "$out/$name"
  rm -rf "$old"
}
copy_standin() {
  local name=$1 new="$out/.$1.new"
  [ -f "$here/$name/flake.nix" ] || die "$here/$name/flake.nix is missing (incomplete Flakeoff checkout)"
  rm -rf "$new"
  cp -R "$here/$name" "$new"
}

copy_standin nixpkgs
cp -R "$upstream" "$out/.nixpkgs.new/upstream"
# The upstream's own flake files are not part of the stand-in (its flake.nix is this folder's).
rm -f "$out/.nixpkgs.new/upstream/flake.nix" "$out/.nixpkgs.new/upstream/flake.lock"
# Small backports the strategies need from newer nixpkgs (each patch says which and why).
for p in "$here"/nixpkgs/patches/*.patch; do
  [ -e "$p" ] || continue
  command -v patch >/dev/null || die "patch is missing (apt-get install patch)"
  patch -s -p1 --forward -d "$out/.nixpkgs.new/upstream" <"$p" >/dev/null \
    || die "$(basename "$p") does not apply to $upstream (another nixpkgs revision?)"
done
rm -rf "$out/.nixpkgs.new/patches"
swap_in nixpkgs

copy_standin rust-overlay
printf '%s\n' "$host_json" >"$out/.rust-overlay.new/host.json"
swap_in rust-overlay

for name in systems flake-compat fenix; do
  copy_standin "$name"
  swap_in "$name"
done

# ---- standins.json ------------------------------------------------------------------------------
# The upstream's revision and date, from its import record when there is one.
record="$inputs/nixpkgs-upstream.json"
upstream_words="revision unknown"
if [ -f "$record" ]; then
  rev=$(jq -r '.revision // empty' "$record")
  repo=$(jq -r '.repository // empty' "$record")
  [ -n "$rev" ] && upstream_words="${repo:+${repo#github:} }${rev:0:7}"
fi
native_words=$(jq -r '"\(.kind) \(.version)"' <<<"$native_json")
if [ "$debian_json" != null ] && jq -e '.targets | index("wasm32-unknown-unknown")' <<<"$debian_json" >/dev/null; then
  wasm_words=" when only native targets are asked for; Debian's $(jq -r .version <<<"$debian_json"), with its wasm32 std, when wasm32 is: flakeoff/toolchain.nix always asks for it, so both targets build with that one"
else
  wasm_words="; no wasm32 standard library on the host"
fi

jq -n --arg out "$out" --argjson host "$host_json" \
  --arg nixpkgs "nixpkgs: offline host-tools stand-in (upstream nixpkgs $upstream_words; stdenv and helper tools from the host)" \
  --arg overlay "rust-overlay: the host's Rust copied into the store ($native_words$wasm_words)" \
  '{standins: [
      {name: "nixpkgs", path: "\($out)/nixpkgs", words: $nixpkgs},
      {name: "rust-overlay", path: "\($out)/rust-overlay", words: $overlay},
      {name: "systems", path: "\($out)/systems", words: "systems: the four default systems (nix-systems stand-in)"},
      {name: "flake-compat", path: "\($out)/flake-compat", words: "flake-compat: unused by flake builds (stand-in)"},
      {name: "fenix", path: "\($out)/fenix", words: "fenix: unused by the strategies (stand-in)"}
    ],
    toolchains: $host}' >"$out/standins.json.new"
mv "$out/standins.json.new" "$out/standins.json"
echo "assemble: stand-ins ready in $out (nixpkgs upstream $upstream_words; rust $native_words$wasm_words)"
