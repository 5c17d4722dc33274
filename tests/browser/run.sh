#!/usr/bin/env bash
# Runs the browser end-to-end test against a fresh `storyline serve`.
#
#   tests/browser/run.sh STORYLINE_BINARY DATABASE ARTIFACTS_DIR
#
# Starts the server on a free loopback port (127.0.0.1:0; the port is read from
# its start-up line) with a random write token, runs e2e.mjs with Debian's
# Chromium, and stops the server (SIGTERM, graceful) however the test ends.
# The test posts one article, so DATABASE changes: pass a scratch copy.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [[ $# -ne 3 ]]; then
  echo "usage: $0 STORYLINE_BINARY DATABASE ARTIFACTS_DIR" >&2
  exit 2
fi
binary=$1 database=$2 artifacts=$3
mkdir -p "$artifacts"
token="browser-test-$RANDOM$RANDOM$RANDOM"
log="$artifacts/server.log"

"$binary" serve --db "$database" --addr 127.0.0.1:0 --token "$token" 2>"$log" &
server=$!
stop() {
  kill -TERM "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
}
trap stop EXIT

url=""
for _ in $(seq 1 600); do   # up to 60 s for the index to load
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -n 1 || true)
  [[ -n $url ]] && break
  if ! kill -0 "$server" 2>/dev/null; then
    echo "storyline serve exited before listening:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.1
done
if [[ -z $url ]]; then
  echo "storyline serve did not start listening in time" >&2
  cat "$log" >&2
  exit 1
fi
echo "== browser test against $url"
STORYLINE_URL=$url STORYLINE_TOKEN=$token ARTIFACTS_DIR=$artifacts \
  CHROMIUM=${CHROMIUM:-/usr/bin/chromium} node "$here/e2e.mjs"
