#!/usr/bin/env bash
# XSS vectors: every vector of xss-vectors.txt (OWASP XSS Filter Evasion Cheat Sheet) dropped into the watched
# folder in both seed formats (body; some also in title, author, categories and link), then the served feeds
# (RSS, Atom, JSON when present) and every article page are scanned for anything executable (xss_scan.py).
#   bash bench/reliability/xss.sh
source "$(dirname "$0")/../scripts/lib.sh"
build_app
here="$BENCH_ROOT/bench/reliability"

count=$(python3 "$here/xss_seeds.py" "$here/xss-vectors.txt" "$BENCH_WORK/seeds")
port=$(free_port)
start_app "$port" "$BENCH_WORK/seeds" "$BENCH_WORK/data" FeedRelay__FeedItemLimit=500
wait_http "http://127.0.0.1:$port/api/health" 120
wait_health "$port" ingestion.seen "$count" 300
health=$(curl -fsS "http://127.0.0.1:$port/api/health")
log "health: $health"
status=0
python3 "$here/xss_scan.py" "http://127.0.0.1:$port" >"$BENCH_WORK/scan.json" || status=$?
cat "$BENCH_WORK/scan.json"
python3 - "$health" "$count" "$(cat "$BENCH_WORK/scan.json")" <<'PY'
import json, sys
h, count, s = json.loads(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3])
i = h["ingestion"]
print(f"\n{count} XSS seeds: {i['ingested']} ingested, {i['rejected']} rejected; scanned {s['documents']} feed documents, "
      f"{s['items']} items, {s['html fragments']} HTML fragments, {s['article pages']} article pages: "
      f"{s['findings']} executable findings, {s['warnings']} warnings")
print("RESULT:", "PASS" if s["findings"] == 0 else "FAIL")
PY
exit "$status"
