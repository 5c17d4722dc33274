#!/usr/bin/env bash
# Scaling benchmark (issue 20): one article of each pathological shape at
# several sizes, analysed from scratch; prints wall seconds, the pipeline's own
# ingest and analyse seconds, and peak RSS. Then the same through the server:
# one `POST /api/articles` of a 9 MB body to a running `storyline serve`, with
# the request's seconds and the server's peak RSS.
#
#   scripts/bench-scaling.sh [SIZES_MB...]     (default: 1 5 10)
#   SHAPES="divs line" scripts/bench-scaling.sh 50    (only some shapes)
#   POST_MB=0 scripts/bench-scaling.sh          (skip the server run)
#
# Shapes (scripts/gen-scaling-input.py):
#   divs     nested <div>s around one paragraph (HTML extraction)
#   line     one line of plain text, no sentence end, no date
#   said     plain text, many sentences with "said" and names
#   dates    a JSONL record with `published` whose text is one sentence with many dates
#
# The work rather than the time is checked by scripts/bench-instructions.sh.
# Needs python3, curl and GNU time (/usr/bin/time). Builds the release binary first.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1 5 10}")
# shellcheck disable=SC2206
sizes=(${sizes[*]})
cargo build --release -q -p storyline-cli
bin=target/release/storyline
work=$(mktemp -d)
server=""
cleanup() {
    if [[ -n $server ]]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

printf '%-6s %6s %9s %9s %9s %10s %8s\n' shape MB wall_s ingest_s analyse_s peak_MB peak/in
for shape in ${SHAPES:-divs line said dates}; do
    case $shape in divs) ext=html ;; dates) ext=jsonl ;; *) ext=txt ;; esac
    for mb in "${sizes[@]}"; do
        input="$work/$shape-$mb.$ext"
        python3 scripts/gen-scaling-input.py "$shape" "$mb" "$input"
        rm -f "$work/db"
        if ! /usr/bin/time -f '%e %M' -o "$work/time" \
            "$bin" analyze "$input" --db "$work/db" --json >"$work/out" 2>"$work/err"; then
            printf '%-6s %6s  failed: %s\n' "$shape" "$mb" "$(tail -1 "$work/err")"
            continue
        fi
        read -r wall kb <"$work/time"
        python3 - "$shape" "$mb" "$wall" "$kb" "$work/out" "$(stat -c %s "$input")" <<'PY'
import json, sys
shape, mb, wall, kb, out, size = sys.argv[1:]
s = json.load(open(out)).get("seconds", {})
peak = int(kb) / 1024
print(f"{shape:<6} {mb:>6} {float(wall):>9.2f} {s.get('ingest', 0):>9.2f} "
      f"{s.get('analyse', 0):>9.2f} {peak:>10.0f} {peak * 1024 * 1024 / int(size):>7.1f}x")
PY
    done
done

# POST /api/articles of one large plain-text article ("said" shape) to a
# server holding a one-article store: seconds for the request (the server
# answers once the article is stored and the corpus re-analysed) and the
# server's peak RSS (VmHWM) before and after.
post_mb=${POST_MB:-9}
if [[ $post_mb != 0 ]]; then
    echo
    body="$work/post-$post_mb.txt"
    python3 scripts/gen-scaling-input.py said "$post_mb" "$body"
    echo "A small article said the council met on Monday." >"$work/seed.txt"
    rm -f "$work/db"
    "$bin" analyze "$work/seed.txt" --db "$work/db" --json >/dev/null
    token=bench-scaling-token
    "$bin" serve --db "$work/db" --addr 127.0.0.1:0 --token "$token" 2>"$work/server.log" &
    server=$!
    url=""
    for _ in $(seq 1 600); do
        url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/server.log" | head -n 1 || true)
        [[ -n $url ]] && break
        sleep 0.1
    done
    [[ -n $url ]] || { echo "server did not start" >&2; cat "$work/server.log" >&2; exit 1; }
    hwm() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$server/status"; }
    before=$(hwm)
    seconds=$(curl -sS -o "$work/post.json" -w '%{time_total}' -X POST \
        -H "Authorization: Bearer $token" -H 'Content-Type: text/plain' \
        --data-binary @"$body" "$url/api/articles")
    after=$(hwm)
    size=$(stat -c %s "$body")
    python3 - "$post_mb" "$seconds" "$before" "$after" "$size" "$work/post.json" <<'PY'
import json, sys
mb, seconds, before, after, size, out = sys.argv[1:]
answer = open(out).read()
try:
    added = json.loads(answer).get("added")
except ValueError:
    added = f"not JSON: {answer[:200]!r}"
grown = int(after) - int(before)
print(f"POST /api/articles {mb} MB text: {float(seconds):.2f} s, added {added}; server peak "
      f"{before} MB before, {after} MB after (+{grown} MB, {grown * 1024 * 1024 / int(size):.1f}x the body)")
PY
fi
