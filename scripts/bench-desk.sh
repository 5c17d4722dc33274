#!/usr/bin/env bash
# Latency of the analyst's desk routes of `storyline serve`: the story list
# plain, sorted and filtered (from/to, outlet, entity, min_sources, sort), the
# outlet list and page, and article search filtered by outlet and date.
#
#   scripts/bench-desk.sh [--articles N] [--stories N] [--requests N]
#
# - builds the release `storyline` binary and `gen-corpus`, generates N
#   synthetic articles (default 5,000) and analyses them into
#   target/bench-desk/gen-N.db;
# - the synthetic corpus threads into very few stories, so a copy of the store
#   gets `--stories` extra story heads (default 5,000: made-up ids, titles, 1 to
#   40 of 200 made-up outlets, spans within two years; written straight into
#   the views table, as a writer's publish would) to give the filtered list the
#   size the server must bound;
# - serves the copy on a free 127.0.0.1 port, asks each route `--requests`
#   times one after another (default 60) and prints p50 and p95 in ms and the
#   answer's size, then stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
articles=5000 stories=5000 requests=60
while [[ $# -gt 0 ]]; do
  case $1 in
    --articles) articles=$2; shift 2 ;;
    --stories) stories=$2; shift 2 ;;
    --requests) requests=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
command -v sqlite3 >/dev/null || { echo "needs sqlite3" >&2; exit 2; }

cargo build --release -p storyline-cli -p storyline-bench
target_dir=${CARGO_TARGET_DIR:-target}
bin="$target_dir/release"
work="$target_dir/bench-desk"
mkdir -p "$work"
db="$work/gen-$articles.db"
if [[ ! -f $db ]]; then
  rm -rf "$work/corpus-$articles"
  "$bin/gen-corpus" --articles "$articles" --per-story 10 --out "$work/corpus-$articles"
  "$bin/storyline" analyze "$work/corpus-$articles/corpus.jsonl" --db "$db" --json >/dev/null
fi
many="$work/gen-$articles-heads-$stories.db"
cp "$db" "$many"
python3 - "$many" "$stories" <<'EOF'
import datetime, json, random, sqlite3, sys
path, n = sys.argv[1], int(sys.argv[2])
random.seed(7)
outlets = [f"Outlet {i:03d}" for i in range(200)]
base = datetime.date(2024, 1, 1)
rows = []
for i in range(n):
    first = base + datetime.timedelta(days=random.randrange(700))
    last = first + datetime.timedelta(days=random.randrange(60))
    names = sorted(random.sample(outlets, random.randint(1, 40)))
    body = {"id": f"s-bench{i:05d}", "title": f"Synthetic story {i} on a port strike and a levy",
            "n_events": random.randint(1, 20), "n_articles": random.randint(2, 400),
            "n_quotes": random.randint(0, 300), "first_date": first.isoformat(),
            "last_date": last.isoformat(), "outlets": names,
            "n_sources": random.randint(1, len(names) + 3),
            "lede": "A sentence of about the usual length for a lede, naming a place and a person."}
    rows.append(("story_head", body["id"], 10 + i, " synthetic story port strike levy",
                 None, None, None, json.dumps(body), b"bench-desk-row!!"))
db = sqlite3.connect(path)
db.executemany("INSERT INTO views VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
db.commit()
EOF
outlet=$(sqlite3 "$many" "SELECT key FROM views WHERE kind = 'outlet_head' ORDER BY position LIMIT 1")
entity=$(sqlite3 "$many" "SELECT json_extract(body, '$.name') FROM views WHERE kind = 'entity' ORDER BY position LIMIT 1")

log="$work/serve.log"
"$bin/storyline" serve --db "$many" --addr 127.0.0.1:0 2>"$log" &
server=$!
trap 'kill -TERM $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
url=""
for _ in $(seq 1 100); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -n 1 || true)
  [[ -n $url ]] && break
  sleep 0.1
done
[[ -n $url ]] || { cat "$log" >&2; exit 1; }
echo "== $articles articles, $(sqlite3 "$many" "SELECT count(*) FROM views WHERE kind = 'story_head'") story heads; load average $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$url" "$requests" "$outlet" "$entity" <<'EOF'
import statistics, sys, time, urllib.parse, urllib.request
url, n, outlet, entity = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
o, e = urllib.parse.quote(outlet), urllib.parse.quote(entity)
for path in ["/api/stories?limit=50",
             "/api/stories?sort=size&limit=50",
             "/api/stories?outlet=Outlet%20042&from=2024-06-01&to=2024-08-31&min_sources=5&sort=recent&limit=50",
             f"/api/stories?entity={e}&limit=50",
             "/api/outlets?limit=50",
             f"/api/outlets/{o}",
             f"/api/entities/{e}?limit=50",
             f"/api/articles?outlet={o}&limit=50",
             f"/api/articles?q=strike&outlet={o}&from=2024-06-01&limit=20"]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        body = urllib.request.urlopen(url + path).read()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(f"{path}: p50 {statistics.median(times):.1f} ms, p95 {times[int(n * 0.95) - 1]:.1f} ms, {len(body):,} bytes")
EOF
