#!/usr/bin/env bash
# The mixed load run of docs/PERFORMANCE.md: N demo records, then 60 s of
# search, record, subject pages and form posts at 64 connections with wrk;
# per-route requests and p99 from the portal's own /metrics.
# Usage: benches/load.sh [records] [DATABASE_URL]   (needs wrk, curl, python3)
set -euo pipefail
cd "$(dirname "$0")/.."
records="${1:-100000}"
db_url="${2:-}"
bin=target/release/portal
data="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:${port}"
export PORTAL_DATA="$data" PORTAL_TRUSTED_PROXIES=127.0.0.1 RUST_LOG=warn
if [ -n "$db_url" ]; then export DATABASE_URL="$db_url"; else unset DATABASE_URL; fi

"$bin" demo --records "$records" --seed 2026 >/dev/null
"$bin" serve --addr "127.0.0.1:${port}" 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$data"' EXIT
until curl -sf "$base/readyz" >/dev/null; do sleep 1; done

# Public record and subject paths to request.
paths="$data/paths.txt"
cursor=""
for _ in 1 2 3 4; do
  page=$(curl -sf "$base/api/v1/records?limit=500${cursor:+&cursor=$cursor}")
  echo "$page" | python3 -c 'import json,sys; d=json.load(sys.stdin); [print(r["url"]) or print("/subjects/%d" % r["subject"]["id"]) for r in d["records"]]' >> "$paths"
  cursor=$(echo "$page" | python3 -c 'import json,sys; print(json.load(sys.stdin)["next_cursor"] or "")')
done

# One real submission, for tracking look-ups.
jar="$data/cookies"
form=$(curl -s -c "$jar" "$base/complaints/new")
token=$(echo "$form" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
form_id=$(echo "$form" | sed -n 's/.*name="form_id" value="\([0-9a-f]*\)".*/\1/p' | head -1)
curl -s -b "$jar" -c "$jar" -o /dev/null \
  --data-urlencode "csrf=$token" --data-urlencode "form_id=$form_id" \
  --data-urlencode "target_kind=enterprise" --data-urlencode "target_name=嘉峪关市镜铁食品有限公司" \
  --data-urlencode "target_uscc=91320322MABLP2X24R" --data-urlencode "category=食品安全" \
  --data-urlencode "description=该店出售过期食品，多次反映未改正。" --data-urlencode "contact_name=李四" \
  --data-urlencode "phone=13912345678" --data-urlencode "email=" --data-urlencode "website=" \
  "$base/complaints/new"
receipt=$(curl -s -b "$jar" "$base/submissions/received")
export TRACK_NUMBER=$(echo "$receipt" | sed -n 's/.*id="tracking-number"[^>]*>\([^<]*\)<.*/\1/p')
export TRACK_CODE=$(echo "$receipt" | sed -n 's/.*id="query-code"[^>]*>\([^<]*\)<.*/\1/p')
export PATHS_FILE="$paths"

engine=$([ -n "$db_url" ] && echo PostgreSQL || echo SQLite)
# Baseline in the same run, same server and settings: /healthz does no page
# work, so it is what HTTP alone costs on this machine at 64 connections.
baseline=$(wrk -t2 -c64 -d20s --latency "$base/healthz")
mixed=$(wrk -t2 -c64 -d60s --latency -s benches/mixed.lua "$base")
rps() { echo "$1" | sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p'; }
p50() { echo "$1" | sed -n 's/^ *50% *\([0-9.a-z]*\).*/\1/p'; }
p99() { echo "$1" | sed -n 's/^ *99% *\([0-9.a-z]*\).*/\1/p'; }

echo "### $engine, $records records: wrk -t2 -c64 -d60s -s benches/mixed.lua"
echo
echo '```'
echo "$mixed" | sed -n '1,20p'
echo '```'
echo
echo "| run (same server, one after the other) | req/s | median | p99 |"
echo "|---|---|---|---|"
echo "| baseline: \`GET /healthz\`, 20 s | $(rps "$baseline") | $(p50 "$baseline") | $(p99 "$baseline") |"
echo "| the mix, 60 s | $(rps "$mixed") | $(p50 "$mixed") | $(p99 "$mixed") |"
echo
python3 -c "import sys; print('The mix runs at %.1f %% of the baseline\'s throughput.' % (100 * float(sys.argv[1]) / float(sys.argv[2])))" \
  "$(rps "$mixed")" "$(rps "$baseline")"
echo
curl -s "$base/metrics" | python3 benches/metrics_table.py 60
