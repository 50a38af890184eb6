#!/usr/bin/env bash
# The watched folder's ingest rate: WATCH_SEEDS (default 2,000) gen-seeds files moved into the watched folder at once,
# timed from the move until /api/health's ingestion.seen reaches the count, over SQLite and over Azurite
# (FeedRelay__Storage__Kind=Azure; a fresh in-memory Azurite per run). Every app of WATCH_APPS (label=published
# FeedRelay.Server executable, space-separated) runs once per backend per round, alternately, WATCH_ROUNDS rounds
# (default 2), so that a loaded machine weighs on all alike. With WATCH_COUNT_REQUESTS=1 Azurite runs with --debug and the
# storage requests of the ingest are counted (its debug log has one RequestMethod= line per request; the logging slows
# Azurite, so such rounds are for counting, not for timing). The server's CPU seconds over the ingest (utime + stime) are
# printed too: unlike the rates, they hardly depend on what else the machine runs.
#   WATCH_APPS="before=/tmp/before/FeedRelay.Server after=/tmp/after/FeedRelay.Server" bash bench/scripts/watch-batch.sh
source "$(dirname "$0")/lib.sh"

SEEDS=${WATCH_SEEDS:-2000}
ROUNDS=${WATCH_ROUNDS:-2}
BACKENDS=${WATCH_BACKENDS:-"sqlite azure"}
node_dir="$BENCH_ROOT/bench/reliability/node"
ensure_node_modules "$node_dir"
pristine="$BENCH_WORK/pristine"
bench_tool gen-seeds --count "$SEEDS" --out "$pristine" >/dev/null
KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

seen() { curl -fsS "http://127.0.0.1:$1/api/health" 2>/dev/null | grep -o '"seen":[0-9]*' | cut -d: -f2 || echo 0; }
cpu() { awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$1/stat" 2>/dev/null || echo 0; }
requests() { grep -c 'RequestMethod=' "$1" 2>/dev/null || echo 0; }

# run LABEL APP BACKEND: one ingest of the seeds into a fresh data folder (and a fresh Azurite); prints one result line.
run() {
  local label=$1 app=$2 backend=$3 dir="$BENCH_WORK/run-$RANDOM" env=() azurite_pid="" debug=() r0=0 r1=0 n=0
  mkdir -p "$dir/seeds"
  cp -r "$pristine" "$dir/staging"
  if [ "$backend" = azure ]; then
    local blob queue table
    blob=$(free_port) queue=$(free_port) table=$(free_port)
    [ "${WATCH_COUNT_REQUESTS:-0}" = 1 ] && debug=(--debug "$dir/azurite-debug.log")
    "$node_dir/node_modules/.bin/azurite" --silent --inMemoryPersistence "${debug[@]}" --blobHost 127.0.0.1 --blobPort "$blob" \
      --queueHost 127.0.0.1 --queuePort "$queue" --tableHost 127.0.0.1 --tablePort "$table" --skipApiVersionCheck \
      --disableTelemetry >"$dir/azurite.log" 2>&1 &
    azurite_pid=$!
    BENCH_PIDS+=("$azurite_pid")
    for ((i = 0; i < 300; i++)); do (exec 3<>"/dev/tcp/127.0.0.1/$table") 2>/dev/null && break; sleep 0.1; done
    env=(FeedRelay__Storage__Kind=Azure "FeedRelay__Storage__ConnectionString=DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$KEY;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;")
  fi
  local port
  port=$(free_port)
  APP_CMD=$app RESCAN_MS=60000 start_app "$port" "$dir/seeds" "$dir/data" "${env[@]}"
  wait_http "http://127.0.0.1:$port/api/health" 120
  sleep 2 # start-up work (feed rebuilds, queue creation) out of the timing
  r0=$(requests "$dir/azurite-debug.log")
  local load t0 t1 c0 c1
  load=$(cut -d' ' -f1 /proc/loadavg)
  c0=$(cpu "$APP_PID")
  t0=$(date +%s.%N)
  mv "$dir/staging/"* "$dir/seeds/"
  for ((i = 0; i < 6000; i++)); do
    n=$(seen "$port")
    [ "${n:-0}" -ge "$SEEDS" ] && break
    sleep 0.05
  done
  t1=$(date +%s.%N)
  c1=$(cpu "$APP_PID")
  r1=$(requests "$dir/azurite-debug.log")
  kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
  if [ -n "$azurite_pid" ]; then kill "$azurite_pid"; wait "$azurite_pid" 2>/dev/null || true; fi
  python3 -c "
s = $t1 - $t0; r = $r1 - $r0
req = f', {r} requests, {r / $SEEDS:.2f} per seed' if r else ''
print(f'$label $backend: seen ${n:-0}/$SEEDS in {s:.1f} s, {$SEEDS / s:.0f} files/s{req}, server CPU {$c1 - $c0:.1f} s (load before {$load})')"
  rm -rf "$dir"
}

echo "$(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
for ((round = 1; round <= ROUNDS; round++)); do
  for backend in $BACKENDS; do
    for app in ${WATCH_APPS:?WATCH_APPS=label=path ...}; do
      run "${app%%=*}" "${app#*=}" "$backend"
    done
  done
done
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
