#!/usr/bin/env bash
# Mixed feed traffic (wrk, 16 connections, RSS/Atom/source feeds/health) for 60 s while 1,000 new seeds arrive in
# the watched folder (half renamed in, half copied in place); then every seed must be accounted for and there must
# be no 5xx and no socket errors. RELIABILITY_SCALE=small: 15 s and 200 seeds.
#   bash bench/reliability/mixed-traffic.sh
#   RELIABILITY_SCALE=small bash bench/reliability/mixed-traffic.sh
source "$(dirname "$0")/../scripts/lib.sh"
build_app
command -v wrk >/dev/null || ensure_apt wrk

if [ "${RELIABILITY_SCALE:-full}" = small ]; then duration=15 seeds=200; else duration=60 seeds=1000; fi
duration=${MIXED_SECONDS:-$duration}
seeds=${MIXED_SEEDS:-$seeds}
watched="$BENCH_WORK/seeds"
mkdir -p "$watched"
cp "$BENCH_ROOT"/seeds/* "$watched/"
corpus=$(bench_tool gen-seeds --count 0 --out "$BENCH_WORK/unused" | python3 -c 'import json,sys; print(json.load(sys.stdin)["corpus"])')
bench_tool gen-seeds --count "$seeds" --out "$BENCH_WORK/staging" >/dev/null

port=$(free_port)
SETTLE_MS=250 RESCAN_MS=5000 start_app "$port" "$watched" "$BENCH_WORK/data"
wait_http "http://127.0.0.1:$port/api/health" 120
wait_health "$port" articles "$corpus" 120

log "wrk: 16 connections, ${duration}s of mixed traffic; $seeds seeds arriving meanwhile"
wrk -t 2 -c 16 -d "${duration}s" --timeout 10s -s "$BENCH_ROOT/bench/reliability/mixed.lua" "http://127.0.0.1:$port" \
  >"$BENCH_WORK/wrk.out" 2>&1 &
wrk_pid=$!
BENCH_PIDS+=("$wrk_pid")

# Deliver the seeds over the first ~70% of the run in batches of 20.
files=("$BENCH_WORK"/staging/bench-*)
batches=$(((${#files[@]} + 19) / 20))
pause=$(python3 -c "print(max(0.05, $duration * 0.7 / $batches))")
start_ingest=$(date +%s.%N)
for ((b = 0; b < batches; b++)); do
  for f in "${files[@]:$((b * 20)):20}"; do
    if ((b % 2 == 0)); then mv "$f" "$watched/"; else cp "$f" "$watched/" && rm "$f"; fi
  done
  sleep "$pause"
done
wait "$wrk_pid" || true
expected=$((corpus + seeds))
ingest_ok=0
wait_health "$port" ingestion.seen "$expected" 600 && ingest_ok=1
ingest_seconds=$(python3 -c "print($(date +%s.%N) - $start_ingest)")
health=$(curl -fsS "http://127.0.0.1:$port/api/health")
rss=$(rss_kib "$(listener_pid "$port")")

python3 - "$(grep '^{' "$BENCH_WORK/wrk.out")" "$health" "$expected" "$ingest_seconds" "$rss" "$duration" "$seeds" "$ingest_ok" <<'PY'
import json, sys
w, h = json.loads(sys.argv[1]), json.loads(sys.argv[2])
expected, ingest_seconds, rss, duration, seeds, ingest_ok = int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), sys.argv[6], int(sys.argv[7]), sys.argv[8] == "1"
i = h["ingestion"]
socket_errors = w["connect_errors"] + w["read_errors"] + w["write_errors"] + w["timeouts"]
print(f"\n{duration} s of mixed traffic (16 connections) while {seeds} seeds arrived")
print("| requests | req/s | p50 ms | p99 ms | max ms | 2xx | 4xx | 5xx | socket errors |")
print("|---|---|---|---|---|---|---|---|---|")
print(f"| {w['requests']} | {w['rps']:.0f} | {w['p50_ms']:.1f} | {w['p99_ms']:.1f} | {w['max_ms']:.0f} | {w['s2xx']} | {w['s4xx']} | {w['s5xx']} | {socket_errors} |")
print(f"\nseeds seen {i['seen']} of {expected} (ingested {i['ingested']}, rejected {i['rejected']}); articles {h['articles']}; "
      f"all accounted for after {ingest_seconds:.1f} s; resident memory {rss / 1024:.0f} MiB")
ok = ingest_ok and i["seen"] == expected and i["rejected"] == 0 and h["articles"] == expected and w["s5xx"] == 0 and socket_errors == 0
print("RESULT:", "PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
