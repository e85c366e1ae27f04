#!/usr/bin/env bash
# Each public page against nginx serving a saved copy of the same page, in one
# run on the same machine (issue 14's yardstick): wrk -t2 -c32 for SECONDS on
# the portal, then on nginx; prints a Markdown table with the ratio.
# Usage: benches/pages_vs_nginx.sh BASE_URL [SECONDS]   (needs wrk, nginx, curl)
# Start the portal first, e.g. with PORTAL_API_RATE=10000000 so the API's
# per-client limit does not answer 429 to the load generator.
set -euo pipefail
base="${1:?portal base URL, e.g. http://127.0.0.1:3900}"
seconds="${2:-5}"
work="$(mktemp -d)"
port=$((40000 + RANDOM % 10000))
trap 'nginx -p "$work" -c nginx.conf -s stop 2>/dev/null || true; rm -rf "$work"' EXIT

# Ids that exist, from the open-data API.
first=$(curl -sf "$base/api/v1/records?kind=penalty&limit=1")
record=$(echo "$first" | python3 -c 'import json,sys; print(json.load(sys.stdin)["records"][0]["id"])')
subject=$(echo "$first" | python3 -c 'import json,sys; print(json.load(sys.stdin)["records"][0]["subject"]["id"])')
department=$(curl -sf "$base/api/v1/departments" | python3 -c 'import json,sys; print(max(json.load(sys.stdin)["departments"], key=lambda d: d["public_records"])["id"])')
paths=(
  "/" "/records/$record" "/subjects/$subject" "/lists/black" "/lists/black?page=50" "/lists/red"
  "/departments/$department" "/departments/$department?page=40" "/statistics" "/departments/$department/integrity"
  "/subjects/$subject/report" "/changes.atom" "/departments/$department/feed.atom" "/subjects/$subject/feed.atom"
  "/api/v1/records" "/api/v1/records?kind=penalty" "/api/v1/departments" "/api/v1/lists" "/api/v1/statistics"
  "/api/v1/changes" "/cases" "/downloads"
)

source "$(dirname "$0")/nginx_saved_page.sh"
write_nginx_conf

rate() { wrk -t2 -c32 -d"${seconds}s" "$1" 2>/dev/null | awk '/Requests\/sec/ {print $2}'; }
echo "| page | portal req/s | nginx req/s (saved copy) | share of nginx |"
echo "|---|---|---|---|"
for p in "${paths[@]}"; do
  curl -sf "$base$p" -o "$work/root/page" || { echo "| \`$p\` | error | | |"; continue; }
  start_nginx
  theirs=$(rate "http://127.0.0.1:$port/page")
  stop_nginx
  ours=$(rate "$base$p")
  share=$(python3 -c "print(f'{100*float(\"${ours:-0}\")/max(float(\"${theirs:-1}\"),1):.1f} %')")
  echo "| \`$p\` | $ours | $theirs | $share |"
done
