#!/usr/bin/env bash
# kill -9 at a random moment of a bulk import (`FeedRelay.Server import <folder>` into SQLite), then the same command run
# to completion, compared with an uninterrupted import of the same seeds into another data folder: every file accounted
# for (ingested + unchanged + rejected = files), PRAGMA integrity_check = ok, and the same article count.
# 3,000 seeds, three kills in a row before the completing run (500 seeds, one kill with RELIABILITY_SCALE=small).
#   bash bench/reliability/import-kill.sh
source "$(dirname "$0")/../scripts/lib.sh"
build_app
if [ "${RELIABILITY_SCALE:-full}" = small ]; then seeds_n=500; kills=1; else seeds_n=3000; kills=3; fi
seeds="$BENCH_WORK/seeds"
bench_tool gen-seeds --count "$seeds_n" --out "$seeds" >/dev/null
summary() { "$@" 2>&1 | tr '\r' '\n' | grep '^Imported' || true; }
t0=$(date +%s.%N)
ref=$(summary $APP_CMD import "$seeds" "--FeedRelay:DataPath=$BENCH_WORK/ref")
full_s=$(python3 -c "print($(date +%s.%N) - $t0)")
log "uninterrupted: $ref"
for ((k = 1; k <= kills; k++)); do
  at=$(python3 -c "import random; print(round(random.uniform(0.05, 0.7) * $full_s, 2))")
  $APP_CMD import "$seeds" "--FeedRelay:DataPath=$BENCH_WORK/killed" >/dev/null 2>&1 &
  victim=$!
  sleep "$at"
  kill -9 "$victim" 2>/dev/null || true
  wait "$victim" 2>/dev/null || true
  log "kill -9 $k at $at s: $(sqlite3 "$BENCH_WORK/killed/feedrelay.db" 'select count(*) from articles' 2>/dev/null || echo '?') articles stored"
done
final=$(summary $APP_CMD import "$seeds" "--FeedRelay:DataPath=$BENCH_WORK/killed")
log "completing run: $final"
integrity=$(sqlite3 "$BENCH_WORK/killed/feedrelay.db" 'PRAGMA integrity_check')
a=$(sqlite3 "$BENCH_WORK/ref/feedrelay.db" 'select count(*) from articles')
b=$(sqlite3 "$BENCH_WORK/killed/feedrelay.db" 'select count(*) from articles')
python3 - "$seeds_n" "$final" "$integrity" "$a" "$b" <<'PY'
import re, sys
files, final, integrity, a, b = sys.argv[1:]
m = re.search(r"Imported ([\d,]+) files .*?: ([\d,]+) ingested, ([\d,]+) unchanged, ([\d,]+) rejected", final)
n = [int(x.replace(",", "")) for x in m.groups()] if m else None
accounted = n is not None and n[0] == int(files) and n[1] + n[2] + n[3] == int(files)
print(f"\n{files} seeds; completing run: {final or 'no summary'}")
print(f"every file accounted for: {accounted}; integrity_check: {integrity}; articles {b} vs uninterrupted {a}")
ok = accounted and integrity.strip() == "ok" and a == b and int(a) > 0
print("RESULT:", "PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
