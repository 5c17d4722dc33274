#!/usr/bin/env bash
# Side-by-side: storyline's HTML extraction against trafilatura on the same pages,
# scored by the same metric (see crates/storyline-eval/src/extraction.rs and
# scripts/compare_extract.py).
#
#   scripts/compare-extract.sh DATA_DIR
#
# DATA_DIR holds html/<id>.html.gz and ground-truth.json. trafilatura is
# installed into a throwaway virtualenv in a temporary folder, removed on exit.
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

echo "== building storyline (release)" >&2
(cd "$repo" && cargo build --release -q -p storyline-cli)
storyline="$target_dir/release/storyline"

echo "== scoring storyline" >&2
"$storyline" eval extract --data "$data_dir" --json >"$work/storyline.json"

echo "== installing trafilatura into a temporary virtualenv" >&2
python3 -m venv "$work/venv"
# lxml_html_clean: justext (a trafilatura dependency) imports it, and recent lxml
# releases no longer ship it.
"$work/venv/bin/pip" install --quiet --disable-pip-version-check trafilatura lxml_html_clean

echo "== scoring trafilatura" >&2
"$work/venv/bin/python" "$repo/scripts/compare_extract.py" "$data_dir" >"$work/trafilatura.json"

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
print(f"\npages: {ours.get('n_pages')} (storyline), {theirs.get('n_pages')} ({name})")
PY
