#!/usr/bin/env bash
# The 待办事项 benchmark of the declarations issue: 1,000 units and 100,000
# declarations, then wrk against the running release server for the unit's
# list (first page, default filter) and its red count.
#
#   bench/run.sh sqlite      # or: bench/run.sh postgres
#
# Needs: a release build (`make build-release` and
# `cargo build --release -p server --bin bench_seed`), wrk (Debian), and for
# postgres the server at 127.0.0.1:5432. Prints one RESULT line per endpoint.
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:-sqlite}
units=${UNITS:-1000}
declarations=${DECLARATIONS:-100000}
duration=${DURATION:-20s}
connections=${CONNECTIONS:-8}
target=${CARGO_TARGET_DIR:-target}
port=3300
data=$(mktemp -d)
pg_name=""
cleanup() {
  [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null || true
  [ -n "$pg_name" ] && psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $pg_name WITH (FORCE)" || true
  rm -rf "$data"
}
trap cleanup EXIT

export APP_DATA_DIR=$data APP_ADMIN_PASSWORD='Bench@2026x' RUST_LOG=warn
if [ "$db" = postgres ]; then
  pg_name="gxzc_bench_$$"
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $pg_name"
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$pg_name"
fi

echo "seeding $units units and $declarations declarations on $db"
cookie=$("$target/release/bench_seed" --units "$units" --declarations "$declarations")

LEPTOS_OUTPUT_NAME=gxzc LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg LEPTOS_SITE_ADDR=127.0.0.1:$port \
  "$target/release/server" &
server_pid=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

run() {
  local name=$1 endpoint=$2 body=$3
  # Warm-up, then the measured run.
  COOKIE=$cookie BODY=$body wrk -t2 -c"$connections" -d3s -s bench/post.lua "http://127.0.0.1:$port/api/$endpoint" >/dev/null
  echo "== $db $name ($connections connections, $duration)"
  COOKIE=$cookie BODY=$body wrk -t2 -c"$connections" -d"$duration" -s bench/post.lua "http://127.0.0.1:$port/api/$endpoint" | grep RESULT
}
run "待办事项 list" declarations/todo_list '{"filter":{"status":"pending","page":1}}'
run "待办事项 red count" declarations/todo_count '{}'
run "全部 list, page 3" declarations/todo_list '{"filter":{"status":"all","page":3}}'
