#!/usr/bin/env bash
# Side-by-side: storyline's near-duplicate detection against datasketch (MinHash
# LSH) on the same synthetic corpus, with the same parameters (128 permutations,
# word 5-gram shingles, 32 bands x 4 rows, Jaccard >= 0.5 or containment >= 0.8),
# scored against the same planted reprints. See
# crates/storyline-bench/src/bin/bench-dedupe.rs and scripts/compare_dedupe.py.
#
#   scripts/compare-dedupe.sh [N]     (N articles, default 20000)
#
# The corpus is written by gen-corpus into a temporary folder; datasketch is
# installed into a throwaway virtualenv there, and all of it is removed on exit.
# Both sides run on one thread, pinned to one core (CORE, default 0), and
# alternate ROUNDS times (default 3): see scripts/side-by-side.sh. Printed: the
# grouping and its score (first round), then per round and as medians the CPU
# seconds of the timed part (signatures + LSH + grouping, corpus loading
# excluded), the whole process's CPU seconds and peak RSS, and the ratios.
set -euo pipefail

articles=${1:-20000}
repo=$(cd "$(dirname "$0")/.." && pwd)
target_dir=${CARGO_TARGET_DIR:-$repo/target}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=scripts/side-by-side.sh
source "$repo/scripts/side-by-side.sh"
# One thread for numpy and anything else that would spread out.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 RAYON_NUM_THREADS=1

echo "== building storyline-bench (release)" >&2
(cd "$repo" && cargo build --release -q -p storyline-bench --bin gen-corpus --bin bench-dedupe)

echo "== generating $articles articles" >&2
"$target_dir/release/gen-corpus" --articles "$articles" --out "$work/corpus" >&2

echo "== installing datasketch into a temporary virtualenv" >&2
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check datasketch

for round in $(seq 1 "$rounds"); do
    pinned "$work" storyline "$round" \
        "$target_dir/release/bench-dedupe" "$work/corpus" --json --groups "$work/storyline-groups.jsonl"
    pinned "$work" datasketch "$round" \
        "$work/venv/bin/python" "$repo/scripts/compare_dedupe.py" "$work/corpus" "$work/datasketch-groups.jsonl"
done
cp "$work/storyline-1.json" "$work/storyline.json"
cp "$work/datasketch-1.json" "$work/datasketch.json"

python3 - "$work" <<'PY'
import itertools, json, sys
from pathlib import Path

work = Path(sys.argv[1])
ours = json.loads((work / "storyline.json").read_text())
theirs = json.loads((work / "datasketch.json").read_text())

def pairs(path):
    out = set()
    for line in open(path, encoding="utf-8"):
        out.update(itertools.combinations(sorted(json.loads(line)), 2))
    return out

a, b = pairs(work / "storyline-groups.jsonl"), pairs(work / "datasketch-groups.jsonl")
rows = [
    ("signatures (s)", "signature_seconds", "{:.2f}"),
    ("LSH + grouping (s)", "lsh_seconds", "{:.2f}"),
    ("total (s)", "total_seconds", "{:.2f}"),
    ("CPU (s)", "cpu_seconds", "{:.2f}"),
    ("articles/s", "articles_per_second", "{:,.0f}"),
    ("MB/s of text", "mb_per_second", "{:.2f}"),
    ("RSS after load (MiB)", "rss_after_load_mib", "{:.0f}"),
    ("peak RSS (MiB)", "peak_rss_mib", "{:.0f}"),
    ("groups", "groups", "{}"),
    ("grouped articles", "grouped_articles", "{}"),
    ("reprints grouped", "reprints_grouped_with_source", "{}"),
    ("recall", "recall", "{:.4f}"),
    ("grouped pairs", "grouped_pairs", "{}"),
    ("  not planted copies", "false_pairs", "{}"),
    ("stray articles", "stray_articles", "{}"),
]
name = f"datasketch {theirs.get('version', '')}".strip()
print(f"\n{ours['articles']:,} articles, {ours['text_bytes'] / 1e6:.1f} MB of text, "
      f"{ours['reprints_planted']} planted reprints, one thread each (first round)\n")
print(f"{'':<22} {'storyline':>12} {name:>18} {'ratio':>8}")
for label, key, fmt in rows:
    x, y = ours.get(key), theirs.get(key)
    ratio = ""
    if key.endswith("seconds") and x and y:
        ratio = f"{y / x:.1f}x"
    elif key in ("articles_per_second", "mb_per_second") and x and y:
        ratio = f"{x / y:.1f}x"
    print(f"{label:<22} {fmt.format(x):>12} {fmt.format(y):>18} {ratio:>8}")
print(f"\ngrouped pairs: {len(a & b)} by both, {len(a - b)} by storyline only, "
      f"{len(b - a)} by datasketch only")
PY

python3 "$repo/scripts/side_by_side.py" "$work" "$rounds" storyline datasketch \
    cpu_seconds:"timed CPU s":lower articles_per_second:"articles/s":higher
