#!/usr/bin/env bash
# Scale benchmark: synthetic stores of 1,000 and 100,000 articles, copies of the corpus articles under new links
# and times (bench tool gen-store, which also times 1,000 seed variants through IngestionService: the ingestion
# throughput), then, per size, the server's merged-feed latency (wrk, 1 connection), throughput (wrk, 64
# connections) and resident memory (VmRSS).
#   bash bench/scripts/scale.sh
#   SCALE_SIZES="1000 10000" BENCH_SECONDS=5 bash bench/scripts/scale.sh      # reduced
source "$(dirname "$0")/lib.sh"
build_app

SIZES=${SCALE_SIZES:-1000 100000}
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
command -v wrk >/dev/null || ensure_apt wrk

results=()
for size in $SIZES; do
  log "generating a store of $size articles"
  store_json=$(bench_tool gen-store --data "$BENCH_WORK/store-$size" --count "$size" --ingest 1000)
  echo "store $size $store_json"
  port=$(free_port)
  started=$(date +%s.%N)
  start_app "$port" "" "$BENCH_WORK/store-$size"
  wait_http "http://127.0.0.1:$port/api/feeds/all.rss" 600
  loaded=$(python3 -c "print($(date +%s.%N) - $started)")
  articles=$(health_field "$port" articles)
  pid=$(listener_pid "$port")
  rss_loaded=$(rss_kib "$pid")
  run_wrk "http://127.0.0.1:$port/api/feeds/all.rss" 8 3 >/dev/null
  latency=$(WRK_THREADS=1 run_wrk "http://127.0.0.1:$port/api/feeds/all.rss" 1 "$SECONDS_PER_RUN")
  load=$(run_wrk "http://127.0.0.1:$port/api/feeds/all.rss" 64 "$SECONDS_PER_RUN")
  rss_after=$(rss_kib "$pid")
  echo "latency $size $latency"
  echo "load $size $load"
  results+=("{\"size\":$size,\"articles\":$articles,\"firstFeedSeconds\":$loaded,\"rssLoadedKiB\":$rss_loaded,\"rssAfterLoadKiB\":$rss_after,\"store\":$store_json,\"latency\":$latency,\"load\":$load}")
  kill "$APP_PID"
  wait "$APP_PID" 2>/dev/null || true
  rm -rf "$BENCH_WORK/store-$size"
done

python3 - "$(nproc)" "$SECONDS_PER_RUN" "${results[@]}" <<'PY'
import json, sys
cpus, secs = sys.argv[1:3]
rows = [json.loads(x) for x in sys.argv[3:]]
print(f"\nmerged feed all.rss (50 items); wrk {secs} s per run; {cpus} cores shared with wrk")
print("| articles | start to first feed s | p50 ms (1 conn) | p99 ms (1 conn) | req/s (64 conn) | p99 ms (64 conn) | RSS MiB loaded | RSS MiB after load | ingest articles/s |")
print("|---|---|---|---|---|---|---|---|---|")
for r in rows:
    print(f"| {r['articles']} | {r['firstFeedSeconds']:.1f} | {r['latency']['p50_ms']:.2f} | {r['latency']['p99_ms']:.2f} | {r['load']['rps']:.0f} | "
          f"{r['load']['p99_ms']:.1f} | {r['rssLoadedKiB'] / 1024:.0f} | {r['rssAfterLoadKiB'] / 1024:.0f} | {r['store']['ingestArticlesPerSecond']:.0f} |")
if len(rows) >= 2:
    small, large = rows[0], rows[-1]
    print(f"\n{large['articles']} vs {small['articles']}: p50 latency {large['latency']['p50_ms'] / small['latency']['p50_ms']:.2f}×, "
          f"req/s {large['load']['rps'] / small['load']['rps']:.2f}×, resident memory {large['rssAfterLoadKiB'] / small['rssAfterLoadKiB']:.2f}×")
PY
