#!/usr/bin/env bash
# Ingestion into Azure storage from one instance (issue 14), on a fresh in-memory Azurite:
#   floor    - bench tool put-floor-azure: Azurite's own ceiling for conditional uploads of new ~9 KB blobs, 128 at once
#   import   - `FeedRelay.Server import <folder>` with FeedRelay__Storage__Kind=Azure: AZURE_IMPORT_FILES (default 3,000) real
#              seed files (gen-seeds) into an empty account; files/s and the storage requests it printed, plus the CPU
#              seconds the import process and Azurite used
#   again    - the same import over a new data folder (empty ledger): every article already stored (unchanged)
#   sqlite   - the same import into SQLite, for the parse/prepare-bound rate on the same machine at the same time
#   store    - bench tool ingest-azure --batch 256 --parallel 4: IngestBatchAsync of prepared seeds only (no parsing in the timing)
#   single   - bench tool ingest-azure --parallel 16: one IngestAsync per seed, as the Functions blob trigger does
#   bash bench/scripts/azure-ingest.sh
source "$(dirname "$0")/lib.sh"

FILES=${AZURE_IMPORT_FILES:-3000}
build_bench_tool
build_app
azurite="$BENCH_ROOT/.tools/azurite/node_modules/azurite/dist/src/azurite.js"
[ -f "$azurite" ] || npm install --prefix "$BENCH_ROOT/.tools/azurite" --no-audit --no-fund --silent azurite@3.37.0
blob=$(free_port) queue=$(free_port) table=$(free_port)
node "$azurite" --silent --inMemoryPersistence --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
  --tableHost 127.0.0.1 --tablePort "$table" --skipApiVersionCheck --loose --disableProductStyleUrl --disableTelemetry \
  >"$BENCH_WORK/azurite.log" 2>&1 &
AZURITE_PID=$!
BENCH_PIDS+=("$AZURITE_PID")
for ((i = 0; i < 300; i++)); do (exec 3<>"/dev/tcp/127.0.0.1/$table") 2>/dev/null && break; sleep 0.1; done
KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
CONNECTION="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$KEY;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"
cpu() { awk '{printf "%.2f", ($14 + $15 + $16 + $17) / 100}' "/proc/$1/stat"; }
seeds="$BENCH_WORK/seeds"
bench_tool gen-seeds --count "$FILES" --out "$seeds" >/dev/null
cat "$seeds"/* >/dev/null

echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "floor: $(bench_tool put-floor-azure --connection "$CONNECTION" --count 3000 --parallel 128)"

# import LABEL DATA [ENV...]: prints seconds, files/s, the summary and storage lines, the import's and Azurite's CPU seconds
import_run() {
  local label=$1 data=$2 t0 t1 a0 a1 out
  shift 2
  a0=$(cpu "$AZURITE_PID")
  t0=$(date +%s.%N)
  out=$( { /usr/bin/time -f "cpu %U %S" env "$@" $APP_CMD import "$seeds" "--FeedRelay:DataPath=$data" 2>&1; } | tr '\r' '\n' \
    | grep -E '^Imported|^Storage requests|^cpu ' | tr '\n' ' ')
  t1=$(date +%s.%N)
  a1=$(cpu "$AZURITE_PID")
  python3 -c "s = $t1 - $t0; print(f'$label: {s:.1f} s, {$FILES / s:.0f} files/s; ' + '''$out'''.strip() + f'; Azurite cpu {$a1 - $a0:.1f} s; load $(cut -d' ' -f1 /proc/loadavg)')"
}
import_run import "$BENCH_WORK/data-a" FeedRelay__Storage__Kind=Azure "FeedRelay__Storage__ConnectionString=$CONNECTION"
import_run again "$BENCH_WORK/data-b" FeedRelay__Storage__Kind=Azure "FeedRelay__Storage__ConnectionString=$CONNECTION"
import_run sqlite "$BENCH_WORK/data-s" FeedRelay__Storage__Kind=Sqlite
echo "store: $(bench_tool ingest-azure --connection "$CONNECTION" --count 3001 --from 2000000 --batch 256 --parallel 4)"
echo "single: $(bench_tool ingest-azure --connection "$CONNECTION" --count 1001 --from 3000000 --parallel 16)"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
