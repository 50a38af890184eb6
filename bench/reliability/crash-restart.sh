#!/usr/bin/env bash
# kill -9 mid-ingest: the server ingests M seeds (5,000; 500 with RELIABILITY_SCALE=small) from its watched folder
# with translation on (fake_translator.py, no faults), the files arriving in N+1 parts (one more before every start),
# and is killed with SIGKILL at N random moments (20; 4 small) while it works on them,
# each followed by a restart over the same folder and database. At the end: every file in the seeds ledger
# (ledger rows = files, ingested + unchanged + rejected), PRAGMA integrity_check = ok, the article count equal to an
# uninterrupted run's over the same seeds, nothing left in the translation queue, as many articles left untranslated as
# the uninterrupted run left (none lost between storing an article and queueing it), and no text billed twice except
# one that was in flight at a kill (billed in the 10 s before it: the answer can be lost with the process).
#   bash bench/reliability/crash-restart.sh
#   RELIABILITY_SCALE=small bash bench/reliability/crash-restart.sh
source "$(dirname "$0")/../scripts/lib.sh"
source "$(dirname "$0")/store.sh"
build_app
here="$BENCH_ROOT/bench/reliability"

if [ "${RELIABILITY_SCALE:-full}" = small ]; then seeds=500 kills=4; else seeds=5000 kills=20; fi
seeds=${CRASH_SEEDS:-$seeds}
kills=${CRASH_KILLS:-$kills}
RANDOM=${CRASH_RANDOM_SEED:-15}
bench_tool gen-seeds --count "$seeds" --out "$BENCH_WORK/seeds" >/dev/null
files=$(find "$BENCH_WORK/seeds" -type f | wc -l)
# The killed run gets the same files in N+1 parts, one more before every start, so that every kill hits work in progress.
mkdir -p "$BENCH_WORK/staging" "$BENCH_WORK/watched"
cp "$BENCH_WORK"/seeds/* "$BENCH_WORK/staging/"
staged=("$BENCH_WORK"/staging/*)
part=$(((files + kills) / (kills + 1)))

tport=$(free_port)
FAULTS="" python3 "$here/fake_translator.py" "$tport" >"$BENCH_WORK/translator.log" 2>&1 &
BENCH_PIDS+=("$!")
wait_http "http://127.0.0.1:$tport/stats" 20
translation_env=(FeedRelay__Translation__Endpoint="http://127.0.0.1:$tport" FeedRelay__Translation__Key=fake-key
  FeedRelay__Translation__Region=local FeedRelay__Translation__ParkedRetryMs=2000
  FeedRelay__Translation__MaxParkedRetryMs=8000 FeedRelay__Translation__PollIntervalMs=500)

# 1. The uninterrupted run (its own database, same seeds, same translator).
log "uninterrupted run over $files files"
data0="$BENCH_WORK/data-uninterrupted"
t0=$(date +%s.%N)
port=$(free_port)
start_app "$port" "$BENCH_WORK/seeds" "$data0" "${translation_env[@]}"
wait_http "http://127.0.0.1:$port/api/health" 120
wait_ledger "$data0" "$files" 1200 || true
wait_translated "$data0" 600 || true
clean_seconds=$(python3 -c "print(round($(date +%s.%N) - $t0, 1))")
# A kill falls 0.5..gap seconds after the restart answers: gap = 1.5 × the uninterrupted time of one part, so kills
# land all through ingestion and translation of the part (CRASH_MAX_GAP overrides).
gap=${CRASH_MAX_GAP:-$(python3 -c "print(round(max(2, 1.5 * $clean_seconds / ($kills + 1)), 1))")}
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
clean_articles=$(db_count "$data0" articles)
untranslated_sql="select count(*) from articles where level = 'untranslated' and coalesce(language_base, '') <> 'en'"
clean_untranslated=$(db "$data0" "$untranslated_sql")
curl -fsS "http://127.0.0.1:$tport/stats" >"$BENCH_WORK/clean-stats.json"
curl -fsS -X POST "http://127.0.0.1:$tport/reset" >/dev/null

# 2. The same ingest killed N times.
data="$BENCH_WORK/data"
: >"$BENCH_WORK/kills.txt"
for ((k = 1; k <= kills; k++)); do
  mv "${staged[@]:$(((k - 1) * part)):part}" "$BENCH_WORK/watched/"
  port=$(free_port)
  start_app "$port" "$BENCH_WORK/watched" "$data" "${translation_env[@]}"
  wait_http "http://127.0.0.1:$port/api/health" 120 || { log "restart $k did not answer"; break; }
  delay=$(python3 -c "import random; random.seed($RANDOM); print(round(random.uniform(0.5, $gap), 2))")
  sleep "$delay"
  pid=$(listener_pid "$port")
  ledger=$(db_count "$data" seeds) articles=$(db_count "$data" articles) queue=$(db_count "$data" translation_queue)
  kill -9 "${pid:-$APP_PID}" 2>/dev/null || true
  kill -9 "$APP_PID" 2>/dev/null || true
  wait "$APP_PID" 2>/dev/null || true
  printf '%s %s %s\n' "$(date +%s.%N)" "$delay" "$ledger" >>"$BENCH_WORK/kills.txt"
  log "kill -9 $k/$kills after ${delay}s (ledger $ledger of $files, articles $articles, translation queue $queue)"
done
log "final restart: the last part arrives; let it finish"
rest=("$BENCH_WORK"/staging/*)
[ -e "${rest[0]}" ] && mv "${rest[@]}" "$BENCH_WORK/watched/"
port=$(free_port)
start_app "$port" "$BENCH_WORK/watched" "$data" "${translation_env[@]}"
wait_http "http://127.0.0.1:$port/api/health" 120
wait_ledger "$data" "$files" 1200 || true
wait_translated "$data" 600 || true
health=$(curl -fsS "http://127.0.0.1:$port/api/health" || echo '{}')
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
curl -fsS "http://127.0.0.1:$tport/stats" >"$BENCH_WORK/crash-stats.json"

python3 - "$BENCH_WORK" "$files" "$clean_articles" "$clean_seconds" "$health" "$kills" \
  "$(db_integrity "$data")" "$(db_count "$data" seeds)" "$(db_count "$data" articles)" "$(db_count "$data" translation_queue)" \
  "$(db "$data" 'select outcome, count(*) from seeds group by outcome' | tr '\n' ' ')" \
  "$(db "$data" "select count(*) from seeds where outcome <> 2 and article_id not in (select id from articles)")" \
  "$(db_count "$data" quarantine)" "$gap" "$clean_untranslated" "$(db "$data" "$untranslated_sql")" <<'PY'
import json, sys
work, files, clean_articles, clean_seconds, health, kills = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], json.loads(sys.argv[5]), int(sys.argv[6])
integrity, ledger, articles, queue, outcomes, dangling, quarantined = sys.argv[7], int(sys.argv[8]), int(sys.argv[9]), int(sys.argv[10]), sys.argv[11], int(sys.argv[12]), int(sys.argv[13])
gap = sys.argv[14]
clean_untranslated, untranslated = int(sys.argv[15]), int(sys.argv[16])
kill_times = [float(l.split()[0]) for l in open(f"{work}/kills.txt")]
stats = json.load(open(f"{work}/crash-stats.json", encoding="utf-8"))
clean = json.load(open(f"{work}/clean-stats.json", encoding="utf-8"))
by_outcome = {int(o): int(n) for o, n in (p.split("|") for p in outcomes.split())}

def twice(s):
    first, dup, dup_chars, excused = {}, 0, 0, 0
    for text, at in zip(s["translated"], s.get("translatedAt", [0] * len(s["translated"]))):
        if text in first:
            dup += 1
            dup_chars += len(text)
            if any(0 <= k - first[text] <= 10 for k in kill_times):
                excused += 1
        else:
            first[text] = at
    return dup, dup_chars, excused, sum(len(t) for t in first)

cdup, cchars, _, cdistinct = twice(clean)
dup, dup_chars, excused, distinct = twice(stats)
print(f"\n{files} seed files, {kills} kill -9s at random moments (0.5..{gap} s after each restart answered; one more part of the files arrives before each start), then a final restart")
print(f"uninterrupted run: {clean_articles} articles in {clean_seconds} s, {clean['billedCharacters']} characters billed, texts billed twice {cdup}")
print(f"killed run: ledger rows {ledger} of {files} files (by outcome {by_outcome}: 1 ingested, 2 rejected, 3 unchanged); "
      f"ingested rows whose article is missing {dangling}; quarantined {quarantined}")
print(f"articles {articles} (uninterrupted {clean_articles}); PRAGMA integrity_check: {integrity}; translation queue left: {queue}; "
      f"articles not in English left untranslated {untranslated} (uninterrupted {clean_untranslated})")
print(f"characters billed {stats['billedCharacters']} for {distinct} distinct characters "
      f"({stats['billedCharacters'] / max(1, distinct):.3f}×); texts billed twice {dup} ({dup_chars} characters), "
      f"of which in flight at a kill {excused}; translator requests by outcome {stats['byOutcome']}")
print(f"health after the final restart: {health.get('status')} {health.get('parts')}")
ok = (ledger == files and integrity == "ok" and articles == clean_articles and dangling == 0 and queue == 0
      and untranslated == clean_untranslated and dup - excused == 0 and clean_articles > 0)
print("RESULT:", "PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
