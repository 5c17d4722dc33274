#!/usr/bin/env bash
# The shared deployment's ingest rate: N synthetic articles (gen-corpus) queued on
# NATS JetStream and stored in PostgreSQL by 1 and then 2 workers (this machine
# has 2 cores), beside `storyline analyze` storing the same corpus in SQLite and in
# PostgreSQL in one process. Articles per second of wall time from the first job
# taken to the queue drained; the analysis (coordinator) is timed separately.
#
#   scripts/bench-queue.sh [N]     # default 5000
#
# Needs PostgreSQL and NATS with JetStream: STORYLINE_PG_URL (a database this
# script may create others from; default postgres://postgres@127.0.0.1:5432/test)
# and STORYLINE_NATS_URL (default nats://127.0.0.1:4222).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5000}
pg=${STORYLINE_PG_URL:-postgres://postgres@127.0.0.1:5432/test}
export STORYLINE_NATS_URL=${STORYLINE_NATS_URL:-nats://127.0.0.1:4222}
target_dir=${CARGO_TARGET_DIR:-target}
work=$(mktemp -d /tmp/bench-queue.XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "== building (release)" >&2
cargo build --release -q -p storyline-cli -p storyline-bench
storyline="$target_dir/release/storyline"
"$target_dir/release/gen-corpus" --articles "$n" --out "$work/corpus" >/dev/null

base=${pg%/*}
fresh_db() {
  psql "$pg" -qc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null 2>&1
  echo "$base/$1"
}
seconds() { python3 -c "import time; print(time.time())"; }

printf '%-34s %10s %12s\n' "run" "seconds" "articles/s"
for target in sqlite postgres; do
  if [[ $target == sqlite ]]; then db="$work/one.db"; else db=$(fresh_db bench_queue_one); fi
  start=$(seconds)
  "$storyline" analyze "$work/corpus" --db "$db" --json >/dev/null 2>&1
  end=$(seconds)
  python3 -c "d=$end-$start; print(f'{\"analyze, one process, $target\":34} {d:10.1f} {$n/d:12.0f}')"
done

for workers in 1 2; do
  db=$(fresh_db bench_queue_$workers)
  queue="bench_$$_$workers"
  "$storyline" enqueue "$work/corpus" --queue "$queue" >/dev/null 2>&1
  start=$(seconds)
  pids=()
  for _ in $(seq "$workers"); do
    "$storyline" worker --db "$db" --queue "$queue" --exit-when-empty >/dev/null 2>&1 &
    pids+=($!)
  done
  wait "${pids[@]}"
  end=$(seconds)
  # The workers wait 2 s on an empty queue before they stop.
  python3 -c "d=$end-$start-2; print(f'{\"$workers worker(s), postgres\":34} {d:10.1f} {$n/d:12.0f}')"
  start=$(seconds)
  "$storyline" coordinate --db "$db" --queue "$queue" --exit-when-idle >/dev/null 2>&1
  end=$(seconds)
  python3 -c "d=$end-$start; print(f'{\"  then coordinate (analysis)\":34} {d:10.1f}')"
done
