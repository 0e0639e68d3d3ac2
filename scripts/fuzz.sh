#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the libFuzzer target (preset `fuzz`) and fuzzes the log engine for a bounded time.
#
#   scripts/fuzz.sh [SECONDS] [--merge] [--jobs N] [-- LIBFUZZER_FLAGS...]
#
#   SECONDS   fuzzing time (default 60)
#   --merge   afterwards, add the new inputs that reach new code to tests/data/fuzz-corpus (a
#             greedy minimal set covering the new edges, hit counts ignored, so the repository
#             gains tens of files, not thousands); default: keep them in the scratch folder only
#   --jobs N  N fuzzing processes (libFuzzer -fork=N)
#
# Scratch folder (kept between runs, so fuzzing builds on earlier runs): build/fuzz/fuzz-work/
#   corpus/     new interesting inputs     artifacts/  crash-*, oom-*, timeout-* inputs
#   seeds/      the repository corpus minus inputs that already crash      fuzz.log
# Exit status: 0 no crash; 1 a crash (its input's path is printed); 2 usage or build error.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

duration=60
merge=0
jobs=0
extra=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --merge) merge=1 ;;
        --jobs) jobs=${2:?--jobs needs a number}; shift ;;
        -h|--help) sed -n '3,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        --) shift; extra=("$@"); break ;;
        ''|*[!0-9]*) echo "fuzz.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
        *) duration=$1 ;;
    esac
    shift
done

say() { printf '\n==> %s\n' "$*"; }

corpus=tests/data/fuzz-corpus
dict=tests/fuzz/nix-log.dict
work=build/fuzz/fuzz-work
fuzzer=build/fuzz/tests/fuzz/fuzz_log
max_len=8000 # corpus files stay under 8 KB

say "configuring and building preset 'fuzz' (clang, -fsanitize=fuzzer,address,undefined)"
cmake --preset fuzz >/dev/null || { echo "fuzz.sh: cmake configure failed" >&2; exit 2; }
cmake --build --preset fuzz --target fuzz_log || { echo "fuzz.sh: build failed" >&2; exit 2; }

mkdir -p "$work/corpus" "$work/artifacts"
rm -rf "$work/seeds"
mkdir -p "$work/seeds"

# An input in the repository corpus that still crashes would stop libFuzzer at start-up:
# replay each one alone, report the ones that crash and fuzz with the others.
say "replaying $(find "$corpus" -type f | wc -l) inputs of $corpus"
known=()
while IFS= read -r -d '' f; do
    if "$fuzzer" -rss_limit_mb=2048 -timeout=20 "$f" >"$work/replay.log" 2>&1; then
        cp "$f" "$work/seeds/"
    else
        known+=("$f")
        echo "  CRASHES: $f"
        grep -m3 -E 'ERROR:|runtime error|invariant broken|terminate called' "$work/replay.log" | sed 's/^/    /' || true
    fi
done < <(find "$corpus" -type f -print0 | sort -z)

flags=(-max_total_time="$duration" -dict="$dict" -max_len="$max_len" -rss_limit_mb=2048 -timeout=10
       -artifact_prefix="$work/artifacts/" -print_final_stats=1)
[[ $jobs -gt 0 ]] && flags+=(-fork="$jobs")
before=$(find "$work/artifacts" -type f | sort)

say "fuzzing for ${duration} s: $fuzzer ${flags[*]} ${extra[*]:-} $work/corpus $work/seeds"
echo "    (new inputs go to $work/corpus; full output in $work/fuzz.log)"
set +e
"$fuzzer" "${flags[@]}" "${extra[@]}" "$work/corpus" "$work/seeds" 2>&1 | tee "$work/fuzz.log" |
    grep --line-buffered -E '#[0-9]+.*(INITED|DONE|REDUCE|NEW|pulse)|ERROR|SUMMARY|runtime error|invariant|stat::|Test unit written'
status=${PIPESTATUS[0]}
set -e

new=$(comm -13 <(echo "$before") <(find "$work/artifacts" -type f | sort) | sed '/^$/d')
if [[ $status -ne 0 || -n $new ]]; then
    say "FUZZING FOUND A PROBLEM (libFuzzer exit $status)"
    for a in $new; do
        echo "  input: $a"
        echo "  reproduce: $fuzzer $a"
    done
    echo "  log: $work/fuzz.log"
    echo "  Add the input to $corpus (so tst_fuzzcorpus replays it) once it is understood."
    exit 1
fi
say "no crash in ${duration} s ($(find "$work/corpus" -type f | wc -l) inputs in $work/corpus)"

if [[ $merge -eq 1 ]]; then
    say "merging new coverage into $corpus (libFuzzer -set_cover_merge=1 -use_counters=0)"
    count_before=$(find "$corpus" -type f | wc -l)
    "$fuzzer" -set_cover_merge=1 -use_counters=0 -max_len="$max_len" -rss_limit_mb=2048 -timeout=10 \
        "$corpus" "$work/corpus" \
        >"$work/merge.log" 2>&1 || { echo "fuzz.sh: merge failed, see $work/merge.log" >&2; exit 1; }
    echo "  $(( $(find "$corpus" -type f | wc -l) - count_before )) files added to $corpus"
fi

if [[ ${#known[@]} -gt 0 ]]; then
    say "${#known[@]} corpus input(s) still crash (fixed in src/ yet?):"
    printf '  %s\n' "${known[@]}"
    exit 1
fi
