#!/usr/bin/env bash
# Rendering comparison: FeedRelay's FeedWriter against the npm package feed@6.0.0 on the identical 50 items
# (exported from FeedRelay as JSON), each timed inside its own runtime around a loop of N renders after a warm-up.
#   bash bench/scripts/render-vs-node-feed.sh
#   RENDER_ITERATIONS=300 RENDER_ROUNDS=1 bash bench/scripts/render-vs-node-feed.sh
# The two sides alternate for RENDER_ROUNDS rounds (default 3) and the fastest round of each side is kept, which
# filters out the other load of a shared machine. FeedRelay runs three ways each round (render-loop --cache):
#   cold     no cache: every item built and escaped on every render (the same work as feed's);
#   one-new  a FeedItemCache (64 MiB) and one article newer than the last render's each time: the rebuild after one
#            new article, 1 item built and 49 copied as cached UTF-8 fragments;
#   warm     the same cache and the same 50 articles every time: a rebuild in which no item changed.
source "$(dirname "$0")/lib.sh"

ITERATIONS=${RENDER_ITERATIONS:-1000}
# 1,000 warm-up renders: with 200 (60 ms of .NET renders) the timed loop began before tiered compilation had optimised the writers.
WARMUP=${RENDER_WARMUP:-1000}
ROUNDS=${RENDER_ROUNDS:-3}
ensure_node_modules "$BENCH_SCRIPTS/node"

items="$BENCH_WORK/items.json"
bench_tool export-items --count 50 --out "$items" >/dev/null
lines=()
for format in rss atom json; do
  if ! bench_tool render-loop --items "$items" --format "$format" --iterations 1 --warmup 0 >/dev/null 2>&1; then
    log "FeedRelay has no $format writer in this build: skipped"
    continue
  fi
  for ((round = 1; round <= ROUNDS; round++)); do
    cs=$(bench_tool render-loop --items "$items" --format "$format" --iterations "$ITERATIONS" --warmup "$WARMUP")
    node_result=$(node "$BENCH_SCRIPTS/node/render-feed.mjs" "$items" "$format" "$ITERATIONS" "$WARMUP")
    one_new=$(bench_tool render-loop --items "$items" --format "$format" --iterations "$ITERATIONS" --warmup "$WARMUP" --cache one-new)
    warm=$(bench_tool render-loop --items "$items" --format "$format" --iterations "$ITERATIONS" --warmup "$WARMUP" --cache warm)
    for row in "$cs" "$node_result" "$one_new" "$warm"; do echo "round $round $row"; done
    lines+=("$cs" "$node_result" "$one_new" "$warm")
  done
done

python3 - "$(nproc)" "$ITERATIONS" "${lines[@]}" <<'PY'
import json, sys
cpus, iterations = sys.argv[1:3]
best = {}
for row in map(json.loads, sys.argv[3:]):
    key = (row["format"], row["renderer"])
    if key not in best or row["perRenderUs"] < best[key]["perRenderUs"]:
        best[key] = row
print(f"\n50 items, {iterations} renders per run after warm-up, timed inside each runtime, fastest of the alternating rounds; {cpus} cores")
print("| format | node feed µs | FeedRelay cold µs | cold speed-up | one new item µs | speed-up | no change µs | speed-up | KB allocated per render (cold / one new / no change) | bytes (FeedRelay / feed) |")
print("|---|---|---|---|---|---|---|---|---|---|")
for fmt in ["rss", "atom", "json"]:
    node = best.get((fmt, "node feed@6.0.0"))
    cold = best.get((fmt, "FeedRelay FeedWriter"))
    one = best.get((fmt, "FeedRelay FeedWriter, cache one-new"))
    warm = best.get((fmt, "FeedRelay FeedWriter, cache warm"))
    if not (node and cold and one and warm):
        continue
    n = node["perRenderUs"]
    kb = " / ".join(f"{r['allocatedBytesPerRender'] / 1024:.0f}" for r in (cold, one, warm))
    print(f"| {fmt} | {n:.0f} | {cold['perRenderUs']:.0f} | {n / cold['perRenderUs']:.2f}× | {one['perRenderUs']:.0f} | {n / one['perRenderUs']:.2f}× "
          f"| {warm['perRenderUs']:.0f} | {n / warm['perRenderUs']:.2f}× | {kb} | {cold['bytes']} / {node['bytes']} |")
PY
