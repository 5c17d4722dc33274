#!/usr/bin/env bash
# Load benchmark of `storyline serve`: requests/s and p50/p99 latency of the
# story page API (GET /api/stories/{id}), the story search (GET
# /api/stories?q=WORD) and full-text article search (GET /api/articles?q=WORD)
# on a 100,000-article database, on loopback; start-up time and resident
# memory before and after the load.
#
#   scripts/bench-serve.sh [--articles N] [--duration 10s] [--connections 32] [--threads 1] [--pg URL]
#
# With --pg, the store is that PostgreSQL database (analysed into once when it
# holds no article) instead of target/bench-serve/gen-N.db.
#
# - installs wrk from Debian's packages if it is missing;
# - builds the release `storyline` binary and `gen-corpus` (the synthetic corpus
#   of storyline-synth: invented templates, planted events, stories and reprints),
#   and builds the database once with `storyline analyze` (the whole pipeline),
#   kept as target/bench-serve/gen-N.db for later runs;
# - starts `storyline serve` on a free 127.0.0.1 port, waits for the index,
#   runs wrk for a bounded time rotating over every story id, prints the
#   figures (and target/bench-serve/result.txt), and stops the server.
#
# The machine has 2 cores shared by wrk and the server: the figures are a floor.
set -euo pipefail
cd "$(dirname "$0")/.."
articles=100000 duration=10s connections=32 threads=1 pg=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --articles) articles=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --pg) pg=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

if ! command -v wrk >/dev/null; then
  echo "== installing wrk (Debian)"
  if [[ $(id -u) -eq 0 ]]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y wrk
fi

target_dir=${CARGO_TARGET_DIR:-target}
echo "== building (release)"
cargo build --release -p storyline-cli -p storyline-bench
binary="$target_dir/release/storyline"
work="$target_dir/bench-serve"
mkdir -p "$work"
db="$work/gen-$articles.db"
generate() {  # $1: the --db to analyse into
  echo "== generating $articles articles and analysing them into $1"
  corpus="$work/corpus-$articles"
  rm -rf "$corpus"
  "$target_dir/release/gen-corpus" --articles "$articles" --out "$corpus" >/dev/null
  # storyline refuses files over 64 MiB: the corpus goes in parts.
  mkdir -p "$corpus/parts"
  split -l 20000 -d --additional-suffix=.jsonl "$corpus/corpus.jsonl" "$corpus/parts/part-"
  /usr/bin/time -f "analyze: %e s wall, %U+%S s CPU, %M KiB peak" "$binary" analyze "$corpus/parts" --db "$1" --json
  rm -rf "$corpus"
}
if [[ -n $pg ]]; then
  stored=$(psql "$pg" -Atc "SELECT count(*) FROM articles" 2>/dev/null || echo 0)
  [[ $stored -gt 0 ]] || generate "$pg"
  db=$pg
  size=$(psql "$pg" -Atc "SELECT pg_size_pretty(pg_database_size(current_database()))")
elif [[ ! -f $db ]]; then
  rm -f "$db.partial"*
  generate "$db.partial"
  for suffix in "" -wal -shm; do
    [[ -f $db.partial$suffix ]] && mv "$db.partial$suffix" "$db$suffix"
  done
fi
[[ -n $pg ]] || size=$(du -h "$db" | cut -f1)
echo "== database: $size"

log="$work/server.log"
started=$(date +%s%N)
"$binary" serve --db "$db" --addr 127.0.0.1:0 2>"$log" &
server=$!
trap 'kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
url=""
for _ in $(seq 1 30000); do   # up to 5 minutes (an old store publishes its views once)
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -n 1 || true)
  [[ -n $url ]] && break
  kill -0 "$server" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.01
done
[[ -n $url ]] || { echo "server did not start" >&2; cat "$log" >&2; exit 1; }
start_ms=$(( ($(date +%s%N) - started) / 1000000 ))
rss_mb=$(( $(awk '/VmRSS/ {print $2}' "/proc/$server/status") / 1024 ))
echo "== serving $url (started in $start_ms ms, ${rss_mb} MiB resident)"

# Every story id, as request paths for the Lua script.
paths="$work/story-paths.txt"
python3 - "$url" "$paths" <<'PY'
import json, sys, urllib.request
base, out = sys.argv[1], sys.argv[2]
ids, offset = [], 0
while offset is not None:
    with urllib.request.urlopen(f"{base}/api/stories?limit=500&offset={offset}") as r:
        page = json.load(r)
    ids += [s["id"] for s in page["items"]]
    offset = page["next_offset"]
with open(out, "w") as f:
    f.writelines(f"/api/stories/{i}\n" for i in ids)
# Search words: the words of story titles, longer than three letters.
words = []
for i in ids[:2000]:
    with urllib.request.urlopen(f"{base}/api/stories/{i}/summary") as r:
        title = json.load(r)["story"]["title"]
    words += [w.lower() for w in title.split() if w.isalpha() and len(w) > 3]
words = sorted(set(words))[:500] or ["the"]
with open(out + ".stories-q", "w") as f:
    f.writelines(f"/api/stories?q={w}\n" for w in words)
with open(out + ".articles-q", "w") as f:
    f.writelines(f"/api/articles?q={w}\n" for w in words)
print(f"== {len(ids)} stories, {len(words)} search words")
PY
one=$(head -n 1 "$paths")
bytes=$(curl -s "$url$one" | wc -c)
echo "== one story page: $bytes bytes of JSON"


echo "== warm-up (2 s)"
wrk -t1 -c4 -d2s -s scripts/wrk-rotate.lua "$url" -- "$paths" >/dev/null
: > "$work/wrk.txt"
for kind in stories stories-q articles-q; do
  case $kind in
    stories) list=$paths; what="GET /api/stories/{id}" ;;
    *) list=$paths.$kind; what="GET /api/${kind%-q}?q=WORD" ;;
  esac
  echo "== wrk -t$threads -c$connections -d$duration $what"
  wrk -t"$threads" -c"$connections" -d"$duration" --latency -s scripts/wrk-rotate.lua "$url" -- "$list" \
    | grep '^RESULT' | sed "s|^RESULT|RESULT $kind|" | tee -a "$work/wrk.txt"
done
rss_after=$(( $(awk '/VmRSS/ {print $2}' "/proc/$server/status") / 1024 ))
{
  echo "articles=$articles db=$size start_ms=$start_ms rss_mib_start=$rss_mb rss_mib_after=$rss_after story_json_bytes=$bytes"
  grep '^RESULT' "$work/wrk.txt"
} | tee "$work/result.txt"
