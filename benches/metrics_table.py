"""Per-route requests, requests/s, errors and p99 (histogram bucket bound) from
the portal's /metrics, as a Markdown table. Usage: ... | python3 metrics_table.py SECONDS"""
import re, sys
seconds = float(sys.argv[1])
counts, buckets, statuses = {}, {}, {}
for line in sys.stdin:
    m = re.match(r'portal_http_requests_total\{route="([^"]+)",status="(\d+)"\} (\d+)', line)
    if m:
        route, status, n = m.group(1), int(m.group(2)), int(m.group(3))
        statuses.setdefault(route, {})[status] = n
        continue
    m = re.match(r'portal_http_request_duration_seconds_bucket\{route="([^"]+)",le="([^"]+)"\} (\d+)', line)
    if m:
        buckets.setdefault(m.group(1), []).append((float("inf") if m.group(2) == "+Inf" else float(m.group(2)), int(m.group(3))))
print("| route | requests | req/s | 4xx/5xx | p99 ≤ |")
print("|---|---|---|---|---|")
# Routes the driver itself used while setting up, and the baseline run, are not part of the load.
SETUP = {"/healthz", "/readyz", "/api/v1/records", "/submissions/received", "/metrics", "/complaints/new GET"}
for route in sorted(statuses, key=lambda r: -sum(statuses[r].values())):
    if route in SETUP:
        continue
    total = sum(statuses[route].values())
    errors = sum(n for s, n in statuses[route].items() if s >= 400)
    p99 = next((le for le, n in sorted(buckets.get(route, [])) if n >= 0.99 * total), float("inf"))
    shown = "∞" if p99 == float("inf") else (f"{p99 * 1000:.0f} ms")
    print(f"| `{route}` | {total} | {total / seconds:.1f} | {errors} | {shown} |")
