#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks separate-crates.py (the separate layout's first prepare step) with python3 alone: cargo
# reads the manifests it writes when cargo is installed. The sample's shape (inherited package
# keys and dependencies, a target-specific one, a cdylib), a workspace with [patch], [profile],
# lints, an inherited readme and a member glob; and the failing paths (a root package, an
# inherited key the workspace lacks, a manifest that is not TOML). Run by CTest.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tool="$here/separate-crates.py"
sample="$here/../../../tests/data/workspaces/small-sample"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
check() { # check DESCRIPTION COMMAND...
  if "${@:2}"; then echo "PASS $1"; else echo "FAIL $1"; failures=$((failures + 1)); fi
}
toml() { # toml FILE EXPRESSION: prints the expression over the parsed file (python, d = the table)
  python3 -c 'import sys, tomllib; d = tomllib.load(open(sys.argv[1], "rb")); print(eval(sys.argv[2]))' "$1" "$2"
}

# 1. The small sample, in a git repository as the runner's scratch copy is.
s="$tmp/sample"
cp -R "$sample" "$s"
git -C "$s" init -q && git -C "$s" add -A
out=$(python3 "$tool" "$s")
check "says what it made" grep -q "3 projects side by side (app, cats, wasm; root projects app, wasm)" <<<"$out"
check "no root manifest" test ! -e "$s/Cargo.toml"
check "app's version written out" test "$(toml "$s/app/Cargo.toml" 'd["package"]["version"]')" = 0.1.0
check "app's edition written out" test "$(toml "$s/app/Cargo.toml" 'd["package"]["edition"]')" = 2021
check "app's path dependency relative to app/" \
  test "$(toml "$s/app/Cargo.toml" 'd["dependencies"]["cats"]')" = "{'path': '../cats'}"
check "a registry dependency keeps its requirement" test "$(toml "$s/app/Cargo.toml" 'd["dependencies"]["libc"]')" = 0.2
check "a target-specific dependency inherited too" \
  test "$(toml "$s/cats/Cargo.toml" 'd["target"]["cfg(not(target_arch = \"wasm32\"))"]["dependencies"]["libc"]')" = 0.2
check "the cdylib stays a cdylib" test "$(toml "$s/wasm/Cargo.toml" 'd["lib"]["crate-type"]')" = "['cdylib', 'rlib']"
check "root projects get the workspace's resolver" test "$(toml "$s/wasm/Cargo.toml" 'd["package"]["resolver"]')" = 2
check "a dependency does not" test "$(toml "$s/cats/Cargo.toml" 'd["package"].get("resolver")')" = None
check "the new manifests are staged" test -z "$(git -C "$s" diff --name-only)"
check "the root manifest is out of the index" test "$(git -C "$s" ls-files -- Cargo.toml)" = ""
check "run again: nothing to do" grep -q "already separate" <<<"$(python3 "$tool" "$s")"
if command -v cargo >/dev/null 2>&1; then
  for p in app cats wasm; do
    check "cargo reads $p's manifest" cargo read-manifest --manifest-path "$s/$p/Cargo.toml" -q >/dev/null
  done
fi

# 2. What applies to the workspace's root goes to every root project, paths rebased.
w="$tmp/workspace"
mkdir -p "$w/crates/tool/src" "$w/crates/lib/src" "$w/patched/src"
cat >"$w/Cargo.toml" <<'TOML'
[workspace]
members = ["crates/*"]
resolver = "2"

[workspace.package]
version = "1.2.3"
readme = "README.md"

[workspace.dependencies]
lib = { path = "crates/lib", features = ["a"] }
serde = { version = "1", default-features = false }

[workspace.lints.rust]
unsafe_code = "forbid"

[patch.crates-io]
patched = { path = "patched" }

[profile.release]
lto = true
TOML
cat >"$w/crates/tool/Cargo.toml" <<'TOML'
[package]
name = "tool"
version.workspace = true
readme.workspace = true

[dependencies]
lib = { workspace = true, features = ["b"], optional = true }
serde.workspace = true

[lints]
workspace = true

[[bin]]
name = "tool"
path = "src/main.rs"
TOML
printf '[package]\nname = "lib"\nversion.workspace = true\n\n[features]\na = []\nb = []\n' >"$w/crates/lib/Cargo.toml"
python3 "$tool" "$w" >/dev/null
t="$w/crates/tool/Cargo.toml"
check "a member glob expanded" test -f "$w/crates/lib/Cargo.toml" -a ! -e "$w/Cargo.toml"
check "inherited features added to the workspace's" \
  test "$(toml "$t" 'd["dependencies"]["lib"]')" = "{'path': '../lib', 'features': ['a', 'b'], 'optional': True}"
check "an inherited table dependency kept whole" \
  test "$(toml "$t" 'd["dependencies"]["serde"]')" = "{'version': '1', 'default-features': False}"
check "an inherited readme relative to the member" test "$(toml "$t" 'd["package"]["readme"]')" = ../../README.md
check "workspace lints written out" test "$(toml "$t" 'd["lints"]')" = "{'rust': {'unsafe_code': 'forbid'}}"
check "[[bin]] kept" test "$(toml "$t" 'd["bin"]')" = "[{'name': 'tool', 'path': 'src/main.rs'}]"
check "the root project gets [patch], rebased" \
  test "$(toml "$t" 'd["patch"]["crates-io"]["patched"]')" = "{'path': '../../patched'}"
check "the root project gets [profile]" test "$(toml "$t" 'd["profile"]["release"]["lto"]')" = True
check "a dependency of another member gets neither" \
  test "$(toml "$w/crates/lib/Cargo.toml" '("patch" in d, "profile" in d)')" = "(False, False)"

# 3. Trees it refuses, with a sentence, leaving them as they were.
refuses() { # refuses DESCRIPTION EXPECTED-MESSAGE ROOT-MANIFEST [MEMBER-MANIFEST]
  local d="$tmp/refuse-$RANDOM"
  mkdir -p "$d/m"
  printf '%b' "$3" >"$d/Cargo.toml"
  local member='[package]\nname = "m"\nversion = "0.1.0"\n'
  printf '%b' "${4:-$member}" >"$d/m/Cargo.toml"
  local err
  if err=$(python3 "$tool" "$d" 2>&1); then echo "FAIL $1: it succeeded"; failures=$((failures + 1)); return; fi
  check "$1" grep -q "$2" <<<"$err"
  check "$1: the root manifest is left" test -f "$d/Cargo.toml"
}
refuses "a root package" "is itself a package" '[package]\nname = "r"\nversion = "0.1.0"\n[workspace]\nmembers = ["m"]\n'
refuses "no [workspace]" "has no \[workspace\]" '[dependencies]\n'
refuses "an inherited key the workspace lacks" "package.edition inherits from the workspace, which does not set it" \
  '[workspace]\nmembers = ["m"]\n' '[package]\nname = "m"\nversion = "0.1.0"\nedition.workspace = true\n'
refuses "a dependency the workspace lacks" "serde inherits from the workspace, which has no such dependency" \
  '[workspace]\nmembers = ["m"]\n' '[package]\nname = "m"\nversion = "0.1.0"\n[dependencies]\nserde.workspace = true\n'
refuses "a manifest that is not TOML" "m/Cargo.toml" '[workspace]\nmembers = ["m"]\n' '[package\n'

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
