#!/usr/bin/env bash
# The mixed load of the scale-out issue, and its two fault runs: two release
# server processes on one PostgreSQL behind nginx, 1,000 units and
# 1,000,000 declarations, 200 unit staff (bench/src/bin/mixed_load.rs)
# signing in, opening 待办事项, opening a declaration, saving an opinion,
# forwarding it and now and then uploading a scan, for five minutes.
#
#   bench/mixed.sh            # the load alone
#   bench/mixed.sh kill       # one server SIGKILLed halfway, restarted 10 s later
#   bench/mixed.sh pg-restart # PostgreSQL stopped halfway for 10 s, then started
#
# USERS, SECONDS_RUN, DECLARATIONS, UNITS override the sizes; the seeded
# world stays as the database gxzc_mixed_seed_<units>_<declarations> for the
# next run (FRESH_SEED=1 reseeds; drop it with psql when done). Needs the
# release server, bench_seed and mixed_load builds, nginx, psql and (for
# pg-restart) pg_ctlcluster as root. Prints RESULT lines, then the checks:
# every 报送 a server acknowledged is in 待职改办审核, every declaration's
# status matches its last 操作记录 line, every acknowledged upload reads back.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-load}
users=${USERS:-200}
seconds=${SECONDS_RUN:-300}
units=${UNITS:-1000}
declarations=${DECLARATIONS:-1000000}
target=${CARGO_TARGET_DIR:-target}
work=$(mktemp -d)
db="gxzc_mixed_$$"
pg_cluster=${PG_CLUSTER:-"15 main"}
psql_() { psql -X -q -t -A -h 127.0.0.1 -U postgres -d "$db" -c "$1"; }
cleanup() {
  for p in ${server_pids:-} ${nginx_pid:-}; do kill "$p" 2>/dev/null || true; done
  # A fault run never leaves the database stopped.
  [ "$mode" = pg-restart ] && { pg_ctlcluster $pg_cluster start 2>/dev/null || true; }
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# The seeded world is kept as a template database and copied for each run
# (seeding a million declarations takes minutes; a copy, seconds). Its key
# is fixed: the seeded people's sealed data and hashes depend on it.
export APP_DATA_DIR=$work/data APP_ADMIN_PASSWORD='Bench@2026x' RUST_LOG=warn
export APP_SECRET_KEY=YmVuY2gtb25seS1rZXktbm90LWZvci1wcm9kdWN0aW8=
template="gxzc_mixed_seed_${units}_${declarations}"
has_template=$(psql -X -t -A -h 127.0.0.1 -U postgres -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$template'")
if [ "$has_template" != 1 ] || [ -n "${FRESH_SEED:-}" ]; then
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $template WITH (FORCE)" -c "CREATE DATABASE $template"
  echo "seeding $units units and $declarations declarations (opinions filled for those waiting at the unit)"
  seed_started=$(date +%s)
  DATABASE_URL="postgres://postgres@127.0.0.1:5432/$template" APP_DATA_DIR=$work/seed \
    "$target/release/bench_seed" --units "$units" --declarations "$declarations" --opinions >/dev/null
  echo "RESULT seeded in $(( $(date +%s) - seed_started )) s"
fi
psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $db TEMPLATE $template"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db"

# Both servers: test mode for the fixed captcha, nginx (127.0.0.1) trusted
# for each user's own address, one shared data folder (one machine).
start_server() {
  local port=$1
  APP_ENV=test APP_CAPTCHA_FIXED=TEST APP_TRUSTED_PROXIES=127.0.0.1 APP_LISTEN=127.0.0.1:$port \
  LEPTOS_OUTPUT_NAME=gxzc LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg \
    "$target/release/server" >>"$work/server-$port.log" 2>&1 &
  echo $!
}
wait_ready() {
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$1/readyz" >/dev/null && return 0; sleep 0.2; done
  echo "server on $1 did not start"; cat "$work/server-$1.log"; exit 1
}
a_pid=$(start_server 3501); b_pid=$(start_server 3502)
server_pids="$a_pid $b_pid"
wait_ready 3501; wait_ready 3502

mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<EOF
daemon off;
master_process off;
worker_rlimit_nofile 8192;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log error;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi; uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
  upstream portal { server 127.0.0.1:3501 max_fails=1 fail_timeout=5s; server 127.0.0.1:3502 max_fails=1 fail_timeout=5s; keepalive 64; }
  server {
    listen 127.0.0.1:3500;
    include $PWD/deploy/nginx-portal.conf;
  }
}
EOF
nginx=$(command -v nginx || echo /usr/sbin/nginx)
"$nginx" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e stderr &
nginx_pid=$!
sleep 0.5

fault() {
  sleep $((seconds / 2))
  case $mode in
    kill)
      echo "FAULT $(date +%T) SIGKILL server on 3501 (pid $a_pid)"
      kill -9 "$a_pid"
      sleep 10
      a_new=$(start_server 3501)
      echo "$a_new" >"$work/restarted.pid"
      wait_ready 3501
      echo "FAULT $(date +%T) server on 3501 restarted"
      ;;
    pg-restart)
      echo "FAULT $(date +%T) PostgreSQL stopped"
      pg_ctlcluster $pg_cluster stop -m fast
      sleep 10
      pg_ctlcluster $pg_cluster start
      echo "FAULT $(date +%T) PostgreSQL started"
      ;;
  esac
}
[ "$mode" != load ] && { fault & fault_pid=$!; }

watch=""
[ "$mode" = pg-restart ] && watch="--watch-ready"
"$target/release/mixed_load" --base http://127.0.0.1:3500 --pids "$a_pid,$b_pid" --pid-file "$work/restarted.pid" --users "$users" \
  --seconds "$seconds" --journal "$work/forwarded.txt" $watch | grep -E "^(RESULT|FAILURE)"
[ -n "${fault_pid:-}" ] && wait "$fault_pid"
[ -f "$work/restarted.pid" ] && server_pids="$server_pids $(cat "$work/restarted.pid")"
if [ "$mode" = pg-restart ]; then
  for port in 3501 3502; do
    echo "RESULT readyz after the restart on $port: $(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$port/readyz) (the portal was not restarted)"
  done
fi

# The checks. Acknowledged 报送 that did not stick:
not_moved=$(psql -X -q -t -A -h 127.0.0.1 -U postgres -d "$db" <<SQL
CREATE TEMP TABLE acknowledged (id uuid);
\copy acknowledged FROM '$work/forwarded.txt'
SELECT COUNT(*) FROM declaration d JOIN acknowledged a ON a.id = d.public_id WHERE d.status <> 'office_review';
SQL
)
# Declarations whose status disagrees with their last 操作记录 line (the
# seeded ones have no lines; a 报送 is the only move of the run), and
# declarations moved with no line at all (no half-applied transition).
mismatched=$(psql_ "SELECT COUNT(*) FROM (SELECT DISTINCT ON (declaration_id) declaration_id, action FROM operation_log ORDER BY declaration_id, id DESC) l JOIN declaration d ON d.id = l.declaration_id WHERE (l.action = '单位审核报送') <> (d.status = 'office_review')")
unlogged=$(psql_ "SELECT COUNT(*) FROM declaration d WHERE d.status = 'office_review' AND d.forwarded_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM operation_log o WHERE o.declaration_id = d.id AND o.action = '单位审核报送')")
logged=$(psql_ "SELECT COUNT(*) FROM operation_log WHERE action = '单位审核报送'")
echo "RESULT check acknowledged_forwards=$(grep -c . "$work/forwarded.txt" || true) logged_forwards=$logged not_moved=$not_moved status_vs_last_log_mismatches=$mismatched moved_without_log=$unlogged"
echo "RESULT server panics: $(cat "$work"/server-*.log | grep -c panicked || true)"
