#!/usr/bin/env bash
# Rendering comparison: FeedRelay's FeedWriter against the npm package feed@6.0.0 on the identical 50 items
# (exported from FeedRelay as JSON), each timed inside its own runtime around a loop of N renders after a warm-up.
#   bash bench/scripts/render-vs-node-feed.sh
#   RENDER_ITERATIONS=300 RENDER_ROUNDS=1 bash bench/scripts/render-vs-node-feed.sh
# The two sides alternate for RENDER_ROUNDS rounds (default 3) and the fastest round of each side is kept, which
# filters out the other load of a shared machine.
source "$(dirname "$0")/lib.sh"

ITERATIONS=${RENDER_ITERATIONS:-1000}
WARMUP=${RENDER_WARMUP:-200}
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
    echo "round $round $cs"
    echo "round $round $node_result"
    lines+=("$cs" "$node_result")
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
rows = [best[k] for k in sorted(best, key=lambda k: (["rss", "atom", "json"].index(k[0]), not k[1].startswith("FeedRelay")))]
print(f"\n50 items, {iterations} renders per run after warm-up, timed inside each runtime, fastest of the alternating rounds; {cpus} cores")
print("| format | FeedRelay µs/render | node feed µs/render | FeedRelay bytes | feed bytes | FeedRelay speed-up |")
print("|---|---|---|---|---|---|")
for cs, node in zip(rows[0::2], rows[1::2]):
    print(f"| {cs['format']} | {cs['perRenderUs']:.0f} | {node['perRenderUs']:.0f} | {cs['bytes']} | {node['bytes']} | {node['perRenderUs'] / cs['perRenderUs']:.2f}× |")
PY
