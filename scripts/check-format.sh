#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks that every tracked C++ file is formatted as .clang-format says (clang-format 14, Debian 12).
#
#   scripts/check-format.sh          list the files that differ and exit 1 if any does
#   scripts/check-format.sh --fix    format them in place
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
fix=0
case ${1:-} in
    --fix) fix=1 ;;
    '') ;;
    *) echo "usage: scripts/check-format.sh [--fix]" >&2; exit 2 ;;
esac
command -v clang-format >/dev/null || { echo "check-format: clang-format not found (scripts/setup.sh installs it)" >&2; exit 2; }
mapfile -d '' files < <(git ls-files -z -- '*.cpp' '*.h')
if ((fix)); then
    clang-format -i "${files[@]}"
    echo "check-format: formatted ${#files[@]} files"
    exit 0
fi
bad=()
for f in "${files[@]}"; do
    clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if ((${#bad[@]})); then
    echo "check-format: ${#bad[@]} of ${#files[@]} files differ from .clang-format (fix: scripts/check-format.sh --fix):" >&2
    printf '  %s\n' "${bad[@]}" >&2
    exit 1
fi
echo "check-format: ${#files[@]} files formatted as .clang-format says"
