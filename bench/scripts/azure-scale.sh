#!/usr/bin/env bash
# Azure at any size: generates synthetic articles straight into an in-memory Azurite (gen-azure: the Azure store's
# UpsertManyAsync, batches of 200, 4 at once), and at each size starts a FRESH server process over that account
# (FeedRelay__Storage__Kind=Azure, no seeds folder) COLD_RUNS times, measuring process start to first byte of
# /api/feeds/all.rss, the storage requests it sent until then (counted by proxies in azure_coldstart.py) and its RSS.
# After each generation step the materialised feed documents are rebuilt once (materialise-azure, as the rebuild trigger
# would after a burst), so the cold start measures the materialised path ("cold"); "cold-missing" measures the same
# request when the feeds container holds nothing (built on demand from the index, as before materialisation).
# Then one instance's ingestion throughput into Azurite (ingest-azure: IngestionService, 16 seeds at once).
#   bash bench/scripts/azure-scale.sh                       # sizes 10000 100000
#   AZURE_SIZES="10000 100000 200000" COLD_RUNS=3 bash bench/scripts/azure-scale.sh
source "$(dirname "$0")/lib.sh"

SIZES=${AZURE_SIZES:-"10000 100000"}
RUNS=${COLD_RUNS:-5}
INGEST=${AZURE_INGEST_SEEDS:-3000}
build_bench_tool
build_app

azurite="$BENCH_ROOT/.tools/azurite/node_modules/azurite/dist/src/azurite.js"
if [ ! -f "$azurite" ]; then
  log "installing azurite into .tools/azurite"
  npm install --prefix "$BENCH_ROOT/.tools/azurite" --no-audit --no-fund --silent azurite@3.37.0
fi
blob=$(free_port) queue=$(free_port) table=$(free_port)
# In memory: Azurite's disk persistence re-serialises its whole metadata database every 5 s, which stalls it at this size.
NODE_OPTIONS=--max-old-space-size=16384 node "$azurite" --silent --inMemoryPersistence --blobHost 127.0.0.1 --blobPort "$blob" \
  --queueHost 127.0.0.1 --queuePort "$queue" --tableHost 127.0.0.1 --tablePort "$table" --skipApiVersionCheck --loose \
  --disableProductStyleUrl --disableTelemetry >"$BENCH_WORK/azurite.log" 2>&1 &
AZURITE_PID=$!
BENCH_PIDS+=("$AZURITE_PID")
for ((i = 0; i < 300; i++)); do (exec 3<>"/dev/tcp/127.0.0.1/$table") 2>/dev/null && break; sleep 0.1; done
KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
CONNECTION="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$KEY;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"

stored=0
BASE_URL=${AZURE_BASE_URL:-http://feeds.bench.example/}
for size in $SIZES; do
  log "generating articles $stored..$size into Azurite"
  gen=$(bench_tool gen-azure --connection "$CONNECTION" --from "$stored" --count $((size - stored)) --batch 200 --writers 4)
  echo "gen $size: $gen"
  stored=$size
  azurite_rss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$AZURITE_PID/status")
  echo "materialise $size: $(bench_tool materialise-azure --connection "$CONNECTION" --base-url "$BASE_URL")"
  result=$(FeedRelay__PublicBaseUrl="$BASE_URL" python3 "$BENCH_SCRIPTS/azure_coldstart.py" "$size" "$RUNS" /api/feeds/all.rss "$blob" "$queue" "$table" -- $APP_CMD)
  echo "cold $size: $result (Azurite RSS ${azurite_rss} MiB)"
  # An empty feeds container, and no rebuild within the run: the first byte is built from the index on demand.
  missing=$(FeedRelay__PublicBaseUrl="$BASE_URL" FeedRelay__Storage__FeedsContainer=feeds-missing FeedRelay__Feeds__RebuildDelayMs=600000 \
    python3 "$BENCH_SCRIPTS/azure_coldstart.py" "$size-missing" "$RUNS" /api/feeds/all.rss "$blob" "$queue" "$table" -- $APP_CMD)
  echo "cold-missing $size: $missing"
  echo "query $size: $(bench_tool query-azure --connection "$CONNECTION" --limit 50 --runs 3)"
done

log "ingesting $INGEST seeds through IngestionService"
echo "ingest: $(bench_tool ingest-azure --connection "$CONNECTION" --count "$INGEST" --parallel 16)"
