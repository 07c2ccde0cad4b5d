#!/usr/bin/env bash
# The offices benchmark of the certificates issue: 300,000 declarations
# forwarded by 南宁 units to the 南宁市职改办 (a fifth waiting for it), then
# wrk against the running release server for its 待办事项 page, its red
# count and 申报查询 with a keyword, and one 批量审核通过 of 1,000
# declarations (1,000 certificates), timed.
#
#   bench/offices.sh sqlite      # or: bench/offices.sh postgres
#
# Needs what bench/run.sh needs. Prints one RESULT line per endpoint and
# the batch's time.
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:-sqlite}
units=${UNITS:-1000}
declarations=${DECLARATIONS:-300000}
duration=${DURATION:-20s}
connections=${CONNECTIONS:-8}
target=${CARGO_TARGET_DIR:-target}
port=3301
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

echo "seeding $units units and $declarations declarations sent to the 南宁市职改办 on $db"
cookie=$("$target/release/bench_seed" --units "$units" --declarations "$declarations" --office)
if [ "$db" = postgres ]; then
  psql -q -h 127.0.0.1 -U postgres -d "$pg_name" -c "ANALYZE"
fi

LEPTOS_OUTPUT_NAME=gxzc LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg LEPTOS_SITE_ADDR=127.0.0.1:$port \
  "$target/release/server" &
server_pid=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

run() {
  local name=$1 endpoint=$2 body=$3
  COOKIE=$cookie BODY=$body wrk -t2 -c"$connections" -d3s -s bench/post.lua "http://127.0.0.1:$port/api/$endpoint" >/dev/null
  echo "== $db $name ($connections connections, $duration)"
  COOKIE=$cookie BODY=$body wrk -t2 -c"$connections" -d"$duration" -s bench/post.lua "http://127.0.0.1:$port/api/$endpoint" | grep RESULT
}
run "待办事项 page" declarations/org_queue '{"filter":{"page":1}}'
run "待办事项 red count (office home)" declarations/office_home '{}'
run "申报查询 by name" declarations/org_search '{"filter":{"keyword":"申报人123456","page":1}}'
run "申报查询, page 3, no filter" declarations/org_search '{"filter":{"page":3}}'

echo "== $db 批量审核通过 of 1,000 declarations"
start=$(date +%s.%N)
out=$(curl -s -H "Content-Type: application/json" -H "Cookie: $cookie" --data @"$data/batch.json" \
  "http://127.0.0.1:$port/api/declarations/decide_many")
end=$(date +%s.%N)
ok=$(grep -o '"ok":true' <<<"$out" | wc -l)
echo "RESULT batch certificates_issued=$ok seconds=$(awk "BEGIN { printf \"%.2f\", $end - $start }")"
