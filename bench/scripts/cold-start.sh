#!/usr/bin/env bash
# Cold start: process start to the first byte of /api/feeds/all.rss, for the published self-contained ReadyToRun
# app, next to the framework-dependent JIT build (`dotnet FeedRelay.dll`) measured the same way in the same run.
# The app is build/publish.sh's artifacts/app when that script exists; otherwise this script publishes it itself
# (dotnet publish -r linux-x64 --self-contained -p:PublishReadyToRun=true) into artifacts/bench-app.
#   bash bench/scripts/cold-start.sh            # 7 starts per scenario
#   COLD_RUNS=3 bash bench/scripts/cold-start.sh
source "$(dirname "$0")/lib.sh"

RUNS=${COLD_RUNS:-7}
if [ -n "${FEEDRELAY_APP:-}" ]; then
  published=$(realpath "$FEEDRELAY_APP")
else
  log "dotnet publish src/FeedRelay.Server -r linux-x64 --self-contained -p:PublishReadyToRun=true"
  dotnet publish "$BENCH_ROOT/src/FeedRelay.Server" -c Release -r linux-x64 --self-contained -p:PublishReadyToRun=true \
    -o "$BENCH_ROOT/artifacts/bench-app" -nologo -v quiet >"$BENCH_WORK/publish.log" 2>&1 || { cat "$BENCH_WORK/publish.log" >&2; exit 1; }
  published="$BENCH_ROOT/artifacts/bench-app/FeedRelay.Server"
fi
unset FEEDRELAY_APP
build_app # the framework-dependent Release build, for comparison

bench_tool gen-store --data "$BENCH_WORK/store" --count 50 --ingest 50 >/dev/null
mkdir -p "$BENCH_WORK/empty"
# gen-store writes the legacy file store, which the server imports into feedrelay.db on its first open. Do that import
# once here (an import of an empty folder), so that every measured start opens an existing SQLite store instead of
# migrating 50 articles again (each start gets a fresh copy of the store).
"$published" import "$BENCH_WORK/empty" --FeedRelay:DataPath="$BENCH_WORK/store" >"$BENCH_WORK/migrate.log" 2>&1 \
  || { cat "$BENCH_WORK/migrate.log" >&2; exit 1; }
results=()
# Warm the page cache for both binaries so that each scenario measures process start, not the first disk read.
for scenario in "r2r-store:$published:$BENCH_WORK/store:" "jit-store:$APP_CMD:$BENCH_WORK/store:" \
                "r2r-seeds:$published::$BENCH_ROOT/seeds" "jit-seeds:$APP_CMD::$BENCH_ROOT/seeds"; do
  IFS=: read -r name cmd data seeds <<<"$scenario"
  python3 "$BENCH_SCRIPTS/coldstart.py" warmup 1 /api/feeds/all.rss "$data" "$seeds" -- $cmd >/dev/null
  result=$(python3 "$BENCH_SCRIPTS/coldstart.py" "$name" "$RUNS" /api/feeds/all.rss "$data" "$seeds" -- $cmd)
  echo "$result"
  results+=("$result")
done

python3 - "$(nproc)" "$published" "${results[@]}" <<'PY'
import json, sys
cpus, app = sys.argv[1:3]
rows = {r["scenario"]: r for r in map(json.loads, sys.argv[3:])}
labels = {"r2r-store": "published ReadyToRun, store of 50 articles", "jit-store": "dotnet FeedRelay.dll (JIT), store of 50 articles",
          "r2r-seeds": "published ReadyToRun, empty store + seeds/ watched", "jit-seeds": "dotnet FeedRelay.dll (JIT), empty store + seeds/ watched"}
print(f"\nprocess start to first byte of /api/feeds/all.rss; {cpus} cores; published app: {app}")
print("| scenario | runs | status | first byte median ms | min | max | whole feed median ms |")
print("|---|---|---|---|---|---|---|")
for key, label in labels.items():
    r = rows[key]
    print(f"| {label} | {r['runs']} | {', '.join(r['statuses'])} | {r['firstByteMedianMs']:.0f} | {r['firstByteMinMs']:.0f} | {r['firstByteMaxMs']:.0f} | {r['completeMedianMs']:.0f} |")
print(f"\nReadyToRun vs JIT (store): {rows['r2r-store']['firstByteMedianMs'] / rows['jit-store']['firstByteMedianMs']:.2f}×")
PY
