#!/usr/bin/env bash
# A watched folder of WATCH_FILES seed files (default 1,000,000; bench tool gen-seeds), imported once with the import
# command, then the server started over it with the folder watched (FeedRelay__SeedsPath, the default safety rescan of
# 1 h) under `strace -f -e trace=openat`: restart to first feed byte, opens of files under the folder (must be 0),
# /api/health ingestion.seen (must be 0), then idle CPU over 60 s from /proc/PID/stat utime+stime once the start-up
# rescan (stat only) is over, and resident memory.
#   bash bench/scripts/sqlite-watch.sh
#   WATCH_FILES=100000 bash bench/scripts/sqlite-watch.sh
source "$(dirname "$0")/lib.sh"
build_app
FILES=${WATCH_FILES:-1000000}
seeds="$BENCH_WORK/watched"
data="$BENCH_WORK/data"
t0=$(date +%s.%N)
bench_tool gen-seeds --count "$FILES" --out "$seeds" >/dev/null
t1=$(date +%s.%N)
log "gen-seeds $FILES in $(python3 -c "print(round($t1 - $t0))") s; importing"
summary=$($APP_CMD import "$seeds" "--FeedRelay:DataPath=$data" 2>&1 | tr '\r' '\n' | grep '^Imported' || true)
t2=$(date +%s.%N)
log "import: $summary"
import_s=$(python3 -c "print(round($t2 - $t1, 1))")

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
port=$(free_port)
trace="$BENCH_WORK/openat.trace"
saved_cmd=$APP_CMD
APP_CMD="strace -f -qq -e trace=openat -o $trace $saved_cmd"
started=$(date +%s.%N)
RESCAN_MS=3600000 start_app "$port" "$seeds" "$data"
APP_CMD=$saved_cmd
first=$(python3 "$BENCH_SCRIPTS/sqlite_probe.py" first-byte "http://127.0.0.1:$port/api/feeds/all.rss" "$started")
pid=$(listener_pid "$port" || true) # `head` in listener_pid may SIGPIPE under pipefail
# Wait until the start-up rescan (stat of every file) is over: two quiet 5 s windows in a row.
hz=$(getconf CLK_TCK)
quiet=0
for ((i = 0; i < 120 && quiet < 2; i++)); do
  a=$(cpu_ticks "$pid"); sleep 5; b=$(cpu_ticks "$pid")
  if [ $((b - a)) -le $((hz / 10)) ]; then quiet=$((quiet + 1)); else quiet=0; fi
done
settle_s=$(python3 -c "print(round($(date +%s.%N) - $started - 10))")
a=$(cpu_ticks "$pid"); sleep 60; b=$(cpu_ticks "$pid")
idle_pct=$(python3 -c "print(round(($b - $a) / $hz / 60 * 100, 3))")
seen=$(health_field "$port" ingestion.seen)
articles=$(health_field "$port" articles)
rss=$(rss_kib "$pid")
opens=$(grep -c "openat(.*\"$seeds/" "$trace" || true)
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
echo
echo "| seed files | import s | restart→first feed byte s (under strace) | start-up rescan s | idle CPU % of a core (60 s) | opens under the folder | ingestion.seen | articles | RSS MiB |"
echo "|---|---|---|---|---|---|---|---|---|"
echo "| $FILES | $import_s | $(json_get "$first" firstByteSeconds) | ~$settle_s | $idle_pct | $opens | $seen | $articles | $((rss / 1024)) |"
echo "import summary: $summary"
