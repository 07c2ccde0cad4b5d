#!/usr/bin/env bash
# The statistics benchmark of the administration issue: DECLARATIONS
# (default 1,000,000) forwarded declarations spread over the fourteen
# cities and two years, then wrk against the running release server for
# 统计分析 of one year — the 区职改办's (every city) and the 南宁市职改办's
# (one city) — read from the counters kept with each move.
#
#   bench/statistics.sh postgres      # or: bench/statistics.sh sqlite
#
# Needs what bench/run.sh needs. Prints one RESULT line per reading.
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:-postgres}
units=${UNITS:-2000}
declarations=${DECLARATIONS:-1000000}
duration=${DURATION:-20s}
connections=${CONNECTIONS:-8}
target=${CARGO_TARGET_DIR:-target}
port=3303
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
  pg_name="gxzc_stats_$$"
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $pg_name"
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$pg_name"
fi

echo "seeding $units units and $declarations declarations over the fourteen cities on $db"
start=$(date +%s)
city_cookie=$("$target/release/bench_seed" --units "$units" --declarations "$declarations" --stats)
region_cookie=$(cat "$data/region_cookie")
echo "seeded (with the counters) in $(( $(date +%s) - start )) s"
if [ "$db" = postgres ]; then
  psql -q -h 127.0.0.1 -U postgres -d "$pg_name" -c "ANALYZE"
  psql -At -h 127.0.0.1 -U postgres -d "$pg_name" \
    -c "SELECT 'declarations=' || (SELECT COUNT(*) FROM declaration) || ' counter_rows=' || (SELECT COUNT(*) FROM declaration_stat)"
fi
year=$(date +%Y)

LEPTOS_OUTPUT_NAME=gxzc LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg LEPTOS_SITE_ADDR=127.0.0.1:$port \
  "$target/release/server" &
server_pid=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

run() {
  local name=$1 cookie=$2 body=$3
  COOKIE=$cookie BODY=$body wrk -t2 -c"$connections" -d3s -s bench/post.lua "http://127.0.0.1:$port/api/statistics/load_statistics" >/dev/null
  echo "== $db $name ($connections connections, $duration)"
  COOKIE=$cookie BODY=$body wrk -t2 -c"$connections" -d"$duration" -s bench/post.lua "http://127.0.0.1:$port/api/statistics/load_statistics" | grep RESULT
}
one_year="{\"filter\":{\"from_year\":$year,\"to_year\":$year}}"
run "统计分析, region, one year" "$region_cookie" "$one_year"
run "统计分析, 南宁市, one year" "$city_cookie" "$one_year"
run "统计分析, region, two years, 中级 only" "$region_cookie" "{\"filter\":{\"from_year\":$((year - 1)),\"to_year\":$year,\"level\":\"Intermediate\"}}"
