#!/usr/bin/env bash
# Rendering comparison: FeedRelay's FeedWriter against the npm package feed@6.0.0 on the identical 50 items
# (exported from FeedRelay as JSON), each timed inside its own runtime around a loop of N renders after a warm-up.
#   bash bench/scripts/render-vs-node-feed.sh
#   RENDER_ITERATIONS=300 bash bench/scripts/render-vs-node-feed.sh
source "$(dirname "$0")/lib.sh"

ITERATIONS=${RENDER_ITERATIONS:-1000}
WARMUP=${RENDER_WARMUP:-200}
ensure_node_modules "$BENCH_SCRIPTS/node"

items="$BENCH_WORK/items.json"
bench_tool export-items --count 50 --out "$items" >/dev/null
lines=()
for format in rss atom json; do
  if ! cs=$(bench_tool render-loop --items "$items" --format "$format" --iterations "$ITERATIONS" --warmup "$WARMUP" 2>/dev/null); then
    log "FeedRelay has no $format writer in this build: skipped"
    continue
  fi
  node_result=$(node "$BENCH_SCRIPTS/node/render-feed.mjs" "$items" "$format" "$ITERATIONS" "$WARMUP")
  echo "$cs"
  echo "$node_result"
  lines+=("$cs" "$node_result")
done

python3 - "$(nproc)" "$ITERATIONS" "${lines[@]}" <<'PY'
import json, sys
cpus, iterations = sys.argv[1:3]
rows = [json.loads(x) for x in sys.argv[3:]]
print(f"\n50 items, {iterations} renders per run after warm-up, timed inside each runtime; {cpus} cores")
print("| format | FeedRelay µs/render | node feed µs/render | FeedRelay bytes | feed bytes | FeedRelay speed-up |")
print("|---|---|---|---|---|---|")
for cs, node in zip(rows[0::2], rows[1::2]):
    print(f"| {cs['format']} | {cs['perRenderUs']:.0f} | {node['perRenderUs']:.0f} | {cs['bytes']} | {node['bytes']} | {node['perRenderUs'] / cs['perRenderUs']:.2f}× |")
PY
