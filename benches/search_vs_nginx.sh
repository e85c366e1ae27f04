#!/usr/bin/env bash
# Search over a mix of at least 40 different queries against nginx serving a
# saved copy of one search page (issue 14's yardstick for search), in one run
# on the same machine: wrk -t2 -c32 for SECONDS on each side.
# The mix is benches/search_paths.lua's 14 pages (fragments, both scripts,
# document numbers in both bracket styles, filters, deep pages) plus, taken
# from the portal's own open-data API so it fits any data: full subject names,
# two-character name fragments and document numbers of records spread over
# the whole list, and a few with a kind filter.
# Usage: benches/search_vs_nginx.sh BASE_URL [SECONDS]   (needs wrk, nginx, curl, python3)
# Start the portal with PORTAL_API_RATE=10000000 (the API is read to build the mix).
set -euo pipefail
base="${1:?portal base URL, e.g. http://127.0.0.1:3900}"
seconds="${2:-10}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
port=$((40000 + RANDOM % 10000))
trap 'nginx -p "$work" -c nginx.conf -s stop 2>/dev/null || true; rm -rf "$work"' EXIT

python3 - "$base" "$here/search_paths.lua" > "$work/mix.lua" <<'PY'
import json, re, sys, urllib.parse, urllib.request
base, fixed = sys.argv[1], sys.argv[2]
paths = re.findall(r'^\s*"(/search[^"]*)"', open(fixed, encoding="utf-8").read(), re.M)
def api(path):
    with urllib.request.urlopen(base + path) as r:
        return json.load(r)
seen = set()
records = []
cursor = None
for _ in range(6):  # a few pages of the newest records, then far into the list
    page = api("/api/v1/records?limit=200" + (f"&cursor={cursor}" if cursor else ""))
    records += page["records"][::25]
    cursor = page.get("next_cursor")
    if not cursor:
        break
def q(text, extra=""):
    return "/search?q=" + urllib.parse.quote(text) + extra
for r in records:
    name, doc = r["subject"]["name"], r.get("doc_no") or ""
    for p in (q(name), q(name[2:4]), q(doc) if doc else None, q(name[:4], "&kind=" + r["kind"])):
        if p and p not in seen:
            seen.add(p)
            paths.append(p)
paths = list(dict.fromkeys(paths))
print(f"-- {len(paths)} different search pages")
print("local queries = {")
for p in paths:
    print(f'  "{p}",')
print("}\nlocal i = 0\nrequest = function()\n  i = i + 1\n  return wrk.format(\"GET\", queries[(i % #queries) + 1])\nend")
PY
count=$(head -1 "$work/mix.lua" | grep -o '[0-9]\+')
if [ "$count" -lt 40 ]; then echo "only $count queries in the mix (need 40)"; exit 1; fi

source "$(dirname "$0")/nginx_saved_page.sh"
write_nginx_conf
curl -sf "$base/search?q=%E9%A3%9F%E5%93%81%E5%AE%89%E5%85%A8" -o "$work/root/page"
start_nginx
theirs=$(wrk -t2 -c32 -d"${seconds}s" "http://127.0.0.1:$port/page" 2>/dev/null | awk '/Requests\/sec/ {print $2}')
stop_nginx
ours_out=$(wrk -t2 -c32 -d"${seconds}s" --latency -s "$work/mix.lua" "$base" 2>/dev/null)
ours=$(echo "$ours_out" | awk '/Requests\/sec/ {print $2}')
p50=$(echo "$ours_out" | awk '$1 == "50%" {print $2}')
p99=$(echo "$ours_out" | awk '$1 == "99%" {print $2}')
errors=$(echo "$ours_out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
share=$(python3 -c "print(f'{100*float(\"${ours:-0}\")/max(float(\"${theirs:-1}\"),1):.2f} %')")
echo "| search mix ($count pages) | portal req/s | p50 | p99 | nginx req/s (saved copy) | share of nginx |"
echo "|---|---|---|---|---|---|"
echo "| \`/search?q=…\` | $ours | $p50 | $p99 | $theirs | $share |"
[ -n "$errors" ] && echo "errors: $errors"
exit 0
