#!/usr/bin/env bash
# The user's path at scale: `storyline analyze` on a stored corpus of N articles,
# then adding the newest 1,000 (incrementally, the default) against re-analysing
# everything (`--rebuild`). Wall time and peak memory of each run, with the run
# summaries storyline prints.
#
#   scripts/bench-incremental.sh [N]      # default 20000
#
# The incremental add runs twice: with the full report, and with the run summary
# alone (`--json` without `-o`), as a crawler adding a day's articles would.
# Each line splits the run into ingest (read, extract, annotate, store), analyse
# (dedupe, cluster, analysis over the store) and report (read the documents back,
# build and write the full JSON report, which covers the whole corpus).
#
# The corpus is synthetic (gen-corpus: planted events, stories and reprints from
# our own templates); the newest 1,000 articles by publication date are held back
# and added afterwards, as a daily crawl would add them.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
add=1000
target_dir=${CARGO_TARGET_DIR:-target}
work=$(mktemp -d /tmp/bench-incremental.XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "== building (release)" >&2
cargo build --release -q -p storyline-cli -p storyline-bench
storyline="$target_dir/release/storyline"

echo "== generating $((n + add)) articles" >&2
"$target_dir/release/gen-corpus" --articles $((n + add)) --out "$work/corpus" >/dev/null
python3 - "$work" "$add" <<'PY'
import json, sys
work, add = sys.argv[1], int(sys.argv[2])
lines = open(f"{work}/corpus/corpus.jsonl", encoding="utf-8").read().splitlines()
lines.sort(key=lambda l: json.loads(l)["published"])
import os
os.makedirs(f"{work}/base")
base = lines[:-add]
# storyline refuses files over 64 MiB: the stored corpus goes in parts.
for part in range(0, len(base), 20000):
    open(f"{work}/base/part-{part // 20000:03}.jsonl", "w", encoding="utf-8").write("\n".join(base[part:part + 20000]) + "\n")
open(f"{work}/new.jsonl", "w", encoding="utf-8").write("\n".join(lines[-add:]) + "\n")
PY

# run LABEL ARGS...: one `storyline analyze`, with a JSON report unless ARGS say --no-report.
run() {
  local label=$1; shift
  local report=(--format json -o "$work/report.json")
  if [ "${1:-}" = --no-report ]; then report=(); shift; fi
  /usr/bin/time -f "%e %M" -o "$work/time" "$storyline" analyze "$@" "${report[@]}" --json 2>"$work/err" >"$work/summary.json"
  read -r seconds kib <"$work/time"
  printf '%-44s %8.1f s  peak %6.0f MiB   %s\n' "$label" "$seconds" "$((kib / 1024))" "$(python3 "$work/summary.py" "$work/summary.json")"
}

cat >"$work/summary.py" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
t = s["seconds"]
how = "incremental" if s["incremental"] else "all re-analysed"
print(f"{s['added']} new; {s['articles']} articles, {s['events']} events, {s['stories']} stories ({how}); "
      f"ingest {t['ingest']:.1f} s, analyse {t['analyse']:.1f} s, report {t['report']:.1f} s")
PY

run "analyze $n articles into a new store" "$work/base" --db "$work/store.db"
cp "$work/store.db" "$work/copy.db"
cp "$work/store.db" "$work/quiet.db"
run "add the newest $add (incremental)" "$work/new.jsonl" --db "$work/store.db"
run "add the newest $add (incremental, no report)" --no-report "$work/new.jsonl" --db "$work/quiet.db"
run "add the newest $add (--rebuild)" "$work/new.jsonl" --db "$work/copy.db" --rebuild
