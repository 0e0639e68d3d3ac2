#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The core's folders depend one way, along the data flow: a folder may include only folders listed
# before it below. Prints every folder → folder include edge (with its count) and fails on one that
# goes back, which every two-way pair (and every longer cycle) has.
set -euo pipefail
core=$(cd "$(dirname "${BASH_SOURCE[0]}")/../src/core" && pwd)
layers=(util log nix strategy session scenario predict report)
rank() {
  local i
  for i in "${!layers[@]}"; do [[ ${layers[$i]} == "$1" ]] && { echo "$i"; return; }; done
  echo -1
}
for dir in "$core"/*/; do
  name=$(basename "$dir")
  [[ $(rank "$name") -ge 0 ]] || { echo "src/core/$name is not in the layer list of $0" >&2; exit 1; }
done
status=0
while read -r count from to; do
  if [[ $(rank "$to") -lt $(rank "$from") ]]; then
    echo "$from -> $to ($count)"
  else
    echo "$from -> $to ($count): goes back against ${layers[*]}" >&2
    status=1
  fi
done < <(cd "$core" && grep -rEo '^#include "[a-z]+/' --include='*.h' --include='*.cpp' . |
  sed -E 's|^\./([a-z]+)/[^:]*:#include "([a-z]+)/$|\1 \2|' | awk '$1 != $2' | sort | uniq -c)
exit $status
