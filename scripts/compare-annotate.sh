#!/usr/bin/env bash
# Side-by-side: storyline's annotate stage (sentences, entities, quotes, dates,
# quantities) against spaCy's bare tokenizer + sentencizer (`spacy.blank("en")`
# with the rule-based `sentencizer`; spaCy's trained pipelines are downloaded
# from outside the package registry, so none is used) on the same clean text
# of a synthetic corpus. See crates/storyline-bench/src/bin/bench-annotate.rs
# (`--annotate-only`) and scripts/compare_annotate.py.
#
#   scripts/compare-annotate.sh [N]     (N articles, default 20000)
#
# bench-annotate generates the corpus, extracts it and writes the clean texts;
# then each side, pinned to one core (CORE, default 0), times its own work over
# those texts on one thread, alternating ROUNDS times (default 3): see
# scripts/side-by-side.sh. storyline's timed part is annotate alone (generating
# and extracting the corpus is in its process CPU, not in its timed CPU);
# spaCy's is `nlp.pipe` (reading the texts is in its process CPU). spaCy is
# installed into a throwaway virtualenv in a temporary folder, removed on exit.
set -euo pipefail

articles=${1:-20000}
repo=$(cd "$(dirname "$0")/.." && pwd)
target_dir=${CARGO_TARGET_DIR:-$repo/target}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=scripts/side-by-side.sh
source "$repo/scripts/side-by-side.sh"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 RAYON_NUM_THREADS=1

echo "== building storyline-bench (release)" >&2
(cd "$repo" && cargo build --release -q -p storyline-bench --bin bench-annotate)
bench="$target_dir/release/bench-annotate"

echo "== generating and extracting $articles articles" >&2
"$bench" --articles "$articles" --annotate-only --clean-text "$work/clean.jsonl"

echo "== installing spaCy into a temporary virtualenv" >&2
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check spacy

for round in $(seq 1 "$rounds"); do
    pinned "$work" storyline "$round" "$bench" --articles "$articles" --annotate-only --json
    pinned "$work" spacy "$round" "$work/venv/bin/python" "$repo/scripts/compare_annotate.py" "$work/clean.jsonl"
done

python3 - "$work" <<'PY'
import json, sys
from pathlib import Path

work = Path(sys.argv[1])
ours = json.loads((work / "storyline-1.json").read_text())
theirs = json.loads((work / "spacy-1.json").read_text())
print(f"\n{ours['articles']:,} articles, {ours['clean_bytes'] / 1e6:.1f} MB of clean text, "
      f"{ours['words']:,} words (spaCy read {theirs['articles']:,} texts, {theirs['words']:,} words); "
      f"sentences: storyline {ours['sentences']:,}, spaCy {theirs['sentences']:,} "
      f"({theirs['tokens']:,} spaCy tokens); spaCy {theirs['version']}, {theirs['pipeline']}")
PY

python3 "$repo/scripts/side_by_side.py" "$work" "$rounds" storyline spacy \
    cpu_seconds:"timed CPU s":lower words_per_cpu_second:"words/CPU s":higher
