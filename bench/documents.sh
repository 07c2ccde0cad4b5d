#!/usr/bin/env bash
# The documents benchmark of the 表报下载 issue, against the running release
# server: one 《评审表》 (a full 职称认定 with the unit's four opinions, three
# pages) and one electronic certificate with wrk, their sizes, and a zip of
# 1,000 评审表 timed while the server's resident memory is sampled.
#
#   bench/documents.sh sqlite      # or: bench/documents.sh postgres
#
# Needs what bench/run.sh needs, and poppler-utils (pdfinfo).
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:-sqlite}
declarations=${DECLARATIONS:-6000}
duration=${DURATION:-15s}
target=${CARGO_TARGET_DIR:-target}
port=3302
data=$(mktemp -d)
pg_name=""
cleanup() {
  [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null || true
  [ -n "${sampler_pid:-}" ] && kill "$sampler_pid" 2>/dev/null || true
  [ -n "$pg_name" ] && psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $pg_name WITH (FORCE)" || true
  rm -rf "$data"
}
trap cleanup EXIT

export APP_DATA_DIR=$data APP_ADMIN_PASSWORD='Bench@2026x' RUST_LOG=warn
if [ "$db" = postgres ]; then
  pg_name="gxzc_docs_$$"
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $pg_name"
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$pg_name"
fi

echo "seeding $declarations full declarations sent to the 南宁市职改办 on $db"
cookie=$("$target/release/bench_seed" --units 50 --declarations "$declarations" --office --forms)
holder=$(cat "$data/holder_cookie")

LEPTOS_OUTPUT_NAME=gxzc LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg LEPTOS_SITE_ADDR=127.0.0.1:$port \
  "$target/release/server" &
server_pid=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
base="http://127.0.0.1:$port"

wrk_get() {
  local name=$1 who=$2 path=$3 connections=$4
  COOKIE=$who wrk -t1 -c"$connections" -d3s -s bench/get.lua "$base$path" >/dev/null
  echo "== $db $name ($connections connections, $duration)"
  COOKIE=$who wrk -t"$connections" -c"$connections" -d"$duration" -s bench/get.lua "$base$path" | grep RESULT
}

ids=$(grep -o '"id":"[0-9a-f-]*"' "$data/batch.json" | cut -d'"' -f4)
first=$(head -1 <<<"$ids")
form="/documents/declarations/$first/review-form.pdf"
curl -fs -H "Cookie: $cookie" -o "$data/form.pdf" "$base$form"
echo "RESULT 评审表 bytes=$(stat -c %s "$data/form.pdf") pages=$(pdfinfo "$data/form.pdf" | awk '/^Pages:/ {print $2}')"
wrk_get "one 评审表" "$cookie" "$form" 1
wrk_get "one 评审表" "$cookie" "$form" 2

# 1,000 评审表 in one zip (the first 1,000 waiting), memory sampled meanwhile.
head -1000 <<<"$ids" | sed 's/^/ids=/' | paste -sd'&' > "$data/ids.form"
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status"; }
before=$(rss)
( peak=0; while kill -0 "$server_pid" 2>/dev/null; do r=$(rss); [ "$r" -gt "$peak" ] && peak=$r && echo "$peak" > "$data/peak"; sleep 0.1; done ) &
sampler_pid=$!
start=$(date +%s.%N)
curl -fs -H "Cookie: $cookie" --data @"$data/ids.form" -o "$data/forms.zip" "$base/api/documents/review-forms.zip"
end=$(date +%s.%N)
sleep 0.3
kill "$sampler_pid" 2>/dev/null || true
sampler_pid=""
peak=$(cat "$data/peak")
count=$(python3 -c "import zipfile,sys; print(len(zipfile.ZipFile(sys.argv[1]).namelist()))" "$data/forms.zip")
echo "RESULT zip documents=$count bytes=$(stat -c %s "$data/forms.zip") seconds=$(awk "BEGIN { printf \"%.2f\", $end - $start }") rss_before_kb=$before rss_peak_kb=$peak growth_mb=$(awk "BEGIN { printf \"%.1f\", ($peak - $before) / 1024 }")"

# Certificates: the batch approved, the first unit's applicant holds some.
curl -fs -H "Content-Type: application/json" -H "Cookie: $cookie" --data @"$data/batch.json" \
  "$base/api/declarations/decide_many" >/dev/null
cert=$(curl -fs -X POST -H "Content-Type: application/json" -H "Cookie: $holder" --data '{}' \
  "$base/api/certificates/my_certificates" | grep -o '"id":"[0-9a-f-]*"' | head -1 | cut -d'"' -f4)
curl -fs -H "Cookie: $holder" -o "$data/cert.pdf" "$base/documents/certificates/$cert.pdf"
echo "RESULT certificate bytes=$(stat -c %s "$data/cert.pdf")"
wrk_get "one certificate" "$holder" "/documents/certificates/$cert.pdf" 1
