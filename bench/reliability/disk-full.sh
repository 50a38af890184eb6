#!/usr/bin/env bash
# Disk full mid-ingest: the data folder (feedrelay.db) is on a small tmpfs (a loop-mounted ext4 image when tmpfs is
# refused); a filler file leaves DISK_HEADROOM_KB free, then M seeds (2,000; 400 with RELIABILITY_SCALE=small)
# arrive in the watched folder (on the normal disk). The store runs out of space mid-ingest: the log must name the
# error, /api/health must say "degraded", PRAGMA integrity_check must stay ok, feeds must keep answering; when the
# filler is deleted, ingestion must resume by itself and account for every file. Needs root (mount).
#   bash bench/reliability/disk-full.sh
#   RELIABILITY_SCALE=small bash bench/reliability/disk-full.sh
source "$(dirname "$0")/../scripts/lib.sh"
source "$(dirname "$0")/store.sh"
build_app

if [ "${RELIABILITY_SCALE:-full}" = small ]; then seeds=400 headroom=1024; else seeds=2000 headroom=4096; fi
seeds=${DISK_SEEDS:-$seeds}
headroom=${DISK_HEADROOM_KB:-$headroom}
size_mb=${DISK_SIZE_MB:-64}
bench_tool gen-seeds --count "$seeds" --out "$BENCH_WORK/staging" >/dev/null
mkdir -p "$BENCH_WORK/seeds"
data="$BENCH_WORK/data"
mkdir -p "$data"
not_run() { echo "RESULT: NOT RUN - $*"; exit 2; }
[ "$(id -u)" = 0 ] || not_run "needs root to mount a small filesystem"
kind=tmpfs
if ! mount -t tmpfs -o "size=${size_mb}m" tmpfs "$data" 2>"$BENCH_WORK/mount.err"; then
  log "tmpfs refused ($(cat "$BENCH_WORK/mount.err")); trying a loop-mounted ext4 image"
  kind=ext4-loop
  truncate -s "${size_mb}M" "$BENCH_WORK/disk.img" && mkfs.ext4 -q "$BENCH_WORK/disk.img" \
    && mount -o loop "$BENCH_WORK/disk.img" "$data" 2>>"$BENCH_WORK/mount.err" || not_run "mount refused: $(tail -1 "$BENCH_WORK/mount.err")"
fi
unmount() { umount -l "$data" 2>/dev/null || true; }
trap 'unmount; cleanup' EXIT

port=$(free_port)
APP_LOG_LEVEL=Warning start_app "$port" "$BENCH_WORK/seeds" "$data"
wait_http "http://127.0.0.1:$port/api/health" 120
applog="$BENCH_WORK/app-$port.log"
avail_kb=$(df -k --output=avail "$data" | tail -1)
fill_kb=$((avail_kb - headroom))
fallocate -l "${fill_kb}K" "$data/filler" 2>/dev/null || dd if=/dev/zero of="$data/filler" bs=1K count="$fill_kb" status=none
log "$kind of ${size_mb} MiB: filler of $((fill_kb / 1024)) MiB leaves $(df -k --output=avail "$data" | tail -1) KiB; $seeds seeds arrive"

# A feed request every 100 ms for the whole run.
python3 "$BENCH_ROOT/bench/reliability/pinger.py" "http://127.0.0.1:$port/api/feeds/all.rss" "$BENCH_WORK/pings.txt" "$BENCH_WORK/stop-pings" &
pinger=$!
BENCH_PIDS+=("$pinger")
mv "$BENCH_WORK"/staging/* "$BENCH_WORK/seeds/"
files=$(find "$BENCH_WORK/seeds" -type f | wc -l)

# Wait for the first sign of a full disk: health degraded, or the ledger stalls below the file count for 20 s.
degraded_health="" full_at=""
last=-1 still=0
for ((i = 0; i < 600; i++)); do
  h=$(curl -fsS "http://127.0.0.1:$port/api/health" 2>/dev/null || echo '{}')
  if [ "$(json_get "$h" status 2>/dev/null)" = degraded ]; then degraded_health=$h; full_at=$(date +%s); break; fi
  n=$(db_count "$data" seeds)
  [ "$n" -ge "$files" ] && break
  if [ "$n" = "$last" ]; then still=$((still + 1)); else still=0 last=$n; fi
  [ "$still" -ge 80 ] && break
  sleep 0.25
done
sleep 5 # let it retry against the full disk for a while
during=$(curl -fsS "http://127.0.0.1:$port/api/health" 2>/dev/null || echo '{}')
ledger_full=$(db_count "$data" seeds)
integrity_full=$(db_integrity "$data")
log "disk full: ledger $ledger_full of $files; integrity $integrity_full; freeing space"
rm -f "$data/filler"
freed_at=$(date +%s)
resumed=0
wait_ledger "$data" "$files" 600 && resumed=1
resume_seconds=$(($(date +%s) - freed_at))
sleep 3
after=$(curl -fsS "http://127.0.0.1:$port/api/health" 2>/dev/null || echo '{}')
touch "$BENCH_WORK/stop-pings"; wait "$pinger" 2>/dev/null || true
alive=0; kill -0 "$APP_PID" 2>/dev/null && alive=1
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
integrity_end=$(db_integrity "$data")
articles=$(db_count "$data" articles)
errors=$(grep -ciE 'no space|disk is full|SQLITE_FULL|database or disk is full' "$applog" || true)
example=$(grep -iE -m1 'no space|disk is full|SQLITE_FULL' "$applog" | cut -c1-240 || true)

python3 - "$kind" "$size_mb" "$headroom" "$files" "$ledger_full" "$integrity_full" "$during" "${degraded_health:-{\}}" \
  "$resumed" "$resume_seconds" "$after" "$integrity_end" "$articles" "$errors" "$example" "$alive" "$BENCH_WORK/pings.txt" \
  "$(db_count "$data" seeds)" <<'PY'
import json, sys
(kind, size_mb, headroom, files, ledger_full, integrity_full, during, first_degraded, resumed, resume_seconds, after,
 integrity_end, articles, errors, example, alive, pings, ledger_end) = sys.argv[1:19]
during, after, first_degraded = json.loads(during), json.loads(after), json.loads(first_degraded)
codes = {}
for line in open(pings):
    c = line.split()[1]
    codes[c] = codes.get(c, 0) + 1
fails = sum(n for c, n in codes.items() if c not in ("200", "304"))
print(f"\ndata folder on a {size_mb} MiB {kind}, {headroom} KiB left free by a filler; {files} seeds arrive")
print(f"while full: ledger {ledger_full} of {files}; PRAGMA integrity_check {integrity_full}; health status "
      f"{during.get('status')}, parts {during.get('parts')}")
print(f"log lines naming the full disk: {errors}; e.g. {example!r}")
print(f"after freeing the space: resumed by itself {'yes' if resumed == '1' else 'NO'} in {resume_seconds} s; ledger {ledger_end} of {files}; "
      f"articles {articles}; health {after.get('status')} {after.get('parts')}; integrity at the end {integrity_end}")
print(f"feed requests every 100 ms: {sum(codes.values())}, by answer {codes}, failures {fails}; server alive: {alive == '1'}")
ok = (int(ledger_full) < int(files) and integrity_full == "ok" and during.get("status") == "degraded" and int(errors) > 0
      and resumed == "1" and integrity_end == "ok" and after.get("status") == "ok" and fails == 0 and alive == "1")
if int(ledger_full) >= int(files):
    print("the disk never filled: raise DISK_SEEDS or lower DISK_HEADROOM_KB")
print("RESULT:", "PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
