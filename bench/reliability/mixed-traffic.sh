#!/usr/bin/env bash
# Mixed traffic while seeds arrive: wrk (mixed.lua, 48 connections each pausing 24 ms between requests, so at most
# 2,000 requests/s) replays a mix written by mixed_paths.py from the running server: RSS/Atom/JSON feeds (all and per
# source), keyword searches (?q=), older pages (?page=), article pages, conditional requests (If-None-Match) and
# /api/health, for 60 s while 10,000 new seeds arrive in the watched folder (half renamed in, half copied in place).
# Then every seed must be in the seeds ledger and there must be no 5xx and no socket errors; p99 is reported.
# A tenth more seeds are ingested before the traffic starts (older pages exist). RELIABILITY_SCALE=small: 20 s and
# 1,000 seeds.
#   bash bench/reliability/mixed-traffic.sh
#   RELIABILITY_SCALE=small bash bench/reliability/mixed-traffic.sh
source "$(dirname "$0")/../scripts/lib.sh"
source "$(dirname "$0")/store.sh"
build_app
command -v wrk >/dev/null || ensure_apt wrk
here="$BENCH_ROOT/bench/reliability"

if [ "${RELIABILITY_SCALE:-full}" = small ]; then duration=20 seeds=1000; else duration=60 seeds=10000; fi
duration=${MIXED_SECONDS:-$duration}
seeds=${MIXED_SEEDS:-$seeds}
conns=${MIXED_CONNECTIONS:-48}
pause=${MIXED_PAUSE_MS:-24}
watched="$BENCH_WORK/seeds"
data="$BENCH_WORK/data"
mkdir -p "$watched"
cp "$BENCH_ROOT"/seeds/* "$watched/"
corpus=$(find "$watched" -type f ! -name README.md ! -name PROVENANCE.md ! -name '.*' | wc -l)
# PRELOAD more seeds (a tenth) are in before the traffic starts, so that feeds have older pages (?page=) to request.
preload=${MIXED_PRELOAD:-$((seeds / 10))}
bench_tool gen-seeds --count "$((seeds + preload))" --out "$BENCH_WORK/staging" >/dev/null
first=("$BENCH_WORK"/staging/bench-*)
[ "$preload" -gt 0 ] && mv "${first[@]:0:preload}" "$watched/"
corpus=$((corpus + preload))

port=$(free_port)
SETTLE_MS=250 RESCAN_MS=5000 start_app "$port" "$watched" "$data"
wait_http "http://127.0.0.1:$port/api/health" 120
wait_ledger "$data" "$corpus" 600
mix=$(python3 "$here/mixed_paths.py" "http://127.0.0.1:$port" "$BENCH_WORK/paths.txt")
log "request mix: $mix"

log "wrk: $conns connections pausing ${pause} ms, ${duration}s of mixed traffic; $seeds seeds arriving meanwhile"
wrk -t 2 -c "$conns" -d "${duration}s" --timeout 10s -s "$here/mixed.lua" "http://127.0.0.1:$port" -- "$BENCH_WORK/paths.txt" "$pause" \
  >"$BENCH_WORK/wrk.out" 2>&1 &
wrk_pid=$!
BENCH_PIDS+=("$wrk_pid")

# Deliver the seeds over the first ~70% of the run in batches of 100.
files=("$BENCH_WORK"/staging/bench-*)
batches=$(((${#files[@]} + 99) / 100))
gap=$(python3 -c "print(max(0.05, $duration * 0.7 / $batches))")
start_ingest=$(date +%s.%N)
for ((b = 0; b < batches; b++)); do
  if ((b % 2 == 0)); then
    mv "${files[@]:$((b * 100)):100}" "$watched/"
  else
    cp "${files[@]:$((b * 100)):100}" "$watched/" && rm "${files[@]:$((b * 100)):100}"
  fi
  sleep "$gap"
done
wait "$wrk_pid" || true
expected=$((corpus + seeds))
ingest_ok=0
wait_ledger "$data" "$expected" 900 && ingest_ok=1
ingest_seconds=$(python3 -c "print($(date +%s.%N) - $start_ingest)")
health=$(curl -fsS "http://127.0.0.1:$port/api/health")
rss=$(rss_kib "$(listener_pid "$port")")
ledger=$(db_count "$data" seeds)
rejected=$(db "$data" 'select count(*) from seeds where outcome = 2')

python3 - "$(grep '^{' "$BENCH_WORK/wrk.out" || echo '{}')" "$health" "$expected" "$ingest_seconds" "$rss" "$duration" "$seeds" "$ingest_ok" "$ledger" "$rejected" "$conns" "$pause" "$mix" <<'PY'
import json, sys
w, h = json.loads(sys.argv[1]), json.loads(sys.argv[2])
expected, ingest_seconds, rss, duration, seeds, ingest_ok = int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), sys.argv[6], int(sys.argv[7]), sys.argv[8] == "1"
ledger, rejected, conns, pause, mix = int(sys.argv[9]), int(sys.argv[10]), sys.argv[11], sys.argv[12], sys.argv[13]
if not w:
    print("wrk printed no summary"); print("RESULT: FAIL"); sys.exit(1)
socket_errors = w["connect_errors"] + w["read_errors"] + w["write_errors"] + w["timeouts"]
print(f"\n{duration} s of mixed traffic ({conns} connections, {pause} ms pause: at most {int(conns) * 1000 // int(pause)} req/s) while {seeds} seeds arrived")
print(f"request mix: {mix}")
print("| requests | req/s | p50 ms | p90 ms | p99 ms | max ms | 2xx | 304 (3xx) | 4xx | 5xx | socket errors |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
print(f"| {w['requests']} | {w['rps']:.0f} | {w['p50_ms']:.1f} | {w['p90_ms']:.1f} | {w['p99_ms']:.1f} | {w['max_ms']:.0f} | {w['s2xx']} | {w['s3xx']} | {w['s4xx']} | {w['s5xx']} | {socket_errors} |")
print(f"\nseeds ledger {ledger} of {expected} files (rejected {rejected}); articles {h['articles']}; "
      f"all accounted for {ingest_seconds:.1f} s after the first arrived; resident memory {rss / 1024:.0f} MiB; health {h.get('status')}")
errors = w["s5xx"] + w["s4xx"] + socket_errors
ok = ingest_ok and ledger == expected and errors == 0
print(f"errors (4xx + 5xx + socket): {errors}")
print("RESULT:", "PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
