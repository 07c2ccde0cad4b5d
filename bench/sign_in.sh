#!/usr/bin/env bash
# The sign-in benchmark of the defects issue: 64 clients signing in for
# 30 s (three bursts) against the release server on SQLite, beside the raw
# argon2id rate of the same machine measured before, between and after the
# bursts in the same run, with the server's peak and after-idle resident
# memory.
#
#   bench/sign_in.sh            # CONCURRENCY=64 SECONDS=30 by default
#
# Needs a release build of the server and of the bench tools
# (`cargo build --release -p server --bin server && cargo build --release -p bench`). Prints one RESULT line.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
port=3400
data=$(mktemp -d)
cleanup() {
  [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

# Test mode for the fixed captcha; per-address limits out of the way (one
# address sends everything here).
APP_ENV=test APP_CAPTCHA_FIXED=TEST APP_DATA_DIR=$data APP_ADMIN_PASSWORD='Bench@2026x' RUST_LOG=warn \
APP_RATE_SIGN_IN=100000000 APP_RATE_SIGN_IN_ACCOUNT=100000000 APP_RATE_CAPTCHA=100000000 APP_RATE_REGISTER=100000 \
LEPTOS_OUTPUT_NAME=gxzc LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg LEPTOS_SITE_ADDR=127.0.0.1:$port \
  "$target/release/server" &
server_pid=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

"$target/release/sign_in_load" --base "http://127.0.0.1:$port" --pid "$server_pid" \
  --concurrency "${CONCURRENCY:-64}" --seconds "${SECONDS_RUN:-30}"
