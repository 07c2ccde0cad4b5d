#!/usr/bin/env bash
# The first-load figures of the scale-out issue: each role's page opened
# in Chromium with 4× CPU throttling on a 1.6 Mbit/s, 150 ms line, the bytes
# it downloads and its time to hydration (bench/first_load.mjs), against
# the release build (`make build-release`: split wasm, gzip copies).
#
#   bench/first_load.sh
#
# Also prints the release bundle's files (raw and gzip sizes).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
port=3320
data=$(mktemp -d)
cleanup() {
  [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

echo "== the release bundle (target/site/pkg): raw bytes, served gzip bytes (the .gz copy, else gzip -9)"
for f in target/site/pkg/*; do
  case $f in *.gz|*.br) continue ;; esac
  if [ -f "$f.gz" ]; then gz=$(stat -c %s "$f.gz"); else gz=$(gzip -9c "$f" | wc -c); fi
  printf '%-58s %9d %9d\n' "$(basename "$f")" "$(stat -c %s "$f")" "$gz"
done

# The demo world (its accounts sign in), test mode for the fixed captcha.
APP_ENV=test APP_CAPTCHA_FIXED=TEST DEMO=1 APP_DATA_DIR=$data APP_ADMIN_PASSWORD='Admin@2026' RUST_LOG=warn \
LEPTOS_OUTPUT_NAME=gxzc LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg LEPTOS_SITE_ADDR=127.0.0.1:$port \
LEPTOS_ENV=PROD LEPTOS_HASH_FILES=true \
  "$target/release/server" &
server_pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done

ADMIN_PASSWORD='Admin@2026' node bench/first_load.mjs "http://127.0.0.1:$port"
