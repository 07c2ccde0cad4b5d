#!/usr/bin/env bash
# The scale-out issue's performance figures, side by side in one run on
# the mixed bench's world (1,000 units, 1,000,000 declarations, PostgreSQL):
#   - a unit's 待办事项 list and red count through the release server (wrk);
#   - the database's own ceiling for the list: pgbench running the SQL the
#     list runs for one request (bench/todo_list.sql), same connections,
#     taking turns with the list (ROUNDS);
#   - the HTTP stack's ceiling: a bare axum handler returning 2 KB (wrk, same settings);
#   - sign-in throughput against the raw argon2id rate (bench/src/bin/sign_in_load.rs).
#
#   bench/reference.sh        # CONNECTIONS=8 DURATION=20s ROUNDS=3
#
# Needs the seeded template of bench/mixed.sh (run it once), the release
# server, bare_axum and sign_in_load builds, wrk, pgbench (postgresql-client).
#
# To regenerate bench/todo_list.sql: `ALTER DATABASE <db> SET log_statement = 'all'`,
# call declarations/todo_list once, and copy the statements from the
# PostgreSQL log (each bound parameter as the variable bench/todo_list.sql names).
set -euo pipefail
cd "$(dirname "$0")/.."
units=${UNITS:-1000}
declarations=${DECLARATIONS:-1000000}
connections=${CONNECTIONS:-8}
duration=${DURATION:-20s}
rounds=${ROUNDS:-3}
target=${CARGO_TARGET_DIR:-target}
template="gxzc_mixed_seed_${units}_${declarations}"
db="gxzc_reference_$$"
work=$(mktemp -d)
port=3310
cleanup() {
  for p in ${server_pid:-} ${bare_pid:-}; do kill "$p" 2>/dev/null || true; done
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
psql_() { psql -X -q -t -A -h 127.0.0.1 -U postgres -d "$db" -c "$1"; }

# Another server left on the port would answer in this one's place (and its
# sessions would not be in $db, so pgbench would run with no session).
if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
  echo "port $port is already serving: stop that server first" >&2
  exit 1
fi
psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $db TEMPLATE $template"
# The template's key (bench/mixed.sh); test mode for the fixed captcha;
# the per-address limits out of the way (one address sends everything).
APP_ENV=test APP_CAPTCHA_FIXED=TEST APP_DATA_DIR=$work/data APP_ADMIN_PASSWORD='Bench@2026x' RUST_LOG=warn \
APP_SECRET_KEY=YmVuY2gtb25seS1rZXktbm90LWZvci1wcm9kdWN0aW8= \
APP_RATE_SIGN_IN=100000000 APP_RATE_SIGN_IN_ACCOUNT=100000000 APP_RATE_CAPTCHA=100000000 APP_RATE_REGISTER=100000 \
DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db" APP_LISTEN=127.0.0.1:$port \
LEPTOS_OUTPUT_NAME=gxzc LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg \
  "$target/release/server" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done

# The first unit's staff member signs in as the page does.
base=http://127.0.0.1:$port
api() { curl -s -b "$work/jar" -c "$work/jar" -X POST "$base/api/$1" -H 'content-type: application/json' -d "$2"; }
unit_id=$(api units/search_units '{"keyword":"压测单位0000"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
ticket=$(api captcha/new '{}' | tr -d '"')
api units/sign_in_staff "{\"input\":{\"unit_id\":\"$unit_id\",\"account\":\"17700000000\",\"password\":\"Bench@2026\",\"captcha_id\":\"$ticket\",\"captcha\":\"TEST\"}}" >/dev/null
cookie="gxzc_sid=$(awk '$6 == "gxzc_sid" { print $7 }' "$work/jar")"
read -r sid account unit < <(psql_ "SELECT id, account_id, unit_id FROM session ORDER BY created_at DESC LIMIT 1" | tr '|' ' ')

wrk_post() {
  local name=$1 url=$2 body=$3
  COOKIE=$cookie BODY=$body wrk -t2 -c"$connections" -d3s -s bench/post.lua "$url" >/dev/null
  echo "== $name ($connections connections, $duration)"
  COOKIE=$cookie BODY=$body wrk -t2 -c"$connections" -d"$duration" -s bench/post.lua "$url" | grep RESULT
}
wrk_post "待办事项 red count" "$base/api/declarations/todo_count" '{}'

pgbench_list() {
  # Without TLS, as the portal reaches a database on this machine (app/src/server/db.rs).
  PGSSLMODE=disable pgbench -h 127.0.0.1 -U postgres -n -M prepared -c "$connections" -j 2 -T "${duration%s}" \
    -D sid="$sid" -D unit="$unit" -D one=1 -D t=true -D approved=approved \
    -D s1=unit_review -D s2=returned_to_unit -f bench/todo_list.sql "$db" 2>/dev/null |
    awk '/^tps/ { printf "RESULT pgbench tps=%.0f\n", $3 } /latency average/ { print "RESULT pgbench " $0 }'
}
# The list and its database ceiling take turns, $rounds times: this
# machine's speed drifts by a fifth within minutes, so each ratio compares
# two runs a few seconds apart, and the total compares the sums.
list_sum=0 pgbench_sum=0
for round in $(seq 1 "$rounds"); do
  list=$(wrk_post "待办事项 list, round $round" "$base/api/declarations/todo_list" '{"filter":{"status":"pending","page":1}}')
  echo "$list"
  echo "== pgbench: the list's statements for one request, round $round ($connections connections, $duration)"
  ceiling=$(pgbench_list)
  echo "$ceiling"
  rps=$(echo "$list" | sed -n 's/.* rps=\([0-9]*\).*/\1/p')
  tps=$(echo "$ceiling" | sed -n 's/.*tps=\([0-9]*\).*/\1/p')
  echo "RESULT round $round list/pgbench=$(awk -v a="$rps" -v b="$tps" 'BEGIN { printf "%.1f%%", 100 * a / b }')"
  list_sum=$((list_sum + rps)) pgbench_sum=$((pgbench_sum + tps))
done
echo "RESULT list/pgbench over $rounds rounds=$(awk -v a="$list_sum" -v b="$pgbench_sum" 'BEGIN { printf "%.1f%%", 100 * a / b }')"

"$target/release/bare_axum" --listen 127.0.0.1:3390 &
bare_pid=$!
sleep 0.5
wrk_post "bare axum, fixed 2 KB" "http://127.0.0.1:3390/api/x" '{}'
kill "$bare_pid"; bare_pid=""

# Six 5-s bursts, each between two 5-s raw runs: two raw runs 10 s apart
# differed by up to 15 % on these machines, so shorter turns track the drift.
echo "== sign-in against the raw argon2id rate"
"$target/release/sign_in_load" --base "$base" --pid "$server_pid" --concurrency 64 --seconds 30 --rounds 6 \
  --raw-seconds 5 | grep RESULT
