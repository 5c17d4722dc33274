#!/usr/bin/env bash
# Browser end-to-end tests of `storyline serve` (called from .ci/run).
#
# Installs what it needs itself: Debian's Chromium (never a downloaded browser
# build) and playwright-core from npm (tests/browser/package-lock.json). Then
# builds the release binary, builds a database from examples/demo, serves it on
# a loopback port, runs tests/browser/e2e.mjs headless, and leaves the
# screenshot and the server log in target/browser-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}
if [[ ! -x /usr/bin/chromium ]]; then
  echo "== installing chromium (Debian)"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "== installing nodejs and npm (Debian)"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs npm
fi
echo "== npm ci (tests/browser: playwright-core, no browser download)"
(
  cd tests/browser
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
  npm ci --no-audit --no-fund || npm install --no-audit --no-fund
)

echo "== cargo build --release -p storyline-cli"
cargo build --release -p storyline-cli
target_dir=${CARGO_TARGET_DIR:-target}
binary="$target_dir/release/storyline"
artifacts="$target_dir/browser-artifacts"
rm -rf "$artifacts"
mkdir -p "$artifacts"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
echo "== demo database"
"$binary" analyze examples/demo --manifest examples/demo/manifest.jsonl \
  --db "$scratch/demo.db" --format json -o "$scratch/report.json" --json

tests/browser/run.sh "$binary" "$scratch/demo.db" "$artifacts"
echo "== screenshot: $artifacts/quote-source-span.png"
