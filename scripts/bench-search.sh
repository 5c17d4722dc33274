#!/usr/bin/env bash
# Load benchmark of full-text article search (GET /api/articles?q=WORD) of
# `storyline serve` on a SQLite store, on loopback: CPU per request and wrk at
# 32 and 64 connections, with the search cache off (--search-cache-hits 0:
# every request ranks and makes snippets) and on (the default).
#
#   scripts/bench-search.sh [--db FILE] [--articles N] [--duration 10s]
#
# The store is FILE, else target/bench-serve/gen-N.db (N = 100000 unless
# given), built by scripts/bench-serve.sh when missing. The queries are the
# distinct words of more than three letters in the titles of the store's
# first 3,000 articles, rotated by wrk (each connection walks the list from
# its own starting point), so the cached run answers each word from the
# cache once it has been asked. CPU per request is the server's user+system
# time over a 4-connection run divided by its requests. The machine's
# 2 cores are shared by wrk and the server: the figures are a floor.
set -euo pipefail
cd "$(dirname "$0")/.."
articles=100000 duration=10s db=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --db) db=$2; shift 2 ;;
    --articles) articles=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
target_dir=${CARGO_TARGET_DIR:-target}
if [[ -z $db ]]; then
  db="$target_dir/bench-serve/gen-$articles.db"
  [[ -f $db ]] || scripts/bench-serve.sh --articles "$articles" --duration 1s
fi
command -v wrk >/dev/null || { echo "wrk is missing: scripts/bench-serve.sh installs it" >&2; exit 1; }
echo "== building (release)"
cargo build --release -p storyline-cli
binary="$target_dir/release/storyline"
work="$target_dir/bench-search"
mkdir -p "$work"

paths="$work/search-paths.txt"
python3 - "$db" "$paths" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
titles = [row[0] for row in db.execute(
    "SELECT title FROM articles WHERE title IS NOT NULL ORDER BY rowid LIMIT 3000")]
words = sorted({w.lower() for t in titles for w in t.split() if w.isalpha() and len(w) > 3})
with open(sys.argv[2], "w") as f:
    f.writelines(f"/api/articles?q={w}\n" for w in words)
print(f"== {len(words)} search words")
PY


cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
: > "$work/result.txt"
for cache in 0 default; do
  label=$([[ $cache == 0 ]] && echo uncached || echo cached)
  args=()
  [[ $cache == 0 ]] && args=(--search-cache-hits 0)
  log="$work/server-$label.log"
  "$binary" serve --db "$db" --addr 127.0.0.1:0 "${args[@]}" 2>"$log" &
  server=$!
  trap 'kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
  url=""
  for _ in $(seq 1 3000); do
    url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -n 1 || true)
    [[ -n $url ]] && break
    sleep 0.01
  done
  [[ -n $url ]] || { echo "server did not start" >&2; cat "$log" >&2; exit 1; }
  echo "== $label: $url"
  wrk -t1 -c4 -d2s -s scripts/wrk-rotate.lua "$url" -- "$paths" >/dev/null
  before=$(cpu_ticks "$server")
  line=$(wrk -t1 -c4 -d"$duration" -s scripts/wrk-rotate.lua "$url" -- "$paths" | grep '^RESULT' | sed 's/^RESULT //')
  after=$(cpu_ticks "$server")
  requests=$(grep -o 'requests=[0-9]*' <<<"$line" | cut -d= -f2)
  ticks=$(getconf CLK_TCK)
  cpu=$(python3 -c "print(f'{($after - $before) * 1000 / $ticks / $requests:.2f}')")
  echo "$label cpu_ms_per_request=$cpu" | tee -a "$work/result.txt"
  for connections in 32 64; do
    wrk -t1 -c"$connections" -d"$duration" -s scripts/wrk-rotate.lua "$url" -- "$paths" \
      | grep '^RESULT' | sed 's/^RESULT //' | sed "s|^|$label c=$connections |" | tee -a "$work/result.txt"
  done
  kill -TERM "$server"
  wait "$server" 2>/dev/null || true
done
echo "== $work/result.txt"
