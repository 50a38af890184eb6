#!/usr/bin/env bash
# Bulk import end to end (SQLite storage included) vs its floor, side by side in one run on the same seed files:
# IMPORT_FILES (default 10,000) real seed files (bench tool gen-seeds: variants of the corpus), then
#   floor   - bench tool parse-floor: read + one AngleSharp HtmlParser.ParseDocument of each whole file, Parallel.ForEach
#   import  - `FeedRelay.Server import <folder>` into an empty data folder (process start and summary included)
#   floor   - again, after the import, to show the floor's own spread
#   rerun   - the same import again over the same data folder (every file unchanged: the ledger skip)
#   kill -9 - an import into another empty data folder killed at a random moment, then run to completion; checked
#             against the uninterrupted import: every file accounted for, PRAGMA integrity_check, equal article counts.
#   bash bench/scripts/sqlite-import.sh
#   IMPORT_FILES=2000 bash bench/scripts/sqlite-import.sh
source "$(dirname "$0")/lib.sh"
build_app
FILES=${IMPORT_FILES:-10000}
seeds="$BENCH_WORK/seeds"
log "gen-seeds $FILES"
bench_tool gen-seeds --count "$FILES" --out "$seeds" >/dev/null
du_seeds=$(du -sm "$seeds" | cut -f1)

# import DATA: runs the import command; prints "<seconds> <summary line>"
import_run() {
  local data=$1 t0 t1 out
  t0=$(date +%s.%N)
  out=$($APP_CMD import "$seeds" "--FeedRelay:DataPath=$data" 2>&1 | tr '\r' '\n' | grep -E '^Imported|^  rejected' | tr '\n' ' ')
  t1=$(date +%s.%N)
  echo "$(python3 -c "print(round($t1 - $t0, 3))") $out"
}
count() { sqlite3 "$1/feedrelay.db" 'select count(*) from articles'; }

# Warm the page cache for both contenders.
cat "$seeds"/* >/dev/null
floor1=$(bench_tool parse-floor --seeds "$seeds")
log "floor $floor1"
read -r import_s import_summary < <(import_run "$BENCH_WORK/data-a")
log "import $import_s s: $import_summary"
floor2=$(bench_tool parse-floor --seeds "$seeds")
log "floor $floor2"
read -r rerun_s rerun_summary < <(import_run "$BENCH_WORK/data-a")
log "rerun $rerun_s s: $rerun_summary"
articles_a=$(count "$BENCH_WORK/data-a")
db_mib=$(du -sm "$BENCH_WORK/data-a" | cut -f1)

# kill -9 at a random moment between 10% and 80% of the uninterrupted import's time, then run to completion.
kill_at=$(python3 -c "import random; print(round(random.uniform(0.1, 0.8) * $import_s, 2))")
$APP_CMD import "$seeds" "--FeedRelay:DataPath=$BENCH_WORK/data-b" >"$BENCH_WORK/killed.log" 2>&1 &
victim=$!
sleep "$kill_at"
real=$(pgrep -P "$victim" || true)
kill -9 "$victim" $real 2>/dev/null || true
wait "$victim" 2>/dev/null || true
before=$(count "$BENCH_WORK/data-b" 2>/dev/null || echo 0)
read -r resume_s resume_summary < <(import_run "$BENCH_WORK/data-b")
log "killed at $kill_at s with $before articles stored; resume $resume_s s: $resume_summary"
integrity=$(sqlite3 "$BENCH_WORK/data-b/feedrelay.db" 'PRAGMA integrity_check')
articles_b=$(count "$BENCH_WORK/data-b")

python3 - "$FILES" "$du_seeds" "$floor1" "$floor2" "$import_s" "$import_summary" "$rerun_s" "$rerun_summary" "$articles_a" "$db_mib" \
  "$kill_at" "$before" "$resume_s" "$resume_summary" "$integrity" "$articles_b" <<'PY'
import json, re, sys
files, seeds_mib, f1, f2, imp_s, imp, rerun_s, rerun, arts_a, db_mib, kill_at, before, res_s, res, integ, arts_b = sys.argv[1:]
files = int(files); f1, f2 = json.loads(f1), json.loads(f2)
def summary(line):
    m = re.search(r"Imported ([\d,]+) files .*?: ([\d,]+) ingested, ([\d,]+) unchanged, ([\d,]+) rejected", line)
    return [int(x.replace(",", "")) for x in m.groups()] if m else None
imp_s, rerun_s, res_s = float(imp_s), float(rerun_s), float(res_s)
floor_s = min(f1["seconds"], f2["seconds"])
print(f"\n{files:,} seed files ({seeds_mib} MiB), 2 cores shared")
print("| run | seconds | files/s | summary (files, ingested, unchanged, rejected) |")
print("|---|---|---|---|")
print(f"| floor: AngleSharp parse of each file, Parallel.ForEach (before) | {f1['seconds']:.2f} | {f1['filesPerSecond']:.0f} | |")
print(f"| import into an empty data folder | {imp_s:.2f} | {files / imp_s:.0f} | {summary(imp)} |")
print(f"| floor (after) | {f2['seconds']:.2f} | {f2['filesPerSecond']:.0f} | |")
print(f"| import again, all unchanged | {rerun_s:.2f} | {files / rerun_s:.0f} | {summary(rerun)} |")
print(f"| import killed -9 at {kill_at} s ({before} articles in), then run again | {res_s:.2f} | | {summary(res)} |")
print(f"\nimport ÷ floor (faster floor run): {imp_s / floor_s:.2f}× (goal ≤ 3×); database {db_mib} MiB, {arts_a} articles")
s = summary(res)
ok = s is not None and s[0] == files and s[1] + s[2] + s[3] == files and integ.strip() == "ok" and arts_a == arts_b
print(f"kill -9: every file accounted for {s is not None and s[0] == files and sum(s[1:]) == files}, integrity_check {integ.strip()}, "
      f"articles {arts_b} vs uninterrupted {arts_a}: {'PASS' if ok else 'FAIL'}")
PY
