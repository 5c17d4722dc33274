#!/usr/bin/env bash
# Linear-work check (issue 20): analyses one article of each pathological
# shape at a base size and at twice it under valgrind's callgrind, which counts
# the instructions executed (all threads), and fails when doubling the input
# more than LIMIT-multiplies the work. Instruction counts do not depend on
# the machine's load, so unlike wall time this can fail reliably.
#
#   scripts/bench-instructions.sh [BASE_MB]      (default 0.5: 0.5 MB and 1 MB)
#   SHAPES="said dates" LIMIT=2.2 scripts/bench-instructions.sh 1
#
# Shapes as in scripts/bench-scaling.sh (scripts/gen-scaling-input.py).
# `perf stat -e instructions` would be faster but needs hardware counters,
# which containers and VMs often lack; callgrind runs anywhere (about 50x
# slower than native: the defaults take a few minutes).
# Needs python3 and valgrind. Builds the release binary first. Exit 1 when
# a shape scales worse than LIMIT.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-0.5}
limit=${LIMIT:-2.2}
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 2; }
cargo build --release -q -p storyline-cli
bin=target/release/storyline
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Instructions executed by `storyline analyze INPUT` into a new store.
instructions() {
    rm -f "$work/db"
    valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        "$bin" analyze "$1" --db "$work/db" --json >/dev/null 2>"$work/callgrind.log" ||
        { tail -5 "$work/callgrind.log" >&2; return 1; }
    grep -o 'Collected : [0-9]*' "$work/callgrind.log" | grep -o '[0-9]*$'
}

failed=0
printf '%-6s %8s %16s %16s %7s\n' shape base_MB instructions_1x instructions_2x ratio
for shape in ${SHAPES:-divs line said dates}; do
    case $shape in divs) ext=html ;; dates) ext=jsonl ;; *) ext=txt ;; esac
    double=$(python3 -c "print($base * 2)")
    python3 scripts/gen-scaling-input.py "$shape" "$base" "$work/one.$ext"
    python3 scripts/gen-scaling-input.py "$shape" "$double" "$work/two.$ext"
    one=$(instructions "$work/one.$ext")
    two=$(instructions "$work/two.$ext")
    verdict=$(python3 -c "r = $two / $one; print(f'{r:.2f}', 'ok' if r <= $limit else 'FAIL')")
    printf '%-6s %8s %16s %16s %7s\n' "$shape" "$base" "$one" "$two" "$verdict"
    [[ $verdict == *ok ]] || failed=1
done
if [[ $failed -ne 0 ]]; then
    echo "doubling the input more than ${limit}x the instructions: a superlinear path" >&2
fi
exit $failed
