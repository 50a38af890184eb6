#!/usr/bin/env bash
# Azurite stopped and restarted mid-ingest: FeedRelay on the Azure Storage backend (FeedRelay__Storage__Kind=Azure,
# FeedRelay__Storage__ConnectionString with explicit loopback Azurite endpoints) ingests 1,000 seeds from the watched folder (100 with
# RELIABILITY_SCALE=small); when a third is in, Azurite is stopped for 10 s and started again on the same data.
# Afterwards, and again after a FeedRelay restart (reading only from Azurite), every seed must be an article.
#   bash bench/reliability/azurite-restart.sh
source "$(dirname "$0")/../scripts/lib.sh"
source "$(dirname "$0")/store.sh"
build_app
here="$BENCH_ROOT/bench/reliability"
ensure_node_modules "$here/node"

if [ "${RELIABILITY_SCALE:-full}" = small ]; then seeds=100; else seeds=1000; fi
seeds=${AZURITE_SEEDS:-$seeds}
down=${AZURITE_DOWN_SECONDS:-10}
bench_tool gen-seeds --count "$seeds" --out "$BENCH_WORK/staging" >/dev/null
mkdir -p "$BENCH_WORK/seeds" "$BENCH_WORK/azurite"

blob=$(free_port) queue=$(free_port) table=$(free_port)
start_azurite() {
  "$here/node/node_modules/.bin/azurite" --silent --location "$BENCH_WORK/azurite" --debug "$BENCH_WORK/azurite-debug.log" \
    --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
    --tableHost 127.0.0.1 --tablePort "$table" --skipApiVersionCheck >>"$BENCH_WORK/azurite.log" 2>&1 &
  AZURITE_PID=$!
  BENCH_PIDS+=("$AZURITE_PID")
  local i
  for ((i = 0; i < 200; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$blob") 2>/dev/null && return 0
    sleep 0.1
  done
  log "Azurite did not start"; return 1
}
# Graceful first (Azurite saves its metadata on the way out), killed if it takes longer than 15 s to close.
stop_azurite() {
  local i
  kill "$AZURITE_PID" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do kill -0 "$AZURITE_PID" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$AZURITE_PID" 2>/dev/null; then log "Azurite still closing after 15 s: killed"; kill -9 "$AZURITE_PID"; fi
  wait "$AZURITE_PID" 2>/dev/null || true
}
start_azurite
# The development storage account's key is public and documented; it only works against the emulator.
key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
connection="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"
storage_env=(FeedRelay__Storage__Kind=Azure FeedRelay__Storage__ConnectionString="$connection")

port=$(free_port)
start_app "$port" "$BENCH_WORK/seeds" "$BENCH_WORK/data" "${storage_env[@]}"
wait_http "http://127.0.0.1:$port/api/health" 120

# Seeds arrive in batches of 20 in the background; Azurite is stopped once a third of them are in.
(
  files=("$BENCH_WORK"/staging/bench-*)
  for ((b = 0; b * 20 < ${#files[@]}; b++)); do
    mv "${files[@]:$((b * 20)):20}" "$BENCH_WORK/seeds/"
    sleep "${AZURITE_BATCH_PAUSE:-0.5}"
  done
) &
mover=$!
BENCH_PIDS+=("$mover")
stopped_at=0
for ((i = 0; i < 2400; i++)); do
  seen=$(health_field "$port" ingestion.seen 2>/dev/null || echo 0)
  [ "$seen" -ge $((seeds / 3)) ] && { stopped_at=$seen; break; }
  sleep 0.25
done
log "stopping Azurite after $stopped_at seeds; down for ${down}s while seeds keep arriving"
stop_azurite
wait "$AZURITE_PID" 2>/dev/null || true
sleep "$down"
start_azurite
log "Azurite restarted"
wait "$mover" || true
wait_health "$port" ingestion.seen "$seeds" 600 || true
first=$(curl -fsS "http://127.0.0.1:$port/api/health" || echo '{}')
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true

log "restarting FeedRelay over the same Azurite (watcher off): the articles must come from Azurite"
port=$(free_port)
start_app "$port" "" "$BENCH_WORK/data-empty" "${storage_env[@]}"
wait_http "http://127.0.0.1:$port/api/health" 120
second=$(curl -fsS "http://127.0.0.1:$port/api/health" || echo '{}')
# The local database holds only the seeds ledger with the Azure backend: its articles table must stay empty.
local_files=$(db_count "$BENCH_WORK/data" articles)
[ "$local_files" -lt 0 ] && local_files=0
azurite_requests=$(grep -c 'RequestMethod=' "$BENCH_WORK/azurite-debug.log" 2>/dev/null || true)
# The exit trap's plain SIGTERM + wait can hang on Azurite 3.37 after a full run.
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
stop_azurite

python3 - "$first" "$second" "$seeds" "${stopped_at:-0}" "$down" "$local_files" "$azurite_requests" <<'PY'
import json, sys
first, second = json.loads(sys.argv[1]), json.loads(sys.argv[2])
seeds, stopped_at, down, local_files, azurite_requests = (int(x or 0) for x in sys.argv[3:8])
i = first.get("ingestion", {})
print(f"\n{seeds} seeds; Azurite stopped after {stopped_at} seeds for {down} s, then restarted on the same data")
print(f"during the run: seen {i.get('seen')}, ingested {i.get('ingested')}, rejected {i.get('rejected')}, articles {first.get('articles')}")
print(f"after a FeedRelay restart reading from Azurite: articles {second.get('articles')}")
print(f"Azurite requests logged: {azurite_requests}; articles in the local SQLite store: {local_files}")
if azurite_requests == 0 or local_files > 0:
    print("RESULT: NOT RUN - FeedRelay did not store in Azurite: this build has no Azure Storage backend, or it is not "
          "configured by FeedRelay__Storage__Kind=Azure and FeedRelay__Storage__ConnectionString")
    sys.exit(2)
ok = i.get("seen") == seeds and i.get("rejected") == 0 and first.get("articles") == seeds and second.get("articles") == seeds
print("RESULT:", "PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
