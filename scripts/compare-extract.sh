#!/usr/bin/env bash
# Side-by-side: storyline's HTML extraction against trafilatura on the same pages,
# scored by the same metric (see crates/storyline-eval/src/extraction.rs and
# scripts/compare_extract.py).
#
#   scripts/compare-extract.sh DATA_DIR
#
# DATA_DIR holds html/<id>.html.gz and ground-truth.json. trafilatura is
# installed into a throwaway virtualenv in a temporary folder, removed on exit.
# Each side runs pinned to one core (CORE, default 0) and the two alternate
# ROUNDS times (default 3): see scripts/side-by-side.sh. Printed: the scores
# (first round), then per round and as medians pages/s of the extraction calls
# (fastest of the passes each side makes), the whole process's CPU seconds
# (reading, decompressing and scoring included) and peak RSS, and the ratios.
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 DATA_DIR" >&2
    exit 2
fi
data_dir=$(cd "$1" && pwd)
repo=$(cd "$(dirname "$0")/.." && pwd)
target_dir=${CARGO_TARGET_DIR:-$repo/target}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=scripts/side-by-side.sh
source "$repo/scripts/side-by-side.sh"
export RAYON_NUM_THREADS=1

echo "== building storyline (release)" >&2
(cd "$repo" && cargo build --release -q -p storyline-cli)
storyline="$target_dir/release/storyline"

echo "== installing trafilatura into a temporary virtualenv" >&2
python3 -m venv "$work/venv"
# lxml_html_clean: justext (a trafilatura dependency) imports it, and recent lxml
# releases no longer ship it.
"$work/venv/bin/pip" install --quiet --disable-pip-version-check trafilatura lxml_html_clean

for round in $(seq 1 "$rounds"); do
    pinned "$work" storyline "$round" "$storyline" eval extract --data "$data_dir" --json
    pinned "$work" trafilatura "$round" \
        "$work/venv/bin/python" "$repo/scripts/compare_extract.py" "$data_dir"
done
cp "$work/storyline-1.json" "$work/storyline.json"
cp "$work/trafilatura-1.json" "$work/trafilatura.json"

python3 - "$work/storyline.json" "$work/trafilatura.json" <<'PY'
import json, sys

def load(path):
    text = open(path, encoding="utf-8").read()
    # Tolerate a CLI that prints text before the JSON object.
    return json.loads(text[text.index("{"):])

ours, theirs = load(sys.argv[1]), load(sys.argv[2])
rows = [
    ("4-gram F1", "f1", "{:.3f}"),
    ("4-gram precision", "precision", "{:.3f}"),
    ("4-gram recall", "recall", "{:.3f}"),
    ("token F1", "token_f1", "{:.3f}"),
    ("pages/s (1 core)", "pages_per_second", "{:.1f}"),
    ("MB/s of HTML", "mb_per_second", "{:.1f}"),
]
name = theirs.get("extractor", "trafilatura")
print(f"\n{'':<18} {'storyline':>12} {name:>20} {'ratio':>8}")
for label, key, fmt in rows:
    a, b = ours.get(key), theirs.get(key)
    ratio = f"{a / b:.1f}x" if key.endswith("second") and a and b else ""
    print(f"{label:<18} {fmt.format(a):>12} {fmt.format(b):>20} {ratio:>8}")
print(f"\npages: {ours.get('n_pages')} (storyline), {theirs.get('n_pages')} ({name}); first round")
PY

python3 "$repo/scripts/side_by_side.py" "$work" "$rounds" storyline trafilatura \
    pages_per_second:"pages/s":higher
